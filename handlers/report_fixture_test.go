package handlers_test

import (
	"net/url"
	"strconv"
	"testing"

	"github.com/puente-science/puente/auth"
	"github.com/puente-science/puente/models"
	"github.com/puente-science/puente/workflow"
)

func init() { extraSpecs = append(extraSpecs, reportSpecs) }

// reportSpecs: the project's applicant writes its reports, officers and
// directors read every one, officers review; another applicant's report
// answers 404 as if it did not exist.
func reportSpecs(t *testing.T, s *models.Store, users map[string]int64) map[string]spec {
	other := testUser(t, s, "pi-reports-elsewhere@example.org", goodPassword, auth.Applicant)
	own := reportFixture(t, s, users["applicant"], nil)
	foreign := reportFixture(t, s, other.ID, nil)
	readers := []auth.Role{auth.Applicant, auth.Officer, auth.Director}
	staffNone := map[string]string{"officer": "", "director": "", "admin": "", "reviewer": ""}
	foreignFor := map[string]string{"applicant": reportURL(foreign.reports[0], "")}
	for k, v := range staffNone {
		foreignFor[k] = v
	}
	return map[string]spec{
		"GET /reports":     {who: admins, roles: readers, own: "/reports"},
		"GET /reports/:id": {who: admins, roles: readers, own: reportURL(own.reports[0], ""), foreignFor: foreignFor, missing: "/reports/99999999"},
		"POST /reports/:id": {who: admins, roles: []auth.Role{auth.Applicant}, own: reportURL(own.reports[0], ""),
			foreign: reportURL(foreign.reports[0], ""), missing: "/reports/99999999"},
		"POST /reports/:id/review": {who: admins, roles: []auth.Role{auth.Officer}, own: reportURL(own.reports[1], "/review"),
			missing: "/reports/99999999/review"},
	}
}

func reportURL(id int64, suffix string) string {
	return "/reports/" + strconv.FormatInt(id, 10) + suffix
}

// reportProject is an active project with a budget and three scheduled
// reports: progress 1 (past due), progress 2 (submitted) and the final one.
type reportProject struct {
	id      int64
	reports []int64
}

// reportFixture makes an active project of pi's whose responsible officer
// is officer (nil: none), with a budget and its report schedule.
func reportFixture(t *testing.T, s *models.Store, pi int64, officer *int64) reportProject {
	t.Helper()
	db := s.DB()
	id := projectFixture(t, s, pi, workflow.Active)
	award := int64(25000000)
	if err := db.Model(&models.Project{}).Where("id = ?", id).Updates(map[string]any{"officer_id": officer, "awarded_minor": award}).Error; err != nil {
		t.Fatal(err)
	}
	if err := db.Create(&models.ProjectCountry{ProjectID: id, CountryISO2: "EC"}).Error; err != nil {
		t.Fatal(err)
	}
	for cat, amount := range map[models.BudgetCategory]int64{models.BudgetTravel: 6000000, models.BudgetStipends: 9000000,
		models.BudgetEquipment: 7000000, models.BudgetEvents: 3000000} {
		if err := db.Create(&models.BudgetLine{ProjectID: id, Category: cat, AmountMinor: amount}).Error; err != nil {
			t.Fatal(err)
		}
	}
	out := reportProject{id: id}
	mk := func(kind models.ReportKind, seq int, start, end, due string, status models.ReportStatus) {
		ps, _ := models.ParseDate(start)
		pe, _ := models.ParseDate(end)
		d, _ := models.ParseDate(due)
		r := models.Report{ProjectID: id, Kind: kind, Seq: seq, PeriodStart: &ps, PeriodEnd: &pe, DueOn: d, Status: status,
			Version: 1, CreatedAt: fixedNow, UpdatedAt: fixedNow}
		if status == models.ReportSubmitted {
			at := fixedNow.AddDate(0, 0, -2)
			narrative := "Field work in the Guayas estuary."
			r.SubmittedAt, r.Narrative = &at, &narrative
		}
		if err := db.Create(&r).Error; err != nil {
			t.Fatal(err)
		}
		out.reports = append(out.reports, r.ID)
	}
	// fixedNow is 2026-11-27: the first report is overdue, the final one
	// due next year.
	mk(models.ReportProgress, 1, "2026-01-01", "2026-06-30", "2026-07-30", models.ReportDue)
	mk(models.ReportProgress, 2, "2026-07-01", "2026-12-31", "2027-01-30", models.ReportSubmitted)
	mk(models.ReportFinal, 1, "2026-01-01", "2027-06-30", "2027-08-29", models.ReportDue)
	return out
}

// reportForm is a filled report form: a narrative, spending in two
// categories, two publications and a group of trainees.
func reportForm(version int, op string) url.Values {
	return url.Values{
		"version":      {strconv.Itoa(version)},
		"op":           {op},
		"narrative":    {"Sampling campaigns in Brazil and Ecuador; two joint papers."},
		"spend_travel": {"12 500,50"}, "spend_equipment": {"30000"},
		"pub_rows":   {"3"},
		"pub0_title": {"Blue carbon in Amazonian mangroves"}, "pub0_doi": {"https://doi.org/10.1234/ABC.def"},
		"pub0_year": {"2026"}, "pub0_venue": {"Estuarine Science"}, "pub0_coauthored": {"1"}, "pub0_countries": {"BR", "CN"},
		"pub1_title": {"Sediment cores from the Guayas estuary"}, "pub1_doi": {"doi:10.5555/Guayas.2026"}, "pub1_year": {"2026"},
		"pub1_countries": {"EC", "PE"},
		"tr_rows":        {"2"},
		"tr0_level":      {"student_or_young_researcher"}, "tr0_direction": {"to_china"}, "tr0_count": {"3"}, "tr0_year": {"2026"},
		"tr0_title": {"Doctoral students hosted in Guangzhou"},
		"ot_rows":   {"1"},
	}
}
