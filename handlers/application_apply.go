package handlers

import (
	"errors"
	"strconv"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"github.com/puente-science/puente/i18n"
	"github.com/puente-science/puente/models"
	"github.com/puente-science/puente/views/pages"
)

// maxTitle is the longest title the form accepts, in characters.
const maxTitle = 300

// applyToCall starts an application: a draft of the chosen type with a
// working title, then its form. A refusal shows the call page again with
// the reason and what was typed; an applicant who already has an open
// application to the call is taken to it instead.
func (h *Handler) applyToCall(c *fiber.Ctx) error {
	d, err := h.loadCall(c)
	if err != nil {
		return err
	}
	ctx := c.UserContext()
	su := currentUser(c)
	form := pages.ApplyForm{Type: formString(c, "type"), Title: formString(c, "title"), Errors: map[string]string{}}
	typ := models.ProjectType(form.Type)
	if form.Type == "" && len(d.Types) == 1 {
		typ = d.Types[0]
	}
	if !typ.Valid() {
		form.Errors["type"] = requiredOr(form.Type, "application.apply.error.type")
	}
	switch n := utf8.RuneCountInString(form.Title); {
	case n == 0:
		form.Errors["title"] = "application.apply.error.title"
	case n > maxTitle:
		form.Errors["title"] = "form.too_long"
	}
	if len(form.Errors) > 0 {
		return h.rerenderCall(c, d, form, fiber.StatusUnprocessableEntity, "")
	}
	lang := su.Locale
	if _, ok := i18n.Parse(lang); !ok {
		lang = string(i18n.LangOf(ctx))
	}
	m := meta(c)
	id, existing, err := h.Store.Apply(ctx, models.ApplyInput{CallID: d.ID, Type: typ, Title: form.Title, Lang: lang,
		PIUserID: su.UserID, Now: h.Now(),
		Audit: models.AuditEntry{ActorID: &su.UserID, IP: &m.IP, RequestID: &m.RequestID}})
	switch {
	case errors.Is(err, models.ErrCallNotOpen):
		return h.rerenderCall(c, d, form, fiber.StatusConflict, "application.apply.error.closed")
	case errors.Is(err, models.ErrTypeNotEligible):
		form.Errors["type"] = "application.apply.error.type"
		return h.rerenderCall(c, d, form, fiber.StatusUnprocessableEntity, "")
	case err != nil:
		return err
	case existing:
		return c.Redirect(applicationPath(id)+"?notice=existing", fiber.StatusSeeOther)
	}
	return c.Redirect(applicationPath(id)+"?notice=created", fiber.StatusSeeOther)
}

func (h *Handler) rerenderCall(c *fiber.Ctx, d *models.CallDetail, form pages.ApplyForm, status int, errKey string) error {
	v := h.callView(c, d)
	v.Apply, v.Error = form, errKey
	return render(c.Status(status), pages.CallPage(v))
}

func applicationPath(id int64) string { return "/projects/" + strconv.FormatInt(id, 10) + "/edit" }
