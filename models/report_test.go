package models

import (
	"context"
	"errors"
	"testing"

	"gorm.io/gorm"

	"github.com/puente-science/puente/workflow"
)

func TestNormalizeDOI(t *testing.T) {
	good := map[string]string{
		"https://doi.org/10.1234/ABC":         "10.1234/abc",
		"http://dx.doi.org/10.1234/abc":       "10.1234/abc",
		"doi:10.1234/abc":                     "10.1234/abc",
		"DOI: 10.1234/abc":                    "10.1234/abc",
		"10.1234/abc":                         "10.1234/abc",
		"  10.1016/j.ecss.2026.01.002 ":       "10.1016/j.ecss.2026.01.002",
		"10.1000.10/xyz(2026)<3>":             "10.1000.10/xyz(2026)<3>",
		"https://doi.org/10.5555/Guayas.2026": "10.5555/guayas.2026",
	}
	for in, want := range good {
		if got, ok := NormalizeDOI(in); !ok || got != want {
			t.Errorf("NormalizeDOI(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "10.12/abc", "10.1234", "10.1234/", "11.1234/abc", "10.1234/a b", "https://example.org/10.1234/abc",
		"doi:", "10.abcd/x"} {
		if got, ok := NormalizeDOI(in); ok {
			t.Errorf("NormalizeDOI(%q) = %q, accepted", in, got)
		}
	}
}

// reportWorld is an active project with two due reports.
func reportWorld(t *testing.T, db *gorm.DB, dialect string) (*evWorld, *Project, []int64) {
	t.Helper()
	w := newEvWorld(t, db, dialect)
	p := w.project(t, 1, workflow.Active)
	var ids []int64
	for seq := 1; seq <= 2; seq++ {
		due, _ := ParseDate("2027-01-30")
		r := Report{ProjectID: p.ID, Kind: ReportProgress, Seq: seq, DueOn: due.AddMonths(6 * (seq - 1)), Status: ReportDue,
			Version: 1, CreatedAt: evNow, UpdatedAt: evNow}
		mustCreate(t, db, &r)
		ids = append(ids, r.ID)
	}
	return w, p, ids
}

func pub(title, doi string) ReportOutput {
	o := ReportOutput{Output: Output{Kind: OutputPublication, Title: title, Year: 2026}, Countries: []string{}}
	if doi != "" {
		o.DOI = &doi
	}
	return o
}

func TestSaveReport(t *testing.T) {
	forEachDialect(t, func(t *testing.T, db *gorm.DB, dialect string) {
		w, p, ids := reportWorld(t, db, dialect)
		ctx := context.Background()
		in := ReportInput{ReportID: ids[0], Version: 1, Narrative: "Work done.", ActorID: w.pi, Now: evNow,
			Spending: []ReportSpending{{Category: BudgetTravel, AmountMinor: 500}},
			Outputs:  []ReportOutput{pub("A", "10.1234/a"), pub("B", "")}}
		if err := w.s.SaveReport(ctx, in); err != nil {
			t.Fatalf("save: %v", err)
		}
		page, err := w.s.ReportPageByID(ctx, ids[0])
		if err != nil {
			t.Fatal(err)
		}
		if page.Version != 2 || page.Status != ReportDue || len(page.Outputs) != 2 || page.Spent[BudgetTravel] != 500 {
			t.Fatalf("after save: v%d %s %d outputs %v", page.Version, page.Status, len(page.Outputs), page.Spent)
		}
		// Saving again keeps the ids of the outputs kept; a foreign id is
		// treated as new.
		keep := page.Outputs[0]
		in2 := ReportInput{ReportID: ids[0], Version: 2, ActorID: w.pi, Now: evNow,
			Outputs: []ReportOutput{{Output: keep.Output}, {Output: Output{ID: 999999, Kind: OutputEvent, Title: "Workshop", Year: 2026}}}}
		if err := w.s.SaveReport(ctx, in2); err != nil {
			t.Fatalf("second save: %v", err)
		}
		page, _ = w.s.ReportPageByID(ctx, ids[0])
		if len(page.Outputs) != 2 || page.Outputs[0].ID != keep.ID || page.Outputs[1].ID == 999999 || len(page.Spent) != 0 {
			t.Fatalf("after the second save: %+v %v", page.Outputs, page.Spent)
		}
		// Stale version.
		if err := w.s.SaveReport(ctx, in2); !errors.Is(err, ErrConflict) {
			t.Errorf("stale: %v", err)
		}
		// The same DOI in another report of the project: the unique index
		// refuses it and nothing of that save remains.
		dup := ReportInput{ReportID: ids[1], Version: 1, Narrative: "Other", ActorID: w.pi, Now: evNow,
			Outputs: []ReportOutput{pub("A again", "10.1234/a")}}
		if err := w.s.SaveReport(ctx, dup); !errors.Is(err, ErrDuplicate) {
			t.Fatalf("duplicate DOI: %v", err)
		}
		var r Report
		db.Take(&r, ids[1])
		if r.Version != 1 || r.Narrative != nil {
			t.Errorf("a refused save changed the report: %+v", r)
		}
		held, err := w.s.DOIsElsewhere(ctx, p.ID, ids[1], []string{"10.1234/a", "10.1234/z"})
		if err != nil || len(held) != 1 || held["10.1234/a"].Seq == nil || *held["10.1234/a"].Seq != 1 {
			t.Errorf("DOIs elsewhere: %v %+v", err, held)
		}
		// Submit, then the officer's verdicts.
		sub := ReportInput{ReportID: ids[1], Version: 1, Narrative: "Other", ActorID: w.pi, Now: evNow, Submit: true}
		if err := w.s.SaveReport(ctx, sub); err != nil {
			t.Fatalf("submit: %v", err)
		}
		if err := w.s.SaveReport(ctx, ReportInput{ReportID: ids[1], Version: 2, Now: evNow}); !errors.Is(err, ErrReportClosed) {
			t.Errorf("saving a submitted report: %v", err)
		}
		if err := w.s.ReviewReport(ctx, ReportVerdict{ReportID: ids[1], Version: 2, ActorID: w.officer, Now: evNow}); !errors.Is(err, ErrCommentRequired) {
			t.Errorf("revision without comment: %v", err)
		}
		if err := w.s.ReviewReport(ctx, ReportVerdict{ReportID: ids[1], Version: 2, Comment: "More detail", ActorID: w.officer, Now: evNow}); err != nil {
			t.Fatalf("revision: %v", err)
		}
		if err := w.s.ReviewReport(ctx, ReportVerdict{ReportID: ids[1], Version: 3, Accept: true, ActorID: w.officer, Now: evNow}); !errors.Is(err, ErrReportClosed) {
			t.Errorf("accepting a report sent back: %v", err)
		}
		db.Take(&r, ids[1])
		if r.Status != ReportRevisionRequested || r.ReviewedBy == nil || *r.ReviewedBy != w.officer {
			t.Errorf("after the revision request: %+v", r)
		}
		if n := count(t, db, &Notification{}, "user_id = ? AND message_key = ?", w.pi, "notify.report.revision_requested"); n != 1 {
			t.Errorf("notifications to the applicant: %d", n)
		}
		// The panels count every output, once.
		po, err := w.s.ProjectOutputsOf(ctx, p.ID)
		if err != nil || po.Counts[OutputPublication] != 1 || po.Counts[OutputEvent] != 1 || len(po.Outputs) != 2 {
			t.Errorf("project outputs: %v %+v", err, po)
		}
		reps, err := w.s.ProjectReports(ctx, p.ID)
		if err != nil || len(reps) != 2 || reps[1].Status != ReportRevisionRequested {
			t.Errorf("project reports: %v %+v", err, reps)
		}
	})
}
