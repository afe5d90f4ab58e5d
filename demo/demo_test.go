package demo

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/puente-science/puente/auth"
	"github.com/puente-science/puente/models"
	"github.com/puente-science/puente/refdata"
	"github.com/puente-science/puente/testdb"
	"github.com/puente-science/puente/workflow"
)

// testNow is the reference time of every test portfolio.
var testNow = time.Date(2026, 5, 15, 8, 30, 0, 0, time.UTC)

func seeded(t testing.TB, s *models.Store) *models.Store {
	t.Helper()
	if _, err := refdata.Seed(context.Background(), s); err != nil {
		t.Fatalf("refdata.Seed: %v", err)
	}
	return s
}

func TestGenerate(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		seeded(t, s)
		res, err := Generate(ctx, s, Options{Projects: 1000, Seed: 2016, Now: testNow})
		if err != nil {
			t.Fatal(err)
		}
		if res.Projects != 1000+len(initiatives) {
			t.Errorf("Projects = %d, want %d", res.Projects, 1000+len(initiatives))
		}
		checkAccounts(t, s, res.Accounts)
		checkStates(t, s)
		checkInitiatives(t, s)
		for name, q := range consistencyQueries {
			var bad []string
			if err := s.DB().Raw(q).Scan(&bad).Error; err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if len(bad) > 0 {
				t.Errorf("%s: %d projects, e.g. %v", name, len(bad), bad[:min(5, len(bad))])
			}
		}

		before := counts(t, s)
		_, err = Generate(ctx, s, Options{Projects: 1000, Seed: 2016, Now: testNow})
		if !errors.Is(err, ErrSeedLoaded) {
			t.Errorf("second run with the same seed: err = %v, want ErrSeedLoaded", err)
		}
		if after := counts(t, s); after != before {
			t.Errorf("second run changed the row counts: %v → %v", before, after)
		}
		res, err = Generate(ctx, s, Options{Projects: 20, Seed: 7, Now: testNow})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Accounts) != 0 || res.Projects != 20 {
			t.Errorf("another seed: %d accounts, %d projects; want no accounts (they exist) and 20 projects",
				len(res.Accounts), res.Projects)
		}
	})
}

// TestGenerateAllOrNothing interrupts a load halfway: nothing may remain,
// least of all demo accounts whose passwords were never shown.
func TestGenerateAllOrNothing(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		seeded(t, s)
		before := counts(t, s)
		ctx, cancel := context.WithTimeout(context.Background(), 700*time.Millisecond)
		defer cancel()
		_, err := Generate(ctx, s, Options{Projects: 50_000, Seed: 1, Now: testNow})
		if err == nil {
			t.Fatal("a load cut short reported success")
		}
		if after := counts(t, s); after != before {
			t.Errorf("an interrupted load left rows behind: %v → %v", before, after)
		}
	})
}

func checkAccounts(t *testing.T, s *models.Store, accounts []Account) {
	t.Helper()
	var roles []string
	for _, a := range accounts {
		roles = append(roles, a.Role)
		var u models.User
		if err := s.DB().Where("email = ?", a.Email).Take(&u).Error; err != nil {
			t.Fatalf("account %s: %v", a.Email, err)
		}
		if u.PasswordHash == nil || u.EmailVerifiedAt == nil || !u.Active {
			t.Errorf("account %s: hash %v, verified %v, active %v", a.Email, u.PasswordHash != nil, u.EmailVerifiedAt, u.Active)
			continue
		}
		if _, err := auth.CheckPassword(a.Password, *u.PasswordHash); err != nil {
			t.Errorf("account %s: the returned password does not match: %v", a.Email, err)
		}
		var n int64
		s.DB().Model(&models.UserRole{}).Where("user_id = ? AND role = ?", u.ID, a.Role).Count(&n)
		if n != 1 {
			t.Errorf("account %s lacks its role %s", a.Email, a.Role)
		}
	}
	slices.Sort(roles)
	if want := []string{"admin", "applicant", "director", "officer", "reviewer"}; !slices.Equal(roles, want) {
		t.Errorf("account roles = %v, want %v", roles, want)
	}
}

func checkStates(t *testing.T, s *models.Store) {
	t.Helper()
	var rows []struct {
		State string
		N     int
	}
	s.DB().Raw("SELECT state, COUNT(*) AS n FROM projects WHERE code LIKE 'DEMO-2016-%' GROUP BY state").Scan(&rows)
	seen := map[string]int{}
	for _, r := range rows {
		seen[r.State] = r.N
	}
	for _, st := range workflow.States {
		if seen[string(st)] == 0 {
			t.Errorf("no project in state %s", st)
		}
	}
	var br, all int64
	s.DB().Model(&models.Project{}).Where("code LIKE 'DEMO-2016-%'").Count(&all)
	s.DB().Model(&models.Project{}).Where("code LIKE 'DEMO-2016-%' AND lead_country_iso2 = 'BR'").Count(&br)
	if share := float64(br) / float64(all); share < 0.4 || share > 0.6 {
		t.Errorf("Brazil leads %.0f %% of the projects, want 40–60 %%", 100*share)
	}
	var open int64
	s.DB().Model(&models.Call{}).Where("code LIKE 'DEMO-2016-%' AND status = 'published' AND opens_at <= ? AND closes_at > ?",
		testNow, testNow).Count(&open)
	if open < 3 || open > 5 {
		t.Errorf("%d calls open at Now, want 3–5", open)
	}
}

func checkInitiatives(t *testing.T, s *models.Store) {
	t.Helper()
	want := map[string]workflow.State{"CAS-CASSACA-2013": workflow.Active, "CAS-SASWL-2014": workflow.Active,
		"CAS-JMSEL-2016": workflow.Active, "CAS-SIRIUS-LINAC-2013": workflow.Completed}
	for code, st := range want {
		var p models.Project
		if err := s.DB().Where("code = ?", code).Take(&p).Error; err != nil {
			t.Errorf("initiative %s: %v", code, err)
			continue
		}
		if p.State != st {
			t.Errorf("initiative %s is %s, want %s", code, p.State, st)
		}
	}
	var platform models.PlatformDetails
	s.DB().Raw("SELECT d.* FROM platform_details d JOIN projects p ON p.id = d.project_id WHERE p.code = 'CAS-SASWL-2014'").Scan(&platform)
	if platform.Phase == nil || *platform.Phase != 2 {
		t.Errorf("space weather laboratory phase = %v, want 2", platform.Phase)
	}
	// The study's 65 SCI papers of the Astronomical Center, co-authored
	// with Chile; the linac's reports account for its whole award, which
	// was all paid; no initiative spends more than it was paid.
	var papers int64
	s.DB().Raw(`SELECT COUNT(*) FROM outputs o JOIN projects p ON p.id = o.project_id
		WHERE p.code = 'CAS-CASSACA-2013' AND o.kind = 'publication' AND o.coauthored`).Scan(&papers)
	if papers != 65 {
		t.Errorf("astronomical center: %d co-authored papers, want 65", papers)
	}
	var linac struct{ Awarded, Disbursed, Spent int64 }
	s.DB().Raw(`SELECT p.awarded_minor AS awarded, p.disbursed_minor AS disbursed,
		(SELECT SUM(x.amount_minor) FROM report_spending x JOIN reports r ON r.id = x.report_id WHERE r.project_id = p.id) AS spent
		FROM projects p WHERE p.code = 'CAS-SIRIUS-LINAC-2013'`).Scan(&linac)
	if linac.Spent != linac.Awarded || linac.Disbursed != linac.Awarded {
		t.Errorf("linac: awarded %d, disbursed %d, reported spent %d", linac.Awarded, linac.Disbursed, linac.Spent)
	}
	var overspent []string
	s.DB().Raw(`SELECT p.code FROM projects p WHERE p.code LIKE 'CAS-%' AND p.disbursed_minor <
		(SELECT COALESCE(SUM(x.amount_minor), 0) FROM report_spending x JOIN reports r ON r.id = x.report_id WHERE r.project_id = p.id)`).
		Scan(&overspent)
	if len(overspent) > 0 {
		t.Errorf("initiatives reporting more spending than was paid: %v", overspent)
	}
}

// consistencyQueries each list the codes of projects that break a rule.
var consistencyQueries = map[string]string{
	"requested ≠ Σ budget lines": `SELECT code FROM projects p WHERE requested_minor <>
		(SELECT COALESCE(SUM(amount_minor), 0) FROM budget_lines b WHERE b.project_id = p.id)`,
	"disbursed ≠ Σ paid tranches": `SELECT code FROM projects p WHERE disbursed_minor <>
		(SELECT COALESCE(SUM(amount_minor), 0) FROM tranches t WHERE t.project_id = p.id AND t.status = 'paid')`,
	"Σ tranches ≠ award": `SELECT code FROM projects p WHERE EXISTS (SELECT 1 FROM agreements a WHERE a.project_id = p.id)
		AND awarded_minor <> (SELECT SUM(amount_minor) FROM tranches t WHERE t.project_id = p.id)`,
	"awarded > requested or cap": `SELECT p.code FROM projects p LEFT JOIN calls c ON c.id = p.call_id
		WHERE p.awarded_minor > p.requested_minor OR p.awarded_minor > c.budget_cap_minor`,
	"award without approval": `SELECT code FROM projects WHERE (awarded_minor IS NOT NULL) <>
		(state IN ('approved', 'active', 'suspended', 'completed', 'terminated'))`,
	"agreement iff implementing": `SELECT code FROM projects p WHERE EXISTS (SELECT 1 FROM agreements a WHERE a.project_id = p.id) <>
		(state IN ('active', 'suspended', 'completed', 'terminated'))`,
	"review before review": `SELECT code FROM projects p WHERE state IN ('draft', 'submitted', 'screened_out')
		AND EXISTS (SELECT 1 FROM review_assignments a WHERE a.project_id = p.id)`,
	"complete review missing": `SELECT p.code FROM projects p JOIN calls c ON c.id = p.call_id
		WHERE state IN ('review_complete', 'revision_requested', 'approved', 'active', 'suspended', 'completed', 'terminated', 'rejected')
		AND (SELECT COUNT(*) FROM review_assignments a WHERE a.project_id = p.id AND a.status = 'submitted') < c.min_reviews`,
	"in review but complete": `SELECT code FROM projects p WHERE state = 'in_review'
		AND NOT EXISTS (SELECT 1 FROM review_assignments a WHERE a.project_id = p.id AND a.status = 'assigned')`,
	"weighted score wrong": `SELECT p.code FROM reviews r JOIN review_assignments a ON a.id = r.assignment_id
		JOIN projects p ON p.id = a.project_id WHERE r.submitted_at IS NOT NULL AND r.weighted_score_centi <>
		(SELECT SUM(s.score * c.weight) FROM review_scores s JOIN rubric_criteria c ON c.id = s.criterion_id WHERE s.review_id = r.id)`,
	"completed with open report or tranche": `SELECT code FROM projects p WHERE state = 'completed' AND (
		EXISTS (SELECT 1 FROM reports r WHERE r.project_id = p.id AND r.status <> 'accepted')
		OR EXISTS (SELECT 1 FROM tranches t WHERE t.project_id = p.id AND t.status <> 'paid')
		OR NOT EXISTS (SELECT 1 FROM reports r WHERE r.project_id = p.id AND r.kind = 'final'))`,
	"submitted_at or officer missing": `SELECT code FROM projects WHERE state <> 'draft' AND (submitted_at IS NULL OR officer_id IS NULL)`,
	"time after Now":                  `SELECT code FROM projects WHERE state_changed_at > '2026-05-15 08:30:00+00' OR submitted_at > '2026-05-15 08:30:00+00'`,
	"audit trail does not end in the state": `SELECT code FROM projects p WHERE state <>
		(SELECT a.to_state FROM audit_entries a WHERE a.project_id = p.id ORDER BY a.at DESC, a.id DESC LIMIT 1)
		OR version <> (SELECT COUNT(*) FROM audit_entries a WHERE a.project_id = p.id)`,
	"audit out of order": `SELECT DISTINCT p.code FROM audit_entries a JOIN audit_entries b ON b.project_id = a.project_id AND b.id > a.id
		JOIN projects p ON p.id = a.project_id WHERE b.at < a.at`,
	"call of another channel or year": `SELECT p.code FROM projects p JOIN calls c ON c.id = p.call_id
		WHERE c.channel_id <> p.channel_id OR c.code NOT LIKE '%-' || CAST(p.year AS text) || '-%'`,
	"lead or primary copy wrong": `SELECT code FROM projects p WHERE lead_country_iso2 <>
		(SELECT country_iso2 FROM project_countries c WHERE c.project_id = p.id AND c.lead)
		OR primary_discipline_code <> (SELECT discipline_code FROM project_disciplines d WHERE d.project_id = p.id AND d.is_primary)`,
	"publication year outside the project": `SELECT p.code FROM outputs o JOIN projects p ON p.id = o.project_id
		WHERE o.kind = 'publication' AND (o.doi IS NULL OR o.year < CAST(substr(CAST(p.actual_start AS text), 1, 4) AS integer) OR o.year > 2026)`,
}

type rowCounts struct{ projects, users, audit, calls int64 }

func counts(t *testing.T, s *models.Store) rowCounts {
	t.Helper()
	var c rowCounts
	s.DB().Model(&models.Project{}).Count(&c.projects)
	s.DB().Model(&models.User{}).Count(&c.users)
	s.DB().Model(&models.AuditEntry{}).Count(&c.audit)
	s.DB().Model(&models.Call{}).Count(&c.calls)
	return c
}
