package handlers

import (
	"errors"

	"github.com/gofiber/fiber/v2"

	"github.com/puente-science/puente/auth"
	"github.com/puente-science/puente/models"
	"github.com/puente-science/puente/views/pages"
)

// reviewReport is an officer's verdict on a submitted report: accept it,
// or send it back with a comment (required) saying what to change. A
// refused verdict keeps the comment typed.
func (h *Handler) reviewReport(c *fiber.Ctx) error {
	r, err := h.loadReport(c)
	if err != nil {
		return err
	}
	if !permOf(c).Can(auth.ReviewReport, auth.Record{}) {
		return fiber.ErrForbidden
	}
	ctx := c.UserContext()
	form := pages.ReportReviewForm{Comment: formText(c, "comment")}
	decision := formString(c, "decision")
	if decision != "accept" && decision != "revise" {
		form.Error = "form.invalid_choice"
	}
	if decision == "revise" && form.Comment == "" {
		form.Error = "report.error.comment_required"
	}
	if len([]rune(form.Comment)) > 4000 {
		form.Error = "form.too_long"
	}
	if form.Error != "" {
		return h.rerenderReport(c, r, form, fiber.StatusUnprocessableEntity, "")
	}
	m := meta(c)
	err = h.Store.ReviewReport(ctx, models.ReportVerdict{ReportID: r.ID, Version: int(formInt(c, "version")),
		Accept: decision == "accept", Comment: form.Comment, ActorID: currentUser(c).UserID, Now: h.Now(),
		IP: m.IP, RequestID: m.RequestID})
	switch {
	case err == nil:
		done := "accepted"
		if decision == "revise" {
			done = "revision"
		}
		return c.Redirect(reportPath(r.ID)+"?done="+done, fiber.StatusSeeOther)
	case errors.Is(err, models.ErrConflict), errors.Is(err, models.ErrReportClosed):
		// Show the report as it now stands; the comment stays typed when
		// the form is still offered.
		fresh, lerr := h.Store.ReportPageByID(ctx, r.ID)
		if lerr != nil {
			return lerr
		}
		key := "report.error.conflict"
		if fresh.Status != models.ReportSubmitted {
			key = "report.error.reviewed"
		}
		return h.rerenderReport(c, fresh, form, fiber.StatusConflict, key)
	default:
		return err
	}
}

func (h *Handler) rerenderReport(c *fiber.Ctx, r *models.ReportPage, form pages.ReportReviewForm, status int, errKey string) error {
	v, err := h.reportView(c, r)
	if err != nil {
		return err
	}
	reportFromStore(c.UserContext(), &v, r)
	v.Review, v.Error = form, errKey
	if errKey != "" && !v.Reviewable && form.Comment != "" {
		v.Unsaved = form.Comment
	}
	return render(c.Status(status), pages.ReportPage(v))
}
