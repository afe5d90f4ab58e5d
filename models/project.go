package models

import (
	"slices"
	"time"

	"github.com/puente-science/puente/workflow"
)

// Project is one record from first draft to closeout; an application is a
// project in its proposal stage.
type Project struct {
	ID        int64          `gorm:"column:id;primaryKey"`
	Code      string         `gorm:"column:code"`    // e.g. PU-2024-00017
	CallID    *int64         `gorm:"column:call_id"` // nil for initiatives that predate calls
	ChannelID int64          `gorm:"column:channel_id"`
	Type      ProjectType    `gorm:"column:type"`
	State     workflow.State `gorm:"column:state"`
	// Version is bumped by every update; an update that matches no row
	// because the version moved on is reported as ErrConflict.
	Version int `gorm:"column:version;default:1"`
	// ReviewRound is the round of review under way: resubmit starts the
	// next one, so reviewers may be assigned again.
	ReviewRound int    `gorm:"column:review_round;default:1"`
	Lang        string `gorm:"column:lang"` // language the applicant wrote in
	Title       Texts  `gorm:"embedded;embeddedPrefix:title_"`
	Summary     Texts  `gorm:"embedded;embeddedPrefix:summary_"`

	PIUserID          int64  `gorm:"column:pi_user_id"`
	OfficerID         *int64 `gorm:"column:officer_id"`
	HostInstitutionID *int64 `gorm:"column:host_institution_id"`
	PriorityAreaID    *int64 `gorm:"column:priority_area_id"`
	// LeadCountryISO2 and PrimaryDisciplineCode copy the lead row of
	// project_countries and the primary row of project_disciplines, so lists
	// and summaries filter and group without a join. Write both together.
	LeadCountryISO2       *string `gorm:"column:lead_country_iso2"`
	PrimaryDisciplineCode *string `gorm:"column:primary_discipline_code"`

	// Money in minor units of Currency. RequestedMinor is the sum of the
	// budget lines and DisbursedMinor the sum of paid tranches: the code that
	// writes those rows updates them in the same transaction.
	Currency       string `gorm:"column:currency"`
	RequestedMinor int64  `gorm:"column:requested_minor"`
	AwardedMinor   *int64 `gorm:"column:awarded_minor"`
	DisbursedMinor int64  `gorm:"column:disbursed_minor"`

	// Year is the portfolio year: the submission year, or the start year of
	// projects older than Puente.
	Year         int   `gorm:"column:year"`
	PlannedStart *Date `gorm:"column:planned_start"`
	PlannedEnd   *Date `gorm:"column:planned_end"`
	ActualStart  *Date `gorm:"column:actual_start"`
	ActualEnd    *Date `gorm:"column:actual_end"`

	SubmittedAt    *time.Time `gorm:"column:submitted_at"`
	DecidedAt      *time.Time `gorm:"column:decided_at"`
	StateChangedAt time.Time  `gorm:"column:state_changed_at;autoCreateTime"`
	OutcomeRating  *int       `gorm:"column:outcome_rating"` // 1–5, set at closeout
	ClosingRemarks *string    `gorm:"column:closing_remarks"`
	CreatedAt      time.Time  `gorm:"column:created_at"`
	UpdatedAt      time.Time  `gorm:"column:updated_at"`
}

func (Project) TableName() string { return "projects" }

// ProjectCountry links a project to a country it serves; exactly one per
// project is the lead (a partial unique index allows at most one).
type ProjectCountry struct {
	ProjectID   int64  `gorm:"column:project_id;primaryKey"`
	CountryISO2 string `gorm:"column:country_iso2;primaryKey"`
	Lead        bool   `gorm:"column:lead"`
}

func (ProjectCountry) TableName() string { return "project_countries" }

// ProjectDiscipline links a project to a discipline; at most one is primary.
type ProjectDiscipline struct {
	ProjectID      int64  `gorm:"column:project_id;primaryKey"`
	DisciplineCode string `gorm:"column:discipline_code;primaryKey"`
	IsPrimary      bool   `gorm:"column:is_primary"`
}

func (ProjectDiscipline) TableName() string { return "project_disciplines" }

// InstitutionRole is the part an institution plays in a project.
type InstitutionRole string

const (
	InstitutionRolePartner InstitutionRole = "partner"
	InstitutionRoleHost    InstitutionRole = "host"
)

// InstitutionRoles lists both roles.
var InstitutionRoles = []InstitutionRole{InstitutionRolePartner, InstitutionRoleHost}

func (r InstitutionRole) Valid() bool { return slices.Contains(InstitutionRoles, r) }

// ProjectInstitution links a project to a partner or host institution.
type ProjectInstitution struct {
	ProjectID     int64           `gorm:"column:project_id;primaryKey"`
	InstitutionID int64           `gorm:"column:institution_id;primaryKey"`
	Role          InstitutionRole `gorm:"column:role"`
}

func (ProjectInstitution) TableName() string { return "project_institutions" }

// BudgetLine is the amount requested in one category; one line per category.
type BudgetLine struct {
	ID          int64          `gorm:"column:id;primaryKey"`
	ProjectID   int64          `gorm:"column:project_id"`
	Category    BudgetCategory `gorm:"column:category"`
	AmountMinor int64          `gorm:"column:amount_minor"`
	Note        *string        `gorm:"column:note"`
}

func (BudgetLine) TableName() string { return "budget_lines" }
