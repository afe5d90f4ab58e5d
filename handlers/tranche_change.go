package handlers

import (
	"errors"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/puente-science/puente/auth"
	"github.com/puente-science/puente/models"
	"github.com/puente-science/puente/views/pages"
)

// payTranche marks a planned tranche paid on a date that is not in the
// future (the reader's today by default).
func (h *Handler) payTranche(c *fiber.Ctx) error {
	return h.changeTranche(c, "pay")
}

// cancelTranche cancels a planned tranche, with the reason.
func (h *Handler) cancelTranche(c *fiber.Ctx) error {
	return h.changeTranche(c, "cancel")
}

// changeTranche pays or cancels one tranche. A bad date or a missing
// reason brings the page back, 422, with the tranche's form open and what
// was typed; a tranche someone else settled meanwhile answers 409 with the
// page as it now stands.
func (h *Handler) changeTranche(c *fiber.Ctx, action string) error {
	p, err := h.loadProject(c)
	if err != nil {
		return err
	}
	if !permOf(c).Can(auth.ManageTranches, projectRecord(p)) {
		return fiber.ErrForbidden
	}
	tid, err := strconv.ParseInt(c.Params("tid"), 10, 64)
	if err != nil || tid <= 0 {
		return fiber.ErrNotFound
	}
	if _, err := h.Store.TrancheOf(c.UserContext(), p.ID, tid); err != nil {
		return err
	}
	f := pages.TrancheFormState{TrancheID: tid, Action: action, PaidOn: formString(c, "paid_on"),
		Comment: formText(c, "comment"), Errors: map[string]string{}}
	in := models.TrancheChange{ProjectID: p.ID, TrancheID: tid, Comment: f.Comment, ActorID: currentUser(c).UserID,
		IP: c.IP(), RequestID: requestIDOf(c), Now: h.Now()}
	if action == "pay" {
		today := models.DateOf(h.Now().In(readerLocation(c)))
		d, err := models.ParseDate(f.PaidOn)
		switch {
		case f.PaidOn == "":
			f.Errors["paid_on"] = "form.required"
		case err != nil:
			f.Errors["paid_on"] = "agreement.error.date"
		case d.After(today):
			f.Errors["paid_on"] = "tranche.error.paid_future"
		}
		in.PaidOn = d
	} else {
		switch n := len([]rune(f.Comment)); {
		case n == 0:
			f.Errors["comment"] = "tranche.error.comment"
		case n > 4000:
			f.Errors["comment"] = "form.too_long"
		}
	}
	if len(f.Errors) > 0 {
		return h.rerenderTranche(c, p, f, fiber.StatusUnprocessableEntity, "")
	}
	if action == "pay" {
		err = h.Store.PayTranche(c.UserContext(), in)
	} else {
		err = h.Store.CancelTranche(c.UserContext(), in)
	}
	switch {
	case err == nil:
		return c.Redirect(projectPath(p.ID)+"?done=tranche_"+action+"#agreement", fiber.StatusSeeOther)
	case errors.Is(err, models.ErrNotFound):
		return fiber.ErrNotFound
	case errors.Is(err, models.ErrConflict):
		// Reload: the tranche is no longer planned; show how it stands.
		if p, err = h.Store.ProjectPageByID(c.UserContext(), p.ID); err != nil {
			return err
		}
		return h.rerenderTranche(c, p, pages.TrancheFormState{}, fiber.StatusConflict, "tranche.error.conflict")
	case errors.Is(err, models.ErrTrancheState):
		return h.rerenderTranche(c, p, f, fiber.StatusUnprocessableEntity, "tranche.error.state")
	default:
		return err
	}
}

func (h *Handler) rerenderTranche(c *fiber.Ctx, p *models.ProjectPage, f pages.TrancheFormState, status int, key string) error {
	v, err := h.projectView(c, p, pages.ProjectEventForm{})
	if err != nil {
		return err
	}
	v.Agreement.Form, v.Agreement.Error = f, key
	return render(c.Status(status), pages.ProjectShow(v))
}
