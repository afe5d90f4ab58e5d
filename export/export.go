// Package export turns lists of projects into the files other tools read:
// CSV and XLSX tables of any project list, IATI 2.03 activity XML and
// 360Giving JSON of awarded projects. Every writer streams: it takes the
// projects batch by batch from a models.ProjectExport and writes as it
// goes, so memory stays bounded whatever the portfolio's size. Handlers and
// the puente command only choose the projects and the destination.
package export

import (
	"context"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/currency"

	"github.com/puente-science/puente/config"
	"github.com/puente-science/puente/models"
	"github.com/puente-science/puente/workflow"
)

// Source is the ordered list of projects an export writes.
type Source interface {
	Len() int
	Each(ctx context.Context, fn func(*models.ExportProject) error) error
}

// Publisher names who publishes the standards exports.
type Publisher struct {
	OrgRef      string // IATI organisation identifier, e.g. XI-ROR-034t30j35
	OrgType     string // IATI OrganisationType code
	OrgName     string
	GrantPrefix string // 360Giving identifier prefix, e.g. 360G-puente-
}

// PublisherFrom reads the publisher from the configuration, with the
// defaults for settings left empty.
func PublisherFrom(c config.Config) Publisher {
	p := Publisher{OrgRef: c.ReportingOrgRef, OrgType: c.ReportingOrgType, OrgName: c.ReportingOrgName, GrantPrefix: c.GrantPrefix}
	if p.OrgRef == "" {
		p.OrgRef = config.DefaultIATIOrgRef
	}
	if p.OrgType == "" {
		p.OrgType = config.DefaultIATIOrgType
	}
	if p.OrgName == "" {
		p.OrgName = config.DefaultIATIOrgName
	}
	if p.GrantPrefix == "" {
		p.GrantPrefix = config.DefaultGrantPrefix
	}
	return p
}

// PublishedStates are the states whose projects the standards exports
// publish: approved and everything after it.
var PublishedStates = []workflow.State{workflow.Approved, workflow.Active, workflow.Suspended, workflow.Completed, workflow.Terminated}

// PublishedFilter narrows a list filter to published projects, in code
// order. ok is false when the filter's own states leave none.
func PublishedFilter(f models.ProjectFilter) (models.ProjectFilter, bool) {
	var states []workflow.State
	for _, s := range PublishedStates {
		if len(f.States) == 0 || contains(f.States, s) {
			states = append(states, s)
		}
	}
	f.States = states
	f.Sort, f.Desc = "code", false
	return f, len(states) > 0
}

func contains[T comparable](xs []T, x T) bool {
	for _, y := range xs {
		if x == y {
			return true
		}
	}
	return false
}

// scale is the number of minor-unit digits of a currency (2 for CNY and
// USD, 0 for CLP); 2 for a code the library does not know.
func scale(code string) int {
	cur, err := currency.ParseISO(code)
	if err != nil {
		return 2
	}
	s, _ := currency.Standard.Rounding(cur)
	return s
}

// decimal writes minor units as a decimal number in major units, without
// going through floating point: 150000075 CNY is "1500000.75".
func decimal(minor int64, code string) string {
	sc := scale(code)
	neg := minor < 0
	if neg {
		minor = -minor
	}
	digits := strconv.FormatInt(minor, 10)
	if sc > 0 {
		if len(digits) <= sc {
			digits = strings.Repeat("0", sc-len(digits)+1) + digits
		}
		digits = digits[:len(digits)-sc] + "." + digits[len(digits)-sc:]
	}
	if neg {
		return "-" + digits
	}
	return digits
}

// Neutralise keeps a text cell from being read as a formula by a
// spreadsheet (OWASP CSV injection): a value starting with = + - @ tab or
// carriage return gets a leading apostrophe. leadingSpace also looks past
// leading spaces, as spreadsheets do when they open CSV.
func Neutralise(s string, leadingSpace bool) string {
	t := s
	if leadingSpace {
		t = strings.TrimLeft(s, " ")
	}
	if t != "" && strings.ContainsRune("=+-@\t\r", rune(t[0])) {
		return "'" + s
	}
	return s
}

// isoDate is a civil date as YYYY-MM-DD, or "".
func isoDate(d *models.Date) string {
	if d == nil || d.IsZero() {
		return ""
	}
	return d.String()
}

// dayIn is the calendar day of an instant in loc, or nil.
func dayIn(t *time.Time, loc *time.Location) *models.Date {
	if t == nil {
		return nil
	}
	d := models.DateOf(t.In(loc))
	return &d
}

// Filename is the dated name of a download: puente-projects-2026-11-27.csv.
func Filename(what, ext string, now time.Time) string {
	return "puente-" + what + "-" + now.UTC().Format("2006-01-02") + "." + ext
}
