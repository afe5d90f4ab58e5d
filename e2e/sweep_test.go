package e2e

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/puente-science/puente/i18n"
	"github.com/puente-science/puente/models"
	"github.com/puente-science/puente/testdb"
)

// sweepPages are the pages a person reads, public and signed in.
var sweepPages = []string{"/", "/countries", "/countries/BR", "/countries/AW", "/disciplines", "/priorities",
	"/disciplines/1", "/disciplines/1.6", "/priorities/biodiversity",
	"/channels", "/me", "/me/2fa", "/notifications", "/admin/users", "/admin/users/new", "/admin/outbox", "/projects", "/projects/1", "/calls", "/calls/new",
	"/screening", "/screening?tab=review", "/decisions",
	"/login", "/register", "/password/forgot", "/no/such/page",
	"/portfolio", "/reports", "/reports/1", "/reviews", "/me/calendar", "/projects/1/history", "/strategy"}

// TestEveryPageEveryLanguage opens every page in the four languages, on a
// desktop and a phone screen, as a user holding every role, and checks that
// no message key shows untranslated and nothing overflows the screen
// sideways. Desktop screenshots go to ../screenshots/sweep-*.png.
func TestEveryPageEveryLanguage(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		seed(t, s, 40)
		base := serve(t, s)
		ctx := browser(t)
		_, token := allRolesSession(t, s, "all@example.org")
		cat := i18n.Default()
		keys := cat.Keys(i18n.EN)
		do(t, ctx, goTo(base+"/healthz"))
		setCookie := fmt.Sprintf(`document.cookie = "puente_session=%s; path=/"; true`, token)
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](setCookie)); err != nil {
			t.Fatal(err)
		}
		for _, l := range i18n.Langs {
			if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](fmt.Sprintf(`document.cookie = "puente_lang=%s; path=/"; true`, l))); err != nil {
				t.Fatal(err)
			}
			for _, width := range []int64{1280, 1024, 390} {
				do(t, ctx, chromedp.EmulateViewport(width, 900))
				for _, p := range sweepPages {
					do(t, ctx, goTo(base+p), waitVisible("h1"))
					body := text(t, ctx, "body")
					for _, k := range keys {
						if strings.Contains(k, ".") && strings.Count(k, ".") >= 1 && len(k) > 8 && strings.Contains(body, k) {
							t.Errorf("%s (%s): shows the raw message key %q", p, l, k)
						}
					}
					over := evalInt(t, ctx, `document.documentElement.scrollWidth - window.innerWidth`)
					if over > 0 {
						t.Errorf("%s (%s, %d px): the page is %d px wider than the screen, because of %s", p, l, width, over,
							evalString(t, ctx, widest))
					}
					if width > 860 {
						if clipped := evalInt(t, ctx, navClipped); clipped > 0 {
							t.Errorf("%s (%s, %d px): the navigation is cut by %d px", p, l, width, clipped)
						}
					}
					if over > 0 && s.Dialect() == "sqlite" {
						shot(t, ctx, fmt.Sprintf("overflow-%s-%d-%s", l, width, strings.ReplaceAll(strings.Trim(p, "/"), "/", "-")))
					}
					if width == 1280 && s.Dialect() == "sqlite" {
						name := strings.NewReplacer("/", "-").Replace(strings.Trim(p, "/"))
						if name == "" {
							name = "home"
						}
						shot(t, ctx, fmt.Sprintf("sweep-%s-%s", l, name))
					}
				}
			}
		}
	})
}

func evalInt(t *testing.T, ctx context.Context, js string) int {
	t.Helper()
	tctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	v, err := chromedp.Run(tctx, chromedp.Evaluate[int](js))
	if err != nil {
		t.Fatalf("evaluate %s: %v", js, err)
	}
	return v
}

// widest names the innermost elements that stick out of the screen.
const widest = `(() => { const out = []; for (const el of document.querySelectorAll('body *')) {
  const r = el.getBoundingClientRect(); if (r.right > window.innerWidth + 1 && el.closest('.table-wrap') === null &&
  ![...el.children].some(c => c.getBoundingClientRect().right > window.innerWidth + 1)) {
  out.push(el.tagName.toLowerCase() + (el.className ? '.' + String(el.className).split(' ').join('.') : '') + ' "' + (el.textContent || '').trim().slice(0, 40) + '"'); } }
  return out.slice(0, 3).join('; ') })()`

func evalString(t *testing.T, ctx context.Context, js string) string {
	t.Helper()
	tctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	v, err := chromedp.Run(tctx, chromedp.Evaluate[string](js))
	if err != nil {
		return err.Error()
	}
	return v
}

// navClipped is how much of the main navigation its row hides.
const navClipped = `(() => { const n = document.querySelector('#site-nav ul'); return n ? n.scrollWidth - n.clientWidth : 0 })()`
