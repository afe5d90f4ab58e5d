package handlers

import (
	"context"
	"strconv"
	"strings"

	"golang.org/x/text/currency"

	"github.com/puente-science/puente/i18n"
	"github.com/puente-science/puente/models"
	"github.com/puente-science/puente/views/components"
	"github.com/puente-science/puente/views/pages"
)

// maxPartnerChoices caps the partner candidates a search shows.
const maxPartnerChoices = 40

// partnerCountry is the one country outside the region a project may
// serve: the bureau's own.
const partnerCountry = "CN"

// applicationOptions fills the form's choices in the reader's language and
// returns them for validation; four queries whatever the form holds.
func (h *Handler) applicationOptions(ctx context.Context, v *pages.ApplicationFormView) (appChoices, error) {
	lang := string(i18n.LangOf(ctx))
	ch := appChoices{countries: map[string]bool{}, sites: map[string]bool{}, disciplines: map[string]bool{},
		institutions: map[int64]bool{}, own: map[int64]bool{}}
	countries, err := h.Store.AllCountries(ctx)
	if err != nil {
		return ch, err
	}
	v.CountryOpts, v.SiteOpts = nil, nil
	names := map[string]string{}
	for _, x := range countries {
		names[x.ISO2] = x.Name.In(lang)
		if x.LAC || x.ISO2 == partnerCountry {
			ch.countries[x.ISO2], ch.sites[x.ISO2] = true, true
			o := components.Option{Value: x.ISO2, Label: x.Name.In(lang)}
			if x.ISO2 == partnerCountry {
				v.CountryOpts = append([]components.Option{o}, v.CountryOpts...)
			} else {
				v.CountryOpts = append(v.CountryOpts, o)
			}
			v.SiteOpts = append(v.SiteOpts, o)
		}
	}
	if err := h.disciplineOptions(ctx, v, ch.disciplines); err != nil {
		return ch, err
	}
	insts, err := h.Store.InstitutionChoices(ctx)
	if err != nil {
		return ch, err
	}
	institutionOptions(v, insts, names, ch)
	v.Categories = nil
	for _, cat := range models.BudgetCategories {
		v.Categories = append(v.Categories, components.Option{Value: string(cat), Label: i18n.T(ctx, "application.category."+string(cat))})
	}
	v.CareerOpts, v.DirectionOpts, v.FormatOpts = nil, nil, nil
	for _, c := range models.CareerLevels {
		v.CareerOpts = append(v.CareerOpts, components.Option{Value: string(c), Label: i18n.T(ctx, "career."+string(c))})
	}
	for _, d := range models.Directions {
		v.DirectionOpts = append(v.DirectionOpts, components.Option{Value: string(d), Label: i18n.T(ctx, "application.direction."+string(d))})
	}
	for _, f := range models.DialogueFormats {
		v.FormatOpts = append(v.FormatOpts, components.Option{Value: string(f), Label: i18n.T(ctx, "application.format."+string(f))})
	}
	return ch, nil
}

// disciplineOptions groups the subfields under their fields; a field
// without subfields may be chosen itself.
func (h *Handler) disciplineOptions(ctx context.Context, v *pages.ApplicationFormView, known map[string]bool) error {
	lang := string(i18n.LangOf(ctx))
	rows, err := h.Store.Disciplines(ctx)
	if err != nil {
		return err
	}
	v.DisciplineOpts = nil
	group := map[string]int{}
	for _, d := range rows {
		if d.ParentCode == nil {
			group[d.Code] = len(v.DisciplineOpts)
			v.DisciplineOpts = append(v.DisciplineOpts, pages.DisciplineGroup{Label: d.Code + " " + d.Name.In(lang)})
			continue
		}
		if i, ok := group[*d.ParentCode]; ok {
			known[d.Code] = true
			g := &v.DisciplineOpts[i]
			g.Options = append(g.Options, components.Option{Value: d.Code, Label: d.Code + " " + d.Name.In(lang)})
		}
	}
	for _, d := range rows {
		if i, ok := group[d.Code]; ok && len(v.DisciplineOpts[i].Options) == 0 {
			known[d.Code] = true
			v.DisciplineOpts[i].Options = []components.Option{{Value: d.Code, Label: v.DisciplineOpts[i].Label}}
		}
	}
	return nil
}

// institutionOptions offers the bureau's institutes as hosts, every
// institution for the type's own fields, and as partners those ticked plus
// those matching the search (or the first ones, without a search).
func institutionOptions(v *pages.ApplicationFormView, insts []models.InstitutionChoice, countries map[string]string, ch appChoices) {
	v.HostOpts, v.InstOpts, v.PartnerOpts, v.MoreInstitutes = nil, nil, nil, false
	q := strings.ToLower(v.InstQ)
	var matches []components.Option
	for _, x := range insts {
		id := strconv.FormatInt(x.ID, 10)
		ch.institutions[x.ID] = true
		label := x.Name
		if x.NameLocal != nil && *x.NameLocal != "" && *x.NameLocal != x.Name {
			label += " — " + *x.NameLocal
		}
		country := countries[x.CountryISO2]
		o := components.Option{Value: id, Label: label, Group: country}
		v.InstOpts = append(v.InstOpts, o)
		if x.OwnInstitute {
			ch.own[x.ID] = true
			v.HostOpts = append(v.HostOpts, o)
		}
		withCountry := components.Option{Value: id, Label: label + " (" + country + ")"}
		switch {
		case v.Partners[id]:
			v.PartnerOpts = append(v.PartnerOpts, withCountry)
		case q == "" || strings.Contains(strings.ToLower(label+" "+country+" "+x.CountryISO2), q):
			matches = append(matches, withCountry)
		}
	}
	if len(matches) > maxPartnerChoices {
		matches, v.MoreInstitutes = matches[:maxPartnerChoices], true
	}
	v.PartnerOpts = append(v.PartnerOpts, matches...)
}

// currencyScale is the number of decimals of a currency's minor unit.
func currencyScale(code string) int {
	if cur, err := currency.ParseISO(code); err == nil {
		scale, _ := currency.Standard.Rounding(cur)
		return scale
	}
	return 2
}
