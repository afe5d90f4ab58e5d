package models

// Discipline is a field of the two-level OECD Fields of R&D taxonomy.
type Discipline struct {
	Code       string  `gorm:"column:code;primaryKey"` // '1', '1.6', '2.10'
	ParentCode *string `gorm:"column:parent_code"`     // nil exactly at level 1
	Level      int     `gorm:"column:level"`
	// Position sorts numerically ('2.10' after '2.9'), which the text code
	// cannot.
	Position int   `gorm:"column:position"`
	Name     Names `gorm:"embedded;embeddedPrefix:name_"`
}

func (Discipline) TableName() string { return "disciplines" }

// PriorityArea is a strategic theme with a target share of awarded funding.
type PriorityArea struct {
	ID            int64  `gorm:"column:id;primaryKey"`
	Slug          string `gorm:"column:slug"`
	Name          Names  `gorm:"embedded;embeddedPrefix:name_"`
	Description   Texts  `gorm:"embedded;embeddedPrefix:description_"`
	TargetShareBP int    `gorm:"column:target_share_bp"` // basis points: 2500 = 25 %
	Position      int    `gorm:"column:position"`
}

func (PriorityArea) TableName() string { return "priority_areas" }

// PriorityAreaDiscipline says a priority area covers a discipline.
type PriorityAreaDiscipline struct {
	PriorityAreaID int64  `gorm:"column:priority_area_id;primaryKey"`
	DisciplineCode string `gorm:"column:discipline_code;primaryKey"`
}

func (PriorityAreaDiscipline) TableName() string { return "priority_area_disciplines" }
