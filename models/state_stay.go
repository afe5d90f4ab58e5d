package models

import "time"

// StateStayRow is one stay of a project in a workflow state, written by a
// trigger on audit_entries (migration 00008): entered when an audit entry
// moved the project into State, left when the next one moved it on.
// Tenths is the stay's length in tenths of a day, set when it ends. The
// application only reads it.
type StateStayRow struct {
	ID        int64      `gorm:"column:id;primaryKey"`
	ProjectID int64      `gorm:"column:project_id"`
	State     string     `gorm:"column:state"`
	EnteredAt time.Time  `gorm:"column:entered_at"`
	LeftAt    *time.Time `gorm:"column:left_at"`
	Tenths    *int64     `gorm:"column:tenths"`
}

func (StateStayRow) TableName() string { return "state_stays" }
