package handlers

import (
	"context"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/puente-science/puente/models"
	"github.com/puente-science/puente/views/pages"
)

// criterionRows is how many rubric rows the form offers: blank ones are
// ignored, so the form works without JavaScript.
const criterionRows = 6

var (
	callCodeRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]{1,39}$`)
)

// readCallForm reads the posted form as typed, for re-rendering.
func readCallForm(c *fiber.Ctx) pages.CallFormView {
	v := pages.CallFormView{Channel: formString(c, "channel"), Code: formString(c, "code"),
		Title: map[string]string{}, Body: map[string]string{},
		OpensDate: formString(c, "opens_date"), OpensTime: formString(c, "opens_time"),
		ClosesDate: formString(c, "closes_date"), ClosesTime: formString(c, "closes_time"),
		Zone: formString(c, "time_zone"), BudgetCap: formString(c, "budget_cap"),
		MinReviews: formString(c, "min_reviews"), Frequency: formString(c, "report_frequency"),
		Types: checkedSet(formValues(c, "types")), Countries: checkedSet(formValues(c, "countries")),
		Disciplines: checkedSet(formValues(c, "disciplines")), Version: formInt(c, "version"),
		Errors: map[string]string{}}
	for _, l := range pages.CallLangs {
		v.Title[l] = formString(c, "title_"+l)
		v.Body[l] = strings.TrimSpace(strings.ReplaceAll(strings.Clone(c.FormValue("body_"+l)), "\r\n", "\n"))
	}
	for i := range criterionRows {
		p := "c" + strconv.Itoa(i) + "_"
		row := pages.CriterionRow{Name: map[string]string{}, Guidance: map[string]string{}, Weight: formString(c, p+"weight")}
		for _, l := range pages.CallLangs {
			row.Name[l], row.Guidance[l] = formString(c, p+"name_"+l), formString(c, p+"guidance_"+l)
		}
		v.Criteria = append(v.Criteria, row)
	}
	return v
}

func checkedSet(vals []string) map[string]bool {
	out := map[string]bool{}
	for _, x := range vals {
		out[x] = true
	}
	return out
}

// callChoices are what the form may choose from, to validate against.
type callChoices struct {
	channels    []models.CallChannel
	countries   map[string]bool
	disciplines map[string]bool
}

// validateCallForm checks v and builds the input to save; errors go into
// v.Errors as message keys by field.
func validateCallForm(ctx context.Context, v *pages.CallFormView, ch callChoices) models.CallInput {
	var in models.CallInput
	e := v.Errors
	call := &in.Call
	var channel *models.CallChannel
	if id, err := strconv.ParseInt(v.Channel, 10, 64); err == nil {
		for i := range ch.channels {
			if ch.channels[i].ID == id {
				channel = &ch.channels[i]
			}
		}
	}
	if channel == nil {
		e["channel"] = requiredOr(v.Channel, "form.invalid_choice")
	} else {
		call.ChannelID, call.Currency = channel.ID, channel.Currency
	}
	call.Code = v.Code
	if !callCodeRE.MatchString(v.Code) {
		e["code"] = requiredOr(v.Code, "call.error.code")
	}
	for _, l := range pages.CallLangs {
		call.Title.Set(l, v.Title[l])
		call.Body.Set(l, v.Body[l])
	}
	if textsLocalized(call.Title) == (models.Localized{}) {
		e["title"] = "call.error.title_required"
	}
	loc, err := time.LoadLocation(v.Zone)
	// Any real zone is accepted: the select offers the usual list plus the
	// call's stored zone, which an older call may have outside the list.
	if v.Zone == "" || v.Zone == "Local" || err != nil {
		e["time_zone"] = requiredOr(v.Zone, "form.invalid_choice")
		loc = time.UTC
	}
	call.TimeZone = v.Zone
	var okOpen, okClose bool
	call.OpensAt, okOpen = parseLocal(v.OpensDate, v.OpensTime, loc)
	call.ClosesAt, okClose = parseLocal(v.ClosesDate, v.ClosesTime, loc)
	if !okOpen {
		e["opens"] = requiredOr(v.OpensDate, "call.error.datetime")
	}
	if !okClose {
		e["closes"] = requiredOr(v.ClosesDate, "call.error.datetime")
	} else if okOpen && !call.ClosesAt.After(call.OpensAt) {
		e["closes"] = "call.error.closes_before_opens"
	}
	for _, t := range models.ProjectTypes {
		if v.Types[string(t)] {
			if channel != nil && !slices.Contains(channel.Types, t) {
				e["types"] = "call.error.type_not_funded"
			}
			in.Types = append(in.Types, t)
		}
	}
	if len(in.Types) != len(v.Types) {
		e["types"] = "form.invalid_choice"
	}
	in.Countries = pickKnown(v.Countries, ch.countries, e, "countries")
	in.Disciplines = pickKnown(v.Disciplines, ch.disciplines, e, "disciplines")
	cap, ok := parseMajor(v.BudgetCap, call.Currency)
	if !ok {
		e["budget_cap"] = requiredOr(v.BudgetCap, "call.error.money")
	}
	call.BudgetCapMinor = cap
	call.MinReviews, err = strconv.Atoi(v.MinReviews)
	if err != nil || call.MinReviews < 1 || call.MinReviews > 5 {
		e["min_reviews"] = requiredOr(v.MinReviews, "call.error.min_reviews")
	}
	call.ReportFrequencyMonths, err = strconv.Atoi(v.Frequency)
	if err != nil || !slices.Contains(models.ReportFrequencies, call.ReportFrequencyMonths) {
		e["report_frequency"] = requiredOr(v.Frequency, "form.invalid_choice")
	}
	in.Criteria = readCriteria(v, e)
	return in
}

// readCriteria turns the filled rubric rows into criteria; a row needs a
// name in some language and a positive whole weight.
func readCriteria(v *pages.CallFormView, e map[string]string) []models.RubricCriterion {
	var out []models.RubricCriterion
	for i, row := range v.Criteria {
		var cr models.RubricCriterion
		blank := row.Weight == ""
		for _, l := range pages.CallLangs {
			cr.Name.Set(l, row.Name[l])
			cr.Guidance.Set(l, row.Guidance[l])
			blank = blank && row.Name[l] == "" && row.Guidance[l] == ""
		}
		if blank {
			continue
		}
		key := "c" + strconv.Itoa(i)
		w, err := strconv.Atoi(row.Weight)
		switch {
		case textsLocalized(cr.Name) == (models.Localized{}):
			e[key], e["criteria"] = "call.error.criterion_name", "call.error.criteria"
		case err != nil || w <= 0 || w > 1000:
			e[key], e["criteria"] = "call.error.weight", "call.error.criteria"
		}
		cr.Weight = w
		out = append(out, cr)
	}
	if len(out) == 0 && e["criteria"] == "" {
		e["criteria"] = "call.error.rubric_required"
	}
	return out
}

func pickKnown(set, known map[string]bool, e map[string]string, field string) []string {
	var out []string
	for k := range set {
		if !known[k] {
			e[field] = "form.invalid_choice"
			continue
		}
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

func requiredOr(value, key string) string {
	if value == "" {
		return "form.required"
	}
	return key
}

// parseLocal reads a date and a time as a wall-clock moment in loc.
func parseLocal(date, clock string, loc *time.Location) (time.Time, bool) {
	t, err := time.ParseInLocation("2006-01-02 15:04", date+" "+clock, loc)
	if err != nil {
		return time.Time{}, false
	}
	return t.UTC(), true
}
