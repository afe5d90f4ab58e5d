package workflow

// Event moves a project from one state to another. Values are stable
// English keys used in addresses (/projects/:id/events/:event) and stored in
// the audit log.
type Event string

const (
	Submit          Event = "submit"
	Withdraw        Event = "withdraw"
	Return          Event = "return"
	ScreenOut       Event = "screen_out"
	StartReview     Event = "start_review"
	CompleteReview  Event = "complete_review" // fired by the system when the last review arrives
	Approve         Event = "approve"
	Reject          Event = "reject"
	RequestRevision Event = "request_revision"
	Resubmit        Event = "resubmit"
	RecordAgreement Event = "record_agreement"
	Suspend         Event = "suspend"
	Resume          Event = "resume"
	Terminate       Event = "terminate"
	Complete        Event = "complete"
)

// Events lists every event in workflow order.
var Events = []Event{Submit, Withdraw, Return, ScreenOut, StartReview, CompleteReview, Approve, Reject,
	RequestRevision, Resubmit, RecordAgreement, Suspend, Resume, Terminate, Complete}

// Valid reports whether e is a known event.
func (e Event) Valid() bool {
	for _, x := range Events {
		if x == e {
			return true
		}
	}
	return false
}

// LabelKey is the message key of the event's button label.
func (e Event) LabelKey() string { return "event." + string(e) }

// Who fires an event: the applicant who owns the project, a programme
// officer, a director, or the system itself.
type Who int

const (
	ByOwner Who = iota + 1
	ByOfficer
	ByDirector
	BySystem
)

// Actor is who tries to fire an event, as far as the workflow cares.
type Actor struct {
	Owner    bool // the applicant who owns the project
	Officer  bool
	Director bool
	System   bool
}

// Is reports whether the actor counts as w.
func (a Actor) Is(w Who) bool {
	switch w {
	case ByOwner:
		return a.Owner
	case ByOfficer:
		return a.Officer
	case ByDirector:
		return a.Director
	case BySystem:
		return a.System
	}
	return false
}
