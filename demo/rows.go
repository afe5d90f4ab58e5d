package demo

import (
	"fmt"
	"strings"
)

// The generator builds rows in memory and the writers copy them out in
// bulk. Columns are listed in full, in the order below, so that every row
// is stored exactly as GORM would store it (no column left to a database
// default, which would differ between the dialects).
//
// Row values are int64, string, bool, time.Time (UTC), models.Date or nil;
// the dialect's writer converts dates.

type tableID int

const (
	tUsers tableID = iota
	tUserRoles
	tCalls
	tCallTypes
	tCallCountries
	tCallDisciplines
	tCriteria
	tProjects
	tTalent
	tJointLab
	tPlatform
	tResearch
	tTransfer
	tDialogue
	tProjectCountries
	tProjectDisciplines
	tProjectInstitutions
	tBudgetLines
	tAssignments
	tReviews
	tScores
	tDecisions
	tAgreements
	tTranches
	tReports
	tSpending
	tOutputs
	tOutputCountries
	tAudit
	tNotifications
	numTables
)

type tableDef struct {
	name     string
	cols     []string
	identity bool // has an id the generator assigns
}

// tables is in foreign-key order: writing them in this order never
// references a row not yet written.
var tables = [numTables]tableDef{
	tUsers:           {"users", cols("id email name password_hash email_verified_at institution_id country_iso2 career_level locale time_zone orcid totp_secret totp_enabled totp_last_step active calendar_token_hash created_at updated_at last_login_at"), true},
	tUserRoles:       {"user_roles", cols("user_id role granted_at"), false},
	tCalls:           {"calls", cols("id channel_id code title_en title_es title_pt title_zh body_en body_es body_pt body_zh opens_at closes_at time_zone budget_cap_minor currency min_reviews report_frequency_months status created_by created_at updated_at published_at version"), true},
	tCallTypes:       {"call_project_types", cols("call_id project_type"), false},
	tCallCountries:   {"call_countries", cols("call_id country_iso2"), false},
	tCallDisciplines: {"call_disciplines", cols("call_id discipline_code"), false},
	tCriteria:        {"rubric_criteria", cols("id call_id position name_en name_es name_pt name_zh guidance_en guidance_es guidance_pt guidance_zh weight"), true},
	tProjects: {"projects", cols("id code call_id channel_id type state version lang title_en title_es title_pt title_zh " +
		"summary_en summary_es summary_pt summary_zh pi_user_id officer_id host_institution_id priority_area_id " +
		"lead_country_iso2 primary_discipline_code currency requested_minor awarded_minor disbursed_minor year " +
		"planned_start planned_end actual_start actual_end submitted_at decided_at state_changed_at outcome_rating " +
		"closing_remarks created_at updated_at"), true},
	tTalent:              {"talent_exchange_details", cols("project_id career_level direction host_institution_id months stipend_minor"), false},
	tJointLab:            {"joint_lab_details", cols("project_id lab_name partner_institution_id co_directors facilities research_lines"), false},
	tPlatform:            {"platform_details", cols("project_id site_country_iso2 phase facilities international_org_status"), false},
	tResearch:            {"research_project_details", cols("project_id work_packages expected_outputs"), false},
	tTransfer:            {"technology_transfer_details", cols("project_id deliverables contract_value_minor delivery_milestones"), false},
	tDialogue:            {"dialogue_details", cols("project_id format participants starts_on ends_on"), false},
	tProjectCountries:    {"project_countries", cols("project_id country_iso2 lead"), false},
	tProjectDisciplines:  {"project_disciplines", cols("project_id discipline_code is_primary"), false},
	tProjectInstitutions: {"project_institutions", cols("project_id institution_id role"), false},
	tBudgetLines:         {"budget_lines", cols("id project_id category amount_minor note"), true},
	tAssignments:         {"review_assignments", cols("id project_id reviewer_id assigned_by assigned_at due_on status conflict_declared_at conflict_note reminded_at"), true},
	tReviews:             {"reviews", cols("id assignment_id recommendation comment_applicant comment_confidential weighted_score_centi submitted_at created_at updated_at"), true},
	tScores:              {"review_scores", cols("review_id criterion_id score"), false},
	tDecisions:           {"decisions", cols("id project_id decision director_id award_minor conditions comment decided_at"), true},
	tAgreements:          {"agreements", cols("id project_id signed_on starts_on ends_on conditions recorded_by created_at"), true},
	tTranches:            {"tranches", cols("id project_id agreement_id seq planned_on amount_minor status paid_on updated_at"), true},
	tReports:             {"reports", cols("id project_id kind seq period_start period_end due_on status narrative submitted_at reviewed_at reviewed_by review_comment version created_at updated_at"), true},
	tSpending:            {"report_spending", cols("report_id category amount_minor"), false},
	tOutputs:             {"outputs", cols("id project_id report_id kind title doi year venue coauthored career_level direction people_count description url created_at"), true},
	tOutputCountries:     {"output_countries", cols("output_id country_iso2"), false},
	tAudit:               {"audit_entries", cols("id at actor_id action entity entity_id project_id from_state to_state comment ip request_id meta"), true},
	tNotifications:       {"notifications", cols("id user_id kind project_id message_key params created_at read_at"), true},
}

func cols(s string) []string { return strings.Fields(s) }

// rowSet is one table's rows, flattened: row i is vals[i*w : (i+1)*w].
type rowSet struct{ vals []any }

func (rs *rowSet) len(t tableID) int { return len(rs.vals) / len(tables[t].cols) }

// batch holds the rows of a group of projects (or of the set-up: people
// and calls), table by table.
type batch struct {
	rows     [numTables]rowSet
	projects int
}

func (b *batch) add(t tableID, v ...any) {
	if len(v) != len(tables[t].cols) {
		panic(fmt.Sprintf("demo: %s row has %d values, want %d", tables[t].name, len(v), len(tables[t].cols)))
	}
	b.rows[t].vals = append(b.rows[t].vals, v...)
}

// reset empties b for reuse, keeping its capacity.
func (b *batch) reset() {
	for i := range b.rows {
		clear(b.rows[i].vals)
		b.rows[i].vals = b.rows[i].vals[:0]
	}
	b.projects = 0
}

// ids hands out primary keys above those already in the database.
type ids [numTables]int64

func (x *ids) next(t tableID) int64 {
	x[t]++
	return x[t]
}

// Nullable helpers: nil stands for SQL NULL.
func nullInt(v int64, ok bool) any {
	if !ok {
		return nil
	}
	return v
}

func nullStr(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func nullID(id int64) any { return nullInt(id, id != 0) }
