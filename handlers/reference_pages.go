package handlers

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/puente-science/puente/i18n"
	"github.com/puente-science/puente/models"
	"github.com/puente-science/puente/views/pages"
)

func (h *Handler) listDisciplines(c *fiber.Ctx) error {
	ctx := c.UserContext()
	lang := string(i18n.LangOf(ctx))
	rows, err := h.Store.Disciplines(ctx)
	if err != nil {
		return err
	}
	var fields []pages.DisciplineItem
	idx := map[string]int{}
	for _, r := range rows {
		item := pages.DisciplineItem{Code: r.Code, Name: r.Name.In(lang), Projects: r.Projects}
		if r.ParentCode == nil {
			idx[r.Code] = len(fields)
			fields = append(fields, item)
			continue
		}
		if i, ok := idx[*r.ParentCode]; ok {
			fields[i].Subfields = append(fields[i].Subfields, item)
		}
	}
	return render(c, pages.Disciplines(fields))
}

// priorityCountriesTargetKey is the setting holding the target share of
// awarded funding for the priority countries together, in basis points.
const priorityCountriesTargetKey = "priority_countries_target_bp"

func (h *Handler) listPriorities(c *fiber.Ctx) error {
	ctx := c.UserContext()
	lang := i18n.LangOf(ctx)
	areas, totals, err := h.priorityItems(c)
	if err != nil {
		return err
	}
	v := pages.PrioritiesView{Areas: areas, AwardedTotal: i18n.Money(ctx, totals.AwardedMinor, h.reportingCurrency(c))}
	target, err := h.Store.Setting(ctx, priorityCountriesTargetKey, "0")
	if err != nil {
		return err
	}
	bp, _ := strconv.Atoi(target)
	v.CountriesTarget = float64(bp) / 10000
	if totals.AwardedMinor > 0 {
		v.CountriesActual = float64(totals.PriorityCountryMinor) / float64(totals.AwardedMinor)
	}
	yes := true
	rows, err := h.Store.Countries(ctx, models.CountryFilter{Priority: &yes})
	if err != nil {
		return err
	}
	for _, r := range rows {
		v.PriorityCountries = append(v.PriorityCountries, countryItem(r, lang))
	}
	sortCountries(v.PriorityCountries, "projects", true, lang)
	return render(c, pages.Priorities(v))
}

// priorityItems builds the priority areas with their shares of awarded
// funding; the home page shows them too.
func (h *Handler) priorityItems(c *fiber.Ctx) ([]pages.PriorityItem, models.AwardTotals, error) {
	ctx := c.UserContext()
	lang := string(i18n.LangOf(ctx))
	totals, err := h.Store.AwardTotals(ctx)
	if err != nil {
		return nil, totals, err
	}
	areas, err := h.Store.PriorityAreas(ctx)
	if err != nil {
		return nil, totals, err
	}
	disc, err := h.Store.DisciplineNames(ctx)
	if err != nil {
		return nil, totals, err
	}
	names := map[string]string{}
	for code, name := range disc {
		names[code] = code + " " + name.In(lang)
	}
	cur := h.reportingCurrency(c)
	items := make([]pages.PriorityItem, len(areas))
	for i, a := range areas {
		it := pages.PriorityItem{Slug: a.Slug, Name: a.Name.In(lang), Description: a.Description.In(lang),
			Target: float64(a.TargetShareBP) / 10000, Projects: a.Projects,
			Awarded: i18n.Money(ctx, a.AwardedMinor, cur)}
		if totals.AwardedMinor > 0 {
			it.Actual = float64(a.AwardedMinor) / float64(totals.AwardedMinor)
		}
		for _, code := range a.Disciplines {
			it.Disciplines = append(it.Disciplines, names[code])
		}
		items[i] = it
	}
	return items, totals, nil
}

// reportingCurrency is the currency the portfolio's totals are kept in.
func (h *Handler) reportingCurrency(c *fiber.Ctx) string {
	cur, err := h.Store.Setting(c.UserContext(), "reporting_currency", "CNY")
	if err != nil || len(cur) != 3 {
		return "CNY"
	}
	return cur
}

func (h *Handler) listChannels(c *fiber.Ctx) error {
	ctx := c.UserContext()
	lang := string(i18n.LangOf(ctx))
	rows, err := h.Store.Channels(ctx)
	if err != nil {
		return err
	}
	items := make([]pages.ChannelItem, len(rows))
	for i, r := range rows {
		items[i] = pages.ChannelItem{Name: r.Name.In(lang), Sponsor: r.Sponsor, Kind: r.Kind,
			AnnualBudget: i18n.Money(ctx, r.AnnualBudgetMinor, r.Currency), Stable: r.StableMultiyear,
			Types: r.ProjectTypes, Projects: r.Projects, Awarded: i18n.Money(ctx, r.AwardedMinor, r.Currency)}
	}
	return render(c, pages.Channels(items))
}
