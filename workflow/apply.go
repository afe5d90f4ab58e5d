package workflow

import "strings"

// Facts are what the guards judge, gathered by the caller from the record
// and the request.
type Facts struct {
	Comment           string
	CallOpen          bool
	Missing           []string // keys of required fields or attachments not yet given
	ReviewersAssigned int      // active assignments without a declared conflict
	MinReviews        int
	ReviewsPending    int // active assignments still without a submitted review
	Award             int64
	Requested         int64
	Cap               int64 // 0: no cap
	AgreementProblems []string
	OpenReports       int // reports not accepted, the final one included
	FinalAccepted     bool
	OpenTranches      int // tranches neither paid nor cancelled
}

// Error says why an event was refused, as a message key the reader sees.
type Error struct {
	Key    string
	Detail []string // further message keys (missing fields, agreement problems)
}

func (e *Error) Error() string { return "workflow: " + e.Key + " " + strings.Join(e.Detail, ",") }

// Refusal keys.
const (
	ErrUnknownEvent  = "workflow.error.unknown_event"
	ErrNotFromState  = "workflow.error.not_from_state"
	ErrNotYours      = "workflow.error.not_yours"
	ErrNeedComment   = "workflow.error.comment_required"
	ErrCallClosed    = "workflow.error.call_closed"
	ErrIncomplete    = "workflow.error.incomplete"
	ErrReviewers     = "workflow.error.reviewers"
	ErrReviewsDue    = "workflow.error.reviews_pending"
	ErrAward         = "workflow.error.award"
	ErrAgreement     = "workflow.error.agreement"
	ErrNotClosedOut  = "workflow.error.not_closed_out"
	ErrFinalNotReady = "workflow.error.final_report"
)

// Details of a closeout refusal: what is still open.
const (
	DetailOpenReports  = "workflow.detail.open_reports"
	DetailOpenTranches = "workflow.detail.open_tranches"
)

// Apply decides whether actor may fire event on a project in state s with
// these facts, and returns the next state. It is pure: it reads nothing
// and writes nothing.
func Apply(s State, e Event, a Actor, f Facts) (State, error) {
	if !e.Valid() {
		return s, &Error{Key: ErrUnknownEvent}
	}
	t, ok := Find(s, e)
	if !ok {
		return s, &Error{Key: ErrNotFromState}
	}
	if !a.Is(t.By) {
		return s, &Error{Key: ErrNotYours}
	}
	for _, g := range t.Guards {
		if err := check(g, f); err != nil {
			return s, err
		}
	}
	return t.To, nil
}

func check(g Guard, f Facts) error {
	switch g {
	case NeedComment:
		if strings.TrimSpace(f.Comment) == "" {
			return &Error{Key: ErrNeedComment}
		}
	case NeedCallOpen:
		if !f.CallOpen {
			return &Error{Key: ErrCallClosed}
		}
	case NeedComplete:
		if len(f.Missing) > 0 {
			return &Error{Key: ErrIncomplete, Detail: f.Missing}
		}
	case NeedReviewers:
		if f.MinReviews < 1 || f.ReviewersAssigned < f.MinReviews {
			return &Error{Key: ErrReviewers}
		}
	case NeedAllReviews:
		if f.ReviewsPending > 0 || f.ReviewersAssigned == 0 {
			return &Error{Key: ErrReviewsDue}
		}
	case NeedValidAward:
		if f.Award <= 0 || f.Award > f.Requested || (f.Cap > 0 && f.Award > f.Cap) {
			return &Error{Key: ErrAward}
		}
	case NeedAgreement:
		if len(f.AgreementProblems) > 0 {
			return &Error{Key: ErrAgreement, Detail: f.AgreementProblems}
		}
	case NeedClosedOut:
		// Detail says what is still open, so the refusal tells the officer
		// where to look.
		var open []string
		if f.OpenReports > 0 {
			open = append(open, DetailOpenReports)
		}
		if f.OpenTranches > 0 {
			open = append(open, DetailOpenTranches)
		}
		if !f.FinalAccepted {
			return &Error{Key: ErrFinalNotReady, Detail: open}
		}
		if len(open) > 0 {
			return &Error{Key: ErrNotClosedOut, Detail: open}
		}
	}
	return nil
}

// Allowed lists the events an actor could fire from a state, guards aside:
// the buttons a page offers.
func Allowed(s State, a Actor) []Event {
	var out []Event
	for _, e := range Events {
		if t, ok := Find(s, e); ok && a.Is(t.By) && t.By != BySystem {
			out = append(out, e)
		}
	}
	return out
}
