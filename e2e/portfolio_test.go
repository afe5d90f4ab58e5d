package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/puente-science/puente/accounts"
	"github.com/puente-science/puente/auth"
	"github.com/puente-science/puente/models"
	"github.com/puente-science/puente/testdb"
)

// TestBrowserPortfolio: a director opens /portfolio, clicks the first bar
// of the "by type" chart and lands on the /projects list of that type,
// whose count is the bar's number; then a stage × year figure the same way.
// Screenshots at 1280 and 390 pixels: ../screenshots/portfolio-*.png.
func TestBrowserPortfolio(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		seed(t, s, 120)
		base := serve(t, s)
		ctx := browser(t)
		ctxb := context.Background()
		hash, _ := auth.HashPassword("a director reads the portfolio")
		now := fixedNow
		u := &models.User{Email: "dir@example.org", Name: "Dana Director", PasswordHash: &hash, EmailVerifiedAt: &now,
			Locale: "en", TimeZone: "UTC", Active: true}
		if err := s.CreateUser(ctxb, u, []auth.Role{auth.Director}); err != nil {
			t.Fatal(err)
		}
		svc := accounts.New(s, nil, []byte(strings.Repeat("e", 32)), false, func() time.Time { return fixedNow })
		token, _, err := svc.StartSession(ctxb, u.ID, accounts.Meta{})
		if err != nil {
			t.Fatal(err)
		}
		do(t, ctx, chromedp.EmulateViewport(1280, 900), goTo(base+"/healthz"))
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](fmt.Sprintf(`document.cookie = "puente_session=%s; path=/"; true`, token))); err != nil {
			t.Fatal(err)
		}

		do(t, ctx, goTo(base+"/portfolio"), waitVisible(`#by-type-chart svg`))
		if s.Dialect() == "sqlite" {
			shot(t, ctx, "portfolio-1280")
		}
		label := evalString(t, ctx, `document.querySelector('#by-type-chart a.chart-link title').textContent`) // the link's name
		want := strings.ReplaceAll(label[strings.LastIndex(label, ": ")+2:], ",", "")
		do(t, ctx, press(`#by-type-chart a.chart-link .chart-bar`))
		waitFor(t, ctx, `location.pathname === '/projects' && new URLSearchParams(location.search).get('type') !== null
			&& document.readyState === 'complete'`)
		if got := evalString(t, ctx, `document.querySelector('.result-count').dataset.total`); got != want {
			t.Errorf("the bar %q leads to a list of %s projects", label, got)
		}

		// A figure of the stage × year table, under a filter of the page.
		do(t, ctx, goTo(base+"/portfolio?type=research_project"), waitVisible(`#stage-year`))
		cell := `#stage-year tbody tr:first-child a.portfolio-count`
		want = strings.ReplaceAll(evalString(t, ctx, `document.querySelector('`+cell+`').textContent`), ",", "")
		do(t, ctx, press(cell))
		waitFor(t, ctx, `location.pathname === '/projects' && new URLSearchParams(location.search).get('type') === 'research_project'
			&& document.readyState === 'complete'`)
		if got := evalString(t, ctx, `document.querySelector('.result-count').dataset.total`); got != want {
			t.Errorf("the stage × year figure %s leads to a list of %s projects", want, got)
		}

		// The study's growth figures, and the phone layout.
		do(t, ctx, chromedp.EmulateViewport(390, 844), goTo(base+"/portfolio"), waitVisible(`#trends`))
		if got := text(t, ctx, `.portfolio-growth-result`); !strings.Contains(got, "6.2-fold increase") || !strings.Contains(got, "24.5% a year") {
			t.Errorf("growth: %q", got)
		}
		if w := evalString(t, ctx, `String(document.documentElement.scrollWidth)`); w != "390" {
			t.Errorf("the page is %s pixels wide on a 390-pixel screen", w)
		}
		if s.Dialect() == "sqlite" {
			shot(t, ctx, "portfolio-390")
		}
	})
}
