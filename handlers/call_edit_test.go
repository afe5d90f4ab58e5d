package handlers_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/puente-science/puente/auth"
	"github.com/puente-science/puente/models"
	"github.com/puente-science/puente/testdb"
)

// goodCallForm is a complete call form for the first seeded channel.
func goodCallForm(t *testing.T, s *models.Store, code string) url.Values {
	t.Helper()
	chans, err := s.CallChannels(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return url.Values{"channel": {strconv.FormatInt(chans[0].ID, 10)}, "code": {code},
		"title_en": {"Biodiversity 2027"}, "title_es": {"Biodiversidad 2027"}, "body_en": {"Field stations."},
		"opens_date": {"2026-12-01"}, "opens_time": {"09:00"}, "closes_date": {"2027-02-28"}, "closes_time": {"17:00"},
		"time_zone": {"America/Sao_Paulo"}, "types": {string(chans[0].Types[0])}, "countries": {"BR", "CL"},
		"budget_cap": {"250000.50"}, "min_reviews": {"3"}, "report_frequency": {"12"},
		"c0_name_en": {"Scientific merit"}, "c0_weight": {"3"}, "c1_name_es": {"Impacto"}, "c1_weight": {"2"}}
}

func auditCount(t *testing.T, s *models.Store, action string, id int64) int64 {
	var n int64
	s.DB().Model(&models.AuditEntry{}).Where("action = ? AND entity = 'call' AND entity_id = ?", action, id).Count(&n)
	return n
}

// TestOfficerCallLifecycle: bad input comes back 422 with messages and the
// typed values; a good form makes a draft; a stale save is refused with a
// message and keeps the values; publish and close move the call and audit.
func TestOfficerCallLifecycle(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		e := newEnv(t, s, -1)
		testUser(t, s, "officer@example.org", goodPassword, auth.Officer)
		b := e.browser()
		b.signIn(t, "officer@example.org", goodPassword)
		if res := b.get(t, "/calls/new"); res.status != http.StatusOK {
			t.Fatalf("/calls/new: %d", res.status)
		}

		bad := goodCallForm(t, s, "BIO-2027")
		bad.Del("title_en")
		bad.Del("title_es")
		bad.Set("closes_date", "2026-11-01")
		bad.Set("budget_cap", "lots")
		bad.Set("min_reviews", "9")
		bad.Set("c0_weight", "-2")
		bad.Set("types", "no_such_type")
		bad.Set("body_es", "Texto que no se pierde")
		res := b.post(t, "/calls", bad)
		if res.status != http.StatusUnprocessableEntity {
			t.Fatalf("bad form: %d", res.status)
		}
		mustContain(t, res.body, "Give a title in at least one language.", "The call must close after it opens.", "Enter an amount such as 250000 or 250000.50.",
			"Enter a whole number from 1 to 5.", "The weight must be a positive whole number.", `value="BIO-2027"`, "Texto que no se pierde", `value="lots"`)

		res = b.post(t, "/calls", goodCallForm(t, s, "BIO-2027"))
		if res.status != http.StatusSeeOther {
			t.Fatalf("good form: %d %s", res.status, res.body)
		}
		var c models.Call
		if err := s.DB().Where("code = ?", "BIO-2027").Take(&c).Error; err != nil {
			t.Fatal(err)
		}
		if c.Status != models.CallDraft || c.BudgetCapMinor != 25_000_050 || c.TimeZone != "America/Sao_Paulo" ||
			c.OpensAt.UTC().Format("2006-01-02 15:04") != "2026-12-01 12:00" {
			t.Errorf("stored %+v", c)
		}
		if auditCount(t, s, "call.create", c.ID) != 1 {
			t.Error("no audit entry for the creation")
		}
		edit := b.get(t, callURL(&c, "/edit"))
		mustContain(t, edit.body, `value="09:00"`, `value="2026-12-01"`, `value="250000.50"`, "Impacto")

		// Someone else saves first: our form (version 1) is stale.
		if err := s.DB().Model(&models.Call{}).Where("id = ?", c.ID).Update("version", 2).Error; err != nil {
			t.Fatal(err)
		}
		stale := goodCallForm(t, s, "BIO-2027")
		stale.Set("version", "1")
		stale.Set("title_en", "My unsaved title")
		res = b.post(t, callURL(&c, ""), stale)
		if res.status != http.StatusConflict {
			t.Fatalf("stale save: %d", res.status)
		}
		mustContain(t, res.body, "Someone changed this call since you opened it", "My unsaved title")
		stale.Set("version", "2")
		if res = b.post(t, callURL(&c, ""), stale); res.status != http.StatusSeeOther {
			t.Fatalf("save at the current version: %d", res.status)
		}

		if res = b.post(t, callURL(&c, "/publish"), url.Values{"version": {"3"}}); res.status != http.StatusSeeOther {
			t.Fatalf("publish: %d", res.status)
		}
		s.DB().Take(&c, c.ID)
		if c.Status != models.CallPublished || auditCount(t, s, "call.publish", c.ID) != 1 {
			t.Errorf("after publish: %s", c.Status)
		}
		if res = b.post(t, callURL(&c, "/close"), url.Values{"version": {strconv.Itoa(c.Version)}}); res.status != http.StatusSeeOther {
			t.Fatalf("close: %d", res.status)
		}
		s.DB().Take(&c, c.ID)
		if c.Status != models.CallClosed || !c.ClosesAt.Equal(fixedNow) || auditCount(t, s, "call.close", c.ID) != 1 {
			t.Errorf("after close: %s %v", c.Status, c.ClosesAt)
		}
		list := e.get(t, "/calls").body
		past := list[strings.Index(list, `id="past"`):]
		mustContain(t, past, "My unsaved title")
	})
}

// TestPublishNeedsACompleteCall: a draft without project types is not
// published; the form says what is missing.
func TestPublishNeedsACompleteCall(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		e := newEnv(t, s, -1)
		officer := testUser(t, s, "officer@example.org", goodPassword, auth.Officer)
		c := draftCall(t, s, officer.ID)
		s.DB().Where("call_id = ?", c.ID).Delete(&models.CallProjectType{})
		b := e.browser()
		b.signIn(t, "officer@example.org", goodPassword)
		res := b.post(t, callURL(c, "/publish"), url.Values{"version": {"1"}})
		if res.status != http.StatusUnprocessableEntity || !strings.Contains(res.body, "Choose at least one eligible project type before publishing.") {
			t.Fatalf("incomplete publish: %d", res.status)
		}
		var got models.Call
		s.DB().Take(&got, c.ID)
		if got.Status != models.CallDraft {
			t.Errorf("status %s", got.Status)
		}
	})
}

// TestCallEditorIsForOfficers: applicants and reviewers get 403 on every
// officer route.
func TestCallEditorIsForOfficers(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		e := newEnv(t, s, -1)
		officer := testUser(t, s, "officer@example.org", goodPassword, auth.Officer)
		c := openCall(t, s, officer.ID)
		for _, role := range []auth.Role{auth.Applicant, auth.Reviewer} {
			email := string(role) + "@example.org"
			testUser(t, s, email, goodPassword, role)
			b := e.browser()
			b.signIn(t, email, goodPassword)
			for _, path := range []string{"/calls/new", callURL(c, "/edit")} {
				if res := b.get(t, path); res.status != http.StatusForbidden {
					t.Errorf("%s GET %s: %d", role, path, res.status)
				}
			}
			for _, path := range []string{"/calls", callURL(c, ""), callURL(c, "/publish"), callURL(c, "/close")} {
				if res := b.post(t, path, goodCallForm(t, s, "X-"+string(role))); res.status != http.StatusForbidden {
					t.Errorf("%s POST %s: %d", role, path, res.status)
				}
			}
		}
	})
}
