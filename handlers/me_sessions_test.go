package handlers_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/puente-science/puente/models"
	"github.com/puente-science/puente/testdb"
)

var revokeRE = regexp.MustCompile(`action="/me/sessions/([A-Za-z0-9_-]+)/revoke"`)

func TestMeSessions(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		e := newEnv(t, s, -1)
		ana := meUser(t, s, "ana@example.org")
		bob := meUser(t, s, "bob@example.org")
		phone := signInWith(t, e, ana.Email, mePassword, safariUA)
		desk := signInWith(t, e, ana.Email, mePassword, firefoxUA)
		bobs := signIn(t, e, bob.Email, mePassword)

		res := meGet(t, e, "/me", desk)
		page := html.UnescapeString(res.body)
		mustContain(t, page, en("me.sessions.device_on", "browser", "Firefox", "os", "Windows"),
			en("me.sessions.device_on", "browser", "Safari", "os", "iOS"), en("me.sessions.current"), "/me/sessions/revoke-others")
		ids := revokeRE.FindAllStringSubmatch(page, -1)
		if len(ids) != 1 {
			t.Fatalf("%d revoke buttons, want 1 (for the phone, not for this browser)", len(ids))
		}
		token := pageToken(t, e, "/me", desk)

		bobSessions, err := s.LiveSessions(ctx, bob.ID, fixedNow)
		if err != nil || len(bobSessions) != 1 {
			t.Fatalf("bob's sessions: %v %d", err, len(bobSessions))
		}
		res = e.form(t, "/me/sessions/"+bobSessions[0].ID+"/revoke", url.Values{"_csrf": {token}}, desk...)
		if res.status != http.StatusNotFound {
			t.Errorf("revoking another user's session: %d, want 404", res.status)
		}
		if res := meGet(t, e, "/me", bobs); res.status != http.StatusOK {
			t.Errorf("bob was signed out by ana: %d", res.status)
		}

		res = e.form(t, "/me/sessions/"+ids[0][1]+"/revoke", url.Values{"_csrf": {token}}, desk...)
		if res.status != http.StatusSeeOther || res.header.Get("Location") != "/me?sessions=one#sessions" {
			t.Fatalf("revoke: %d to %q", res.status, res.header.Get("Location"))
		}
		if res := meGet(t, e, "/me", phone); res.status != http.StatusSeeOther {
			t.Errorf("the revoked phone is still signed in: %d", res.status)
		}

		laptop := signIn(t, e, ana.Email, mePassword)
		res = e.form(t, "/me/sessions/revoke-others", url.Values{"_csrf": {token}}, desk...)
		if res.status != http.StatusSeeOther {
			t.Fatalf("revoke others: %d", res.status)
		}
		if res := meGet(t, e, "/me", laptop); res.status != http.StatusSeeOther {
			t.Errorf("sign out everywhere else left the laptop signed in: %d", res.status)
		}
		res = meGet(t, e, "/me?sessions=others", desk)
		if res.status != http.StatusOK {
			t.Fatalf("sign out everywhere else signed this browser out: %d", res.status)
		}
		mustContain(t, html.UnescapeString(res.body), en("me.notice.sessions_revoked"))
		if live, _ := s.LiveSessions(ctx, ana.ID, fixedNow); len(live) != 1 {
			t.Errorf("%d live sessions, want 1", len(live))
		}
	})
}

func TestMeNotifications(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		e := newEnv(t, s, -1)
		ana := meUser(t, s, "ana@example.org")
		bob := meUser(t, s, "bob@example.org")
		jar := signIn(t, e, ana.Email, mePassword)
		mustContain(t, html.UnescapeString(meGet(t, e, "/notifications", jar).body), en("notifications.empty.title"))

		note := func(u *models.User, email string, minutes int) {
			n := models.Notification{UserID: u.ID, Kind: "test", MessageKey: "register.done.body",
				Params: `{"email":"` + email + `"}`, CreatedAt: fixedNow.Add(-time.Duration(minutes) * time.Minute)}
			if err := s.DB().Create(&n).Error; err != nil {
				t.Fatal(err)
			}
		}
		for i := 1; i <= 21; i++ {
			note(ana, "older"+strconv.Itoa(i)+"@example.org", 60+i)
		}
		note(ana, "newest@example.org", 1)
		note(bob, "bob-only@example.org", 1)

		res := meGet(t, e, "/notifications", jar)
		page := html.UnescapeString(res.body)
		mustContain(t, page, en("register.done.body", "email", "newest@example.org"), `class="is-unread"`,
			`href="/notifications?page=2"`, `action="/notifications/read-all"`)
		mustNotContain(t, page, "bob-only@example.org", "older21@example.org")
		mustContain(t, html.UnescapeString(meGet(t, e, "/notifications?page=2", jar).body), "older21@example.org")

		token := pageToken(t, e, "/notifications", jar)
		res = e.form(t, "/notifications/read-all", url.Values{"_csrf": {token}}, jar...)
		if res.status != http.StatusSeeOther || res.header.Get("Location") != "/notifications?read=1" {
			t.Fatalf("read all: %d to %q", res.status, res.header.Get("Location"))
		}
		if _, unread, _ := s.NotificationCounts(context.Background(), ana.ID); unread != 0 {
			t.Errorf("%d unread after read-all, want 0", unread)
		}
		if _, unread, _ := s.NotificationCounts(context.Background(), bob.ID); unread != 1 {
			t.Errorf("read-all touched another user's notifications: %d unread, want 1", unread)
		}
		page = html.UnescapeString(meGet(t, e, "/notifications?read=1", jar).body)
		mustContain(t, page, en("notifications.notice.read"))
		mustNotContain(t, page, `class="is-unread"`, `action="/notifications/read-all"`)
	})
}
