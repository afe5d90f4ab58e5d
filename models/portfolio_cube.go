package models

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"golang.org/x/sync/errgroup"
	"gorm.io/gorm"

	"github.com/puente-science/puente/migrations"
	"github.com/puente-science/puente/workflow"
)

// The portfolio's figures are computed once per data version as a cube:
// every figure grouped, in SQL, by the three things the page filters on —
// the project's year, channel and type (a cell). A summary under any
// filter is then a sum over the cells the filter keeps, in Go, in a few
// milliseconds: a director trying year ranges, channels and types waits
// for no query. Counts and sums add up across cells as they are; two
// figures need more:
//   - the median days in each state: the cube keeps, per cell, how many
//     stays lasted each tenth of a day (a histogram), and the median is
//     taken over the summed histogram;
//   - co-authored publications count a DOI once: the cube counts outputs
//     per cell, and for the few DOIs reported more than once it keeps how
//     many times in which cells, so a sum over the cells a filter keeps
//     takes the repeats off.

// cubeCell is a project's year, channel and type: what the filter checks.
type cubeCell struct {
	Year    int
	Channel int64
	Type    string
}

func (f PortfolioFilter) keeps(c cubeCell) bool {
	return (f.YearFrom == 0 || c.Year >= f.YearFrom) && (f.YearTo == 0 || c.Year <= f.YearTo) &&
		(f.ChannelID == 0 || c.Channel == f.ChannelID) && (f.Type == "" || c.Type == string(f.Type))
}

type groupRow struct {
	Dim, K1, K2, Currency string
	N, Funded             int64
	Req, Aw, Dis          int64
	cubeCell
}

type talentRow struct {
	CareerLevel, Direction string
	Count                  int64
	cubeCell
}

type stayRow struct {
	State  string
	Tenths int64
	Count  int64
	cubeCell
}

type yearRow struct {
	Key   string // a country (co-authored by country); "" otherwise
	Y     int
	Count int64
	cubeCell
}

type sharedDOI struct {
	Key, DOI string // Key: the country ("" for the totals)
	Y        int
	Count    int64 // outputs with the DOI in the cell
	cubeCell
}

type mapRow struct {
	ISO2, Currency string
	Projects       int64 // projects with the country
	Funded         int64 // awarded minor units of the funded ones, in Currency
	Papers         int64 // co-authored publications naming the country
	cubeCell
}

type currencyRow struct {
	Currency string
	Count    int64
	cubeCell
}

// portfolioCube is every figure of the portfolio by cell, for one data
// version and day (overdue reports depend on the day). Read-only once
// built: summaries fold it concurrently.
type portfolioCube struct {
	groups     []groupRow
	talent     []talentRow
	stays      []stayRow
	started    []yearRow
	coauth     []yearRow // Key "" : per year; Key ISO2: per country and year
	shared     []sharedDOI
	mapRows    []mapRow
	currencies []currencyRow
	overdue    map[int64]int64 // channel → overdue reports

	ref PortfolioSummary // Indicators, Countries, Areas, Channels, Calls, Disciplines, PriorityTargetBP

	memo  sync.Map     // PortfolioFilter → *PortfolioSummary: folds already made
	memos atomic.Int64 // how many: past portfolioCacheMax, folds are not kept
}

// folded is summary(f), made once per filter and kept with the cube (up
// to portfolioCacheMax filters: the address is the reader's to write).
func (c *portfolioCube) folded(f PortfolioFilter) *PortfolioSummary {
	if v, ok := c.memo.Load(f); ok {
		return v.(*PortfolioSummary)
	}
	sum := c.summary(f)
	if c.memos.Add(1) > portfolioCacheMax {
		return sum
	}
	v, _ := c.memo.LoadOrStore(f, sum)
	return v.(*PortfolioSummary)
}

// cellCols are the cell's columns, from projects aliased p.
const cellCols = "p.year AS year, p.channel_id AS channel, p.type AS type"
const cellGroup = "p.year, p.channel_id, p.type"

// portfolioCube computes the cube: a dozen grouped statements over the
// whole portfolio, in two lanes on PostgreSQL (two connections, two
// cores), one after the other on SQLite.
func (s *Store) portfolioCube(ctx context.Context, today Date) (*portfolioCube, error) {
	db := s.db.WithContext(ctx)
	c := &portfolioCube{overdue: map[int64]int64{}}
	c.ref.Indicators = map[string][]YearValue{}
	type step = func(*gorm.DB, *portfolioCube, Date) error
	lanes := [][]step{
		{s.cubeGroups, s.cubeStays, cubeTalent, cubeOverdue, s.cubeStarted},
		{cubeCoauthored, cubeMap, func(db *gorm.DB, c *portfolioCube, _ Date) error {
			if err := portfolioIndicators(db, &c.ref); err != nil {
				return err
			}
			return portfolioReference(db, &c.ref)
		}},
	}
	run := func(db *gorm.DB, lane []step) error {
		for _, st := range lane {
			if err := st(db, c, today); err != nil {
				return err
			}
		}
		return nil
	}
	if s.dialect != migrations.Postgres {
		for _, lane := range lanes {
			if err := run(db, lane); err != nil {
				return nil, err
			}
		}
		return c, nil
	}
	var g errgroup.Group
	for _, lane := range lanes {
		// Each lane reads in one transaction with room to sort and hash in
		// memory (the default 4 MB spills the larger groupings to disk).
		g.Go(func() error {
			return db.Transaction(func(tx *gorm.DB) error {
				if err := tx.Exec("SET LOCAL work_mem = '64MB'").Error; err != nil {
					return err
				}
				return run(tx, lane)
			})
		})
	}
	if err := g.Wait(); err != nil {
		return nil, err
	}
	return c, nil
}

// cubeGroups: counts and money by every dimension, in one statement. On
// PostgreSQL one pass with a grouping set per dimension (GROUPING() tells
// them apart); on SQLite a GROUP BY per dimension joined by UNION ALL.
// The base set (no dimension) gives the totals, types and channels, which
// are part of the cell.
func (s *Store) cubeGroups(db *gorm.DB, c *portfolioCube, _ Date) error {
	funded := make([]string, len(FundedStates))
	for i, st := range FundedStates {
		funded[i] = "'" + string(st) + "'" // constants, not input
	}
	// PostgreSQL sums bigints as numeric: cast back so both dialects scan alike.
	agg := `p.currency AS currency, ` + cellCols + `, COUNT(*) AS n,
		CAST(SUM(CASE WHEN p.state IN (` + strings.Join(funded, ", ") + `) THEN 1 ELSE 0 END) AS BIGINT) AS funded,
		CAST(SUM(p.requested_minor) AS BIGINT) AS req, CAST(SUM(COALESCE(p.awarded_minor, 0)) AS BIGINT) AS aw,
		CAST(SUM(p.disbursed_minor) AS BIGINT) AS dis
		FROM projects p`
	dims := []struct{ name, k1, k2, group string }{
		{"base", "''", "''", ""},
		{"state", "p.state", "''", "p.state"},
		{"country", "COALESCE(p.lead_country_iso2, '')", "''", "p.lead_country_iso2"},
		{"discipline", "COALESCE(p.primary_discipline_code, '')", "''", "p.primary_discipline_code"},
		{"area", "COALESCE(CAST(p.priority_area_id AS TEXT), '')", "''", "p.priority_area_id"},
		{"call", "COALESCE(CAST(p.call_id AS TEXT), '')", "p.state", "p.call_id, p.state"},
	}
	var q string
	if s.dialect == migrations.Postgres {
		cols := []string{"p.state", "p.lead_country_iso2", "p.primary_discipline_code", "p.priority_area_id", "p.call_id"}
		sets := make([]string, len(dims))
		var names, k1s, k2s []string
		for i, d := range dims {
			sets[i] = "(" + strings.TrimPrefix(d.group+", ", ", ") + cellGroup + ", p.currency)"
			mask := 0
			for j, col := range cols {
				if !slices.Contains(strings.Split(d.group, ", "), col) {
					mask |= 1 << (len(cols) - 1 - j)
				}
			}
			names = append(names, fmt.Sprintf("WHEN %d THEN '%s'", mask, d.name))
			k1s = append(k1s, fmt.Sprintf("WHEN %d THEN CAST(%s AS TEXT)", mask, d.k1))
			k2s = append(k2s, fmt.Sprintf("WHEN %d THEN CAST(%s AS TEXT)", mask, d.k2))
		}
		g := "GROUPING(" + strings.Join(cols, ", ") + ")"
		q = fmt.Sprintf("SELECT CASE %s %s END AS dim, CASE %s %s END AS k1, CASE %s %s END AS k2, %s GROUP BY GROUPING SETS (%s)",
			g, strings.Join(names, " "), g, strings.Join(k1s, " "), g, strings.Join(k2s, " "), agg, strings.Join(sets, ", "))
	} else {
		parts := make([]string, len(dims))
		for i, d := range dims {
			parts[i] = fmt.Sprintf("SELECT '%s' AS dim, CAST(%s AS TEXT) AS k1, CAST(%s AS TEXT) AS k2, %s GROUP BY %s%s, p.currency",
				d.name, d.k1, d.k2, agg, strings.TrimPrefix(d.group+", ", ", "), cellGroup)
		}
		q = strings.Join(parts, " UNION ALL ")
	}
	rows, err := db.Raw(q).Rows()
	if err != nil {
		return fmt.Errorf("store: unable to sum the portfolio: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var r groupRow
		if err := rows.Scan(&r.Dim, &r.K1, &r.K2, &r.Currency, &r.Year, &r.Channel, &r.Type, &r.N, &r.Funded, &r.Req, &r.Aw, &r.Dis); err != nil {
			return fmt.Errorf("store: unable to read the portfolio's sums: %w", err)
		}
		r.K1, r.K2, r.Currency = strings.TrimSpace(r.K1), strings.TrimSpace(r.K2), strings.TrimSpace(r.Currency)
		c.groups = append(c.groups, r)
	}
	return rows.Err()
}

// cubeTalent counts funded talent exchanges by career level and direction
// ("" where the form left them blank).
func cubeTalent(db *gorm.DB, c *portfolioCube, _ Date) error {
	rows, err := db.Raw(`SELECT COALESCE(t.career_level, ''), COALESCE(t.direction, ''), `+cellCols+`, COUNT(*)
		FROM projects p JOIN talent_exchange_details t ON t.project_id = p.id
		WHERE p.state IN ?
		GROUP BY t.career_level, t.direction, `+cellGroup, FundedStates).Rows()
	if err != nil {
		return fmt.Errorf("store: unable to count talent exchanges: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var r talentRow
		if err := rows.Scan(&r.CareerLevel, &r.Direction, &r.Year, &r.Channel, &r.Type, &r.Count); err != nil {
			return fmt.Errorf("store: unable to read talent exchanges: %w", err)
		}
		c.talent = append(c.talent, r)
	}
	return rows.Err()
}

// cubeStays: how many ended stays in each state lasted each tenth of a day
// (state_stays, written by a trigger on audit_entries, migration 00008).
func (s *Store) cubeStays(db *gorm.DB, c *portfolioCube, _ Date) error {
	rows, err := db.Raw(`SELECT st.state, st.tenths, ` + cellCols + `, COUNT(*)
		FROM state_stays st JOIN projects p ON p.id = st.project_id
		WHERE st.tenths IS NOT NULL
		GROUP BY st.state, st.tenths, ` + cellGroup).Rows()
	if err != nil {
		return fmt.Errorf("store: unable to time the states: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var r stayRow
		if err := rows.Scan(&r.State, &r.Tenths, &r.Year, &r.Channel, &r.Type, &r.Count); err != nil {
			return fmt.Errorf("store: unable to read the states' times: %w", err)
		}
		c.stays = append(c.stays, r)
	}
	return rows.Err()
}

// cubeOverdue counts overdue reports as the /reports overdue tab does (due
// or sent back, past the due date) per channel: that list filters by
// channel only, so the number matches the list it links to.
func cubeOverdue(db *gorm.DB, c *portfolioCube, today Date) error {
	var rows []struct {
		ChannelID int64
		N         int64
	}
	err := db.Table("reports r").Joins("JOIN projects p ON p.id = r.project_id").
		Where("r.status IN ? AND r.due_on < ?", openReportStatuses, today).
		Select("p.channel_id AS channel_id, COUNT(*) AS n").Group("p.channel_id").Scan(&rows).Error
	if err != nil {
		return fmt.Errorf("store: unable to count overdue reports: %w", err)
	}
	for _, r := range rows {
		c.overdue[r.ChannelID] = r.N
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

func (s *Store) cubeStarted(db *gorm.DB, c *portfolioCube, _ Date) error {
	y := s.startYearExpr()
	rows, err := db.Raw(`SELECT ` + y + `, ` + cellCols + `, COUNT(*)
		FROM projects p LEFT JOIN agreements a ON a.project_id = p.id
		WHERE COALESCE(p.actual_start, a.starts_on) IS NOT NULL
		GROUP BY ` + y + `, ` + cellGroup).Rows()
	if err != nil {
		return fmt.Errorf("store: unable to count started projects: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var r yearRow
		if err := rows.Scan(&r.Y, &r.Year, &r.Channel, &r.Type, &r.Count); err != nil {
			return fmt.Errorf("store: unable to read started projects: %w", err)
		}
		c.started = append(c.started, r)
	}
	return rows.Err()
}

// cubeCoauthored counts co-authored publications per year, in total and
// per country of the output; and, for the DOIs reported more than once,
// how many times in each cell, so a sum over cells counts each DOI once
// (an output without a DOI is its own).
func cubeCoauthored(db *gorm.DB, c *portfolioCube, _ Date) error {
	from := ` FROM outputs o JOIN projects p ON p.id = o.project_id `
	byCountry := ` JOIN output_countries oc ON oc.output_id = o.id `
	pubs := ` WHERE o.kind = 'publication' AND o.coauthored `
	repeated := ` AND o.doi IN (SELECT d.doi FROM outputs d WHERE d.kind = 'publication' AND d.coauthored AND d.doi IS NOT NULL
		GROUP BY d.doi HAVING COUNT(*) > 1) `
	read := func(q string, shared bool) error {
		rows, err := db.Raw(q).Rows()
		if err != nil {
			return fmt.Errorf("store: unable to count co-authored publications: %w", err)
		}
		defer rows.Close()
		for rows.Next() {
			if shared {
				var r sharedDOI
				if err := rows.Scan(&r.Key, &r.DOI, &r.Y, &r.Year, &r.Channel, &r.Type, &r.Count); err != nil {
					return fmt.Errorf("store: unable to read repeated DOIs: %w", err)
				}
				r.Key = strings.TrimSpace(r.Key)
				c.shared = append(c.shared, r)
				continue
			}
			var r yearRow
			if err := rows.Scan(&r.Key, &r.Y, &r.Year, &r.Channel, &r.Type, &r.Count); err != nil {
				return fmt.Errorf("store: unable to read co-authored publications: %w", err)
			}
			r.Key = strings.TrimSpace(r.Key)
			c.coauth = append(c.coauth, r)
		}
		return rows.Err()
	}
	for _, q := range []struct {
		sql    string
		shared bool
	}{
		{`SELECT '', o.year, ` + cellCols + `, COUNT(*)` + from + pubs + `GROUP BY o.year, ` + cellGroup, false},
		{`SELECT oc.country_iso2, o.year, ` + cellCols + `, COUNT(*)` + from + byCountry + pubs + `GROUP BY oc.country_iso2, o.year, ` + cellGroup, false},
		{`SELECT '', o.doi, o.year, ` + cellCols + `, COUNT(*)` + from + pubs + repeated + `GROUP BY o.doi, o.year, ` + cellGroup, true},
		{`SELECT oc.country_iso2, o.doi, o.year, ` + cellCols + `, COUNT(*)` + from + byCountry + pubs + repeated +
			`GROUP BY oc.country_iso2, o.doi, o.year, ` + cellGroup, true},
	} {
		if err := read(q.sql, q.shared); err != nil {
			return err
		}
	}
	return nil
}

// cubeMap: per country, the projects naming it, the awarded funding of
// the funded ones per currency and the co-authored publications naming it
// (the map's three measures, each counting a project in every country it
// involves, as the /projects country filter does); and the funded
// projects per currency (the map's currency switch).
func cubeMap(db *gorm.DB, c *portfolioCube, _ Date) error {
	funded := "p.state IN ? AND p.awarded_minor IS NOT NULL"
	type part struct {
		q    string
		args []any
		put  func(r *mapRow, n, m int64)
	}
	parts := []part{
		{`SELECT mc.country_iso2, p.currency, ` + cellCols + `, COUNT(*),
			CAST(COALESCE(SUM(CASE WHEN ` + funded + ` THEN p.awarded_minor END), 0) AS BIGINT) FROM projects p
			JOIN project_countries mc ON mc.project_id = p.id GROUP BY mc.country_iso2, p.currency, ` + cellGroup,
			[]any{FundedStates}, func(r *mapRow, n, m int64) { r.Projects, r.Funded = n, m }},
		{`SELECT mc.country_iso2, p.currency, ` + cellCols + `, COUNT(*), 0 FROM projects p
			JOIN outputs mo ON mo.project_id = p.id JOIN output_countries mc ON mc.output_id = mo.id
			WHERE mo.kind = 'publication' AND mo.coauthored GROUP BY mc.country_iso2, p.currency, ` + cellGroup,
			nil, func(r *mapRow, n, _ int64) { r.Papers = n }},
	}
	for _, pt := range parts {
		rows, err := db.Raw(pt.q, pt.args...).Rows()
		if err != nil {
			return fmt.Errorf("store: unable to compute the map: %w", err)
		}
		for rows.Next() {
			var r mapRow
			var n, m int64
			if err := rows.Scan(&r.ISO2, &r.Currency, &r.Year, &r.Channel, &r.Type, &n, &m); err != nil {
				rows.Close()
				return fmt.Errorf("store: unable to read the map: %w", err)
			}
			r.ISO2, r.Currency = strings.TrimSpace(r.ISO2), strings.TrimSpace(r.Currency)
			pt.put(&r, n, m)
			c.mapRows = append(c.mapRows, r)
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return fmt.Errorf("store: unable to read the map: %w", err)
		}
	}
	rows, err := db.Raw(`SELECT p.currency, `+cellCols+`, COUNT(*) FROM projects p WHERE `+funded+` GROUP BY p.currency, `+cellGroup, FundedStates).Rows()
	if err != nil {
		return fmt.Errorf("store: unable to list funding currencies: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var r currencyRow
		if err := rows.Scan(&r.Currency, &r.Year, &r.Channel, &r.Type, &r.Count); err != nil {
			return fmt.Errorf("store: unable to read funding currencies: %w", err)
		}
		r.Currency = strings.TrimSpace(r.Currency)
		c.currencies = append(c.currencies, r)
	}
	return rows.Err()
}

// summary folds the cells f keeps into a summary.
func (c *portfolioCube) summary(f PortfolioFilter) *PortfolioSummary {
	out := c.ref // the reference data: shared, read-only
	out.Total = *newSums()
	out.ByStateYear, out.ByCountry, out.ByDiscipline = map[workflow.State]map[int]*Sums{}, SumsBy{}, SumsBy{}
	out.ByArea, out.ByType, out.ByChannel = SumsBy{}, SumsBy{}, SumsBy{}
	out.ByCallState, out.CoauthoredByCountry = map[string]map[workflow.State]*Sums{}, map[string][]YearCount{}
	years := map[int]bool{}
	for _, r := range c.groups {
		if !f.keeps(r.cubeCell) {
			continue
		}
		switch r.Dim {
		case "base":
			out.Total.addRow(r)
			out.ByType.at(r.Type).addRow(r)
			out.ByChannel.at(strconv.FormatInt(r.Channel, 10)).addRow(r)
		case "state":
			st := workflow.State(r.K1)
			years[r.Year] = true
			if out.ByStateYear[st] == nil {
				out.ByStateYear[st] = map[int]*Sums{}
			}
			if out.ByStateYear[st][r.Year] == nil {
				out.ByStateYear[st][r.Year] = newSums()
			}
			out.ByStateYear[st][r.Year].addRow(r)
		case "country":
			out.ByCountry.at(r.K1).addRow(r)
		case "discipline":
			out.ByDiscipline.at(r.K1).addRow(r)
		case "area":
			out.ByArea.at(r.K1).addRow(r)
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

	talent := map[[2]string]int64{}
	for _, r := range c.talent {
		if f.keeps(r.cubeCell) {
			talent[[2]string{r.CareerLevel, r.Direction}] += r.Count
		}
	}
	for k, n := range talent {
		out.Talent = append(out.Talent, TalentGroup{CareerLevel: k[0], Direction: k[1], Count: n})
	}
	sort.Slice(out.Talent, func(i, j int) bool {
		a, b := out.Talent[i], out.Talent[j]
		return a.CareerLevel < b.CareerLevel || (a.CareerLevel == b.CareerLevel && a.Direction < b.Direction)
	})

	out.Stays = c.medians(f)
	out.Started = sumYears(c.started, f)[""]
	byKey := sumYears(c.coauth, f)
	c.dedupe(byKey, f)
	out.Coauthored = byKey[""]
	for k, v := range byKey {
		if k != "" {
			out.CoauthoredByCountry[k] = v
		}
	}
	for ch, n := range c.overdue {
		if f.ChannelID == 0 || ch == f.ChannelID {
			out.OverdueReports += n
		}
	}
	return &out
}

// medians: for each state, the median of the stays' lengths under f, in
// days — the middle stay's tenth of a day, or the mean of the two middle
// ones for an even count.
func (c *portfolioCube) medians(f PortfolioFilter) []StateStay {
	hist := map[string]map[int64]int64{}
	for _, r := range c.stays {
		if !f.keeps(r.cubeCell) {
			continue
		}
		if hist[r.State] == nil {
			hist[r.State] = map[int64]int64{}
		}
		hist[r.State][r.Tenths] += r.Count
	}
	order := map[workflow.State]int{}
	for i, st := range workflow.States {
		order[st] = i
	}
	out := make([]StateStay, 0, len(hist))
	for st, h := range hist {
		tenths := make([]int64, 0, len(h))
		var n int64
		for t, k := range h {
			tenths, n = append(tenths, t), n+k
		}
		slices.Sort(tenths)
		at := func(rank int64) int64 { // the rank-th stay (from 1), in tenths
			var cum int64
			for _, t := range tenths {
				if cum += h[t]; cum >= rank {
					return t
				}
			}
			return tenths[len(tenths)-1]
		}
		median := float64(at((n+1)/2)+at((n+2)/2)) / 20
		out = append(out, StateStay{State: workflow.State(st), MedianDays: median, Stays: n})
	}
	sort.Slice(out, func(i, j int) bool { return order[out[i].State] < order[out[j].State] })
	return out
}

// sumYears adds the rows f keeps per key and year, years ascending.
func sumYears(rows []yearRow, f PortfolioFilter) map[string][]YearCount {
	sums := map[string]map[int]int64{}
	for _, r := range rows {
		if !f.keeps(r.cubeCell) {
			continue
		}
		if sums[r.Key] == nil {
			sums[r.Key] = map[int]int64{}
		}
		sums[r.Key][r.Y] += r.Count
	}
	out := map[string][]YearCount{}
	for k, ys := range sums {
		for y, n := range ys {
			out[k] = append(out[k], YearCount{Year: y, Count: n})
		}
		sort.Slice(out[k], func(i, j int) bool { return out[k][i].Year < out[k][j].Year })
	}
	return out
}

// dedupe takes off the repeats of DOIs reported more than once in the
// cells f keeps: a DOI counts once per year (and country).
func (c *portfolioCube) dedupe(byKey map[string][]YearCount, f PortfolioFilter) {
	type doiYear struct {
		key, doi string
		y        int
	}
	cells := map[doiYear]int64{}
	for _, r := range c.shared {
		if f.keeps(r.cubeCell) {
			cells[doiYear{r.Key, r.DOI, r.Y}] += r.Count
		}
	}
	for k, n := range cells {
		if n < 2 {
			continue
		}
		for i := range byKey[k.key] {
			if byKey[k.key][i].Year == k.y {
				byKey[k.key][i].Count -= n - 1
			}
		}
	}
}

// mapValues folds the map's measure under f.
func (c *portfolioCube) mapValues(f PortfolioFilter, m MapMeasure, currency string) MapFigures {
	if !m.Valid() {
		m = MapProjects
	}
	out := MapFigures{Measure: m, Values: map[string]int64{}}
	if m == MapFunding {
		out.Currency = currency
	}
	for _, r := range c.mapRows {
		if !f.keeps(r.cubeCell) {
			continue
		}
		switch m {
		case MapFunding:
			if r.Currency == currency && r.Funded != 0 {
				out.Values[r.ISO2] += r.Funded
			}
		case MapPapers:
			if r.Papers != 0 {
				out.Values[r.ISO2] += r.Papers
			}
		default:
			if r.Projects != 0 {
				out.Values[r.ISO2] += r.Projects
			}
		}
	}
	return out
}

// fundingCurrencies lists the currencies of the funded projects under f,
// most used first.
func (c *portfolioCube) fundingCurrencies(f PortfolioFilter) []CurrencyCount {
	n := map[string]int64{}
	for _, r := range c.currencies {
		if f.keeps(r.cubeCell) {
			n[r.Currency] += r.Count
		}
	}
	out := make([]CurrencyCount, 0, len(n))
	for cur, k := range n {
		out = append(out, CurrencyCount{Currency: cur, Projects: k})
	}
	sort.Slice(out, func(i, j int) bool {
		return out[i].Projects > out[j].Projects || (out[i].Projects == out[j].Projects && out[i].Currency < out[j].Currency)
	})
	return out
}
