package handlers_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/puente-science/puente/accounts"
	"github.com/puente-science/puente/config"
	"github.com/puente-science/puente/demo"
	"github.com/puente-science/puente/handlers"
	"github.com/puente-science/puente/i18n"
	"github.com/puente-science/puente/mail"
	"github.com/puente-science/puente/models"
	"github.com/puente-science/puente/refdata"
	"github.com/puente-science/puente/static"
	"github.com/puente-science/puente/testdb"
)

// fixedNow is the clock of every handler test, so open calls and countdowns
// do not depend on the day the tests run.
var fixedNow = time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)

type testEnv struct {
	app     *fiber.App
	store   *models.Store
	queries *testdb.QueryCounter
}

// newEnv seeds the reference data and a demo portfolio of n projects and
// builds the real application on the store.
func newEnv(t *testing.T, s *models.Store, n int) *testEnv {
	t.Helper()
	ctx := context.Background()
	if _, err := refdata.Seed(ctx, s); err != nil {
		t.Fatalf("seed: %v", err)
	}
	if n >= 0 {
		if _, err := demo.Generate(ctx, s, demo.Options{Projects: n, Seed: 7, Now: fixedNow}); err != nil {
			t.Fatalf("demo: %v", err)
		}
	}
	q, err := testdb.CountQueries(s.DB())
	if err != nil {
		t.Fatal(err)
	}
	return &testEnv{app: newApp(t, s), store: s, queries: q}
}

func newApp(t *testing.T, s *models.Store) *fiber.App {
	return newAppWith(t, s, nil)
}

// newEnvWith builds an environment on seeded reference data whose
// dependencies tweak changes first.
func newEnvWith(t *testing.T, s *models.Store, tweak func(*handlers.Deps)) *testEnv {
	t.Helper()
	if _, err := refdata.Seed(context.Background(), s); err != nil {
		t.Fatal(err)
	}
	return &testEnv{app: newAppWith(t, s, tweak), store: s}
}

func newAppWith(t *testing.T, s *models.Store, tweak func(*handlers.Deps)) *fiber.App {
	t.Helper()
	catalog, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	assets, err := static.Load()
	if err != nil {
		t.Fatal(err)
	}
	base, _ := url.Parse("http://localhost:8080")
	cfg := config.Config{Addr: ":8080", Secret: []byte(strings.Repeat("s", 32)), BaseURL: base, DataDir: t.TempDir()}
	now := func() time.Time { return fixedNow }
	mailer := mail.New(cfg, s, slog.New(slog.DiscardHandler), now)
	s.SetNotifier(mail.Notifier(mailer, s))
	d := handlers.Deps{Config: cfg, Store: s, Log: testLogger(), Catalog: catalog, Assets: assets, Now: now, Mailer: mailer,
		Files: filesFor(s, cfg.DataDir)}
	if tweak != nil {
		tweak(&d)
	}
	d.Accounts = accounts.New(s, mailer, cfg.Secret, d.Config.Require2FAStaff, now)
	return handlers.New(d)
}

type response struct {
	status int
	header http.Header
	body   string
}

// do sends a request through the whole application, middleware included.
func (e *testEnv) do(t *testing.T, req *http.Request) response {
	t.Helper()
	res, err := e.app.Test(req, -1)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return response{status: res.StatusCode, header: res.Header, body: string(b)}
}

func (e *testEnv) get(t *testing.T, path string, header ...string) response {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, path, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return e.do(t, req)
}

// form posts fields with the given cookies.
func (e *testEnv) form(t *testing.T, path string, fields url.Values, cookies ...*http.Cookie) response {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(fields.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for _, c := range cookies {
		req.AddCookie(c)
	}
	return e.do(t, req)
}

// csrf fetches a page and returns its CSRF cookie and the token its forms carry.
func (e *testEnv) csrf(t *testing.T) (*http.Cookie, string) {
	t.Helper()
	res := e.get(t, "/")
	var cookie *http.Cookie
	for _, c := range (&http.Response{Header: res.header}).Cookies() {
		if c.Name == "puente_csrf" {
			cookie = c
		}
	}
	m := regexp.MustCompile(`name="csrf-token" content="([^"]+)"`).FindStringSubmatch(res.body)
	if cookie == nil || m == nil {
		t.Fatal("no CSRF cookie or meta token on the home page")
	}
	return cookie, m[1]
}

func mustContain(t *testing.T, body string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(body, w) {
			t.Errorf("page lacks %q", w)
		}
	}
}

func mustNotContain(t *testing.T, body string, nots ...string) {
	t.Helper()
	for _, w := range nots {
		if strings.Contains(body, w) {
			t.Errorf("page contains %q", w)
		}
	}
}

// newEnvHTTPS builds the app as served behind HTTPS (secure cookies).
func newEnvHTTPS(t *testing.T, s *models.Store) *testEnv {
	t.Helper()
	if _, err := refdata.Seed(context.Background(), s); err != nil {
		t.Fatal(err)
	}
	catalog, _ := i18n.Load()
	assets, _ := static.Load()
	base, _ := url.Parse("https://puente.example.org")
	cfg := config.Config{Addr: ":8080", Secret: []byte(strings.Repeat("s", 32)), BaseURL: base, DataDir: t.TempDir()}
	now := func() time.Time { return fixedNow }
	mailer := mail.New(cfg, s, slog.New(slog.DiscardHandler), now)
	app := handlers.New(handlers.Deps{Config: cfg, Store: s, Log: slog.New(slog.DiscardHandler), Catalog: catalog,
		Assets: assets, Now: now, Mailer: mailer, Accounts: accounts.New(s, mailer, cfg.Secret, false, now)})
	return &testEnv{app: app, store: s}
}

// testLogger discards logs unless PUENTE_TEST_LOG is set.
func testLogger() *slog.Logger {
	if os.Getenv("PUENTE_TEST_LOG") != "" {
		return slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	return slog.New(slog.DiscardHandler)
}
