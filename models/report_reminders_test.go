package models

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/puente-science/puente/workflow"
)

func TestReminderDue(t *testing.T) {
	due := Date{2026, 6, 30}
	cases := []struct {
		today Date
		kind  ReminderKind
		seq   int
		ok    bool
	}{
		{due.AddDays(-31), "", 0, false},
		{due.AddDays(-30), ReminderDue30, 0, true},
		{due.AddDays(-8), ReminderDue30, 0, true},
		{due.AddDays(-7), ReminderDue7, 0, true},
		{due, ReminderDue7, 0, true},
		{due.AddDays(1), ReminderOverdue, 0, true},
		{due.AddDays(7), ReminderOverdue, 0, true},
		{due.AddDays(8), ReminderOverdue, 1, true},
		{due.AddDays(15), ReminderOverdue, 2, true},
	}
	for _, c := range cases {
		kind, seq, ok := ReminderDue(due, c.today)
		if kind != c.kind || seq != c.seq || ok != c.ok {
			t.Errorf("%s: %q %d %v, want %q %d %v", c.today, kind, seq, ok, c.kind, c.seq, c.ok)
		}
	}
}

// sentReminder is one reminder as the test expects it: the report, which
// reminder, and the day (from the start of the test) it went out.
type sentReminder struct {
	report int64
	kind   ReminderKind
	seq    int
	day    int
}

// TestRemindReports runs the reminder worker once a day for 75 days of a
// fake clock, two workers at once each day and a third after them, and
// checks that every reminder went out exactly once, on its day: 30 and 7
// days before the due date, on becoming overdue and weekly after; a
// reminder missed before the first run goes out late once, without its
// stale predecessors; submitted or accepted reports and projects no longer
// running get none.
func TestRemindReports(t *testing.T) {
	forEachDialect(t, func(t *testing.T, db *gorm.DB, dialect string) {
		ctx := context.Background()
		w := newEvWorld(t, db, dialect)
		var mailed atomic.Int64
		w.s.SetNotifier(func(_ context.Context, tx *gorm.DB, rows []Notification) error {
			if tx == nil {
				return fmt.Errorf("notifier called outside the transaction")
			}
			mailed.Add(int64(len(rows)))
			return nil
		})
		today := DateOf(evNow)
		project := func(n int, state workflow.State, officer bool) *Project {
			p := w.project(t, n, state)
			if officer {
				remindExec(t, db, "UPDATE projects SET officer_id = ? WHERE id = ?", w.officer, p.ID)
			}
			return p
		}
		report := func(p *Project, seq, dueIn int, status ReportStatus) int64 {
			r := Report{ProjectID: p.ID, Kind: ReportProgress, Seq: seq, DueOn: today.AddDays(dueIn), Status: status}
			mustCreate(t, db, &r)
			return r.ID
		}
		pA := project(1, workflow.Active, true)
		pB := project(2, workflow.Active, false)
		pC := project(3, workflow.Active, true)
		pD := project(4, workflow.Suspended, true)
		pE := project(5, workflow.Completed, true)
		r1 := report(pA, 1, 40, ReportDue)                // submitted on day 50
		r4 := report(pA, 2, 20, ReportAccepted)           // never
		r2 := report(pB, 1, 40, ReportDue)                // no officer: the applicant only
		r5 := report(pC, 1, 5, ReportDue)                 // first run inside the 7-day window
		r6 := report(pD, 1, -20, ReportRevisionRequested) // first run three weeks late; accepted on day 10
		r3 := report(pE, 1, 20, ReportDue)                // the project is over
		_, _ = r3, r4

		want := []sentReminder{
			{r1, ReminderDue30, 0, 10}, {r1, ReminderDue7, 0, 33}, {r1, ReminderOverdue, 0, 41}, {r1, ReminderOverdue, 1, 48},
			{r2, ReminderDue30, 0, 10}, {r2, ReminderDue7, 0, 33}, {r2, ReminderOverdue, 0, 41}, {r2, ReminderOverdue, 1, 48},
			{r2, ReminderOverdue, 2, 55}, {r2, ReminderOverdue, 3, 62}, {r2, ReminderOverdue, 4, 69},
			{r5, ReminderDue7, 0, 0}, {r5, ReminderOverdue, 0, 6}, {r5, ReminderOverdue, 1, 13}, {r5, ReminderOverdue, 2, 20},
			{r5, ReminderOverdue, 3, 27},
			{r6, ReminderOverdue, 2, 0}, {r6, ReminderOverdue, 3, 2}, {r6, ReminderOverdue, 4, 9},
		}
		perDay := map[int]int{}
		for _, r := range want {
			perDay[r.day]++
		}
		for day := 0; day <= 75; day++ {
			switch day {
			case 10:
				remindExec(t, db, "UPDATE reports SET status = ? WHERE id = ?", ReportAccepted, r6)
			case 15:
				remindExec(t, db, "UPDATE projects SET state = ? WHERE id = ?", workflow.Suspended, pC.ID)
			case 30:
				remindExec(t, db, "UPDATE projects SET state = ? WHERE id = ?", workflow.Terminated, pC.ID)
			case 50:
				remindExec(t, db, "UPDATE reports SET status = ? WHERE id = ?", ReportSubmitted, r1)
			}
			// Servers run on their own clocks: a few hours apart, same day.
			at := evNow.AddDate(0, 0, day)
			var wg sync.WaitGroup
			counts, errs := make([]int, 2), make([]error, 2)
			for i := range 2 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					counts[i], errs[i] = w.s.RemindReports(ctx, at.Add(time.Duration(i)*time.Hour))
				}()
			}
			wg.Wait()
			for _, err := range errs {
				if err != nil {
					t.Fatalf("day %d: %v", day, err)
				}
			}
			again, err := w.s.RemindReports(ctx, at.Add(10*time.Hour))
			if err != nil {
				t.Fatalf("day %d, third run: %v", day, err)
			}
			if got := counts[0] + counts[1] + again; got != perDay[day] {
				t.Fatalf("day %d: %d reminders (%v then %d), want %d", day, got, counts, again, perDay[day])
			}
		}

		var rows []ReportReminder
		if err := db.Order("report_id, sent_at").Find(&rows).Error; err != nil {
			t.Fatal(err)
		}
		var got []sentReminder
		for _, r := range rows {
			got = append(got, sentReminder{r.ReportID, r.Kind, r.Seq, today.DaysUntil(DateOf(r.SentAt))})
		}
		key := func(r sentReminder) string { return fmt.Sprintf("%d/%s/%d@%d", r.report, r.kind, r.seq, r.day) }
		var gotKeys, wantKeys []string
		for _, r := range got {
			gotKeys = append(gotKeys, key(r))
		}
		for _, r := range want {
			wantKeys = append(wantKeys, key(r))
		}
		slices.Sort(gotKeys)
		slices.Sort(wantKeys)
		if !slices.Equal(gotKeys, wantKeys) {
			t.Fatalf("reminders sent:\n %v\nwant\n %v", gotKeys, wantKeys)
		}

		// Each reminder told the applicant and, where the project has one,
		// its officer; each notification has its e-mail.
		officerOf := map[int64]bool{r1: true, r2: false, r5: true, r6: true}
		wantPI, wantOfficer := 0, 0
		for _, r := range want {
			wantPI++
			if officerOf[r.report] {
				wantOfficer++
			}
		}
		if n := count(t, db, &Notification{}, "user_id = ? AND kind IN ?", w.pi, []string{"report.due_soon", "report.overdue"}); n != int64(wantPI) {
			t.Errorf("applicant got %d reminders, want %d", n, wantPI)
		}
		if n := count(t, db, &Notification{}, "user_id = ?", w.officer); n != int64(wantOfficer) {
			t.Errorf("officer got %d reminders, want %d", n, wantOfficer)
		}
		if n := count(t, db, &Notification{}, "message_key = ?", "notify.report.overdue"); n == 0 {
			t.Error("no overdue notification")
		}
		if got := mailed.Load(); got != int64(wantPI+wantOfficer) {
			t.Errorf("%d notifications handed to the mailer, want %d", got, wantPI+wantOfficer)
		}
		var n Notification
		if err := db.Where("project_id = ? AND kind = ?", pB.ID, "report.due_soon").Order("id").First(&n).Error; err != nil {
			t.Fatal(err)
		}
		if want := fmt.Sprintf(`{"code":%q,"due_on":%q}`, pB.Code, today.AddDays(40).String()); n.Params != want ||
			n.MessageKey != "notify.report.due_soon" || !n.CreatedAt.Equal(evNow.AddDate(0, 0, 10)) && !n.CreatedAt.Equal(evNow.AddDate(0, 0, 10).Add(time.Hour)) {
			t.Errorf("notification %+v", n)
		}
	})
}

// TestRemindReportsRescheduled: a report whose due date moves is reminded
// of the new date, even in a window it was already reminded in.
func TestRemindReportsRescheduled(t *testing.T) {
	forEachDialect(t, func(t *testing.T, db *gorm.DB, dialect string) {
		ctx := context.Background()
		w := newEvWorld(t, db, dialect)
		p := w.project(t, 1, workflow.Active)
		today := DateOf(evNow)
		r := Report{ProjectID: p.ID, Kind: ReportFinal, Seq: 1, DueOn: today.AddDays(3), Status: ReportDue}
		mustCreate(t, db, &r)
		for i, want := range []int{1, 0} {
			if n, err := w.s.RemindReports(ctx, evNow); err != nil || n != want {
				t.Fatalf("run %d: %d, %v; want %d", i, n, err, want)
			}
		}
		remindExec(t, db, "UPDATE reports SET due_on = ? WHERE id = ?", today.AddDays(5), r.ID)
		if n, err := w.s.RemindReports(ctx, evNow); err != nil || n != 1 {
			t.Fatalf("after rescheduling: %d, %v; want 1", n, err)
		}
		if n := count(t, db, &Notification{}, "user_id = ? AND message_key = ?", w.pi, "notify.report.due_soon"); n != 2 {
			t.Errorf("%d reminders, want 2", n)
		}
	})
}

func remindExec(t *testing.T, db *gorm.DB, sql string, args ...any) {
	t.Helper()
	if err := db.Exec(sql, args...).Error; err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}
