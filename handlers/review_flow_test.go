package handlers_test

import (
	"fmt"
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

// rubricFixture gives a project's call two criteria of unequal weight (3
// and 1) and a minimum of min reviews; it returns the criteria ids.
func rubricFixture(t *testing.T, s *models.Store, project int64, min int) (merit, impact int64) {
	t.Helper()
	var p models.Project
	if err := s.DB().Take(&p, project).Error; err != nil {
		t.Fatal(err)
	}
	if err := s.DB().Model(&models.Call{}).Where("id = ?", *p.CallID).Update("min_reviews", min).Error; err != nil {
		t.Fatal(err)
	}
	name, guide, impactName := "Scientific merit", "Is the question important and the method sound?", "Impact"
	guideES := "¿Es importante la pregunta y sólido el método?"
	cs := []models.RubricCriterion{
		{CallID: *p.CallID, Position: 1, Name: models.Texts{EN: &name}, Guidance: models.Texts{EN: &guide, ES: &guideES}, Weight: 3},
		{CallID: *p.CallID, Position: 2, Name: models.Texts{EN: &impactName}, Guidance: models.Texts{EN: &guide}, Weight: 1},
	}
	for i := range cs {
		if err := s.DB().Create(&cs[i]).Error; err != nil {
			t.Fatal(err)
		}
	}
	return cs[0].ID, cs[1].ID
}

// assignmentOf returns the id of a reviewer's assignment to a project.
func assignmentOf(t *testing.T, s *models.Store, project, reviewer int64) int64 {
	t.Helper()
	var id int64
	err := s.DB().Model(&models.ReviewAssignment{}).Where("project_id = ? AND reviewer_id = ?", project, reviewer).
		Order("round DESC").Limit(1).Pluck("id", &id).Error
	if err != nil || id == 0 {
		t.Fatalf("no assignment of reviewer %d to project %d: %v", reviewer, project, err)
	}
	return id
}

// TestReviewFlow plays the review of one application through the pages:
// assignment, a declared conflict that frees the slot, the replacement,
// start_review refused until enough reviewers, scoring with unequal
// weights, and the last review moving the project on by itself.
func TestReviewFlow(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		e := newEnv(t, s, -1)
		pi := testUser(t, s, "pi@example.org", goodPassword, auth.Applicant)
		testUser(t, s, "off@example.org", goodPassword, auth.Officer)
		ana := testUser(t, s, "ana.reviewer@example.org", goodPassword, auth.Reviewer)
		bo := testUser(t, s, "bo.reviewer@example.org", goodPassword, auth.Reviewer)
		cy := testUser(t, s, "cy.reviewer@example.org", goodPassword, auth.Reviewer)
		testUser(t, s, "dir@example.org", goodPassword, auth.Director)
		id := projectFixture(t, s, pi.ID, workflow.Submitted)
		merit, impact := rubricFixture(t, s, id, 2)
		page := "/projects/" + strconv.FormatInt(id, 10)
		as := func(email string) *browser {
			b := e.browser()
			b.signIn(t, email, goodPassword)
			return b
		}
		off, applicant := as("off@example.org"), as("pi@example.org")

		res := off.get(t, page+"/reviewers")
		if res.status != http.StatusOK {
			t.Fatalf("reviewers page: %d", res.status)
		}
		mustContain(t, res.body, "ana.reviewer", "bo.reviewer", "cy.reviewer", `value="2026-12-18"`, msg("review.assign.none"))
		res = off.get(t, page)
		mustContain(t, res.body, page+"/reviewers", "0 of 2 reviewers needed")

		// Bad input keeps what was typed.
		res = off.post(t, page+"/reviewers", url.Values{"reviewer": {strconv.FormatInt(ana.ID, 10)}, "due_on": {"2026-11-01"}})
		if res.status != http.StatusUnprocessableEntity {
			t.Fatalf("a due date in the past: %d", res.status)
		}
		mustContain(t, res.body, msg("review.assign.error.due_past"), `value="2026-11-01"`, `value="`+strconv.FormatInt(ana.ID, 10)+`" checked`)
		res = off.post(t, page+"/reviewers", url.Values{"due_on": {"2026-12-20"}})
		if res.status != http.StatusUnprocessableEntity {
			t.Fatalf("no reviewer ticked: %d", res.status)
		}
		mustContain(t, res.body, msg("review.assign.error.none"))

		res = off.post(t, page+"/reviewers", url.Values{"reviewer": {strconv.FormatInt(ana.ID, 10), strconv.FormatInt(bo.ID, 10)},
			"due_on": {"2026-12-20"}})
		if res.status != http.StatusSeeOther || res.header.Get("Location") != page+"/reviewers?done=assigned" {
			t.Fatalf("assign: %d %q", res.status, res.header.Get("Location"))
		}
		res = off.post(t, page+"/reviewers", url.Values{"reviewer": {strconv.FormatInt(ana.ID, 10)}, "due_on": {"2026-12-20"}})
		if res.status != http.StatusConflict {
			t.Fatalf("assigning twice: %d", res.status)
		}
		mustContain(t, res.body, "ana.reviewer is already assigned")
		var n int64
		s.DB().Model(&models.Notification{}).Where("user_id = ? AND message_key = ?", ana.ID, "notify.review.assigned").Count(&n)
		if n != 1 {
			t.Errorf("ana notified %d times", n)
		}

		// The applicant never sees who reviews.
		res = applicant.get(t, page)
		mustNotContain(t, res.body, "ana.reviewer", "bo.reviewer", "/reviewers")
		if res := applicant.get(t, page+"/reviewers"); res.status != http.StatusForbidden {
			t.Errorf("applicant on the reviewers page: %d", res.status)
		}

		anaB, boB, cyB := as("ana.reviewer@example.org"), as("bo.reviewer@example.org"), as("cy.reviewer@example.org")
		aAna, aBo := assignmentOf(t, s, id, ana.ID), assignmentOf(t, s, id, bo.ID)
		res = anaB.get(t, "/reviews")
		mustContain(t, res.body, "PU-T-", "Mangrove carbon under a changing climate", "/reviews/"+strconv.FormatInt(aAna, 10), "due in 23 days")
		mustNotContain(t, res.body, "bo.reviewer")
		if res := cyB.get(t, "/reviews/"+strconv.FormatInt(aAna, 10)); res.status != http.StatusNotFound {
			t.Errorf("another reviewer's review: %d", res.status)
		}
		if res := cyB.get(t, page); res.status != http.StatusNotFound {
			t.Errorf("an unassigned reviewer on the project: %d", res.status)
		}
		if res := anaB.get(t, page); res.status != http.StatusOK || !strings.Contains(res.body, "/reviews/"+strconv.FormatInt(aAna, 10)) {
			t.Errorf("the assigned reviewer on the project: %d", res.status)
		}

		// Bo has a conflict; the note is required.
		bReview := "/reviews/" + strconv.FormatInt(aBo, 10)
		res = boB.post(t, bReview, url.Values{"action": {"declare"}, "conflict": {"yes"}})
		if res.status != http.StatusUnprocessableEntity {
			t.Fatalf("conflict without a note: %d", res.status)
		}
		mustContain(t, res.body, msg("review.error.conflict_note"))
		res = boB.post(t, bReview, url.Values{"action": {"declare"}, "conflict": {"yes"}, "conflict_note": {"Co-author in 2025."}})
		if res.status != http.StatusSeeOther || res.header.Get("Location") != "/reviews?done=conflict" {
			t.Fatalf("declare a conflict: %d %q", res.status, res.header.Get("Location"))
		}
		if res := boB.get(t, page); res.status != http.StatusNotFound {
			t.Errorf("the conflicted reviewer still reads the project: %d", res.status)
		}
		res = off.get(t, page+"/reviewers")
		mustContain(t, res.body, "Co-author in 2025.", "1 of 2 reviewers needed")
		mustNotContain(t, res.body, `name="reviewer" value="`+strconv.FormatInt(bo.ID, 10)+`"`)

		// start_review waits for a replacement.
		res = off.post(t, page+"/events/start_review", url.Values{"version": {"1"}})
		if res.status != http.StatusUnprocessableEntity {
			t.Fatalf("start review one short: %d", res.status)
		}
		res = off.post(t, page+"/reviewers", url.Values{"reviewer": {strconv.FormatInt(cy.ID, 10)}, "due_on": {"2026-12-20"}})
		if res.status != http.StatusSeeOther {
			t.Fatalf("assign the replacement: %d", res.status)
		}
		res = off.post(t, page+"/events/start_review", url.Values{"version": {"1"}})
		if res.status != http.StatusSeeOther {
			t.Fatalf("start review: %d", res.status)
		}

		// Ana: no conflict, a draft, an incomplete submission, then the review.
		aReview := "/reviews/" + strconv.FormatInt(aAna, 10)
		res = anaB.get(t, aReview)
		mustContain(t, res.body, msg("review.conflict.question"))
		mustNotContain(t, res.body, `name="score_`)
		res = anaB.post(t, aReview, url.Values{"action": {"declare"}, "conflict": {"no"}})
		if res.status != http.StatusSeeOther {
			t.Fatalf("declare no conflict: %d", res.status)
		}
		sm, si := "score_"+strconv.FormatInt(merit, 10), "score_"+strconv.FormatInt(impact, 10)
		res = anaB.get(t, aReview)
		mustContain(t, res.body, `name="`+sm+`"`, "Is the question important and the method sound?", "weight 3")
		res = anaB.post(t, aReview, url.Values{"action": {"submit"}, sm: {"5"}, "recommendation": {"fund"},
			"comment_confidential": {"Strong team."}})
		if res.status != http.StatusUnprocessableEntity {
			t.Fatalf("incomplete submission: %d", res.status)
		}
		mustContain(t, res.body, msg("review.error.score_required"), msg("review.error.comment_required"), "Strong team.",
			`value="5" checked`, `value="fund" checked`)
		res = anaB.post(t, aReview, url.Values{"action": {"save"}, sm: {"5"}, "comment_applicant": {"Clear aims."}})
		if res.status != http.StatusSeeOther {
			t.Fatalf("save a draft: %d", res.status)
		}
		res = anaB.get(t, "/reviews")
		mustContain(t, res.body, msg("review.queue.in_progress"))
		res = anaB.post(t, aReview, url.Values{"action": {"submit"}, sm: {"5"}, si: {"2"}, "recommendation": {"fund"},
			"comment_applicant": {"Clear aims."}, "comment_confidential": {"Strong team."}})
		if res.status != http.StatusSeeOther || res.header.Get("Location") != aReview+"?done=submitted" {
			t.Fatalf("submit: %d %q", res.status, res.header.Get("Location"))
		}
		var rv models.Review
		s.DB().Where("assignment_id = ?", aAna).Take(&rv)
		if rv.WeightedScoreCenti == nil || *rv.WeightedScoreCenti != 425 {
			t.Fatalf("weighted score %v, want 425 ((5×3 + 2×1) / 4)", rv.WeightedScoreCenti)
		}
		res = anaB.get(t, aReview+"?done=submitted")
		mustContain(t, res.body, "4.25", msg("review.notice.submitted"), "Clear aims.")
		mustNotContain(t, res.body, `name="action"`)
		res = anaB.post(t, aReview, url.Values{"action": {"save"}, sm: {"1"}, "comment_applicant": {"Changed my mind."}})
		if res.status != http.StatusConflict {
			t.Fatalf("changing a submitted review: %d", res.status)
		}
		mustContain(t, res.body, msg("review.error.closed"))

		// Cy's review is the last: the project moves by itself.
		cReview := "/reviews/" + strconv.FormatInt(assignmentOf(t, s, id, cy.ID), 10)
		cyB.post(t, cReview, url.Values{"action": {"declare"}, "conflict": {"no"}})
		res = cyB.post(t, cReview, url.Values{"action": {"submit"}, sm: {"3"}, si: {"4"}, "recommendation": {"fund_with_changes"},
			"comment_applicant": {"Tighten the budget."}})
		if res.status != http.StatusSeeOther {
			t.Fatalf("last review: %d", res.status)
		}
		var p models.Project
		s.DB().Take(&p, id)
		if p.State != workflow.ReviewComplete {
			t.Fatalf("after the last review the project is %s", p.State)
		}
		var audits int64
		s.DB().Model(&models.AuditEntry{}).Where("project_id = ? AND action IN ?", id,
			[]string{"review.assign", "review.conflict", "review.no_conflict", "review.submit", "project.complete_review"}).Count(&audits)
		if audits != 3+1+2+2+1 {
			t.Errorf("%d audit entries, want 9", audits)
		}
		res = applicant.get(t, page)
		mustNotContain(t, res.body, "ana.reviewer", "cy.reviewer", "Strong team.")
	})
}

// TestReviewRoundTwo: after a revision the project starts round 2, where
// the same reviewer can be assigned again while round 1 stays read-only.
func TestReviewRoundTwo(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		e := newEnv(t, s, -1)
		pi := testUser(t, s, "pi@example.org", goodPassword, auth.Applicant)
		testUser(t, s, "off@example.org", goodPassword, auth.Officer)
		ana := testUser(t, s, "ana.reviewer@example.org", goodPassword, auth.Reviewer)
		id := projectFixture(t, s, pi.ID, workflow.Submitted)
		assign(t, s, id, ana.ID, pi.ID) // a submitted review of round 1
		if err := s.DB().Model(&models.Project{}).Where("id = ?", id).Update("review_round", 2).Error; err != nil {
			t.Fatal(err)
		}
		off := e.browser()
		off.signIn(t, "off@example.org", goodPassword)
		page := "/projects/" + strconv.FormatInt(id, 10)
		res := off.get(t, page+"/reviewers")
		mustContain(t, res.body, msg("review.assign.earlier"), `name="reviewer" value="`+strconv.FormatInt(ana.ID, 10)+`"`, "0 of 1 reviewers needed")
		res = off.post(t, page+"/reviewers", url.Values{"reviewer": {strconv.FormatInt(ana.ID, 10)}, "due_on": {"2026-12-20"}})
		if res.status != http.StatusSeeOther {
			t.Fatalf("assign in round 2: %d", res.status)
		}
		var rounds []int
		s.DB().Model(&models.ReviewAssignment{}).Where("project_id = ? AND reviewer_id = ?", id, ana.ID).Order("round").Pluck("round", &rounds)
		if fmt.Sprint(rounds) != "[1 2]" {
			t.Errorf("rounds %v", rounds)
		}
	})
}

// TestReviewPagesQueries: the reviewer's queue, a review and the
// reviewers page cost the same number of queries with one row as with
// thirty.
func TestReviewPagesQueries(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		e := newEnv(t, s, -1)
		pi := testUser(t, s, "pi@example.org", goodPassword, auth.Applicant)
		testUser(t, s, "off@example.org", goodPassword, auth.Officer)
		off := e.browser()
		off.signIn(t, "off@example.org", goodPassword)
		cost := func(n int) (queue, review, reviewers int64) {
			rev := testUser(t, s, fmt.Sprintf("q%d@example.org", n), goodPassword, auth.Reviewer)
			b := e.browser()
			b.signIn(t, rev.Email, goodPassword)
			var last, project int64
			for i := range n {
				project = projectFixture(t, s, pi.ID, workflow.InReview)
				merit, _ := rubricFixture(t, s, project, 1)
				r := testUser(t, s, fmt.Sprintf("q%d-%d@example.org", n, i), goodPassword, auth.Reviewer)
				assign(t, s, project, r.ID, pi.ID)
				a := models.ReviewAssignment{ProjectID: project, ReviewerID: rev.ID, AssignedBy: pi.ID, Status: models.AssignmentSubmitted}
				if err := s.DB().Create(&a).Error; err != nil {
					t.Fatal(err)
				}
				last = a.ID
				rv := models.Review{AssignmentID: a.ID, CommentApplicant: "ok", CreatedAt: fixedNow, UpdatedAt: fixedNow}
				if err := s.DB().Create(&rv).Error; err != nil {
					t.Fatal(err)
				}
				if err := s.DB().Create(&models.ReviewScore{ReviewID: rv.ID, CriterionID: merit, Score: 4}).Error; err != nil {
					t.Fatal(err)
				}
			}
			e.queries.Reset()
			if res := b.get(t, "/reviews"); res.status != http.StatusOK {
				t.Fatalf("queue: %d", res.status)
			}
			queue = e.queries.Count()
			e.queries.Reset()
			if res := b.get(t, "/reviews/"+strconv.FormatInt(last, 10)); res.status != http.StatusOK {
				t.Fatalf("review: %d", res.status)
			}
			review = e.queries.Count()
			// The last project gets n reviewers for the reviewers page.
			for i := 1; i < n; i++ {
				r := testUser(t, s, fmt.Sprintf("q%d-extra-%d@example.org", n, i), goodPassword, auth.Reviewer)
				assign(t, s, project, r.ID, pi.ID)
			}
			e.queries.Reset()
			if res := off.get(t, "/projects/"+strconv.FormatInt(project, 10)+"/reviewers"); res.status != http.StatusOK {
				t.Fatalf("reviewers: %d", res.status)
			}
			reviewers = e.queries.Count()
			return
		}
		q1, r1, p1 := cost(1)
		q30, r30, p30 := cost(30)
		if q1 != q30 || r1 != r30 || p1 != p30 {
			t.Errorf("queries with 1 and 30 rows: queue %d/%d, review %d/%d, reviewers %d/%d", q1, q30, r1, r30, p1, p30)
		}
	})
}
