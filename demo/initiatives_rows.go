package demo

import (
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/puente-science/puente/models"
	"github.com/puente-science/puente/workflow"
)

// initiativeWriter writes an initiative's dependent rows, keeping the
// first error.
type initiativeWriter struct {
	tx      *gorm.DB
	p       *models.Project
	in      *initiative
	st      staff
	now     time.Time
	paid    int64
	reports []models.Report
	spent   map[models.BudgetCategory]int64 // by the progress reports handed in
	err     error
}

func (w *initiativeWriter) create(v any) {
	if w.err == nil {
		w.err = w.tx.Create(v).Error
	}
}

func (w *initiativeWriter) links(host, partner instRef) {
	for i, c := range w.in.countries {
		w.create(&models.ProjectCountry{ProjectID: w.p.ID, CountryISO2: c, Lead: i == 0})
	}
	w.create(&models.ProjectDiscipline{ProjectID: w.p.ID, DisciplineCode: w.in.primary, IsPrimary: true})
	if w.in.secondary != "" {
		w.create(&models.ProjectDiscipline{ProjectID: w.p.ID, DisciplineCode: w.in.secondary})
	}
	w.create(&models.ProjectInstitution{ProjectID: w.p.ID, InstitutionID: host.id, Role: models.InstitutionRoleHost})
	w.create(&models.ProjectInstitution{ProjectID: w.p.ID, InstitutionID: partner.id, Role: models.InstitutionRolePartner})
}

// budget splits the request by the initiative's percentages; rounding goes
// to the last line, so the lines sum to the request.
func (w *initiativeWriter) budget() {
	rest := w.p.RequestedMinor
	var lines []models.BudgetLine
	for _, c := range models.BudgetCategories {
		if pct := w.in.lines[c]; pct > 0 {
			amount := w.p.RequestedMinor * int64(pct) / 100
			lines = append(lines, models.BudgetLine{ProjectID: w.p.ID, Category: c, AmountMinor: amount})
			rest -= amount
		}
	}
	lines[len(lines)-1].AmountMinor += rest
	w.create(&lines)
}

func (w *initiativeWriter) details(partner instRef) {
	switch w.in.typ {
	case models.TypePlatform:
		phase, facilities := 1, "Access to about US$4 million of large-telescope observing time; a postdoctoral programme for China–Chile projects."
		if w.in.code == "CAS-SASWL-2014" {
			phase, facilities = 2, "Phase 1 (complete): four instruments monitoring the ionosphere and the middle and upper atmosphere. Phase 2: atmospheric science and space debris."
		}
		w.create(&models.PlatformDetails{ProjectID: w.p.ID, SiteCountryISO2: &w.in.countries[0], Phase: &phase,
			Facilities: facilities, InternationalOrgStatus: w.in.code == "CAS-CASSACA-2013"})
	case models.TypeJointLab:
		w.create(&models.JointLabDetails{ProjectID: w.p.ID, LabName: w.in.title[0], PartnerInstitutionID: &partner.id,
			Facilities:    "Molecular laboratory for screening useful plant resources.",
			ResearchLines: "Molecular systematics and evolution of plants; screening of useful plant resources; training researchers from Peru, Colombia, Ecuador and Bolivia in China."})
	case models.TypeTechnologyTransfer:
		w.create(&models.TechnologyTransferDetails{ProjectID: w.p.ID,
			Deliverables:       "A 150 MeV electron linear accelerator for the SIRIUS synchrotron light source.",
			ContractValueMinor: &w.p.RequestedMinor, DeliveryMilestones: "2013: contract signed; 2017-07: linac shipped to Brazil."})
	}
}

// agreement writes the agreement and equal tranches over the period; the
// last one takes the rounding.
func (w *initiativeWriter) agreement(award int64) {
	in := w.in
	ag := models.Agreement{ProjectID: w.p.ID, SignedOn: in.signed, StartsOn: in.start, EndsOn: in.end,
		RecordedBy: w.st.officer, CreatedAt: at(in.signed, 10)}
	w.create(&ag)
	months := (in.end.Year-in.start.Year)*12 + int(in.end.Month-in.start.Month) + 1
	each := award / int64(in.tranches) / (1000 * yuan) * (1000 * yuan)
	today := models.DateOf(w.now)
	for k := range in.tranches {
		amount := each
		if k == in.tranches-1 {
			amount = award - each*int64(in.tranches-1)
		}
		planned := in.start.AddMonths(k * months / in.tranches)
		if in.state == workflow.Completed {
			planned = in.start.AddMonths(k * 12)
		}
		t := models.Tranche{ProjectID: w.p.ID, AgreementID: ag.ID, Seq: k + 1, PlannedOn: planned, AmountMinor: amount,
			Status: models.TranchePlanned, UpdatedAt: at(in.signed, 10)}
		if paidOn := planned.AddDays(15); !paidOn.After(today) {
			t.Status, t.PaidOn, t.UpdatedAt = models.TranchePaid, &paidOn, at(paidOn, 10)
			w.paid += amount
		}
		w.create(&t)
	}
}

// reportsAndOutputs writes yearly progress reports and the final one:
// past ones accepted (the latest still under review), future ones due.
func (w *initiativeWriter) reportsAndOutputs() {
	in, today := w.in, models.DateOf(w.now)
	end := in.end
	if in.state == workflow.Completed {
		end = in.actualEnd
	}
	for k := 1; ; k++ {
		pe := in.start.AddMonths(12 * k).AddDays(-1)
		if !pe.Before(in.end) {
			break
		}
		w.report(models.ReportProgress, k, in.start.AddMonths(12*(k-1)), pe, pe.AddDays(30), today)
	}
	w.report(models.ReportFinal, 1, in.start, end, end.AddDays(60), today)
	latest := -1 // outputs go with the latest accepted report
	for i := range w.reports {
		if w.reports[i].Status == models.ReportAccepted {
			latest = i
		}
	}
	for _, o := range in.outputs {
		w.output(o, latest)
	}
	w.papers()
}

// papers writes the co-authored SCI papers each accepted progress report
// lists, by the year its period ends: placeholders that make the study's
// count, never made-up titles; their DOIs use the DOI Foundation's test
// prefix 10.5555, which resolves to nothing.
func (w *initiativeWriter) papers() {
	total := 0
	for _, n := range w.in.papers {
		total += n
	}
	k := 0
	for _, rp := range w.reports {
		if rp.Kind != models.ReportProgress || rp.Status != models.ReportAccepted {
			continue
		}
		year := rp.PeriodEnd.Year
		for range w.in.papers[year] {
			k++
			out := models.Output{ProjectID: w.p.ID, ReportID: &rp.ID, Kind: models.OutputPublication, Year: year,
				Title:      fmt.Sprintf("%s: co-authored SCI paper %d of %d (demo placeholder)", w.in.title[0], k, total),
				DOI:        ptr(fmt.Sprintf("10.5555/demo.%s.%d.%02d", strings.ToLower(w.in.code), year, k)),
				Coauthored: true, CreatedAt: *rp.SubmittedAt}
			if k == 1 && w.in.venue != "" {
				out.Venue = &w.in.venue
			}
			w.create(&out)
			for _, c := range []string{w.in.countries[0], "CN"} {
				w.create(&models.OutputCountry{OutputID: out.ID, CountryISO2: c})
			}
		}
	}
}

// spend writes what a handed-in report says was spent: a progress report
// its period's share of the award, split as the budget is; the final
// report what is left of the award.
func (w *initiativeWriter) spend(r *models.Report) {
	in := w.in
	if w.spent == nil {
		w.spent = map[models.BudgetCategory]int64{}
	}
	award := in.awardedY * yuan
	months := func(a, b models.Date) int64 { return int64((b.Year-a.Year)*12 + int(b.Month-a.Month) + 1) }
	for _, c := range models.BudgetCategories {
		pct := in.lines[c]
		if pct == 0 {
			continue
		}
		line := award * int64(pct) / 100
		amount := line * months(*r.PeriodStart, *r.PeriodEnd) / months(in.start, in.end) / yuan * yuan
		if r.Kind == models.ReportFinal {
			amount = line - w.spent[c]
		}
		if amount <= 0 {
			continue
		}
		w.spent[c] += amount
		w.create(&models.ReportSpending{ReportID: r.ID, Category: c, AmountMinor: amount})
	}
}

func (w *initiativeWriter) report(kind models.ReportKind, seq int, start, end, due, today models.Date) {
	r := models.Report{ProjectID: w.p.ID, Kind: kind, Seq: seq, PeriodStart: &start, PeriodEnd: &end, DueOn: due,
		Status: models.ReportDue, Version: 1, CreatedAt: at(w.in.signed, 10), UpdatedAt: at(w.in.signed, 10)}
	submitted, reviewed := at(due, 10).AddDate(0, 0, -14), at(due, 10).AddDate(0, 0, 21)
	if kind == models.ReportFinal && w.in.state == workflow.Completed {
		submitted, reviewed = at(w.in.completed, 10).AddDate(0, 0, -52), at(w.in.completed, 10).AddDate(0, 0, -17)
	}
	if due.Before(today) {
		r.Status, r.SubmittedAt, r.Version, r.UpdatedAt = models.ReportSubmitted, &submitted, 2, submitted
		r.Narrative = ptr("Activities, outputs and spending of the period, as agreed with the partners.")
		if reviewed.Before(w.now) {
			r.Status, r.ReviewedAt, r.ReviewedBy, r.Version, r.UpdatedAt = models.ReportAccepted, &reviewed, &w.st.officer, 3, reviewed
		}
	}
	w.create(&r)
	if r.Status != models.ReportDue {
		w.spend(&r)
	}
	w.reports = append(w.reports, r)
}

func (w *initiativeWriter) output(o initiativeOutput, latest int) {
	if latest < 0 {
		return // nothing reported yet
	}
	rp := w.reports[latest]
	year := o.year
	if year == 0 {
		year = rp.PeriodEnd.Year
	}
	out := models.Output{ProjectID: w.p.ID, ReportID: &rp.ID, Kind: o.kind, Title: o.title, Year: year, CreatedAt: *rp.SubmittedAt}
	if o.desc != "" {
		out.Description = &o.desc
	}
	if o.kind == models.OutputTrainedPeople {
		out.CareerLevel, out.Direction = &o.level, &o.direction // how many is not in the study: left blank
	}
	w.create(&out)
	for _, c := range o.countries {
		w.create(&models.OutputCountry{OutputID: out.ID, CountryISO2: c})
	}
}

func (w *initiativeWriter) audit(evs []event) {
	for _, e := range evs {
		a := models.AuditEntry{At: e.at, Action: "project." + e.name, Entity: "project", EntityID: &w.p.ID,
			ProjectID: &w.p.ID, ToState: ptr(string(e.to))}
		if e.actor != 0 {
			a.ActorID = ptr(e.actor)
		}
		if e.from != "" {
			a.FromState = ptr(string(e.from))
		}
		if e.comment != "" {
			a.Comment = ptr(e.comment)
		}
		w.create(&a)
	}
}
