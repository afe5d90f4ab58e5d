package handlers_test

import (
	"html"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/puente-science/puente/handlers"
	"github.com/puente-science/puente/i18n"
	"github.com/puente-science/puente/models"
	"github.com/puente-science/puente/testdb"
)

var rowRE = regexp.MustCompile(`<tr>\s*<th scope="row">`)

func TestPublicPages(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		e := newEnv(t, s, 80)
		cat := i18n.Default()

		t.Run("home in four languages", func(t *testing.T) {
			for _, l := range i18n.Langs {
				res := e.get(t, "/", "Accept-Language", l.HTMLLang())
				if res.status != http.StatusOK {
					t.Fatalf("%s: status %d", l, res.status)
				}
				mustContain(t, html.UnescapeString(res.body), `lang="`+l.HTMLLang()+`"`, cat.Message(l, "home.heading"), cat.Message(l, "nav.countries"))
			}
		})
		t.Run("home shows open calls and figures", func(t *testing.T) {
			res := e.get(t, "/")
			mustContain(t, res.body, "Open calls", "days left")
			mustNotContain(t, res.body, "No open calls at the moment")
		})
		t.Run("countries lists every LAC country and territory", func(t *testing.T) {
			res := e.get(t, "/countries")
			if res.status != http.StatusOK {
				t.Fatalf("status %d", res.status)
			}
			if n := len(rowRE.FindAllString(res.body, -1)); n != 50 {
				t.Errorf("%d rows, want 50", n)
			}
			mustContain(t, html.UnescapeString(res.body), "Brazil", "Saint Kitts and Nevis", "Curaçao", "Falkland Islands (Malvinas)", "50 countries and territories")
			mustNotContain(t, res.body, ">China<")
		})
		t.Run("countries filter and sort", func(t *testing.T) {
			res := e.get(t, "/countries?tier=established")
			if n := len(rowRE.FindAllString(res.body, -1)); n != 6 {
				t.Errorf("established: %d rows, want 6", n)
			}
			res = e.get(t, "/countries?priority=yes&sort=projects&dir=desc")
			if n := len(rowRE.FindAllString(res.body, -1)); n != 5 {
				t.Errorf("priority: %d rows, want 5", n)
			}
			if i, j := strings.Index(res.body, ">Brazil<"), strings.Index(res.body, ">Colombia<"); i < 0 || j < 0 || i > j {
				t.Errorf("sorted by projects, Brazil (most projects) should come before Colombia")
			}
			mustContain(t, res.body, `aria-sort="descending"`)
			res = e.get(t, "/countries?q=per")
			mustContain(t, res.body, ">Peru<")
			res = e.get(t, "/countries?q=zzzz")
			mustContain(t, res.body, "No countries found")
			// Unknown filter values are ignored, never passed on.
			res = e.get(t, "/countries?tier=%27%3B--&sort=drop")
			if res.status != http.StatusOK || len(rowRE.FindAllString(res.body, -1)) != 50 {
				t.Errorf("bogus filter: status %d", res.status)
			}
		})
		t.Run("country names sort by the reader's language", func(t *testing.T) {
			res := e.get(t, "/countries?subregion=south_america", "Accept-Language", "es")
			body := html.UnescapeString(res.body)
			if i, j := strings.Index(body, ">Perú<"), strings.Index(body, ">Paraguay<"); i < 0 || j < 0 || j > i {
				t.Errorf("in Spanish, Paraguay should come before Perú")
			}
		})
		t.Run("country page shows the study's indicators", func(t *testing.T) {
			res := e.get(t, "/countries/BR")
			if res.status != http.StatusOK {
				t.Fatalf("status %d", res.status)
			}
			body := html.UnescapeString(res.body)
			mustContain(t, body, "Brazil", "Vascular plant species", "33,161", "Tong & Sun (2023)", "2016", "Established", "Priority")
			res = e.get(t, "/countries/BR", "Accept-Language", "pt-BR")
			mustContain(t, html.UnescapeString(res.body), "Brasil", "33.161")
		})
		t.Run("territory page names its administering state", func(t *testing.T) {
			res := e.get(t, "/countries/AW")
			mustContain(t, res.body, "Aruba", "the Netherlands")
		})
		t.Run("country addresses", func(t *testing.T) {
			if res := e.get(t, "/countries/br"); res.status != http.StatusMovedPermanently || res.header.Get("Location") != "/countries/BR" {
				t.Errorf("/countries/br: %d %q", res.status, res.header.Get("Location"))
			}
			for _, p := range []string{"/countries/XX", "/countries/BRA", "/countries/%00%27"} {
				if res := e.get(t, p); res.status != http.StatusNotFound {
					t.Errorf("%s: status %d, want 404", p, res.status)
				}
			}
		})
		t.Run("disciplines priorities channels", func(t *testing.T) {
			res := e.get(t, "/disciplines")
			mustContain(t, res.body, "Natural sciences", "Biological sciences", "2.10", "Nano-technology")
			res = e.get(t, "/priorities")
			mustContain(t, res.body, "Biodiversity", "Brazil", "target")
			res = e.get(t, "/channels")
			mustContain(t, res.body, "PIFI", "Stable multi-year")
			res = e.get(t, "/disciplines", "Accept-Language", "zh-CN")
			mustContain(t, res.body, "自然科学")
		})
		t.Run("error pages are translated", func(t *testing.T) {
			for _, l := range i18n.Langs {
				res := e.get(t, "/no/such/page", "Accept-Language", l.HTMLLang())
				if res.status != http.StatusNotFound {
					t.Fatalf("status %d", res.status)
				}
				mustContain(t, html.UnescapeString(res.body), cat.Message(l, "error.not_found.title"))
			}
		})
		t.Run("health and readiness", func(t *testing.T) {
			if res := e.get(t, "/healthz"); res.status != 200 || !strings.Contains(res.body, "ok") {
				t.Errorf("healthz: %d %s", res.status, res.body)
			}
			if res := e.get(t, "/readyz"); res.status != 200 || !strings.Contains(res.body, "ready") {
				t.Errorf("readyz: %d %s", res.status, res.body)
			}
		})
		t.Run("security headers", func(t *testing.T) {
			res := e.get(t, "/countries")
			for h, want := range map[string]string{
				"Content-Security-Policy": "frame-ancestors 'none'",
				"X-Content-Type-Options":  "nosniff",
				"Referrer-Policy":         "strict-origin-when-cross-origin",
				"X-Request-Id":            "",
			} {
				if got := res.header.Get(h); got == "" || !strings.Contains(got, want) {
					t.Errorf("%s = %q", h, got)
				}
			}
		})
		t.Run("static assets are cache-busted", func(t *testing.T) {
			res := e.get(t, "/")
			m := regexp.MustCompile(`href="(/static/css/app\.[0-9a-f]{10}\.css)"`).FindStringSubmatch(res.body)
			if m == nil {
				t.Fatal("no hashed stylesheet link")
			}
			css := e.get(t, m[1])
			if css.status != 200 || !strings.Contains(css.header.Get("Cache-Control"), "immutable") || !strings.HasPrefix(css.header.Get("Content-Type"), "text/css") {
				t.Errorf("stylesheet: %d %v", css.status, css.header)
			}
			if res := e.get(t, "/static/css/app.css"); res.status != http.StatusNotFound {
				t.Errorf("unhashed name: %d", res.status)
			}
		})
	})
}

func TestLanguageSwitch(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		e := newEnv(t, s, -1)
		cookie, token := e.csrf(t)
		// Without the token the change is refused.
		res := e.form(t, "/lang", url.Values{"lang": {"es"}, "next": {"/countries"}}, cookie)
		if res.status != http.StatusForbidden {
			t.Fatalf("no token: status %d, want 403", res.status)
		}
		res = e.form(t, "/lang", url.Values{"lang": {"es"}, "next": {"/countries"}, "_csrf": {"forged"}}, cookie)
		if res.status != http.StatusForbidden {
			t.Fatalf("wrong token: status %d, want 403", res.status)
		}
		res = e.form(t, "/lang", url.Values{"lang": {"es"}, "next": {"/countries?tier=developing"}, "_csrf": {token}}, cookie)
		if res.status != http.StatusSeeOther || res.header.Get("Location") != "/countries?tier=developing" {
			t.Fatalf("switch: %d %q", res.status, res.header.Get("Location"))
		}
		var lang *http.Cookie
		for _, c := range (&http.Response{Header: res.header}).Cookies() {
			if c.Name == "puente_lang" {
				lang = c
			}
		}
		if lang == nil || lang.Value != "es" || !lang.HttpOnly {
			t.Fatalf("language cookie = %+v", lang)
		}
		req, _ := http.NewRequest(http.MethodGet, "/countries", nil)
		req.AddCookie(lang)
		req.Header.Set("Accept-Language", "zh")
		page := e.do(t, req)
		mustContain(t, html.UnescapeString(page.body), `lang="es"`, "Países")
		// The return address cannot lead off the site.
		for _, next := range []string{"//evil.example/", "https://evil.example/", "/\\evil.example", "javascript:alert(1)"} {
			res = e.form(t, "/lang", url.Values{"lang": {"pt"}, "next": {next}, "_csrf": {token}}, cookie)
			if res.header.Get("Location") != "/" {
				t.Errorf("next=%q redirected to %q", next, res.header.Get("Location"))
			}
		}
		res = e.form(t, "/lang", url.Values{"lang": {"fr"}, "_csrf": {token}}, cookie)
		if res.status != http.StatusBadRequest {
			t.Errorf("unknown language: %d", res.status)
		}
	})
}

// TestQueriesBounded proves the pages run the same number of statements
// whatever the portfolio's size: no query per row.
func TestQueriesBounded(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		e := newEnv(t, s, 20)
		pages := []string{"/", "/countries", "/countries/BR", "/disciplines", "/priorities", "/channels"}
		small := map[string]int64{}
		for _, p := range pages {
			e.queries.Reset()
			if res := e.get(t, p); res.status != 200 {
				t.Fatalf("%s: %d", p, res.status)
			}
			small[p] = e.queries.Count()
			if small[p] > 10 {
				t.Errorf("%s runs %d statements", p, small[p])
			}
		}
		if _, err := demoMore(s, 200); err != nil {
			t.Fatal(err)
		}
		for _, p := range pages {
			e.queries.Reset()
			e.get(t, p)
			if got := e.queries.Count(); got != small[p] {
				t.Errorf("%s: %d statements with 20 projects, %d with 220", p, small[p], got)
			}
		}
	})
}

// TestLogsHoldNoSecrets sends a password, a token link and a cookie through
// the app and checks that none reaches the log.
func TestLogsHoldNoSecrets(t *testing.T) {
	s := testdb.Open(t, "sqlite")
	var buf strings.Builder
	e := newEnvWith(t, s, func(d *handlers.Deps) { d.Log = slog.New(slog.NewJSONHandler(&buf, nil)) })
	b := e.browser()
	b.post(t, "/login", url.Values{"email": {"a@example.org"}, "password": {"hunter2-secret-password"}})
	b.get(t, "/verify/SECRETTOKENabcdefghijklmnopqrstuvwxyz")
	b.get(t, "/password/reset/SECRETTOKENabcdefghijklmnopqrstuvwxyz")
	b.get(t, "/invite/SECRETTOKENabcdefghijklmnopqrstuvwxyz")
	log := buf.String()
	if !strings.Contains(log, `"path":"/verify/[redacted]"`) {
		t.Fatalf("no redacted request line in the log:\n%s", log)
	}
	for _, secret := range []string{"hunter2", "SECRETTOKEN", b.cookies["puente_csrf"].Value} {
		if strings.Contains(log, secret) {
			t.Errorf("the log holds %q", secret)
		}
	}
}
