package handlers

import (
	"github.com/gofiber/fiber/v2"

	"github.com/puente-science/puente/i18n"
	"github.com/puente-science/puente/models"
	"github.com/puente-science/puente/views/pages"
)

func (h *Handler) showHome(c *fiber.Ctx) error {
	ctx := c.UserContext()
	lang := i18n.LangOf(ctx)
	now := h.Now().UTC()
	st, err := h.Store.HomeStats(ctx)
	if err != nil {
		return err
	}
	v := pages.HomeView{Countries: st.Countries, Projects: st.Projects, Active: st.ActiveProjects,
		Institutions: st.Institutions, Publications: st.Publications, Trained: st.TrainedResearchers}
	calls, err := h.Store.OpenCalls(ctx, now, 6)
	if err != nil {
		return err
	}
	for _, call := range calls {
		loc := readerZone(c, call.TimeZone)
		v.Calls = append(v.Calls, pages.CallItem{ID: call.ID, Title: call.Title.In(string(lang)),
			Channel: call.Channel.In(string(lang)), Closes: i18n.DateTime(ctx, call.ClosesAt, loc),
			DaysLeft:  int64(call.ClosesAt.Sub(now).Hours() / 24),
			BudgetCap: i18n.Money(ctx, call.BudgetCapMinor, call.Currency)})
	}
	if v.Areas, _, err = h.priorityItems(c); err != nil {
		return err
	}
	yes := true
	rows, err := h.Store.Countries(ctx, models.CountryFilter{Priority: &yes})
	if err != nil {
		return err
	}
	for _, r := range rows {
		v.Priority = append(v.Priority, countryItem(r, lang))
	}
	sortCountries(v.Priority, "projects", true, lang)
	return render(c, pages.Home(v))
}
