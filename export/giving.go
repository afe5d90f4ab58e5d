package export

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"strconv"
	"time"

	"github.com/puente-science/puente/models"
)

// 360Giving Data Standard JSON: a {"grants": [...]} package of awarded
// projects. Identifiers: a grant is {prefix}{code}; an organisation with a
// ROR id is XI-ROR-{id} (org-id.guide lists ROR), otherwise
// {prefix}org-{institution id}; the funder is the IATI reporting
// organisation. The recipient is the investigator's institution, else the
// project's host; a project with neither names its investigator as a
// recipientIndividual.

// Grant is one 360Giving grant.
type Grant struct {
	ID                    string           `json:"id"`
	Title                 string           `json:"title"`
	Description           string           `json:"description"`
	Currency              string           `json:"currency"`
	AmountAwarded         json.Number      `json:"amountAwarded"`
	AmountDisbursed       *json.Number     `json:"amountDisbursed,omitempty"`
	AwardDate             string           `json:"awardDate"`
	PlannedDates          []PlannedDates   `json:"plannedDates,omitempty"`
	RecipientOrganization []Organization   `json:"recipientOrganization,omitempty"`
	RecipientIndividual   *Organization    `json:"recipientIndividual,omitempty"`
	FundingOrganization   []Organization   `json:"fundingOrganization"`
	BeneficiaryLocation   []Location       `json:"beneficiaryLocation,omitempty"`
	GrantProgramme        []Programme      `json:"grantProgramme,omitempty"`
	Classifications       []Classification `json:"classifications,omitempty"`
	DateModified          string           `json:"dateModified"`
}

// PlannedDates is the period a grant runs.
type PlannedDates struct {
	StartDate string `json:"startDate"`
	EndDate   string `json:"endDate,omitempty"`
}

// Organization is a funder or recipient (or a recipient individual).
type Organization struct {
	ID             string `json:"id"`
	Name           string `json:"name"`
	AddressCountry string `json:"addressCountry,omitempty"`
}

// Location is a beneficiary country.
type Location struct {
	Name        string `json:"name"`
	CountryCode string `json:"countryCode"`
}

// Programme is the call the grant was awarded in, or its funding channel.
type Programme struct {
	Code  string `json:"code,omitempty"`
	Title string `json:"title"`
}

// Classification is a discipline of the grant.
type Classification struct {
	Vocabulary string `json:"vocabulary"`
	Code       string `json:"code"`
	Title      string `json:"title"`
}

// Giving360 writes the awarded projects among src as a 360Giving package,
// streaming one grant at a time.
func Giving360(ctx context.Context, w io.Writer, src Source, pub Publisher, names models.ExportNames) error {
	bw := bufio.NewWriterSize(w, 64<<10)
	if _, err := bw.WriteString("{\"grants\": [\n"); err != nil {
		return err
	}
	first := true
	err := src.Each(ctx, func(p *models.ExportProject) error {
		g, ok := GrantOf(p, pub, names)
		if !ok {
			return nil
		}
		b, err := json.Marshal(g)
		if err != nil {
			return err
		}
		if !first {
			if _, err := bw.WriteString(",\n"); err != nil {
				return err
			}
		}
		first = false
		_, err = bw.Write(b)
		return err
	})
	if err != nil {
		return err
	}
	if _, err := bw.WriteString("\n]}\n"); err != nil {
		return err
	}
	return bw.Flush()
}

// GrantOf is a project as a 360Giving grant; ok is false for a project
// without an award.
func GrantOf(p *models.ExportProject, pub Publisher, names models.ExportNames) (Grant, bool) {
	if p.AwardedMinor == nil {
		return Grant{}, false
	}
	g := Grant{
		ID:                  pub.GrantPrefix + p.Code,
		Title:               p.Title.In("en"),
		Description:         p.Summary.In("en"),
		Currency:            p.Currency,
		AmountAwarded:       json.Number(decimal(*p.AwardedMinor, p.Currency)),
		FundingOrganization: []Organization{{ID: pub.OrgRef, Name: pub.OrgName}},
		DateModified:        p.UpdatedAt.UTC().Format(time.RFC3339),
	}
	if g.Description == "" {
		g.Description = g.Title
	}
	if p.DisbursedMinor > 0 {
		n := json.Number(decimal(p.DisbursedMinor, p.Currency))
		g.AmountDisbursed = &n
	}
	award := fallbackStart(p)
	if p.DecidedAt != nil {
		award = models.DateOf(p.DecidedAt.UTC())
	}
	g.AwardDate = award.String()
	var start, end models.Date
	switch {
	case p.Agreement != nil:
		start, end = p.Agreement.StartsOn, p.Agreement.EndsOn
	case p.PlannedStart != nil && !p.PlannedStart.IsZero():
		start = *p.PlannedStart
		if p.PlannedEnd != nil {
			end = *p.PlannedEnd
		}
	}
	if !start.IsZero() {
		pd := PlannedDates{StartDate: start.String()}
		if !end.IsZero() {
			pd.EndDate = end.String()
		}
		g.PlannedDates = []PlannedDates{pd}
	}
	recipient := p.PIInstitution
	if recipient == nil {
		recipient = p.HostInstitution
	}
	if recipient != nil {
		g.RecipientOrganization = []Organization{{ID: orgID(*recipient, pub), Name: recipient.Name, AddressCountry: recipient.CountryISO2}}
	} else {
		g.RecipientIndividual = &Organization{ID: pub.GrantPrefix + "individual-" + strconv.FormatInt(p.PIUserID, 10), Name: p.PIName}
	}
	for _, c := range p.Countries {
		g.BeneficiaryLocation = append(g.BeneficiaryLocation, Location{Name: countryName(names, c, "en"), CountryCode: c})
	}
	if p.CallCode != "" {
		g.GrantProgramme = []Programme{{Code: p.CallCode, Title: p.CallTitle.In("en")}}
	} else if ch := p.ChannelName.In("en"); ch != "" { // an initiative older than calls: its funding channel
		g.GrantProgramme = []Programme{{Title: ch}}
	}
	for _, d := range p.Disciplines {
		g.Classifications = append(g.Classifications, Classification{Vocabulary: "OECD FORD", Code: d, Title: names.Disciplines[d].In("en")})
	}
	return g, true
}

// orgID is an organisation's identifier: its ROR id when known.
func orgID(in models.ExportInstitution, pub Publisher) string {
	if ror := rorID(in.RORID); ror != "" {
		return "XI-ROR-" + ror
	}
	return pub.GrantPrefix + "org-" + strconv.FormatInt(in.ID, 10)
}
