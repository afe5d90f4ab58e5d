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

// criteria gives a project's call a two-line rubric and returns the ids.
func criteria(t *testing.T, s *models.Store, projectID int64) (merit, impact int64) {
	t.Helper()
	var callID int64
	if err := s.DB().Model(&models.Project{}).Where("id = ?", projectID).Pluck("call_id", &callID).Error; err != nil {
		t.Fatal(err)
	}
	ids := make([]int64, 2)
	for i, name := range []string{"Scientific merit", "Regional impact"} {
		var n models.Texts
		n.Set("en", name)
		c := models.RubricCriterion{CallID: callID, Position: i + 1, Name: n, Weight: 2 - i}
		if err := s.DB().Create(&c).Error; err != nil {
			t.Fatal(err)
		}
		ids[i] = c.ID
	}
	return ids[0], ids[1]
}

// TestProjectReviewsVisibility: the bureau reads every review; the
// applicant, once decided, reads the decision and the comments meant for
// them — never a name, a score, a recommendation or a confidential word; a
// reviewer reads no one else's review.
func TestProjectReviewsVisibility(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		e := newEnv(t, s, -1)
		testUser(t, s, "off@example.org", goodPassword, auth.Officer)
		testUser(t, s, "dir@example.org", goodPassword, auth.Director)
		pi := testUser(t, s, "pi@example.org", goodPassword, auth.Applicant)
		s.DB().Model(&models.User{}).Where("id = ?", pi.ID).Update("locale", "zh")
		p := queueProject(t, s, pi.ID, workflow.ReviewComplete, fixedNow.AddDate(0, 0, -4))
		merit, impact := criteria(t, s, p.ID)
		zeph := reviewer(t, s, "zeph@example.org", "Zephyrine Quillfeather")
		barth := reviewer(t, s, "barth@example.org", "Bartholomew Okonkwo")
		addReview(t, s, p.ID, zeph, pi.ID, reviewIn{centi: 467, rec: models.RecommendFund,
			forApplicant: "The methodology is sound and well argued.", confidential: "SECRET-ZQ the budget looks padded",
			scores: map[int64]int{merit: 5, impact: 4}})
		addReview(t, s, p.ID, barth, pi.ID, reviewIn{centi: 233, rec: models.RecommendDoNotFund,
			forApplicant: "Clarify the data management plan.", confidential: "SECRET-BO doubts about the team",
			scores: map[int64]int{merit: 2, impact: 3}})
		page := "/projects/" + strconv.FormatInt(p.ID, 10)
		names := []string{"Zephyrine Quillfeather", "Bartholomew Okonkwo", "zeph@example.org", "barth@example.org"}
		secrets := []string{"SECRET-ZQ", "SECRET-BO", msg("project_reviews.comment_confidential")}
		comments := []string{"The methodology is sound and well argued.", "Clarify the data management plan."}

		// The bureau sees everything, with the award's bounds on the approve form.
		dir := signedIn(t, e, "dir@example.org")
		res := dir.get(t, page)
		if res.status != http.StatusOK {
			t.Fatalf("director: %d", res.status)
		}
		mustContain(t, res.body, names[0], names[1], "SECRET-ZQ", "SECRET-BO", comments[0], comments[1],
			"4.67", "2.33", "3.50", msg("decisions.disagree"), "Scientific merit", "Regional impact",
			msg("decisions.rec.fund"), msg("decisions.rec.do_not_fund"),
			msg("project_reviews.limit.cap"), "CN¥300,000.00", msg("project_reviews.limit.requested"), "CN¥250,000.00")
		res = signedIn(t, e, "off@example.org").get(t, page)
		mustContain(t, res.body, names[0], "SECRET-BO", "3.50")

		// The applicant, before the decision: under review, nothing more.
		app := signedIn(t, e, "pi@example.org")
		res = app.get(t, page)
		mustContain(t, res.body, "您的申请正在评审中")
		mustNotContain(t, res.body, append(append(names, secrets...), comments...)...)

		// A reviewer reads the application, not the other review.
		res = signedIn(t, e, "zeph@example.org").get(t, page)
		if res.status != http.StatusOK {
			t.Fatalf("assigned reviewer: %d", res.status)
		}
		mustNotContain(t, res.body, "Bartholomew", "SECRET-BO", comments[1], "SECRET-ZQ", "3.50")

		// The director approves; the applicant is told, in Chinese.
		res = dir.post(t, page+"/events/approve", url.Values{"version": {strconv.Itoa(p.Version)}, "award": {"200000"},
			"conditions": {"Report twice a year."}, "comment": {"A convincing application."}})
		if res.status != http.StatusSeeOther {
			t.Fatalf("approve: %d", res.status)
		}
		var mails []models.MailOutbox
		s.DB().Where("to_address = ?", "pi@example.org").Find(&mails)
		if len(mails) != 1 || mails[0].Subject != "项目 "+p.Code+" 已获批准。" {
			t.Errorf("the applicant's mail: %+v", mails)
		}

		res = app.get(t, page)
		mustContain(t, res.body, `class="decision-outcome">已批准`, "200,000.00", "Report twice a year.", "A convincing application.",
			comments[0], comments[1], "评审人 1", "评审人 2")
		mustNotContain(t, res.body, append(names, secrets...)...)
		mustNotContain(t, res.body, "4.67", "2.33", "3.50", "Scientific merit", "资助</", "不予资助", "修改后资助",
			"加权得分", "badge-rec-")
	})
}

// TestProjectReviewsRounds: an earlier round stays readable to the bureau,
// folded; the applicant reads the comments of the decided round only.
func TestProjectReviewsRounds(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		e := newEnv(t, s, -1)
		testUser(t, s, "dir@example.org", goodPassword, auth.Director)
		pi := testUser(t, s, "pi@example.org", goodPassword, auth.Applicant)
		p := queueProject(t, s, pi.ID, workflow.RevisionRequested, fixedNow.AddDate(0, 0, -4))
		s.DB().Model(&models.Project{}).Where("id = ?", p.ID).Update("review_round", 2)
		r := reviewer(t, s, "r@example.org", "Rhea Round")
		addReview(t, s, p.ID, r, pi.ID, reviewIn{round: 1, centi: 210, rec: models.RecommendDoNotFund, forApplicant: "FIRST-ROUND comment"})
		addReview(t, s, p.ID, r, pi.ID, reviewIn{round: 2, centi: 390, rec: models.RecommendFundWithChanges, forApplicant: "SECOND-ROUND comment"})
		pending := reviewer(t, s, "late@example.org", "Lars Late")
		addReview(t, s, p.ID, pending, pi.ID, reviewIn{round: 2, due: "2026-12-04"})
		comment := "Please narrow the scope."
		s.DB().Create(&models.Decision{ProjectID: p.ID, Decision: models.DecisionRequestRevision, DirectorID: pi.ID,
			Comment: &comment, DecidedAt: fixedNow.AddDate(0, 0, -1)})

		res := signedIn(t, e, "dir@example.org").get(t, "/projects/"+strconv.FormatInt(p.ID, 10))
		mustContain(t, res.body, `<details class="review-round-earlier">`, "Round 1", "Round 2 (current)",
			"FIRST-ROUND", "SECOND-ROUND", "Lars Late", "4 Dec 2026", msg("project_reviews.pending"))
		if !before(t, res.body, "SECOND-ROUND", "FIRST-ROUND") {
			t.Error("the current round is not first")
		}
		res = signedIn(t, e, "pi@example.org").get(t, "/projects/"+strconv.FormatInt(p.ID, 10))
		mustContain(t, res.body, msg("project_reviews.decision.request_revision"), comment, "SECOND-ROUND", "Reviewer 1")
		mustNotContain(t, res.body, "FIRST-ROUND", "Rhea Round", "Lars Late", "Reviewer 2")
	})
}

// TestProjectReviewsQueries: the page costs the same with one review as
// with thirty, for the bureau and for the applicant.
func TestProjectReviewsQueries(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		e := newEnv(t, s, -1)
		testUser(t, s, "dir@example.org", goodPassword, auth.Director)
		pi := testUser(t, s, "pi@example.org", goodPassword, auth.Applicant)
		dir, app := signedIn(t, e, "dir@example.org"), signedIn(t, e, "pi@example.org")
		cost := func(b *browser, n int, state workflow.State) int64 {
			p := queueProject(t, s, pi.ID, state, fixedNow.AddDate(0, 0, -3))
			merit, impact := criteria(t, s, p.ID)
			for i := 0; i < n; i++ {
				r := reviewer(t, s, fmt.Sprintf("r%d-%d@example.org", p.ID, i), fmt.Sprintf("Reviewer %d", i))
				addReview(t, s, p.ID, r, pi.ID, reviewIn{centi: 300, rec: models.RecommendFund, forApplicant: "fine",
					confidential: "x", scores: map[int64]int{merit: 3, impact: 3}})
			}
			if state == workflow.Approved {
				award := int64(100)
				s.DB().Create(&models.Decision{ProjectID: p.ID, Decision: models.DecisionApprove, DirectorID: pi.ID,
					AwardMinor: &award, DecidedAt: fixedNow})
			}
			e.queries.Reset()
			res := b.get(t, "/projects/"+strconv.FormatInt(p.ID, 10))
			if res.status != http.StatusOK || !strings.Contains(res.body, "fine") {
				t.Fatalf("page with %d reviews: %d", n, res.status)
			}
			return e.queries.Count()
		}
		for _, c := range []struct {
			who   string
			b     *browser
			state workflow.State
		}{{"director", dir, workflow.ReviewComplete}, {"applicant", app, workflow.Approved}} {
			one, thirty := cost(c.b, 1, c.state), cost(c.b, 30, c.state)
			if one != thirty {
				t.Errorf("%s: %d queries with 1 review, %d with 30", c.who, one, thirty)
			}
		}
	})
}
