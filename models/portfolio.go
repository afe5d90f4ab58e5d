package models

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/puente-science/puente/workflow"
)

// PortfolioFilter narrows every panel of the portfolio page: the project
// year range, the channel and the type. Zero fields do not filter.
type PortfolioFilter struct {
	YearFrom, YearTo int
	ChannelID        int64
	Type             ProjectType
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

// PortfolioSummary computes the summary under f (the whole cube, then its
// fold: see portfolio_cube.go). today decides which reports are overdue.
func (s *Store) PortfolioSummary(ctx context.Context, f PortfolioFilter, today Date) (*PortfolioSummary, error) {
	c, err := s.portfolioCube(ctx, today)
	if err != nil {
		return nil, err
	}
	return c.summary(f), nil
}

// portfolioIndicators loads the whole-region indicator series (the study's
// figures); the project filters do not apply to them.
func portfolioIndicators(db *gorm.DB, out *PortfolioSummary) error {
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
func portfolioReference(db *gorm.DB, out *PortfolioSummary) error {
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
