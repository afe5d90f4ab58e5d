package handlers

import (
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"github.com/puente-science/puente/models"
	"github.com/puente-science/puente/views/pages"
)

// readReportForm reads the posted report as typed, for saving or for
// showing again; it returns the spending as typed by category.
func readReportForm(c *fiber.Ctx, v *pages.ReportView) map[string]string {
	v.Version = int(formInt(c, "version"))
	v.Narrative = formText(c, "narrative")
	typed := map[string]string{}
	for _, cat := range models.BudgetCategories {
		typed[string(cat)] = formString(c, "spend_"+string(cat))
	}
	rows := func(name string) int { return min(int(formInt(c, name)), maxOutputRows) }
	v.Pubs, v.Trained, v.Others = nil, nil, nil
	for i := range rows("pub_rows") {
		f := func(n string) string { return formString(c, "pub"+strconv.Itoa(i)+"_"+n) }
		v.Pubs = append(v.Pubs, pages.PubRow{ID: f("id"), Title: f("title"), DOI: f("doi"), Year: f("year"),
			Venue: f("venue"), Coauthored: f("coauthored") != "", Remove: f("remove") != "",
			Countries: checkedSet(nonEmpty(formValues(c, "pub"+strconv.Itoa(i)+"_countries")))})
	}
	for i := range rows("tr_rows") {
		f := func(n string) string { return formString(c, "tr"+strconv.Itoa(i)+"_"+n) }
		v.Trained = append(v.Trained, pages.TrainedRow{ID: f("id"), Level: f("level"), Direction: f("direction"),
			Count: f("count"), Title: f("title"), Year: f("year"), Remove: f("remove") != ""})
	}
	for i := range rows("ot_rows") {
		f := func(n string) string { return formString(c, "ot"+strconv.Itoa(i)+"_"+n) }
		v.Others = append(v.Others, pages.OtherRow{ID: f("id"), Kind: f("kind"), Title: f("title"), Year: f("year"),
			Description: f("description"), URL: f("url"), Remove: f("remove") != ""})
	}
	return typed
}

func nonEmpty(vals []string) []string {
	out := vals[:0]
	for _, v := range vals {
		if v != "" {
			out = append(out, v)
		}
	}
	return out
}

// reportChecker validates a posted report and collects its errors in the
// form's order, so the summary lists them as the page shows the fields.
type reportChecker struct {
	v        *pages.ReportView
	currency string
	maxYear  int
	known    map[string]bool // countries an output may name
}

func (k *reportChecker) fail(field, key string, args ...any) {
	if k.v.Errors[field] != "" {
		return
	}
	k.v.Errors[field] = key
	if len(args) > 0 {
		k.v.ErrArgs[field] = args
	}
	k.v.ErrorOrder = append(k.v.ErrorOrder, field)
}

func (k *reportChecker) text(field, s string, limit int, required bool) {
	switch {
	case s == "" && required:
		k.fail(field, "form.required")
	case utf8.RuneCountInString(s) > limit:
		k.fail(field, "form.too_long")
	}
}

func (k *reportChecker) year(field, s string) int {
	n, err := strconv.Atoi(s)
	switch {
	case s == "":
		k.fail(field, "form.required")
	case err != nil || n < 1900 || n > k.maxYear:
		k.fail(field, "report.error.year", "max", k.maxYear)
	}
	return n
}

// validateReport checks what was typed and builds what to save. DOIs are
// normalised here; whether the project lists them elsewhere is checked
// against the database afterwards (checkDOIs).
func (k *reportChecker) validate(typed map[string]string, submit bool) models.ReportInput {
	v := k.v
	var in models.ReportInput
	in.Narrative = v.Narrative
	if submit && v.Narrative == "" {
		k.fail("narrative", "report.error.narrative_required")
	}
	k.text("narrative", v.Narrative, maxNarrative, false)
	for _, cat := range models.BudgetCategories {
		s := typed[string(cat)]
		if s == "" {
			continue
		}
		field := "spend_" + string(cat)
		if strings.HasPrefix(strings.TrimSpace(s), "-") {
			k.fail(field, "report.error.spending_negative")
			continue
		}
		amount, ok := parseMajor(s, k.currency)
		if !ok {
			k.fail(field, "report.error.money")
			continue
		}
		in.Spending = append(in.Spending, models.ReportSpending{Category: cat, AmountMinor: amount})
	}
	seenDOI := map[string]int{}
	for i := range v.Pubs {
		p := &v.Pubs[i]
		if p.Remove || (p.Title == "" && p.DOI == "" && p.Year == "" && p.Venue == "" && !p.Coauthored && len(p.Countries) == 0) {
			continue
		}
		f := func(n string) string { return "pub" + strconv.Itoa(i) + "_" + n }
		k.text(f("title"), p.Title, maxOutputText, true)
		o := models.Output{ID: rowID(p.ID), Kind: models.OutputPublication, Title: p.Title, Coauthored: p.Coauthored,
			Venue: optionalText(p.Venue)}
		if p.DOI != "" {
			doi, ok := models.NormalizeDOI(p.DOI)
			switch {
			case !ok:
				k.fail(f("doi"), "report.error.doi")
			case seenDOI[doi] > 0:
				k.fail(f("doi"), "report.error.doi_twice", "n", seenDOI[doi])
			default:
				seenDOI[doi] = i + 1
				o.DOI = &doi
			}
		}
		o.Year = k.year(f("year"), p.Year)
		k.text(f("venue"), p.Venue, maxOutputText, false)
		var countries []string
		for iso := range p.Countries {
			if !k.known[iso] {
				k.fail(f("countries"), "form.invalid_choice")
				continue
			}
			countries = append(countries, iso)
		}
		in.Outputs = append(in.Outputs, models.ReportOutput{Output: o, Countries: countries})
	}
	for i, t := range v.Trained {
		if t.Remove || (t.Level == "" && t.Direction == "" && t.Count == "" && t.Title == "" && t.Year == "") {
			continue
		}
		f := func(n string) string { return "tr" + strconv.Itoa(i) + "_" + n }
		o := models.Output{ID: rowID(t.ID), Kind: models.OutputTrainedPeople, Title: t.Title}
		level, dir := models.CareerLevel(t.Level), models.Direction(t.Direction)
		if !level.Valid() {
			k.fail(f("level"), requiredOr(t.Level, "form.invalid_choice"))
		}
		if !dir.Valid() {
			k.fail(f("direction"), requiredOr(t.Direction, "form.invalid_choice"))
		}
		o.CareerLevel, o.Direction = &level, &dir
		n, err := strconv.Atoi(t.Count)
		if err != nil || n < 1 || n > 100000 {
			k.fail(f("count"), requiredOr(t.Count, "report.error.count"))
		}
		o.PeopleCount = &n
		o.Year = k.year(f("year"), t.Year)
		k.text(f("title"), t.Title, maxOutputText, false)
		in.Outputs = append(in.Outputs, models.ReportOutput{Output: o})
	}
	for i, x := range v.Others {
		if x.Remove || (x.Kind == "" && x.Title == "" && x.Year == "" && x.Description == "" && x.URL == "") {
			continue
		}
		f := func(n string) string { return "ot" + strconv.Itoa(i) + "_" + n }
		kind := models.OutputKind(x.Kind)
		if !kind.Valid() || kind == models.OutputPublication || kind == models.OutputTrainedPeople {
			k.fail(f("kind"), requiredOr(x.Kind, "form.invalid_choice"))
		}
		k.text(f("title"), x.Title, maxOutputText, true)
		o := models.Output{ID: rowID(x.ID), Kind: kind, Title: x.Title, Description: optionalText(x.Description),
			URL: optionalText(x.URL)}
		o.Year = k.year(f("year"), x.Year)
		k.text(f("description"), x.Description, maxOutputDetail, false)
		if x.URL != "" && !webURL(x.URL) {
			k.fail(f("url"), "report.error.url")
		}
		in.Outputs = append(in.Outputs, models.ReportOutput{Output: o})
	}
	return in
}

// checkDOIs refuses DOIs another report of the project already lists,
// naming that report.
func (k *reportChecker) checkDOIs(held map[string]models.DOIHolder, title func(models.ReportKind, int) string) {
	for i, p := range k.v.Pubs {
		doi, ok := models.NormalizeDOI(p.DOI)
		if p.Remove || !ok {
			continue
		}
		h, taken := held[doi]
		if !taken {
			continue
		}
		field := "pub" + strconv.Itoa(i) + "_doi"
		if h.Kind != nil && h.Seq != nil {
			k.fail(field, "report.error.doi_taken", "report", title(*h.Kind, *h.Seq))
		} else {
			k.fail(field, "report.error.doi_taken_project")
		}
	}
}

// rowID is the id a row carries: only a saved output's, which the store
// checks belongs to this report.
func rowID(s string) int64 {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 {
		return 0
	}
	return n
}

// webURL accepts an absolute http or https address.
func webURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" && !strings.ContainsAny(s, " \t\n")
}
