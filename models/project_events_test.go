package models

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/puente-science/puente/workflow"
)

var evNow = time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)

// evWorld is the smallest portfolio a transition needs: an applicant, an
// officer, a director, a channel and an open call capped at 300 000.00.
type evWorld struct {
	s                              *Store
	pi, officer, director, channel int64
	call                           int64
}

func newEvWorld(t *testing.T, db *gorm.DB, dialect string) *evWorld {
	t.Helper()
	w := &evWorld{s: NewStore(db, dialect)}
	for i, role := range []Role{RoleApplicant, RoleOfficer, RoleDirector} {
		u := User{Email: fmt.Sprintf("u%d@example.org", i), Name: string(role), Locale: "en", TimeZone: "UTC", Active: true}
		mustCreate(t, db, &u)
		mustCreate(t, db, &UserRole{UserID: u.ID, Role: role})
		*[]*int64{&w.pi, &w.officer, &w.director}[i] = u.ID
	}
	ch := FundingChannel{Slug: "pifi", Name: fxNames("PIFI"), Sponsor: "Academy", Kind: ChannelTalentProgramme,
		AnnualBudgetMinor: 1e9, Currency: "CNY", Active: true}
	mustCreate(t, db, &ch)
	w.channel = ch.ID
	c := Call{ChannelID: ch.ID, Code: "PIFI-2026-1", Title: fxTexts("Call"), OpensAt: evNow.AddDate(0, -1, 0),
		ClosesAt: evNow.AddDate(0, 1, 0), TimeZone: "UTC", BudgetCapMinor: 30000000, Currency: "CNY",
		MinReviews: 2, ReportFrequencyMonths: 6, Status: CallPublished, CreatedBy: w.officer}
	mustCreate(t, db, &c)
	w.call = c.ID
	return w
}

// project creates a project of the call in a state, requesting 250 000.00.
func (w *evWorld) project(t *testing.T, n int, state workflow.State) *Project {
	t.Helper()
	p := Project{Code: fmt.Sprintf("PU-2026-%05d", n), CallID: &w.call, ChannelID: w.channel, Type: TypeResearchProject,
		State: state, Lang: "en", Title: Texts{EN: fxPtr("Title")}, PIUserID: w.pi, Currency: "CNY",
		RequestedMinor: 25000000, Year: 2026}
	mustCreate(t, w.s.db, &p)
	return &p
}

func mustCreate(t *testing.T, db *gorm.DB, v any) {
	t.Helper()
	if err := db.Create(v).Error; err != nil {
		t.Fatalf("create %T: %v", v, err)
	}
}

func count(t *testing.T, db *gorm.DB, model any, where string, args ...any) int64 {
	t.Helper()
	var n int64
	if err := db.Model(model).Where(where, args...).Count(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

func refusal(err error) string {
	var we *workflow.Error
	if errors.As(err, &we) {
		return we.Key
	}
	return ""
}

func TestFireEventApproveWritesEverything(t *testing.T) {
	forEachDialect(t, func(t *testing.T, db *gorm.DB, dialect string) {
		w := newEvWorld(t, db, dialect)
		ctx := context.Background()
		p := w.project(t, 1, workflow.ReviewComplete)
		director := workflow.Actor{Director: true}
		base := EventInput{ProjectID: p.ID, Version: p.Version, Event: workflow.Approve, Actor: director,
			ActorID: w.director, IP: "192.0.2.1", RequestID: "req-1", Now: evNow}

		for _, c := range []struct {
			award int64
			actor workflow.Actor
			want  string
		}{
			{30000001, director, workflow.ErrAward}, // over the requested amount and the cap
			{0, director, workflow.ErrAward},
			{20000000, workflow.Actor{Officer: true}, workflow.ErrNotYours},
		} {
			in := base
			in.Award, in.Actor = c.award, c.actor
			if _, err := w.s.FireEvent(ctx, in); refusal(err) != c.want {
				t.Errorf("award %d by %+v: %v, want %s", c.award, c.actor, err, c.want)
			}
		}
		stale := base
		stale.Version, stale.Award = p.Version+1, 20000000
		if _, err := w.s.FireEvent(ctx, stale); !errors.Is(err, ErrConflict) {
			t.Errorf("stale version: %v, want ErrConflict", err)
		}
		if n := count(t, db, &AuditEntry{}, "project_id = ?", p.ID); n != 0 {
			t.Fatalf("refusals wrote %d audit entries", n)
		}

		in := base
		in.Award, in.Conditions, in.Comment = 20000000, "Report yearly.", "Well reviewed."
		next, err := w.s.FireEvent(ctx, in)
		if err != nil || next != workflow.Approved {
			t.Fatalf("approve: %s, %v", next, err)
		}
		var got Project
		db.Take(&got, p.ID)
		if got.State != workflow.Approved || got.Version != p.Version+1 || got.AwardedMinor == nil ||
			*got.AwardedMinor != 20000000 || got.DecidedAt == nil || !got.StateChangedAt.Equal(evNow) {
			t.Errorf("project after approve: %+v", got)
		}
		var d Decision
		db.Where("project_id = ?", p.ID).Take(&d)
		if d.Decision != DecisionApprove || d.DirectorID != w.director || *d.AwardMinor != 20000000 || *d.Conditions != "Report yearly." {
			t.Errorf("decision: %+v", d)
		}
		var a AuditEntry
		db.Where("project_id = ?", p.ID).Take(&a)
		if a.Action != "project.approve" || *a.FromState != "review_complete" || *a.ToState != "approved" ||
			*a.ActorID != w.director || *a.Comment != "Well reviewed." || *a.IP != "192.0.2.1" || *a.RequestID != "req-1" {
			t.Errorf("audit: %+v", a)
		}
		if n := count(t, db, &Notification{}, "project_id = ? AND user_id = ? AND message_key = ? AND params = ?",
			p.ID, w.pi, "notify.project.approved", `{"code":"PU-2026-00001"}`); n != 1 {
			t.Errorf("applicant notified %d times", n)
		}
		// The same form again: the version moved on.
		if _, err := w.s.FireEvent(ctx, in); !errors.Is(err, ErrConflict) {
			t.Errorf("second approve: %v", err)
		}
	})
}

func TestSubmitAndReviewCompletion(t *testing.T) {
	forEachDialect(t, func(t *testing.T, db *gorm.DB, dialect string) {
		w := newEvWorld(t, db, dialect)
		ctx := context.Background()
		p := w.project(t, 1, workflow.Draft)
		owner := workflow.Actor{Owner: true}
		submit := EventInput{ProjectID: p.ID, Version: 1, Event: workflow.Submit, Actor: owner, ActorID: w.pi, Now: evNow}
		_, err := w.s.FireEvent(ctx, submit)
		var we *workflow.Error
		if !errors.As(err, &we) || we.Key != workflow.ErrIncomplete || len(we.Detail) != 8 {
			t.Fatalf("incomplete submit: %v", err)
		}
		db.Model(&Project{}).Where("id = ?", p.ID).Updates(map[string]any{"summary_en": "S",
			"lead_country_iso2": nil, "primary_discipline_code": nil})
		mustCreate(t, db, &BudgetLine{ProjectID: p.ID, Category: BudgetTravel, AmountMinor: 25000000})
		mustCreate(t, db, &ResearchProjectDetails{ProjectID: p.ID, WorkPackages: "WP1", ExpectedOutputs: "Papers"})
		db.Model(&Project{}).Where("id = ?", p.ID).Updates(map[string]any{"planned_start": "2027-01-01", "planned_end": "2028-12-31"})
		for i, kind := range []AttachmentKind{AttachmentProposal, AttachmentCV} {
			mustCreate(t, db, &Attachment{ProjectID: p.ID, Kind: kind, Filename: "f.pdf", StorageKey: fmt.Sprintf("%032d", i),
				ContentType: "application/pdf", SizeBytes: 1, SHA256: fmt.Sprintf("%064d", i), UploadedBy: w.pi})
		}
		_, err = w.s.FireEvent(ctx, submit)
		if !errors.As(err, &we) || fmt.Sprint(we.Detail) != "[project.missing.lead_country project.missing.primary_discipline]" {
			t.Fatalf("submit without country and discipline: %v", err)
		}
		mustCreate(t, db, &Country{ISO2: "BR", ISO3: "BRA", Name: fxNames("Brazil"), LAC: true,
			Subregion: SubregionSouthAmerica, Sovereign: true, Tier: fxPtr(TierEstablished)})
		mustCreate(t, db, &Discipline{Code: "1", Level: 1, Position: 1, Name: fxNames("Natural sciences")})
		db.Model(&Project{}).Where("id = ?", p.ID).Updates(map[string]any{"lead_country_iso2": "BR", "primary_discipline_code": "1"})
		late := submit
		late.Now = evNow.AddDate(0, 2, 0)
		if _, err := w.s.FireEvent(ctx, late); refusal(err) != workflow.ErrCallClosed {
			t.Fatalf("submit after the deadline: %v", err)
		}
		if next, err := w.s.FireEvent(ctx, submit); err != nil || next != workflow.Submitted {
			t.Fatalf("submit: %s %v", next, err)
		}
		if n := count(t, db, &Notification{}, "user_id = ? AND message_key = ?", w.officer, "notify.project.submitted"); n != 1 {
			t.Errorf("officer notified %d times", n)
		}

		start := EventInput{ProjectID: p.ID, Version: 2, Event: workflow.StartReview, Actor: workflow.Actor{Officer: true},
			ActorID: w.officer, Now: evNow}
		var assignments []ReviewAssignment
		for i := range 3 {
			u := User{Email: fmt.Sprintf("r%d@example.org", i), Name: "R", Locale: "en", TimeZone: "UTC", Active: true}
			mustCreate(t, db, &u)
			a := ReviewAssignment{ProjectID: p.ID, ReviewerID: u.ID, AssignedBy: w.officer, Status: AssignmentAssigned}
			if i == 2 {
				a.Status = AssignmentConflictDeclared
			}
			mustCreate(t, db, &a)
			assignments = append(assignments, a)
			if i == 0 {
				if _, err := w.s.FireEvent(ctx, start); refusal(err) != workflow.ErrReviewers {
					t.Fatalf("start review with one reviewer: %v", err)
				}
			}
		}
		if _, err := w.s.FireEvent(ctx, start); err != nil {
			t.Fatalf("start review: %v", err)
		}
		complete := func() bool {
			var moved bool
			err := w.s.InTx(ctx, func(tx *gorm.DB) error {
				var err error
				moved, err = w.s.CompleteReviewIfDone(ctx, tx, p.ID, time.Time{})
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			return moved
		}
		db.Model(&ReviewAssignment{}).Where("id = ?", assignments[0].ID).Update("status", AssignmentSubmitted)
		if complete() {
			t.Fatal("completed with a review pending")
		}
		db.Model(&ReviewAssignment{}).Where("id = ?", assignments[1].ID).Update("status", AssignmentSubmitted)
		if !complete() {
			t.Fatal("not completed after the last review")
		}
		var a AuditEntry
		db.Where("project_id = ? AND action = ?", p.ID, "project.complete_review").Take(&a)
		if a.ActorID != nil || *a.ToState != "review_complete" {
			t.Errorf("system audit entry: %+v", a)
		}
		if n := count(t, db, &Notification{}, "user_id = ? AND message_key = ?", w.director, "notify.project.review_complete"); n != 1 {
			t.Errorf("director notified %d times", n)
		}
	})
}

// TestTwoDirectorsDecideAtOnce: of two decisions sent at the same moment
// from the same loaded page, exactly one wins, every time.
func TestTwoDirectorsDecideAtOnce(t *testing.T) {
	forEachDialect(t, func(t *testing.T, db *gorm.DB, dialect string) {
		w := newEvWorld(t, db, dialect)
		ctx := context.Background()
		director := workflow.Actor{Director: true}
		for round := range 50 {
			p := w.project(t, round+1, workflow.ReviewComplete)
			ins := []EventInput{
				{ProjectID: p.ID, Version: p.Version, Event: workflow.Approve, Actor: director, ActorID: w.director, Award: 20000000, Now: evNow},
				{ProjectID: p.ID, Version: p.Version, Event: workflow.Reject, Actor: director, ActorID: w.director, Comment: "No.", Now: evNow},
			}
			errs := make([]error, 2)
			var wg sync.WaitGroup
			start := make(chan struct{})
			for i := range ins {
				wg.Go(func() {
					<-start
					_, errs[i] = w.s.FireEvent(ctx, ins[i])
				})
			}
			close(start)
			wg.Wait()
			won := 0
			for i, err := range errs {
				switch {
				case err == nil:
					won++
				case errors.Is(err, ErrConflict), refusal(err) != "":
				default:
					t.Fatalf("round %d, %s: %v", round, ins[i].Event, err)
				}
			}
			if won != 1 {
				t.Fatalf("round %d: %d winners (%v)", round, won, errs)
			}
			if n := count(t, db, &Decision{}, "project_id = ?", p.ID); n != 1 {
				t.Fatalf("round %d: %d decisions", round, n)
			}
			if n := count(t, db, &AuditEntry{}, "project_id = ?", p.ID); n != 1 {
				t.Fatalf("round %d: %d audit entries", round, n)
			}
		}
	})
}
