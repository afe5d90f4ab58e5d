package models

import (
	"context"
	"fmt"
	"strings"

	"gorm.io/gorm"

	"github.com/puente-science/puente/workflow"
)

// ProjectScope is the part of the portfolio a user may list. Staff see
// everything; otherwise a user sees the projects they lead (PIUserID) and
// those they are assigned to review (ReviewerID), whichever apply. A scope
// with neither sees nothing.
type ProjectScope struct {
	All        bool
	PIUserID   int64
	ReviewerID int64
}

// ProjectFilter narrows the project list; zero fields do not filter. The
// handler checks every value against the known options first, so nothing
// here comes unchecked from the address, and every value is bound anyway.
type ProjectFilter struct {
	States         []workflow.State // any of them
	Stage          workflow.Stage   // and in this stage group
	CallID         int64
	ChannelID      int64
	Type           ProjectType
	Country        string // ISO2: any of the project's countries
	Discipline     string // a code; a field ("1") matches its subfields ("1.6")
	InstitutionID  int64  // partner or host
	PriorityAreaID int64
	YearFrom       int
	YearTo         int
	Query          string // part of the code or of the title in any language
	// Filters the portfolio summaries link with (each group's list):
	LeadCountry       string // ISO2 of the lead country, or NoneValue for projects without one
	Subregion         string // the lead country's subregion
	Tier              string // the lead country's cooperation tier
	LeadPriority      string // "yes": the lead country is a priority country; "no": it is not
	PrimaryDiscipline string // the primary discipline; a field matches its subfields; NoneValue: none
	NoPriorityArea    bool   // projects outside every priority area
	NoCall            bool   // projects that came through no call
	Funded            bool   // approved and later (FundedStates)
	Submitted         bool   // past the draft: every state but draft (the public pages' figures)
	CareerLevel       string // talent exchanges: the career level
	Direction         string // talent exchanges: the direction
	StartedYear       int    // the year work started: actual start, else the agreement's start
	Sort              string // one of ProjectSortKeys; default updated
	Desc              bool
	Lang              string // the reader's language: titles and country names sort in it
}

// ProjectSortKeys lists the accepted sort keys.
var ProjectSortKeys = []string{"code", "title", "state", "year", "requested", "awarded", "country", "updated"}

// projectLangs are the languages titles and names exist in; the sort
// expression names a column per language, so the language is checked too.
var projectLangs = map[string]bool{"en": true, "es": true, "pt": true, "zh": true}

// projectOrder is the ORDER BY of a list under f, with the LEFT JOIN the
// country sort needs. Missing values (no award, no lead country) come last
// in both directions (NULLS LAST: PostgreSQL and SQLite 3.30+), and the id
// breaks ties, so the sorts walk an index (the money ones: migration 00008)
// instead of sorting every match.
func projectOrder(q *gorm.DB, f ProjectFilter) (*gorm.DB, string) {
	lang := f.Lang
	if !projectLangs[lang] {
		lang = "en"
	}
	expr, nullable := "p.updated_at", false
	switch f.Sort {
	case "code":
		expr = "p.code"
	case "title":
		expr = fmt.Sprintf("LOWER(COALESCE(NULLIF(p.title_%s, ''), NULLIF(p.title_en, ''), NULLIF(p.title_es, ''), NULLIF(p.title_pt, ''), p.title_zh))", lang)
	case "state":
		expr = "p.state"
	case "year":
		expr = "p.year"
	case "requested":
		expr = "p.requested_minor"
	case "awarded":
		expr, nullable = "p.awarded_minor", true
	case "country":
		q, expr, nullable = q.Joins("LEFT JOIN countries lc ON lc.iso2 = p.lead_country_iso2"), "lc.name_"+lang, true
	}
	if f.Desc {
		expr += " DESC"
	}
	if nullable { // only where NULLs occur: the planner does not know a NOT NULL column needs no NULLS LAST
		expr += " NULLS LAST"
	}
	return q, expr + ", p.id"
}

// ProjectListRow is one line of the project list: only what the list shows.
type ProjectListRow struct {
	ID                                 int64
	Code                               string
	TitleEN, TitleES, TitlePT, TitleZH *string
	Type                               ProjectType
	State                              workflow.State
	LeadCountryISO2                    *string
	Year                               int
	Currency                           string
	RequestedMinor                     int64
	AwardedMinor                       *int64
	PIUserID                           int64  // staff only
	PIName                             string `gorm:"-"` // staff only
}

// Title is the row's title in lang, or in the first language it has.
func (r ProjectListRow) Title(lang string) string {
	v := func(p *string) string {
		if p == nil {
			return ""
		}
		return *p
	}
	return Localized{v(r.TitleEN), v(r.TitleES), v(r.TitlePT), v(r.TitleZH)}.In(lang)
}

// ProjectsPage lists one page (from 1) of the projects a scope may see that
// match a filter, and how many match: two statements whatever the page
// holds. Every filter runs on an indexed column of projects or as an EXISTS
// on an indexed link table, so no join multiplies rows.
func (s *Store) ProjectsPage(ctx context.Context, sc ProjectScope, f ProjectFilter, page, perPage int) ([]ProjectListRow, int64, error) {
	db := s.db.WithContext(ctx)
	page, perPage = max(page, 1), min(max(perPage, 1), 500)
	var total int64
	if err := projectsFiltered(db, sc, f).Count(&total).Error; err != nil {
		return nil, 0, fmt.Errorf("store: unable to count projects: %w", err)
	}
	if total == 0 {
		return nil, 0, nil
	}
	cols := `p.id, p.code, p.title_en, p.title_es, p.title_pt, p.title_zh, p.type, p.state,
		p.lead_country_iso2, p.year, p.currency, p.requested_minor, p.awarded_minor`
	q, order := projectOrder(projectsFiltered(db, sc, f), f)
	if sc.All {
		cols += ", p.pi_user_id"
	}
	var rows []ProjectListRow
	err := q.Select(cols).Order(order).Limit(perPage).Offset((page - 1) * perPage).Scan(&rows).Error
	if err != nil {
		return nil, 0, fmt.Errorf("store: unable to list projects: %w", err)
	}
	if sc.All { // only staff see who leads a project
		if err := s.fillPINames(ctx, rows); err != nil {
			return nil, 0, err
		}
	}
	return rows, total, nil
}

// fillPINames names the principal investigators of a page in one
// statement. A join in the list query would join every matching project
// before the sort and limit; this joins the page only.
func (s *Store) fillPINames(ctx context.Context, rows []ProjectListRow) error {
	ids := make([]int64, len(rows))
	for i, r := range rows {
		ids[i] = r.PIUserID
	}
	var names []struct {
		ID   int64
		Name string
	}
	if err := s.db.WithContext(ctx).Table("users").Select("id, name").Where("id IN ?", ids).Scan(&names).Error; err != nil {
		return fmt.Errorf("store: unable to name investigators: %w", err)
	}
	byID := make(map[int64]string, len(names))
	for _, n := range names {
		byID[n.ID] = n.Name
	}
	for i := range rows {
		rows[i].PIName = byID[rows[i].PIUserID]
	}
	return nil
}

// projectsFiltered is a fresh statement over the projects a scope may see
// that match a filter: Count changes the chain it runs on, so each use
// builds its own.
func projectsFiltered(db *gorm.DB, sc ProjectScope, f ProjectFilter) *gorm.DB {
	q := db.Table("projects p")
	if !sc.All {
		var who []string
		var args []any
		if sc.PIUserID > 0 {
			who, args = append(who, "p.pi_user_id = ?"), append(args, sc.PIUserID)
		}
		if sc.ReviewerID > 0 { // a declared conflict or a withdrawn assignment gives no sight of the project
			who = append(who, `EXISTS (SELECT 1 FROM review_assignments ra WHERE ra.project_id = p.id
				AND ra.reviewer_id = ? AND ra.status IN ('assigned', 'submitted'))`)
			args = append(args, sc.ReviewerID)
		}
		if len(who) == 0 {
			return q.Where("1 = 0")
		}
		q = q.Where("("+strings.Join(who, " OR ")+")", args...)
	}
	if len(f.States) > 0 {
		q = q.Where("p.state IN ?", f.States)
	}
	if f.Stage != "" {
		q = q.Where("p.state IN ?", workflow.StatesIn(f.Stage))
	}
	if f.CallID > 0 {
		q = q.Where("p.call_id = ?", f.CallID)
	}
	if f.ChannelID > 0 {
		q = q.Where("p.channel_id = ?", f.ChannelID)
	}
	if f.Type != "" {
		q = q.Where("p.type = ?", f.Type)
	}
	if f.PriorityAreaID > 0 {
		q = q.Where("p.priority_area_id = ?", f.PriorityAreaID)
	}
	if f.YearFrom > 0 {
		q = q.Where("p.year >= ?", f.YearFrom)
	}
	if f.YearTo > 0 {
		q = q.Where("p.year <= ?", f.YearTo)
	}
	if f.Country != "" {
		q = q.Where("EXISTS (SELECT 1 FROM project_countries pc WHERE pc.project_id = p.id AND pc.country_iso2 = ?)", f.Country)
	}
	if f.Discipline != "" {
		q = q.Where(`EXISTS (SELECT 1 FROM project_disciplines pd WHERE pd.project_id = p.id
			AND (pd.discipline_code = ? OR pd.discipline_code LIKE ? ESCAPE '\'))`, f.Discipline, escapeLike(f.Discipline)+".%")
	}
	if f.InstitutionID > 0 {
		q = q.Where("EXISTS (SELECT 1 FROM project_institutions pi WHERE pi.project_id = p.id AND pi.institution_id = ?)", f.InstitutionID)
	}
	q = portfolioFilterWhere(q, f)
	if t := strings.TrimSpace(f.Query); t != "" {
		like := "%" + strings.ToLower(escapeLike(t)) + "%"
		q = q.Where(`(LOWER(p.code) LIKE ? ESCAPE '\' OR LOWER(p.title_en) LIKE ? ESCAPE '\' OR LOWER(p.title_es) LIKE ? ESCAPE '\'
			OR LOWER(p.title_pt) LIKE ? ESCAPE '\' OR LOWER(p.title_zh) LIKE ? ESCAPE '\')`, like, like, like, like, like)
	}
	return q
}

// ListOption is one choice of a list filter, named in the four languages.
type ListOption struct {
	Value string
	Name  Localized
	Level int // disciplines: 1 for a field, 2 for a subfield
}

// ProjectListOptions are the choices of the project list's filters that
// come from the database, loaded once per request.
type ProjectListOptions struct {
	Calls, Channels, Disciplines, PriorityAreas []ListOption
	Countries                                   []NamedCountry
	Institutions                                []NamedInstitution
}

// ProjectListOptions loads the filter choices: one statement per list.
// Draft calls are offered to staff only.
func (s *Store) ProjectListOptions(ctx context.Context, staff bool) (ProjectListOptions, error) {
	db := s.db.WithContext(ctx)
	var o ProjectListOptions
	type named struct {
		Value                          string
		NameEN, NameES, NamePT, NameZH string
		Level                          int
	}
	load := func(what string, q *gorm.DB) ([]ListOption, error) {
		var rows []named
		if err := q.Scan(&rows).Error; err != nil {
			return nil, fmt.Errorf("store: unable to list %s: %w", what, err)
		}
		out := make([]ListOption, len(rows))
		for i, r := range rows {
			out[i] = ListOption{Value: r.Value, Name: Localized{r.NameEN, r.NameES, r.NamePT, r.NameZH}, Level: r.Level}
		}
		return out, nil
	}
	calls := db.Table("calls").Select(`CAST(id AS TEXT) AS value, COALESCE(title_en, '') AS name_en,
		COALESCE(title_es, '') AS name_es, COALESCE(title_pt, '') AS name_pt, COALESCE(title_zh, '') AS name_zh`).
		Order("opens_at DESC, id")
	if !staff {
		calls = calls.Where("status <> ?", CallDraft)
	}
	var err error
	if o.Calls, err = load("calls", calls); err != nil {
		return o, err
	}
	if o.Channels, err = load("channels", db.Table("funding_channels").
		Select("CAST(id AS TEXT) AS value, name_en, name_es, name_pt, name_zh").Order("name_en")); err != nil {
		return o, err
	}
	if o.Disciplines, err = load("disciplines", db.Table("disciplines").
		Select("code AS value, name_en, name_es, name_pt, name_zh, level").Order("position")); err != nil {
		return o, err
	}
	if o.PriorityAreas, err = load("priority areas", db.Table("priority_areas").
		Select("CAST(id AS TEXT) AS value, name_en, name_es, name_pt, name_zh").Order("position")); err != nil {
		return o, err
	}
	if o.Countries, err = s.AllCountries(ctx); err != nil {
		return o, err
	}
	o.Institutions, err = s.AllInstitutions(ctx)
	return o, err
}
