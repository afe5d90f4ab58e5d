package models

import (
	"context"
	"fmt"
	"slices"
	"time"

	"gorm.io/gorm"
)

// ReportTab is one of the officers' report queues.
type ReportTab string

const (
	// ReportTabDue: due or sent back, and not yet past the due date.
	ReportTabDue ReportTab = "due"
	// ReportTabOverdue: due or sent back, past the due date.
	ReportTabOverdue ReportTab = "overdue"
	// ReportTabSubmitted: waiting for an officer's review.
	ReportTabSubmitted ReportTab = "submitted"
)

// ReportTabs lists the queues in the order the page shows them.
var ReportTabs = []ReportTab{ReportTabDue, ReportTabOverdue, ReportTabSubmitted}

// ReportSortKeys are the queues' sort keys; the first is the default.
var ReportSortKeys = []string{"due", "submitted", "code"}

// ReportFilter narrows the report queues; zero fields do not filter. The
// handler checks every value against the choices it offered.
type ReportFilter struct {
	Country     string // the project's lead country
	ChannelID   int64
	OfficerID   int64 // the project's responsible officer
	NoOfficer   bool  // projects without a responsible officer
	Today       Date  // what "overdue" is judged by
	Sort        string
	Desc        bool
	PIUserID    int64 // an applicant's own reports only
	OnlyWaiting bool  // the applicant's list: not the accepted ones
}

// ReportRow is one report in a list.
type ReportRow struct {
	ID           int64
	ProjectID    int64
	Kind         ReportKind
	Seq          int
	PeriodStart  *Date
	PeriodEnd    *Date
	DueOn        Date
	Status       ReportStatus
	SubmittedAt  *time.Time
	ReviewedAt   *time.Time
	ProjectCode  string
	ProjectLang  string
	ProjectTitle Texts `gorm:"embedded;embeddedPrefix:title_"`
	PIName       string
	CountryISO2  *string
	Country      Names `gorm:"embedded;embeddedPrefix:country_"`
	Channel      Names `gorm:"embedded;embeddedPrefix:channel_"`
	OfficerName  *string
}

const reportRowSelect = `r.id, r.project_id, r.kind, r.seq, r.period_start, r.period_end, r.due_on, r.status,
	r.submitted_at, r.reviewed_at, p.code AS project_code, p.lang AS project_lang,
	p.title_en, p.title_es, p.title_pt, p.title_zh, pi.name AS pi_name, p.lead_country_iso2 AS country_iso2,
	lc.name_en AS country_en, lc.name_es AS country_es, lc.name_pt AS country_pt, lc.name_zh AS country_zh,
	ch.name_en AS channel_en, ch.name_es AS channel_es, ch.name_pt AS channel_pt, ch.name_zh AS channel_zh,
	o.name AS officer_name`

var openReportStatuses = []ReportStatus{ReportDue, ReportRevisionRequested}

// reportBase selects reports with their project and the filter applied.
func (s *Store) reportBase(ctx context.Context, f ReportFilter) *gorm.DB {
	q := s.db.WithContext(ctx).Table("reports r").
		Joins("JOIN projects p ON p.id = r.project_id")
	if f.Country != "" {
		q = q.Where("p.lead_country_iso2 = ?", f.Country)
	}
	if f.ChannelID != 0 {
		q = q.Where("p.channel_id = ?", f.ChannelID)
	}
	switch {
	case f.NoOfficer:
		q = q.Where("p.officer_id IS NULL")
	case f.OfficerID != 0:
		q = q.Where("p.officer_id = ?", f.OfficerID)
	}
	if f.PIUserID != 0 {
		q = q.Where("p.pi_user_id = ?", f.PIUserID)
	}
	return q
}

func tabWhere(q *gorm.DB, tab ReportTab, today Date) *gorm.DB {
	switch tab {
	case ReportTabOverdue:
		return q.Where("r.status IN ? AND r.due_on < ?", openReportStatuses, today)
	case ReportTabSubmitted:
		return q.Where("r.status = ?", ReportSubmitted)
	default:
		return q.Where("r.status IN ? AND r.due_on >= ?", openReportStatuses, today)
	}
}

// ReportCounts counts each queue under the filter, in one statement.
func (s *Store) ReportCounts(ctx context.Context, f ReportFilter) (map[ReportTab]int64, error) {
	var row struct{ Due, Overdue, Submitted int64 }
	err := s.reportBase(ctx, f).Select(`
		COALESCE(SUM(CASE WHEN r.status IN ('due', 'revision_requested') AND r.due_on >= ? THEN 1 ELSE 0 END), 0) AS due,
		COALESCE(SUM(CASE WHEN r.status IN ('due', 'revision_requested') AND r.due_on < ? THEN 1 ELSE 0 END), 0) AS overdue,
		COALESCE(SUM(CASE WHEN r.status = 'submitted' THEN 1 ELSE 0 END), 0) AS submitted`, f.Today, f.Today).
		Where("r.status <> ?", ReportAccepted).Scan(&row).Error
	if err != nil {
		return nil, fmt.Errorf("store: unable to count reports: %w", err)
	}
	return map[ReportTab]int64{ReportTabDue: row.Due, ReportTabOverdue: row.Overdue, ReportTabSubmitted: row.Submitted}, nil
}

// ReportQueuePage is one page of a queue, sorted by an allow-listed key;
// the id breaks ties so pages never overlap.
func (s *Store) ReportQueuePage(ctx context.Context, tab ReportTab, f ReportFilter, page, per int) ([]ReportRow, error) {
	q := s.reportRows(tabWhere(s.reportBase(ctx, f), tab, f.Today))
	key := f.Sort
	if !slices.Contains(ReportSortKeys, key) {
		key = ReportSortKeys[0]
	}
	dir := " ASC"
	if f.Desc {
		dir = " DESC"
	}
	expr := map[string]string{"due": "r.due_on", "submitted": "r.submitted_at", "code": "p.code"}[key]
	var rows []ReportRow
	err := q.Order(expr + dir).Order("r.id" + dir).Offset((max(page, 1) - 1) * per).Limit(per).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("store: unable to list reports: %w", err)
	}
	return rows, nil
}

func (s *Store) reportRows(q *gorm.DB) *gorm.DB {
	return q.Select(reportRowSelect).
		Joins("JOIN users pi ON pi.id = p.pi_user_id").
		Joins("JOIN funding_channels ch ON ch.id = p.channel_id").
		Joins("LEFT JOIN countries lc ON lc.iso2 = p.lead_country_iso2").
		Joins("LEFT JOIN users o ON o.id = p.officer_id")
}

// maxOwnReports bounds an applicant's list: a few projects with a report
// every few months stay far below it.
const maxOwnReports = 500

// ReportsOfApplicant lists the reports of an applicant's projects,
// soonest due first, in one query.
func (s *Store) ReportsOfApplicant(ctx context.Context, userID int64) ([]ReportRow, error) {
	var rows []ReportRow
	err := s.reportRows(s.reportBase(ctx, ReportFilter{PIUserID: userID})).
		Order("r.due_on, r.id").Limit(maxOwnReports).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("store: unable to list the reports of user %d: %w", userID, err)
	}
	return rows, nil
}

// ReportQueueOptions are the queues' filter choices.
type ReportQueueOptions struct {
	Countries []CountryOption
	Channels  []ListOption
	Officers  []UserOption
}

// CountryOption is a country a filter may choose.
type CountryOption struct {
	ISO2 string
	Name Names `gorm:"embedded;embeddedPrefix:name_"`
}

// UserOption is a person a filter may choose.
type UserOption struct {
	ID   int64
	Name string
}

// ReportQueueOptions loads the choices in three queries: the lead
// countries and channels of projects with reports, and the officers.
func (s *Store) ReportQueueOptions(ctx context.Context) (ReportQueueOptions, error) {
	db := s.db.WithContext(ctx)
	var o ReportQueueOptions
	withReports := "EXISTS (SELECT 1 FROM reports r JOIN projects p ON p.id = r.project_id WHERE %s)"
	err := db.Table("countries c").Select("c.iso2, c.name_en, c.name_es, c.name_pt, c.name_zh").
		Where(fmt.Sprintf(withReports, "p.lead_country_iso2 = c.iso2")).Order("c.name_en").Scan(&o.Countries).Error
	if err != nil {
		return o, fmt.Errorf("store: unable to load report countries: %w", err)
	}
	var chans []struct {
		ID   int64
		Name Names `gorm:"embedded;embeddedPrefix:name_"`
	}
	err = db.Table("funding_channels ch").Select("ch.id, ch.name_en, ch.name_es, ch.name_pt, ch.name_zh").
		Where(fmt.Sprintf(withReports, "p.channel_id = ch.id")).Order("ch.id").Scan(&chans).Error
	if err != nil {
		return o, fmt.Errorf("store: unable to load report channels: %w", err)
	}
	for _, c := range chans {
		o.Channels = append(o.Channels, ListOption{Value: fmt.Sprint(c.ID), Name: Localized{c.Name.EN, c.Name.ES, c.Name.PT, c.Name.ZH}})
	}
	err = db.Table("users u").Select("u.id, u.name").
		Joins("JOIN user_roles ur ON ur.user_id = u.id AND ur.role = ?", RoleOfficer).
		Where("u.active = ?", true).Order("u.name, u.id").Scan(&o.Officers).Error
	if err != nil {
		return o, fmt.Errorf("store: unable to load officers: %w", err)
	}
	return o, nil
}
