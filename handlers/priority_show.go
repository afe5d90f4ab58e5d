package handlers

import (
	"errors"
	"net/url"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/puente-science/puente/i18n"
	"github.com/puente-science/puente/models"
	"github.com/puente-science/puente/views/pages"
)

// showPriority is a priority area's page: its target, disciplines and the
// same figures as a discipline's page.
func (h *Handler) showPriority(c *fiber.Ctx) error {
	ctx := c.UserContext()
	lang := string(i18n.LangOf(ctx))
	a, err := h.Store.PriorityAreaBySlug(ctx, c.Params("slug"))
	if errors.Is(err, models.ErrNotFound) {
		return fiber.ErrNotFound
	}
	if err != nil {
		return err
	}
	v := pages.PriorityView{Slug: a.Slug, Name: a.Name.In(lang), Description: a.Description.In(lang),
		Target: i18n.Percent(ctx, float64(a.TargetShareBP)/10000)}
	for _, d := range a.Disciplines {
		v.Disciplines = append(v.Disciplines, pages.CodeName{Code: d.Value, Name: d.Name.In(lang)})
	}
	list := url.Values{"priority": {strconv.FormatInt(a.ID, 10)}}
	v.Figures, err = h.projectFigures(ctx, models.ProjectFilter{PriorityAreaID: a.ID}, list, true)
	if err != nil {
		return err
	}
	return render(c, pages.Priority(v))
}
