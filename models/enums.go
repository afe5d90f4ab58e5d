package models

import "slices"

// Enumerations shared by several tables. Every value here is mirrored by a
// CHECK constraint in both dialects' migrations; schema_test proves they
// agree, so add a value in both places at once.

// Languages lists the languages a user may choose and a text may be written
// in (users.locale, projects.lang, mail_outbox.locale), fallback first.
var Languages = []string{"en", "es", "pt", "zh"}

// ProjectType is the kind of cooperation a project is; each has its own
// details table.
type ProjectType string

const (
	TypeTalentExchange     ProjectType = "talent_exchange"
	TypeJointLab           ProjectType = "joint_lab"
	TypePlatform           ProjectType = "platform"
	TypeResearchProject    ProjectType = "research_project"
	TypeTechnologyTransfer ProjectType = "technology_transfer"
	TypeDialogue           ProjectType = "dialogue"
)

// ProjectTypes lists the project types in display order.
var ProjectTypes = []ProjectType{
	TypeTalentExchange, TypeJointLab, TypePlatform,
	TypeResearchProject, TypeTechnologyTransfer, TypeDialogue,
}

func (t ProjectType) Valid() bool { return slices.Contains(ProjectTypes, t) }

// CareerLevel is the career stage talent exchanges and trained people are
// counted by.
type CareerLevel string

const (
	CareerStudentOrYoungResearcher CareerLevel = "student_or_young_researcher"
	CareerSeniorScientist          CareerLevel = "senior_scientist"
	CareerResearchManagerOfficial  CareerLevel = "research_manager_official"
)

// CareerLevels lists the career levels from junior to senior.
var CareerLevels = []CareerLevel{
	CareerStudentOrYoungResearcher, CareerSeniorScientist, CareerResearchManagerOfficial,
}

func (c CareerLevel) Valid() bool { return slices.Contains(CareerLevels, c) }

// Direction is which way a person travels in an exchange.
type Direction string

const (
	DirectionToChina        Direction = "to_china"
	DirectionToLatinAmerica Direction = "to_latin_america"
)

// Directions lists both directions.
var Directions = []Direction{DirectionToChina, DirectionToLatinAmerica}

func (d Direction) Valid() bool { return slices.Contains(Directions, d) }

// BudgetCategory groups requested budget lines and reported spending.
type BudgetCategory string

const (
	BudgetTravel      BudgetCategory = "travel"
	BudgetStipends    BudgetCategory = "stipends"
	BudgetEquipment   BudgetCategory = "equipment"
	BudgetConsumables BudgetCategory = "consumables"
	BudgetEvents      BudgetCategory = "events"
	BudgetOther       BudgetCategory = "other"
)

// BudgetCategories lists the categories in form order.
var BudgetCategories = []BudgetCategory{
	BudgetTravel, BudgetStipends, BudgetEquipment, BudgetConsumables, BudgetEvents, BudgetOther,
}

func (c BudgetCategory) Valid() bool { return slices.Contains(BudgetCategories, c) }
