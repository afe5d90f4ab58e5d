package handlers_test

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/puente-science/puente/auth"
	"github.com/puente-science/puente/models"
	"github.com/puente-science/puente/testdb"
)

// queueMail puts a message in the outbox as the mailer would.
func queueMail(t *testing.T, s *models.Store, to, subject, text, html string) int64 {
	t.Helper()
	m := &models.MailOutbox{ToAddress: to, ToName: "Test", Locale: "en", Subject: subject, BodyText: text, BodyHTML: html,
		Status: models.MailPending, NextAttemptAt: fixedNow, CreatedAt: fixedNow}
	if err := s.EnqueueMail(context.Background(), nil, m); err != nil {
		t.Fatal(err)
	}
	return m.ID
}

func TestAdminOutbox(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		e := newEnv(t, s, -1)
		staffAccount(t, s, "root@example.org", "Root Admin", true, auth.Admin)
		admin := newStaffClient(e).signIn(t, "root@example.org")
		if res := admin.get(t, "/admin/outbox"); res.status != http.StatusOK || !strings.Contains(res.body, "empty-state") {
			t.Fatalf("empty outbox: %d", res.status)
		}
		text := "Open http://localhost:8080/invite/abcdefghijklmnopqrstuvwxyz012345. Not https://evil.example/steal nor javascript:alert(1)."
		id := queueMail(t, s, "victim@example.org", `<script>alert("s")</script> Hello`, text,
			`<p onclick="x()">Hi</p><script>alert("h")</script>`)
		queueMail(t, s, "other@example.org", "Another message", "plain", "<p>plain</p>")

		list := admin.get(t, "/admin/outbox")
		if list.status != http.StatusOK {
			t.Fatalf("outbox: %d", list.status)
		}
		mustContain(t, list.body, "&lt;script&gt;alert(&#34;s&#34;)&lt;/script&gt; Hello", "victim@example.org",
			`class="badge badge-mail-pending"`, `href="/admin/outbox/`+strconv.FormatInt(id, 10)+`"`)
		mustNotContain(t, list.body, `<script>alert("s")`)
		if res := admin.get(t, "/admin/outbox?q=VICTIM"); strings.Contains(res.body, "other@example.org") || !strings.Contains(res.body, "victim@example.org") {
			t.Error("search does not narrow the outbox")
		}
		if res := admin.get(t, "/admin/outbox?status=sent"); strings.Contains(res.body, "victim@example.org") {
			t.Error("a pending message is listed under sent")
		}

		msg := admin.get(t, fmt.Sprintf("/admin/outbox/%d", id))
		if msg.status != http.StatusOK {
			t.Fatalf("message page: %d", msg.status)
		}
		mustContain(t, msg.body,
			`<a href="http://localhost:8080/invite/abcdefghijklmnopqrstuvwxyz012345">`, // own host: a link, without the full stop
			"https://evil.example/steal",                      // another host: text only
			`&lt;script&gt;alert(&#34;h&#34;)&lt;/script&gt;`, // the HTML body as source
			`&lt;p onclick=&#34;x()&#34;&gt;`)
		mustNotContain(t, msg.body, `href="https://evil.example`, `href="javascript:`, `<script>alert(`, `onclick="x()"`)
		if res := admin.get(t, "/admin/outbox/999999"); res.status != http.StatusNotFound {
			t.Errorf("missing message: %d", res.status)
		}
	})
}

// TestAdminQueriesBounded proves the admin pages run as many statements for
// 60 accounts and messages as for 5: no query per row.
func TestAdminQueriesBounded(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		e := newEnv(t, s, -1)
		root := staffAccount(t, s, "root@example.org", "Root Admin", true, auth.Admin)
		admin := newStaffClient(e).signIn(t, "root@example.org")
		add := func(from, to int) {
			for i := from; i < to; i++ {
				staffAccount(t, s, fmt.Sprintf("u%03d@example.org", i), fmt.Sprintf("User %03d", i), false, auth.Reviewer, auth.Officer)
				queueMail(t, s, fmt.Sprintf("u%03d@example.org", i), fmt.Sprintf("Message %d", i), "text", "<p>html</p>")
			}
		}
		pages := []string{"/admin/users", "/admin/users?sort=last_login&dir=desc&role=reviewer&q=user",
			"/admin/users/" + strconv.FormatInt(root, 10), "/admin/outbox", "/admin/outbox?status=pending&q=message"}
		count := func() map[string]int64 {
			n := map[string]int64{}
			for _, p := range pages {
				e.queries.Reset()
				if res := admin.get(t, p); res.status != http.StatusOK {
					t.Fatalf("%s: %d", p, res.status)
				}
				n[p] = e.queries.Count()
			}
			return n
		}
		add(0, 4)
		small := count()
		add(4, 59)
		large := count()
		for _, p := range pages {
			if small[p] != large[p] || small[p] > 8 {
				t.Errorf("%s: %d statements with 5 accounts, %d with 60", p, small[p], large[p])
			}
		}
	})
}
