package handlers

import (
	"context"
	"net/url"
	"slices"

	"github.com/gofiber/fiber/v2"
	"golang.org/x/text/collate"

	"github.com/puente-science/puente/i18n"
	"github.com/puente-science/puente/models"
	"github.com/puente-science/puente/views/components"
)

// mapItems names the region's countries in the reader's language, sorted
// by their collation (the order of the map's links and table).
func mapItems(ctx context.Context, countries []models.MapCountry) []components.MapItem {
	lang := i18n.LangOf(ctx)
	items := make([]components.MapItem, 0, len(countries))
	for _, c := range countries {
		if components.MapHasShape(c.ISO2) {
			items = append(items, components.MapItem{ISO2: c.ISO2, Name: c.Name.In(string(lang))})
		}
	}
	col := collate.New(lang.Tag(), collate.Loose)
	slices.SortStableFunc(items, func(a, b components.MapItem) int { return col.CompareString(a.Name, b.Name) })
	return items
}

// regionMap is the map panel of the portfolio: the measure switch (links
// that keep the page's other parameters), and the map of the chosen
// measure over the projects that match f, from the portfolio's cached
// cube. Each country links to the /projects list behind its figure: list
// holds the list's parameters for f (the caller's filters), to which the
// country is added. Two statements: the data version and the countries.
func (h *Handler) regionMap(ctx context.Context, f models.PortfolioFilter, today models.Date, page string, pageQuery url.Values,
	list url.Values, measure models.MapMeasure, currency string) (components.MapPanel, error) {
	if !measure.Valid() {
		measure = models.MapProjects
	}
	var p components.MapPanel
	p.ID = "region-map"
	link := func(set map[string]string) string {
		q := url.Values{}
		for k, v := range pageQuery {
			q[k] = slices.Clone(v)
		}
		for k, v := range set {
			if v == "" {
				q.Del(k)
			} else {
				q.Set(k, v)
			}
		}
		return page + "?" + q.Encode() + "#" + p.ID
	}
	for _, m := range models.MapMeasures {
		p.Measures = append(p.Measures, components.MapLink{Label: i18n.T(ctx, "map.measure."+string(m)),
			Href: link(map[string]string{"measure": string(m), "currency": ""}), Current: m == measure})
	}
	figs, curs, err := h.Store.CachedPortfolioMap(ctx, f, today, measure, currency, h.Now())
	if err != nil {
		return p, err
	}
	currency = figs.Currency
	if measure == models.MapFunding {
		if len(curs) > 1 {
			for _, c := range curs {
				p.Currencies = append(p.Currencies, components.MapLink{Label: c.Currency,
					Href: link(map[string]string{"measure": string(measure), "currency": c.Currency}), Current: c.Currency == currency})
			}
		}
	}
	countries, err := h.Store.LACCountries(ctx)
	if err != nil {
		return p, err
	}
	items := mapItems(ctx, countries)
	for i := range items {
		it := &items[i]
		n := figs.Values[it.ISO2]
		it.Value, it.HasValue = float64(n), true
		q := url.Values{}
		for k, v := range list {
			q[k] = slices.Clone(v)
		}
		q.Set("country", it.ISO2)
		switch measure {
		case models.MapFunding:
			if currency == "" {
				it.HasValue = false
				it.Display = i18n.T(ctx, "map.legend.none")
			} else {
				it.Display = i18n.Money(ctx, n, currency)
			}
			q.Del("state")
			q.Del("stage")
			for _, s := range models.FundedStates {
				q.Add("state", string(s))
			}
		case models.MapPapers:
			it.Display = i18n.TN(ctx, "map.papers", n)
		default:
			it.Display = i18n.TN(ctx, "map.projects", n)
		}
		it.Href = "/projects?" + q.Encode()
	}
	p.Map = components.LACMap{Title: i18n.T(ctx, "map.title."+string(measure)), ID: p.ID + "-svg", Items: items,
		ValueHeader: i18n.T(ctx, "map.measure."+string(measure))}
	switch measure {
	case models.MapFunding:
		cur := currency
		p.Map.Format = func(v float64) string { return i18n.Money(ctx, int64(v), cur) }
		if cur != "" {
			p.Map.ValueHeader = i18n.T(ctx, "map.measure.funding_in", "currency", cur)
			p.Note = i18n.T(ctx, "map.note.funding", "currency", cur)
		}
	case models.MapPapers:
		p.Map.Format = func(v float64) string { return i18n.Number(ctx, int64(v)) }
		p.Note = i18n.T(ctx, "map.note.papers")
	default:
		p.Map.Format = func(v float64) string { return i18n.Number(ctx, int64(v)) }
		p.Note = i18n.T(ctx, "map.note.projects")
	}
	return p, nil
}

// countriesMap is the public map of the countries list: the listed
// countries shaded by their number of projects, each linking to its page.
// It reuses the list's rows, so it adds no statement.
func countriesMap(ctx context.Context, rows []models.CountryRow) components.LACMap {
	countries := make([]models.MapCountry, len(rows))
	byISO := make(map[string]int64, len(rows))
	for i, r := range rows {
		countries[i] = models.MapCountry{ISO2: r.ISO2, Name: r.Name}
		byISO[r.ISO2] = r.Projects
	}
	items := mapItems(ctx, countries)
	for i := range items {
		n := byISO[items[i].ISO2]
		items[i].Value, items[i].HasValue = float64(n), true
		items[i].Display = i18n.TN(ctx, "map.projects", n)
		items[i].Href = "/countries/" + items[i].ISO2
	}
	return components.LACMap{Title: i18n.T(ctx, "map.title.projects"), ID: "countries-map", Items: items,
		ValueHeader: i18n.T(ctx, "map.measure.projects"),
		Format:      func(v float64) string { return i18n.Number(ctx, int64(v)) }}
}

// currentQuery is the request's query string as values (the map's switch
// links keep every other parameter of the page).
func currentQuery(c *fiber.Ctx) url.Values {
	q, err := url.ParseQuery(string(c.Request().URI().QueryString()))
	if err != nil {
		return url.Values{}
	}
	return q
}
