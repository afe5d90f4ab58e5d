package handlers

import (
	"github.com/gofiber/fiber/v2"

	"github.com/puente-science/puente/i18n"
	"github.com/puente-science/puente/models"
	"github.com/puente-science/puente/views/components"
	"github.com/puente-science/puente/views/pages"
)

// projectSummaryFilters reads the filters the portfolio's figures link
// with (lead country and its subregion, tier and priority flag, primary
// discipline, talent exchange career level and direction, funded, started
// year). Each value is checked against its known choices.
func projectSummaryFilters(c *fiber.Ctx, o models.ProjectListOptions, v *pages.ProjectsView, f *models.ProjectFilter) {
	ctx := c.UserContext()
	t := func(key string) string { return i18n.T(ctx, key) }
	if raw := c.Query("lead"); raw == models.NoneValue {
		v.Lead, f.LeadCountry = raw, raw
	} else {
		for _, co := range o.Countries {
			if co.ISO2 == raw {
				v.Lead, f.LeadCountry = raw, raw
			}
		}
	}
	for _, s := range models.Subregions {
		v.SubregionOpts = append(v.SubregionOpts, components.Option{Value: string(s), Label: t("subregion." + string(s))})
		if c.Query("subregion") == string(s) {
			v.Subregion, f.Subregion = string(s), string(s)
		}
	}
	for _, tier := range models.Tiers {
		v.TierOpts = append(v.TierOpts, components.Option{Value: string(tier), Label: t("tier." + string(tier))})
		if c.Query("tier") == string(tier) {
			v.Tier, f.Tier = string(tier), string(tier)
		}
	}
	v.LeadPriorityOpts = []components.Option{
		{Value: "yes", Label: t("projects.lead_priority.yes")},
		{Value: "no", Label: t("projects.lead_priority.no")},
	}
	if p := c.Query("lead_priority"); p == "yes" || p == "no" {
		v.LeadPriority, f.LeadPriority = p, p
	}
	if raw := c.Query("pdiscipline"); raw == models.NoneValue {
		v.PDiscipline, f.PrimaryDiscipline = raw, raw
	} else {
		for _, d := range o.Disciplines {
			if d.Value == raw {
				v.PDiscipline, f.PrimaryDiscipline = raw, raw
			}
		}
	}
	for _, l := range models.CareerLevels {
		v.CareerOpts = append(v.CareerOpts, components.Option{Value: string(l), Label: t("career." + string(l))})
		if c.Query("career") == string(l) {
			v.Career, f.CareerLevel = string(l), string(l)
		}
	}
	for _, d := range models.Directions {
		v.DirectionOpts = append(v.DirectionOpts, components.Option{Value: string(d), Label: t("application.direction." + string(d))})
		if c.Query("direction") == string(d) {
			v.Direction, f.Direction = string(d), string(d)
		}
	}
	if c.Query("funded") == "1" {
		v.Funded, f.Funded = "1", true
	}
	if c.Query("submitted") == "1" {
		v.Submitted, f.Submitted = "1", true
	}
	v.Started, f.StartedYear = pickYear(c.Query("started"))
}
