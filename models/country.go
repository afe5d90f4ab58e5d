package models

import (
	"slices"
	"time"
)

// Subregion groups countries on maps and in summaries.
type Subregion string

const (
	SubregionSouthAmerica   Subregion = "south_america"
	SubregionCentralAmerica Subregion = "central_america"
	SubregionCaribbean      Subregion = "caribbean"
	SubregionNorthAmerica   Subregion = "north_america"
	SubregionEastAsia       Subregion = "east_asia" // partner countries such as China
)

// Subregions lists the subregions, Latin America and the Caribbean first.
var Subregions = []Subregion{
	SubregionSouthAmerica, SubregionCentralAmerica, SubregionCaribbean,
	SubregionNorthAmerica, SubregionEastAsia,
}

func (s Subregion) Valid() bool { return slices.Contains(Subregions, s) }

// Tier is the bureau's cooperation strategy for a country.
type Tier string

const (
	TierEstablished Tier = "established" // bilateral mechanisms exist: deepen them
	TierDeveloping  Tier = "developing"
	TierExploratory Tier = "exploratory" // weak foundations: explore channels, favour exchanges
)

// Tiers lists the tiers from strongest to weakest ties.
var Tiers = []Tier{TierEstablished, TierDeveloping, TierExploratory}

func (t Tier) Valid() bool { return slices.Contains(Tiers, t) }

// Country is a country or territory, keyed by ISO 3166-1 alpha-2.
type Country struct {
	ISO2      string    `gorm:"column:iso2;primaryKey"`
	ISO3      string    `gorm:"column:iso3"`
	Name      Names     `gorm:"embedded;embeddedPrefix:name_"`
	LAC       bool      `gorm:"column:lac"` // false for partner countries such as China
	Subregion Subregion `gorm:"column:subregion"`
	Sovereign bool      `gorm:"column:sovereign"`
	// AdministeringISO2 names the state a territory belongs to. It is not a
	// foreign key: those states (GB, FR, NL, US) are not in the table.
	AdministeringISO2 *string   `gorm:"column:administering_iso2"`
	PRCRelationsSince *int      `gorm:"column:prc_relations_since"` // year; nil: no relations
	Tier              *Tier     `gorm:"column:tier"`                // nil for partner countries outside the region
	Priority          bool      `gorm:"column:priority"`
	UpdatedAt         time.Time `gorm:"column:updated_at"`
}

func (Country) TableName() string { return "countries" }

// Indicator is a measure countries are compared by. Its name is the message
// key "indicator.<code>".
type Indicator struct {
	Code       string `gorm:"column:code;primaryKey"` // e.g. SP.POP.TOTL
	Unit       string `gorm:"column:unit"`            // e.g. people, USD, percent
	SourceKind string `gorm:"column:source_kind"`
}

func (Indicator) TableName() string { return "indicators" }

// CountryIndicator is one yearly value of an indicator.
type CountryIndicator struct {
	ID            int64   `gorm:"column:id;primaryKey"`
	CountryISO2   *string `gorm:"column:country_iso2"` // nil: Latin America and the Caribbean as a whole
	IndicatorCode string  `gorm:"column:indicator_code"`
	Year          int     `gorm:"column:year"`
	Value         float64 `gorm:"column:value"`
	Source        string  `gorm:"column:source"`
	Note          *string `gorm:"column:note"`
}

func (CountryIndicator) TableName() string { return "country_indicators" }
