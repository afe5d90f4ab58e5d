package handlers_test

import (
	"context"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/puente-science/puente/auth"
	"github.com/puente-science/puente/i18n"
	"github.com/puente-science/puente/models"
	"github.com/puente-science/puente/testdb"
)

const (
	mePassword    = "a bridge over the Río de la Plata"
	meNewPassword = "another bridge, to Valparaíso"
	firefoxUA     = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0"
	safariUA      = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1"
)

// en renders a message as an English page shows it, so the tests hold
// whether or not the catalogs have the key yet (a missing key shows as is).
func en(key string, args ...any) string { return i18n.T(context.Background(), key, args...) }

func TestMeRequiresSignIn(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		e := newEnv(t, s, -1)
		for _, path := range []string{"/me", "/me/2fa", "/notifications"} {
			res := e.get(t, path)
			if res.status != http.StatusSeeOther || res.header.Get("Location") != "/login?next="+url.QueryEscape(path) {
				t.Errorf("GET %s anonymous: %d to %q", path, res.status, res.header.Get("Location"))
			}
		}
		cookie, token := e.csrf(t)
		if res := e.form(t, "/me", url.Values{"_csrf": {token}, "name": {"X"}}, cookie); res.status != http.StatusUnauthorized {
			t.Errorf("POST /me anonymous: %d, want 401", res.status)
		}
	})
}

func TestMeProfile(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		e := newEnv(t, s, -1)
		ana := meUser(t, s, "ana@example.org")
		jar := signIn(t, e, ana.Email, mePassword)
		token := pageToken(t, e, "/me", jar)
		insts, err := s.AllInstitutions(context.Background())
		if err != nil || len(insts) == 0 {
			t.Fatalf("institutions: %v", err)
		}
		inst := insts[0].ID
		fields := func(kv ...string) url.Values {
			v := url.Values{"_csrf": {token}, "name": {"Ana Souza"}, "orcid": {"https://orcid.org/0000-0002-1825-0097"},
				"institution": {strconv.FormatInt(inst, 10)}, "country": {"BR"}, "career_level": {"senior_scientist"}, "lang": {"en"},
				"time_zone": {"America/Sao_Paulo"}}
			for i := 0; i+1 < len(kv); i += 2 {
				v.Set(kv[i], kv[i+1])
			}
			return v
		}

		res := e.form(t, "/me", fields(), jar...)
		if res.status != http.StatusSeeOther || res.header.Get("Location") != "/me?saved=1#profile" {
			t.Fatalf("save: %d to %q", res.status, res.header.Get("Location"))
		}
		u, _ := s.UserByID(context.Background(), ana.ID)
		if u.ORCID == nil || *u.ORCID != "0000-0002-1825-0097" || u.TimeZone != "America/Sao_Paulo" || u.Name != "Ana Souza" ||
			u.InstitutionID == nil || *u.InstitutionID != inst || u.CountryISO2 == nil || *u.CountryISO2 != "BR" {
			t.Fatalf("saved profile: %+v", u)
		}
		page := html.UnescapeString(meGet(t, e, "/me?saved=1", jar).body)
		mustContain(t, page, en("me.notice.saved"), `value="0000-0002-1825-0097"`, ana.Email,
			`<option value="America/Sao_Paulo" selected>(UTC−03:00) America/Sao Paulo</option>`,
			`<option value="`+strconv.FormatInt(inst, 10)+`" selected>`, "<optgroup label=")

		res = e.form(t, "/me", fields("name", "Ana Typed", "orcid", "0000-0002-1825-0098"), jar...)
		if res.status != http.StatusUnprocessableEntity {
			t.Fatalf("bad ORCID: status %d, want 422", res.status)
		}
		page = html.UnescapeString(res.body)
		mustContain(t, page, en("account.orcid.invalid"), `value="Ana Typed"`, `value="0000-0002-1825-0098"`,
			`href="#f-orcid"`, `<option value="America/Sao_Paulo" selected>`)
		if u, _ := s.UserByID(context.Background(), ana.ID); u.Name != "Ana Souza" {
			t.Errorf("a refused save changed the name to %q", u.Name)
		}

		for _, zone := range []string{"Mars/Olympus_Mons", "Europe/Paris", ""} {
			res = e.form(t, "/me", fields("time_zone", zone), jar...)
			if res.status != http.StatusUnprocessableEntity {
				t.Errorf("time zone %q: status %d, want 422", zone, res.status)
			}
			mustContain(t, html.UnescapeString(res.body), en("account.time_zone.invalid"), `href="#f-time_zone"`)
		}
	})
}

func TestMePassword(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		e := newEnv(t, s, -1)
		ana := meUser(t, s, "ana@example.org")
		old := signIn(t, e, ana.Email, mePassword)
		token := pageToken(t, e, "/me", old)

		res := e.form(t, "/me/password", url.Values{"_csrf": {token}, "current": {"not my password"}, "password": {meNewPassword}}, old...)
		if res.status != http.StatusUnprocessableEntity {
			t.Fatalf("wrong current password: status %d, want 422", res.status)
		}
		mustContain(t, html.UnescapeString(res.body), en("account.password.wrong"), `href="#f-current"`)

		res = e.form(t, "/me/password", url.Values{"_csrf": {token}, "current": {mePassword}, "password": {meNewPassword}}, old...)
		if res.status != http.StatusSeeOther || res.header.Get("Location") != "/me?password=1#password" {
			t.Fatalf("change: %d to %q", res.status, res.header.Get("Location"))
		}
		fresh := sessionCookie(t, res)
		if res := meGet(t, e, "/me", old); res.status != http.StatusSeeOther {
			t.Errorf("the old session still works after a password change: %d", res.status)
		}
		res = meGet(t, e, "/me?password=1", []*http.Cookie{fresh})
		if res.status != http.StatusOK {
			t.Fatalf("the new session does not work: %d", res.status)
		}
		mustContain(t, html.UnescapeString(res.body), en("me.notice.password"))
		if res, _, _ := postLogin(t, e, ana.Email, mePassword, ""); res.status != http.StatusUnauthorized {
			t.Errorf("the old password still signs in: %d", res.status)
		}
		signIn(t, e, ana.Email, meNewPassword)
	})
}

// meUser creates a verified, active applicant whose password is mePassword.
func meUser(t *testing.T, s *models.Store, email string) *models.User {
	t.Helper()
	hash, err := auth.HashPassword(mePassword)
	if err != nil {
		t.Fatal(err)
	}
	verified := fixedNow.Add(-24 * time.Hour)
	u := &models.User{Email: email, Name: strings.Split(email, "@")[0], PasswordHash: &hash,
		EmailVerifiedAt: &verified, Locale: "en", TimeZone: "UTC", Active: true, CreatedAt: verified}
	if err := s.CreateUser(context.Background(), u, []models.Role{models.RoleApplicant}); err != nil {
		t.Fatal(err)
	}
	return u
}

// signIn signs in through POST /login and returns the session cookie.
func signIn(t *testing.T, e *testEnv, email, password string) []*http.Cookie {
	t.Helper()
	return signInWith(t, e, email, password, "")
}

// signInWith signs in from a browser that sends userAgent.
func signInWith(t *testing.T, e *testEnv, email, password, userAgent string) []*http.Cookie {
	t.Helper()
	res, _, _ := postLogin(t, e, email, password, userAgent)
	if res.status != http.StatusSeeOther || res.header.Get("Location") == "/login/2fa" {
		t.Fatalf("sign in %s: %d to %q", email, res.status, res.header.Get("Location"))
	}
	return []*http.Cookie{sessionCookie(t, res)}
}

// postLogin posts the sign-in form as a new anonymous browser and returns
// the answer with that browser's cookies and CSRF token.
func postLogin(t *testing.T, e *testEnv, email, password, userAgent string) (response, []*http.Cookie, string) {
	t.Helper()
	csrf, token := e.csrf(t)
	fields := url.Values{"_csrf": {token}, "email": {email}, "password": {password}}
	req := httptest.NewRequest(http.MethodPost, "/login", strings.NewReader(fields.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if userAgent != "" {
		req.Header.Set("User-Agent", userAgent)
	}
	req.AddCookie(csrf)
	return e.do(t, req), []*http.Cookie{csrf}, token
}

// secondFactor signs in with the password, then answers /login/2fa.
func secondFactor(t *testing.T, e *testEnv, email, code string) response {
	t.Helper()
	res, cookies, token := postLogin(t, e, email, mePassword, "")
	if res.header.Get("Location") != "/login/2fa" {
		t.Fatalf("sign in %s: %d to %q, want /login/2fa", email, res.status, res.header.Get("Location"))
	}
	cookies = append(cookies, (&http.Response{Header: res.header}).Cookies()...)
	return e.form(t, "/login/2fa", url.Values{"_csrf": {token}, "code": {code}}, cookies...)
}

// sessionCookie is the session cookie a response sets.
func sessionCookie(t *testing.T, res response) *http.Cookie {
	t.Helper()
	for _, c := range (&http.Response{Header: res.header}).Cookies() {
		if c.Name == "puente_session" && c.Value != "" {
			return c
		}
	}
	t.Fatalf("no session cookie (status %d)", res.status)
	return nil
}

// meGet fetches a page with cookies.
func meGet(t *testing.T, e *testEnv, path string, cookies []*http.Cookie) response {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, path, nil)
	for _, c := range cookies {
		req.AddCookie(c)
	}
	return e.do(t, req)
}

var csrfMetaRE = regexp.MustCompile(`<meta name="csrf-token" content="([^"]+)"`)

// pageToken is the CSRF token a signed-in page carries in its meta tag.
func pageToken(t *testing.T, e *testEnv, path string, cookies []*http.Cookie) string {
	t.Helper()
	res := meGet(t, e, path, cookies)
	m := csrfMetaRE.FindStringSubmatch(res.body)
	if res.status != http.StatusOK || m == nil {
		t.Fatalf("GET %s: status %d, no CSRF token", path, res.status)
	}
	return m[1]
}
