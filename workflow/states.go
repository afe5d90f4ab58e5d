// Package workflow owns the life of a project: its states, the events that
// move it, who may fire each, and the stage groups summaries use. It is pure
// Go: no HTTP, no database.
package workflow

// State is a project's workflow state. Values are stable English keys stored
// in the database (mirrored by a CHECK constraint) and used in addresses.
type State string

const (
	Draft             State = "draft"
	Submitted         State = "submitted"
	InReview          State = "in_review"
	ReviewComplete    State = "review_complete"
	RevisionRequested State = "revision_requested"
	Approved          State = "approved"
	Active            State = "active"
	Suspended         State = "suspended"
	Completed         State = "completed"
	Terminated        State = "terminated"
	Rejected          State = "rejected"
	Withdrawn         State = "withdrawn"
	ScreenedOut       State = "screened_out"
)

// States lists every state in workflow order.
var States = []State{
	Draft, Submitted, InReview, ReviewComplete, RevisionRequested, Approved,
	Active, Suspended, Completed, Terminated, Rejected, Withdrawn, ScreenedOut,
}

// Stage groups states for summaries.
type Stage string

const (
	StageProposal       Stage = "proposal"
	StageApproval       Stage = "approval"
	StageImplementation Stage = "implementation"
	StageClosed         Stage = "closed"
)

// Stages lists the stage groups in order.
var Stages = []Stage{StageProposal, StageApproval, StageImplementation, StageClosed}

// StageOf returns the stage group a state belongs to.
func StageOf(s State) Stage {
	switch s {
	case Draft, Submitted, InReview, ReviewComplete, RevisionRequested:
		return StageProposal
	case Approved:
		return StageApproval
	case Active, Suspended:
		return StageImplementation
	default:
		return StageClosed
	}
}

// StatesIn returns the states of a stage group, in workflow order.
func StatesIn(st Stage) []State {
	var out []State
	for _, s := range States {
		if StageOf(s) == st {
			out = append(out, s)
		}
	}
	return out
}

// Valid reports whether s is a known state.
func (s State) Valid() bool {
	for _, x := range States {
		if x == s {
			return true
		}
	}
	return false
}

// LabelKey is the message key of the state's translated label.
func (s State) LabelKey() string { return "state." + string(s) }

// LabelKey is the message key of the stage's translated label.
func (st Stage) LabelKey() string { return "stage." + string(st) }
