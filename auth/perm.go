package auth

import "slices"

// Perm is what one request's user may do, computed once per request from
// the session; code asks it questions instead of comparing role names.
type Perm struct {
	UserID int64 // 0: anonymous
	roles  []Role
}

// Anonymous is the permission of a request without a session.
var Anonymous = Perm{}

// NewPerm builds the permission of a signed-in user.
func NewPerm(userID int64, roles []Role) Perm {
	return Perm{UserID: userID, roles: slices.Clone(roles)}
}

// SignedIn reports whether a user is signed in.
func (p Perm) SignedIn() bool { return p.UserID > 0 }

// Has reports whether the user holds a role.
func (p Perm) Has(r Role) bool { return slices.Contains(p.roles, r) }

// Roles returns the user's roles.
func (p Perm) Roles() []Role { return slices.Clone(p.roles) }

// Staff reports whether the user works for the bureau (officer, director
// or admin).
func (p Perm) Staff() bool { return p.Has(Officer) || p.Has(Director) || p.Has(Admin) }

// Allows reports whether the user meets a route's access rule.
func (p Perm) Allows(a Access) bool {
	if a.Public {
		return true
	}
	if !p.SignedIn() {
		return false
	}
	if len(a.Roles) == 0 {
		return true
	}
	for _, r := range a.Roles {
		if p.Has(r) {
			return true
		}
	}
	return false
}

// Action is something done to a record.
type Action string

// Actions on accounts; later areas add their own.
const (
	ManageUsers Action = "users.manage"
	ReadOutbox  Action = "outbox.read"
	EditAccount Action = "account.edit"
	// Calls (issue 4).
	ManageCalls    Action = "calls.manage"
	ViewDraftCalls Action = "calls.view_drafts"
	// Projects: the page and its workflow events (issue 4).
	ViewProject Action = "projects.view"
	FireEvent   Action = "projects.fire_event"
	// Reviews (issue 4): officers assign, officers and directors read the
	// assignments; a review is its assigned reviewer's alone (the
	// record's owner is the reviewer).
	AssignReviewers Action = "reviews.assign"
	ViewReviewers   Action = "reviews.view_assignments"
	ReviewProject   Action = "reviews.review"
	// Applications (issue 4): the form and its files.
	EditApplication    Action = "applications.edit"
	DownloadAttachment Action = "attachments.download"
	// Reviews (issue 4): reviewers' names, scores, recommendations and
	// confidential comments.
	ReadReviews Action = "projects.read_reviews"
	// Agreements and funding (issue 5): officers record the agreement, pay
	// or cancel tranches and take on (or hand over) a project.
	RecordAgreement Action = "agreements.record"
	ManageTranches  Action = "tranches.manage"
	AssignOfficer   Action = "projects.assign_officer"
	// Reports (issue 5): the project's applicant writes them, officers
	// review them, officers and directors read them all and their queues.
	ViewReport   Action = "reports.view"
	WriteReport  Action = "reports.write"
	ReviewReport Action = "reports.review"
	ReportQueues Action = "reports.queues"

	// Portfolio summaries (issue 6): officers and directors.
	ViewPortfolio Action = "portfolio.view"
)

// Record is what record-level checks need to know about a record: who owns
// it and who is assigned to it.
type Record struct {
	OwnerID   int64
	Assignees []int64
}

// rules is the one table of record-level permissions.
var rules = map[Action]func(p Perm, r Record) bool{
	ManageUsers: func(p Perm, _ Record) bool { return p.Has(Admin) },
	ReadOutbox:  func(p Perm, _ Record) bool { return p.Has(Admin) },
	EditAccount: func(p Perm, r Record) bool { return p.SignedIn() && r.OwnerID == p.UserID },
	// Calls (issue 4): officers and admins write calls; all staff read drafts.
	ManageCalls:    func(p Perm, _ Record) bool { return p.Has(Officer) || p.Has(Admin) },
	ViewDraftCalls: func(p Perm, _ Record) bool { return p.Staff() },
	// Projects (issue 4): staff read every project, the applicant who owns
	// it and its assigned reviewers read theirs. The owner, officers and
	// directors may try events; the workflow table decides which.
	ViewProject: func(p Perm, r Record) bool {
		return p.Staff() || (p.SignedIn() && (r.OwnerID == p.UserID || slices.Contains(r.Assignees, p.UserID)))
	},
	FireEvent: func(p Perm, r Record) bool {
		return p.Has(Officer) || p.Has(Director) || (p.SignedIn() && r.OwnerID == p.UserID)
	},
	AssignReviewers: func(p Perm, _ Record) bool { return p.Has(Officer) },
	ViewReviewers:   func(p Perm, _ Record) bool { return p.Has(Officer) || p.Has(Director) },
	ReviewProject:   func(p Perm, r Record) bool { return p.Has(Reviewer) && r.OwnerID == p.UserID },
	// Only the applicant edits their application (the handler also checks
	// its state); whoever may read a project may download its files.
	EditApplication: func(p Perm, r Record) bool { return p.SignedIn() && r.OwnerID == p.UserID },
	DownloadAttachment: func(p Perm, r Record) bool {
		return p.Staff() || (p.SignedIn() && (r.OwnerID == p.UserID || slices.Contains(r.Assignees, p.UserID)))
	},
	// The weighted score and its spread are shown to officers and
	// directors, never to applicants (DESIGN §4), nor to other reviewers.
	ReadReviews: func(p Perm, _ Record) bool { return p.Has(Officer) || p.Has(Director) },
	// The bureau's officers run the money and the follow-up (DESIGN §4).
	RecordAgreement: func(p Perm, _ Record) bool { return p.Has(Officer) },
	ManageTranches:  func(p Perm, _ Record) bool { return p.Has(Officer) },
	AssignOfficer:   func(p Perm, _ Record) bool { return p.Has(Officer) },
	ViewReport: func(p Perm, r Record) bool {
		return p.Has(Officer) || p.Has(Director) || (p.SignedIn() && r.OwnerID == p.UserID)
	},
	WriteReport:  func(p Perm, r Record) bool { return p.SignedIn() && r.OwnerID == p.UserID },
	ReviewReport: func(p Perm, _ Record) bool { return p.Has(Officer) },
	ReportQueues: func(p Perm, _ Record) bool { return p.Has(Officer) || p.Has(Director) },
	// The portfolio's summaries follow the strategy: the bureau's officers
	// and directors read them (DESIGN §5).
	ViewPortfolio: func(p Perm, _ Record) bool { return p.Has(Officer) || p.Has(Director) },
}

// Can reports whether the user may perform an action on a record. An
// unknown action is refused.
func (p Perm) Can(a Action, r Record) bool {
	rule, ok := rules[a]
	return ok && rule(p, r)
}
