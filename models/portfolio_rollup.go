package models

import (
	"math"
	"strconv"

	"github.com/puente-science/puente/workflow"
)

// Roll-ups of the summary's groups into coarser ones, in Go over a few
// dozen groups (never over projects).

// rollCountries sums the lead-country groups by a key of the country;
// projects without a lead country go under "".
func (p *PortfolioSummary) rollCountries(key func(PortfolioCountry) string) SumsBy {
	byISO := make(map[string]PortfolioCountry, len(p.Countries))
	for _, c := range p.Countries {
		byISO[c.ISO2] = c
	}
	out := SumsBy{}
	for iso, s := range p.ByCountry {
		k := ""
		if c, ok := byISO[iso]; ok {
			k = key(c)
		}
		out.at(k).merge(s)
	}
	return out
}

// BySubregion groups by the lead country's subregion.
func (p *PortfolioSummary) BySubregion() SumsBy {
	return p.rollCountries(func(c PortfolioCountry) string { return c.Subregion })
}

// ByTier groups by the lead country's cooperation tier ("" for partner
// countries outside the region and projects without a lead country).
func (p *PortfolioSummary) ByTier() SumsBy {
	return p.rollCountries(func(c PortfolioCountry) string { return c.Tier })
}

// ByPriorityCountry groups into "yes" (the lead country is a priority
// country) and "no" (any other, or none).
func (p *PortfolioSummary) ByPriorityCountry() SumsBy {
	out := p.rollCountries(func(c PortfolioCountry) string {
		if c.Priority {
			return "yes"
		}
		return "no"
	})
	if s, ok := out[""]; ok {
		out.at("no").merge(s)
		delete(out, "")
	}
	return out
}

// ByField groups the primary disciplines by their field (level 1).
func (p *PortfolioSummary) ByField() SumsBy {
	parent := make(map[string]string, len(p.Disciplines))
	for _, d := range p.Disciplines {
		parent[d.Code] = d.Parent
	}
	out := SumsBy{}
	for code, s := range p.ByDiscipline {
		k := code
		if par := parent[code]; par != "" {
			k = par
		}
		out.at(k).merge(s)
	}
	return out
}

// ByStage sums the states into their stage groups.
func (p *PortfolioSummary) ByStage() SumsBy {
	out := SumsBy{}
	for st, years := range p.ByStateYear {
		for _, s := range years {
			out.at(string(workflow.StageOf(st))).merge(s)
		}
	}
	return out
}

// ByStageYear sums the states into stage groups per project year.
func (p *PortfolioSummary) ByStageYear() map[workflow.Stage]map[int]int64 {
	out := map[workflow.Stage]map[int]int64{}
	for st, years := range p.ByStateYear {
		g := workflow.StageOf(st)
		if out[g] == nil {
			out[g] = map[int]int64{}
		}
		for y, s := range years {
			out[g][y] += s.Count
		}
	}
	return out
}

// ByYear sums every state per project year.
func (p *PortfolioSummary) ByYear() map[int]*Sums {
	out := map[int]*Sums{}
	for _, years := range p.ByStateYear {
		for y, s := range years {
			if out[y] == nil {
				out[y] = newSums()
			}
			out[y].merge(s)
		}
	}
	return out
}

// StateCount is how many projects are in a state.
func (p *PortfolioSummary) StateCount(st workflow.State) int64 {
	var n int64
	for _, s := range p.ByStateYear[st] {
		n += s.Count
	}
	return n
}

// Approval is the approval rate: funded (approved and later) over decided
// (funded or rejected). Screened-out applications were never put to a
// decision and are left out. ok is false when nothing was decided.
func (p *PortfolioSummary) Approval() (funded, decided int64, rate float64, ok bool) {
	for _, st := range FundedStates {
		funded += p.StateCount(st)
	}
	decided = funded + p.StateCount(workflow.Rejected)
	if decided == 0 {
		return funded, 0, 0, false
	}
	return funded, decided, float64(funded) / float64(decided), true
}

// Share is a part of a whole in one currency.
type Share struct {
	Currency    string
	Part, Whole int64
}

// Ratio is Part/Whole, 0 for an empty whole.
func (s Share) Ratio() float64 {
	if s.Whole == 0 {
		return 0
	}
	return float64(s.Part) / float64(s.Whole)
}

// shares are the parts of the awarded total per currency.
func (p *PortfolioSummary) shares(part Amounts) []Share {
	var out []Share
	for _, cur := range p.Total.Awarded.Currencies() {
		out = append(out, Share{Currency: cur, Part: part[cur], Whole: p.Total.Awarded[cur]})
	}
	return out
}

// PriorityCountryShare is the share of awarded funding whose lead country
// is a priority country, per currency.
func (p *PortfolioSummary) PriorityCountryShare() []Share {
	yes := p.ByPriorityCountry()["yes"]
	if yes == nil {
		yes = newSums()
	}
	return p.shares(yes.Awarded)
}

// AreaShare is the share of awarded funding in a priority area.
func (p *PortfolioSummary) AreaShare(id int64) []Share {
	s := p.ByArea[strconv.FormatInt(id, 10)]
	if s == nil {
		s = newSums()
	}
	return p.shares(s.Awarded)
}

// StableShare is the share of awarded funding through channels marked
// stable multi-year (funding_channels.stable_multiyear): the strategy's
// "stable multi-year funding" is a property of the channel, not of one
// agreement's length.
func (p *PortfolioSummary) StableShare() []Share {
	part := Amounts{}
	for _, ch := range p.Channels {
		if !ch.Stable {
			continue
		}
		if s := p.ByChannel[strconv.FormatInt(ch.ID, 10)]; s != nil {
			for c, v := range s.Awarded {
				part.add(c, v)
			}
		}
	}
	return p.shares(part)
}

// Growth compares a series between two years: the increase (b−a)/a — the
// study's "6.2-fold increase" from 77 to 555 — and the compound annual
// growth rate (b/a)^(1/(yb−ya)) − 1. ok is false when either year has no
// value, the first value is not positive, or the years are not in order.
func Growth(ya int, a float64, yb int, b float64) (increase, cagr float64, ok bool) {
	if a <= 0 || b < 0 || yb <= ya {
		return 0, 0, false
	}
	return (b - a) / a, math.Pow(b/a, 1/float64(yb-ya)) - 1, true
}
