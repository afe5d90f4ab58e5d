package e2e

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/puente-science/puente/accounts"
	"github.com/puente-science/puente/auth"
	"github.com/puente-science/puente/i18n"
	"github.com/puente-science/puente/models"
	"github.com/puente-science/puente/testdb"
	"github.com/puente-science/puente/workflow"
)

// TestBrowserReport plays one progress report in a real browser: the
// applicant, in Spanish, writes it with two publications and a group of
// trainees and submits it; the officer asks for changes; the applicant
// fixes the spending and submits again; the officer accepts. Each step is
// looked at 1280 and 390 px wide (nothing may stick out sideways) and
// leaves screenshots in ../screenshots/report-*.png.
func TestBrowserReport(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		seed(t, s, 0)
		bg := context.Background()
		db := s.DB()
		hash, _ := auth.HashPassword("one report at a time")
		now := fixedNow
		person := func(email, name, locale string, role auth.Role) *models.User {
			u := &models.User{Email: email, Name: name, PasswordHash: &hash, EmailVerifiedAt: &now, Locale: locale,
				TimeZone: "America/Lima", Active: true}
			if err := s.CreateUser(bg, u, []auth.Role{role}); err != nil {
				t.Fatal(err)
			}
			return u
		}
		pi := person("rosa@example.org", "Rosa Quispe", "es", auth.Applicant)
		officer := person("li.na@example.org", "Li Na", "en", auth.Officer)
		chans, err := s.CallChannels(bg)
		if err != nil || len(chans) == 0 {
			t.Fatal("no channels")
		}
		title, br := "Manglares y carbono azul en Brasil y Ecuador", "BR"
		award := int64(25_000_000)
		p := models.Project{Code: "PU-2026-00042", ChannelID: chans[0].ID, Type: models.TypeResearchProject, State: workflow.Active,
			Lang: "es", Title: models.Texts{ES: &title}, PIUserID: pi.ID, OfficerID: &officer.ID, LeadCountryISO2: &br,
			Currency: chans[0].Currency, RequestedMinor: award, AwardedMinor: &award, Year: 2026}
		if err := db.Create(&p).Error; err != nil {
			t.Fatal(err)
		}
		for _, pc := range []models.ProjectCountry{{ProjectID: p.ID, CountryISO2: "BR", Lead: true}, {ProjectID: p.ID, CountryISO2: "EC"}} {
			if err := db.Create(&pc).Error; err != nil {
				t.Fatal(err)
			}
		}
		for cat, amount := range map[models.BudgetCategory]int64{models.BudgetTravel: 6_000_000, models.BudgetStipends: 9_000_000,
			models.BudgetEquipment: 7_000_000, models.BudgetEvents: 3_000_000} {
			if err := db.Create(&models.BudgetLine{ProjectID: p.ID, Category: cat, AmountMinor: amount}).Error; err != nil {
				t.Fatal(err)
			}
		}
		var reportID int64
		for i, spec := range [][3]string{{"2026-05-01", "2026-10-31", "2026-11-30"}, {"2026-11-01", "2027-04-30", "2027-05-30"}} {
			ps, _ := models.ParseDate(spec[0])
			pe, _ := models.ParseDate(spec[1])
			due, _ := models.ParseDate(spec[2])
			r := models.Report{ProjectID: p.ID, Kind: models.ReportProgress, Seq: i + 1, PeriodStart: &ps, PeriodEnd: &pe, DueOn: due,
				Status: models.ReportDue, Version: 1, CreatedAt: fixedNow, UpdatedAt: fixedNow}
			if err := db.Create(&r).Error; err != nil {
				t.Fatal(err)
			}
			if i == 0 {
				reportID = r.ID
			}
		}

		base := serve(t, s)
		ctx := browser(t)
		svc := accounts.New(s, nil, []byte(strings.Repeat("e", 32)), false, func() time.Time { return fixedNow })
		signIn := func(uid int64, lang i18n.Lang) {
			token, _, err := svc.StartSession(bg, uid, accounts.Meta{})
			if err != nil {
				t.Fatal(err)
			}
			do(t, ctx, goTo(base+"/healthz"))
			js := fmt.Sprintf(`document.cookie = "puente_session=%s; path=/"; document.cookie = "puente_lang=%s; path=/"; true`, token, lang)
			if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](js)); err != nil {
				t.Fatal(err)
			}
		}
		prefix := "report-" + s.Dialect() + "-"
		look := func(path, name string) {
			t.Helper()
			for _, width := range []int64{1280, 390} {
				do(t, ctx, chromedp.EmulateViewport(width, 900), goTo(base+path), waitVisible("h1"))
				if over := evalInt(t, ctx, `document.documentElement.scrollWidth - window.innerWidth`); over > 0 {
					t.Errorf("%s at %d px is %d px wider than the screen, because of %s", path, width, over, evalString(t, ctx, widest))
				}
				shot(t, ctx, fmt.Sprintf("%s%s-%d", prefix, name, width))
			}
		}
		status := func() models.ReportStatus {
			var r models.Report
			if err := db.Select("status").Take(&r, reportID).Error; err != nil {
				t.Fatal(err)
			}
			return r.Status
		}
		reportPath := "/reports/" + strconv.FormatInt(reportID, 10)
		cat := i18n.Default()

		// The applicant, in Spanish, finds the report due and writes it.
		signIn(pi.ID, i18n.ES)
		look("/reports", "1-list")
		look(reportPath, "2-form")
		do(t, ctx, chromedp.EmulateViewport(1280, 900), goTo(base+reportPath), waitVisible("#report-form"),
			fill("#f-narrative", "Dos campañas de muestreo en Pará y Guayas; dos artículos conjuntos."),
			fill("#f-spend_travel", "12500,50"), fill("#f-spend_equipment", "30000"),
			fill("#f-pub0_title", "Carbono azul en manglares amazónicos"), fill("#f-pub0_doi", "https://doi.org/10.1234/ABC.2026"),
			fill("#f-pub0_year", "2026"), fill("#f-pub0_venue", "Estuarine Science"),
			press(`input[name="pub0_coauthored"]`), press(`input[name="pub0_countries"][value="BR"]`),
			press(`input[name="pub0_countries"][value="CN"]`),
			fill("#f-pub1_title", "Núcleos de sedimento del estuario del Guayas"), fill("#f-pub1_doi", "doi:10.5555/guayas.1"),
			fill("#f-pub1_year", "2026"), press(`input[name="pub1_countries"][value="EC"]`),
			chromedp.SetValue("#f-tr0_level", "student_or_young_researcher"), chromedp.SetValue("#f-tr0_direction", "to_china"),
			fill("#f-tr0_count", "3"), fill("#f-tr0_year", "2026"), fill("#f-tr0_title", "Doctorandos en Guangzhou"))
		// The spending total follows what is typed, in the reader's format,
		// before anything is saved.
		es := i18n.WithLocalizer(context.Background(), i18n.Localizer{Lang: i18n.ES, Catalog: cat})
		if got, want := text(t, ctx, ".report-spending tfoot [data-sum-total]"), i18n.Money(es, 4250050, "CNY"); got != want {
			t.Errorf("live spending total: %q, want %q as the server writes it", got, want)
		}
		shot(t, ctx, prefix+"3-filled-1280")
		do(t, ctx, press(`.report-actions button[value="submit"]`), waitVisible(".alert-success"))
		if got := status(); got != models.ReportSubmitted {
			t.Fatalf("after submitting: %s", got)
		}
		if got := text(t, ctx, ".alert-success"); got != cat.Message(i18n.ES, "report.notice.submitted") {
			t.Errorf("notice: %q", got)
		}
		look(reportPath, "4-submitted")

		// The officer finds it in the queue and asks for changes.
		signIn(officer.ID, i18n.EN)
		look("/reports?tab=submitted", "5-queue")
		do(t, ctx, chromedp.EmulateViewport(1280, 900), goTo(base+reportPath), waitVisible("#report-review"),
			fill("#f-review-comment", "Please split the equipment spending between the core sampler and the spectrometer."),
			press(`#report-review button[value="revise"]`), waitVisible(".alert-success"))
		if got := status(); got != models.ReportRevisionRequested {
			t.Fatalf("after the revision request: %s", got)
		}
		look(reportPath, "6-revision-requested")

		// The applicant reads the comment, fixes the spending, resubmits.
		signIn(pi.ID, i18n.ES)
		look(reportPath, "7-revise")
		if got := text(t, ctx, ".report-request blockquote"); !strings.Contains(got, "core sampler") {
			t.Errorf("the officer's comment reads %q", got)
		}
		do(t, ctx, chromedp.EmulateViewport(1280, 900), goTo(base+reportPath), waitVisible("#report-form"),
			chromedp.Clear("#f-spend_equipment"), fill("#f-spend_equipment", "28000"),
			press(`.report-actions button[value="submit"]`), waitVisible(".alert-success"))
		if got := status(); got != models.ReportSubmitted {
			t.Fatalf("after resubmitting: %s", got)
		}

		// The officer accepts; the project page shows the report and outputs.
		signIn(officer.ID, i18n.EN)
		do(t, ctx, chromedp.EmulateViewport(1280, 900), goTo(base+reportPath), waitVisible("#report-review"),
			press(`#report-review button[value="accept"]`), waitVisible(".alert-success"))
		if got := status(); got != models.ReportAccepted {
			t.Fatalf("after accepting: %s", got)
		}
		look(reportPath, "8-accepted")
		look("/projects/"+strconv.FormatInt(p.ID, 10), "9-project")
		var spent int64
		db.Model(&models.ReportSpending{}).Where("report_id = ? AND category = ?", reportID, models.BudgetEquipment).Pluck("amount_minor", &spent)
		if spent != 2_800_000 {
			t.Errorf("equipment spending after the fix: %d", spent)
		}
	})
}
