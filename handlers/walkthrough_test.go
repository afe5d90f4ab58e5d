package handlers_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/puente-science/puente/auth"
	"github.com/puente-science/puente/models"
	"github.com/puente-science/puente/testdb"
	"github.com/puente-science/puente/workflow"
)

// walk is the four kinds of people of one walk-through, signed in, and the
// application they move.
type walk struct {
	t                      *testing.T
	s                      *models.Store
	applicant, off, dir    *browser
	reviewers              map[string]*browser
	ids                    map[string]int64
	project                int64
	page                   string
	merit, impact          string // the rubric's score fields
	applicantComments      []string
	confidential, reviewer []string // what the applicant must never read
}

func newWalk(t *testing.T, s *models.Store) *walk {
	e := newEnv(t, s, -1)
	w := &walk{t: t, s: s, reviewers: map[string]*browser{}, ids: map[string]int64{}}
	as := func(email string, role auth.Role) *browser {
		u := testUser(t, s, email, goodPassword, role)
		w.ids[email] = u.ID
		b := e.browser()
		b.signIn(t, email, goodPassword)
		return b
	}
	w.applicant = as("lucia.pi@example.org", auth.Applicant)
	w.off = as("officer@example.org", auth.Officer)
	w.dir = as("director@example.org", auth.Director)
	for _, name := range []string{"xiomara.rev", "yusuf.rev", "zelda.rev"} {
		w.reviewers[name] = as(name+"@example.org", auth.Reviewer)
	}
	return w
}

// apply applies to a fresh open call through the call page's form, fills in
// the whole application with its two files, and returns the project page.
func (w *walk) apply() {
	t, s := w.t, w.s
	c := appCall(t, s, w.ids["officer@example.org"], models.CallPublished, models.ProjectTypes...)
	res := w.applicant.post(t, callURL(c, "/apply"), url.Values{"type": {"research_project"}, "title": {"Mangroves and carbon"}})
	edit, _, _ := strings.Cut(res.header.Get("Location"), "?")
	if res.status != http.StatusSeeOther || !strings.HasSuffix(edit, "/edit") {
		t.Fatalf("apply: %d %q", res.status, res.header.Get("Location"))
	}
	id, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimPrefix(edit, "/projects/"), "/edit"), 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	w.project, w.page = id, "/projects/"+strconv.FormatInt(id, 10)
	merit, impact := rubricFixture(t, s, id, 2)
	w.merit, w.impact = "score_"+strconv.FormatInt(merit, 10), "score_"+strconv.FormatInt(impact, 10)
	res = w.applicant.multipart(t, edit, appForm(t, s, models.TypeResearchProject, versionOf(t, s, id)),
		testFile{"file_cv", "cv.pdf", []byte(testPDF)}, testFile{"file_proposal", "proposal.pdf", []byte(testPDF)})
	if res.status != http.StatusSeeOther {
		t.Fatalf("save the application: %d", res.status)
	}
	w.expect(workflow.Draft)
}

// fire posts an event with the version the page shows and checks it landed.
func (w *walk) fire(b *browser, event workflow.Event, fields url.Values, want workflow.State) {
	w.t.Helper()
	if fields == nil {
		fields = url.Values{}
	}
	fields.Set("version", versionOf(w.t, w.s, w.project))
	res := b.post(w.t, w.page+"/events/"+string(event), fields)
	if res.status != http.StatusSeeOther {
		w.t.Fatalf("%s: %d\n%s", event, res.status, res.body)
	}
	w.expect(want)
}

func (w *walk) expect(want workflow.State) {
	w.t.Helper()
	var p models.Project
	if err := w.s.DB().Select("state").Take(&p, w.project).Error; err != nil {
		w.t.Fatal(err)
	}
	if p.State != want {
		w.t.Fatalf("project is %s, want %s", p.State, want)
	}
}

// assign has the officer assign reviewers by their names.
func (w *walk) assign(names ...string) {
	w.t.Helper()
	f := url.Values{"due_on": {"2026-12-20"}}
	for _, n := range names {
		f.Add("reviewer", strconv.FormatInt(w.ids[n+"@example.org"], 10))
	}
	if res := w.off.post(w.t, w.page+"/reviewers", f); res.status != http.StatusSeeOther {
		w.t.Fatalf("assign %v: %d", names, res.status)
	}
}

// review has a reviewer declare no conflict and submit a review.
func (w *walk) review(name, merit, impact string, rec models.Recommendation, forApplicant, confidential string) {
	w.t.Helper()
	b := w.reviewers[name]
	path := "/reviews/" + strconv.FormatInt(assignmentOf(w.t, w.s, w.project, w.ids[name+"@example.org"]), 10)
	if res := b.post(w.t, path, url.Values{"action": {"declare"}, "conflict": {"no"}}); res.status != http.StatusSeeOther {
		w.t.Fatalf("%s declares no conflict: %d", name, res.status)
	}
	res := b.post(w.t, path, url.Values{"action": {"submit"}, w.merit: {merit}, w.impact: {impact},
		"recommendation": {string(rec)}, "comment_applicant": {forApplicant}, "comment_confidential": {confidential}})
	if res.status != http.StatusSeeOther {
		w.t.Fatalf("%s submits: %d", name, res.status)
	}
	w.applicantComments = append(w.applicantComments, forApplicant)
	w.confidential = append(w.confidential, confidential)
	w.reviewer = append(w.reviewer, name)
}

// TestWalkThroughEveryPath walks one application through submit → return →
// submit again → screening with a conflict and a reassignment → review →
// revision requested → resubmit → a second review round → approve, all
// through the pages the four people use; then, separately, withdraw,
// screen_out and reject.
func TestWalkThroughEveryPath(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		w := newWalk(t, s)
		w.apply()
		w.fire(w.applicant, workflow.Submit, nil, workflow.Submitted)

		// Returned for a missing detail, then submitted again.
		w.fire(w.off, workflow.Return, url.Values{"comment": {"Please name the field sites."}}, workflow.Draft)
		res := w.applicant.get(t, editURL(w.project))
		mustContain(t, res.body, "Please name the field sites.")
		f := appForm(t, s, models.TypeResearchProject, versionOf(t, s, w.project))
		f.Set("work_packages", "WP1 sampling at Guaratiba and Isla Chiloé; WP2 modelling")
		if res := w.applicant.multipart(t, editURL(w.project), f); res.status != http.StatusSeeOther {
			t.Fatalf("save after return: %d", res.status)
		}
		w.fire(w.applicant, workflow.Submit, nil, workflow.Submitted)
		if res := w.applicant.get(t, editURL(w.project)); res.status != http.StatusSeeOther {
			t.Errorf("the applicant edits a submitted application: %d", res.status)
		}

		// Screening: two reviewers, one declares a conflict, a third replaces them.
		w.assign("xiomara.rev", "yusuf.rev")
		yusuf := "/reviews/" + strconv.FormatInt(assignmentOf(t, s, w.project, w.ids["yusuf.rev@example.org"]), 10)
		res = w.reviewers["yusuf.rev"].post(t, yusuf, url.Values{"action": {"declare"}, "conflict": {"yes"},
			"conflict_note": {"I co-supervise the applicant's student."}})
		if res.status != http.StatusSeeOther {
			t.Fatalf("declare a conflict: %d", res.status)
		}
		res = w.off.post(t, w.page+"/events/start_review", url.Values{"version": {versionOf(t, s, w.project)}})
		if res.status != http.StatusUnprocessableEntity {
			t.Fatalf("start_review one reviewer short: %d", res.status)
		}
		w.assign("zelda.rev")
		w.fire(w.off, workflow.StartReview, nil, workflow.InReview)
		w.review("xiomara.rev", "4", "3", models.RecommendFundWithChanges, "Sharpen the sampling design.", "Ambitious for the budget.")
		w.expect(workflow.InReview)
		w.review("zelda.rev", "3", "3", models.RecommendFundWithChanges, "Explain the data sharing plan.", "Weak data plan.")
		w.expect(workflow.ReviewComplete)

		// The director asks for a revision; the applicant answers and resubmits.
		res = w.dir.get(t, "/decisions")
		mustContain(t, res.body, w.page)
		w.fire(w.dir, workflow.RequestRevision, url.Values{"comment": {"Add a data management plan."}}, workflow.RevisionRequested)
		res = w.applicant.get(t, w.page)
		mustContain(t, res.body, "Add a data management plan.", "Sharpen the sampling design.", "Explain the data sharing plan.")
		mustNotContain(t, res.body, append(w.confidential, w.reviewer...)...)
		res = w.applicant.get(t, editURL(w.project))
		mustContain(t, res.body, "Add a data management plan.")
		f = appForm(t, s, models.TypeResearchProject, versionOf(t, s, w.project))
		f.Set("expected_outputs", "Three co-authored papers and an open dataset under a data management plan")
		if res := w.applicant.multipart(t, editURL(w.project), f); res.status != http.StatusSeeOther {
			t.Fatalf("revise: %d", res.status)
		}
		w.fire(w.applicant, workflow.Resubmit, url.Values{"comment": {"The plan is in section 2."}}, workflow.Submitted)

		// Round two: the same two reviewers again.
		w.assign("xiomara.rev", "zelda.rev")
		w.fire(w.off, workflow.StartReview, nil, workflow.InReview)
		w.review("xiomara.rev", "5", "4", models.RecommendFund, "The plan answers my concern.", "Fund it.")
		w.review("zelda.rev", "4", "4", models.RecommendFund, "Well revised.", "Good now.")
		w.expect(workflow.ReviewComplete)
		w.fire(w.dir, workflow.Approve, url.Values{"award": {"15,000.00"}, "conditions": {"Share the data openly."}},
			workflow.Approved)

		var p models.Project
		s.DB().Take(&p, w.project)
		if p.AwardedMinor == nil || *p.AwardedMinor != 1_500_000 || p.ReviewRound != 2 {
			t.Errorf("after approval: award %v, round %d", p.AwardedMinor, p.ReviewRound)
		}
		res = w.applicant.get(t, w.page)
		mustContain(t, res.body, "Share the data openly.", "The plan answers my concern.", "Well revised.")
		mustNotContain(t, res.body, append(w.confidential, w.reviewer...)...)
		for _, name := range []string{"xiomara.rev", "zelda.rev"} {
			if !strings.Contains(w.dir.get(t, w.page).body, name) {
				t.Errorf("the director does not see reviewer %s", name)
			}
		}

		// The log holds every step, in order.
		var actions []string
		s.DB().Model(&models.AuditEntry{}).Where("project_id = ? AND to_state IS NOT NULL", w.project).
			Order("at, id").Pluck("action", &actions)
		want := "project.create project.submit project.return project.submit project.start_review project.complete_review " +
			"project.request_revision project.resubmit project.start_review project.complete_review project.approve"
		if got := strings.Join(actions, " "); got != want {
			t.Errorf("the log:\n got %s\nwant %s", got, want)
		}
		var mails int64
		s.DB().Model(&models.MailOutbox{}).Where("to_address = ?", "lucia.pi@example.org").Count(&mails)
		if mails < int64(len(actions))-2 { // every change the applicant hears of, complete_review aside
			t.Errorf("the applicant got %d e-mails for %d changes", mails, len(actions))
		}
	})
}

// TestWalkThroughEndings: the three other ways an application ends.
func TestWalkThroughEndings(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		w := newWalk(t, s)
		t.Run("withdraw", func(t *testing.T) {
			w.t = t
			w.apply()
			w.fire(w.applicant, workflow.Submit, nil, workflow.Submitted)
			w.fire(w.applicant, workflow.Withdraw, nil, workflow.Withdrawn)
			res := w.off.post(t, w.page+"/events/return", url.Values{"version": {versionOf(t, s, w.project)}, "comment": {"x"}})
			if res.status != http.StatusUnprocessableEntity {
				t.Errorf("an event on a withdrawn application: %d", res.status)
			}
		})
		t.Run("screen_out", func(t *testing.T) {
			w.t = t
			w.apply()
			w.fire(w.applicant, workflow.Submit, nil, workflow.Submitted)
			res := w.off.post(t, w.page+"/events/screen_out", url.Values{"version": {versionOf(t, s, w.project)}})
			if res.status != http.StatusUnprocessableEntity {
				t.Fatalf("screen_out without a comment: %d", res.status)
			}
			w.fire(w.off, workflow.ScreenOut, url.Values{"comment": {"Outside the call's scope."}}, workflow.ScreenedOut)
			mustContain(t, w.applicant.get(t, w.page).body, "Outside the call&#39;s scope.")
		})
		t.Run("reject", func(t *testing.T) {
			w.t = t
			w.apply()
			w.fire(w.applicant, workflow.Submit, nil, workflow.Submitted)
			w.assign("xiomara.rev", "yusuf.rev")
			w.fire(w.off, workflow.StartReview, nil, workflow.InReview)
			w.review("xiomara.rev", "1", "2", models.RecommendDoNotFund, "The method is not described.", "Weak.")
			w.review("yusuf.rev", "2", "1", models.RecommendDoNotFund, "No partner commitment.", "No letters.")
			res := w.applicant.post(t, w.page+"/events/approve", url.Values{"version": {versionOf(t, s, w.project)}, "award": {"1"}})
			if res.status != http.StatusForbidden && res.status != http.StatusUnprocessableEntity {
				t.Errorf("the applicant approves: %d", res.status)
			}
			w.fire(w.dir, workflow.Reject, url.Values{"comment": {"Below the funding line."}}, workflow.Rejected)
			res = w.applicant.get(t, w.page)
			mustContain(t, res.body, "Below the funding line.", "The method is not described.", "No partner commitment.")
			mustNotContain(t, res.body, append(w.confidential, w.reviewer...)...)
		})
	})
}
