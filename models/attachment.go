package models

import (
	"slices"
	"time"
)

// AttachmentKind is what an uploaded file is for.
type AttachmentKind string

const (
	AttachmentCV       AttachmentKind = "cv"
	AttachmentProposal AttachmentKind = "proposal"
	AttachmentBudget   AttachmentKind = "budget"
	AttachmentLetter   AttachmentKind = "letter"
	AttachmentReport   AttachmentKind = "report"
	AttachmentOther    AttachmentKind = "other"
)

// AttachmentKinds lists every kind.
var AttachmentKinds = []AttachmentKind{
	AttachmentCV, AttachmentProposal, AttachmentBudget, AttachmentLetter, AttachmentReport, AttachmentOther,
}

func (k AttachmentKind) Valid() bool { return slices.Contains(AttachmentKinds, k) }

// Attachment is an uploaded file of a project or one of its reports. The
// bytes live in storage under StorageKey, a random name; Filename is only
// shown and offered on download.
type Attachment struct {
	ID          int64          `gorm:"column:id;primaryKey"`
	ProjectID   int64          `gorm:"column:project_id"`
	ReportID    *int64         `gorm:"column:report_id"`
	Kind        AttachmentKind `gorm:"column:kind"`
	Filename    string         `gorm:"column:filename"`
	StorageKey  string         `gorm:"column:storage_key"`
	ContentType string         `gorm:"column:content_type"` // sniffed, not the client's claim
	SizeBytes   int64          `gorm:"column:size_bytes"`
	SHA256      string         `gorm:"column:sha256"` // lower-case hex
	UploadedBy  int64          `gorm:"column:uploaded_by"`
	CreatedAt   time.Time      `gorm:"column:created_at"`
}

func (Attachment) TableName() string { return "attachments" }
