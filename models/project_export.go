package models

import (
	"context"
	"fmt"
	"slices"
	"time"

	"gorm.io/gorm"

	"github.com/puente-science/puente/workflow"
)

// exportBatch is how many projects an export loads per round of queries:
// memory stays bounded and the number of statements grows with the
// portfolio in steps of this size, never per project.
const exportBatch = 500

// ExportProject is one project as the exports write it: the list's columns
// and, when details are asked for, what IATI and 360Giving publish.
type ExportProject struct {
	ID                    int64
	Code                  string
	Lang                  string
	Title, Summary        Localized
	Type                  ProjectType
	State                 workflow.State
	CallCode              string
	CallTitle             Localized
	ChannelName           Localized
	LeadCountryISO2       string
	Countries             []string // ISO2, the lead first
	PrimaryDisciplineCode string
	PIUserID              int64
	PIName, OfficerName   string
	Currency              string
	RequestedMinor        int64
	AwardedMinor          *int64
	DisbursedMinor        int64
	Year                  int
	PlannedStart          *Date
	PlannedEnd            *Date
	ActualStart           *Date
	ActualEnd             *Date
	SubmittedAt           *time.Time
	DecidedAt             *time.Time
	UpdatedAt             time.Time

	// Details, loaded when asked for.
	Disciplines     []string // codes, the primary first
	Institutions    []ExportInstitution
	PIInstitution   *ExportInstitution // the investigator's own institution
	HostInstitution *ExportInstitution // the host named on the project
	Agreement       *ExportAgreement
	Payments        []ExportPayment // paid tranches, in payment order
}

// ExportInstitution is an institution taking part in a project.
type ExportInstitution struct {
	ID          int64
	Name        string
	NameLocal   string
	RORID       string // https://ror.org/…, or empty
	CountryISO2 string
	Type        string // institutions.type
	Role        string // partner or host; empty for the PI's own institution
}

// ExportAgreement is the signed agreement's period.
type ExportAgreement struct {
	SignedOn, StartsOn, EndsOn Date
}

// ExportPayment is one paid tranche.
type ExportPayment struct {
	PaidOn      Date
	AmountMinor int64
}

// ProjectExport is the ordered list of projects an export will write,
// fixed when it is made; Each loads them batch by batch. Only the ids are
// held, so no database connection stays open while a slow client reads.
type ProjectExport struct {
	s       *Store
	ids     []int64
	details bool
}

// Len is the number of projects the export holds.
func (e *ProjectExport) Len() int { return len(e.ids) }

// EmptyExport is an export with no projects.
func (s *Store) EmptyExport() *ProjectExport { return &ProjectExport{s: s} }

// ProjectExport selects, in the list's order, every project a scope may see
// that matches a filter: the same WHERE and ORDER BY as the /projects list
// (one statement). details adds what the standards exports need.
func (s *Store) ProjectExport(ctx context.Context, sc ProjectScope, f ProjectFilter, details bool) (*ProjectExport, error) {
	q, order := projectOrder(projectsFiltered(s.db.WithContext(ctx), sc, f), f)
	var ids []int64
	if err := q.Order(order).Pluck("p.id", &ids).Error; err != nil {
		return nil, fmt.Errorf("store: unable to select projects to export: %w", err)
	}
	return &ProjectExport{s: s, ids: ids, details: details}, nil
}

// Each calls fn for every project in order, loading a batch at a time
// (two statements per batch, seven with details).
func (e *ProjectExport) Each(ctx context.Context, fn func(*ExportProject) error) error {
	for start := 0; start < len(e.ids); start += exportBatch {
		batch := e.ids[start:min(start+exportBatch, len(e.ids))]
		rows, err := e.s.exportBatch(ctx, batch, e.details)
		if err != nil {
			return err
		}
		for i := range rows {
			if err := fn(&rows[i]); err != nil {
				return err
			}
		}
	}
	return nil
}

type exportRow struct {
	ID                                         int64
	Code, Lang                                 string
	TitleEN, TitleES, TitlePT, TitleZH         *string
	SummaryEN, SummaryES, SummaryPT, SummaryZH *string
	Type                                       ProjectType
	State                                      workflow.State
	CallCode                                   *string
	CallTitleEN, CallTitleES                   *string
	CallTitlePT, CallTitleZH                   *string
	ChannelNameEN, ChannelNameES               string
	ChannelNamePT, ChannelNameZH               string
	LeadCountryISO2                            *string
	PrimaryDisciplineCode                      *string
	PIUserID                                   int64
	PIName                                     string
	PIInstitutionID                            *int64
	HostInstitutionID                          *int64
	OfficerName                                *string
	Currency                                   string
	RequestedMinor                             int64
	AwardedMinor                               *int64
	DisbursedMinor                             int64
	Year                                       int
	PlannedStart, PlannedEnd                   *Date
	ActualStart, ActualEnd                     *Date
	SubmittedAt, DecidedAt                     *time.Time
	UpdatedAt                                  time.Time
}

func exportStr(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// exportBatch loads one batch of projects and returns them in the order of
// ids.
func (s *Store) exportBatch(ctx context.Context, ids []int64, details bool) ([]ExportProject, error) {
	db := s.db.WithContext(ctx)
	var rows []exportRow
	err := db.Table("projects p").Select(`p.id, p.code, p.lang, p.title_en, p.title_es, p.title_pt, p.title_zh,
		p.summary_en, p.summary_es, p.summary_pt, p.summary_zh, p.type, p.state,
		c.code AS call_code, c.title_en AS call_title_en, c.title_es AS call_title_es, c.title_pt AS call_title_pt, c.title_zh AS call_title_zh,
		ch.name_en AS channel_name_en, ch.name_es AS channel_name_es, ch.name_pt AS channel_name_pt, ch.name_zh AS channel_name_zh,
		p.lead_country_iso2, p.primary_discipline_code, p.pi_user_id, u.name AS pi_name, u.institution_id AS pi_institution_id,
		p.host_institution_id, o.name AS officer_name, p.currency, p.requested_minor, p.awarded_minor, p.disbursed_minor,
		p.year, p.planned_start, p.planned_end, p.actual_start, p.actual_end, p.submitted_at, p.decided_at, p.updated_at`).
		Joins("LEFT JOIN calls c ON c.id = p.call_id").
		Joins("JOIN funding_channels ch ON ch.id = p.channel_id").
		Joins("JOIN users u ON u.id = p.pi_user_id").
		Joins("LEFT JOIN users o ON o.id = p.officer_id").
		Where("p.id IN ?", ids).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("store: unable to load projects to export: %w", err)
	}
	pos := make(map[int64]int, len(ids))
	for i, id := range ids {
		pos[id] = i
	}
	out := make([]ExportProject, len(ids))
	found := make([]bool, len(ids))
	for _, r := range rows {
		i := pos[r.ID]
		found[i] = true
		out[i] = ExportProject{ID: r.ID, Code: r.Code, Lang: r.Lang,
			Title:   Localized{exportStr(r.TitleEN), exportStr(r.TitleES), exportStr(r.TitlePT), exportStr(r.TitleZH)},
			Summary: Localized{exportStr(r.SummaryEN), exportStr(r.SummaryES), exportStr(r.SummaryPT), exportStr(r.SummaryZH)},
			Type:    r.Type, State: r.State, CallCode: exportStr(r.CallCode),
			CallTitle:       Localized{exportStr(r.CallTitleEN), exportStr(r.CallTitleES), exportStr(r.CallTitlePT), exportStr(r.CallTitleZH)},
			ChannelName:     Localized{r.ChannelNameEN, r.ChannelNameES, r.ChannelNamePT, r.ChannelNameZH},
			LeadCountryISO2: exportStr(r.LeadCountryISO2), PrimaryDisciplineCode: exportStr(r.PrimaryDisciplineCode),
			PIUserID: r.PIUserID, PIName: r.PIName, OfficerName: exportStr(r.OfficerName), Currency: r.Currency,
			RequestedMinor: r.RequestedMinor, AwardedMinor: r.AwardedMinor, DisbursedMinor: r.DisbursedMinor,
			Year: r.Year, PlannedStart: r.PlannedStart, PlannedEnd: r.PlannedEnd, ActualStart: r.ActualStart,
			ActualEnd: r.ActualEnd, SubmittedAt: r.SubmittedAt, DecidedAt: r.DecidedAt, UpdatedAt: r.UpdatedAt}
	}
	var countries []ProjectCountry
	if err := db.Where("project_id IN ?", ids).Order("project_id, lead DESC, country_iso2").Find(&countries).Error; err != nil {
		return nil, fmt.Errorf("store: unable to load the countries of projects to export: %w", err)
	}
	for _, c := range countries {
		if i, ok := pos[c.ProjectID]; ok {
			out[i].Countries = append(out[i].Countries, c.CountryISO2)
		}
	}
	if details {
		if err := s.exportDetails(db, ids, pos, rows, out); err != nil {
			return nil, err
		}
	}
	// A project deleted since the ids were read (a draft) is left out.
	kept := out[:0]
	for i := range out {
		if found[i] {
			kept = append(kept, out[i])
		}
	}
	return kept, nil
}

// exportDetails adds disciplines, institutions, agreements and payments to
// a batch: five statements.
func (s *Store) exportDetails(db *gorm.DB, ids []int64, pos map[int64]int, rows []exportRow, out []ExportProject) error {
	var disc []ProjectDiscipline
	if err := db.Where("project_id IN ?", ids).Order("project_id, is_primary DESC, discipline_code").Find(&disc).Error; err != nil {
		return fmt.Errorf("store: unable to load the disciplines of projects to export: %w", err)
	}
	for _, d := range disc {
		out[pos[d.ProjectID]].Disciplines = append(out[pos[d.ProjectID]].Disciplines, d.DisciplineCode)
	}
	type instRow struct {
		ProjectID int64
		ExportInstitution
	}
	const instCols = "i.id, i.name, COALESCE(i.name_local, '') AS name_local, COALESCE(i.ror_id, '') AS ror_id, i.country_iso2, i.type"
	var links []instRow
	if err := db.Table("project_institutions pi").Select("pi.project_id, pi.role, "+instCols).
		Joins("JOIN institutions i ON i.id = pi.institution_id").Where("pi.project_id IN ?", ids).
		Order("pi.project_id, pi.role DESC, i.name, i.id").Scan(&links).Error; err != nil {
		return fmt.Errorf("store: unable to load the institutions of projects to export: %w", err)
	}
	for _, l := range links {
		out[pos[l.ProjectID]].Institutions = append(out[pos[l.ProjectID]].Institutions, l.ExportInstitution)
	}
	var own []int64 // the investigators' and hosts' institutions
	for _, r := range rows {
		for _, id := range []*int64{r.PIInstitutionID, r.HostInstitutionID} {
			if id != nil && !slices.Contains(own, *id) {
				own = append(own, *id)
			}
		}
	}
	if len(own) > 0 {
		var insts []ExportInstitution
		if err := db.Table("institutions i").Select(instCols).Where("i.id IN ?", own).Scan(&insts).Error; err != nil {
			return fmt.Errorf("store: unable to load the institutions of investigators: %w", err)
		}
		byID := make(map[int64]ExportInstitution, len(insts))
		for _, in := range insts {
			byID[in.ID] = in
		}
		for _, r := range rows {
			p := &out[pos[r.ID]]
			if r.PIInstitutionID != nil {
				if in, ok := byID[*r.PIInstitutionID]; ok {
					p.PIInstitution = &in
				}
			}
			if r.HostInstitutionID != nil {
				if in, ok := byID[*r.HostInstitutionID]; ok {
					in.Role = "host"
					p.HostInstitution = &in
				}
			}
		}
	}
	var agreements []struct {
		ProjectID                  int64
		SignedOn, StartsOn, EndsOn Date
	}
	if err := db.Table("agreements").Select("project_id, signed_on, starts_on, ends_on").
		Where("project_id IN ?", ids).Scan(&agreements).Error; err != nil {
		return fmt.Errorf("store: unable to load the agreements of projects to export: %w", err)
	}
	for _, a := range agreements {
		out[pos[a.ProjectID]].Agreement = &ExportAgreement{SignedOn: a.SignedOn, StartsOn: a.StartsOn, EndsOn: a.EndsOn}
	}
	var paid []struct {
		ProjectID   int64
		PaidOn      Date
		AmountMinor int64
	}
	if err := db.Table("tranches").Select("project_id, paid_on, amount_minor").
		Where("project_id IN ? AND status = ?", ids, "paid").Order("project_id, paid_on, seq").Scan(&paid).Error; err != nil {
		return fmt.Errorf("store: unable to load the payments of projects to export: %w", err)
	}
	for _, t := range paid {
		out[pos[t.ProjectID]].Payments = append(out[pos[t.ProjectID]].Payments, ExportPayment{PaidOn: t.PaidOn, AmountMinor: t.AmountMinor})
	}
	return nil
}

// ExportNames are the reference names exports write: countries and
// disciplines in the four languages. One statement each.
type ExportNames struct {
	Countries   map[string]Localized // by ISO2
	Disciplines map[string]Localized // by code
}

// ExportNames loads the reference names exports need.
func (s *Store) ExportNames(ctx context.Context) (ExportNames, error) {
	n := ExportNames{Countries: map[string]Localized{}, Disciplines: map[string]Localized{}}
	countries, err := s.AllCountries(ctx)
	if err != nil {
		return n, err
	}
	for _, c := range countries {
		n.Countries[c.ISO2] = c.Name
	}
	var disc []struct {
		Code                           string
		NameEN, NameES, NamePT, NameZH string
	}
	if err := s.db.WithContext(ctx).Table("disciplines").Select("code, name_en, name_es, name_pt, name_zh").Scan(&disc).Error; err != nil {
		return n, fmt.Errorf("store: unable to list disciplines: %w", err)
	}
	for _, d := range disc {
		n.Disciplines[d.Code] = Localized{d.NameEN, d.NameES, d.NamePT, d.NameZH}
	}
	return n, nil
}
