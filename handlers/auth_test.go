package handlers_test

import (
	"fmt"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/puente-science/puente/auth"
	"github.com/puente-science/puente/models"
	"github.com/puente-science/puente/testdb"
)

const goodPassword = "a bridge across the Pacific 2026"

func TestRegisterVerifySignIn(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		e := newEnv(t, s, -1)
		b := e.browser()
		if res := b.get(t, "/register"); res.status != 200 {
			t.Fatalf("register page: %d", res.status)
		}
		// Bad input: messages next to the fields, nothing typed lost.
		res := b.post(t, "/register", url.Values{"name": {"Ana Souza"}, "email": {"not-an-address"},
			"password": {"short"}, "lang": {"pt"}, "country": {"BR"}})
		if res.status != http.StatusUnprocessableEntity {
			t.Fatalf("bad registration: %d", res.status)
		}
		mustContain(t, html.UnescapeString(res.body), `value="Ana Souza"`, `value="not-an-address"`,
			"Use at least 12 characters.", "Enter an e-mail address", `aria-invalid="true"`)
		// Good input: check your e-mail, and a verification link in the outbox.
		res = b.post(t, "/register", url.Values{"name": {"Ana Souza"}, "email": {"Ana@Example.org"},
			"password": {goodPassword}, "lang": {"pt"}, "country": {"BR"}, "career_level": {"senior_scientist"}})
		if res.status != 200 || !strings.Contains(res.body, "ana@example.org") && !strings.Contains(res.body, "Ana@Example.org") {
			t.Fatalf("registration: %d", res.status)
		}
		// Signing in before verifying is refused with a way to get a new link.
		res = b.post(t, "/login", url.Values{"email": {"ana@example.org"}, "password": {goodPassword}})
		if res.status != http.StatusForbidden || !strings.Contains(res.body, "/verify/resend") {
			t.Fatalf("unverified sign-in: %d", res.status)
		}
		m := lastMail(t, s, "ana@example.org")
		if m.Locale != "pt" || !strings.Contains(m.Subject, "") {
			t.Errorf("verification mail locale %q", m.Locale)
		}
		link := mailLink(t, m)
		// Opening the link changes nothing; the button does.
		if res := b.get(t, link); res.status != 200 || !strings.Contains(res.body, `action="`+link+`"`) {
			t.Fatalf("verify page: %d", res.status)
		}
		if res := b.post(t, link, nil); res.status != http.StatusSeeOther {
			t.Fatalf("verify: %d", res.status)
		}
		if res := b.post(t, link, nil); res.status != http.StatusBadRequest {
			t.Errorf("second use of the link: %d, want 400", res.status)
		}
		b.signIn(t, "ANA@example.org ", goodPassword)
		if !b.signedIn(t) {
			t.Fatal("not signed in after verification")
		}
		// The same address again: same answer, and the holder is told.
		other := e.browser()
		res = other.post(t, "/register", url.Values{"name": {"Someone"}, "email": {"ana@example.org"},
			"password": {goodPassword + "x"}, "lang": {"en"}})
		if res.status != 200 {
			t.Fatalf("duplicate registration: %d", res.status)
		}
		var n int64
		s.DB().Model(&models.User{}).Where("email = ?", "ana@example.org").Count(&n)
		if n != 1 {
			t.Errorf("%d accounts for one address", n)
		}
		if got := lastMail(t, s, "ana@example.org"); got.ID == m.ID {
			t.Error("no account-exists notice sent")
		}
	})
}

func TestSessionCookieAndLogout(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		e := newEnv(t, s, -1)
		testUser(t, s, "officer@example.org", goodPassword, auth.Officer)
		b := e.browser()
		b.get(t, "/login")
		req, _ := http.NewRequest(http.MethodPost, "/login", strings.NewReader(url.Values{"email": {"officer@example.org"},
			"password": {goodPassword}, "_csrf": {b.token}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		res := b.send(t, req)
		setCookie := strings.Join(res.header.Values("Set-Cookie"), "\n")
		for _, want := range []string{"puente_session=", "HttpOnly", "SameSite=Lax", "Path=/"} {
			if !strings.Contains(strings.ToLower(setCookie), strings.ToLower(want)) {
				t.Errorf("session cookie lacks %q: %s", want, setCookie)
			}
		}
		old := b.cookies["puente_session"]
		if !b.signedIn(t) {
			t.Fatal("not signed in")
		}
		// A new session id at every sign-in.
		b2 := e.browser()
		b2.signIn(t, "officer@example.org", goodPassword)
		if b2.cookies["puente_session"].Value == old.Value {
			t.Error("two sign-ins share a session token")
		}
		if res := b.post(t, "/logout", nil); res.status != http.StatusSeeOther {
			t.Fatalf("logout: %d", res.status)
		}
		// The old cookie is dead server-side, not just deleted in the browser.
		replay := e.browser()
		replay.cookies["puente_session"] = old
		if replay.signedIn(t) {
			t.Error("session still works after logout")
		}
		if !b2.signedIn(t) {
			t.Error("logout ended another session")
		}
	})
}

func TestSecureCookiesOverHTTPS(t *testing.T) {
	s := testdb.Open(t, "sqlite")
	e := newEnvHTTPS(t, s)
	testUser(t, s, "dir@example.org", goodPassword, auth.Director)
	b := e.browser()
	b.get(t, "/login")
	res := b.post(t, "/login", url.Values{"email": {"dir@example.org"}, "password": {goodPassword}})
	setCookie := strings.Join(res.header.Values("Set-Cookie"), "\n")
	for _, want := range []string{"__Host-puente_session=", "secure", "HttpOnly"} {
		if !strings.Contains(strings.ToLower(setCookie), strings.ToLower(want)) {
			t.Errorf("HTTPS session cookie lacks %q: %s", want, setCookie)
		}
	}
	if res.header.Get("Strict-Transport-Security") == "" {
		t.Error("no HSTS over HTTPS")
	}
}

func TestBruteForceLimited(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		e := newEnv(t, s, -1)
		testUser(t, s, "target@example.org", goodPassword, auth.Applicant)
		b := e.browser()
		b.get(t, "/login")
		try := func(i int, password string) response {
			req, _ := http.NewRequest(http.MethodPost, "/login", strings.NewReader(url.Values{
				"email": {"target@example.org"}, "password": {password}, "_csrf": {b.token}}.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("X-Forwarded-For", fmt.Sprintf("203.0.113.%d", i))
			return b.send(t, req)
		}
		for i := 1; i <= 10; i++ {
			if res := try(i, "wrong password number "+fmt.Sprint(i)); res.status != http.StatusUnauthorized {
				t.Fatalf("attempt %d: %d, want 401", i, res.status)
			}
		}
		res := try(11, "wrong password eleven")
		if res.status != http.StatusTooManyRequests {
			t.Fatalf("11th attempt: %d, want 429", res.status)
		}
		if res.header.Get("Retry-After") == "" {
			t.Error("429 without Retry-After")
		}
		mustContain(t, res.body, "Too many attempts", "try again in")
		// Even the right password waits, from any forwarded address.
		if res := try(99, goodPassword); res.status != http.StatusTooManyRequests {
			t.Errorf("right password while limited: %d", res.status)
		}
		// Another account is not affected.
		testUser(t, s, "other@example.org", goodPassword, auth.Applicant)
		e.browser().signIn(t, "other@example.org", goodPassword)
		// The page is translated.
		es := e.browser()
		req, _ := http.NewRequest(http.MethodGet, "/login", nil)
		req.Header.Set("Accept-Language", "es")
		es.send(t, req)
		req, _ = http.NewRequest(http.MethodPost, "/login", strings.NewReader(url.Values{
			"email": {"target@example.org"}, "password": {"x"}, "_csrf": {es.token}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Accept-Language", "es")
		if res := es.send(t, req); res.status != 429 || !strings.Contains(html.UnescapeString(res.body), "Demasiados intentos") {
			t.Errorf("Spanish 429 page: %d", res.status)
		}
	})
}

func TestPasswordReset(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		e := newEnv(t, s, -1)
		testUser(t, s, "pi@example.org", goodPassword, auth.Applicant)
		old := e.browser()
		old.signIn(t, "pi@example.org", goodPassword)
		b := e.browser()
		unknown := b.post(t, "/password/forgot", url.Values{"email": {"nobody@example.org"}})
		known := b.post(t, "/password/forgot", url.Values{"email": {"pi@example.org"}})
		if unknown.status != 200 || known.status != 200 {
			t.Fatalf("forgot: %d %d", unknown.status, known.status)
		}
		strip := func(body string) string { return strings.ReplaceAll(body, "nobody@example.org", "pi@example.org") }
		if a, b := metaToken.ReplaceAllString(strip(unknown.body), ""), metaToken.ReplaceAllString(known.body, ""); a != b {
			t.Error("the answer reveals whether the address has an account")
		}
		link := mailLink(t, lastMail(t, s, "pi@example.org"))
		if res := b.post(t, link, url.Values{"password": {"123456789012"}}); res.status != http.StatusUnprocessableEntity {
			t.Errorf("common password accepted: %d", res.status)
		}
		newPassword := "a new bridge over the Andes"
		if res := b.post(t, link, url.Values{"password": {newPassword}}); res.status != http.StatusSeeOther {
			t.Fatalf("reset: %d", res.status)
		}
		if old.signedIn(t) {
			t.Error("the old session survived the password reset")
		}
		e.browser().signIn(t, "pi@example.org", newPassword)
		if res := b.post(t, link, url.Values{"password": {"yet another long password"}}); res.status != http.StatusBadRequest {
			t.Errorf("reset link reused: %d", res.status)
		}
	})
}

func TestCSRFBoundToSession(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		e := newEnv(t, s, -1)
		testUser(t, s, "a@example.org", goodPassword, auth.Applicant)
		testUser(t, s, "b@example.org", goodPassword, auth.Applicant)
		a, b := e.browser(), e.browser()
		a.signIn(t, "a@example.org", goodPassword)
		b.signIn(t, "b@example.org", goodPassword)
		if res := a.post(t, "/logout", url.Values{"_csrf": {""}}); res.status != http.StatusForbidden {
			t.Errorf("no token: %d", res.status)
		}
		if res := a.post(t, "/logout", url.Values{"_csrf": {b.token}}); res.status != http.StatusForbidden {
			t.Errorf("another session's token: %d", res.status)
		}
		if !a.signedIn(t) {
			t.Fatal("a refused logout signed out anyway")
		}
		if res := a.post(t, "/logout", nil); res.status != http.StatusSeeOther {
			t.Errorf("own token: %d", res.status)
		}
	})
}
