package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/puente-science/puente/accounts"
	"github.com/puente-science/puente/auth"
	"github.com/puente-science/puente/models"
	"github.com/puente-science/puente/testdb"
)

// allRolesSession creates a user holding every role and returns a session
// token for the puente_session cookie.
func allRolesSession(t *testing.T, s *models.Store, email string) (*models.User, string) {
	t.Helper()
	ctx := context.Background()
	hash, _ := auth.HashPassword("sweep every page please")
	now := fixedNow
	u := &models.User{Email: email, Name: "Alex All-Roles", PasswordHash: &hash, EmailVerifiedAt: &now,
		Locale: "en", TimeZone: "America/Sao_Paulo", Active: true}
	if err := s.CreateUser(ctx, u, auth.Roles); err != nil {
		t.Fatal(err)
	}
	svc := accounts.New(s, nil, []byte(strings.Repeat("e", 32)), false, func() time.Time { return fixedNow })
	token, _, err := svc.StartSession(ctx, u.ID, accounts.Meta{})
	if err != nil {
		t.Fatal(err)
	}
	return u, token
}

// standardsPages are the pages the standards test checks: every kind of
// page, public and for each role, with records of the demo portfolio.
func standardsPages(t *testing.T, s *models.Store) []string {
	t.Helper()
	db := s.DB()
	first := func(q string, args ...any) string {
		var id int64
		if err := db.Raw(q, args...).Scan(&id).Error; err != nil || id == 0 {
			t.Fatalf("no record for %q: %v", q, err)
		}
		return fmt.Sprint(id)
	}
	active := first(`SELECT id FROM projects WHERE state = 'active' ORDER BY id LIMIT 1`)
	submitted := first(`SELECT id FROM projects WHERE state IN ('submitted', 'in_review') ORDER BY id LIMIT 1`)
	approved := first(`SELECT id FROM projects WHERE state = 'approved' ORDER BY id LIMIT 1`)
	report := first(`SELECT id FROM reports ORDER BY id LIMIT 1`)
	call := first(`SELECT id FROM calls ORDER BY id LIMIT 1`)
	pages := slices.Clone(sweepPages)
	for _, p := range []string{"/portfolio?measure=funding&from=2020", "/reports?tab=overdue", "/reports/" + report,
		"/projects?stage=implementation&sort=awarded&dir=desc", "/projects/" + active, "/projects/" + active + "/history",
		"/projects/" + submitted, "/projects/" + submitted + "/reviewers", "/projects/" + approved + "/agreement", "/calls/" + call} {
		if !slices.Contains(pages, p) {
			pages = append(pages, p)
		}
	}
	return pages
}

// TestPagesMeetStandards checks every kind of page with the tools a
// reviewer would use: axe-core (WCAG 2.1 A and AA and best practices) in
// Chromium on the rendered page, and html-validate (the HTML standard and
// its accessibility rules) on the HTML the server sends. Both come from
// npm (devDependencies); without node_modules the test is skipped, except
// in CI.
func TestPagesMeetStandards(t *testing.T) {
	axePath := filepath.Join("..", "node_modules", "axe-core", "axe.min.js")
	validator := filepath.Join("..", "node_modules", ".bin", "html-validate")
	axeJS, err := os.ReadFile(axePath)
	if err != nil {
		if os.Getenv("PUENTE_REQUIRE_BROWSER") != "" {
			t.Fatalf("axe-core is missing (npm ci): %v", err)
		}
		t.Skip("axe-core is not installed (npm ci); standards test skipped")
	}
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		if s.Dialect() != "sqlite" {
			t.Skip("the pages are the same on both databases; checked once")
		}
		seed(t, s, 40)
		base := serve(t, s)
		ctx := browser(t)
		_, token := allRolesSession(t, s, "standards@example.org")
		pages := standardsPages(t, s)
		do(t, ctx, goTo(base+"/healthz"))
		dir := t.TempDir()
		client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		n := 0
		check := func(p, lang string, signedIn bool) {
			// The HTML as sent, for the validator.
			req, _ := http.NewRequest(http.MethodGet, base+p, nil)
			if signedIn {
				req.AddCookie(&http.Cookie{Name: "puente_session", Value: token})
			}
			req.AddCookie(&http.Cookie{Name: "puente_lang", Value: lang})
			res, err := client.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			body, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if res.StatusCode >= 500 || (res.StatusCode >= 300 && res.StatusCode < 400) {
				t.Errorf("%s: %d", p, res.StatusCode)
				return
			}
			n++
			name := fmt.Sprintf("%s-%02d-%s.html", lang, n, strings.NewReplacer("/", "_", "?", "_", "&", "_", "=", "_").Replace(p))
			if err := os.WriteFile(filepath.Join(dir, name), body, 0o644); err != nil {
				t.Fatal(err)
			}
			// The page as rendered, for axe.
			do(t, ctx, goTo(base+p), waitVisible("h1"))
			tctx, cancel := context.WithTimeout(ctx, 60*time.Second)
			found, err := chromedp.Run(tctx, chromedp.Evaluate[string](string(axeJS)+`
				;axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})
					.then(r => JSON.stringify(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
						nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}))))`, chromedp.EvalAwaitPromise))
			cancel()
			if err != nil {
				t.Fatalf("%s: axe: %v", p, err)
			}
			var violations []struct {
				ID, Impact, Help string
				Nodes            []string
			}
			if err := json.Unmarshal([]byte(found), &violations); err != nil {
				t.Fatal(err)
			}
			for _, v := range violations {
				t.Errorf("%s (%s): axe %s (%s): %s — %s", p, lang, v.ID, v.Impact, v.Help, strings.Join(v.Nodes, " | "))
			}
		}
		cookie := func(name, value string) {
			js := fmt.Sprintf(`document.cookie = "%s=%s; path=/"; true`, name, value)
			if value == "" {
				js = fmt.Sprintf(`document.cookie = "%s=; path=/; max-age=0"; true`, name)
			}
			if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](js)); err != nil {
				t.Fatal(err)
			}
		}
		anonymous := []string{"/login", "/register", "/password/forgot"}
		for _, lang := range []string{"en", "zh"} {
			cookie("puente_lang", lang)
			cookie("puente_session", token)
			for _, p := range pages {
				if !slices.Contains(anonymous, p) {
					check(p, lang, true)
				}
			}
			cookie("puente_session", "")
			for _, p := range append(anonymous, "/", "/calls", "/countries/BR") {
				check(p, lang, false)
			}
		}
		if _, err := os.Stat(validator); err != nil {
			t.Fatalf("html-validate is missing (npm ci): %v", err)
		}
		files, _ := filepath.Glob(filepath.Join(dir, "*.html"))
		cmd := exec.Command(validator, append([]string{"--config", filepath.Join("..", ".htmlvalidate.json"), "--formatter", "text"}, files...)...)
		out, err := cmd.CombinedOutput()
		if err != nil {
			report := strings.ReplaceAll(string(out), dir+string(filepath.Separator), "")
			if len(report) > 20000 {
				report = report[:20000] + "\n…"
			}
			t.Errorf("html-validate found errors in the pages:\n%s", report)
		}
	})
}
