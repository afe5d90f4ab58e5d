package handlers_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"testing"

	"github.com/puente-science/puente/auth"
	"github.com/puente-science/puente/i18n"
	"github.com/puente-science/puente/models"
	"github.com/puente-science/puente/testdb"
)

var (
	secretRE   = regexp.MustCompile(`secret=([A-Z2-7]+)`)
	recoveryRE = regexp.MustCompile(`<code>([a-z2-9]{5}-[a-z2-9]{5})</code>`)
)

func TestMeTwoFactor(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		e := newEnv(t, s, -1)
		ana := meUser(t, s, "ana@example.org")
		jar := signIn(t, e, ana.Email, mePassword)
		token := pageToken(t, e, "/me/2fa", jar)

		res := e.form(t, "/me/2fa/start", url.Values{"_csrf": {token}}, jar...)
		if res.status != http.StatusSeeOther || res.header.Get("Location") != "/me/2fa" {
			t.Fatalf("start: %d to %q", res.status, res.header.Get("Location"))
		}
		res = meGet(t, e, "/me/2fa", jar)
		mustContain(t, res.body, `<svg class="qr"`, "otpauth://totp/Puente:", `action="/me/2fa/enable"`)
		mustNotContain(t, res.body, "style=", "<script>")
		if cc := res.header.Get("Cache-Control"); cc != "no-store" {
			t.Errorf("set-up page Cache-Control %q, want no-store", cc)
		}
		m := secretRE.FindStringSubmatch(res.body)
		if m == nil {
			t.Fatal("no secret in the otpauth address")
		}
		step := auth.TOTPStep(fixedNow)
		code, _ := auth.TOTPCode(m[1], step)

		wrong := "000000"
		if wrong == code {
			wrong = "111111"
		}
		res = e.form(t, "/me/2fa/enable", url.Values{"_csrf": {token}, "code": {wrong}}, jar...)
		if res.status != http.StatusUnprocessableEntity {
			t.Fatalf("wrong code: status %d, want 422", res.status)
		}
		mustContain(t, html.UnescapeString(res.body), en("me.2fa.code.invalid"))

		res = e.form(t, "/me/2fa/enable", url.Values{"_csrf": {token}, "code": {code}}, jar...)
		codes := recoveryRE.FindAllStringSubmatch(res.body, -1)
		if res.status != http.StatusOK || len(codes) != 10 {
			t.Fatalf("enable: status %d, %d recovery codes, want 10", res.status, len(codes))
		}
		mustContain(t, html.UnescapeString(res.body), en("me.recovery.sheet.for", "email", ana.Email, "date", i18n.Date(context.Background(), fixedNow)))
		res = meGet(t, e, "/me/2fa", jar)
		mustContain(t, html.UnescapeString(res.body), i18n.TN(context.Background(), "me.recovery.left", 10), `action="/me/2fa/disable"`)
		if recoveryRE.MatchString(res.body) {
			t.Error("the recovery codes are shown again")
		}

		if res := e.form(t, "/logout", url.Values{"_csrf": {token}}, jar...); res.status != http.StatusSeeOther {
			t.Fatalf("logout: %d", res.status)
		}
		// The code that turned two-step sign-in on cannot sign in: replay.
		if res := secondFactor(t, e, ana.Email, code); res.status != http.StatusUnprocessableEntity {
			t.Errorf("replayed code: status %d, want 422", res.status)
		}
		res = secondFactor(t, e, ana.Email, codes[0][1])
		if res.status != http.StatusSeeOther {
			t.Fatalf("recovery code: status %d, want 303", res.status)
		}
		if res := meGet(t, e, "/me", []*http.Cookie{sessionCookie(t, res)}); res.status != http.StatusOK {
			t.Errorf("signed in with a recovery code, /me answers %d", res.status)
		}
		if res := secondFactor(t, e, ana.Email, codes[0][1]); res.status != http.StatusUnprocessableEntity {
			t.Errorf("a used recovery code: status %d, want 422", res.status)
		}
		next, _ := auth.TOTPCode(m[1], step+1)
		if res := secondFactor(t, e, ana.Email, next); res.status != http.StatusSeeOther {
			t.Errorf("the next code: status %d, want 303", res.status)
		}
	})
}
