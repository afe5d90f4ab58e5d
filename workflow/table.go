package workflow

// Guard is a condition a transition needs beyond who fires it. The caller
// states the facts; the guard judges them.
type Guard int

const (
	NeedComment    Guard = iota + 1 // a non-empty comment
	NeedCallOpen                    // the call still takes submissions
	NeedComplete                    // required fields and attachments present
	NeedReviewers                   // enough reviewers assigned, none with a declared conflict
	NeedAllReviews                  // every active assignment has submitted its review
	NeedValidAward                  // 0 < award ≤ requested and ≤ the call's cap
	NeedAgreement                   // signed, dated, and a tranche schedule summing to the award
	NeedClosedOut                   // final report accepted, every tranche paid or cancelled
)

// Transition is one line of the workflow table.
type Transition struct {
	From   []State
	Event  Event
	To     State
	By     Who
	Guards []Guard
}

// Table is the whole workflow: every allowed move, who may make it, and
// what it needs. Nothing else in Puente decides a project's next state.
var Table = []Transition{
	{[]State{Draft}, Submit, Submitted, ByOwner, []Guard{NeedCallOpen, NeedComplete}},
	{[]State{RevisionRequested}, Resubmit, Submitted, ByOwner, []Guard{NeedComplete}},
	{[]State{Draft, Submitted, InReview, ReviewComplete, RevisionRequested}, Withdraw, Withdrawn, ByOwner, nil},
	{[]State{Submitted}, Return, Draft, ByOfficer, []Guard{NeedComment}},
	{[]State{Submitted}, ScreenOut, ScreenedOut, ByOfficer, []Guard{NeedComment}},
	{[]State{Submitted}, StartReview, InReview, ByOfficer, []Guard{NeedReviewers}},
	{[]State{InReview}, CompleteReview, ReviewComplete, BySystem, []Guard{NeedAllReviews}},
	{[]State{ReviewComplete}, Approve, Approved, ByDirector, []Guard{NeedValidAward}},
	{[]State{ReviewComplete}, Reject, Rejected, ByDirector, []Guard{NeedComment}},
	{[]State{ReviewComplete}, RequestRevision, RevisionRequested, ByDirector, []Guard{NeedComment}},
	{[]State{Approved}, RecordAgreement, Active, ByOfficer, []Guard{NeedAgreement}},
	{[]State{Active}, Suspend, Suspended, ByOfficer, []Guard{NeedComment}},
	{[]State{Suspended}, Resume, Active, ByOfficer, nil},
	{[]State{Active, Suspended}, Terminate, Terminated, ByDirector, []Guard{NeedComment}},
	{[]State{Active}, Complete, Completed, ByOfficer, []Guard{NeedClosedOut}},
}

// Find returns the transition an event makes from a state, if any.
func Find(s State, e Event) (Transition, bool) {
	for _, t := range Table {
		if t.Event != e {
			continue
		}
		for _, f := range t.From {
			if f == s {
				return t, true
			}
		}
	}
	return Transition{}, false
}
