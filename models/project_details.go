package models

import "slices"

// Each project type keeps its own fields in a table keyed by project_id.
// A draft is created before its form is filled in, so the fields are
// optional in the database (text as '', the rest as NULL); whether they are
// complete is checked on submit, per type.

// TalentExchangeDetails describes a researcher exchange.
type TalentExchangeDetails struct {
	ProjectID         int64        `gorm:"column:project_id;primaryKey;autoIncrement:false"`
	CareerLevel       *CareerLevel `gorm:"column:career_level"`
	Direction         *Direction   `gorm:"column:direction"`
	HostInstitutionID *int64       `gorm:"column:host_institution_id"`
	Months            *int         `gorm:"column:months"` // 1–60
	StipendMinor      *int64       `gorm:"column:stipend_minor"`
}

func (TalentExchangeDetails) TableName() string { return "talent_exchange_details" }

// JointLabDetails describes a joint laboratory.
type JointLabDetails struct {
	ProjectID            int64  `gorm:"column:project_id;primaryKey;autoIncrement:false"`
	LabName              string `gorm:"column:lab_name"`
	PartnerInstitutionID *int64 `gorm:"column:partner_institution_id"`
	CoDirectors          string `gorm:"column:co_directors"`
	Facilities           string `gorm:"column:facilities"`
	ResearchLines        string `gorm:"column:research_lines"`
}

func (JointLabDetails) TableName() string { return "joint_lab_details" }

// PlatformDetails describes an overseas platform such as an observatory.
type PlatformDetails struct {
	ProjectID       int64   `gorm:"column:project_id;primaryKey;autoIncrement:false"`
	SiteCountryISO2 *string `gorm:"column:site_country_iso2"`
	Phase           *int    `gorm:"column:phase"` // 1, 2, …
	Facilities      string  `gorm:"column:facilities"`
	// InternationalOrgStatus marks platforms recognised as international
	// organisations.
	InternationalOrgStatus bool `gorm:"column:international_org_status"`
}

func (PlatformDetails) TableName() string { return "platform_details" }

// ResearchProjectDetails describes a cooperative research project.
type ResearchProjectDetails struct {
	ProjectID       int64  `gorm:"column:project_id;primaryKey;autoIncrement:false"`
	WorkPackages    string `gorm:"column:work_packages"`
	ExpectedOutputs string `gorm:"column:expected_outputs"`
}

func (ResearchProjectDetails) TableName() string { return "research_project_details" }

// TechnologyTransferDetails describes a delivery of technology.
type TechnologyTransferDetails struct {
	ProjectID          int64  `gorm:"column:project_id;primaryKey;autoIncrement:false"`
	Deliverables       string `gorm:"column:deliverables"`
	ContractValueMinor *int64 `gorm:"column:contract_value_minor"` // in the project's currency
	DeliveryMilestones string `gorm:"column:delivery_milestones"`
}

func (TechnologyTransferDetails) TableName() string { return "technology_transfer_details" }

// DialogueFormat is the kind of meeting a dialogue project holds.
type DialogueFormat string

const (
	FormatConference      DialogueFormat = "conference"
	FormatWorkshop        DialogueFormat = "workshop"
	FormatRoundtable      DialogueFormat = "roundtable"
	FormatTraining        DialogueFormat = "training"
	FormatDelegationVisit DialogueFormat = "delegation_visit"
)

// DialogueFormats lists every format.
var DialogueFormats = []DialogueFormat{
	FormatConference, FormatWorkshop, FormatRoundtable, FormatTraining, FormatDelegationVisit,
}

func (f DialogueFormat) Valid() bool { return slices.Contains(DialogueFormats, f) }

// DialogueDetails describes a think-tank dialogue or training event.
type DialogueDetails struct {
	ProjectID    int64           `gorm:"column:project_id;primaryKey;autoIncrement:false"`
	Format       *DialogueFormat `gorm:"column:format"`
	Participants string          `gorm:"column:participants"` // by country, free text
	StartsOn     *Date           `gorm:"column:starts_on"`
	EndsOn       *Date           `gorm:"column:ends_on"`
}

func (DialogueDetails) TableName() string { return "dialogue_details" }
