package models

import "time"

// AuditEntry is one line of the append-only audit log: triggers in both
// dialects refuse UPDATE and DELETE on audit_entries.
//
// ActorID is a foreign key with no ON DELETE action: SET NULL would have to
// update audit rows, which the triggers forbid, so a user who has acted can
// never be deleted, only deactivated, and the log always names a real
// person. ProjectID and EntityID are plain numbers, not foreign keys, so
// that the history of a deleted draft survives it.
type AuditEntry struct {
	ID        int64     `gorm:"column:id;primaryKey"`
	At        time.Time `gorm:"column:at;autoCreateTime"`
	ActorID   *int64    `gorm:"column:actor_id"` // nil for the system
	Action    string    `gorm:"column:action"`   // e.g. project.submit, auth.login
	Entity    string    `gorm:"column:entity"`   // e.g. project, user, report
	EntityID  *int64    `gorm:"column:entity_id"`
	ProjectID *int64    `gorm:"column:project_id"`
	FromState *string   `gorm:"column:from_state"`
	ToState   *string   `gorm:"column:to_state"`
	Comment   *string   `gorm:"column:comment"`
	IP        *string   `gorm:"column:ip"`
	RequestID *string   `gorm:"column:request_id"`
	Meta      *string   `gorm:"column:meta"` // JSON object
}

func (AuditEntry) TableName() string { return "audit_entries" }
