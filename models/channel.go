package models

import (
	"slices"
	"time"
)

// ChannelKind is the sort of funding a channel provides.
type ChannelKind string

const (
	ChannelTalentProgramme      ChannelKind = "talent_programme"
	ChannelBilateralFund        ChannelKind = "bilateral_fund"
	ChannelPlatformConstruction ChannelKind = "platform_construction"
	ChannelThematicFund         ChannelKind = "thematic_fund"
	ChannelOther                ChannelKind = "other"
)

// ChannelKinds lists every channel kind.
var ChannelKinds = []ChannelKind{
	ChannelTalentProgramme, ChannelBilateralFund, ChannelPlatformConstruction,
	ChannelThematicFund, ChannelOther,
}

func (k ChannelKind) Valid() bool { return slices.Contains(ChannelKinds, k) }

// FundingChannel is a source of money projects are funded through.
type FundingChannel struct {
	ID                int64       `gorm:"column:id;primaryKey"`
	Slug              string      `gorm:"column:slug"`
	Name              Names       `gorm:"embedded;embeddedPrefix:name_"`
	Sponsor           string      `gorm:"column:sponsor"`
	Kind              ChannelKind `gorm:"column:kind"`
	AnnualBudgetMinor int64       `gorm:"column:annual_budget_minor"`
	Currency          string      `gorm:"column:currency"`
	// StableMultiyear marks the long-term channels whose share the strategy
	// summary tracks.
	StableMultiyear bool      `gorm:"column:stable_multiyear"`
	Active          bool      `gorm:"column:active"` // set when creating: GORM writes false, not the default
	CreatedAt       time.Time `gorm:"column:created_at"`
}

func (FundingChannel) TableName() string { return "funding_channels" }

// ChannelProjectType says a channel funds a project type.
type ChannelProjectType struct {
	ChannelID   int64       `gorm:"column:channel_id;primaryKey"`
	ProjectType ProjectType `gorm:"column:project_type;primaryKey"`
}

func (ChannelProjectType) TableName() string { return "channel_project_types" }
