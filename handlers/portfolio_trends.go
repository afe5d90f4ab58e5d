package handlers

import (
	"sort"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/puente-science/puente/i18n"
	"github.com/puente-science/puente/models"
	"github.com/puente-science/puente/views/components"
	"github.com/puente-science/puente/views/pages"
)

// portfolioTopCountries is how many countries the co-authorship chart
// draws as lines (the ones with the most publications).
const portfolioTopCountries = 5

// trendSeries is one series growth can be measured on.
type trendSeries struct {
	key, name string
	points    []models.YearValue
	href      func(year int) string // nil: the points do not link
}

func (b portfolioBuilder) trendSeries() []trendSeries {
	sum := b.sum
	var out []trendSeries
	codes := make([]string, 0, len(sum.Indicators))
	for code := range sum.Indicators {
		codes = append(codes, code)
	}
	sort.Strings(codes)
	// The study's co-authorship series first: it is the one the strategy cites.
	sort.SliceStable(codes, func(i, j int) bool { return codes[i] == "cas_coauthored_papers" && codes[j] != codes[i] })
	for _, code := range codes {
		if len(sum.Indicators[code]) < 2 {
			continue
		}
		out = append(out, trendSeries{key: "indicator:" + code,
			name: b.t("portfolio.trend.indicator", "name", b.t("indicator."+code)), points: sum.Indicators[code]})
	}
	started := trendSeries{key: "started", name: b.t("portfolio.trend.started"),
		href: func(y int) string { return b.href("started", strconv.Itoa(y)) }}
	for _, p := range sum.Started {
		started.points = append(started.points, models.YearValue{Year: p.Year, Value: float64(p.Count)})
	}
	co := trendSeries{key: "coauthored", name: b.t("portfolio.trend.coauthored")}
	for _, p := range sum.Coauthored {
		co.points = append(co.points, models.YearValue{Year: p.Year, Value: float64(p.Count)})
	}
	return append(out, started, co)
}

func (b portfolioBuilder) value(v float64) string {
	if v == float64(int64(v)) {
		return b.num(int64(v))
	}
	return i18n.Decimal(b.ctx, v, 1)
}

func (b portfolioBuilder) line(id, title, yHeader string, series ...trendSeries) components.LineChart {
	lc := components.LineChart{Title: title, ID: id, YHeader: yHeader, XHeader: b.t("portfolio.col.year")}
	for _, s := range series {
		ls := components.LineSeries{Name: s.name}
		for _, p := range s.points {
			pt := components.LinePoint{X: strconv.Itoa(p.Year), Y: p.Value, Display: b.value(p.Value)}
			if s.href != nil {
				pt.Href = s.href(p.Year)
			}
			ls.Points = append(ls.Points, pt)
		}
		lc.Series = append(lc.Series, ls)
	}
	return lc
}

func (b portfolioBuilder) trends(v *pages.PortfolioView, c *fiber.Ctx) {
	sum := b.sum
	all := b.trendSeries()
	byKey := map[string]trendSeries{}
	for _, s := range all {
		byKey[s.key] = s
		v.SeriesOpts = append(v.SeriesOpts, components.Option{Value: s.key, Label: s.name})
	}
	for _, s := range all {
		if s.key == "started" {
			v.Started = b.line("started-chart", b.t("portfolio.trend.started"), b.t("portfolio.col.projects"), s)
		}
		if s.key == "coauthored" {
			v.Coauthored = b.line("coauthored-chart", b.t("portfolio.trend.coauthored"), b.t("portfolio.col.publications"), s)
		}
	}
	// Figure 5: the region's countries with the most co-authored publications.
	names := map[string]string{} // the region's countries: the study's Figure 5
	for _, co := range sum.Countries {
		if co.LAC {
			names[co.ISO2] = co.Name.In(b.lang)
		}
	}
	type tot struct {
		iso string
		n   int64
	}
	var tots []tot
	for iso, ys := range sum.CoauthoredByCountry {
		if _, lac := names[iso]; !lac {
			continue
		}
		var n int64
		for _, y := range ys {
			n += y.Count
		}
		tots = append(tots, tot{iso, n})
	}
	sort.Slice(tots, func(i, j int) bool {
		if tots[i].n != tots[j].n {
			return tots[i].n > tots[j].n
		}
		return tots[i].iso < tots[j].iso
	})
	var countrySeries []trendSeries
	for i, t := range tots {
		if i == portfolioTopCountries {
			break
		}
		s := trendSeries{key: t.iso, name: names[t.iso]}
		for _, y := range sum.CoauthoredByCountry[t.iso] {
			s.points = append(s.points, models.YearValue{Year: y.Year, Value: float64(y.Count)})
		}
		countrySeries = append(countrySeries, s)
	}
	v.CoauthoredByCountry = b.line("coauthored-country-chart", b.t("portfolio.trend.by_country_lac"), b.t("portfolio.col.publications"), countrySeries...)

	// Growth between two years of the chosen series.
	g := &v.Growth
	g.Series = c.Query("series")
	if _, ok := byKey[g.Series]; !ok && len(all) > 0 {
		g.Series = all[0].key
	}
	s := byKey[g.Series]
	g.Chart = b.line("growth-chart", s.name, s.name, s)
	vals := map[int]float64{}
	for _, p := range s.points {
		vals[p.Year] = p.Value
		g.YearOpts = append(g.YearOpts, components.Option{Value: strconv.Itoa(p.Year), Label: strconv.Itoa(p.Year)})
	}
	if len(s.points) == 0 {
		g.Message = b.t("portfolio.growth.no_data")
		return
	}
	pick := func(raw string, def int) int {
		if y, err := strconv.Atoi(raw); err == nil {
			if _, ok := vals[y]; ok {
				return y
			}
		}
		return def
	}
	ya := pick(c.Query("gfrom"), s.points[0].Year)
	yb := pick(c.Query("gto"), s.points[len(s.points)-1].Year)
	g.From, g.To = strconv.Itoa(ya), strconv.Itoa(yb)
	inc, cagr, ok := models.Growth(ya, vals[ya], yb, vals[yb])
	if !ok {
		g.Message = b.t("portfolio.growth.invalid")
		return
	}
	g.OK = true
	g.Increase = b.t("portfolio.growth.increase", "fold", i18n.Decimal(b.ctx, inc, 1))
	g.CAGR = b.t("portfolio.growth.cagr", "rate", i18n.Percent(b.ctx, cagr))
	g.Between = b.t("portfolio.growth.between", "a", b.value(vals[ya]), "ya", g.From, "b", b.value(vals[yb]), "yb", g.To)
}
