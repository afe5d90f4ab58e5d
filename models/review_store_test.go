package models

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"gorm.io/gorm"

	"github.com/puente-science/puente/workflow"
)

func (w *evWorld) reviewer(t *testing.T, name string, institution *int64) int64 {
	t.Helper()
	u := User{Email: name + "@example.org", Name: name, Locale: "en", TimeZone: "UTC", Active: true, InstitutionID: institution}
	mustCreate(t, w.s.db, &u)
	mustCreate(t, w.s.db, &UserRole{UserID: u.ID, Role: RoleReviewer})
	return u.ID
}

func reviewKey(err error) string {
	var re *ReviewError
	if errors.As(err, &re) {
		return re.Key
	}
	return ""
}

// TestReviewRoundStore walks one application through its reviews at the
// store: assignment, a declared conflict that frees the slot, the
// replacement, scoring with unequal weights, the completion by the last
// review in its transaction, and a second round after a revision.
func TestReviewRoundStore(t *testing.T) {
	forEachDialect(t, func(t *testing.T, db *gorm.DB, dialect string) {
		ctx := context.Background()
		w := newEvWorld(t, db, dialect)
		crit := []RubricCriterion{{CallID: w.call, Position: 1, Name: fxTexts("Merit"), Weight: 3},
			{CallID: w.call, Position: 2, Name: fxTexts("Impact"), Weight: 1}}
		for i := range crit {
			mustCreate(t, db, &crit[i])
		}
		p := w.project(t, 1, workflow.Submitted)
		ana, bo, cy := w.reviewer(t, "ana", nil), w.reviewer(t, "bo", nil), w.reviewer(t, "cy", nil)
		due := DateOf(evNow).AddDays(21)
		assign := func(ids ...int64) error {
			return w.s.AssignReviewers(ctx, AssignInput{ProjectID: p.ID, ReviewerIDs: ids, DueOn: due, ActorID: w.officer, Now: evNow})
		}
		if err := assign(ana, bo); err != nil {
			t.Fatalf("assign: %v", err)
		}
		if k := reviewKey(assign(ana)); k != ErrKeyAlreadyAssigned {
			t.Errorf("assign twice: %q", k)
		}
		if k := reviewKey(assign(w.pi)); k != ErrKeyOwnProject {
			t.Errorf("assign the applicant: %q", k)
		}
		if k := reviewKey(assign(w.director)); k != ErrKeyNotReviewer {
			t.Errorf("assign a non-reviewer: %q", k)
		}
		if n := count(t, db, &Notification{}, "message_key = ?", "notify.review.assigned"); n != 2 {
			t.Errorf("%d assignment notifications, want 2", n)
		}
		var as []ReviewAssignment
		db.Where("project_id = ?", p.ID).Order("id").Find(&as)
		aAna, aBo := as[0].ID, as[1].ID

		// Bo declares a conflict: the slot frees, the officer hears of it.
		if err := w.s.DeclareConflict(ctx, DeclarationInput{AssignmentID: aBo, ReviewerID: bo, Conflict: true, Now: evNow}); reviewKey(err) != ErrKeyConflictNote {
			t.Errorf("conflict without a note: %v", err)
		}
		if err := w.s.DeclareConflict(ctx, DeclarationInput{AssignmentID: aBo, ReviewerID: ana, Conflict: true, Note: "x", Now: evNow}); !errors.Is(err, ErrNotFound) {
			t.Errorf("declaring on someone else's assignment: %v", err)
		}
		if err := w.s.DeclareConflict(ctx, DeclarationInput{AssignmentID: aBo, ReviewerID: bo, Conflict: true, Note: "My student.", Now: evNow}); err != nil {
			t.Fatal(err)
		}
		if n := count(t, db, &Notification{}, "user_id = ? AND message_key = ?", w.officer, "notify.review.conflict"); n != 1 {
			t.Errorf("officer told of the conflict %d times", n)
		}
		if k := reviewKey(assign(bo)); k != ErrKeyConflictBefore {
			t.Errorf("reassigning the conflicted reviewer: %q", k)
		}
		start := EventInput{ProjectID: p.ID, Version: 1, Event: workflow.StartReview, Actor: workflow.Actor{Officer: true}, ActorID: w.officer, Now: evNow}
		if _, err := w.s.FireEvent(ctx, start); refusal(err) != workflow.ErrReviewers {
			t.Fatalf("start review one reviewer short: %v", err)
		}
		if err := assign(cy); err != nil {
			t.Fatal(err)
		}
		if _, err := w.s.FireEvent(ctx, start); err != nil {
			t.Fatalf("start review: %v", err)
		}

		// Scores come after the declaration.
		fund := RecommendFund
		in := ReviewInput{AssignmentID: aAna, ReviewerID: ana, Scores: map[int64]int{crit[0].ID: 5}, Now: evNow}
		if _, err := w.s.SaveReview(ctx, in); reviewKey(err) != ErrKeyDeclareFirst {
			t.Fatalf("scores before the declaration: %v", err)
		}
		for _, x := range []struct{ a, r int64 }{{aAna, ana}, {as[1].ID + 1, cy}} {
			if err := w.s.DeclareConflict(ctx, DeclarationInput{AssignmentID: x.a, ReviewerID: x.r, Now: evNow}); err != nil {
				t.Fatal(err)
			}
		}
		if _, err := w.s.SaveReview(ctx, in); err != nil {
			t.Fatalf("draft: %v", err)
		}
		in.Submit, in.Recommendation, in.CommentApplicant = true, &fund, "Clear aims."
		if _, err := w.s.SaveReview(ctx, in); reviewKey(err) != ErrKeyIncomplete {
			t.Fatalf("incomplete submission: %v", err)
		}
		in.Scores[crit[1].ID] = 2
		done, err := w.s.SaveReview(ctx, in)
		if err != nil || done {
			t.Fatalf("first review: done %v, %v", done, err)
		}
		var rv Review
		db.Where("assignment_id = ?", aAna).Take(&rv)
		// (5×3 + 2×1) / 4 = 4.25
		if rv.WeightedScoreCenti == nil || *rv.WeightedScoreCenti != 425 || rv.SubmittedAt == nil {
			t.Fatalf("weighted score: %+v", rv)
		}
		if _, err := w.s.SaveReview(ctx, in); reviewKey(err) != ErrKeyReviewClosed {
			t.Errorf("changing a submitted review: %v", err)
		}
		// (3×3 + 4×1) / 4 = 3.25
		last := ReviewInput{AssignmentID: as[1].ID + 1, ReviewerID: cy, Scores: map[int64]int{crit[0].ID: 3, crit[1].ID: 4},
			Recommendation: &fund, CommentApplicant: "Fine.", Submit: true, Now: evNow}
		done, err = w.s.SaveReview(ctx, last)
		if err != nil || !done {
			t.Fatalf("last review: done %v, %v", done, err)
		}
		var got Project
		db.Take(&got, p.ID)
		if got.State != workflow.ReviewComplete {
			t.Fatalf("after the last review: %s", got.State)
		}
		var rv2 Review
		db.Where("assignment_id = ?", last.AssignmentID).Take(&rv2)
		if rv2.WeightedScoreCenti == nil || *rv2.WeightedScoreCenti != 325 {
			t.Errorf("second weighted score %v, want 325", rv2.WeightedScoreCenti)
		}

		// A revision starts round 2, where Ana may review again.
		revise := EventInput{ProjectID: p.ID, Version: got.Version, Event: workflow.RequestRevision, Actor: workflow.Actor{Director: true},
			ActorID: w.director, Comment: "Budget.", Now: evNow}
		if _, err := w.s.FireEvent(ctx, revise); err != nil {
			t.Fatal(err)
		}
		// Resubmitting is written as FireEvent writes it; its checklist
		// belongs to the application form's tests.
		got = Project{}
		db.Take(&got, p.ID)
		err = w.s.InTx(ctx, func(tx *gorm.DB) error {
			return w.s.writeTransition(ctx, tx, &got, workflow.Submitted,
				EventInput{ProjectID: p.ID, Version: got.Version, Event: workflow.Resubmit, ActorID: w.pi, Now: evNow})
		})
		if err != nil {
			t.Fatal(err)
		}
		got = Project{}
		db.Take(&got, p.ID)
		if got.State != workflow.Submitted || got.ReviewRound != 2 {
			t.Fatalf("after resubmit: %s, round %d", got.State, got.ReviewRound)
		}
		if err := assign(ana, bo); err != nil {
			t.Fatalf("round 2 assignment: %v", err)
		}
		f, err := w.s.gatherFacts(ctx, nil, &got, EventInput{Event: workflow.StartReview, Now: evNow})
		if err != nil || f.ReviewersAssigned != 2 || f.ReviewsPending != 2 {
			t.Errorf("round 2 facts: %+v %v", f, err)
		}
		if _, err := w.s.SaveReview(ctx, in); reviewKey(err) != ErrKeyReviewClosed {
			t.Errorf("the round 1 review reopened: %v", err)
		}
	})
}

func TestWeightedScoreCenti(t *testing.T) {
	c := []RubricCriterion{{ID: 1, Weight: 2}, {ID: 2, Weight: 1}}
	for _, tc := range []struct {
		a, b, want int
	}{{5, 5, 500}, {1, 1, 100}, {4, 3, 367}, {3, 4, 333}, {5, 4, 467}} {
		if got := WeightedScoreCenti(c, map[int64]int{1: tc.a, 2: tc.b}); got != tc.want {
			t.Errorf("(%d, %d): %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
	// 100 × (5×8 + 1 + 1) / 10 = 420.
	c3 := []RubricCriterion{{ID: 1, Weight: 8}, {ID: 2, Weight: 1}, {ID: 3, Weight: 1}}
	if got := WeightedScoreCenti(c3, map[int64]int{1: 5, 2: 1, 3: 1}); got != 420 {
		t.Errorf("8/1/1: %d", got)
	}
	// (3×1 + 4×7) / 8 = 3.875: half a hundredth rounds up, to 388.
	c4 := []RubricCriterion{{ID: 1, Weight: 1}, {ID: 2, Weight: 7}}
	if got := WeightedScoreCenti(c4, map[int64]int{1: 3, 2: 4}); got != 388 {
		t.Errorf("1/7: %d, want 388", got)
	}
}

// TestRemindReviewers: a pending review due within three days is reminded
// once, again three days later, never when submitted; two servers at once
// remind once.
func TestRemindReviewers(t *testing.T) {
	forEachDialect(t, func(t *testing.T, db *gorm.DB, dialect string) {
		ctx := context.Background()
		w := newEvWorld(t, db, dialect)
		p := w.project(t, 1, workflow.InReview)
		far := w.project(t, 2, workflow.InReview)
		gone := w.project(t, 3, workflow.Withdrawn)
		ana := w.reviewer(t, "ana", nil)
		today := DateOf(evNow)
		for _, a := range []ReviewAssignment{
			{ProjectID: p.ID, ReviewerID: ana, AssignedBy: w.officer, Status: AssignmentAssigned, DueOn: fxPtr(today.AddDays(2))},
			{ProjectID: far.ID, ReviewerID: ana, AssignedBy: w.officer, Status: AssignmentAssigned, DueOn: fxPtr(today.AddDays(10))},
			{ProjectID: gone.ID, ReviewerID: ana, AssignedBy: w.officer, Status: AssignmentAssigned, DueOn: fxPtr(today.AddDays(-1))},
		} {
			mustCreate(t, db, &a)
		}
		remind := func(days int) int {
			n, err := w.s.RemindReviewers(ctx, evNow.AddDate(0, 0, days))
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		if n := remind(0); n != 1 {
			t.Fatalf("first run reminded %d, want 1", n)
		}
		if n := remind(0); n != 0 {
			t.Fatalf("second run reminded %d, want 0", n)
		}
		if n := remind(2); n != 0 {
			t.Fatalf("two days later reminded %d, want 0", n)
		}
		// Three days on, the overdue one again, and the far one now due.
		var wg sync.WaitGroup
		counts := make([]int, 2)
		errs := make([]error, 2)
		for i := range 2 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				counts[i], errs[i] = w.s.RemindReviewers(ctx, evNow.AddDate(0, 0, 8))
			}()
		}
		wg.Wait()
		for _, err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		if counts[0]+counts[1] != 2 {
			t.Fatalf("concurrent runs reminded %v, want 2 in all", counts)
		}
		if n := count(t, db, &Notification{}, "user_id = ? AND message_key = ?", ana, "notify.review.reminder"); n != 3 {
			t.Errorf("%d reminders, want 3", n)
		}
	})
}

// TestReviewerCandidates: the applicant, assigned and conflicted reviewers
// are no candidates; those sharing an institution with the project rank
// last and are never suggested; discipline matches come first, then the
// lighter load.
func TestReviewerCandidates(t *testing.T) {
	forEachDialect(t, func(t *testing.T, db *gorm.DB, dialect string) {
		ctx := context.Background()
		w := newEvWorld(t, db, dialect)
		mustCreate(t, db, &Country{ISO2: "BR", ISO3: "BRA", Name: fxNames("Brazil"), Subregion: SubregionSouthAmerica, Sovereign: true})
		for _, d := range []Discipline{{Code: "1", Level: 1, Position: 1, Name: fxNames("Natural sciences")},
			{Code: "1.5", ParentCode: fxPtr("1"), Level: 2, Position: 2, Name: fxNames("Earth sciences")},
			{Code: "1.6", ParentCode: fxPtr("1"), Level: 2, Position: 3, Name: fxNames("Biology")}} {
			mustCreate(t, db, &d)
		}
		var insts []int64
		for i := range 2 {
			in := Institution{Name: fmt.Sprintf("Inst %d", i), CountryISO2: "BR", Type: InstitutionUniversity}
			mustCreate(t, db, &in)
			insts = append(insts, in.ID)
		}
		p := w.project(t, 1, workflow.Submitted)
		mustCreate(t, db, &ProjectDiscipline{ProjectID: p.ID, DisciplineCode: "1.5", IsPrimary: true})
		mustCreate(t, db, &ProjectInstitution{ProjectID: p.ID, InstitutionID: insts[0], Role: "partner"})

		colleague := w.reviewer(t, "colleague", &insts[0]) // an expert, but at the partner institution
		expert := w.reviewer(t, "expert", &insts[1])
		busyExpert := w.reviewer(t, "busy", nil)
		w.reviewer(t, "novice", nil)
		taken := w.reviewer(t, "taken", nil)
		// Their record: colleague, expert and busy reviewed earth science.
		past := w.project(t, 2, workflow.Approved)
		mustCreate(t, db, &ProjectDiscipline{ProjectID: past.ID, DisciplineCode: "1.5", IsPrimary: true})
		for _, r := range []int64{colleague, expert, busyExpert} {
			mustCreate(t, db, &ReviewAssignment{ProjectID: past.ID, ReviewerID: r, AssignedBy: w.officer, Status: AssignmentSubmitted})
		}
		other := w.project(t, 3, workflow.InReview)
		mustCreate(t, db, &ReviewAssignment{ProjectID: other.ID, ReviewerID: busyExpert, AssignedBy: w.officer, Status: AssignmentAssigned})
		mustCreate(t, db, &ReviewAssignment{ProjectID: p.ID, ReviewerID: taken, AssignedBy: w.officer, Status: AssignmentAssigned})

		got, err := w.s.ReviewerCandidates(ctx, CandidateQuery{ProjectID: p.ID})
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, c := range got {
			names = append(names, c.Name)
		}
		want := []string{"expert", "busy", "novice", "colleague"}
		if fmt.Sprint(names) != fmt.Sprint(want) {
			t.Fatalf("candidates %v, want %v", names, want)
		}
		if !got[0].Suggested() || !got[1].Suggested() || got[2].Suggested() || got[3].Suggested() || !got[3].SharesInstitution {
			t.Errorf("suggestions: %+v", got)
		}
		if len(got[0].Matched) != 1 || got[0].Matched[0].Code != "1.5" || got[1].OpenReviews != 1 {
			t.Errorf("reasons: %+v / %+v", got[0], got[1])
		}
		for _, q := range []struct{ search, want string }{{"EXPERT@", "expert"}, {"inst 1", "expert"}, {"earth", "expert busy colleague"}} {
			got, err := w.s.ReviewerCandidates(ctx, CandidateQuery{ProjectID: p.ID, Search: q.search})
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, c := range got {
				names = append(names, c.Name)
			}
			if fmt.Sprint(names) != "["+q.want+"]" {
				t.Errorf("search %q: %v, want %s", q.search, names, q.want)
			}
		}
	})
}
