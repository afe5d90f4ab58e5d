package handlers_test

import (
	"strconv"
	"testing"

	"github.com/puente-science/puente/auth"
	"github.com/puente-science/puente/models"
)

func init() { extraSpecs = append(extraSpecs, applicationSpecs) }

// applicationSpecs: only applicants apply and edit, and only their own
// application; another's answers 404. Files go to whoever reads the
// project: staff, the owner, its assigned reviewers.
func applicationSpecs(t *testing.T, s *models.Store, users map[string]int64) map[string]spec {
	other := testUser(t, s, "pi-other-app@example.org", goodPassword, auth.Applicant)
	own := draftFixture(t, s, users["applicant"], users["officer"], models.TypeResearchProject)
	foreign := draftFixture(t, s, other.ID, users["officer"], models.TypeResearchProject)
	assign(t, s, own, users["reviewer"], users["officer"])
	ownFile := attachFile(t, s, own, users["applicant"], models.AttachmentProposal, "proposal.pdf", testPDF)
	foreignFile := attachFile(t, s, foreign, other.ID, models.AttachmentCV, "cv.pdf", testPDF)
	file := func(project int64, a models.Attachment) string {
		return "/projects/" + strconv.FormatInt(project, 10) + "/attachments/" + strconv.FormatInt(a.ID, 10)
	}
	open := appCall(t, s, users["officer"], models.CallPublished, models.TypeResearchProject)
	draft := appCall(t, s, users["officer"], models.CallDraft, models.TypeResearchProject)
	applicants := []auth.Role{auth.Applicant}
	staffNone := map[string]string{"officer": "", "director": "", "admin": ""}
	theirs := map[string]string{"applicant": file(foreign, foreignFile), "reviewer": file(foreign, foreignFile)}
	for k, v := range staffNone {
		theirs[k] = v
	}
	return map[string]spec{
		"POST /calls/:id/apply": {who: signed, roles: applicants, own: callURL(open, "/apply"),
			foreign: callURL(draft, "/apply"), missing: "/calls/99999999/apply"},
		"GET /projects/:id/edit": {who: signed, roles: applicants, own: editURL(own), foreign: editURL(foreign),
			missing: editURL(99999999)},
		"POST /projects/:id/edit": {who: signed, roles: applicants, own: editURL(own), foreign: editURL(foreign),
			missing: editURL(99999999)},
		"GET /projects/:id/attachments/:aid": {who: signed, own: file(own, ownFile), foreignFor: theirs,
			missing: "/projects/" + strconv.FormatInt(own, 10) + "/attachments/99999999"},
	}
}
