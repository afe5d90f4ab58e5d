package handlers_test

import (
	"fmt"
	"html"
	"maps"
	"net/http"
	"net/url"
	"strconv"
	"testing"

	"github.com/puente-science/puente/auth"
	"github.com/puente-science/puente/i18n"
	"github.com/puente-science/puente/models"
	"github.com/puente-science/puente/testdb"
	"github.com/puente-science/puente/workflow"
)

func init() { extraSpecs = append(extraSpecs, projectPageSpecs) }

// projectPageSpecs: the applicant reads and acts on their own project, the
// reviewer reads the one assigned to them, staff read all; another
// applicant's project answers 404 as if it did not exist.
func projectPageSpecs(t *testing.T, s *models.Store, users map[string]int64) map[string]spec {
	other := testUser(t, s, "pi-elsewhere@example.org", goodPassword, auth.Applicant)
	own := projectFixture(t, s, users["applicant"], workflow.ReviewComplete)
	foreign := projectFixture(t, s, other.ID, workflow.ReviewComplete)
	assign(t, s, own, users["reviewer"], users["officer"])
	page := func(id int64) string { return "/projects/" + strconv.FormatInt(id, 10) }
	// Staff see every project, so they have no foreign one; every actor is
	// listed because the matrix carries a foreign path over between actors.
	staffNone := map[string]string{"officer": "", "director": "", "admin": ""}
	mine := map[string]string{"applicant": page(foreign), "reviewer": page(foreign)}
	maps.Copy(mine, staffNone)
	theirs := page(own)
	events := func(id int64) string { return page(id) + "/events/withdraw" }
	return map[string]spec{
		"GET /projects/:id": {who: signed, own: theirs, missing: "/projects/99999999", foreignFor: mine},
		"POST /projects/:id/events/:event": {who: signed, own: events(own), missing: events(99999999),
			roles:      []auth.Role{auth.Applicant, auth.Officer, auth.Director},
			foreignFor: map[string]string{"applicant": events(foreign), "reviewer": "", "officer": "", "director": "", "admin": ""}},
	}
}

// projectFixture creates a project of a fresh open call, requesting
// 250 000.00 CNY, in a state, owned by pi.
func projectFixture(t *testing.T, s *models.Store, pi int64, state workflow.State) int64 {
	t.Helper()
	db := s.DB()
	var channel, officer int64
	if err := db.Model(&models.FundingChannel{}).Order("id").Limit(1).Pluck("id", &channel).Error; err != nil || channel == 0 {
		t.Fatalf("no channel: %v", err)
	}
	var n int64 // a suffix that makes this fixture's codes and addresses unique
	if err := db.Model(&models.Project{}).Count(&n).Error; err != nil {
		t.Fatal(err)
	}
	officer = testUser(t, s, fmt.Sprintf("call-owner-%d@example.org", n), goodPassword, auth.Officer).ID
	title := "Call"
	call := models.Call{ChannelID: channel, Code: fmt.Sprintf("PF-%d", n), Title: models.Texts{EN: &title},
		OpensAt: fixedNow.AddDate(0, -1, 0), ClosesAt: fixedNow.AddDate(0, 1, 0), TimeZone: "UTC",
		BudgetCapMinor: 30000000, Currency: "CNY", MinReviews: 1, ReportFrequencyMonths: 6,
		Status: models.CallPublished, CreatedBy: officer}
	if err := db.Create(&call).Error; err != nil {
		t.Fatal(err)
	}
	name, br := "Mangrove carbon under a changing climate", "BR"
	p := models.Project{Code: "PU-T-" + call.Code, CallID: &call.ID, ChannelID: channel, Type: models.TypeResearchProject,
		State: state, Lang: "en", Title: models.Texts{EN: &name}, PIUserID: pi, LeadCountryISO2: &br,
		Currency: "CNY", RequestedMinor: 25000000, Year: 2026}
	if err := db.Create(&p).Error; err != nil {
		t.Fatal(err)
	}
	if err := db.Create(&models.ProjectCountry{ProjectID: p.ID, CountryISO2: br, Lead: true}).Error; err != nil {
		t.Fatal(err)
	}
	return p.ID
}

func assign(t *testing.T, s *models.Store, project, reviewer, by int64) {
	t.Helper()
	a := models.ReviewAssignment{ProjectID: project, ReviewerID: reviewer, AssignedBy: by, Status: models.AssignmentSubmitted}
	if err := s.DB().Create(&a).Error; err != nil {
		t.Fatal(err)
	}
}

// msg is a message as an English page shows it.
func msg(key string) string { return html.EscapeString(i18n.Default().Message(i18n.EN, key)) }

func TestProjectEvents(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		e := newEnv(t, s, -1)
		pi := testUser(t, s, "pi@example.org", goodPassword, auth.Applicant)
		testUser(t, s, "stranger@example.org", goodPassword, auth.Applicant)
		testUser(t, s, "dir@example.org", goodPassword, auth.Director)
		testUser(t, s, "off@example.org", goodPassword, auth.Officer)
		rev := testUser(t, s, "rev@example.org", goodPassword, auth.Reviewer)
		id := projectFixture(t, s, pi.ID, workflow.ReviewComplete)
		assign(t, s, id, rev.ID, pi.ID)
		page := "/projects/" + strconv.FormatInt(id, 10)
		as := func(email string) *browser {
			b := e.browser()
			b.signIn(t, email, goodPassword)
			return b
		}
		counts := func() (decisions, audits int64) {
			s.DB().Model(&models.Decision{}).Where("project_id = ?", id).Count(&decisions)
			s.DB().Model(&models.AuditEntry{}).Where("project_id = ?", id).Count(&audits)
			return
		}

		stranger := as("stranger@example.org")
		if res := stranger.get(t, page); res.status != http.StatusNotFound {
			t.Errorf("another applicant's page: %d", res.status)
		}
		if res := stranger.post(t, page+"/events/withdraw", url.Values{"version": {"1"}}); res.status != http.StatusNotFound {
			t.Errorf("another applicant withdraws: %d", res.status)
		}

		// Buttons per role.
		for _, c := range []struct {
			email     string
			want, not []string
		}{
			{"pi@example.org", []string{"/events/withdraw"}, []string{"/events/approve", "/events/reject"}},
			{"rev@example.org", nil, []string{"/events/"}},
			{"off@example.org", nil, []string{"/events/"}},
			{"dir@example.org", []string{"/events/approve", "/events/reject", "/events/request_revision", `name="version" value="1"`},
				[]string{"/events/withdraw"}},
		} {
			res := as(c.email).get(t, page)
			if res.status != http.StatusOK {
				t.Fatalf("%s reads the page: %d", c.email, res.status)
			}
			mustContain(t, res.body, append(c.want, "Mangrove carbon under a changing climate", "CN¥")...)
			mustNotContain(t, res.body, c.not...)
		}

		dir := as("dir@example.org")
		dir.get(t, page)
		res := dir.post(t, page+"/events/reject", url.Values{"version": {"1"}, "comment": {"  "}})
		if res.status != http.StatusUnprocessableEntity {
			t.Fatalf("reject without a comment: %d", res.status)
		}
		mustContain(t, res.body, msg(workflow.ErrNeedComment), `id="f-comment-reject-error"`)
		res = dir.post(t, page+"/events/approve", url.Values{"version": {"1"}, "award": {"300000.01"},
			"conditions": {"Report twice a year."}, "comment": {"Strong reviews."}})
		if res.status != http.StatusUnprocessableEntity {
			t.Fatalf("approve over the cap: %d", res.status)
		}
		mustContain(t, res.body, msg(workflow.ErrAward), `value="300000.01"`, "Report twice a year.", "Strong reviews.")
		if d, a := counts(); d != 0 || a != 0 {
			t.Fatalf("refusals wrote %d decisions, %d audit entries", d, a)
		}

		res = dir.post(t, page+"/events/approve", url.Values{"version": {"1"}, "award": {"150,000.00"},
			"conditions": {"Report twice a year."}})
		if res.status != http.StatusSeeOther || res.header.Get("Location") != page+"?done=approve" {
			t.Fatalf("approve: %d %q", res.status, res.header.Get("Location"))
		}
		var p models.Project
		s.DB().Take(&p, id)
		if p.State != workflow.Approved || p.AwardedMinor == nil || *p.AwardedMinor != 15000000 || p.Version != 2 {
			t.Fatalf("after approve: %s %v v%d", p.State, p.AwardedMinor, p.Version)
		}

		// A second director still on the old page.
		res = dir.post(t, page+"/events/reject", url.Values{"version": {"1"}, "comment": {"Too expensive."}})
		if res.status != http.StatusConflict {
			t.Fatalf("stale reject: %d", res.status)
		}
		mustContain(t, res.body, `id="event-error"`, msg("state.approved"), "Too expensive.")
		if d, a := counts(); d != 1 || a != 1 {
			t.Errorf("after the stale reject: %d decisions, %d audit entries", d, a)
		}

		// The applicant sees the decision in the timeline, in their zone.
		s.DB().Model(&models.User{}).Where("id = ?", pi.ID).Update("time_zone", "America/Sao_Paulo")
		res = as("pi@example.org").get(t, page+"?done=approve")
		mustContain(t, res.body, msg("project.notice.approve"), "27 Nov 2026 06:00 UTC−3", "dir", msg("state.approved"))
		mustNotContain(t, res.body, "/events/")
		var n int64
		s.DB().Model(&models.Notification{}).Where("user_id = ? AND message_key = ?", pi.ID, "notify.project.approved").Count(&n)
		if n != 1 {
			t.Errorf("applicant notified %d times", n)
		}
	})
}

// TestProjectPageQueries: the page costs the same number of queries with one
// reviewer and history entry as with thirty.
func TestProjectPageQueries(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		e := newEnv(t, s, -1)
		pi := testUser(t, s, "pi@example.org", goodPassword, auth.Applicant)
		testUser(t, s, "dir@example.org", goodPassword, auth.Director)
		b := e.browser()
		b.signIn(t, "dir@example.org", goodPassword)
		cost := func(reviewers int) int64 {
			id := projectFixture(t, s, pi.ID, workflow.ReviewComplete)
			for i := range reviewers {
				r := testUser(t, s, fmt.Sprintf("r%d-%d@example.org", reviewers, i), goodPassword, auth.Reviewer)
				assign(t, s, id, r.ID, pi.ID)
				from, to := "in_review", "review_complete"
				a := models.AuditEntry{At: fixedNow, ActorID: &r.ID, Action: "project.test", Entity: "project",
					ProjectID: &id, FromState: &from, ToState: &to}
				if err := s.DB().Create(&a).Error; err != nil {
					t.Fatal(err)
				}
			}
			e.queries.Reset()
			if res := b.get(t, "/projects/"+strconv.FormatInt(id, 10)); res.status != http.StatusOK {
				t.Fatalf("page: %d", res.status)
			}
			return e.queries.Count()
		}
		if one, thirty := cost(1), cost(30); one != thirty {
			t.Errorf("queries: %d with one reviewer, %d with thirty", one, thirty)
		}
	})
}
