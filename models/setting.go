package models

// Setting is one named value admins may change without a release.
type Setting struct {
	Key   string `gorm:"column:key;primaryKey"`
	Value string `gorm:"column:value"`
}

func (Setting) TableName() string { return "settings" }

// SettingPriorityCountriesTargetBP is the target share, in basis points, of
// awarded funding that should go to priority countries together.
const SettingPriorityCountriesTargetBP = "priority_countries_target_bp"
