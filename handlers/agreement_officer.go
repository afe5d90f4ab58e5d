package handlers

import (
	"errors"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/puente-science/puente/auth"
	"github.com/puente-science/puente/models"
	"github.com/puente-science/puente/views/pages"
)

// setProjectOfficer makes an active officer responsible for the project:
// an officer takes it on or hands it to a colleague. A choice that is not
// an active officer brings the page back, 422, with the message beside the
// field.
func (h *Handler) setProjectOfficer(c *fiber.Ctx) error {
	p, err := h.loadProject(c)
	if err != nil {
		return err
	}
	if !permOf(c).Can(auth.AssignOfficer, projectRecord(p)) {
		return fiber.ErrForbidden
	}
	chosen := formString(c, "officer_id")
	id, perr := strconv.ParseInt(chosen, 10, 64)
	if perr == nil && id > 0 {
		_, err = h.Store.SetProjectOfficer(c.UserContext(), models.OfficerChange{ProjectID: p.ID, OfficerID: id,
			ActorID: currentUser(c).UserID, IP: c.IP(), RequestID: requestIDOf(c), Now: h.Now()})
		if err == nil {
			return c.Redirect(projectPath(p.ID)+"?done=officer", fiber.StatusSeeOther)
		}
		if !errors.Is(err, models.ErrNotOfficer) {
			return err
		}
	}
	v, err := h.projectView(c, p, pages.ProjectEventForm{})
	if err != nil {
		return err
	}
	v.Closeout.Officer.Selected = chosen
	v.Closeout.Officer.Error = requiredOr(chosen, "officer.error.choice")
	return render(c.Status(fiber.StatusUnprocessableEntity), pages.ProjectShow(v))
}
