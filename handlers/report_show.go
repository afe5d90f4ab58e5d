package handlers

import (
	"context"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/puente-science/puente/auth"
	"github.com/puente-science/puente/i18n"
	"github.com/puente-science/puente/models"
	"github.com/puente-science/puente/views/components"
	"github.com/puente-science/puente/views/pages"
)

// Blank rows a report form offers, and how many "add more" adds; blank
// rows are ignored, so several outputs can be added without JavaScript.
const (
	blankPubRows    = 2
	blankOtherRows  = 1
	addRowsStep     = 3
	maxOutputRows   = 100
	maxNarrative    = 20000
	maxOutputText   = 500
	maxOutputDetail = 2000
)

var reportNotices = map[string]string{"saved": "report.notice.saved", "submitted": "report.notice.submitted",
	"accepted": "report.notice.accepted", "revision": "report.notice.revision"}

// otherKinds are the outputs the "other outputs" rows record.
var otherKinds = []models.OutputKind{models.OutputEvent, models.OutputPatent, models.OutputDataset, models.OutputDeliverable}

// loadReport loads the report in the address for those who may read it:
// the project's applicant, officers and directors. Anyone else gets 404.
func (h *Handler) loadReport(c *fiber.Ctx) (*models.ReportPage, error) {
	id, err := paramID(c)
	if err != nil {
		return nil, err
	}
	r, err := h.Store.ReportPageByID(c.UserContext(), id)
	if err != nil {
		return nil, err
	}
	if !permOf(c).Can(auth.ViewReport, auth.Record{OwnerID: r.PIUserID}) {
		return nil, h.deny(c)
	}
	return r, nil
}

func (h *Handler) showReport(c *fiber.Ctx) error {
	r, err := h.loadReport(c)
	if err != nil {
		return err
	}
	v, err := h.reportView(c, r)
	if err != nil {
		return err
	}
	reportFromStore(c.UserContext(), &v, r)
	v.Notice = reportNotices[c.Query("done")]
	return render(c, pages.ReportPage(v))
}

// reportEditable reports whether the reader may write the report now.
func reportEditable(c *fiber.Ctx, r *models.ReportPage) bool {
	return r.Open() && permOf(c).Can(auth.WriteReport, auth.Record{OwnerID: r.PIUserID})
}

// reportView builds what every view of the report shows besides its
// content: the header, the review, and the form's choices.
func (h *Handler) reportView(c *fiber.Ctx, r *models.ReportPage) (pages.ReportView, error) {
	ctx := c.UserContext()
	lang := string(i18n.LangOf(ctx))
	loc := readerLocation(c)
	today := models.DateOf(h.Now().In(loc))
	v := pages.ReportView{ID: r.ID, ProjectID: r.ProjectID, ProjectCode: r.ProjectCode, Kind: string(r.Kind), Seq: r.Seq,
		Status: string(r.Status), Version: r.Version, Currency: r.Currency, Overdue: r.Overdue(today),
		Due: i18n.Date(ctx, r.DueOn.Time()), Period: periodText(ctx, r.PeriodStart, r.PeriodEnd),
		Errors: map[string]string{}, ErrArgs: map[string][]any{}}
	v.ProjectTitle, v.ProjectTitleLang = r.ProjectTitle.In(lang, r.ProjectLang)
	if r.Status == models.ReportDue || r.Status == models.ReportRevisionRequested {
		v.DueNote, _ = dueNote(ctx, today, r.DueOn)
	}
	if r.SubmittedAt != nil {
		v.Submitted = i18n.DateTime(ctx, *r.SubmittedAt, loc)
	}
	if r.ReviewedAt != nil {
		v.Reviewed = i18n.DateTime(ctx, *r.ReviewedAt, loc)
	}
	if r.ReviewerName != nil {
		v.Reviewer = *r.ReviewerName
	}
	if r.ReviewComment != nil {
		if r.Status == models.ReportRevisionRequested {
			v.RevisionComment = *r.ReviewComment
		} else if r.Status == models.ReportAccepted {
			v.AcceptComment = *r.ReviewComment
		}
	}
	v.Editable = reportEditable(c, r)
	v.Reviewable = r.Status == models.ReportSubmitted && permOf(c).Can(auth.ReviewReport, auth.Record{})
	// The read-only view names countries from the same choices.
	err := h.reportOptions(ctx, &v, r)
	return v, err
}

// reportOptions fills the form's choices: the project's countries and
// China as checkboxes, every other country in a list.
func (h *Handler) reportOptions(ctx context.Context, v *pages.ReportView, r *models.ReportPage) error {
	lang := i18n.LangOf(ctx)
	countries, err := h.Store.AllCountries(ctx)
	if err != nil {
		return err
	}
	near := map[string]bool{"CN": true}
	for _, pc := range r.Countries {
		near[pc.ISO2] = true
		v.CountryOpts = append(v.CountryOpts, components.Option{Value: pc.ISO2, Label: pc.Name.In(string(lang))})
	}
	for _, co := range countries {
		opt := components.Option{Value: co.ISO2, Label: co.Name.In(string(lang))}
		switch {
		case co.ISO2 == "CN":
			v.CountryOpts = append(v.CountryOpts, opt)
		case !near[co.ISO2]:
			v.MoreCountryOpts = append(v.MoreCountryOpts, opt)
		}
	}
	sortOptions(v.MoreCountryOpts, lang)
	for _, l := range models.CareerLevels {
		v.LevelOpts = append(v.LevelOpts, components.Option{Value: string(l), Label: i18n.T(ctx, "career."+string(l))})
	}
	for _, d := range models.Directions {
		v.DirOpts = append(v.DirOpts, components.Option{Value: string(d), Label: i18n.T(ctx, "application.direction."+string(d))})
	}
	for _, k := range otherKinds {
		v.OtherKindOpts = append(v.OtherKindOpts, components.Option{Value: string(k), Label: i18n.T(ctx, "output.one."+string(k))})
	}
	return nil
}

// reportFromStore fills the content with what is saved; an open form gets
// blank rows to add outputs.
func reportFromStore(ctx context.Context, v *pages.ReportView, r *models.ReportPage) {
	if r.Narrative != nil {
		v.Narrative = *r.Narrative
	}
	typed := map[string]string{}
	for cat, amount := range r.Spent {
		typed[string(cat)] = localMajorInput(ctx, amount, r.Currency)
	}
	lang := string(i18n.LangOf(ctx))
	names := map[string]string{}
	for _, pc := range r.Countries {
		names[pc.ISO2] = pc.Name.In(lang)
	}
	for _, o := range r.Outputs {
		id, year := strconv.FormatInt(o.ID, 10), strconv.Itoa(o.Year)
		switch o.Kind {
		case models.OutputPublication:
			p := pages.PubRow{ID: id, Title: o.Title, DOI: deref(o.DOI), Year: year, Venue: deref(o.Venue),
				Coauthored: o.Coauthored, Countries: checkedSet(o.Countries)}
			if p.DOI != "" {
				p.DOIHref = doiHref(p.DOI)
			}
			p.CountryText = countryText(o.Countries, v.CountryOpts, v.MoreCountryOpts, names)
			v.Pubs = append(v.Pubs, p)
		case models.OutputTrainedPeople:
			v.Trained = append(v.Trained, pages.TrainedRow{ID: id, Level: strOf(o.CareerLevel), Direction: strOf(o.Direction),
				Count: intInput(o.PeopleCount), Title: o.Title, Year: year})
		default:
			v.Others = append(v.Others, pages.OtherRow{ID: id, Kind: string(o.Kind), Title: o.Title, Year: year,
				Description: deref(o.Description), URL: deref(o.URL)})
		}
	}
	if v.Editable {
		addBlankRows(v, "", blankPubRows)
	}
	spendingRows(ctx, v, r, typed)
}

// addBlankRows appends empty output rows: of one kind ("pub", "tr", "ot"),
// or of each kind when kind is "".
func addBlankRows(v *pages.ReportView, kind string, n int) {
	if kind == "" || kind == "pub" {
		for range min(n, maxOutputRows-len(v.Pubs)) {
			v.Pubs = append(v.Pubs, pages.PubRow{Countries: map[string]bool{}})
		}
	}
	m := n
	if kind == "" {
		m = blankOtherRows
	}
	if kind == "" || kind == "tr" {
		for range min(m, maxOutputRows-len(v.Trained)) {
			v.Trained = append(v.Trained, pages.TrainedRow{})
		}
	}
	if kind == "" || kind == "ot" {
		for range min(m, maxOutputRows-len(v.Others)) {
			v.Others = append(v.Others, pages.OtherRow{})
		}
	}
}

// spendingRows sets the spending table: the budget, what other reports
// said, this report's amounts as typed, and what remains. Amounts typed
// but unreadable count as nothing in the totals.
func spendingRows(ctx context.Context, v *pages.ReportView, r *models.ReportPage, typed map[string]string) {
	var tb, tbefore, tthis int64
	v.Spending = v.Spending[:0]
	for _, cat := range models.BudgetCategories {
		budget, before := r.Budget[cat], r.Before[cat]
		this, _ := parseMajor(typed[string(cat)], r.Currency)
		rem := budget - before - this
		v.Spending = append(v.Spending, pages.SpendingRow{Category: string(cat), Budget: i18n.Money(ctx, budget, r.Currency),
			Before: i18n.Money(ctx, before, r.Currency), Input: typed[string(cat)],
			Remaining: i18n.Money(ctx, rem, r.Currency), Over: rem < 0, Left: budget - before})
		if !v.Editable {
			v.Spending[len(v.Spending)-1].Input = i18n.Money(ctx, this, r.Currency)
		}
		tb, tbefore, tthis = tb+budget, tbefore+before, tthis+this
	}
	rem := tb - tbefore - tthis
	v.Total = pages.SpendingRow{Budget: i18n.Money(ctx, tb, r.Currency), Before: i18n.Money(ctx, tbefore, r.Currency),
		Input: i18n.Money(ctx, tthis, r.Currency), Remaining: i18n.Money(ctx, rem, r.Currency), Over: rem < 0, Left: tb - tbefore}
	v.MoneyZero, v.MoneyScale = i18n.Money(ctx, 0, r.Currency), moneyScale(r.Currency)
}

func periodText(ctx context.Context, from, to *models.Date) string {
	if from == nil || to == nil {
		return ""
	}
	return i18n.Date(ctx, from.Time()) + " – " + i18n.Date(ctx, to.Time())
}

func doiHref(doi string) string { return "https://doi.org/" + doi }

// countryText names an output's countries: known names first from the
// form's options, then the project's.
func countryText(isos []string, a, b []components.Option, names map[string]string) string {
	labels := map[string]string{}
	for _, o := range append(append([]components.Option{}, a...), b...) {
		labels[o.Value] = o.Label
	}
	out := ""
	for _, iso := range isos {
		name := labels[iso]
		if name == "" {
			name = names[iso]
		}
		if name == "" {
			name = iso
		}
		if out != "" {
			out += ", "
		}
		out += name
	}
	return out
}

// localMajorInput is majorInput with the reader's decimal mark ("12500,50"
// in Spanish and Portuguese); parseMajor reads both.
func localMajorInput(ctx context.Context, minor int64, currency string) string {
	s := majorInput(minor, currency)
	if l := i18n.LangOf(ctx); l == i18n.ES || l == i18n.PT {
		s = strings.Replace(s, ".", ",", 1)
	}
	return s
}
