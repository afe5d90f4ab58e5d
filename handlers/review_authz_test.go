package handlers_test

import (
	"strconv"
	"testing"

	"github.com/puente-science/puente/auth"
	"github.com/puente-science/puente/models"
	"github.com/puente-science/puente/workflow"
)

func init() { extraSpecs = append(extraSpecs, reviewSpecs) }

// reviewSpecs: officers assign (directors read) reviewers; a review is its
// reviewer's alone, so another reviewer's answers 404.
func reviewSpecs(t *testing.T, s *models.Store, users map[string]int64) map[string]spec {
	other := testUser(t, s, "other-reviewer@example.org", goodPassword, auth.Reviewer)
	third := testUser(t, s, "third-reviewer@example.org", goodPassword, auth.Reviewer)
	project := projectFixture(t, s, users["applicant"], workflow.Submitted)
	mk := func(reviewer int64) int64 {
		a := models.ReviewAssignment{ProjectID: project, ReviewerID: reviewer, AssignedBy: users["officer"], Status: models.AssignmentAssigned}
		if err := s.DB().Create(&a).Error; err != nil {
			t.Fatal(err)
		}
		return a.ID
	}
	mine, theirs, spare := mk(users["reviewer"]), mk(other.ID), mk(third.ID)
	reviewers := "/projects/" + strconv.FormatInt(project, 10) + "/reviewers"
	review := func(id int64) string { return "/reviews/" + strconv.FormatInt(id, 10) }
	staff := []auth.Role{auth.Officer, auth.Director}
	officers := []auth.Role{auth.Officer}
	reviewerOnly := []auth.Role{auth.Reviewer}
	const missingProject = "/projects/99999999/reviewers"
	return map[string]spec{
		"GET /projects/:id/reviewers":  {who: admins, roles: staff, own: reviewers, missing: missingProject},
		"POST /projects/:id/reviewers": {who: admins, roles: officers, own: reviewers, missing: missingProject},
		"POST /projects/:id/reviewers/:aid/withdraw": {who: admins, roles: officers,
			own: reviewers + "/" + strconv.FormatInt(spare, 10) + "/withdraw", missing: reviewers + "/99999999/withdraw"},
		"GET /reviews":      {who: admins, roles: reviewerOnly, own: "/reviews"},
		"GET /reviews/:id":  {who: admins, roles: reviewerOnly, own: review(mine), foreign: review(theirs), missing: review(99999999)},
		"POST /reviews/:id": {who: admins, roles: reviewerOnly, own: review(mine), foreign: review(theirs), missing: review(99999999)},
	}
}
