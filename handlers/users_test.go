package handlers_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/puente-science/puente/auth"
	"github.com/puente-science/puente/models"
)

// testUser creates a verified, active account with a password and roles.
func testUser(t *testing.T, s *models.Store, email, password string, roles ...auth.Role) *models.User {
	t.Helper()
	hash, err := auth.HashPassword(password)
	if err != nil {
		t.Fatal(err)
	}
	verified := fixedNow.Add(-time.Hour)
	u := &models.User{Email: email, Name: strings.Split(email, "@")[0], PasswordHash: &hash, EmailVerifiedAt: &verified,
		Locale: "en", TimeZone: "UTC", Active: true}
	if err := s.CreateUser(context.Background(), u, roles); err != nil {
		t.Fatalf("create %s: %v", email, err)
	}
	return u
}

// browser is one client: its cookies and the CSRF token of its last page.
type browser struct {
	e       *testEnv
	cookies map[string]*http.Cookie
	token   string
}

func (e *testEnv) browser() *browser { return &browser{e: e, cookies: map[string]*http.Cookie{}} }

var metaToken = regexp.MustCompile(`name="csrf-token" content="([^"]*)"`)

func (b *browser) send(t *testing.T, req *http.Request) response {
	t.Helper()
	for _, c := range b.cookies {
		req.AddCookie(c)
	}
	res := b.e.do(t, req)
	for _, c := range (&http.Response{Header: res.header}).Cookies() {
		if c.MaxAge < 0 || c.Value == "" {
			delete(b.cookies, c.Name)
		} else {
			b.cookies[c.Name] = c
		}
	}
	if m := metaToken.FindStringSubmatch(res.body); m != nil {
		b.token = m[1]
	}
	return res
}

func (b *browser) get(t *testing.T, path string) response {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, path, nil)
	return b.send(t, req)
}

// post sends a form with the browser's CSRF token (fetching a page first
// when it has none).
func (b *browser) post(t *testing.T, path string, fields url.Values) response {
	t.Helper()
	if b.token == "" {
		b.get(t, "/")
	}
	if fields == nil {
		fields = url.Values{}
	}
	if _, ok := fields["_csrf"]; !ok {
		fields.Set("_csrf", b.token)
	}
	req, _ := http.NewRequest(http.MethodPost, path, strings.NewReader(fields.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return b.send(t, req)
}

// signIn signs the browser in and fails the test if it cannot.
func (b *browser) signIn(t *testing.T, email, password string) {
	t.Helper()
	b.get(t, "/login")
	res := b.post(t, "/login", url.Values{"email": {email}, "password": {password}})
	if res.status != http.StatusSeeOther || b.cookies["puente_session"] == nil {
		t.Fatalf("sign in %s: status %d", email, res.status)
	}
	b.get(t, "/")
}

// signedIn reports whether the browser's session is live.
func (b *browser) signedIn(t *testing.T) bool {
	t.Helper()
	return strings.Contains(b.get(t, "/").body, `action="/logout"`)
}

// lastMail returns the newest outbox message to an address.
func lastMail(t *testing.T, s *models.Store, to string) models.MailOutbox {
	t.Helper()
	var m models.MailOutbox
	if err := s.DB().Where("to_address = ?", to).Order("id DESC").Take(&m).Error; err != nil {
		t.Fatalf("no mail to %s: %v", to, err)
	}
	return m
}

var linkRE = regexp.MustCompile(`http://localhost:8080(/[a-z/]+/[A-Za-z0-9_-]{20,})`)

// mailLink returns the path of the first Puente link in a message.
func mailLink(t *testing.T, m models.MailOutbox) string {
	t.Helper()
	match := linkRE.FindStringSubmatch(m.BodyText)
	if match == nil {
		t.Fatalf("no link in mail %q", m.BodyText)
	}
	return match[1]
}
