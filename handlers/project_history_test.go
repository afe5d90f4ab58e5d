package handlers_test

import (
	"context"
	"fmt"
	"html"
	"maps"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/puente-science/puente/auth"
	"github.com/puente-science/puente/i18n"
	"github.com/puente-science/puente/models"
	"github.com/puente-science/puente/testdb"
	"github.com/puente-science/puente/workflow"
)

func init() { extraSpecs = append(extraSpecs, historySpecs) }

// historySpecs: the history page follows the project page: its applicant,
// its reviewers and staff read it; another applicant's project is 404.
func historySpecs(t *testing.T, s *models.Store, users map[string]int64) map[string]spec {
	other := testUser(t, s, "history-elsewhere@example.org", goodPassword, auth.Applicant)
	own := projectFixture(t, s, users["applicant"], workflow.Active)
	foreign := projectFixture(t, s, other.ID, workflow.Active)
	assign(t, s, own, users["reviewer"], users["officer"])
	history := func(id int64) string { return "/projects/" + strconv.FormatInt(id, 10) + "/history" }
	mine := map[string]string{"applicant": history(foreign), "reviewer": history(foreign)}
	maps.Copy(mine, map[string]string{"officer": "", "director": "", "admin": ""})
	return map[string]spec{
		"GET /projects/:id/history": {who: signed, own: history(own), missing: history(99999999), foreignFor: mine},
	}
}

// timelineWorld is an active project with a history of every kind.
type timelineWorld struct {
	project               int64
	pi, officer, reviewer *models.User
	at                    time.Time
}

func (w *timelineWorld) add(t *testing.T, s *models.Store, e models.AuditEntry) {
	t.Helper()
	w.at = w.at.Add(time.Minute)
	e.At, e.ProjectID = w.at, &w.project
	if e.Entity == "" {
		e.Entity = "project"
	}
	if err := s.DB().Create(&e).Error; err != nil {
		t.Fatal(err)
	}
}

func ptr[T any](v T) *T { return &v }

func newTimelineWorld(t *testing.T, s *models.Store) *timelineWorld {
	t.Helper()
	db := s.DB()
	w := &timelineWorld{at: fixedNow.AddDate(0, -6, 0)}
	w.pi = testUser(t, s, "pi@example.org", goodPassword, auth.Applicant)
	w.officer = testUser(t, s, "officer@example.org", goodPassword, auth.Officer)
	w.reviewer = testUser(t, s, "rita@example.org", goodPassword, auth.Reviewer)
	w.project = projectFixture(t, s, w.pi.ID, workflow.Active)
	a := models.ReviewAssignment{ProjectID: w.project, ReviewerID: w.reviewer.ID, AssignedBy: w.officer.ID,
		Status: models.AssignmentSubmitted, Round: 1}
	if err := db.Create(&a).Error; err != nil {
		t.Fatal(err)
	}
	file := models.Attachment{ProjectID: w.project, Kind: models.AttachmentBudget, Filename: "budget-2026.xlsx",
		StorageKey: "hist/budget", ContentType: "application/vnd.ms-excel", SizeBytes: 10, SHA256: strings.Repeat("a", 64),
		UploadedBy: w.pi.ID, CreatedAt: fixedNow}
	if err := db.Create(&file).Error; err != nil {
		t.Fatal(err)
	}
	pi, off, rev := &w.pi.ID, &w.officer.ID, &w.reviewer.ID
	w.add(t, s, models.AuditEntry{ActorID: pi, Action: "project.create", ToState: ptr("draft")})
	w.add(t, s, models.AuditEntry{ActorID: pi, Action: "attachment.added", Entity: "attachment", EntityID: &file.ID})
	w.add(t, s, models.AuditEntry{ActorID: pi, Action: "project.submit", FromState: ptr("draft"), ToState: ptr("submitted")})
	w.add(t, s, models.AuditEntry{ActorID: off, Action: "review.assign", Entity: "review_assignment", EntityID: &a.ID,
		Meta: ptr(`{"reviewer_id":1}`)})
	w.add(t, s, models.AuditEntry{ActorID: rev, Action: "review.conflict", Entity: "review_assignment", EntityID: &a.ID,
		Comment: ptr("I once shared a grant with the PI")})
	w.add(t, s, models.AuditEntry{ActorID: rev, Action: "review.submit", Entity: "review_assignment", EntityID: &a.ID})
	w.add(t, s, models.AuditEntry{Action: "project.complete_review", FromState: ptr("in_review"), ToState: ptr("review_complete")})
	w.add(t, s, models.AuditEntry{ActorID: off, Action: "project.officer", Meta: ptr(`{"officer_id":2}`)})
	w.add(t, s, models.AuditEntry{ActorID: off, Action: "project.record_agreement", FromState: ptr("approved"), ToState: ptr("active")})
	w.add(t, s, models.AuditEntry{ActorID: pi, Action: "report.submit", Entity: "report", EntityID: ptr(int64(1)),
		Meta: ptr(`{"kind":"progress","seq":1,"from":"due","to":"submitted"}`)})
	w.add(t, s, models.AuditEntry{ActorID: off, Action: "report.accept", Entity: "report", EntityID: ptr(int64(1)),
		Meta: ptr(`{"kind":"progress","seq":1,"from":"submitted","to":"accepted"}`)})
	w.add(t, s, models.AuditEntry{ActorID: off, Action: "tranche.pay", Entity: "tranche", EntityID: ptr(int64(1)),
		Meta: ptr(`{"seq":1,"amount_minor":5000000,"paid_on":"2026-10-02"}`)})
	return w
}

// TestProjectTimeline: staff see every entry of a project's history with
// its label and what it concerns, but not a conflict's confidential note;
// the applicant sees the transitions, their own doings and what staff did
// about their reports and tranches, never a reviewer; a reviewer sees the
// transitions.
func TestProjectTimeline(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		e := newEnv(t, s, -1)
		w := newTimelineWorld(t, s)
		page := "/projects/" + strconv.FormatInt(w.project, 10)
		en := func(key string) string { return msg("audit." + key) }
		ctx := i18n.WithLocalizer(context.Background(), i18n.Localizer{Lang: i18n.EN, Catalog: i18n.Default()})
		tranche := html.EscapeString(i18n.T(ctx, "history.tranche", "seq", 1, "amount", i18n.Money(ctx, 5000000, "CNY")))

		officer := e.browser()
		officer.signIn(t, "officer@example.org", goodPassword)
		body := officer.get(t, page).body
		mustContain(t, body, en("attachment.added"), "budget-2026.xlsx", en("review.assign"), "rita", en("review.conflict"),
			en("review.submit"), en("project.officer"), en("report.submit"), en("report.accept"), html.EscapeString("progress report 1"),
			en("tranche.pay"), tranche, msg("project.timeline.system"))
		mustNotContain(t, body, "I once shared a grant", msg("project.timeline.all"))

		applicant := e.browser()
		applicant.signIn(t, "pi@example.org", goodPassword)
		body = applicant.get(t, page).body
		mustContain(t, body, en("attachment.added"), "budget-2026.xlsx", en("report.submit"), en("report.accept"), en("tranche.pay"),
			msg("project.timeline.created"))
		mustNotContain(t, body, en("review.assign"), en("review.conflict"), en("review.submit"), "rita", "I once shared",
			en("project.officer"))

		reviewer := e.browser()
		reviewer.signIn(t, "rita@example.org", goodPassword)
		body = reviewer.get(t, page).body
		mustContain(t, body, msg("project.timeline.created"))
		mustNotContain(t, body, en("attachment.added"), en("report.accept"), en("tranche.pay"), en("review.submit"))

		// A long history: the page shows the latest entries and links to
		// the history, in the same number of queries.
		cost := func() int64 {
			e.queries.Reset()
			if res := officer.get(t, page); res.status != http.StatusOK {
				t.Fatalf("page: %d", res.status)
			}
			return e.queries.Count()
		}
		short := cost()
		rows := make([]models.AuditEntry, 0, 250)
		for i := range 250 {
			rows = append(rows, models.AuditEntry{At: w.at.Add(time.Duration(i+1) * time.Minute), ActorID: &w.pi.ID,
				Action: "project.saved", Entity: "project", EntityID: &w.project, ProjectID: &w.project})
		}
		if err := s.DB().CreateInBatches(rows, 100).Error; err != nil {
			t.Fatal(err)
		}
		if long := cost(); long != short {
			t.Errorf("queries: %d with 12 entries, %d with 262", short, long)
		}
		body = officer.get(t, page).body
		mustContain(t, body, msg("project.timeline.all"), `href="`+page+`/history"`)
		if n := strings.Count(body, `class="timeline-item"`); n != models.TimelineCap {
			t.Errorf("%d entries on the page, want %d", n, models.TimelineCap)
		}
		mustNotContain(t, body, msg("project.timeline.created")) // the oldest entry, on the history page only

		first := officer.get(t, page+"/history")
		mustContain(t, first.body, msg("project.timeline.created"), "budget-2026.xlsx", html.EscapeString(i18n.TN(ctx, "history.count", 262)), page+"/history?page=2")
		if n := strings.Count(first.body, `class="timeline-item"`); n != 50 {
			t.Errorf("%d entries on the first history page, want 50", n)
		}
		last := officer.get(t, page+"/history?page=99")
		if last.status != http.StatusOK || strings.Count(last.body, `class="timeline-item"`) != 262-5*50 {
			t.Errorf("last page: %d, %d entries", last.status, strings.Count(last.body, `class="timeline-item"`))
		}
		// The applicant's history holds their saves too, never the reviews.
		mine := applicant.get(t, page+"/history?page=1")
		mustContain(t, mine.body, html.EscapeString(i18n.TN(ctx, "history.count", 250+8)))
		mustNotContain(t, mine.body, "rita")
	})
}

// auditLine finds the lines of Go code that write audit entries: they
// mention audit or an action.
var (
	auditLine    = regexp.MustCompile(`(?i)audit|\baction\b`)
	auditI18nUse = regexp.MustCompile(`\bTN?\(ctx, "[^"]*"`)
	auditAction  = regexp.MustCompile(`"([a-z_]+\.[a-z_]+)"`)
)

// TestAuditActionsHaveLabels scans the code for the audit actions it
// writes ("project.<event>" for every workflow event, and every literal
// "area.action" on a line that writes an audit entry or names an action)
// and fails on any without a label (audit.<action>) in the catalogs: the
// history shows every entry by its label.
func TestAuditActionsHaveLabels(t *testing.T) {
	actions := map[string]string{}
	for _, ev := range workflow.Events {
		actions["project."+string(ev)] = "workflow"
	}
	err := filepath.WalkDir("..", func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			switch d.Name() {
			case "node_modules", ".git", "auth", "e2e":
				return filepath.SkipDir // auth's actions are permissions, not audit entries
			}
			return nil
		}
		if !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") || strings.HasSuffix(path, "_templ.go") {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for i, line := range strings.Split(string(b), "\n") {
			if !auditLine.MatchString(line) {
				continue
			}
			for _, m := range auditAction.FindAllStringSubmatch(auditI18nUse.ReplaceAllString(line, ""), -1) {
				actions[m[1]] = fmt.Sprintf("%s:%d", path, i+1)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"project.create", "review.assign", "attachment.added", "auth.login"} {
		if actions[want] == "" {
			t.Fatalf("the scanner missed %s; is it broken?", want)
		}
	}
	c := i18n.Default()
	for a, where := range actions {
		if !c.Has(i18n.EN, "audit."+a) {
			t.Errorf("%s (%s) has no label audit.%s in the catalogs", a, where, a)
		}
	}
}
