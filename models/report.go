package models

import (
	"slices"
	"time"
)

// ReportKind distinguishes periodic progress reports from the final one.
type ReportKind string

const (
	ReportProgress ReportKind = "progress"
	ReportFinal    ReportKind = "final"
)

// ReportKinds lists both kinds.
var ReportKinds = []ReportKind{ReportProgress, ReportFinal}

func (k ReportKind) Valid() bool { return slices.Contains(ReportKinds, k) }

// ReportStatus is where a report stands. "Overdue" is not a status: it is a
// due report whose due date has passed.
type ReportStatus string

const (
	ReportDue               ReportStatus = "due"
	ReportSubmitted         ReportStatus = "submitted"
	ReportAccepted          ReportStatus = "accepted"
	ReportRevisionRequested ReportStatus = "revision_requested"
)

// ReportStatuses lists every report status.
var ReportStatuses = []ReportStatus{ReportDue, ReportSubmitted, ReportAccepted, ReportRevisionRequested}

func (s ReportStatus) Valid() bool { return slices.Contains(ReportStatuses, s) }

// Report is a progress or final report, scheduled when the agreement is
// recorded.
type Report struct {
	ID            int64        `gorm:"column:id;primaryKey"`
	ProjectID     int64        `gorm:"column:project_id"`
	Kind          ReportKind   `gorm:"column:kind"`
	Seq           int          `gorm:"column:seq"` // 1, 2, … per project and kind
	PeriodStart   *Date        `gorm:"column:period_start"`
	PeriodEnd     *Date        `gorm:"column:period_end"`
	DueOn         Date         `gorm:"column:due_on"`
	Status        ReportStatus `gorm:"column:status"`
	Narrative     *string      `gorm:"column:narrative"`
	SubmittedAt   *time.Time   `gorm:"column:submitted_at"`
	ReviewedAt    *time.Time   `gorm:"column:reviewed_at"`
	ReviewedBy    *int64       `gorm:"column:reviewed_by"`
	ReviewComment *string      `gorm:"column:review_comment"`
	Version       int          `gorm:"column:version;default:1"` // optimistic lock
	CreatedAt     time.Time    `gorm:"column:created_at"`
	UpdatedAt     time.Time    `gorm:"column:updated_at"`
}

func (Report) TableName() string { return "reports" }

// ReportSpending is what a report says was spent in one budget category.
type ReportSpending struct {
	ReportID    int64          `gorm:"column:report_id;primaryKey"`
	Category    BudgetCategory `gorm:"column:category;primaryKey"`
	AmountMinor int64          `gorm:"column:amount_minor"`
}

func (ReportSpending) TableName() string { return "report_spending" }

// OutputKind is what a project produced.
type OutputKind string

const (
	OutputPublication   OutputKind = "publication"
	OutputTrainedPeople OutputKind = "trained_people"
	OutputEvent         OutputKind = "event"
	OutputPatent        OutputKind = "patent"
	OutputDataset       OutputKind = "dataset"
	OutputDeliverable   OutputKind = "deliverable"
)

// OutputKinds lists every output kind.
var OutputKinds = []OutputKind{
	OutputPublication, OutputTrainedPeople, OutputEvent, OutputPatent, OutputDataset, OutputDeliverable,
}

func (k OutputKind) Valid() bool { return slices.Contains(OutputKinds, k) }

// Output is a result a project reports. Which fields apply depends on Kind:
// DOI, venue and Coauthored for publications; career level, direction and
// PeopleCount for trained people.
type Output struct {
	ID        int64      `gorm:"column:id;primaryKey"`
	ProjectID int64      `gorm:"column:project_id"`
	ReportID  *int64     `gorm:"column:report_id"` // nil when entered outside a report
	Kind      OutputKind `gorm:"column:kind"`
	Title     string     `gorm:"column:title"`
	// DOI is normalised to lower case without a resolver prefix
	// ("10.1000/xyz"); a project lists each DOI once.
	DOI   *string `gorm:"column:doi"`
	Year  int     `gorm:"column:year"`
	Venue *string `gorm:"column:venue"`
	// Coauthored marks publications co-authored by the bureau's institutes
	// and Latin American partners (the study's Figures 4 and 5).
	Coauthored  bool         `gorm:"column:coauthored"`
	CareerLevel *CareerLevel `gorm:"column:career_level"`
	Direction   *Direction   `gorm:"column:direction"`
	PeopleCount *int         `gorm:"column:people_count"`
	Description *string      `gorm:"column:description"`
	URL         *string      `gorm:"column:url"`
	CreatedAt   time.Time    `gorm:"column:created_at"`
}

func (Output) TableName() string { return "outputs" }

// OutputCountry links an output to a country involved in it.
type OutputCountry struct {
	OutputID    int64  `gorm:"column:output_id;primaryKey"`
	CountryISO2 string `gorm:"column:country_iso2;primaryKey"`
}

func (OutputCountry) TableName() string { return "output_countries" }
