package workflow

import (
	"errors"
	"fmt"
	"testing"
)

// good satisfies every guard.
var good = Facts{Comment: "because", CallOpen: true, ReviewersAssigned: 3, MinReviews: 2, Award: 100, Requested: 200,
	Cap: 150, FinalAccepted: true}

// expected is DESIGN.md §4 written out move by move, independently of
// Table: state and event → next state and who may fire it.
var expected = map[string]struct {
	to State
	by Who
}{
	"draft submit":                     {Submitted, ByOwner},
	"draft withdraw":                   {Withdrawn, ByOwner},
	"submitted withdraw":               {Withdrawn, ByOwner},
	"in_review withdraw":               {Withdrawn, ByOwner},
	"review_complete withdraw":         {Withdrawn, ByOwner},
	"revision_requested withdraw":      {Withdrawn, ByOwner},
	"submitted return":                 {Draft, ByOfficer},
	"submitted screen_out":             {ScreenedOut, ByOfficer},
	"submitted start_review":           {InReview, ByOfficer},
	"in_review complete_review":        {ReviewComplete, BySystem},
	"review_complete approve":          {Approved, ByDirector},
	"review_complete reject":           {Rejected, ByDirector},
	"review_complete request_revision": {RevisionRequested, ByDirector},
	"revision_requested resubmit":      {Submitted, ByOwner},
	"approved record_agreement":        {Active, ByOfficer},
	"active suspend":                   {Suspended, ByOfficer},
	"suspended resume":                 {Active, ByOfficer},
	"active terminate":                 {Terminated, ByDirector},
	"suspended terminate":              {Terminated, ByDirector},
	"active complete":                  {Completed, ByOfficer},
}

var actors = map[string]Actor{
	"owner": {Owner: true}, "officer": {Officer: true}, "director": {Director: true}, "system": {System: true},
	"nobody": {}, "officer+director": {Officer: true, Director: true},
}

// TestEveryStateEventActor runs all 13 states × 15 events × 6 actors.
func TestEveryStateEventActor(t *testing.T) {
	n := 0
	for _, s := range States {
		for _, e := range Events {
			for name, a := range actors {
				n++
				got, err := Apply(s, e, a, good)
				want, allowed := expected[string(s)+" "+string(e)]
				var werr *Error
				switch {
				case !allowed:
					if !errors.As(err, &werr) || werr.Key != ErrNotFromState {
						t.Errorf("%s %s by %s: %v %v, want not allowed from this state", s, e, name, got, err)
					}
				case !a.Is(want.by):
					if !errors.As(err, &werr) || werr.Key != ErrNotYours {
						t.Errorf("%s %s by %s: %v %v, want refused for this actor", s, e, name, got, err)
					}
				case err != nil || got != want.to:
					t.Errorf("%s %s by %s: %v %v, want %s", s, e, name, got, err, want.to)
				}
				if err != nil && got != s {
					t.Errorf("%s %s by %s: a refusal changed the state to %s", s, e, name, got)
				}
			}
		}
	}
	if n != 13*15*6 {
		t.Fatalf("ran %d combinations", n)
	}
	for k := range expected {
		var s, e string
		fmt.Sscan(k, &s, &e)
		if _, ok := Find(State(s), Event(e)); !ok {
			t.Errorf("the table lacks %s", k)
		}
	}
}

func TestGuards(t *testing.T) {
	with := func(change func(*Facts)) Facts { f := good; change(&f); return f }
	cases := []struct {
		state State
		event Event
		actor Actor
		facts Facts
		key   string
	}{
		{Draft, Submit, Actor{Owner: true}, with(func(f *Facts) { f.CallOpen = false }), ErrCallClosed},
		{Draft, Submit, Actor{Owner: true}, with(func(f *Facts) { f.Missing = []string{"field.summary"} }), ErrIncomplete},
		{RevisionRequested, Resubmit, Actor{Owner: true}, with(func(f *Facts) { f.CallOpen = false }), ""},
		{RevisionRequested, Resubmit, Actor{Owner: true}, with(func(f *Facts) { f.Missing = []string{"x"} }), ErrIncomplete},
		{Submitted, Return, Actor{Officer: true}, with(func(f *Facts) { f.Comment = "  " }), ErrNeedComment},
		{Submitted, ScreenOut, Actor{Officer: true}, with(func(f *Facts) { f.Comment = "" }), ErrNeedComment},
		{Submitted, StartReview, Actor{Officer: true}, with(func(f *Facts) { f.ReviewersAssigned = 1 }), ErrReviewers},
		{Submitted, StartReview, Actor{Officer: true}, with(func(f *Facts) { f.ReviewersAssigned, f.MinReviews = 2, 2 }), ""},
		{InReview, CompleteReview, Actor{System: true}, with(func(f *Facts) { f.ReviewsPending = 1 }), ErrReviewsDue},
		{ReviewComplete, Approve, Actor{Director: true}, with(func(f *Facts) { f.Award = 201 }), ErrAward},
		{ReviewComplete, Approve, Actor{Director: true}, with(func(f *Facts) { f.Award = 151 }), ErrAward},
		{ReviewComplete, Approve, Actor{Director: true}, with(func(f *Facts) { f.Award = 0 }), ErrAward},
		{ReviewComplete, Approve, Actor{Director: true}, with(func(f *Facts) { f.Cap, f.Award = 0, 200 }), ""},
		{ReviewComplete, Reject, Actor{Director: true}, with(func(f *Facts) { f.Comment = "" }), ErrNeedComment},
		{ReviewComplete, RequestRevision, Actor{Director: true}, with(func(f *Facts) { f.Comment = "" }), ErrNeedComment},
		{Approved, RecordAgreement, Actor{Officer: true}, with(func(f *Facts) { f.AgreementProblems = []string{"agreement.sum"} }), ErrAgreement},
		{Active, Suspend, Actor{Officer: true}, with(func(f *Facts) { f.Comment = "" }), ErrNeedComment},
		{Suspended, Resume, Actor{Officer: true}, with(func(f *Facts) { f.Comment = "" }), ""},
		{Suspended, Terminate, Actor{Director: true}, with(func(f *Facts) { f.Comment = "" }), ErrNeedComment},
		{Active, Complete, Actor{Officer: true}, with(func(f *Facts) { f.FinalAccepted = false }), ErrFinalNotReady},
		{Active, Complete, Actor{Officer: true}, with(func(f *Facts) { f.OpenTranches = 1 }), ErrNotClosedOut},
		{Active, Complete, Actor{Officer: true}, with(func(f *Facts) { f.OpenReports = 1 }), ErrNotClosedOut},
	}
	for _, c := range cases {
		_, err := Apply(c.state, c.event, c.actor, c.facts)
		var werr *Error
		switch {
		case c.key == "" && err != nil:
			t.Errorf("%s %s: refused (%v), want allowed", c.state, c.event, err)
		case c.key != "" && (!errors.As(err, &werr) || werr.Key != c.key):
			t.Errorf("%s %s: %v, want %s", c.state, c.event, err, c.key)
		}
	}
	if _, err := Apply(Draft, Event("explode"), Actor{Owner: true}, good); err == nil {
		t.Error("an unknown event was accepted")
	}
}

func TestTableHasNoDuplicates(t *testing.T) {
	seen := map[string]bool{}
	for _, tr := range Table {
		for _, f := range tr.From {
			k := string(f) + " " + string(tr.Event)
			if seen[k] {
				t.Errorf("%s appears twice", k)
			}
			seen[k] = true
			if !f.Valid() || !tr.To.Valid() {
				t.Errorf("%s leads to unknown state %s", k, tr.To)
			}
		}
	}
}

func TestStages(t *testing.T) {
	want := map[State]Stage{Draft: StageProposal, Submitted: StageProposal, InReview: StageProposal,
		ReviewComplete: StageProposal, RevisionRequested: StageProposal, Approved: StageApproval,
		Active: StageImplementation, Suspended: StageImplementation, Completed: StageClosed, Terminated: StageClosed,
		Rejected: StageClosed, Withdrawn: StageClosed, ScreenedOut: StageClosed}
	for _, s := range States {
		if StageOf(s) != want[s] {
			t.Errorf("StageOf(%s) = %s, want %s", s, StageOf(s), want[s])
		}
	}
	n := 0
	for _, st := range Stages {
		n += len(StatesIn(st))
	}
	if n != len(States) {
		t.Errorf("stages hold %d states, want %d", n, len(States))
	}
}

func TestAllowedOffersOnlyWhatTheActorMayDo(t *testing.T) {
	if got := fmt.Sprint(Allowed(ReviewComplete, Actor{Director: true})); got != "[approve reject request_revision]" {
		t.Errorf("director at review_complete: %s", got)
	}
	if got := fmt.Sprint(Allowed(InReview, Actor{System: true, Officer: true})); got != "[]" {
		t.Errorf("system events are never offered as buttons: %s", got)
	}
	if got := fmt.Sprint(Allowed(Draft, Actor{Owner: true})); got != "[submit withdraw]" {
		t.Errorf("owner at draft: %s", got)
	}
}
