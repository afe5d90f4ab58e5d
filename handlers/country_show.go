package handlers

import (
	"context"
	"net/url"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/puente-science/puente/i18n"
	"github.com/puente-science/puente/models"
	"github.com/puente-science/puente/views/components"
	"github.com/puente-science/puente/views/pages"
)

func (h *Handler) showCountry(c *fiber.Ctx) error {
	ctx := c.UserContext()
	lang := string(i18n.LangOf(ctx))
	iso2 := strings.ToUpper(c.Params("iso2"))
	if len(iso2) != 2 {
		return fiber.ErrNotFound
	}
	country, err := h.Store.CountryByISO2(ctx, iso2)
	if err != nil {
		return err
	}
	if strings.ToUpper(c.Params("iso2")) != c.Params("iso2") {
		return c.Redirect("/countries/"+iso2, fiber.StatusMovedPermanently)
	}
	v := pages.CountryView{ISO2: country.ISO2, ISO3: country.ISO3, Name: country.Name.In(lang),
		Subregion: country.Subregion, Tier: country.Tier, Priority: country.Priority,
		Sovereign: country.Sovereign, Projects: country.Projects, Active: country.ActiveProjects}
	for _, n := range []string{country.Name.EN, country.Name.ES, country.Name.PT, country.Name.ZH} {
		if n != v.Name && n != "" && !containsString(v.OtherNames, n) {
			v.OtherNames = append(v.OtherNames, n)
		}
	}
	if country.PRCRelationsSince != nil {
		v.Relations = *country.PRCRelationsSince
	}
	if !country.Sovereign {
		if adm, err := h.Store.AdministeringState(ctx, country.ISO2); err == nil {
			v.Administering = i18n.T(ctx, "admin_state."+adm)
		}
	}
	v.Figures, err = h.projectFigures(ctx, models.ProjectFilter{Country: iso2}, url.Values{"country": {iso2}}, false)
	if err != nil {
		return err
	}
	v.Figures.CountsShown = true
	v.Figures.Types.Title = i18n.T(ctx, "country.types")
	inds, err := h.Store.IndicatorsFor(ctx, iso2)
	if err != nil {
		return err
	}
	for _, ind := range inds {
		v.Indicators = append(v.Indicators, indicatorItem(ctx, ind))
	}
	v.IndicatorCharts = indicatorCharts(ctx, inds)
	insts, err := h.Store.InstitutionsIn(ctx, iso2, 50)
	if err != nil {
		return err
	}
	for _, in := range insts {
		item := pages.InstitutionItem{Name: in.Name, Type: in.Type, Own: in.Own, Projects: in.Projects}
		if in.RORID != nil {
			item.ROR = *in.RORID
		}
		v.Institutions = append(v.Institutions, item)
	}
	return render(c, pages.Country(v))
}

// indicatorItem formats an indicator's value with its unit for the reader.
func indicatorItem(ctx context.Context, ind models.IndicatorValue) pages.IndicatorItem {
	it := pages.IndicatorItem{Name: i18n.T(ctx, "indicator."+ind.Code), Year: ind.Year, Source: ind.Source}
	if ind.Note != nil {
		it.Note = *ind.Note
	}
	switch ind.Unit {
	case "percent":
		it.Value = i18n.Percent(ctx, ind.Value/100)
	case "usd":
		it.Value = i18n.Money(ctx, int64(ind.Value*100), "USD")
	case "ratio":
		it.Value = i18n.Percent(ctx, ind.Value)
	default:
		digits := 0
		if ind.Value != float64(int64(ind.Value)) {
			digits = 1
		}
		it.Value = i18n.T(ctx, "unit."+ind.Unit, "value", i18n.Decimal(ctx, ind.Value, digits))
	}
	return it
}

// indicatorCharts draws each indicator over its years (the values come
// ordered by indicator and year); the table above lists every value.
func indicatorCharts(ctx context.Context, inds []models.IndicatorValue) []components.LineChart {
	var out []components.LineChart
	for i, ind := range inds {
		if i == 0 || inds[i-1].Code != ind.Code {
			out = append(out, components.LineChart{Title: i18n.T(ctx, "indicator."+ind.Code), ID: "ind-" + ind.Code,
				XHeader: i18n.T(ctx, "indicator.year"), YHeader: i18n.T(ctx, "indicator.value"),
				Series: []components.LineSeries{{Name: i18n.T(ctx, "indicator."+ind.Code)}}})
		}
		s := &out[len(out)-1].Series[0]
		s.Points = append(s.Points, components.LinePoint{X: strconv.Itoa(ind.Year), Y: ind.Value, Display: indicatorItem(ctx, ind).Value})
	}
	return out
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
