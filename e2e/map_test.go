package e2e

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/puente-science/puente/accounts"
	"github.com/puente-science/puente/auth"
	"github.com/puente-science/puente/models"
	"github.com/puente-science/puente/testdb"
)

// TestBrowserMap: a director opens /portfolio, clicks Brazil on the map and
// lands on the list of Brazil's projects with the page's filter; on the
// public countries list a click on Mexico opens its page and a click on
// Aruba's marker (too small to click otherwise) opens Aruba's. Screenshots:
// ../screenshots/map-*.png.
func TestBrowserMap(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		seed(t, s, 80)
		base := serve(t, s)
		ctx := browser(t)
		ctxb := context.Background()
		hash, _ := auth.HashPassword("a director reads the map")
		now := fixedNow
		u := &models.User{Email: "dir@example.org", Name: "Dana Director", PasswordHash: &hash, EmailVerifiedAt: &now,
			Locale: "en", TimeZone: "America/Sao_Paulo", Active: true}
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

		do(t, ctx, goTo(base+"/portfolio?type=research_project#region-map"), waitVisible(`#region-map svg`))
		if got := evalString(t, ctx, `document.querySelector('#region-map a[data-iso="BR"] title').textContent`); !strings.HasPrefix(got, "Brazil: ") {
			t.Errorf("Brazil's tooltip: %q", got)
		}
		if s.Dialect() == "sqlite" {
			shot(t, ctx, "map-portfolio")
			elementShot(t, ctx, `#region-map`, "map-portfolio-panel")
		}
		do(t, ctx, press(`#region-map a[data-iso="BR"] path`))
		waitFor(t, ctx, `location.pathname === '/projects' && new URLSearchParams(location.search).get('country') === 'BR'
			&& new URLSearchParams(location.search).get('type') === 'research_project' && document.readyState === 'complete'`)
		if got := evalString(t, ctx, `document.querySelector('#f-country, select[name=country]').value`); got != "BR" {
			t.Errorf("the list's country filter shows %q, want BR", got)
		}
		if s.Dialect() == "sqlite" {
			shot(t, ctx, "map-portfolio-brazil-list")
		}

		// The funding measure: the switch keeps the filter and the map shades by money.
		do(t, ctx, goTo(base+"/portfolio?measure=funding#region-map"), waitVisible(`#region-map svg`))
		if got := evalString(t, ctx, `document.querySelector('#region-map a[data-iso="BR"] title').textContent`); !strings.Contains(got, "Brazil: ") || !strings.ContainsAny(got, "0123456789") {
			t.Errorf("Brazil's funding tooltip: %q", got)
		}

		do(t, ctx, goTo(base+"/countries"), waitVisible(`#countries-map svg`))
		if s.Dialect() == "sqlite" {
			shot(t, ctx, "map-countries")
		}
		do(t, ctx, press(`#countries-map a[data-iso="MX"] path`))
		waitFor(t, ctx, `location.pathname === '/countries/MX' && document.readyState === 'complete'`)
		do(t, ctx, goTo(base+"/countries"), waitVisible(`#countries-map svg`))
		do(t, ctx, press(`#countries-map a[data-iso="AW"] circle`))
		waitFor(t, ctx, `location.pathname === '/countries/AW' && document.readyState === 'complete'`)

		// Keyboard: the map's links take the focus and show it.
		do(t, ctx, goTo(base+"/countries"), waitVisible(`#countries-map svg`))
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => { document.querySelector('#countries-map a[data-iso="GD"]').focus(); return true })()`)); err != nil {
			t.Fatal(err)
		}
		if got := evalString(t, ctx, `document.activeElement.getAttribute('aria-label') || ''`); !strings.HasPrefix(got, "Grenada: ") {
			t.Errorf("focused map link: %q", got)
		}

		if s.Dialect() == "sqlite" {
			for _, p := range []string{"/countries/BR", "/disciplines/1", "/priorities/biodiversity"} {
				do(t, ctx, goTo(base+p), waitVisible("h1"))
				shot(t, ctx, "map-page-"+strings.NewReplacer("/", "-").Replace(strings.Trim(p, "/")))
			}
		}
	})
}

// elementShot saves a screenshot of one element as ../screenshots/<name>.png.
func elementShot(t *testing.T, ctx context.Context, sel, name string) {
	t.Helper()
	tctx, cancel := context.WithTimeout(ctx, 20*time.Second)
	defer cancel()
	png, err := chromedp.Run(tctx, chromedp.Screenshot(sel))
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	if err := os.WriteFile(filepath.Join("..", "screenshots", name+".png"), png, 0o644); err != nil {
		t.Fatal(err)
	}
}
