package models

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"golang.org/x/sync/errgroup"
	"gorm.io/gorm"

	"github.com/puente-science/puente/migrations"
	"github.com/puente-science/puente/workflow"
)

// PortfolioFilter narrows every panel of the portfolio page: the project
// year range, the channel and the type. Zero fields do not filter.
type PortfolioFilter struct {
	YearFrom, YearTo int
	ChannelID        int64
	Type             ProjectType
}

// where is the filter as SQL over projects aliased p, with its arguments.
func (f PortfolioFilter) where() (string, []any) {
	conds, args := []string{"1 = 1"}, []any{}
	if f.YearFrom > 0 {
		conds, args = append(conds, "p.year >= ?"), append(args, f.YearFrom)
	}
	if f.YearTo > 0 {
		conds, args = append(conds, "p.year <= ?"), append(args, f.YearTo)
	}
	if f.ChannelID > 0 {
		conds, args = append(conds, "p.channel_id = ?"), append(args, f.ChannelID)
	}
	if f.Type != "" {
		conds, args = append(conds, "p.type = ?"), append(args, f.Type)
	}
	return strings.Join(conds, " AND "), args
}

// Amounts are sums of money per currency (ISO code → minor units). Sums in
// different currencies are never added together.
type Amounts map[string]int64

// Currencies lists the currencies with an amount, sorted.
func (a Amounts) Currencies() []string {
	out := make([]string, 0, len(a))
	for c := range a {
		out = append(out, c)
	}
	sort.Strings(out)
	return out
}

// Total is the sum over currencies: meaningful only as a scale (bar length)
// or when there is one currency.
func (a Amounts) Total() int64 {
	var t int64
	for _, v := range a {
		t += v
	}
	return t
}

func (a Amounts) add(cur string, v int64) {
	if v != 0 {
		a[cur] += v
	}
}

// Sums are the counts and money of a group of projects.
type Sums struct {
	Count     int64
	Funded    int64 // approved and later
	Requested Amounts
	Awarded   Amounts
	Disbursed Amounts
}

func newSums() *Sums {
	return &Sums{Requested: Amounts{}, Awarded: Amounts{}, Disbursed: Amounts{}}
}

func (s *Sums) addRow(r groupRow) {
	s.Count += r.N
	s.Funded += r.Funded
	s.Requested.add(r.Currency, r.Req)
	s.Awarded.add(r.Currency, r.Aw)
	s.Disbursed.add(r.Currency, r.Dis)
}

func (s *Sums) merge(o *Sums) {
	s.Count += o.Count
	s.Funded += o.Funded
	for c, v := range o.Requested {
		s.Requested.add(c, v)
	}
	for c, v := range o.Awarded {
		s.Awarded.add(c, v)
	}
	for c, v := range o.Disbursed {
		s.Disbursed.add(c, v)
	}
}

// SumsBy is a set of groups keyed by a string ("" for projects without a
// value, e.g. no lead country).
type SumsBy map[string]*Sums

func (m SumsBy) at(k string) *Sums {
	s := m[k]
	if s == nil {
		s = newSums()
		m[k] = s
	}
	return s
}

// TalentGroup counts funded talent exchanges of one career level and
// direction.
type TalentGroup struct {
	CareerLevel, Direction string
	Count                  int64
}

// StateStay is how long projects stayed in a state: the median in days
// over Stays completed stays (entered and left).
type StateStay struct {
	State      workflow.State
	MedianDays float64
	Stays      int64
}

// YearCount is a count in a year.
type YearCount struct {
	Year  int
	Count int64
}

// YearValue is an indicator's value in a year.
type YearValue struct {
	Year  int
	Value float64
}

// PortfolioCountry is a country with what summaries group it by.
type PortfolioCountry struct {
	ISO2      string
	Name      Localized
	LAC       bool
	Subregion string
	Tier      string
	Priority  bool
}

// PortfolioArea is a priority area with its target share of awarded
// funding (basis points).
type PortfolioArea struct {
	ID       int64
	Name     Localized
	TargetBP int
}

// PortfolioChannel is a funding channel; Stable marks stable multi-year
// funding (funding_channels.stable_multiyear).
type PortfolioChannel struct {
	ID     int64
	Name   Localized
	Stable bool
}

// PortfolioCall is a call, named by its title (or code).
type PortfolioCall struct {
	ID    int64
	Code  string
	Title Localized
}

// PortfolioDiscipline is a discipline of the FORD tree.
type PortfolioDiscipline struct {
	Code, Parent string
	Level        int
	Name         Localized
}

// PortfolioSummary is everything the portfolio page shows, computed in SQL
// with a fixed number of statements whatever the portfolio's size.
type PortfolioSummary struct {
	Total Sums
	// ByStateYear: state → project year → sums.
	ByStateYear  map[workflow.State]map[int]*Sums
	Years        []int  // the project years present, ascending
	ByCountry    SumsBy // lead country ISO2
	ByDiscipline SumsBy // primary discipline code
	ByArea       SumsBy // priority area id
	ByType       SumsBy
	ByChannel    SumsBy // channel id
	// ByCallState: call id ("" for projects without a call) → state → sums.
	ByCallState map[string]map[workflow.State]*Sums

	Talent         []TalentGroup
	Stays          []StateStay
	OverdueReports int64 // under the channel filter only, as /reports counts them

	Started             []YearCount            // projects started per year
	Coauthored          []YearCount            // co-authored publications per year (a DOI once)
	CoauthoredByCountry map[string][]YearCount // by the output's countries
	Indicators          map[string][]YearValue // regional (whole-region) indicator series

	Countries        []PortfolioCountry
	Areas            []PortfolioArea
	Channels         []PortfolioChannel
	Calls            []PortfolioCall
	Disciplines      []PortfolioDiscipline
	PriorityTargetBP int

	// AsOf is when the data was read (set by CachedPortfolioSummary);
	// Refreshing, that newer figures are being computed.
	AsOf       time.Time
	Refreshing bool
}

type groupRow struct {
	Dim, K1, K2, Currency string
	N, Funded             int64
	Req, Aw, Dis          int64
}

// PortfolioSummary computes the summary under f. today decides which
// reports are overdue.
func (s *Store) PortfolioSummary(ctx context.Context, f PortfolioFilter, today Date) (*PortfolioSummary, error) {
	db := s.db.WithContext(ctx)
	out := &PortfolioSummary{
		Total: *newSums(), ByStateYear: map[workflow.State]map[int]*Sums{}, ByCountry: SumsBy{}, ByDiscipline: SumsBy{},
		ByArea: SumsBy{}, ByType: SumsBy{}, ByChannel: SumsBy{}, ByCallState: map[string]map[workflow.State]*Sums{},
		CoauthoredByCountry: map[string][]YearCount{}, Indicators: map[string][]YearValue{},
	}
	type step = func(*gorm.DB, PortfolioFilter, *PortfolioSummary, Date) error
	// Two lanes of about equal cost, run side by side on PostgreSQL (two
	// connections, two cores: the summary takes half the time); one after
	// the other on SQLite. The steps write disjoint fields of out.
	lanes := [][]step{
		{s.portfolioGroups, s.portfolioTalent, s.portfolioStays, s.portfolioOverdue, s.portfolioStarted},
		{s.portfolioCoauthored, portfolioIndicators, portfolioReference},
	}
	run := func(lane []step) error {
		for _, st := range lane {
			if err := st(db, f, out, today); err != nil {
				return err
			}
		}
		return nil
	}
	if s.dialect != migrations.Postgres {
		for _, lane := range lanes {
			if err := run(lane); err != nil {
				return nil, err
			}
		}
		return out, nil
	}
	var g errgroup.Group
	for _, lane := range lanes {
		g.Go(func() error { return run(lane) })
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	return out, nil
}

// portfolioGroups: one statement, a GROUP BY per dimension joined by UNION
// ALL. Subregion, tier, priority country and discipline field are rolled
// up in Go from the country and discipline groups (a few dozen rows).
func (s *Store) portfolioGroups(db *gorm.DB, f PortfolioFilter, out *PortfolioSummary, _ Date) error {
	where, args := f.where()
	funded := make([]string, len(FundedStates))
	for i, st := range FundedStates {
		funded[i] = "'" + string(st) + "'" // constants, not input
	}
	// PostgreSQL sums bigints as numeric: cast back so both dialects scan alike.
	agg := `p.currency, COUNT(*) AS n,
		CAST(SUM(CASE WHEN p.state IN (` + strings.Join(funded, ", ") + `) THEN 1 ELSE 0 END) AS BIGINT) AS funded,
		CAST(SUM(p.requested_minor) AS BIGINT) AS req, CAST(SUM(COALESCE(p.awarded_minor, 0)) AS BIGINT) AS aw,
		CAST(SUM(p.disbursed_minor) AS BIGINT) AS dis
		FROM projects p WHERE ` + where
	dims := []struct{ name, k1, k2, group string }{
		{"state", "p.state", "CAST(p.year AS TEXT)", "p.state, p.year"},
		{"country", "COALESCE(p.lead_country_iso2, '')", "''", "p.lead_country_iso2"},
		{"discipline", "COALESCE(p.primary_discipline_code, '')", "''", "p.primary_discipline_code"},
		{"area", "COALESCE(CAST(p.priority_area_id AS TEXT), '')", "''", "p.priority_area_id"},
		{"type", "p.type", "''", "p.type"},
		{"channel", "CAST(p.channel_id AS TEXT)", "''", "p.channel_id"},
		{"call", "COALESCE(CAST(p.call_id AS TEXT), '')", "p.state", "p.call_id, p.state"},
	}
	var q string
	var all []any
	if s.dialect == migrations.Postgres {
		// One pass over the projects: a grouping set per dimension.
		// GROUPING() tells the sets apart (a bit per argument, 1 when the
		// column is not grouped in the row's set).
		cols := []string{"p.state", "p.year", "p.lead_country_iso2", "p.primary_discipline_code",
			"p.priority_area_id", "p.type", "p.channel_id", "p.call_id"}
		sets := make([]string, len(dims))
		cases := make([]string, 0, 3*len(dims))
		k1s, k2s := []string{}, []string{}
		for i, d := range dims {
			sets[i] = "(" + d.group + ", p.currency)"
			mask := 0
			for j, col := range cols {
				if !slices.Contains(strings.Split(d.group, ", "), col) {
					mask |= 1 << (len(cols) - 1 - j)
				}
			}
			cases = append(cases, fmt.Sprintf("WHEN %d THEN '%s'", mask, d.name))
			k1s = append(k1s, fmt.Sprintf("WHEN %d THEN CAST(%s AS TEXT)", mask, d.k1))
			k2s = append(k2s, fmt.Sprintf("WHEN %d THEN CAST(%s AS TEXT)", mask, d.k2))
		}
		g := "GROUPING(" + strings.Join(cols, ", ") + ")"
		q = fmt.Sprintf("SELECT CASE %s %s END AS dim, CASE %s %s END AS k1, CASE %s %s END AS k2, %s GROUP BY GROUPING SETS (%s)",
			g, strings.Join(cases, " "), g, strings.Join(k1s, " "), g, strings.Join(k2s, " "), agg, strings.Join(sets, ", "))
		all = args
	} else {
		parts := make([]string, len(dims))
		for i, d := range dims {
			parts[i] = fmt.Sprintf("SELECT '%s' AS dim, CAST(%s AS TEXT) AS k1, CAST(%s AS TEXT) AS k2, %s GROUP BY %s, p.currency",
				d.name, d.k1, d.k2, agg, d.group)
			all = append(all, args...)
		}
		q = strings.Join(parts, " UNION ALL ")
	}
	var rows []groupRow
	if err := db.Raw(q, all...).Scan(&rows).Error; err != nil {
		return fmt.Errorf("store: unable to sum the portfolio: %w", err)
	}
	years := map[int]bool{}
	for _, r := range rows {
		r.K1, r.K2 = strings.TrimSpace(r.K1), strings.TrimSpace(r.K2)
		switch r.Dim {
		case "state":
			st := workflow.State(r.K1)
			y, _ := strconv.Atoi(r.K2)
			years[y] = true
			if out.ByStateYear[st] == nil {
				out.ByStateYear[st] = map[int]*Sums{}
			}
			if out.ByStateYear[st][y] == nil {
				out.ByStateYear[st][y] = newSums()
			}
			out.ByStateYear[st][y].addRow(r)
			out.Total.addRow(r)
		case "country":
			out.ByCountry.at(r.K1).addRow(r)
		case "discipline":
			out.ByDiscipline.at(r.K1).addRow(r)
		case "area":
			out.ByArea.at(r.K1).addRow(r)
		case "type":
			out.ByType.at(r.K1).addRow(r)
		case "channel":
			out.ByChannel.at(r.K1).addRow(r)
		case "call":
			st := workflow.State(r.K2)
			if out.ByCallState[r.K1] == nil {
				out.ByCallState[r.K1] = map[workflow.State]*Sums{}
			}
			if out.ByCallState[r.K1][st] == nil {
				out.ByCallState[r.K1][st] = newSums()
			}
			out.ByCallState[r.K1][st].addRow(r)
		}
	}
	for y := range years {
		out.Years = append(out.Years, y)
	}
	sort.Ints(out.Years)
	return nil
}

// portfolioTalent counts funded talent exchanges by career level and
// direction ("" where the form left them blank).
func (s *Store) portfolioTalent(db *gorm.DB, f PortfolioFilter, out *PortfolioSummary, _ Date) error {
	where, args := f.where()
	args = append(args, FundedStates)
	err := db.Raw(`SELECT COALESCE(t.career_level, '') AS career_level, COALESCE(t.direction, '') AS direction, COUNT(*) AS count
		FROM projects p JOIN talent_exchange_details t ON t.project_id = p.id
		WHERE `+where+` AND p.state IN ?
		GROUP BY t.career_level, t.direction ORDER BY t.career_level, t.direction`, args...).Scan(&out.Talent).Error
	if err != nil {
		return fmt.Errorf("store: unable to count talent exchanges: %w", err)
	}
	return nil
}

// portfolioStays computes, for each state, the median number of days
// projects stayed in it, from state_stays (a stay starts with the audit
// entry that moved a project into the state and ends with the next one
// that moved it on; a trigger on audit_entries writes them, migration
// 00008). Stays not yet ended are left out.
//
// The median is taken in SQL, by statements both databases have: stays
// are counted per state and tenth of a day (the table keeps the length in
// tenths, indexed with the state, so this is a GROUP BY over an index, no
// sort of every stay), a running total over those few rows (a window
// function) finds the bucket of the middle stay — or of the two middle
// stays, averaged, for an even count. The median is exact to a tenth of a
// day.
func (s *Store) portfolioStays(db *gorm.DB, f PortfolioFilter, out *PortfolioSummary, _ Date) error {
	where, args := f.where()
	scope := ""
	if len(args) > 0 {
		scope = " AND st.project_id IN (SELECT p.id FROM projects p WHERE " + where + ")"
	}
	q := `WITH h AS (
			SELECT st.state AS state, st.tenths AS b, COUNT(*) AS c
			FROM state_stays st
			WHERE st.tenths IS NOT NULL` + scope + `
			GROUP BY st.state, st.tenths
		), c AS (
			SELECT state, b, CAST(SUM(c) OVER (PARTITION BY state ORDER BY b) AS BIGINT) AS cum,
				CAST(SUM(c) OVER (PARTITION BY state) AS BIGINT) AS n
			FROM h
		)
		SELECT state, (MIN(CASE WHEN cum >= (n + 1) / 2 THEN b END) + MIN(CASE WHEN cum >= (n + 2) / 2 THEN b END)) / 20.0 AS median_days,
			MAX(n) AS stays
		FROM c GROUP BY state`
	var rows []StateStay
	if err := db.Raw(q, args...).Scan(&rows).Error; err != nil {
		return fmt.Errorf("store: unable to time the states: %w", err)
	}
	order := map[workflow.State]int{}
	for i, st := range workflow.States {
		order[st] = i
	}
	sort.Slice(rows, func(i, j int) bool { return order[rows[i].State] < order[rows[j].State] })
	out.Stays = rows
	return nil
}

// portfolioOverdue counts overdue reports as the /reports overdue tab does
// (due or sent back, past the due date), under the channel filter only —
// the one filter that list has — so the number matches the list it links to.
func (s *Store) portfolioOverdue(db *gorm.DB, f PortfolioFilter, out *PortfolioSummary, today Date) error {
	q := db.Table("reports r").Where("r.status IN ? AND r.due_on < ?", openReportStatuses, today)
	if f.ChannelID > 0 { // the projects are joined only for this filter
		q = q.Joins("JOIN projects p ON p.id = r.project_id").Where("p.channel_id = ?", f.ChannelID)
	}
	if err := q.Count(&out.OverdueReports).Error; err != nil {
		return fmt.Errorf("store: unable to count overdue reports: %w", err)
	}
	return nil
}

// startYearExpr is the year work started on a project: its actual start,
// else its agreement's start (agreements a LEFT JOINed).
func (s *Store) startYearExpr() string {
	if s.dialect == migrations.Postgres {
		return "CAST(EXTRACT(YEAR FROM COALESCE(p.actual_start, a.starts_on)) AS INTEGER)"
	}
	return "CAST(substr(COALESCE(p.actual_start, a.starts_on), 1, 4) AS INTEGER)"
}

func (s *Store) portfolioStarted(db *gorm.DB, f PortfolioFilter, out *PortfolioSummary, _ Date) error {
	where, args := f.where()
	y := s.startYearExpr()
	err := db.Raw(`SELECT `+y+` AS year, COUNT(*) AS count
		FROM projects p LEFT JOIN agreements a ON a.project_id = p.id
		WHERE `+where+` AND COALESCE(p.actual_start, a.starts_on) IS NOT NULL
		GROUP BY `+y+` ORDER BY 1`, args...).Scan(&out.Started).Error
	if err != nil {
		return fmt.Errorf("store: unable to count started projects: %w", err)
	}
	return nil
}

// portfolioCoauthored counts co-authored publications of the filtered
// projects per year, in total and per country of the output (a DOI shared
// by two projects counts once).
func (s *Store) portfolioCoauthored(db *gorm.DB, f PortfolioFilter, out *PortfolioSummary, _ Date) error {
	where, args := f.where()
	key := "COUNT(DISTINCT COALESCE(o.doi, CAST(o.id AS TEXT)))"
	// The projects are joined only to filter them; unfiltered, every
	// output counts (each has a project).
	base, cond := ` FROM outputs o `, ` WHERE o.kind = 'publication' AND o.coauthored`
	if len(args) > 0 {
		base, cond = ` FROM outputs o JOIN projects p ON p.id = o.project_id `, cond+` AND `+where
	}
	all := args
	if err := db.Raw(`SELECT o.year AS year, `+key+` AS count`+base+cond+` GROUP BY o.year ORDER BY o.year`, all...).
		Scan(&out.Coauthored).Error; err != nil {
		return fmt.Errorf("store: unable to count co-authored publications: %w", err)
	}
	var rows []struct {
		ISO2  string
		Year  int
		Count int64
	}
	if err := db.Raw(`SELECT oc.country_iso2 AS iso2, o.year AS year, `+key+` AS count`+base+
		` JOIN output_countries oc ON oc.output_id = o.id`+cond+` GROUP BY oc.country_iso2, o.year ORDER BY oc.country_iso2, o.year`, all...).
		Scan(&rows).Error; err != nil {
		return fmt.Errorf("store: unable to count co-authored publications by country: %w", err)
	}
	for _, r := range rows {
		iso := strings.TrimSpace(r.ISO2)
		out.CoauthoredByCountry[iso] = append(out.CoauthoredByCountry[iso], YearCount{r.Year, r.Count})
	}
	return nil
}

// portfolioIndicators loads the whole-region indicator series (the study's
// figures); the project filters do not apply to them.
func portfolioIndicators(db *gorm.DB, _ PortfolioFilter, out *PortfolioSummary, _ Date) error {
	var rows []struct {
		IndicatorCode string
		Year          int
		Value         float64
	}
	if err := db.Table("country_indicators").Select("indicator_code, year, value").
		Where("country_iso2 IS NULL").Order("indicator_code, year").Scan(&rows).Error; err != nil {
		return fmt.Errorf("store: unable to load the regional indicators: %w", err)
	}
	for _, r := range rows {
		out.Indicators[r.IndicatorCode] = append(out.Indicators[r.IndicatorCode], YearValue{r.Year, r.Value})
	}
	return nil
}

// portfolioReference loads the names and attributes the panels need: one
// statement per table.
func portfolioReference(db *gorm.DB, _ PortfolioFilter, out *PortfolioSummary, _ Date) error {
	var countries []struct {
		ISO2                           string
		NameEN, NameES, NamePT, NameZH string
		Lac                            bool
		Subregion                      string
		Tier                           *string
		Priority                       bool
	}
	if err := db.Table("countries").Select("iso2, name_en, name_es, name_pt, name_zh, lac, subregion, tier, priority").
		Order("iso2").Scan(&countries).Error; err != nil {
		return fmt.Errorf("store: unable to load countries: %w", err)
	}
	for _, c := range countries {
		pc := PortfolioCountry{ISO2: strings.TrimSpace(c.ISO2), Name: Localized{c.NameEN, c.NameES, c.NamePT, c.NameZH},
			LAC: c.Lac, Subregion: c.Subregion, Priority: c.Priority}
		if c.Tier != nil {
			pc.Tier = *c.Tier
		}
		out.Countries = append(out.Countries, pc)
	}
	var areas []struct {
		ID                             int64
		NameEN, NameES, NamePT, NameZH string
		TargetShareBP                  int
	}
	if err := db.Table("priority_areas").Select("id, name_en, name_es, name_pt, name_zh, target_share_bp").
		Order("position, id").Scan(&areas).Error; err != nil {
		return fmt.Errorf("store: unable to load priority areas: %w", err)
	}
	for _, a := range areas {
		out.Areas = append(out.Areas, PortfolioArea{a.ID, Localized{a.NameEN, a.NameES, a.NamePT, a.NameZH}, a.TargetShareBP})
	}
	var channels []struct {
		ID                             int64
		NameEN, NameES, NamePT, NameZH string
		StableMultiyear                bool
	}
	if err := db.Table("funding_channels").Select("id, name_en, name_es, name_pt, name_zh, stable_multiyear").
		Order("name_en, id").Scan(&channels).Error; err != nil {
		return fmt.Errorf("store: unable to load channels: %w", err)
	}
	for _, c := range channels {
		out.Channels = append(out.Channels, PortfolioChannel{c.ID, Localized{c.NameEN, c.NameES, c.NamePT, c.NameZH}, c.StableMultiyear})
	}
	var calls []struct {
		ID                                 int64
		Code                               string
		TitleEN, TitleES, TitlePT, TitleZH *string
	}
	if err := db.Table("calls").Select("id, code, title_en, title_es, title_pt, title_zh").
		Order("opens_at DESC, id").Scan(&calls).Error; err != nil {
		return fmt.Errorf("store: unable to load calls: %w", err)
	}
	v := func(p *string) string {
		if p == nil {
			return ""
		}
		return *p
	}
	for _, c := range calls {
		out.Calls = append(out.Calls, PortfolioCall{c.ID, c.Code, Localized{v(c.TitleEN), v(c.TitleES), v(c.TitlePT), v(c.TitleZH)}})
	}
	var discs []struct {
		Code                           string
		ParentCode                     *string
		Level                          int
		NameEN, NameES, NamePT, NameZH string
	}
	if err := db.Table("disciplines").Select("code, parent_code, level, name_en, name_es, name_pt, name_zh").
		Order("position").Scan(&discs).Error; err != nil {
		return fmt.Errorf("store: unable to load disciplines: %w", err)
	}
	for _, d := range discs {
		out.Disciplines = append(out.Disciplines, PortfolioDiscipline{Code: d.Code, Parent: v(d.ParentCode), Level: d.Level,
			Name: Localized{d.NameEN, d.NameES, d.NamePT, d.NameZH}})
	}
	var target []string
	if err := db.Table("settings").Where(`"key" = ?`, SettingPriorityCountriesTargetBP).Pluck("value", &target).Error; err != nil {
		return fmt.Errorf("store: unable to read the priority countries' target: %w", err)
	}
	if len(target) > 0 {
		out.PriorityTargetBP, _ = strconv.Atoi(strings.TrimSpace(target[0]))
	}
	return nil
}
