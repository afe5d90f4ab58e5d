package pages

import (
	"context"
	"strings"

	"github.com/puente-science/puente/i18n"
	"github.com/puente-science/puente/views/components"
)

// portfolioFilterSummary names the active filters in words, for print
// (where the form is hidden).
func portfolioFilterSummary(ctx context.Context, v PortfolioView) string {
	var parts []string
	if v.From != "" || v.To != "" {
		parts = append(parts, i18n.T(ctx, "portfolio.filters.years", "from", dash(v.From), "to", dash(v.To)))
	}
	for _, o := range v.ChannelOpts {
		if o.Value == v.Channel {
			parts = append(parts, o.Label)
		}
	}
	for _, o := range v.TypeOpts {
		if o.Value == v.Type {
			parts = append(parts, o.Label)
		}
	}
	return i18n.T(ctx, "portfolio.filters.active", "filters", strings.Join(parts, " · "))
}

func dash(s string) string {
	if s == "" {
		return "…"
	}
	return s
}

// panelChart: the panel's card shows the title as its heading.
func panelChart(c components.BarChart) components.BarChart {
	c.TableElsewhere, c.CaptionHidden = true, true
	return c
}

func hasChildren(rows []PortfolioRow) bool {
	for _, r := range rows {
		if len(r.Children) > 0 {
			return true
		}
	}
	return false
}
