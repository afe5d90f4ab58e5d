package models

import (
	"context"
	"fmt"
	"time"

	"github.com/puente-science/puente/workflow"
)

// ReportPage is one report with what its form and its page show: the
// project it belongs to, the budget it is measured against, what it and
// the project's other reports say was spent, and its outputs. It loads in
// a fixed number of queries however many outputs it lists.
type ReportPage struct {
	ID            int64
	ProjectID     int64
	Kind          ReportKind
	Seq           int
	PeriodStart   *Date
	PeriodEnd     *Date
	DueOn         Date
	Status        ReportStatus
	Narrative     *string
	SubmittedAt   *time.Time
	ReviewedAt    *time.Time
	ReviewerName  *string
	ReviewComment *string
	Version       int

	ProjectCode  string
	ProjectLang  string
	ProjectTitle Texts `gorm:"embedded;embeddedPrefix:title_"`
	ProjectState workflow.State
	PIUserID     int64
	PIName       string
	OfficerID    *int64
	Currency     string

	// Budget is the project's budget by category; Spent what this report
	// says was spent; Before what the project's other reports, once sent,
	// said.
	Budget    map[BudgetCategory]int64 `gorm:"-"`
	Spent     map[BudgetCategory]int64 `gorm:"-"`
	Before    map[BudgetCategory]int64 `gorm:"-"`
	Outputs   []ReportOutput           `gorm:"-"`
	Countries []PageCountry            `gorm:"-"` // the project's, lead first
}

// ReportOutput is an output with the countries involved in it.
type ReportOutput struct {
	Output
	Countries []string
}

// Open reports whether the report may still be written: it is due or was
// sent back, and the project has not been closed as completed.
func (r *ReportPage) Open() bool {
	return (r.Status == ReportDue || r.Status == ReportRevisionRequested) && r.ProjectState != workflow.Completed
}

// Overdue reports whether the report waits for its author past its due
// date.
func (r *ReportPage) Overdue(today Date) bool {
	return (r.Status == ReportDue || r.Status == ReportRevisionRequested) && r.DueOn.Before(today)
}

// ReportPageByID loads a report and everything its page shows.
func (s *Store) ReportPageByID(ctx context.Context, id int64) (*ReportPage, error) {
	db := s.db.WithContext(ctx)
	var r ReportPage
	res := db.Table("reports r").Select(`r.id, r.project_id, r.kind, r.seq, r.period_start, r.period_end, r.due_on,
		r.status, r.narrative, r.submitted_at, r.reviewed_at, rv.name AS reviewer_name, r.review_comment, r.version,
		p.code AS project_code, p.lang AS project_lang, p.title_en, p.title_es, p.title_pt, p.title_zh,
		p.state AS project_state, p.pi_user_id, pi.name AS pi_name, p.officer_id, p.currency`).
		Joins("JOIN projects p ON p.id = r.project_id").
		Joins("JOIN users pi ON pi.id = p.pi_user_id").
		Joins("LEFT JOIN users rv ON rv.id = r.reviewed_by").
		Where("r.id = ?", id).Scan(&r)
	if res.Error != nil {
		return nil, fmt.Errorf("store: unable to load report %d: %w", id, res.Error)
	}
	if res.RowsAffected == 0 {
		return nil, fmt.Errorf("store: unable to load report %d: %w", id, ErrNotFound)
	}
	var lines []BudgetLine
	if err := db.Where("project_id = ?", r.ProjectID).Find(&lines).Error; err != nil {
		return nil, fmt.Errorf("store: unable to load the budget of report %d: %w", id, err)
	}
	r.Budget = map[BudgetCategory]int64{}
	for _, l := range lines {
		r.Budget[l.Category] = l.AmountMinor
	}
	var spent []struct {
		ReportID    int64
		Status      ReportStatus
		Category    BudgetCategory
		AmountMinor int64
	}
	err := db.Table("report_spending s").Select("s.report_id, r.status, s.category, s.amount_minor").
		Joins("JOIN reports r ON r.id = s.report_id").Where("r.project_id = ?", r.ProjectID).Scan(&spent).Error
	if err != nil {
		return nil, fmt.Errorf("store: unable to load the spending of report %d: %w", id, err)
	}
	r.Spent, r.Before = map[BudgetCategory]int64{}, map[BudgetCategory]int64{}
	for _, x := range spent {
		switch {
		case x.ReportID == r.ID:
			r.Spent[x.Category] = x.AmountMinor
		case x.Status != ReportDue: // another report's draft is not reported yet
			r.Before[x.Category] += x.AmountMinor
		}
	}
	if r.Outputs, err = s.reportOutputs(ctx, r.ID); err != nil {
		return nil, err
	}
	err = db.Table("project_countries pc").
		Select("pc.country_iso2 AS iso2, pc.lead, c.name_en, c.name_es, c.name_pt, c.name_zh").
		Joins("JOIN countries c ON c.iso2 = pc.country_iso2").
		Where("pc.project_id = ?", r.ProjectID).Order("pc.lead DESC, c.name_en").Scan(&r.Countries).Error
	if err != nil {
		return nil, fmt.Errorf("store: unable to load the countries of report %d: %w", id, err)
	}
	return &r, nil
}

// reportOutputs loads a report's outputs and their countries in two
// queries, in the order they were entered.
func (s *Store) reportOutputs(ctx context.Context, reportID int64) ([]ReportOutput, error) {
	db := s.db.WithContext(ctx)
	var outs []Output
	if err := db.Where("report_id = ?", reportID).Order("id").Find(&outs).Error; err != nil {
		return nil, fmt.Errorf("store: unable to load the outputs of report %d: %w", reportID, err)
	}
	if len(outs) == 0 {
		return nil, nil
	}
	ids := make([]int64, len(outs))
	for i, o := range outs {
		ids[i] = o.ID
	}
	var links []OutputCountry
	if err := db.Where("output_id IN ?", ids).Order("country_iso2").Find(&links).Error; err != nil {
		return nil, fmt.Errorf("store: unable to load the countries of report %d's outputs: %w", reportID, err)
	}
	by := map[int64][]string{}
	for _, l := range links {
		by[l.OutputID] = append(by[l.OutputID], l.CountryISO2)
	}
	out := make([]ReportOutput, len(outs))
	for i, o := range outs {
		out[i] = ReportOutput{Output: o, Countries: by[o.ID]}
	}
	return out, nil
}

// DOIHolder is another report of the same project that already lists a
// DOI; Kind and Seq are empty when the output was entered outside a report.
type DOIHolder struct {
	DOI      string
	ReportID *int64
	Kind     *ReportKind
	Seq      *int
}

// DOIsElsewhere finds which of dois the project already lists outside the
// report, so the form can name the report that has each; one query.
func (s *Store) DOIsElsewhere(ctx context.Context, projectID, reportID int64, dois []string) (map[string]DOIHolder, error) {
	out := map[string]DOIHolder{}
	if len(dois) == 0 {
		return out, nil
	}
	var rows []DOIHolder
	err := s.db.WithContext(ctx).Table("outputs o").Select("o.doi, o.report_id, r.kind, r.seq").
		Joins("LEFT JOIN reports r ON r.id = o.report_id").
		Where("o.project_id = ? AND o.doi IN ? AND (o.report_id IS NULL OR o.report_id <> ?)", projectID, dois, reportID).
		Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("store: unable to look up DOIs of project %d: %w", projectID, err)
	}
	for _, r := range rows {
		out[r.DOI] = r
	}
	return out, nil
}
