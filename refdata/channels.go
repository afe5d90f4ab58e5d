package refdata

import (
	"fmt"

	"gorm.io/gorm"

	"github.com/puente-science/puente/models"
)

// channel is one entry of funding_channels.json. The budget is written in
// whole yuan there because that is how budgets are announced; the table
// stores minor units (fen).
type channel struct {
	Slug             string               `json:"slug"`
	Name             map[string]string    `json:"name"`
	Sponsor          string               `json:"sponsor"`
	Kind             models.ChannelKind   `json:"kind"`
	AnnualBudgetYuan int64                `json:"annual_budget_yuan"`
	Currency         string               `json:"currency"`
	StableMultiyear  bool                 `json:"stable_multiyear"`
	ProjectTypes     []models.ProjectType `json:"project_types"`
}

func parseChannels() ([]channel, error) {
	var out []channel
	if err := readJSON("funding_channels.json", &out); err != nil {
		return nil, err
	}
	for _, c := range out {
		if !c.Kind.Valid() {
			return nil, fmt.Errorf("refdata: channel %q: unknown kind %q", c.Slug, c.Kind)
		}
		// Minor units are hundredths only for currencies like CNY; another
		// currency would need its own exponent.
		if c.Currency != "CNY" {
			return nil, fmt.Errorf("refdata: channel %q: currency %q, want CNY", c.Slug, c.Currency)
		}
		for _, t := range c.ProjectTypes {
			if !t.Valid() {
				return nil, fmt.Errorf("refdata: channel %q: unknown project type %q", c.Slug, t)
			}
		}
	}
	return out, nil
}

func seedChannels(tx *gorm.DB, d *data, res *Result) error {
	rows := make([]models.FundingChannel, len(d.channels))
	slugs := make([]string, len(d.channels))
	for i, c := range d.channels {
		n, err := namesFrom(c.Name)
		if err != nil {
			return fmt.Errorf("refdata: channel %q: %w", c.Slug, err)
		}
		rows[i] = models.FundingChannel{
			Slug: c.Slug, Name: n, Sponsor: c.Sponsor, Kind: c.Kind,
			AnnualBudgetMinor: c.AnnualBudgetYuan * 100, Currency: c.Currency,
			StableMultiyear: c.StableMultiyear, Active: true,
		}
		slugs[i] = c.Slug
	}
	if err := upsertOn(tx, &rows, "slug").Error; err != nil {
		return fmt.Errorf("refdata: unable to save funding channels: %w", err)
	}
	ids, err := idsBy(tx, "funding_channels", "slug", slugs)
	if err != nil {
		return err
	}
	// Replaced rather than merged, like the areas' disciplines: a type
	// dropped from the file stops being fundable by the channel.
	channelIDs := make([]int64, 0, len(ids))
	var types []models.ChannelProjectType
	for _, c := range d.channels {
		channelIDs = append(channelIDs, ids[c.Slug])
		for _, t := range c.ProjectTypes {
			types = append(types, models.ChannelProjectType{ChannelID: ids[c.Slug], ProjectType: t})
		}
	}
	if err := tx.Where("channel_id IN ?", channelIDs).Delete(&models.ChannelProjectType{}).Error; err != nil {
		return fmt.Errorf("refdata: unable to clear channel project types: %w", err)
	}
	if len(types) > 0 {
		if err := tx.Create(&types).Error; err != nil {
			return fmt.Errorf("refdata: unable to save channel project types: %w", err)
		}
	}
	res.Channels, res.ChannelProjectTypes = len(rows), len(types)
	return nil
}
