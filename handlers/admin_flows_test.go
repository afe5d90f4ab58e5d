package handlers_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/puente-science/puente/auth"
	"github.com/puente-science/puente/i18n"
	"github.com/puente-science/puente/models"
	"github.com/puente-science/puente/testdb"
)

// TestAdminInvite invites a staff member; the invitation's link lets them
// choose a password and sign in with the roles they were given.
func TestAdminInvite(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		e := newEnv(t, s, -1)
		staffAccount(t, s, "root@example.org", "Root Admin", true, auth.Admin)
		admin := newStaffClient(e).signIn(t, "root@example.org")
		admin.get(t, "/admin/users/new")

		res := admin.post(t, "/admin/users", url.Values{"name": {"Nora Nueva"}, "email": {"Nora@Example.org"},
			"roles": {"officer", "reviewer"}, "lang": {"es"}})
		loc := res.header.Get("Location")
		if res.status != http.StatusSeeOther || !regexp.MustCompile(`^/admin/users/\d+\?done=invited$`).MatchString(loc) {
			t.Fatalf("invite: %d %q", res.status, loc)
		}
		page := admin.get(t, loc)
		mustContain(t, page.body, "Nora Nueva", "nora@example.org", `class="alert alert-success"`, `action="`+strings.TrimSuffix(loc, "?done=invited")+`/invite"`)

		m := outboxMailTo(t, s, "nora@example.org")
		if m.Locale != "es" || !strings.Contains(m.Subject, "Root Admin") {
			t.Errorf("invitation: locale %s, subject %q", m.Locale, m.Subject)
		}
		link := invitePath(t, m)
		if !strings.HasPrefix(link, "/invite/") {
			t.Fatalf("link %q", link)
		}
		nora := newStaffClient(e)
		if res := nora.get(t, link); res.status != http.StatusOK {
			t.Fatalf("invitation page: %d", res.status)
		}
		if res := nora.post(t, link, url.Values{"name": {"Nora Nueva"}, "password": {staffPassword}}); res.status != http.StatusSeeOther {
			t.Fatalf("accept: %d", res.status)
		}
		nora.signIn(t, "nora@example.org")
		if res := nora.get(t, "/admin/users"); res.status != http.StatusForbidden {
			t.Errorf("an invited officer reaches the admin pages: %d", res.status)
		}

		// A taken address and a missing role come back beside their fields.
		res = admin.post(t, "/admin/users", url.Values{"name": {"Other"}, "email": {"nora@example.org"}, "roles": {"officer"}, "lang": {"en"}})
		if res.status != http.StatusUnprocessableEntity {
			t.Fatalf("taken address: %d", res.status)
		}
		mustContain(t, res.body, `id="f-email-error"`, `href="#f-email"`, `value="Other"`)
		res = admin.post(t, "/admin/users", url.Values{"name": {"Other"}, "email": {"other@example.org"}, "lang": {"en"}})
		if res.status != http.StatusUnprocessableEntity {
			t.Fatalf("no role: %d", res.status)
		}
		mustContain(t, res.body, `id="f-roles-error"`)
	})
}

// TestAdminRoleChangeEndsSessions changes a user's roles: their open
// session stops working, and the change is in the audit log and on the
// account's page.
func TestAdminRoleChangeEndsSessions(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		e := newEnv(t, s, -1)
		rootID := staffAccount(t, s, "root@example.org", "Root Admin", true, auth.Admin)
		olga := staffAccount(t, s, "officer@example.org", "Olga Officer", true, auth.Officer)
		admin := newStaffClient(e).signIn(t, "root@example.org")
		officer := newStaffClient(e).signIn(t, "officer@example.org")
		page := "/admin/users/" + strconv.FormatInt(olga, 10)
		admin.get(t, page)
		res := admin.post(t, page, url.Values{"name": {"Olga Officer"}, "roles": {"reviewer"}, "active": {"1"}})
		if res.status != http.StatusSeeOther || res.header.Get("Location") != page+"?done=saved" {
			t.Fatalf("save: %d %q", res.status, res.header.Get("Location"))
		}
		if officer.signedIn(t) {
			t.Error("the officer's old session still works after the role change")
		}
		if roles, _ := s.RolesOf(context.Background(), olga); len(roles) != 1 || roles[0] != auth.Reviewer {
			t.Errorf("roles = %v", roles)
		}
		var n int64
		s.DB().Model(&models.AuditEntry{}).Where("action = ? AND entity_id = ? AND actor_id = ?", "admin.roles_change", olga, rootID).Count(&n)
		if n != 1 {
			t.Errorf("%d roles_change audit entries", n)
		}
		body := admin.get(t, page).body
		mustContain(t, body, i18n.Default().Message(i18n.EN, "audit.admin.roles_change"), "Root Admin", `class="badge badge-role"`)
		if !admin.signedIn(t) {
			t.Error("the admin was signed out by changing someone else's roles")
		}
	})
}

func TestAdminCannotLockThemselfOut(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		e := newEnv(t, s, -1)
		root := staffAccount(t, s, "root@example.org", "Root Admin", true, auth.Admin, auth.Officer)
		admin := newStaffClient(e).signIn(t, "root@example.org")
		page := "/admin/users/" + strconv.FormatInt(root, 10)
		admin.get(t, page)
		res := admin.post(t, page, url.Values{"name": {"Root Admin"}, "roles": {"officer"}, "active": {"1"}})
		if res.status != http.StatusUnprocessableEntity {
			t.Fatalf("dropping own admin role: %d", res.status)
		}
		mustContain(t, res.body, `id="f-roles-error"`, `href="#f-roles"`)
		mustNotContain(t, res.body, `id="f-active-error"`)
		res = admin.post(t, page, url.Values{"name": {"Root Admin"}, "roles": {"admin", "officer"}})
		if res.status != http.StatusUnprocessableEntity {
			t.Fatalf("deactivating oneself: %d", res.status)
		}
		mustContain(t, res.body, `id="f-active-error"`)
		if roles, _ := s.RolesOf(context.Background(), root); len(roles) != 2 {
			t.Errorf("roles changed to %v", roles)
		}
		if !admin.signedIn(t) {
			t.Error("a refused change signed the admin out")
		}
	})
}

func TestAdminDeactivationBlocksSignIn(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		e := newEnv(t, s, -1)
		staffAccount(t, s, "root@example.org", "Root Admin", true, auth.Admin)
		olga := staffAccount(t, s, "officer@example.org", "Olga Officer", true, auth.Officer)
		admin := newStaffClient(e).signIn(t, "root@example.org")
		officer := newStaffClient(e).signIn(t, "officer@example.org")
		page := "/admin/users/" + strconv.FormatInt(olga, 10)
		admin.get(t, page)
		if res := admin.post(t, page, url.Values{"name": {"Olga Officer"}, "roles": {"officer"}}); res.status != http.StatusSeeOther {
			t.Fatalf("deactivate: %d", res.status)
		}
		if officer.signedIn(t) {
			t.Error("a deactivated user's session still works")
		}
		again := newStaffClient(e)
		again.get(t, "/login")
		res := again.post(t, "/login", url.Values{"email": {"officer@example.org"}, "password": {staffPassword}})
		if res.status != http.StatusForbidden || again.cookies["puente_session"] != nil {
			t.Errorf("a deactivated user signs in: %d", res.status)
		}
		if list := admin.get(t, "/admin/users?status=deactivated"); !strings.Contains(list.body, "Olga Officer") {
			t.Error("the deactivated account is not listed as deactivated")
		}
		// An invitation is only sent again to an account without a password.
		if res := admin.post(t, page+"/invite", url.Values{}); res.status != http.StatusConflict {
			t.Errorf("re-inviting an account with a password: %d", res.status)
		}
	})
}

func TestAdminResendInvite(t *testing.T) {
	s := testdb.Open(t, "sqlite")
	e := newEnv(t, s, -1)
	staffAccount(t, s, "root@example.org", "Root Admin", true, auth.Admin)
	id := staffAccount(t, s, "late@example.org", "Late Comer", false, auth.Reviewer)
	admin := newStaffClient(e).signIn(t, "root@example.org")
	page := "/admin/users/" + strconv.FormatInt(id, 10)
	admin.get(t, page)
	res := admin.post(t, page+"/invite", url.Values{})
	if res.status != http.StatusSeeOther || res.header.Get("Location") != page+"?done=invite_sent" {
		t.Fatalf("resend: %d %q", res.status, res.header.Get("Location"))
	}
	if link := invitePath(t, outboxMailTo(t, s, "late@example.org")); !strings.HasPrefix(link, "/invite/") {
		t.Errorf("link %q", link)
	}
	for _, p := range []string{"/admin/users/999999", "/admin/users/abc", "/admin/users/-1"} {
		if res := admin.get(t, p); res.status != http.StatusNotFound {
			t.Errorf("GET %s: %d", p, res.status)
		}
	}
}
