package models

import (
	"slices"
	"time"
)

// CallStatus is where a call is in its life; whether it is open right now
// also depends on opens_at and closes_at.
type CallStatus string

const (
	CallDraft     CallStatus = "draft"
	CallPublished CallStatus = "published"
	CallClosed    CallStatus = "closed"
)

// CallStatuses lists every call status.
var CallStatuses = []CallStatus{CallDraft, CallPublished, CallClosed}

func (s CallStatus) Valid() bool { return slices.Contains(CallStatuses, s) }

// ReportFrequencies are the allowed reporting intervals, in months.
var ReportFrequencies = []int{3, 6, 12}

// Call is an invitation to apply under a funding channel.
type Call struct {
	ID        int64     `gorm:"column:id;primaryKey"`
	ChannelID int64     `gorm:"column:channel_id"`
	Code      string    `gorm:"column:code"` // e.g. PIFI-2025-1
	Title     Texts     `gorm:"embedded;embeddedPrefix:title_"`
	Body      Texts     `gorm:"embedded;embeddedPrefix:body_"`
	OpensAt   time.Time `gorm:"column:opens_at"`
	ClosesAt  time.Time `gorm:"column:closes_at"`
	// TimeZone is the IANA zone the deadline is announced in; OpensAt and
	// ClosesAt are stored in UTC.
	TimeZone              string     `gorm:"column:time_zone"`
	BudgetCapMinor        int64      `gorm:"column:budget_cap_minor"` // per project
	Currency              string     `gorm:"column:currency"`
	MinReviews            int        `gorm:"column:min_reviews"`
	ReportFrequencyMonths int        `gorm:"column:report_frequency_months"`
	Status                CallStatus `gorm:"column:status"`
	CreatedBy             int64      `gorm:"column:created_by"`
	CreatedAt             time.Time  `gorm:"column:created_at"`
	UpdatedAt             time.Time  `gorm:"column:updated_at"`
	PublishedAt           *time.Time `gorm:"column:published_at"`
	Version               int        `gorm:"column:version;default:1"` // optimistic lock
}

func (Call) TableName() string { return "calls" }

// CallProjectType makes a project type eligible under a call.
type CallProjectType struct {
	CallID      int64       `gorm:"column:call_id;primaryKey"`
	ProjectType ProjectType `gorm:"column:project_type;primaryKey"`
}

func (CallProjectType) TableName() string { return "call_project_types" }

// CallCountry highlights a country in a call.
type CallCountry struct {
	CallID      int64  `gorm:"column:call_id;primaryKey"`
	CountryISO2 string `gorm:"column:country_iso2;primaryKey"`
}

func (CallCountry) TableName() string { return "call_countries" }

// CallDiscipline highlights a discipline in a call.
type CallDiscipline struct {
	CallID         int64  `gorm:"column:call_id;primaryKey"`
	DisciplineCode string `gorm:"column:discipline_code;primaryKey"`
}

func (CallDiscipline) TableName() string { return "call_disciplines" }

// RubricCriterion is one line of a call's review rubric.
type RubricCriterion struct {
	ID       int64 `gorm:"column:id;primaryKey"`
	CallID   int64 `gorm:"column:call_id"`
	Position int   `gorm:"column:position"`
	Name     Texts `gorm:"embedded;embeddedPrefix:name_"`
	Guidance Texts `gorm:"embedded;embeddedPrefix:guidance_"`
	Weight   int   `gorm:"column:weight"` // relative; the weighted score divides by the sum
}

func (RubricCriterion) TableName() string { return "rubric_criteria" }
