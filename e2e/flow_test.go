package e2e

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/puente-science/puente/auth"
	"github.com/puente-science/puente/i18n"
	"github.com/puente-science/puente/models"
	"github.com/puente-science/puente/testdb"
	"github.com/puente-science/puente/workflow"
)

// check ticks a checkbox or a radio button the way a click would, without
// depending on where the box sits on the screen: inside a scrolled list a
// click at the box's coordinates can land on its neighbour.
func check(sel string) chromedp.Action[chromedp.Void] {
	js := fmt.Sprintf(`(() => { const el = document.querySelector(%q); if (!el) return false;
		el.checked = true; el.dispatchEvent(new Event('change', {bubbles: true})); return true })()`, sel)
	return func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
		ok, err := chromedp.Evaluate[bool](js)(ctx, tg)
		if err == nil && !ok {
			err = fmt.Errorf("no element %s", sel)
		}
		return chromedp.Void{}, err
	}
}

// TestBrowserFourPeople plays an application from the call to the award in
// a real browser, as the four people who move it: the applicant applies,
// fills the form, attaches a CV and a proposal and submits; the officer
// assigns two reviewers and starts the review; each reviewer declares no
// conflict and scores; the director approves. Each person signs in through
// the login page, in their own language, and every step leaves a
// screenshot in ../screenshots/flow-*.png.
func TestBrowserFourPeople(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		seed(t, s, 0)
		bg := context.Background()
		const password = "un puente entre continentes"
		hash, err := auth.HashPassword(password)
		if err != nil {
			t.Fatal(err)
		}
		verified := fixedNow.Add(-time.Hour)
		person := func(email, name, locale string, role auth.Role) *models.User {
			u := &models.User{Email: email, Name: name, PasswordHash: &hash, EmailVerifiedAt: &verified, Locale: locale,
				TimeZone: "America/Lima", Active: true}
			if err := s.CreateUser(bg, u, []models.Role{role}); err != nil {
				t.Fatal(err)
			}
			return u
		}
		person("rosa@example.org", "Rosa Quispe", "es", auth.Applicant)
		officer := person("li.na@example.org", "Li Na", "en", auth.Officer)
		r1 := person("joao@example.org", "João Pereira", "pt", auth.Reviewer)
		r2 := person("marta@example.org", "Marta Gómez", "es", auth.Reviewer)
		person("chen.yu@example.org", "Chen Yu", "zh", auth.Director)

		chans, err := s.CallChannels(bg)
		if err != nil || len(chans) == 0 {
			t.Fatal("no channels")
		}
		c := models.Call{ChannelID: chans[0].ID, Code: "BIO-2027-1", OpensAt: fixedNow.AddDate(0, 0, -3),
			ClosesAt: fixedNow.AddDate(0, 1, 0), TimeZone: "America/Lima", BudgetCapMinor: 50_000_000, Currency: chans[0].Currency,
			MinReviews: 2, ReportFrequencyMonths: 6, Status: models.CallPublished, CreatedBy: officer.ID, Version: 1}
		c.Title.Set("en", "Biodiversity research 2027")
		c.Title.Set("es", "Investigación en biodiversidad 2027")
		if err := s.DB().Omit("published_at").Create(&c).Error; err != nil {
			t.Fatal(err)
		}
		if err := s.DB().Create(&models.CallProjectType{CallID: c.ID, ProjectType: models.TypeResearchProject}).Error; err != nil {
			t.Fatal(err)
		}
		merit, impact := "Scientific merit", "Impact"
		for i, name := range []*string{&merit, &impact} {
			cr := models.RubricCriterion{CallID: c.ID, Position: i + 1, Name: models.Texts{EN: name}, Weight: 2 - i}
			if err := s.DB().Create(&cr).Error; err != nil {
				t.Fatal(err)
			}
		}

		base := serve(t, s)
		ctx := browser(t)
		prefix := "flow-" + s.Dialect() + "-"
		dir := t.TempDir()
		for _, f := range []string{"cv.pdf", "proposal.pdf"} {
			if err := os.WriteFile(filepath.Join(dir, f), []byte("%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n"), 0o600); err != nil {
				t.Fatal(err)
			}
		}
		// post clicks a button that submits a form and waits for the next
		// document: a mark left on the current one must be gone, so a
		// selector that the old page also matches cannot end the wait early.
		post := func(sel string) {
			t.Helper()
			if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`window.__before = true`)); err != nil {
				t.Fatal(err)
			}
			do(t, ctx, press(sel))
			waitFor(t, ctx, `!window.__before && document.readyState === 'complete'`)
		}
		signIn := func(email string) {
			t.Helper()
			if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.cookie.length >= 0`)); err == nil {
				if n, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`!!document.querySelector('form[action="/logout"]')`)); n {
					post(`form[action="/logout"] button`)
				}
			}
			do(t, ctx, goTo(base+"/login"), waitVisible("#f-email"), fill("#f-email", email),
				fill("#f-password", password))
			post("form.form button.btn-primary")
			do(t, ctx, waitVisible(`form[action="/logout"]`))
		}
		state := func(id int64) workflow.State {
			var p models.Project
			if err := s.DB().Select("state").Take(&p, id).Error; err != nil {
				t.Fatal(err)
			}
			return p.State
		}
		cat := i18n.Default()

		// The applicant, in Spanish: apply from the call page.
		signIn("rosa@example.org")
		do(t, ctx, goTo(base+"/calls/"+strconv.FormatInt(c.ID, 10)), waitVisible("#apply"))
		shot(t, ctx, prefix+"1-call")
		do(t, ctx, fill("#f-apply-title", "Manglares y carbono azul"), press("#apply button[type=submit]"),
			waitVisible("#application-form"))
		var id int64
		if err := s.DB().Model(&models.Project{}).Where("call_id = ?", c.ID).Pluck("id", &id).Error; err != nil || id == 0 {
			t.Fatalf("no draft: %v", err)
		}
		page := base + "/projects/" + strconv.FormatInt(id, 10)
		do(t, ctx,
			fill("#f-summary", "Cómo almacenan carbono los manglares de Brasil y Ecuador."),
			fill("#f-work_packages", "PT1 muestreo; PT2 modelización"),
			fill("#f-expected_outputs", "Tres artículos en coautoría"),
			check("#f-countries-BR"), check("#f-lead-BR"), check("#f-countries-EC"),
			check(`input[name="disciplines"][value="1.6"]`), check(`input[name="primary"][value="1.6"]`),
			chromedp.SetValue("#f-budget_travel", "12.500"),
			chromedp.SetValue("#f-planned_start", "2027-03-01"), chromedp.SetValue("#f-planned_end", "2028-02-29"),
			chromedp.SetUploadFiles("#f-file_cv", []string{filepath.Join(dir, "cv.pdf")}),
			chromedp.SetUploadFiles("#f-file_proposal", []string{filepath.Join(dir, "proposal.pdf")}),
		)
		post(".app-savebar button")
		if bad := evalString(t, ctx, `(document.querySelector('#error-summary') || {}).innerText || ''`); bad != "" {
			shot(t, ctx, prefix+"2-application-refused")
			t.Fatalf("saving the application was refused: %s", bad)
		}
		if got := evalString(t, ctx, `(document.querySelector('.app-files-table') || {}).innerText || ''`); !strings.Contains(got, "cv.pdf") || !strings.Contains(got, "proposal.pdf") {
			shot(t, ctx, prefix+"2-application-no-files")
			t.Fatalf("files after saving: %q at %s", got, evalString(t, ctx, `location.href`))
		}
		shot(t, ctx, prefix+"2-application")
		post("#submit form button[type=submit]")
		if got := state(id); got != workflow.Submitted {
			t.Fatalf("after submitting the project is %s (checklist: %s)", got, text(t, ctx, "main"))
		}
		shot(t, ctx, prefix+"3-submitted")

		// The officer, in English: assign the two reviewers and start the review.
		signIn("li.na@example.org")
		do(t, ctx, goTo(base+"/screening"), waitVisible("h1"))
		if got := text(t, ctx, "main"); !strings.Contains(got, "Manglares y carbono azul") {
			t.Errorf("the screening inbox lacks the application: %q", got)
		}
		shot(t, ctx, prefix+"4-screening")
		do(t, ctx, goTo(page+"/reviewers"), waitVisible("h1"),
			check(fmt.Sprintf(`input[name="reviewer"][value="%d"]`, r1.ID)),
			check(fmt.Sprintf(`input[name="reviewer"][value="%d"]`, r2.ID)))
		shot(t, ctx, prefix+"5-assign")
		post(`.review-assign-actions button`)
		do(t, ctx, goTo(page), waitVisible(`form[action$="/events/start_review"]`))
		post(`form[action$="/events/start_review"] button`)
		if got := state(id); got != workflow.InReview {
			t.Fatalf("after start_review the project is %s", got)
		}
		shot(t, ctx, prefix+"6-in-review")

		// Each reviewer: no conflict, then scores.
		for i, r := range []*models.User{r1, r2} {
			signIn(r.Email)
			var aid int64
			s.DB().Model(&models.ReviewAssignment{}).Where("project_id = ? AND reviewer_id = ?", id, r.ID).Pluck("id", &aid)
			review := base + "/reviews/" + strconv.FormatInt(aid, 10)
			do(t, ctx, goTo(review), waitVisible(`#f-conflict-no`), check(`#f-conflict-no`))
			post(`.review-declare button.btn-primary`)
			var sel []string
			var crit []int64
			s.DB().Model(&models.RubricCriterion{}).Where("call_id = ?", c.ID).Order("position").Pluck("id", &crit)
			for _, cid := range crit {
				sel = append(sel, fmt.Sprintf(`input[name="score_%d"][value="%d"]`, cid, 4-i))
			}
			acts := []chromedp.Action[chromedp.Void]{}
			for _, q := range sel {
				acts = append(acts, check(q))
			}
			acts = append(acts, check(`input[name="recommendation"][value="fund"]`),
				fill(`textarea[name="comment_applicant"]`, fmt.Sprintf("Comentario %d para la solicitante.", i+1)),
				fill(`textarea[name="comment_confidential"]`, "Solo para la oficina."))
			do(t, ctx, acts...)
			shot(t, ctx, fmt.Sprintf("%s7-review-%d", prefix, i+1))
			post(`button[name="action"][value="submit"]`)
		}
		if got := state(id); got != workflow.ReviewComplete {
			t.Fatalf("after both reviews the project is %s", got)
		}

		// The director, in Chinese: the decision queue, then the award.
		signIn("chen.yu@example.org")
		do(t, ctx, goTo(base+"/decisions"), waitVisible("h1"))
		shot(t, ctx, prefix+"8-decisions")
		do(t, ctx, goTo(page), waitVisible("#f-award-approve"),
			fill("#f-award-approve", "10000"), fill("#f-conditions-approve", "Datos abiertos."))
		shot(t, ctx, prefix+"9-decide")
		post(`form[action$="/events/approve"] button`)
		if got := state(id); got != workflow.Approved {
			t.Fatalf("after approving the project is %s", got)
		}
		if got := text(t, ctx, ".alert-success"); got != cat.Message(i18n.ZH, "project.notice.approve") {
			t.Errorf("the director's confirmation: %q", got)
		}
		shot(t, ctx, prefix+"10-approved")

		// The applicant reads the decision with the reviewers' comments and
		// without their names.
		signIn("rosa@example.org")
		do(t, ctx, goTo(page), waitVisible("h1"))
		body := text(t, ctx, "main")
		for _, want := range []string{"Comentario 1 para la solicitante.", "Comentario 2 para la solicitante.", "Datos abiertos."} {
			if !strings.Contains(body, want) {
				t.Errorf("the applicant does not read %q", want)
			}
		}
		for _, never := range []string{"João Pereira", "Marta Gómez", "Solo para la oficina."} {
			if strings.Contains(body, never) {
				t.Errorf("the applicant reads %q", never)
			}
		}
		shot(t, ctx, prefix+"11-applicant-decision")
	})
}
