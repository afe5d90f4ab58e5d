package handlers

import (
	"context"
	"slices"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/puente-science/puente/auth"
	"github.com/puente-science/puente/i18n"
	"github.com/puente-science/puente/models"
	"github.com/puente-science/puente/views/pages"
	"github.com/puente-science/puente/workflow"
)

// Tranche schedule rows: the form offers agreementRows blank rows and
// "more" adds agreementMoreRows, up to pages.AgreementMaxRows; blank rows
// are ignored, so the form works without JavaScript.
const (
	agreementRows     = 6
	agreementMoreRows = 3
)

// loadAgreementProject loads the project of the address for an officer
// who may record its agreement.
func (h *Handler) loadAgreementProject(c *fiber.Ctx) (*models.ProjectPage, error) {
	p, err := h.loadProject(c)
	if err != nil {
		return nil, err
	}
	if !permOf(c).Can(auth.RecordAgreement, projectRecord(p)) {
		return nil, fiber.ErrForbidden
	}
	return p, nil
}

// showAgreementForm is the blank form, prefilled with the planned dates
// and the conditions of the approving decision. A project past approval
// has its agreement on its page.
func (h *Handler) showAgreementForm(c *fiber.Ctx) error {
	p, err := h.loadAgreementProject(c)
	if err != nil {
		return err
	}
	if p.State != workflow.Approved {
		return c.Redirect(projectPath(p.ID), fiber.StatusSeeOther)
	}
	draft, err := h.Store.AgreementDraftOf(c.UserContext(), p.ID)
	if err != nil {
		return err
	}
	v := agreementFormBase(c, p, draft)
	v.SignedOn = models.DateOf(h.Now().In(readerLocation(c))).String()
	if draft.PlannedStart != nil {
		v.StartsOn = draft.PlannedStart.String()
	}
	if draft.PlannedEnd != nil {
		v.EndsOn = draft.PlannedEnd.String()
	}
	v.Conditions = draft.Conditions
	v.Rows = make([]pages.AgreementTrancheRow, agreementRows)
	var preview models.AgreementInput
	if draft.PlannedStart != nil && draft.PlannedEnd != nil {
		preview.StartsOn, preview.EndsOn = *draft.PlannedStart, *draft.PlannedEnd
	}
	fillAgreementPreview(c.UserContext(), &v, p.Currency, draft.AwardMinor, 0, &preview)
	return render(c, pages.AgreementForm(v))
}

func agreementFormBase(c *fiber.Ctx, p *models.ProjectPage, draft models.AgreementDraft) pages.AgreementFormView {
	ctx := c.UserContext()
	v := pages.AgreementFormView{ProjectID: p.ID, Code: p.Code, Version: p.Version, Currency: p.Currency,
		Award: i18n.Money(ctx, draft.AwardMinor, p.Currency), Frequency: draft.FrequencyMo, Errors: map[string]string{}}
	v.Title, v.TitleLang = p.Title.In(string(i18n.LangOf(ctx)), p.Lang)
	return v
}

// readAgreementForm reads the form as typed; rows holds every row posted,
// blank ones included, so a re-render shows the same rows.
func readAgreementForm(c *fiber.Ctx, v *pages.AgreementFormView) {
	v.SignedOn, v.StartsOn, v.EndsOn = formString(c, "signed_on"), formString(c, "starts_on"), formString(c, "ends_on")
	v.Conditions = formText(c, "conditions")
	n := min(max(int(formInt(c, "rows")), 1), pages.AgreementMaxRows)
	v.Rows = make([]pages.AgreementTrancheRow, n)
	for i := range n {
		k := "t" + strconv.Itoa(i) + "_"
		v.Rows[i] = pages.AgreementTrancheRow{Date: formString(c, k+"date"), Amount: formString(c, k+"amount")}
	}
}

// validateAgreement checks the typed agreement against the award and the
// reader's today, filling v.Errors; it returns the input to record.
// Tranches may be planned from the signature (a first payment often goes
// out on signing, before the start) to TrancheGraceDays after the end
// (the last often waits for the final report).
func validateAgreement(v *pages.AgreementFormView, currency string, award int64, today models.Date) (models.AgreementInput, int64, bool) {
	var in models.AgreementInput
	e := v.Errors
	date := func(field, s string) models.Date {
		if s == "" {
			e[field] = "form.required"
			return models.Date{}
		}
		d, err := models.ParseDate(s)
		if err != nil {
			e[field] = "agreement.error.date"
		}
		return d
	}
	in.SignedOn, in.StartsOn, in.EndsOn = date("signed_on", v.SignedOn), date("starts_on", v.StartsOn), date("ends_on", v.EndsOn)
	if e["signed_on"] == "" && in.SignedOn.After(today) {
		e["signed_on"] = "agreement.error.signed_future"
	}
	if e["starts_on"] == "" && e["ends_on"] == "" && !in.EndsOn.After(in.StartsOn) {
		e["ends_on"] = "agreement.error.end_before_start"
	}
	if len([]rune(v.Conditions)) > 4000 {
		e["conditions"] = "form.too_long"
	}
	in.Conditions = v.Conditions
	datesOK := e["signed_on"] == "" && e["starts_on"] == "" && e["ends_on"] == ""
	first := in.StartsOn
	if datesOK && in.SignedOn.Before(first) {
		first = in.SignedOn
	}
	last := in.EndsOn.AddDays(models.TrancheGraceDays)
	var sum int64
	valid := true
	for i, r := range v.Rows {
		if r.Date == "" && r.Amount == "" {
			continue
		}
		k := "t" + strconv.Itoa(i) + "_"
		var t models.TrancheInput
		switch d, err := models.ParseDate(r.Date); {
		case r.Date == "":
			e[k+"date"] = "agreement.error.tranche_date_required"
		case err != nil:
			e[k+"date"] = "agreement.error.date"
		case datesOK && (d.Before(first) || d.After(last)):
			e[k+"date"] = "agreement.error.tranche_date_range"
		default:
			t.PlannedOn = d
		}
		amount, ok := parseMajor(r.Amount, currency)
		switch {
		case r.Amount == "":
			e[k+"amount"] = "agreement.error.amount_required"
		case !ok:
			e[k+"amount"] = "agreement.error.amount_format"
		case amount <= 0:
			e[k+"amount"] = "agreement.error.amount_positive"
		default:
			t.AmountMinor = amount
			sum += amount
		}
		if e[k+"date"] != "" || e[k+"amount"] != "" {
			valid = false
			continue
		}
		in.Tranches = append(in.Tranches, t)
	}
	switch {
	case len(in.Tranches) == 0 && valid:
		e["tranches"] = "agreement.error.no_tranches"
	case valid && sum != award:
		e["tranches"] = "agreement.error.sum"
	}
	// Paid in date order: the schedule's numbering follows the calendar.
	slices.SortStableFunc(in.Tranches, func(a, b models.TrancheInput) int { return a.PlannedOn.Compare(b.PlannedOn) })
	return in, sum, len(e) == 0
}

// fillAgreementPreview shows the sum of the valid amounts typed against
// the award (kept current as amounts are typed, with JavaScript) and, when
// the dates are good, the reports the agreement will schedule.
func fillAgreementPreview(ctx context.Context, v *pages.AgreementFormView, currency string, award, sum int64, in *models.AgreementInput) {
	v.Scheduled = i18n.Money(ctx, sum, currency)
	v.Difference = i18n.Money(ctx, award-sum, currency)
	v.Balanced = sum == award
	v.AwardMinor, v.MoneyZero, v.MoneyScale = award, i18n.Money(ctx, 0, currency), moneyScale(currency)
	if in == nil {
		return
	}
	if in.StartsOn.IsZero() || in.EndsOn.IsZero() || !in.EndsOn.After(in.StartsOn) {
		return
	}
	for _, r := range models.ReportSchedule(in.StartsOn, in.EndsOn, v.Frequency) {
		label := i18n.T(ctx, "agreement.report.final")
		if r.Kind == models.ReportProgress {
			label = i18n.T(ctx, "agreement.report.progress", "n", r.Seq)
		}
		v.Schedule = append(v.Schedule, pages.AgreementScheduleItem{Label: label,
			Period: i18n.T(ctx, "agreement.report.period", "from", i18n.Date(ctx, r.PeriodStart.Time()), "to", i18n.Date(ctx, r.PeriodEnd.Time())),
			Due:    i18n.Date(ctx, r.DueOn.Time())})
	}
}
