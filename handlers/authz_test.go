package handlers_test

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/puente-science/puente/accounts"
	"github.com/puente-science/puente/auth"
	"github.com/puente-science/puente/handlers"
	"github.com/puente-science/puente/models"
	"github.com/puente-science/puente/testdb"
)

// who may use a route, written out by hand so that the test does not
// merely repeat the route table's own declarations.
type who int

const (
	anyone who = iota // public
	signed            // any signed-in user
	admins            // administrators only
)

// spec says who may use a route and how to reach its records: the path of
// a record the actor may see (own), one they may not (foreign), and one
// that does not exist (missing). Empty paths are not probed.
type spec struct {
	who                   who
	own, foreign, missing string
	missingStatus         int // when a missing record answers other than 404
	// ownFor and foreignFor override own and foreign per actor name
	// ("applicant", "reviewer", …) where what is one's own depends on who
	// asks (the applicant's own project, the reviewer's assignment).
	ownFor, foreignFor map[string]string
	// roles widens who: these roles may use the route too (e.g. officers
	// and directors on a staff page); with who = admins and roles set, only
	// the listed roles (and admins) pass.
	roles []auth.Role
}

// extraSpecs lets each area's test file add the expectations of its own
// routes (from an init function), with fixtures it creates itself.
var extraSpecs []func(t *testing.T, s *models.Store, users map[string]int64) map[string]spec

// fixture is what the probes point at.
type fixture struct {
	otherSession string
	userID       int64
	mailID       int64
}

func authzSpecs(fx fixture) map[string]spec {
	bogus := "/bogus-token-0123456789abcdefghij"
	uid := strconv.FormatInt(fx.userID, 10)
	mid := strconv.FormatInt(fx.mailID, 10)
	return map[string]spec{
		"GET /":                           {who: anyone, own: "/"},
		"POST /lang":                      {who: anyone, own: "/lang"},
		"GET /login":                      {who: anyone, own: "/login"},
		"POST /login":                     {who: anyone, own: "/login"},
		"GET /login/2fa":                  {who: anyone, own: "/login/2fa"},
		"POST /login/2fa":                 {who: anyone, own: "/login/2fa"},
		"POST /logout":                    {who: signed, own: "/logout"},
		"GET /register":                   {who: anyone, own: "/register"},
		"POST /register":                  {who: anyone, own: "/register"},
		"POST /verify/resend":             {who: anyone, own: "/verify/resend"},
		"GET /verify/:token":              {who: anyone, own: "/verify" + bogus},
		"POST /verify/:token":             {who: anyone, own: "/verify" + bogus},
		"GET /password/forgot":            {who: anyone, own: "/password/forgot"},
		"POST /password/forgot":           {who: anyone, own: "/password/forgot"},
		"GET /password/reset/:token":      {who: anyone, own: "/password/reset" + bogus},
		"POST /password/reset/:token":     {who: anyone, own: "/password/reset" + bogus},
		"GET /invite/:token":              {who: anyone, own: "/invite" + bogus},
		"POST /invite/:token":             {who: anyone, own: "/invite" + bogus},
		"GET /countries":                  {who: anyone, own: "/countries"},
		"GET /countries/:iso2":            {who: anyone, own: "/countries/BR", missing: "/countries/XX"},
		"GET /disciplines":                {who: anyone, own: "/disciplines"},
		"GET /priorities":                 {who: anyone, own: "/priorities"},
		"GET /channels":                   {who: anyone, own: "/channels"},
		"GET /healthz":                    {who: anyone, own: "/healthz"},
		"GET /readyz":                     {who: anyone, own: "/readyz"},
		"GET /me":                         {who: signed, own: "/me"},
		"POST /me":                        {who: signed, own: "/me"},
		"POST /me/password":               {who: signed, own: "/me/password"},
		"POST /me/sessions/revoke-others": {who: signed, own: "/me/sessions/revoke-others"},
		"POST /me/sessions/:id/revoke": {who: signed, own: "/me/sessions/SELF/revoke",
			foreign: "/me/sessions/" + fx.otherSession + "/revoke", missing: "/me/sessions/no-such-session/revoke"},
		"GET /me/2fa":                  {who: signed, own: "/me/2fa"},
		"POST /me/2fa/start":           {who: signed, own: "/me/2fa/start"},
		"POST /me/2fa/enable":          {who: signed, own: "/me/2fa/enable"},
		"POST /me/2fa/recovery":        {who: signed, own: "/me/2fa/recovery"},
		"POST /me/2fa/disable":         {who: signed, own: "/me/2fa/disable"},
		"GET /notifications":           {who: signed, own: "/notifications"},
		"POST /notifications/read-all": {who: signed, own: "/notifications/read-all"},
		"GET /admin/users":             {who: admins, own: "/admin/users"},
		"GET /admin/users/new":         {who: admins, own: "/admin/users/new"},
		"POST /admin/users":            {who: admins, own: "/admin/users"},
		"GET /admin/users/:id":         {who: admins, own: "/admin/users/" + uid, missing: "/admin/users/99999999"},
		"POST /admin/users/:id":        {who: admins, own: "/admin/users/" + uid, missing: "/admin/users/99999999"},
		"POST /admin/users/:id/invite": {who: admins, own: "/admin/users/" + uid + "/invite", missing: "/admin/users/99999999/invite"},
		"GET /admin/outbox":            {who: admins, own: "/admin/outbox"},
		"GET /admin/outbox/:id":        {who: admins, own: "/admin/outbox/" + mid, missing: "/admin/outbox/99999999"},
	}
}

type actor struct {
	name  string
	roles []auth.Role // nil: anonymous
}

var actors = []actor{{"anonymous", nil}, {"applicant", []auth.Role{auth.Applicant}}, {"reviewer", []auth.Role{auth.Reviewer}},
	{"officer", []auth.Role{auth.Officer}}, {"director", []auth.Role{auth.Director}}, {"admin", []auth.Role{auth.Admin}}}

func (a actor) allowed(w who) bool {
	switch w {
	case anyone:
		return true
	case signed:
		return a.roles != nil
	default:
		return slices.Contains(a.roles, auth.Admin)
	}
}

// TestAuthorizationMatrix probes every route of the route table as every
// kind of user, on their own, a foreign and a missing record. A route
// without an expectation here fails the test.
func TestAuthorizationMatrix(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		e := newEnv(t, s, -1)
		ctx := context.Background()
		svc := accounts.New(s, nil, []byte(strings.Repeat("s", 32)), false, func() time.Time { return fixedNow })
		users := map[string]int64{}
		for _, a := range actors[1:] {
			users[a.name] = testUser(t, s, a.name+"@example.org", goodPassword, a.roles...).ID
		}
		other := testUser(t, s, "other@example.org", goodPassword, auth.Applicant)
		otherToken, _, err := svc.StartSession(ctx, other.ID, accounts.Meta{})
		if err != nil {
			t.Fatal(err)
		}
		otherSession, _, _ := svc.Tokens.Verify(otherToken)
		mail := models.MailOutbox{ToAddress: "x@example.org", ToName: "X", Locale: "en", Subject: "s", BodyText: "b",
			BodyHTML: "<p>b</p>", Status: "pending", NextAttemptAt: fixedNow}
		if err := s.DB().Create(&mail).Error; err != nil {
			t.Fatal(err)
		}
		specs := authzSpecs(fixture{otherSession: otherSession, userID: other.ID, mailID: mail.ID})
		for _, extra := range extraSpecs {
			for k, v := range extra(t, s, users) {
				specs[k] = v
			}
		}

		table := handlers.RouteTable()
		seen := map[string]bool{}
		for _, r := range table {
			key := r.Method + " " + r.Path
			seen[key] = true
			sp, ok := specs[key]
			if !ok {
				t.Errorf("route %s has no authorization expectation in this test", key)
				continue
			}
			declared := map[who]auth.Access{anyone: auth.Public, signed: auth.SignedIn, admins: auth.AnyOf(auth.Admin)}[sp.who]
			if len(sp.roles) > 0 {
				declared = auth.AnyOf(sp.roles...)
			}
			if fmt.Sprint(r.Access) != fmt.Sprint(declared) {
				t.Errorf("route %s declares %+v, the expectation is %+v", key, r.Access, declared)
			}
		}
		for key := range specs {
			if !seen[key] {
				t.Errorf("expectation for %s, which is not in the route table", key)
			}
		}

		for key, sp := range specs {
			method := strings.Fields(key)[0]
			for _, a := range actors {
				probe := func(kind, path string) response {
					b := e.browser()
					if a.roles != nil {
						token, _, err := svc.StartSession(ctx, users[a.name], accounts.Meta{})
						if err != nil {
							t.Fatal(err)
						}
						b.cookies["puente_session"] = &http.Cookie{Name: "puente_session", Value: token}
						sid, _, _ := svc.Tokens.Verify(token)
						path = strings.Replace(path, "SELF", sid, 1)
					}
					if method == http.MethodGet {
						return b.get(t, path)
					}
					b.get(t, "/healthz") // the CSRF cookie of an anonymous visitor
					b.token = csrfToken(b)
					return b.post(t, path, url.Values{})
				}
				check := func(kind, path string, wantAllowed bool, wantStatus int) {
					res := probe(kind, path)
					label := fmt.Sprintf("%s %s as %s (%s record)", method, path, a.name, kind)
					switch {
					case res.status >= 500:
						t.Errorf("%s: %d", label, res.status)
					case wantStatus != 0 && res.status != wantStatus:
						t.Errorf("%s: %d, want %d", label, res.status, wantStatus)
					case wantStatus == 0 && wantAllowed && refused(res):
						t.Errorf("%s: refused with %d", label, res.status)
					case wantStatus == 0 && !wantAllowed && !refusedAs(res, a.roles == nil, method):
						t.Errorf("%s: %d %q, want the refusal for %s", label, res.status, res.header.Get("Location"), a.name)
					}
				}
				allowed := a.allowed(sp.who)
				if len(sp.roles) > 0 {
					allowed = false
					for _, r := range sp.roles {
						allowed = allowed || slices.Contains(a.roles, r)
					}
				}
				own, foreign := sp.own, sp.foreign
				if p, ok := sp.ownFor[a.name]; ok {
					own = p
				}
				if p, ok := sp.foreignFor[a.name]; ok {
					foreign = p
				}
				check("own", own, allowed, 0)
				if foreign != "" {
					if allowed {
						check("foreign", foreign, false, http.StatusNotFound)
					} else {
						check("foreign", foreign, false, 0)
					}
				}
				if sp.missing != "" {
					if allowed {
						want := http.StatusNotFound
						if sp.missingStatus != 0 {
							want = sp.missingStatus
						}
						check("missing", sp.missing, false, want)
					} else {
						check("missing", sp.missing, false, 0)
					}
				}
			}
		}
	})
}

// refused reports an authorization refusal of any kind.
func refused(res response) bool {
	return res.status == http.StatusForbidden || res.status == http.StatusNotFound || loginRedirect(res) ||
		(res.status == http.StatusUnauthorized && strings.Contains(res.body, `class="error-code">401<`))
}

// refusedAs reports the refusal an actor should get: anonymous visitors are
// sent to sign in (GET) or told to (401); signed-in users get 403.
func refusedAs(res response, anonymous bool, method string) bool {
	if anonymous && method == http.MethodGet {
		return loginRedirect(res)
	}
	if anonymous {
		return res.status == http.StatusUnauthorized
	}
	return res.status == http.StatusForbidden
}

func loginRedirect(res response) bool {
	return res.status == http.StatusSeeOther && strings.HasPrefix(res.header.Get("Location"), "/login?next=")
}

// csrfToken is the token a page would carry: bound to the session when there
// is one (an HMAC of its id, as the server computes it), else the cookie's.
func csrfToken(b *browser) string {
	if c := b.cookies["puente_session"]; c != nil {
		sid, _, err := auth.NewTokens([]byte(strings.Repeat("s", 32)), func() time.Time { return fixedNow }).Verify(c.Value)
		if err == nil {
			m := hmac.New(sha256.New, auth.DeriveKey([]byte(strings.Repeat("s", 32)), "csrf-v1"))
			m.Write([]byte(sid))
			return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
		}
	}
	if c := b.cookies["puente_csrf"]; c != nil {
		return c.Value
	}
	return ""
}

// TestCSRFOnEveryStateChange sends every POST route of the table, as a
// signed-in administrator (so authorization passes), without a token and
// with another session's token: both must be refused with 403 and change
// nothing.
func TestCSRFOnEveryStateChange(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		e := newEnv(t, s, -1)
		testUser(t, s, "root@example.org", goodPassword, auth.Admin, auth.Applicant)
		testUser(t, s, "else@example.org", goodPassword, auth.Applicant)
		admin, other := e.browser(), e.browser()
		admin.signIn(t, "root@example.org", goodPassword)
		other.signIn(t, "else@example.org", goodPassword)
		n := 0
		for _, r := range handlers.RouteTable() {
			if r.Method != http.MethodPost {
				continue
			}
			n++
			path := strings.NewReplacer(":token", "some-token-0123456789abcdefghij", ":id", "1").Replace(r.Path)
			for name, token := range map[string]string{"no token": "", "another session's token": other.token} {
				res := admin.post(t, path, url.Values{"_csrf": {token}, "lang": {"es"}, "email": {"root@example.org"}})
				if res.status != http.StatusForbidden {
					t.Errorf("POST %s with %s: %d, want 403", path, name, res.status)
				}
			}
		}
		if n < 20 {
			t.Fatalf("only %d POST routes found", n)
		}
		if !admin.signedIn(t) {
			t.Error("a refused request signed the admin out")
		}
	})
}

// TestStaffMustSetUpTwoFactor: with PUENTE_REQUIRE_2FA_FOR_STAFF, staff
// without two-factor sign-in are sent to set it up before anything else;
// applicants are not.
func TestStaffMustSetUpTwoFactor(t *testing.T) {
	s := testdb.Open(t, "sqlite")
	e := newEnvWith(t, s, func(d *handlers.Deps) { d.Config.Require2FAStaff = true })
	testUser(t, s, "officer@example.org", goodPassword, auth.Officer)
	testUser(t, s, "pi@example.org", goodPassword, auth.Applicant)
	officer, pi := e.browser(), e.browser()
	officer.signIn(t, "officer@example.org", goodPassword)
	pi.signIn(t, "pi@example.org", goodPassword)
	if res := officer.get(t, "/me"); res.status != http.StatusSeeOther || res.header.Get("Location") != "/me/2fa?required=1" {
		t.Errorf("officer without 2FA: %d %q", res.status, res.header.Get("Location"))
	}
	if res := officer.get(t, "/me/2fa?required=1"); res.status != http.StatusOK {
		t.Errorf("the set-up page itself: %d", res.status)
	}
	if res := pi.get(t, "/me"); res.status != http.StatusOK {
		t.Errorf("applicant: %d", res.status)
	}
}
