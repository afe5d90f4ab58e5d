package models

import (
	"slices"
	"time"
)

// InstitutionType classifies institutions for partner summaries.
type InstitutionType string

const (
	InstitutionUniversity                InstitutionType = "university"
	InstitutionResearchInstitute         InstitutionType = "research_institute"
	InstitutionGovernmentAgency          InstitutionType = "government_agency"
	InstitutionThinkTank                 InstitutionType = "think_tank"
	InstitutionCompany                   InstitutionType = "company"
	InstitutionInternationalOrganisation InstitutionType = "international_organisation"
	InstitutionAcademy                   InstitutionType = "academy"
)

// InstitutionTypes lists every institution type.
var InstitutionTypes = []InstitutionType{
	InstitutionUniversity, InstitutionResearchInstitute, InstitutionGovernmentAgency,
	InstitutionThinkTank, InstitutionCompany, InstitutionInternationalOrganisation,
	InstitutionAcademy,
}

func (t InstitutionType) Valid() bool { return slices.Contains(InstitutionTypes, t) }

// Institution is a university, institute, agency or company that takes part
// in projects, Latin American partners and the bureau's own institutes alike.
type Institution struct {
	ID           int64           `gorm:"column:id;primaryKey"`
	Name         string          `gorm:"column:name"`
	NameLocal    *string         `gorm:"column:name_local"`
	CountryISO2  string          `gorm:"column:country_iso2"`
	Type         InstitutionType `gorm:"column:type"`
	RORID        *string         `gorm:"column:ror_id"` // full https://ror.org/… address
	OwnInstitute bool            `gorm:"column:own_institute"`
	ParentID     *int64          `gorm:"column:parent_id"`
	CreatedAt    time.Time       `gorm:"column:created_at"`
}

func (Institution) TableName() string { return "institutions" }
