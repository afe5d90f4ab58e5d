package models

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"

	"gorm.io/gorm"

	"github.com/puente-science/puente/workflow"
)

func d(s string) Date {
	x, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return x
}

func TestReportSchedule(t *testing.T) {
	type rep struct{ kind, from, to, due string }
	cases := []struct {
		name       string
		start, end string
		freq       int
		want       []rep
	}{
		{"a year at six months: the second half is the final report's", "2027-01-01", "2027-12-31", 6, []rep{
			{"progress", "2027-01-01", "2027-06-30", "2027-07-30"},
			{"final", "2027-01-01", "2027-12-31", "2028-02-29"}}},
		{"a year and a day at six months", "2027-01-01", "2028-01-01", 6, []rep{
			{"progress", "2027-01-01", "2027-06-30", "2027-07-30"},
			{"progress", "2027-07-01", "2027-12-31", "2028-01-30"},
			{"final", "2027-01-01", "2028-01-01", "2028-03-01"}}},
		{"month ends are clamped", "2027-01-31", "2027-08-15", 3, []rep{
			{"progress", "2027-01-31", "2027-04-29", "2027-05-29"},
			{"progress", "2027-04-30", "2027-07-30", "2027-08-29"},
			{"final", "2027-01-31", "2027-08-15", "2027-10-14"}}},
		{"shorter than one period", "2027-03-01", "2027-05-31", 6, []rep{
			{"final", "2027-03-01", "2027-05-31", "2027-07-30"}}},
		{"no frequency: six months", "2027-01-01", "2027-12-31", 0, []rep{
			{"progress", "2027-01-01", "2027-06-30", "2027-07-30"},
			{"final", "2027-01-01", "2027-12-31", "2028-02-29"}}},
	}
	for _, c := range cases {
		got := ReportSchedule(d(c.start), d(c.end), c.freq)
		var have []rep
		for _, r := range got {
			have = append(have, rep{string(r.Kind), r.PeriodStart.String(), r.PeriodEnd.String(), r.DueOn.String()})
		}
		if !slices.Equal(have, c.want) {
			t.Errorf("%s:\n got %v\nwant %v", c.name, have, c.want)
		}
	}
}

// approved makes an approved project awarded 200 000.00.
func (w *evWorld) approved(t *testing.T, n int) *Project {
	t.Helper()
	p := w.project(t, n, workflow.Approved)
	award := int64(20000000)
	if err := w.s.db.Model(p).Update("awarded_minor", award).Error; err != nil {
		t.Fatal(err)
	}
	p.AwardedMinor = &award
	return p
}

func (w *evWorld) agreement(p *Project, amounts ...int64) AgreementInput {
	in := AgreementInput{ProjectID: p.ID, Version: p.Version, SignedOn: d("2026-11-20"), StartsOn: d("2027-01-01"),
		EndsOn: d("2027-12-31"), Conditions: "Acknowledge the bureau.", ActorID: w.officer, IP: "192.0.2.7",
		RequestID: "req-a", Now: evNow}
	for i, a := range amounts {
		in.Tranches = append(in.Tranches, TrancheInput{PlannedOn: d("2027-01-15").AddMonths(4 * i), AmountMinor: a})
	}
	return in
}

func TestRecordAgreement(t *testing.T) {
	forEachDialect(t, func(t *testing.T, db *gorm.DB, dialect string) {
		w := newEvWorld(t, db, dialect)
		ctx := context.Background()
		p := w.approved(t, 1)

		// The guard checks the sum again; a refusal leaves nothing behind.
		err := w.s.RecordAgreement(ctx, w.agreement(p, 10000000, 9999999))
		var we *workflow.Error
		if !errors.As(err, &we) || we.Key != workflow.ErrAgreement || !slices.Equal(we.Detail, []string{"project.agreement.tranches"}) {
			t.Fatalf("short schedule: %v", err)
		}
		stale := w.agreement(p, 10000000, 10000000)
		stale.Version++
		if err := w.s.RecordAgreement(ctx, stale); !errors.Is(err, ErrConflict) {
			t.Fatalf("stale version: %v", err)
		}
		for _, m := range []any{&Agreement{}, &Tranche{}, &Report{}, &AuditEntry{}} {
			if n := count(t, db, m, "project_id = ?", p.ID); n != 0 {
				t.Fatalf("refusals left %d %T rows", n, m)
			}
		}

		if err := w.s.RecordAgreement(ctx, w.agreement(p, 6000000, 6000000, 8000000)); err != nil {
			t.Fatalf("record: %v", err)
		}
		var got Project
		db.Take(&got, p.ID)
		if got.State != workflow.Active || got.Version != p.Version+1 || got.ActualStart == nil ||
			*got.ActualStart != d("2027-01-01") || got.OfficerID == nil || *got.OfficerID != w.officer {
			t.Errorf("project after the agreement: %s v%d start %v officer %v", got.State, got.Version, got.ActualStart, got.OfficerID)
		}
		var ts []Tranche
		db.Where("project_id = ?", p.ID).Order("seq").Find(&ts)
		if len(ts) != 3 || ts[0].Seq != 1 || ts[2].AmountMinor != 8000000 || ts[2].Status != TranchePlanned {
			t.Errorf("tranches: %+v", ts)
		}
		var rs []Report
		db.Where("project_id = ?", p.ID).Order("due_on").Find(&rs)
		if len(rs) != 2 || rs[0].Kind != ReportProgress || rs[0].DueOn != d("2027-07-30") ||
			rs[1].Kind != ReportFinal || rs[1].DueOn != d("2028-02-29") || rs[1].Status != ReportDue {
			t.Errorf("reports: %+v", rs)
		}
		var a Agreement
		db.Where("project_id = ?", p.ID).Take(&a)
		if a.Conditions == nil || *a.Conditions != "Acknowledge the bureau." || a.RecordedBy != w.officer {
			t.Errorf("agreement: %+v", a)
		}
		if n := count(t, db, &AuditEntry{}, "project_id = ? AND action IN ?", p.ID, []string{"agreement.record", "project.record_agreement"}); n != 2 {
			t.Errorf("%d audit entries", n)
		}
		if n := count(t, db, &Notification{}, "project_id = ? AND user_id = ? AND message_key = ?", p.ID, w.pi, "notify.project.active"); n != 1 {
			t.Errorf("applicant notified %d times", n)
		}

		again := w.agreement(&got, 20000000)
		if err := w.s.RecordAgreement(ctx, again); refusal(err) != workflow.ErrNotFromState {
			t.Errorf("a second agreement: %v", err)
		}
	})
}

func TestTranchePayAndCancel(t *testing.T) {
	forEachDialect(t, func(t *testing.T, db *gorm.DB, dialect string) {
		w := newEvWorld(t, db, dialect)
		ctx := context.Background()
		p := w.approved(t, 1)
		if err := w.s.RecordAgreement(ctx, w.agreement(p, 5000000, 5000000, 5000000, 5000000)); err != nil {
			t.Fatal(err)
		}
		ts, err := w.s.TranchesOf(ctx, p.ID)
		if err != nil || len(ts) != 4 {
			t.Fatalf("tranches: %v %v", ts, err)
		}
		change := func(i int) TrancheChange {
			return TrancheChange{ProjectID: p.ID, TrancheID: ts[i].ID, PaidOn: d("2026-11-25"), Comment: "Not needed.",
				ActorID: w.officer, Now: evNow}
		}
		disbursed := func() int64 {
			var x Project
			db.Select("disbursed_minor").Take(&x, p.ID)
			return x.DisbursedMinor
		}

		// Two officers pay the same tranche at once: exactly one wins.
		var wg sync.WaitGroup
		errs := make([]error, 2)
		for i := range errs {
			wg.Add(1)
			go func() { defer wg.Done(); errs[i] = w.s.PayTranche(ctx, change(0)) }()
		}
		wg.Wait()
		ok, conflicts := 0, 0
		for _, err := range errs {
			switch {
			case err == nil:
				ok++
			case errors.Is(err, ErrConflict):
				conflicts++
			default:
				t.Errorf("concurrent pay: %v", err)
			}
		}
		if ok != 1 || conflicts != 1 {
			t.Fatalf("concurrent pay: %d won, %d conflicts", ok, conflicts)
		}
		if got := disbursed(); got != 5000000 {
			t.Errorf("disbursed %d after one payment", got)
		}
		if err := w.s.CancelTranche(ctx, change(0)); !errors.Is(err, ErrConflict) {
			t.Errorf("cancelling a paid tranche: %v", err)
		}
		if err := w.s.CancelTranche(ctx, change(3)); err != nil {
			t.Fatalf("cancel: %v", err)
		}
		if got := disbursed(); got != 5000000 {
			t.Errorf("disbursed %d after a cancellation", got)
		}
		var a AuditEntry
		db.Where("project_id = ? AND action = ?", p.ID, "tranche.cancel").Take(&a)
		if a.Comment == nil || *a.Comment != "Not needed." || a.EntityID == nil || *a.EntityID != ts[3].ID {
			t.Errorf("cancel audit: %+v", a)
		}
		if n := count(t, db, &Notification{}, "user_id = ? AND message_key IN ?", w.pi, []string{"notify.tranche.paid", "notify.tranche.cancelled"}); n != 2 {
			t.Errorf("applicant told of %d tranche changes", n)
		}

		// Another project's tranche is not found through this one.
		other := w.approved(t, 2)
		if err := w.s.PayTranche(ctx, TrancheChange{ProjectID: other.ID, TrancheID: ts[1].ID, PaidOn: d("2026-11-25"), ActorID: w.officer}); !errors.Is(err, ErrNotFound) {
			t.Errorf("a tranche through another project: %v", err)
		}

		// Payments are held while suspended; cancelling still works.
		var cur Project
		db.Take(&cur, p.ID)
		if _, err := w.s.FireEvent(ctx, EventInput{ProjectID: p.ID, Version: cur.Version, Event: workflow.Suspend,
			Actor: workflow.Actor{Officer: true}, ActorID: w.officer, Comment: "Audit.", Now: evNow}); err != nil {
			t.Fatal(err)
		}
		if err := w.s.PayTranche(ctx, change(1)); !errors.Is(err, ErrTrancheState) {
			t.Errorf("paying while suspended: %v", err)
		}
		if err := w.s.CancelTranche(ctx, change(1)); err != nil {
			t.Errorf("cancelling while suspended: %v", err)
		}
	})
}

func TestCompleteStoresTheCloseout(t *testing.T) {
	forEachDialect(t, func(t *testing.T, db *gorm.DB, dialect string) {
		w := newEvWorld(t, db, dialect)
		ctx := context.Background()
		p := w.approved(t, 1)
		if err := w.s.RecordAgreement(ctx, w.agreement(p, 20000000)); err != nil {
			t.Fatal(err)
		}
		rating := 4
		complete := func() error {
			var cur Project
			db.Take(&cur, p.ID)
			_, err := w.s.FireEvent(ctx, EventInput{ProjectID: p.ID, Version: cur.Version, Event: workflow.Complete,
				Actor: workflow.Actor{Officer: true}, ActorID: w.officer, Comment: "Met its aims.", OutcomeRating: &rating,
				ClosingRemarks: "Met its aims.", Now: evNow})
			return err
		}
		var we *workflow.Error
		if err := complete(); !errors.As(err, &we) || we.Key != workflow.ErrFinalNotReady ||
			!slices.Equal(we.Detail, []string{workflow.DetailOpenReports, workflow.DetailOpenTranches}) {
			t.Fatalf("complete with everything open: %v", err)
		}
		db.Model(&Report{}).Where("project_id = ?", p.ID).Update("status", ReportAccepted)
		if err := complete(); !errors.As(err, &we) || we.Key != workflow.ErrNotClosedOut ||
			!slices.Equal(we.Detail, []string{workflow.DetailOpenTranches}) {
			t.Fatalf("complete with a tranche open: %v", err)
		}
		ts, _ := w.s.TranchesOf(ctx, p.ID)
		if err := w.s.PayTranche(ctx, TrancheChange{ProjectID: p.ID, TrancheID: ts[0].ID, PaidOn: d("2026-11-26"), ActorID: w.officer, Now: evNow}); err != nil {
			t.Fatal(err)
		}
		if err := complete(); err != nil {
			t.Fatalf("complete: %v", err)
		}
		var got Project
		db.Take(&got, p.ID)
		// The clock says 2026-11-27, before the agreed start: the project
		// cannot end before it started.
		if got.State != workflow.Completed || got.OutcomeRating == nil || *got.OutcomeRating != 4 ||
			got.ClosingRemarks == nil || *got.ClosingRemarks != "Met its aims." || got.ActualEnd == nil ||
			*got.ActualEnd != d("2027-01-01") || got.DisbursedMinor != 20000000 {
			t.Errorf("completed project: %s rating %v remarks %v end %v disbursed %d", got.State, got.OutcomeRating,
				got.ClosingRemarks, got.ActualEnd, got.DisbursedMinor)
		}
	})
}

func TestBudgetSpending(t *testing.T) {
	forEachDialect(t, func(t *testing.T, db *gorm.DB, dialect string) {
		w := newEvWorld(t, db, dialect)
		ctx := context.Background()
		p := w.approved(t, 1)
		mustCreate(t, db, &BudgetLine{ProjectID: p.ID, Category: BudgetTravel, AmountMinor: 1000000})
		mustCreate(t, db, &BudgetLine{ProjectID: p.ID, Category: BudgetEquipment, AmountMinor: 5000000})
		report := func(kind ReportKind, seq int, status ReportStatus, spend map[BudgetCategory]int64) {
			r := Report{ProjectID: p.ID, Kind: kind, Seq: seq, DueOn: d("2027-07-30"), Status: status, Version: 1}
			mustCreate(t, db, &r)
			for c, a := range spend {
				mustCreate(t, db, &ReportSpending{ReportID: r.ID, Category: c, AmountMinor: a})
			}
		}
		report(ReportProgress, 1, ReportAccepted, map[BudgetCategory]int64{BudgetTravel: 300000, BudgetEquipment: 2000000})
		report(ReportProgress, 2, ReportSubmitted, map[BudgetCategory]int64{BudgetTravel: 400000, BudgetOther: 50000})
		report(ReportProgress, 3, ReportRevisionRequested, map[BudgetCategory]int64{BudgetTravel: 999999})
		rows, finalIn, err := w.s.BudgetSpending(ctx, p.ID)
		if err != nil || finalIn {
			t.Fatalf("spending: %v %v", err, finalIn)
		}
		want := []CategorySpending{{BudgetTravel, 1000000, 700000}, {BudgetEquipment, 5000000, 2000000}, {BudgetOther, 0, 50000}}
		if !slices.Equal(rows, want) {
			t.Errorf("progress spending: %+v, want %+v", rows, want)
		}
		report(ReportFinal, 1, ReportSubmitted, map[BudgetCategory]int64{BudgetTravel: 950000, BudgetEquipment: 4800000})
		rows, finalIn, err = w.s.BudgetSpending(ctx, p.ID)
		want = []CategorySpending{{BudgetTravel, 1000000, 950000}, {BudgetEquipment, 5000000, 4800000}}
		if err != nil || !finalIn || !slices.Equal(rows, want) {
			t.Errorf("final spending: %+v %v %v, want %+v", rows, finalIn, err, want)
		}
	})
}

func TestSetProjectOfficer(t *testing.T) {
	forEachDialect(t, func(t *testing.T, db *gorm.DB, dialect string) {
		w := newEvWorld(t, db, dialect)
		ctx := context.Background()
		p := w.approved(t, 1)
		in := OfficerChange{ProjectID: p.ID, OfficerID: w.director, ActorID: w.officer, Now: evNow}
		if _, err := w.s.SetProjectOfficer(ctx, in); !errors.Is(err, ErrNotOfficer) {
			t.Errorf("a director made responsible: %v", err)
		}
		in.OfficerID = w.officer
		if changed, err := w.s.SetProjectOfficer(ctx, in); err != nil || !changed {
			t.Fatalf("take on: %v %v", changed, err)
		}
		if changed, err := w.s.SetProjectOfficer(ctx, in); err != nil || changed {
			t.Errorf("take on again: %v %v", changed, err)
		}
		if n := count(t, db, &AuditEntry{}, "project_id = ? AND action = ?", p.ID, "project.officer"); n != 1 {
			t.Errorf("%d audit entries", n)
		}
		var got Project
		db.Take(&got, p.ID)
		if got.OfficerID == nil || *got.OfficerID != w.officer {
			t.Errorf("officer %v", got.OfficerID)
		}
	})
}
