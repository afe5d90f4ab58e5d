package handlers

import (
	"context"
	"slices"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/puente-science/puente/auth"
	"github.com/puente-science/puente/i18n"
	"github.com/puente-science/puente/models"
	"github.com/puente-science/puente/views/components"
	"github.com/puente-science/puente/views/pages"
	"github.com/puente-science/puente/workflow"
)

// fundedStates are the states whose page shows the agreement, its
// tranches and the budget against the spending.
var fundedStates = []workflow.State{workflow.Active, workflow.Suspended, workflow.Completed, workflow.Terminated}

// agreementPanels fills the project page's agreement, tranches, budget and
// the officers' side panels. It costs at most five statements however many
// tranches and reports: the agreement, its tranches, the spending, the
// officers to choose from and, when the complete form shows, the reports.
func (h *Handler) agreementPanels(c *fiber.Ctx, p *models.ProjectPage, v *pages.ProjectView) error {
	ctx := c.UserContext()
	perm := permOf(c)
	rec := projectRecord(p)
	officer := perm.Has(auth.Officer)
	funded := slices.Contains(fundedStates, p.State)
	v.Closeout.ProjectID = p.ID
	if p.State == workflow.Approved && perm.Can(auth.RecordAgreement, rec) {
		v.Closeout.RecordHref = projectPath(p.ID) + "/agreement"
	}
	if !funded && !perm.Staff() {
		return nil
	}
	pa, err := h.Store.ProjectAgreementOf(ctx, p.ID)
	if err != nil {
		return err
	}
	if perm.Staff() && p.State != workflow.Draft {
		if err := h.officerPanel(c, p, pa.OfficerID, &v.Closeout.Officer); err != nil {
			return err
		}
	}
	if !funded || pa.Agreement == nil {
		return nil
	}
	a := &v.Agreement
	loc := readerLocation(c)
	date := func(d models.Date) string { return i18n.Date(ctx, d.Time()) }
	*a = pages.AgreementPanel{Show: true, ProjectID: p.ID, SignedOn: date(pa.Agreement.SignedOn),
		StartsOn: date(pa.Agreement.StartsOn), EndsOn: date(pa.Agreement.EndsOn),
		Today: models.DateOf(h.Now().In(loc)).String(), HeldHint: p.State == workflow.Suspended}
	if pa.Agreement.Conditions != nil {
		a.Conditions = *pa.Agreement.Conditions
	}
	manage := perm.Can(auth.ManageTranches, rec)
	var total, paid, open, cancelled int64
	for _, t := range pa.Tranches {
		row := pages.TrancheRowView{ID: t.ID, Seq: t.Seq, PlannedOn: date(t.PlannedOn),
			Amount: i18n.Money(ctx, t.AmountMinor, p.Currency), Status: string(t.Status)}
		if t.PaidOn != nil {
			row.PaidOn = date(*t.PaidOn)
		}
		total += t.AmountMinor
		switch t.Status {
		case models.TranchePaid:
			paid += t.AmountMinor
		case models.TrancheCancelled:
			cancelled += t.AmountMinor
		default:
			open += t.AmountMinor
			row.CanPay = manage && models.CanPayTranches(p.State)
			row.CanCancel = manage && models.CanCancelTranches(p.State)
		}
		a.Tranches = append(a.Tranches, row)
	}
	a.Total, a.Paid = i18n.Money(ctx, total, p.Currency), i18n.Money(ctx, paid, p.Currency)
	a.Open, a.Canceled = i18n.Money(ctx, open, p.Currency), i18n.Money(ctx, cancelled, p.Currency)
	a.Settled = open == 0
	if a.Budget, err = h.budgetSpending(ctx, p); err != nil {
		return err
	}
	if officer && slices.ContainsFunc(v.Actions, func(x pages.ProjectAction) bool { return x.Event == string(workflow.Complete) }) {
		v.Closeout.Complete = true
		v.Closeout.Checklist, err = h.closeoutChecklist(ctx, p, pa.Tranches)
		v.Closeout.Ready = !slices.ContainsFunc(v.Closeout.Checklist, func(x pages.CloseoutCheck) bool { return !x.Done })
	}
	return err
}

// officerPanel names the responsible officer; officers may take the
// project on or hand it over.
func (h *Handler) officerPanel(c *fiber.Ctx, p *models.ProjectPage, current *int64, o *pages.OfficerPanel) error {
	perm := permOf(c)
	o.Show = true
	if p.OfficerName != nil {
		o.Current = *p.OfficerName
	}
	o.IsMe = current != nil && *current == perm.UserID
	if !perm.Can(auth.AssignOfficer, projectRecord(p)) {
		return nil
	}
	officers, err := h.Store.ActiveOfficers(c.UserContext())
	if err != nil {
		return err
	}
	o.CanAssign = true
	if current != nil {
		o.Selected = strconv.FormatInt(*current, 10)
	}
	for _, x := range officers {
		label := x.Name
		if x.ID == perm.UserID {
			label = i18n.T(c.UserContext(), "officer.panel.me", "name", x.Name)
		}
		o.Options = append(o.Options, components.Option{Value: strconv.FormatInt(x.ID, 10), Label: label})
	}
	return nil
}

// budgetSpending compares each budget category with the spending reported.
func (h *Handler) budgetSpending(ctx context.Context, p *models.ProjectPage) (pages.BudgetSpendingView, error) {
	rows, finalIn, err := h.Store.BudgetSpending(ctx, p.ID)
	if err != nil {
		return pages.BudgetSpendingView{}, err
	}
	v := pages.BudgetSpendingView{Show: true, FinalIn: finalIn}
	var budgeted, spent int64
	for _, r := range rows {
		v.Rows = append(v.Rows, spendingRow(ctx, i18n.T(ctx, "application.category."+string(r.Category)), r.BudgetedMinor, r.SpentMinor, p.Currency))
		budgeted += r.BudgetedMinor
		spent += r.SpentMinor
	}
	v.Total = spendingRow(ctx, i18n.T(ctx, "budget.spending.total"), budgeted, spent, p.Currency)
	return v, nil
}

func spendingRow(ctx context.Context, label string, budgeted, spent int64, currency string) pages.BudgetSpendingRow {
	r := pages.BudgetSpendingRow{Label: label, Budgeted: i18n.Money(ctx, budgeted, currency),
		Spent: i18n.Money(ctx, spent, currency), Difference: i18n.Money(ctx, budgeted-spent, currency), Over: spent > budgeted}
	switch {
	case budgeted > 0:
		r.Share = float64(spent) / float64(budgeted)
	case spent > 0:
		r.Share = 1
	}
	return r
}

// closeoutChecklist says what complete still waits for: the final report
// accepted, every report accepted, every tranche paid or cancelled.
func (h *Handler) closeoutChecklist(ctx context.Context, p *models.ProjectPage, tranches []models.Tranche) ([]pages.CloseoutCheck, error) {
	reports, err := h.Store.ReportStatesOf(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	finalDone := slices.ContainsFunc(reports, func(r models.ReportState) bool {
		return r.Kind == models.ReportFinal && r.Status == models.ReportAccepted
	})
	out := []pages.CloseoutCheck{{Text: i18n.T(ctx, "closeout.final_accepted"), Done: finalDone}}
	openReports := 0
	for _, r := range reports {
		if r.Status == models.ReportAccepted {
			continue
		}
		openReports++
		label := i18n.T(ctx, "agreement.report.final")
		if r.Kind == models.ReportProgress {
			label = i18n.T(ctx, "agreement.report.progress", "n", r.Seq)
		}
		out = append(out, pages.CloseoutCheck{Text: i18n.T(ctx, "closeout.report_open", "report", label,
			"status", i18n.T(ctx, "closeout.report_status."+string(r.Status)), "date", i18n.Date(ctx, r.DueOn.Time()))})
	}
	if openReports == 0 {
		out = append(out, pages.CloseoutCheck{Text: i18n.T(ctx, "closeout.reports_accepted"), Done: true})
	}
	openTranches := 0
	for _, t := range tranches {
		if t.Status == models.TranchePlanned {
			openTranches++
			out = append(out, pages.CloseoutCheck{Text: i18n.T(ctx, "closeout.tranche_open", "n", t.Seq,
				"amount", i18n.Money(ctx, t.AmountMinor, p.Currency), "date", i18n.Date(ctx, t.PlannedOn.Time()))})
		}
	}
	if openTranches == 0 {
		out = append(out, pages.CloseoutCheck{Text: i18n.T(ctx, "closeout.tranches_settled"), Done: true})
	}
	return out, nil
}
