package handlers

import (
	"context"
	"math"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/puente-science/puente/auth"
	"github.com/puente-science/puente/i18n"
	"github.com/puente-science/puente/models"
	"github.com/puente-science/puente/views/components"
	"github.com/puente-science/puente/views/pages"
	"github.com/puente-science/puente/workflow"
)

// portfolioChartTop is how many groups a bar chart draws; the table under
// it lists them all.
const portfolioChartTop = 12

// portfolioCallRows is how many calls the pipeline table shows before the
// rest fold under it.
const portfolioCallRows = 8

func (h *Handler) showPortfolio(c *fiber.Ctx) error {
	if !permOf(c).Can(auth.ViewPortfolio, auth.Record{}) {
		return fiber.ErrForbidden
	}
	ctx := c.UserContext()
	now := h.Now()
	f, v := portfolioFilterFrom(c)
	today := models.DateOf(now.In(readerLocation(c)))
	sum, err := h.Store.CachedPortfolioSummary(ctx, f, today, now)
	if err != nil {
		return err
	}
	b := portfolioBuilder{ctx: ctx, lang: string(i18n.LangOf(ctx)), sum: sum, base: portfolioBase(v), compact: largePortfolio(sum)}
	b.fill(&v, c)
	v.AsOf, v.Refreshing = i18n.DateTime(ctx, sum.AsOf, readerLocation(c)), sum.Refreshing
	v.Keep = map[string]string{}
	for _, k := range []string{"measure", "currency", "series", "gfrom", "gto"} {
		if val := c.Query(k); val != "" && len(val) <= 40 {
			v.Keep[k] = val
		}
	}
	if !v.Empty {
		v.Map, err = h.regionMap(ctx, f, today, "/portfolio", currentQuery(c), b.base,
			models.MapMeasure(c.Query("measure")), c.Query("currency"))
		if err != nil {
			return err
		}
	}
	return render(c, pages.Portfolio(v))
}

// portfolioFilterFrom reads the page's filters: every value is checked and
// dropped when unknown. The channel is checked against the summary's
// channels later (an unknown id simply matches nothing).
func portfolioFilterFrom(c *fiber.Ctx) (models.PortfolioFilter, pages.PortfolioView) {
	var f models.PortfolioFilter
	var v pages.PortfolioView
	v.From, f.YearFrom = pickYear(c.Query("from"))
	v.To, f.YearTo = pickYear(c.Query("to"))
	if id, err := strconv.ParseInt(c.Query("channel"), 10, 64); err == nil && id > 0 {
		v.Channel, f.ChannelID = strconv.FormatInt(id, 10), id
	}
	for _, t := range models.ProjectTypes {
		if c.Query("type") == string(t) {
			v.Type, f.Type = string(t), t
		}
	}
	v.Filtered = v.From != "" || v.To != "" || v.Channel != "" || v.Type != ""
	return f, v
}

// portfolioBase are the page's filters as /projects address values: every
// link from a panel keeps them, so the list it opens is the figure's.
func portfolioBase(v pages.PortfolioView) url.Values {
	q := url.Values{}
	for k, val := range map[string]string{"from": v.From, "to": v.To, "channel": v.Channel, "type": v.Type} {
		if val != "" {
			q.Set(k, val)
		}
	}
	return q
}

type portfolioBuilder struct {
	ctx  context.Context
	lang string
	sum  *models.PortfolioSummary
	base url.Values
	// compact: the tables' money in large units (largePortfolio).
	compact bool
}

func (b portfolioBuilder) t(key string, args ...any) string { return i18n.T(b.ctx, key, args...) }

// href is the /projects list under the page's filters and kv (pairs).
func (b portfolioBuilder) href(kv ...string) string {
	q := url.Values{}
	for k, vs := range b.base {
		q[k] = append([]string(nil), vs...)
	}
	for i := 0; i+1 < len(kv); i += 2 {
		if kv[i] == "type" || kv[i] == "channel" { // a panel's own value replaces the page filter's
			q.Del(kv[i])
		}
		q.Add(kv[i], kv[i+1])
	}
	return "/projects?" + q.Encode()
}

// money shows amounts per currency, never added across currencies.
func (b portfolioBuilder) money(a models.Amounts) string { return b.perCurrency(a, i18n.Money) }

// moneyCompact is money in large units (billions, 亿), for the headline.
func (b portfolioBuilder) moneyCompact(a models.Amounts) string {
	return b.perCurrency(a, i18n.MoneyCompact)
}

// perCurrency writes each currency's amount with format, "—" for none.
func (b portfolioBuilder) perCurrency(a models.Amounts, format func(context.Context, int64, string) string) string {
	cur := a.Currencies()
	if len(cur) == 0 {
		return "—"
	}
	parts := make([]string, len(cur))
	for i, c := range cur {
		parts[i] = format(b.ctx, a[c], c)
	}
	return strings.Join(parts, " · ")
}

// largePortfolio: the portfolio asks for more than a hundred million in
// some currency. Then every table shows millions and billions (exact below
// a million), so the tables fit the page; the exports keep every digit.
func largePortfolio(sum *models.PortfolioSummary) bool {
	for c, v := range sum.Total.Requested {
		if float64(v) >= 1e8*math.Pow10(moneyScale(c)) {
			return true
		}
	}
	return false
}

// cell is money in a panel's table (see largePortfolio).
func (b portfolioBuilder) cell(a models.Amounts) string {
	if b.compact {
		return b.moneyCompact(a)
	}
	return b.money(a)
}

func (b portfolioBuilder) num(n int64) string { return i18n.Number(b.ctx, n) }

// row is one group of a panel: its count and money, each linking to the
// list that makes it up (awarded: the funded projects of the group).
func (b portfolioBuilder) row(label string, s *models.Sums, kv ...string) pages.PortfolioRow {
	if s == nil {
		s = &models.Sums{}
	}
	h := b.href(kv...)
	return pages.PortfolioRow{Label: label, Href: h, Count: b.num(s.Count), CountValue: float64(s.Count),
		Requested: b.cell(s.Requested), Awarded: b.cell(s.Awarded), Disbursed: b.cell(s.Disbursed),
		AwardedHref: b.href(append(kv, "funded", "1")...)}
}

// panel makes a panel of rows: bars of the counts (largest groups first)
// and the table of counts and money.
func (b portfolioBuilder) panel(id, title, labelHeader string, rows []pages.PortfolioRow, keepOrder bool) pages.PortfolioPanel {
	if !keepOrder {
		sort.SliceStable(rows, func(i, j int) bool { return rows[i].CountValue > rows[j].CountValue })
	}
	p := pages.PortfolioPanel{ID: id, Title: title, LabelHeader: labelHeader, Rows: rows}
	if !keepOrder && len(rows) > portfolioChartTop { // the table lists the chart's groups; the rest fold under it
		p.Rows, p.MoreRows = rows[:portfolioChartTop], rows[portfolioChartTop:]
	}
	p.Chart = components.BarChart{Title: title, ID: id + "-chart", LabelHeader: labelHeader, ValueHeader: b.t("portfolio.col.projects")}
	for i, r := range rows {
		if i == portfolioChartTop && !keepOrder { // ordered panels (years, stages) draw every group
			p.More = len(rows) - portfolioChartTop
			break
		}
		p.Chart.Items = append(p.Chart.Items, components.BarItem{Label: r.Label, Display: r.Count, Value: r.CountValue, Href: r.Href})
	}
	return p
}

func (b portfolioBuilder) fill(v *pages.PortfolioView, c *fiber.Ctx) {
	sum := b.sum
	v.Empty = sum.Total.Count == 0
	b.filterOptions(v)
	b.headline(v)
	b.alignment(v)
	b.pipeline(v)
	b.stages(v)
	b.panels(v)
	b.trends(v, c)
}

func (b portfolioBuilder) filterOptions(v *pages.PortfolioView) {
	for _, ch := range b.sum.Channels {
		v.ChannelOpts = append(v.ChannelOpts, components.Option{Value: strconv.FormatInt(ch.ID, 10), Label: ch.Name.In(b.lang)})
	}
	sortOptions(v.ChannelOpts, i18n.Lang(b.lang))
	for _, t := range models.ProjectTypes {
		v.TypeOpts = append(v.TypeOpts, components.Option{Value: string(t), Label: b.t("ptype." + string(t))})
	}
}

func (b portfolioBuilder) headline(v *pages.PortfolioView) {
	s := b.sum.Total
	v.Headline = []pages.PortfolioStat{
		{Label: b.t("portfolio.stat.projects"), Value: b.num(s.Count), Href: b.href()},
		{Label: b.t("portfolio.stat.funded"), Value: b.num(s.Funded), Href: b.href("funded", "1")},
		{Label: b.t("portfolio.stat.requested"), Value: b.moneyCompact(s.Requested), Exact: b.money(s.Requested), Href: b.href(), Wide: true},
		{Label: b.t("portfolio.stat.awarded"), Value: b.moneyCompact(s.Awarded), Exact: b.money(s.Awarded), Href: b.href("funded", "1"), Wide: true},
		{Label: b.t("portfolio.stat.disbursed"), Value: b.moneyCompact(s.Disbursed), Exact: b.money(s.Disbursed), Href: b.href("funded", "1"), Wide: true},
	}
}

// shareGauge turns per-currency shares into one gauge: the first currency
// (there is one in practice) draws it; every currency is in the words.
func (b portfolioBuilder) shareGauge(label string, shares []models.Share, targetBP int, href string) components.Gauge {
	g := components.Gauge{Label: label, Href: href, Target: float64(targetBP) / 10000}
	if len(shares) == 0 {
		g.Display = b.t("portfolio.gauge.no_awards")
	} else {
		g.Share = shares[0].Ratio()
		var parts []string
		for _, sh := range shares {
			p := i18n.Percent(b.ctx, sh.Ratio())
			if len(shares) > 1 {
				p += " (" + sh.Currency + ")"
			}
			parts = append(parts, p)
		}
		g.Display = strings.Join(parts, " · ")
		if targetBP > 0 {
			if g.Share >= g.Target {
				g.Display += " · " + b.t("portfolio.gauge.on_track")
			} else {
				g.Display += " · " + b.t("portfolio.gauge.below")
			}
		}
	}
	if targetBP > 0 {
		g.TargetDisplay = b.t("portfolio.gauge.target", "share", i18n.Percent(b.ctx, g.Target))
	}
	return g
}

func (b portfolioBuilder) alignment(v *pages.PortfolioView) {
	sum := b.sum
	v.Gauges = append(v.Gauges, b.shareGauge(b.t("portfolio.align.priority_countries"), sum.PriorityCountryShare(),
		sum.PriorityTargetBP, b.href("lead_priority", "yes", "funded", "1")))
	for _, a := range sum.Areas {
		v.Gauges = append(v.Gauges, b.shareGauge(a.Name.In(b.lang), sum.AreaShare(a.ID), a.TargetBP,
			b.href("priority", strconv.FormatInt(a.ID, 10), "funded", "1")))
	}
	var stableHref string
	for _, ch := range sum.Channels { // one stable channel: link it; several: the list cannot OR channels
		if ch.Stable {
			if stableHref == "" {
				stableHref = b.href("channel", strconv.FormatInt(ch.ID, 10), "funded", "1")
			} else {
				stableHref = ""
				break
			}
		}
	}
	v.StableGauge = b.shareGauge(b.t("portfolio.align.stable"), sum.StableShare(), 0, stableHref)
	var stableNames []string
	for _, ch := range sum.Channels {
		if ch.Stable {
			stableNames = append(stableNames, ch.Name.In(b.lang))
		}
	}
	v.StableChannels = strings.Join(stableNames, ", ")
	v.Talent = components.BarChart{Title: b.t("portfolio.align.talent"), ID: "talent-chart", CaptionHidden: true,
		LabelHeader: b.t("portfolio.col.talent"), ValueHeader: b.t("portfolio.col.exchanges")}
	for _, t := range sum.Talent {
		level, dir := b.t("portfolio.unset"), b.t("portfolio.unset")
		if t.CareerLevel != "" {
			level = b.t("career." + t.CareerLevel)
		}
		if t.Direction != "" {
			dir = b.t("application.direction." + t.Direction)
		}
		item := components.BarItem{Label: level + " · " + dir, Display: b.num(t.Count), Value: float64(t.Count)}
		if t.CareerLevel != "" && t.Direction != "" {
			item.Href = b.href("type", string(models.TypeTalentExchange), "career", t.CareerLevel, "direction", t.Direction, "funded", "1")
		}
		v.Talent.Items = append(v.Talent.Items, item)
	}
}

func (b portfolioBuilder) pipeline(v *pages.PortfolioView) {
	sum := b.sum
	funded, decided, rate, ok := sum.Approval()
	if ok {
		v.Approval = i18n.Percent(b.ctx, rate)
		v.ApprovalDetail = b.t("portfolio.pipeline.approval.detail", "funded", b.num(funded), "decided", b.num(decided))
	}
	v.FundedHref = b.href("funded", "1")
	v.DecidedHref = b.href("state", string(workflow.Rejected))
	v.Overdue = b.num(sum.OverdueReports)
	oq := url.Values{"tab": {"overdue"}}
	if ch := b.base.Get("channel"); ch != "" {
		oq.Set("channel", ch)
	}
	v.OverdueHref = "/reports?" + oq.Encode()
	// Calls × states: only the states some call has, in workflow order.
	used := map[workflow.State]bool{}
	for _, states := range sum.ByCallState {
		for st := range states {
			used[st] = true
		}
	}
	m := pages.PortfolioMatrix{ID: "pipeline-calls", Title: b.t("portfolio.pipeline.calls"), Corner: b.t("portfolio.col.call")}
	var cols []workflow.State
	for _, st := range workflow.States {
		if used[st] {
			cols = append(cols, st)
			m.Cols = append(m.Cols, b.t(st.LabelKey()))
		}
	}
	m.Cols = append(m.Cols, b.t("portfolio.col.total"))
	addCall := func(key, label string, kv []string) {
		states := sum.ByCallState[key]
		if states == nil {
			return
		}
		r := pages.PortfolioMatrixRow{Label: label, Href: b.href(kv...)}
		var total int64
		for _, st := range cols {
			cell := pages.PortfolioCell{Display: "–"}
			if s := states[st]; s != nil {
				cell = pages.PortfolioCell{Display: b.num(s.Count), Href: b.href(append(kv, "state", string(st))...)}
				total += s.Count
			}
			r.Cells = append(r.Cells, cell)
		}
		r.Cells = append(r.Cells, pages.PortfolioCell{Display: b.num(total), Href: r.Href, Strong: true})
		for st := range states {
			if workflow.StageOf(st) == workflow.StageProposal {
				r.Pending = true
			}
		}
		m.Rows = append(m.Rows, r)
	}
	for _, call := range sum.Calls {
		label := call.Title.In(b.lang)
		if label == "" {
			label = call.Code
		}
		addCall(strconv.FormatInt(call.ID, 10), label, []string{"call", strconv.FormatInt(call.ID, 10)})
	}
	addCall("", b.t("portfolio.no_call"), []string{"call", models.NoneValue})
	// The calls still in the pipeline first (an application not yet
	// decided), newest first as listed; the rest fold under the table.
	pending := func(r pages.PortfolioMatrixRow) bool { return r.Pending }
	sort.SliceStable(m.Rows, func(i, j int) bool { return pending(m.Rows[i]) && !pending(m.Rows[j]) })
	if len(m.Rows) > portfolioCallRows {
		m.Rows, m.MoreRows = m.Rows[:portfolioCallRows], m.Rows[portfolioCallRows:]
	}
	v.CallStates = m
	v.Stays = components.BarChart{Title: b.t("portfolio.pipeline.stays"), ID: "stays-chart", CaptionHidden: true,
		LabelHeader: b.t("portfolio.col.state"), ValueHeader: b.t("portfolio.col.median_days")}
	for _, st := range sum.Stays {
		v.Stays.Items = append(v.Stays.Items, components.BarItem{Label: b.t(st.State.LabelKey()),
			Display: b.t("portfolio.days", "days", i18n.Decimal(b.ctx, st.MedianDays, 1), "stays", b.num(st.Stays)),
			Value:   st.MedianDays})
	}
}

func (b portfolioBuilder) stages(v *pages.PortfolioView) {
	sum := b.sum
	byStage := sum.ByStage()
	var rows []pages.PortfolioRow
	for _, st := range workflow.Stages {
		if s := byStage[string(st)]; s != nil {
			rows = append(rows, b.row(b.t(st.LabelKey()), s, "stage", string(st)))
		}
	}
	v.Stage = b.panel("by-stage", b.t("portfolio.by.stage"), b.t("portfolio.col.stage"), rows, true)
	grid := sum.ByStageYear()
	m := pages.PortfolioMatrix{ID: "stage-year", Title: b.t("portfolio.by.stage_year"), Corner: b.t("portfolio.col.stage")}
	for _, y := range sum.Years {
		m.Cols = append(m.Cols, strconv.Itoa(y))
	}
	m.Cols = append(m.Cols, b.t("portfolio.col.total"))
	for _, st := range workflow.Stages {
		years := grid[st]
		if years == nil {
			continue
		}
		r := pages.PortfolioMatrixRow{Label: b.t(st.LabelKey()), Href: b.href("stage", string(st))}
		var total int64
		for _, y := range sum.Years {
			cell := pages.PortfolioCell{Display: "–"}
			if n := years[y]; n > 0 {
				cell = pages.PortfolioCell{Display: b.num(n), Href: b.yearHref(y, "stage", string(st))}
				total += n
			}
			r.Cells = append(r.Cells, cell)
		}
		r.Cells = append(r.Cells, pages.PortfolioCell{Display: b.num(total), Href: r.Href, Strong: true})
		m.Rows = append(m.Rows, r)
	}
	// The totals per year.
	years := sum.ByYear()
	tr := pages.PortfolioMatrixRow{Label: b.t("portfolio.col.total"), Href: b.href(), Total: true}
	for _, y := range sum.Years {
		tr.Cells = append(tr.Cells, pages.PortfolioCell{Display: b.num(years[y].Count), Href: b.yearHref(y), Strong: true})
	}
	tr.Cells = append(tr.Cells, pages.PortfolioCell{Display: b.num(sum.Total.Count), Href: b.href(), Strong: true})
	m.Rows = append(m.Rows, tr)
	v.StageYear = m
	var yrows []pages.PortfolioRow
	for _, y := range sum.Years {
		r := b.row(strconv.Itoa(y), years[y])
		r.Href, r.AwardedHref = b.yearHref(y), b.yearHref(y, "funded", "1")
		yrows = append(yrows, r)
	}
	v.Year = b.panel("by-year", b.t("portfolio.by.year"), b.t("portfolio.col.year"), yrows, true)
}

// yearHref is the list of one project year: the page's year range gives
// way to the year (the year is inside it).
func (b portfolioBuilder) yearHref(y int, kv ...string) string {
	saved := b.base
	b.base = url.Values{}
	for k, vs := range saved {
		if k != "from" && k != "to" {
			b.base[k] = vs
		}
	}
	ys := strconv.Itoa(y)
	return b.href(append([]string{"from", ys, "to", ys}, kv...)...)
}

func (b portfolioBuilder) panels(v *pages.PortfolioView) {
	sum := b.sum
	names := map[string]string{}
	for _, c := range sum.Countries {
		names[c.ISO2] = c.Name.In(b.lang)
	}
	var rows []pages.PortfolioRow
	for iso, s := range sum.ByCountry {
		if iso == "" {
			rows = append(rows, b.row(b.t("portfolio.no_country"), s, "lead", models.NoneValue))
		} else {
			rows = append(rows, b.row(names[iso], s, "lead", iso))
		}
	}
	v.Country = b.panel("by-country", b.t("portfolio.by.country"), b.t("portfolio.col.country"), rows, false)

	rows = nil
	bySub := sum.BySubregion()
	for _, sr := range models.Subregions {
		if s := bySub[string(sr)]; s != nil {
			rows = append(rows, b.row(b.t("subregion."+string(sr)), s, "subregion", string(sr)))
		}
	}
	if s := bySub[""]; s != nil {
		rows = append(rows, b.row(b.t("portfolio.no_country"), s, "lead", models.NoneValue))
	}
	v.Subregion = b.panel("by-subregion", b.t("portfolio.by.subregion"), b.t("portfolio.col.subregion"), rows, true)

	rows = nil
	byTier := sum.ByTier()
	for _, t := range models.Tiers {
		if s := byTier[string(t)]; s != nil {
			rows = append(rows, b.row(b.t("tier."+string(t)), s, "tier", string(t)))
		}
	}
	v.Tier = b.panel("by-tier", b.t("portfolio.by.tier"), b.t("portfolio.col.tier"), rows, true)

	rows = nil
	byPrio := sum.ByPriorityCountry()
	for _, k := range []string{"yes", "no"} {
		if s := byPrio[k]; s != nil {
			rows = append(rows, b.row(b.t("portfolio.priority_country."+k), s, "lead_priority", k))
		}
	}
	v.PriorityCountry = b.panel("by-priority-country", b.t("portfolio.by.priority_country"), b.t("portfolio.col.countries"), rows, true)

	// Disciplines: the six fields, each with its subfields folded under it.
	rows = nil
	byField := sum.ByField()
	for _, d := range sum.Disciplines {
		if d.Level != 1 {
			continue
		}
		s := byField[d.Code]
		if s == nil {
			continue
		}
		r := b.row(d.Name.In(b.lang), s, "pdiscipline", d.Code)
		for _, sub := range sum.Disciplines {
			if sub.Parent == d.Code && sum.ByDiscipline[sub.Code] != nil {
				r.Children = append(r.Children, b.row(sub.Name.In(b.lang), sum.ByDiscipline[sub.Code], "pdiscipline", sub.Code))
			}
		}
		if s := sum.ByDiscipline[d.Code]; s != nil && len(r.Children) > 0 { // filed under the field itself
			r.Children = append(r.Children, b.row(b.t("portfolio.field_only"), s, "pdiscipline", d.Code))
		}
		rows = append(rows, r)
	}
	if s := byField[""]; s != nil {
		rows = append(rows, b.row(b.t("portfolio.no_discipline"), s, "pdiscipline", models.NoneValue))
	}
	v.Field = b.panel("by-field", b.t("portfolio.by.field"), b.t("portfolio.col.field"), rows, true)

	rows = nil
	for _, a := range sum.Areas {
		if s := sum.ByArea[strconv.FormatInt(a.ID, 10)]; s != nil {
			rows = append(rows, b.row(a.Name.In(b.lang), s, "priority", strconv.FormatInt(a.ID, 10)))
		}
	}
	if s := sum.ByArea[""]; s != nil {
		rows = append(rows, b.row(b.t("portfolio.no_area"), s, "priority", models.NoneValue))
	}
	v.Area = b.panel("by-area", b.t("portfolio.by.area"), b.t("portfolio.col.area"), rows, true)

	rows = nil
	for _, t := range models.ProjectTypes {
		if s := sum.ByType[string(t)]; s != nil {
			rows = append(rows, b.row(b.t("ptype."+string(t)), s, "type", string(t)))
		}
	}
	v.TypePanel = b.panel("by-type", b.t("portfolio.by.type"), b.t("portfolio.col.type"), rows, false)

	rows = nil
	for _, ch := range sum.Channels {
		if s := sum.ByChannel[strconv.FormatInt(ch.ID, 10)]; s != nil {
			rows = append(rows, b.row(ch.Name.In(b.lang), s, "channel", strconv.FormatInt(ch.ID, 10)))
		}
	}
	v.ChannelPanel = b.panel("by-channel", b.t("portfolio.by.channel"), b.t("portfolio.col.channel"), rows, false)

	rows = nil
	for _, call := range sum.Calls {
		id := strconv.FormatInt(call.ID, 10)
		states := sum.ByCallState[id]
		if states == nil {
			continue
		}
		s := &models.Sums{Requested: models.Amounts{}, Awarded: models.Amounts{}, Disbursed: models.Amounts{}}
		addSums(s, states)
		label := call.Title.In(b.lang)
		if label == "" {
			label = call.Code
		}
		rows = append(rows, b.row(label, s, "call", id))
	}
	if states := sum.ByCallState[""]; states != nil {
		s := &models.Sums{Requested: models.Amounts{}, Awarded: models.Amounts{}, Disbursed: models.Amounts{}}
		addSums(s, states)
		rows = append(rows, b.row(b.t("portfolio.no_call"), s, "call", models.NoneValue))
	}
	v.CallPanel = b.panel("by-call", b.t("portfolio.by.call"), b.t("portfolio.col.call"), rows, false)
}

// addSums adds the states of one group into s (money per currency).
func addSums(s *models.Sums, states map[workflow.State]*models.Sums) {
	for _, x := range states {
		s.Count += x.Count
		s.Funded += x.Funded
		for c, n := range x.Requested {
			s.Requested[c] += n
		}
		for c, n := range x.Awarded {
			s.Awarded[c] += n
		}
		for c, n := range x.Disbursed {
			s.Disbursed[c] += n
		}
	}
}
