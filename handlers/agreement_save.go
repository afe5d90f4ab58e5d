package handlers

import (
	"errors"

	"github.com/gofiber/fiber/v2"

	"github.com/puente-science/puente/models"
	"github.com/puente-science/puente/views/pages"
	"github.com/puente-science/puente/workflow"
)

// recordAgreement records the signed agreement and starts the project.
// "More rows" re-renders the form with blank rows added and everything
// typed kept; a bad value answers 422, a stale project 409 (with the
// current version, so saving again is a knowing choice), a refusal of the
// workflow 422 — all with everything typed.
func (h *Handler) recordAgreement(c *fiber.Ctx) error {
	p, err := h.loadAgreementProject(c)
	if err != nil {
		return err
	}
	ctx := c.UserContext()
	draft, err := h.Store.AgreementDraftOf(ctx, p.ID)
	if err != nil {
		return err
	}
	v := agreementFormBase(c, p, draft)
	v.Version = int(formInt(c, "version"))
	readAgreementForm(c, &v)
	today := models.DateOf(h.Now().In(readerLocation(c)))
	if formString(c, "more") != "" {
		for range agreementMoreRows {
			if len(v.Rows) < pages.AgreementMaxRows {
				v.Rows = append(v.Rows, pages.AgreementTrancheRow{})
			}
		}
		in, sum, _ := validateAgreement(&v, p.Currency, draft.AwardMinor, today)
		v.Errors = map[string]string{} // adding rows is not a submission
		fillAgreementPreview(ctx, &v, p.Currency, draft.AwardMinor, sum, &in)
		return render(c, pages.AgreementForm(v))
	}
	in, sum, ok := validateAgreement(&v, p.Currency, draft.AwardMinor, today)
	fillAgreementPreview(ctx, &v, p.Currency, draft.AwardMinor, sum, &in)
	if !ok {
		return render(c.Status(fiber.StatusUnprocessableEntity), pages.AgreementForm(v))
	}
	in.ProjectID, in.Version, in.ActorID = p.ID, v.Version, currentUser(c).UserID
	in.IP, in.RequestID, in.Now = c.IP(), requestIDOf(c), h.Now()
	err = h.Store.RecordAgreement(ctx, in)
	var refusal *workflow.Error
	switch {
	case err == nil:
		return c.Redirect(projectPath(p.ID)+"?done="+string(workflow.RecordAgreement), fiber.StatusSeeOther)
	case errors.Is(err, models.ErrConflict):
		fresh, lerr := h.Store.ProjectPageByID(ctx, p.ID)
		if lerr != nil {
			return lerr
		}
		v.Conflict, v.Version = true, fresh.Version
		return render(c.Status(fiber.StatusConflict), pages.AgreementForm(v))
	case errors.As(err, &refusal):
		v.Refusal, v.RefusalDetail = refusal.Key, refusal.Detail
		return render(c.Status(fiber.StatusUnprocessableEntity), pages.AgreementForm(v))
	default:
		return err
	}
}
