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

// TestBrowserReviews opens the review pages on a demo portfolio as an
// officer and as the demo reviewer, on a desktop and a phone screen:
// nothing overflows sideways, and a reviewer declares no conflict and
// saves a draft by clicking. Screenshots go to ../screenshots/review-*.png.
func TestBrowserReviews(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		seed(t, s, 40)
		base := serve(t, s)
		ctx := browser(t)
		bg := context.Background()
		db := s.DB()
		var submitted, assignment int64
		if err := db.Model(&models.Project{}).Where("state = ?", workflow.Submitted).Order("id").Limit(1).Pluck("id", &submitted).Error; err != nil || submitted == 0 {
			t.Fatalf("no submitted project in the demo: %v", err)
		}
		var reviewer int64
		err := db.Table("review_assignments a").Joins("JOIN projects p ON p.id = a.project_id").
			Where("a.status = ? AND p.state = ? AND a.conflict_declared_at IS NULL", models.AssignmentAssigned, workflow.InReview).
			Order("a.id").Limit(1).Select("a.id, a.reviewer_id").Row().Scan(&assignment, &reviewer)
		if err != nil {
			t.Fatalf("no pending review in the demo: %v", err)
		}
		hash, _ := auth.HashPassword("review every page please")
		now := fixedNow
		officer := &models.User{Email: "officer-e2e@example.org", Name: "Olga Officer", PasswordHash: &hash, EmailVerifiedAt: &now,
			Locale: "en", TimeZone: "America/Sao_Paulo", Active: true}
		if err := s.CreateUser(bg, officer, []auth.Role{auth.Officer}); err != nil {
			t.Fatal(err)
		}
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
		prefix := "review-" + s.Dialect() + "-"
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
		projectPath := "/projects/" + strconv.FormatInt(submitted, 10)
		signIn(officer.ID, i18n.EN)
		look(projectPath+"/reviewers", "assign")
		look(projectPath+"/reviewers?q=univ", "assign-search")
		look(projectPath, "project-officer")

		signIn(reviewer, i18n.ES)
		look("/reviews", "queue")
		reviewPath := "/reviews/" + strconv.FormatInt(assignment, 10)
		look(reviewPath, "declare")
		do(t, ctx, chromedp.EmulateViewport(1280, 900), goTo(base+reviewPath), waitVisible("#f-conflict-no"),
			press("#f-conflict-no"), press(".review-declare button[type=submit]"),
			waitVisible(".review-scoring"))
		look(reviewPath, "score")
		do(t, ctx, press(`.score-option label`, chromedp.NodeVisible),
			press(`#f-recommendation-fund_with_changes`),
			chromedp.SendKeys("#f-comment_applicant", "Un plan claro."),
			press(`button[value="save"]`), waitVisible(".alert-success"))
		if got := value(t, ctx, "#f-comment_applicant"); got != "Un plan claro." {
			t.Errorf("the saved draft reads %q", got)
		}
		shot(t, ctx, prefix+"saved-390")
	})
}
