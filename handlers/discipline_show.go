package handlers

import (
	"context"
	"errors"
	"net/url"
	"slices"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/puente-science/puente/i18n"
	"github.com/puente-science/puente/models"
	"github.com/puente-science/puente/views/components"
	"github.com/puente-science/puente/views/pages"
	"github.com/puente-science/puente/workflow"
)

// showDiscipline is a discipline's page: its projects by state, type and
// country, their funding and their outputs per year, each figure linking to
// the /projects list behind it.
func (h *Handler) showDiscipline(c *fiber.Ctx) error {
	ctx := c.UserContext()
	lang := string(i18n.LangOf(ctx))
	d, err := h.Store.DisciplineByCode(ctx, c.Params("code"))
	if errors.Is(err, models.ErrNotFound) {
		return fiber.ErrNotFound
	}
	if err != nil {
		return err
	}
	v := pages.DisciplineView{Code: d.Code, Name: d.Name.In(lang)}
	if d.Parent != nil {
		v.ParentCode, v.ParentName = d.Parent.Value, d.Parent.Name.In(lang)
	}
	for _, s := range d.Subfields {
		v.Subfields = append(v.Subfields, pages.CodeName{Code: s.Value, Name: s.Name.In(lang)})
	}
	list := url.Values{"discipline": {d.Code}}
	v.Figures, err = h.projectFigures(ctx, models.ProjectFilter{Discipline: d.Code}, list, true)
	if err != nil {
		return err
	}
	return render(c, pages.Discipline(v))
}

// projectFigures builds the figures panel of the projects matching f; list
// holds the /projects parameters of the same selection.
func (h *Handler) projectFigures(ctx context.Context, f models.ProjectFilter, list url.Values, withCountries bool) (pages.FiguresView, error) {
	figs, err := h.Store.ProjectFigures(ctx, f, withCountries)
	list.Set("submitted", "1") // the figures count projects past their draft
	if err != nil {
		return pages.FiguresView{}, err
	}
	href := func(set ...string) string {
		q := url.Values{}
		for k, v := range list {
			q[k] = slices.Clone(v)
		}
		for i := 0; i+1 < len(set); i += 2 {
			q.Add(set[i], set[i+1])
		}
		return "/projects?" + q.Encode()
	}
	v := pages.FiguresView{ListHref: href()}
	for _, st := range workflow.States {
		for _, n := range figs.States {
			if n.Key == string(st) {
				v.Total += n.Count
				v.States.Items = append(v.States.Items, components.BarItem{Label: i18n.T(ctx, st.LabelKey()),
					Display: i18n.Number(ctx, n.Count), Value: float64(n.Count), Href: href("state", string(st))})
			}
		}
	}
	v.States.Title, v.States.ID = i18n.T(ctx, "figures.by_state"), "fig-states"
	v.States.LabelHeader, v.States.ValueHeader = i18n.T(ctx, "figures.state"), i18n.T(ctx, "figures.projects")
	for _, n := range figs.Types {
		v.Types.Items = append(v.Types.Items, components.BarItem{Label: i18n.T(ctx, "ptype."+n.Key),
			Display: i18n.Number(ctx, n.Count), Value: float64(n.Count), Href: href("type", n.Key)})
	}
	v.Types.Title, v.Types.ID = i18n.T(ctx, "figures.by_type"), "fig-types"
	v.Types.LabelHeader, v.Types.ValueHeader = i18n.T(ctx, "figures.type"), i18n.T(ctx, "figures.projects")
	if withCountries && len(figs.Countries) > 0 {
		countries, err := h.Store.LACCountries(ctx)
		if err != nil {
			return v, err
		}
		items := mapItems(ctx, countries)
		slices.SortStableFunc(items, func(a, b components.MapItem) int {
			return int(figs.Countries[b.ISO2] - figs.Countries[a.ISO2])
		})
		for _, it := range items {
			if n := figs.Countries[it.ISO2]; n > 0 {
				v.Countries.Items = append(v.Countries.Items, components.BarItem{Label: it.Name,
					Display: i18n.Number(ctx, n), Value: float64(n), Href: href("country", it.ISO2)})
			}
		}
		v.Countries.Title, v.Countries.ID = i18n.T(ctx, "figures.by_country"), "fig-countries"
		v.Countries.LabelHeader, v.Countries.ValueHeader = i18n.T(ctx, "map.country"), i18n.T(ctx, "figures.projects")
	}
	var funded []string
	for _, s := range models.FundedStates {
		funded = append(funded, "state", string(s))
	}
	for _, m := range figs.Funding {
		v.Funding = append(v.Funding, pages.MoneyRow{Currency: m.Currency, Projects: i18n.Number(ctx, m.Projects),
			Href: href(funded...), Requested: i18n.Money(ctx, m.Requested, m.Currency),
			Awarded: i18n.Money(ctx, m.Awarded, m.Currency), Disbursed: i18n.Money(ctx, m.Disbursed, m.Currency)})
	}
	papers := components.LineSeries{Name: i18n.T(ctx, "figures.papers")}
	trained := components.LineSeries{Name: i18n.T(ctx, "figures.trained")}
	for _, o := range figs.Outputs {
		x := strconv.Itoa(o.Year)
		papers.Points = append(papers.Points, components.LinePoint{X: x, Y: float64(o.Papers), Display: i18n.Number(ctx, o.Papers), Href: v.ListHref})
		trained.Points = append(trained.Points, components.LinePoint{X: x, Y: float64(o.Trained), Display: i18n.Number(ctx, o.Trained), Href: v.ListHref})
	}
	if len(figs.Outputs) > 0 {
		v.Outputs = components.LineChart{Title: i18n.T(ctx, "figures.outputs"), ID: "fig-outputs",
			Series: []components.LineSeries{papers, trained}, XHeader: i18n.T(ctx, "figures.year"), YHeader: i18n.T(ctx, "figures.count")}
	}
	return v, nil
}
