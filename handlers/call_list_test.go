package handlers_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/puente-science/puente/auth"
	"github.com/puente-science/puente/models"
	"github.com/puente-science/puente/testdb"
)

// TestPublicCallList: /calls shows open calls as cards, upcoming and closed
// ones apart, and never a draft; deadlines are in the reader's zone.
func TestPublicCallList(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		e := newEnv(t, s, -1)
		officer := testUser(t, s, "officer@example.org", goodPassword, auth.Officer)
		reader := testUser(t, s, "reader@example.org", goodPassword, auth.Applicant)
		if err := s.DB().Model(&models.User{}).Where("id = ?", reader.ID).Update("time_zone", "America/Sao_Paulo").Error; err != nil {
			t.Fatal(err)
		}
		closes := fixedNow.AddDate(0, 0, 12).Add(6 * time.Hour) // 9 Dec 2026 15:00 UTC
		open := makeCall(t, s, officer.ID, callFixture{status: models.CallPublished, opens: fixedNow.AddDate(0, 0, -1),
			closes: closes, zone: "Asia/Shanghai", title: map[string]string{"en": "Open biodiversity call"}})
		makeCall(t, s, officer.ID, callFixture{status: models.CallPublished, opens: fixedNow.AddDate(0, 0, -1),
			closes: fixedNow.Add(5 * time.Hour), title: map[string]string{"es": "Convocatoria solo en español"}})
		makeCall(t, s, officer.ID, callFixture{status: models.CallPublished, opens: fixedNow.AddDate(0, 1, 0),
			closes: fixedNow.AddDate(0, 2, 0), title: map[string]string{"en": "Upcoming platform call"}})
		makeCall(t, s, officer.ID, callFixture{status: models.CallClosed, opens: fixedNow.AddDate(-1, 0, 0),
			closes: fixedNow.AddDate(0, -6, 0), title: map[string]string{"en": "Closed talent call"}})
		makeCall(t, s, officer.ID, callFixture{status: models.CallDraft, opens: fixedNow.AddDate(0, 0, -1),
			closes: fixedNow.AddDate(0, 1, 0), title: map[string]string{"en": "Secret draft call"}})

		res := e.get(t, "/calls")
		if res.status != http.StatusOK {
			t.Fatalf("/calls: %d", res.status)
		}
		mustContain(t, res.body, "Open biodiversity call", "9 Dec 2026 23:00 UTC+8", "12 days left",
			"Convocatoria solo en español", "Available in Español only", "Closes today",
			"Upcoming platform call", "Closed talent call", `href="/calls/`+strconv.FormatInt(open.ID, 10)+`"`)
		mustNotContain(t, res.body, "Secret draft call")
		cut := strings.Index(res.body, `id="upcoming-calls"`)
		if cut < 0 {
			t.Fatal("no upcoming section")
		}
		openPart := res.body[:cut]
		mustNotContain(t, openPart, "Upcoming platform call", "Closed talent call")

		b := e.browser()
		b.signIn(t, "reader@example.org", goodPassword)
		mustContain(t, b.get(t, "/calls").body, "9 Dec 2026 12:00 UTC\u22123", "America/Sao_Paulo", "12 days left")
		page := b.get(t, callURL(open, ""))
		mustContain(t, page.body, "Scientific merit", "9 Dec 2026 12:00 UTC\u22123")

		anon := e.get(t, callURL(open, ""))
		mustContain(t, anon.body, "9 Dec 2026 23:00 UTC+8")
		mustNotContain(t, anon.body, "/apply\"")
	})
}

// TestDraftCallIsPrivate: a draft answers 404 to the public and applicants
// and shows to officers.
func TestDraftCallIsPrivate(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		e := newEnv(t, s, -1)
		officer := testUser(t, s, "officer@example.org", goodPassword, auth.Officer)
		testUser(t, s, "app@example.org", goodPassword, auth.Applicant)
		draft := draftCall(t, s, officer.ID)
		if res := e.get(t, callURL(draft, "")); res.status != http.StatusNotFound {
			t.Errorf("anonymous: %d, want 404", res.status)
		}
		app := e.browser()
		app.signIn(t, "app@example.org", goodPassword)
		if res := app.get(t, callURL(draft, "")); res.status != http.StatusNotFound {
			t.Errorf("applicant: %d, want 404", res.status)
		}
		off := e.browser()
		off.signIn(t, "officer@example.org", goodPassword)
		if res := off.get(t, callURL(draft, "")); res.status != http.StatusOK || !strings.Contains(res.body, "Publish") {
			t.Errorf("officer: %d", res.status)
		}
	})
}

// TestCallListQueriesBounded: the list costs the same number of queries
// for 5 and for 50 calls.
func TestCallListQueriesBounded(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		e := newEnv(t, s, -1)
		officer := testUser(t, s, "officer@example.org", goodPassword, auth.Officer)
		count := func() int64 {
			e.get(t, "/calls")
			e.queries.Reset()
			e.get(t, "/calls")
			return e.queries.Count()
		}
		add := func(n int) {
			for i := range n {
				if i%2 == 0 {
					openCall(t, s, officer.ID)
				} else {
					makeCall(t, s, officer.ID, callFixture{status: models.CallClosed, opens: fixedNow.AddDate(-1, 0, 0), closes: fixedNow.AddDate(0, -1, 0)})
				}
			}
		}
		add(5)
		small := count()
		add(45)
		if big := count(); big != small {
			t.Errorf("/calls: %d queries with 5 calls, %d with 50", small, big)
		}
	})
}
