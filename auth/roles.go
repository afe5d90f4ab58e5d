// Package auth owns who may do what: roles, password hashing, sessions and
// the permission checks handlers ask.
package auth

// Role is one of the roles an account may hold; an account may hold several.
type Role string

const (
	Applicant Role = "applicant"
	Reviewer  Role = "reviewer"
	Officer   Role = "officer"
	Director  Role = "director"
	Admin     Role = "admin"
)

// Roles lists every role.
var Roles = []Role{Applicant, Reviewer, Officer, Director, Admin}

// Valid reports whether r is a known role.
func (r Role) Valid() bool {
	for _, x := range Roles {
		if x == r {
			return true
		}
	}
	return false
}

// LabelKey is the message key of the role's translated name.
func (r Role) LabelKey() string { return "role." + string(r) }

// Access is what a route requires: nobody (public), any signed-in user, or
// one of a set of roles.
type Access struct {
	Public bool
	Roles  []Role // empty with Public false: any signed-in user
}

// Public routes answer everyone.
var Public = Access{Public: true}

// SignedIn routes answer any signed-in user.
var SignedIn = Access{}

// AnyOf requires one of the roles.
func AnyOf(roles ...Role) Access { return Access{Roles: roles} }
