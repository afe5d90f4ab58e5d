package models

import (
	"slices"
	"time"
)

// Notification is an in-app message. It stores a message key and its
// arguments, not text, so it is shown in the reader's current language.
type Notification struct {
	ID         int64      `gorm:"column:id;primaryKey"`
	UserID     int64      `gorm:"column:user_id"`
	Kind       string     `gorm:"column:kind"`
	ProjectID  *int64     `gorm:"column:project_id"`
	MessageKey string     `gorm:"column:message_key"`
	Params     string     `gorm:"column:params;default:{}"` // JSON object
	CreatedAt  time.Time  `gorm:"column:created_at"`
	ReadAt     *time.Time `gorm:"column:read_at"`
}

func (Notification) TableName() string { return "notifications" }

// MailStatus is where an outgoing e-mail stands.
type MailStatus string

const (
	MailPending MailStatus = "pending"
	MailSending MailStatus = "sending" // claimed by a sender; pending again if it dies
	MailSent    MailStatus = "sent"
	MailFailed  MailStatus = "failed" // gave up after the last attempt
)

// MailStatuses lists every mail status.
var MailStatuses = []MailStatus{MailPending, MailSending, MailSent, MailFailed}

func (s MailStatus) Valid() bool { return slices.Contains(MailStatuses, s) }

// MailOutbox is an e-mail waiting to be sent, or the record of one sent.
// Requests only insert rows; a background sender delivers them with
// retries, so mail never blocks a request.
type MailOutbox struct {
	ID            int64      `gorm:"column:id;primaryKey"`
	ToAddress     string     `gorm:"column:to_address"`
	ToName        string     `gorm:"column:to_name"`
	Locale        string     `gorm:"column:locale"` // the language it was rendered in
	Subject       string     `gorm:"column:subject"`
	BodyText      string     `gorm:"column:body_text"`
	BodyHTML      string     `gorm:"column:body_html"`
	Status        MailStatus `gorm:"column:status;default:pending"`
	Attempts      int        `gorm:"column:attempts"`
	NextAttemptAt time.Time  `gorm:"column:next_attempt_at;autoCreateTime"`
	LastError     *string    `gorm:"column:last_error"`
	// DedupeKey makes enqueueing idempotent, e.g. "report-due-7:123" for the
	// seven-day reminder of report 123.
	DedupeKey *string    `gorm:"column:dedupe_key"`
	CreatedAt time.Time  `gorm:"column:created_at"`
	SentAt    *time.Time `gorm:"column:sent_at"`
}

func (MailOutbox) TableName() string { return "mail_outbox" }
