package models

import (
	"gorm.io/gorm"

	"github.com/puente-science/puente/workflow"
)

// NoneValue in a list filter asks for the projects that have no value
// there (no lead country, no primary discipline).
const NoneValue = "none"

// FundedStates are the states of an awarded project: approved and every
// state after it. A project is "decided" when it is funded or rejected.
var FundedStates = []workflow.State{workflow.Approved, workflow.Active, workflow.Suspended, workflow.Completed, workflow.Terminated}

// IsFunded reports whether a state is approved or later.
func IsFunded(s workflow.State) bool {
	for _, x := range FundedStates {
		if x == s {
			return true
		}
	}
	return false
}

// portfolioFilterWhere adds the filters the portfolio summaries link with.
// Each is on an indexed column of projects, a lookup in countries (a few
// dozen rows) or an EXISTS on a table keyed by the project.
func portfolioFilterWhere(q *gorm.DB, f ProjectFilter) *gorm.DB {
	switch f.LeadCountry {
	case "":
	case NoneValue:
		q = q.Where("p.lead_country_iso2 IS NULL")
	default:
		q = q.Where("p.lead_country_iso2 = ?", f.LeadCountry)
	}
	if f.Subregion != "" {
		q = q.Where("p.lead_country_iso2 IN (SELECT iso2 FROM countries WHERE subregion = ?)", f.Subregion)
	}
	if f.Tier != "" {
		q = q.Where("p.lead_country_iso2 IN (SELECT iso2 FROM countries WHERE tier = ?)", f.Tier)
	}
	switch f.LeadPriority {
	case "yes":
		q = q.Where("p.lead_country_iso2 IN (SELECT iso2 FROM countries WHERE priority = ?)", true)
	case "no": // projects without a lead country are not in a priority country either
		q = q.Where("(p.lead_country_iso2 IS NULL OR p.lead_country_iso2 IN (SELECT iso2 FROM countries WHERE priority = ?))", false)
	}
	switch f.PrimaryDiscipline {
	case "":
	case NoneValue:
		q = q.Where("p.primary_discipline_code IS NULL")
	default:
		q = q.Where(`(p.primary_discipline_code = ? OR p.primary_discipline_code LIKE ? ESCAPE '\')`,
			f.PrimaryDiscipline, escapeLike(f.PrimaryDiscipline)+".%")
	}
	if f.NoPriorityArea {
		q = q.Where("p.priority_area_id IS NULL")
	}
	if f.NoCall {
		q = q.Where("p.call_id IS NULL")
	}
	if f.Funded {
		q = q.Where("p.state IN ?", FundedStates)
	}
	if f.Submitted {
		q = q.Where("p.state <> ?", workflow.Draft)
	}
	if f.CareerLevel != "" || f.Direction != "" {
		cond, args := "t.project_id = p.id", []any{}
		if f.CareerLevel != "" {
			cond, args = cond+" AND t.career_level = ?", append(args, f.CareerLevel)
		}
		if f.Direction != "" {
			cond, args = cond+" AND t.direction = ?", append(args, f.Direction)
		}
		q = q.Where("EXISTS (SELECT 1 FROM talent_exchange_details t WHERE "+cond+")", args...)
	}
	if f.StartedYear > 0 {
		from, to := Date{Year: f.StartedYear, Month: 1, Day: 1}, Date{Year: f.StartedYear + 1, Month: 1, Day: 1}
		q = q.Where(`COALESCE(p.actual_start, (SELECT a.starts_on FROM agreements a WHERE a.project_id = p.id)) >= ?
			AND COALESCE(p.actual_start, (SELECT a.starts_on FROM agreements a WHERE a.project_id = p.id)) < ?`, from, to)
	}
	return q
}
