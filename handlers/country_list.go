package handlers

import (
	"net/url"
	"slices"
	"strings"

	"github.com/gofiber/fiber/v2"
	"golang.org/x/text/collate"

	"github.com/puente-science/puente/i18n"
	"github.com/puente-science/puente/models"
	"github.com/puente-science/puente/views/pages"
)

var (
	subregions     = []string{"south_america", "central_america", "caribbean", "north_america"}
	tiers          = []string{"established", "developing", "exploratory"}
	countrySortKey = []string{"name", "subregion", "tier", "relations", "projects", "active"}
)

// oneOf returns v when it is allowed, and "" otherwise, so an unknown filter
// value is ignored rather than reaching the database.
func oneOf(v string, allowed []string) string {
	if slices.Contains(allowed, v) {
		return v
	}
	return ""
}

func (h *Handler) listCountries(c *fiber.Ctx) error {
	ctx := c.UserContext()
	lang := i18n.LangOf(ctx)
	v := pages.CountriesView{
		Q:          strings.TrimSpace(strings.Clone(c.Query("q"))),
		Subregion:  oneOf(c.Query("subregion"), subregions),
		Tier:       oneOf(c.Query("tier"), tiers),
		Priority:   oneOf(c.Query("priority"), []string{"yes", "no"}),
		Sort:       oneOf(c.Query("sort"), countrySortKey),
		Desc:       c.Query("dir") == "desc",
		Subregions: subregions,
		Tiers:      tiers,
	}
	if len(v.Q) > 100 {
		v.Q = v.Q[:100]
	}
	f := models.CountryFilter{Query: v.Q, Subregion: v.Subregion, Tier: v.Tier}
	if v.Priority != "" {
		p := v.Priority == "yes"
		f.Priority = &p
	}
	v.Filtered = v.Q != "" || v.Subregion != "" || v.Tier != "" || v.Priority != ""
	rows, err := h.Store.Countries(ctx, f)
	if err != nil {
		return err
	}
	v.Items = make([]pages.CountryItem, len(rows))
	for i, r := range rows {
		v.Items[i] = countryItem(r, lang)
	}
	sortCountries(v.Items, v.Sort, v.Desc, lang)
	v.Map = countriesMap(ctx, rows)
	v.SortHref = func(key string, desc bool) string {
		q := url.Values{}
		for k, val := range map[string]string{"q": v.Q, "subregion": v.Subregion, "tier": v.Tier, "priority": v.Priority} {
			if val != "" {
				q.Set(k, val)
			}
		}
		q.Set("sort", key)
		if desc {
			q.Set("dir", "desc")
		}
		return "/countries?" + q.Encode()
	}
	return render(c, pages.Countries(v))
}

func countryItem(r models.CountryRow, lang i18n.Lang) pages.CountryItem {
	it := pages.CountryItem{ISO2: r.ISO2, ISO3: r.ISO3, Name: r.Name.In(string(lang)),
		Subregion: r.Subregion, Tier: r.Tier, Priority: r.Priority, Sovereign: r.Sovereign,
		Projects: r.Projects, Active: r.ActiveProjects}
	if r.PRCRelationsSince != nil {
		it.Relations = *r.PRCRelationsSince
	}
	return it
}

// sortCountries orders the list in Go: there are at most a few dozen rows,
// and names sort by the reader's language's collation (Perú after Paraguay,
// 中文 by pinyin).
func sortCountries(items []pages.CountryItem, key string, desc bool, lang i18n.Lang) {
	col := collate.New(lang.Tag(), collate.Loose)
	byName := func(a, b pages.CountryItem) int { return col.CompareString(a.Name, b.Name) }
	rank := func(list []string, v string) int { return slices.Index(list, v) }
	cmp := byName
	switch key {
	case "subregion":
		cmp = func(a, b pages.CountryItem) int { return rank(subregions, a.Subregion) - rank(subregions, b.Subregion) }
	case "tier":
		cmp = func(a, b pages.CountryItem) int { return rank(tiers, a.Tier) - rank(tiers, b.Tier) }
	case "relations":
		cmp = func(a, b pages.CountryItem) int { return a.Relations - b.Relations }
	case "projects":
		cmp = func(a, b pages.CountryItem) int { return int(a.Projects - b.Projects) }
	case "active":
		cmp = func(a, b pages.CountryItem) int { return int(a.Active - b.Active) }
	}
	slices.SortStableFunc(items, func(a, b pages.CountryItem) int {
		r := cmp(a, b)
		if desc {
			r = -r
		}
		if r == 0 {
			return byName(a, b)
		}
		return r
	})
}
