package handlers_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/puente-science/puente/auth"
	"github.com/puente-science/puente/models"
	"github.com/puente-science/puente/testdb"
)

const staffPassword = "a long and quiet river"

// staffAccount creates an active account with roles; with a password it is
// verified and can sign in, without one it is an unanswered invitation.
func staffAccount(t *testing.T, s *models.Store, email, name string, withPassword bool, roles ...auth.Role) int64 {
	t.Helper()
	u := &models.User{Email: email, Name: name, Locale: "en", TimeZone: "UTC", Active: true}
	if withPassword {
		hash, err := auth.HashPassword(staffPassword)
		if err != nil {
			t.Fatal(err)
		}
		verified := fixedNow.Add(-time.Hour)
		u.PasswordHash, u.EmailVerifiedAt = &hash, &verified
	}
	if err := s.CreateUser(context.Background(), u, roles); err != nil {
		t.Fatalf("create %s: %v", email, err)
	}
	return u.ID
}

// staffClient is one browser: its cookies and the CSRF token of the last
// page it loaded.
type staffClient struct {
	e       *testEnv
	cookies map[string]*http.Cookie
	token   string
}

var csrfMeta = regexp.MustCompile(`<meta name="csrf-token" content="([^"]+)"`)

func newStaffClient(e *testEnv) *staffClient {
	return &staffClient{e: e, cookies: map[string]*http.Cookie{}}
}

func (c *staffClient) send(t *testing.T, req *http.Request) response {
	t.Helper()
	for _, ck := range c.cookies {
		req.AddCookie(ck)
	}
	res := c.e.do(t, req)
	// Tests read addresses as people see them, without the line-break hints.
	res.body = strings.ReplaceAll(res.body, "<wbr>", "")
	for _, ck := range (&http.Response{Header: res.header}).Cookies() {
		if ck.MaxAge < 0 || ck.Value == "" {
			delete(c.cookies, ck.Name)
		} else {
			c.cookies[ck.Name] = ck
		}
	}
	if m := csrfMeta.FindStringSubmatch(res.body); m != nil {
		c.token = m[1]
	}
	return res
}

func (c *staffClient) get(t *testing.T, path string) response {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, path, nil)
	return c.send(t, req)
}

// post sends a form with the CSRF token of the last page loaded.
func (c *staffClient) post(t *testing.T, path string, fields url.Values) response {
	t.Helper()
	if c.token == "" {
		c.get(t, "/")
	}
	fields.Set("_csrf", c.token)
	req, _ := http.NewRequest(http.MethodPost, path, strings.NewReader(fields.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.send(t, req)
}

// signIn signs in through the login form and loads a page, so the client
// holds the session's CSRF token.
func (c *staffClient) signIn(t *testing.T, email string) *staffClient {
	t.Helper()
	c.get(t, "/login")
	res := c.post(t, "/login", url.Values{"email": {email}, "password": {staffPassword}})
	if res.status != http.StatusSeeOther || c.cookies["puente_session"] == nil {
		t.Fatalf("sign in as %s: status %d", email, res.status)
	}
	c.get(t, "/")
	return c
}

func (c *staffClient) signedIn(t *testing.T) bool {
	t.Helper()
	return strings.Contains(c.get(t, "/").body, `action="/logout"`)
}

func TestAdminListsSearchesAndFiltersUsers(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		e := newEnv(t, s, -1)
		staffAccount(t, s, "root@example.org", "Root Admin", true, auth.Admin)
		staffAccount(t, s, "officer@example.org", "Olga Officer", true, auth.Officer)
		staffAccount(t, s, "rev@example.org", "Rita_Reviewer", false, auth.Reviewer, auth.Officer)
		off := staffAccount(t, s, "gone@example.org", "Gary Gone", true, auth.Director)
		if err := s.UpdateUserFields(context.Background(), nil, off, map[string]any{"active": false}); err != nil {
			t.Fatal(err)
		}
		admin := newStaffClient(e).signIn(t, "root@example.org")

		res := admin.get(t, "/admin/users")
		if res.status != http.StatusOK {
			t.Fatalf("/admin/users: %d", res.status)
		}
		mustContain(t, res.body, "Root Admin", "Olga Officer", "Rita_Reviewer", "Gary Gone", "officer@example.org",
			`class="badge badge-role"`, `class="badge badge-user-deactivated"`, `class="badge badge-user-invited"`)
		cases := []struct {
			query     string
			want, not []string
		}{
			{"q=OLGA", []string{"Olga Officer"}, []string{"Root Admin", "Gary Gone"}},
			{"q=rev%40example", []string{"Rita_Reviewer"}, []string{"Olga Officer"}},
			{"q=_", []string{"Rita_Reviewer"}, []string{"Olga Officer", "Root Admin"}}, // a literal underscore, not a wildcard
			{"q=%25", nil, []string{"Olga Officer", "Rita_Reviewer"}},
			{"role=officer", []string{"Olga Officer", "Rita_Reviewer"}, []string{"Root Admin", "Gary Gone"}},
			{"status=invited", []string{"Rita_Reviewer"}, []string{"Olga Officer"}},
			{"status=deactivated", []string{"Gary Gone"}, []string{"Olga Officer", "Rita_Reviewer"}},
			{"status=active&role=admin", []string{"Root Admin"}, []string{"Olga Officer", "Gary Gone"}},
			{"role=nonsense&status=nonsense&sort=password_hash", []string{"Root Admin", "Gary Gone"}, nil},
		}
		for _, tc := range cases {
			res := admin.get(t, "/admin/users?"+tc.query)
			if res.status != http.StatusOK {
				t.Errorf("%s: %d", tc.query, res.status)
				continue
			}
			for _, w := range tc.want {
				if !strings.Contains(res.body, w) {
					t.Errorf("%s: lacks %q", tc.query, w)
				}
			}
			for _, n := range tc.not {
				if strings.Contains(res.body, ">"+n+"<") {
					t.Errorf("%s: lists %q", tc.query, n)
				}
			}
		}
		// Sorted by e-mail, descending; filters survive in the sort links.
		res = admin.get(t, "/admin/users?sort=email&dir=desc&role=officer")
		if i, j := strings.Index(res.body, "rev@example.org"), strings.Index(res.body, "officer@example.org"); i < 0 || j < i {
			t.Errorf("not sorted by e-mail descending")
		}
		mustContain(t, res.body, `href="/admin/users?role=officer&amp;sort=email"`, `name="dir" value="desc"`)
	})
}

func TestAdminUsersPaged(t *testing.T) {
	s := testdb.Open(t, "sqlite")
	e := newEnv(t, s, -1)
	staffAccount(t, s, "root@example.org", "Aaron Root", true, auth.Admin)
	for i := range 30 {
		staffAccount(t, s, fmt.Sprintf("p%02d@example.org", i), fmt.Sprintf("Person %02d", i), false, auth.Reviewer)
	}
	admin := newStaffClient(e).signIn(t, "root@example.org")
	first := admin.get(t, "/admin/users?role=reviewer")
	mustContain(t, first.body, "Person 00", "Person 24", `href="/admin/users?page=2&amp;role=reviewer&amp;sort=name"`)
	mustNotContain(t, first.body, "Person 25")
	second := admin.get(t, "/admin/users?role=reviewer&page=2")
	mustContain(t, second.body, "Person 25", "Person 29", `rel="prev"`)
	mustNotContain(t, second.body, "Person 24")
	if past := admin.get(t, "/admin/users?role=reviewer&page=99"); !strings.Contains(past.body, "Person 29") {
		t.Error("a page past the end does not show the last page")
	}
}

// TestAdminRoutesRefuseOthers walks every admin address as an officer (403)
// and as a visitor (sent to sign in, or 401 for a form).
func TestAdminRoutesRefuseOthers(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		e := newEnv(t, s, -1)
		staffAccount(t, s, "officer@example.org", "Olga Officer", true, auth.Officer)
		target := strconv.FormatInt(staffAccount(t, s, "x@example.org", "X", false, auth.Reviewer), 10)
		officer := newStaffClient(e).signIn(t, "officer@example.org")
		visitor := newStaffClient(e)
		for _, p := range []string{"/admin/users", "/admin/users/new", "/admin/users/" + target, "/admin/outbox", "/admin/outbox/1"} {
			if res := officer.get(t, p); res.status != http.StatusForbidden {
				t.Errorf("officer GET %s: %d", p, res.status)
			}
			if res := visitor.get(t, p); res.status != http.StatusSeeOther || !strings.HasPrefix(res.header.Get("Location"), "/login?next=") {
				t.Errorf("visitor GET %s: %d %s", p, res.status, res.header.Get("Location"))
			}
		}
		form := url.Values{"name": {"Mallory"}, "email": {"m@example.org"}, "roles": {"admin"}, "active": {"1"}, "lang": {"en"}}
		for _, p := range []string{"/admin/users", "/admin/users/" + target, "/admin/users/" + target + "/invite"} {
			if res := officer.post(t, p, form); res.status != http.StatusForbidden {
				t.Errorf("officer POST %s: %d", p, res.status)
			}
			if res := visitor.post(t, p, form); res.status != http.StatusUnauthorized {
				t.Errorf("visitor POST %s: %d", p, res.status)
			}
		}
		if _, err := s.UserByEmail(context.Background(), "m@example.org"); err == nil {
			t.Error("a refused invitation created the account")
		}
	})
}

// outboxMailTo returns the newest outbox message to an address.
func outboxMailTo(t *testing.T, s *models.Store, to string) models.MailOutbox {
	t.Helper()
	var m models.MailOutbox
	if err := s.DB().Where("to_address = ?", to).Order("id DESC").Take(&m).Error; err != nil {
		t.Fatalf("no mail to %s: %v", to, err)
	}
	return m
}

var invitePathRE = regexp.MustCompile(`http://localhost:8080(/invite/[A-Za-z0-9_-]{20,})`)

// invitePath is the path of the invitation link in a message.
func invitePath(t *testing.T, m models.MailOutbox) string {
	t.Helper()
	match := invitePathRE.FindStringSubmatch(m.BodyText)
	if match == nil {
		t.Fatalf("no invitation link in %q", m.BodyText)
	}
	return match[1]
}
