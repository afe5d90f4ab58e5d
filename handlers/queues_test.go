package handlers_test

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/puente-science/puente/auth"
	"github.com/puente-science/puente/models"
	"github.com/puente-science/puente/testdb"
	"github.com/puente-science/puente/workflow"
)

func init() { extraSpecs = append(extraSpecs, queueSpecs) }

// queueSpecs: the queues are staff work lists; officers and directors read
// both, everyone else is refused.
func queueSpecs(*testing.T, *models.Store, map[string]int64) map[string]spec {
	staff := []auth.Role{auth.Officer, auth.Director}
	return map[string]spec{
		"GET /screening": {who: admins, roles: staff, own: "/screening"},
		"GET /decisions": {who: admins, roles: staff, own: "/decisions"},
	}
}

// queueProject is a project of a fresh call in state, submitted at the
// given time and in that state since then.
func queueProject(t *testing.T, s *models.Store, pi int64, state workflow.State, at time.Time) *models.Project {
	t.Helper()
	id := projectFixture(t, s, pi, state)
	err := s.DB().Model(&models.Project{}).Where("id = ?", id).
		Updates(map[string]any{"submitted_at": at.UTC(), "state_changed_at": at.UTC()}).Error
	if err != nil {
		t.Fatal(err)
	}
	var p models.Project
	if err := s.DB().Take(&p, id).Error; err != nil {
		t.Fatal(err)
	}
	return &p
}

// reviewer creates a reviewer account with a given display name.
func reviewer(t *testing.T, s *models.Store, email, name string) int64 {
	t.Helper()
	u := testUser(t, s, email, goodPassword, auth.Reviewer)
	if err := s.DB().Model(&models.User{}).Where("id = ?", u.ID).Update("name", name).Error; err != nil {
		t.Fatal(err)
	}
	return u.ID
}

// reviewIn is one review to store: a zero score leaves the assignment
// pending (no review); otherwise it is submitted.
type reviewIn struct {
	round        int
	centi        int
	rec          models.Recommendation
	forApplicant string
	confidential string
	due          string // YYYY-MM-DD, pending assignments
	scores       map[int64]int
}

func addReview(t *testing.T, s *models.Store, project, reviewerID, by int64, r reviewIn) {
	t.Helper()
	if r.round == 0 {
		r.round = 1
	}
	a := models.ReviewAssignment{ProjectID: project, ReviewerID: reviewerID, AssignedBy: by, Status: models.AssignmentAssigned,
		Round: r.round, AssignedAt: fixedNow.AddDate(0, 0, -20)}
	if r.due != "" {
		d, err := models.ParseDate(r.due)
		if err != nil {
			t.Fatal(err)
		}
		a.DueOn = &d
	}
	if r.centi > 0 {
		a.Status = models.AssignmentSubmitted
	}
	if err := s.DB().Create(&a).Error; err != nil {
		t.Fatal(err)
	}
	if r.centi == 0 {
		return
	}
	at := fixedNow.AddDate(0, 0, -2)
	rev := models.Review{AssignmentID: a.ID, Recommendation: &r.rec, CommentApplicant: r.forApplicant,
		CommentConfidential: r.confidential, WeightedScoreCenti: &r.centi, SubmittedAt: &at, CreatedAt: at, UpdatedAt: at}
	if err := s.DB().Create(&rev).Error; err != nil {
		t.Fatal(err)
	}
	for crit, score := range r.scores {
		if err := s.DB().Create(&models.ReviewScore{ReviewID: rev.ID, CriterionID: crit, Score: score}).Error; err != nil {
			t.Fatal(err)
		}
	}
}

func signedIn(t *testing.T, e *testEnv, email string) *browser {
	t.Helper()
	b := e.browser()
	b.signIn(t, email, goodPassword)
	return b
}

// before reports whether a comes before b in the body, both present.
func before(t *testing.T, body, a, b string) bool {
	t.Helper()
	i, j := strings.Index(body, a), strings.Index(body, b)
	if i < 0 || j < 0 {
		t.Fatalf("page lacks %q or %q", a, b)
	}
	return i < j
}

func TestScreeningInbox(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		e := newEnv(t, s, -1)
		testUser(t, s, "off@example.org", goodPassword, auth.Officer)
		testUser(t, s, "dir@example.org", goodPassword, auth.Director)
		pi := testUser(t, s, "pi@example.org", goodPassword, auth.Applicant)
		off := signedIn(t, e, "off@example.org")

		res := off.get(t, "/screening")
		if res.status != http.StatusOK {
			t.Fatalf("empty inbox: %d", res.status)
		}
		mustContain(t, res.body, msg("screening.empty.title"), `href="/screening?tab=review"`, `href="/screening" aria-current="page">`+msg("nav.screening"))
		mustNotContain(t, res.body, `href="/decisions">`+msg("nav.decisions"))

		newer := queueProject(t, s, pi.ID, workflow.Submitted, fixedNow.AddDate(0, 0, -3))
		older := queueProject(t, s, pi.ID, workflow.Submitted, fixedNow.AddDate(0, 0, -20))
		lab := queueProject(t, s, pi.ID, workflow.Submitted, fixedNow.AddDate(0, 0, -10))
		s.DB().Model(&models.Project{}).Where("id = ?", lab.ID).Update("type", models.TypeJointLab)
		s.DB().Create(&models.Attachment{ProjectID: older.ID, Kind: models.AttachmentProposal, Filename: "p.pdf",
			StorageKey: "k-older", ContentType: "application/pdf", SizeBytes: 10, SHA256: strings.Repeat("a", 64), UploadedBy: pi.ID})
		rev := reviewer(t, s, "rev@example.org", "Rita Reviewer")
		addReview(t, s, older.ID, rev, pi.ID, reviewIn{due: "2026-12-10"})

		res = off.get(t, "/screening")
		mustContain(t, res.body, older.Code, newer.Code, lab.Code, "pi", "Brazil", "CN¥250,000.00",
			"7 Nov 2026", "waiting 20 days", "waiting 3 days", ">1 of 1<", ">0 of 1<")
		if !before(t, res.body, older.Code, lab.Code) || !before(t, res.body, lab.Code, newer.Code) {
			t.Error("the inbox is not oldest first")
		}
		res = off.get(t, "/screening?sort=submitted&dir=desc")
		if !before(t, res.body, newer.Code, older.Code) {
			t.Error("sorting newest first did not apply")
		}
		res = off.get(t, "/screening?type=joint_lab")
		mustContain(t, res.body, lab.Code, `<option value="joint_lab" selected`)
		mustNotContain(t, res.body, older.Code, newer.Code)
		res = off.get(t, "/screening?call="+strconv.FormatInt(*older.CallID, 10)+"&type=nonsense&sort=evil&page=99")
		if res.status != http.StatusOK {
			t.Fatalf("a forged address: %d", res.status)
		}
		mustContain(t, res.body, older.Code)
		mustNotContain(t, res.body, lab.Code, newer.Code)
		res = off.get(t, "/screening?type=dialogue")
		mustContain(t, res.body, msg("queue.empty.filtered.title"))

		// In review: reviews received of assigned, the earliest pending due
		// date, overdue highlighted.
		late := queueProject(t, s, pi.ID, workflow.InReview, fixedNow.AddDate(0, 0, -30))
		addReview(t, s, late.ID, rev, pi.ID, reviewIn{centi: 400, rec: models.RecommendFund, forApplicant: "ok"})
		rev2 := reviewer(t, s, "rev2@example.org", "Rolf Reviewer")
		addReview(t, s, late.ID, rev2, pi.ID, reviewIn{due: "2026-11-20"})
		onTime := queueProject(t, s, pi.ID, workflow.InReview, fixedNow.AddDate(0, 0, -5))
		addReview(t, s, onTime.ID, rev2, pi.ID, reviewIn{due: "2026-12-20"})
		res = off.get(t, "/screening?tab=review")
		mustContain(t, res.body, late.Code, onTime.Code, ">1 of 2<", ">0 of 1<", "20 Nov 2026", msg("screening.overdue"),
			`class="queue-overdue"`, `aria-current="page">`+msg("screening.tab.review"))
		mustNotContain(t, res.body, older.Code)
		if !before(t, res.body, late.Code, onTime.Code) {
			t.Error("in review is not by earliest due date")
		}

		// Directors read the inbox; the nav shows each role its queue.
		dir := signedIn(t, e, "dir@example.org")
		res = dir.get(t, "/screening")
		if res.status != http.StatusOK {
			t.Fatalf("director reads the inbox: %d", res.status)
		}
		mustContain(t, res.body, older.Code, `href="/decisions">`+msg("nav.decisions"))
		mustNotContain(t, res.body, `href="/screening">`+msg("nav.screening"))
	})
}

func TestDecisionQueue(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		e := newEnv(t, s, -1)
		testUser(t, s, "off@example.org", goodPassword, auth.Officer)
		d := testUser(t, s, "dir@example.org", goodPassword, auth.Director)
		pi := testUser(t, s, "pi@example.org", goodPassword, auth.Applicant)
		dir := signedIn(t, e, "dir@example.org")
		res := dir.get(t, "/decisions")
		if res.status != http.StatusOK {
			t.Fatalf("empty queue: %d", res.status)
		}
		mustContain(t, res.body, msg("decisions.empty.title"))

		r1 := reviewer(t, s, "r1@example.org", "R One")
		r2 := reviewer(t, s, "r2@example.org", "R Two")
		r3 := reviewer(t, s, "r3@example.org", "R Three")
		split := queueProject(t, s, pi.ID, workflow.ReviewComplete, fixedNow.AddDate(0, 0, -9))
		addReview(t, s, split.ID, r1, pi.ID, reviewIn{centi: 450, rec: models.RecommendFund})
		addReview(t, s, split.ID, r2, pi.ID, reviewIn{centi: 200, rec: models.RecommendDoNotFund})
		// A conflict and an earlier round's review do not count.
		s.DB().Create(&models.ReviewAssignment{ProjectID: split.ID, ReviewerID: r3, AssignedBy: pi.ID,
			Status: models.AssignmentConflictDeclared, Round: 1})
		calm := queueProject(t, s, pi.ID, workflow.ReviewComplete, fixedNow.AddDate(0, 0, -2))
		s.DB().Model(&models.Project{}).Where("id = ?", calm.ID).Update("review_round", 2)
		addReview(t, s, calm.ID, r1, pi.ID, reviewIn{round: 1, centi: 100, rec: models.RecommendDoNotFund})
		addReview(t, s, calm.ID, r1, pi.ID, reviewIn{round: 2, centi: 300, rec: models.RecommendFundWithChanges})
		addReview(t, s, calm.ID, r2, pi.ID, reviewIn{round: 2, centi: 321, rec: models.RecommendFund})
		queueProject(t, s, pi.ID, workflow.InReview, fixedNow.AddDate(0, 0, -40)) // not awaiting a decision

		res = dir.get(t, "/decisions")
		mustContain(t, res.body, split.Code, calm.Code, "3.25", "2.50", "3.11", "0.21", msg("decisions.disagree"),
			"9 days", "2 days", "cap CN¥300,000.00", "CN¥250,000.00", msg("decisions.rec.fund_with_changes"))
		if n := strings.Count(res.body, `class="badge badge-disagree"`); n != 1 {
			t.Errorf("%d rows flagged as disagreeing, want 1", n)
		}
		if !before(t, res.body, split.Code, calm.Code) {
			t.Error("the queue is not the longest waiting first")
		}
		if got := regexpRows(res.body); got != 2 {
			t.Errorf("%d rows, want 2", got)
		}
		res = dir.get(t, "/decisions?sort=score&dir=desc")
		if !before(t, res.body, split.Code, calm.Code) {
			t.Error("by score, highest first: 3.25 before 3.11")
		}
		res = dir.get(t, "/decisions?sort=spread&dir=asc")
		if !before(t, res.body, calm.Code, split.Code) {
			t.Error("by spread, lowest first")
		}
		res = dir.get(t, "/decisions?sort=waiting&dir=asc")
		if !before(t, res.body, calm.Code, split.Code) {
			t.Error("by waiting, shortest first")
		}

		// In the reader's number format.
		s.DB().Model(&models.User{}).Where("id = ?", d.ID).Update("locale", "es")
		res = signedIn(t, e, "dir@example.org").get(t, "/decisions")
		mustContain(t, res.body, "3,25", "2,50")

		// Officers may read it.
		if res := signedIn(t, e, "off@example.org").get(t, "/decisions"); res.status != http.StatusOK {
			t.Errorf("officer reads the queue: %d", res.status)
		}
	})
}

// regexpRows counts the body rows of the first table.
func regexpRows(body string) int {
	i := strings.Index(body, "<tbody>")
	j := strings.Index(body, "</tbody>")
	if i < 0 || j < i {
		return 0
	}
	return strings.Count(body[i:j], "<tr")
}

// TestQueueQueries: each queue page costs the same number of queries with
// one application as with thirty.
func TestQueueQueries(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		e := newEnv(t, s, -1)
		testUser(t, s, "dir@example.org", goodPassword, auth.Director)
		pi := testUser(t, s, "pi@example.org", goodPassword, auth.Applicant)
		rev := reviewer(t, s, "rev@example.org", "Rev")
		b := signedIn(t, e, "dir@example.org")
		seed := func(n int) {
			for i := 0; i < n; i++ {
				at := fixedNow.Add(-time.Duration(i+1) * time.Hour)
				queueProject(t, s, pi.ID, workflow.Submitted, at)
				p := queueProject(t, s, pi.ID, workflow.InReview, at)
				addReview(t, s, p.ID, rev, pi.ID, reviewIn{due: "2026-12-01"})
				p = queueProject(t, s, pi.ID, workflow.ReviewComplete, at)
				addReview(t, s, p.ID, rev, pi.ID, reviewIn{centi: 300 + i, rec: models.RecommendFund})
			}
		}
		cost := func(path string) int64 {
			e.queries.Reset()
			if res := b.get(t, path); res.status != http.StatusOK {
				t.Fatalf("%s: %d", path, res.status)
			}
			return e.queries.Count()
		}
		paths := []string{"/screening", "/screening?tab=review", "/decisions"}
		seed(1)
		one := map[string]int64{}
		for _, p := range paths {
			one[p] = cost(p)
		}
		seed(29)
		for _, p := range paths {
			if got := cost(p); got != one[p] {
				t.Errorf("%s: %d queries with 1 application, %d with 30", p, one[p], got)
			}
			if one[p] > 10 {
				t.Errorf("%s: %d queries", p, one[p])
			}
		}
		if res := b.get(t, "/decisions"); !strings.Contains(res.body, fmt.Sprint(30)+" applications") {
			t.Errorf("the decision queue does not count 30 applications")
		}
	})
}
