package handlers

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/puente-science/puente/auth"
	"github.com/puente-science/puente/models"
	"github.com/puente-science/puente/views/pages"
)

// reviewerPanel is the project page's box about reviewers: for officers
// and directors, how many are assigned against the number start_review
// needs, with the way to the reviewers page; for an assigned reviewer, the
// way to their own review. Applicants see nothing of it, so no reviewer is
// ever named to them.
func reviewerPanel(c *fiber.Ctx, p *models.ProjectPage) pages.ReviewerPanel {
	perm := permOf(c)
	var v pages.ReviewerPanel
	if perm.Can(auth.ViewReviewers, projectRecord(p)) && (models.AssignableState(p.State) || len(p.Assignments) > 0) {
		v.Show, v.Href = true, reviewersPath(p.ID)
		v.Active, v.Needed = p.ReviewersActive(), p.ReviewersNeeded()
		v.CanAssign = perm.Can(auth.AssignReviewers, projectRecord(p)) && models.AssignableState(p.State)
	}
	if perm.Has(auth.Reviewer) {
		if a, ok := p.AssignmentOf(perm.UserID); ok {
			v.Show, v.MineHref = true, "/reviews/"+strconv.FormatInt(a.ID, 10)
		}
	}
	return v
}
