package handlers_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"testing"

	"github.com/puente-science/puente/auth"
	"github.com/puente-science/puente/models"
	"github.com/puente-science/puente/testdb"
	"github.com/puente-science/puente/workflow"
)

func TestApplicationChecklistSubmitAndResubmit(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		e := newEnv(t, s, -1)
		pi := testUser(t, s, "pi@example.org", goodPassword, auth.Applicant)
		off := testUser(t, s, "off@example.org", goodPassword, auth.Officer)
		b := e.browser()
		b.signIn(t, "pi@example.org", goodPassword)
		id := draftFixture(t, s, pi.ID, off.ID, models.TypeResearchProject)
		page := "/projects/" + strconv.FormatInt(id, 10)
		all := []string{"project.missing.summary", "project.missing.lead_country", "project.missing.primary_discipline",
			"project.missing.budget", "project.missing.type_details", "project.missing.planned_dates",
			"project.missing.attachment_proposal", "project.missing.attachment_cv"}
		checklist := func(body string, missing ...string) {
			t.Helper()
			want := map[string]bool{}
			for _, k := range missing {
				want[k] = true
			}
			for _, k := range all {
				if want[k] {
					mustContain(t, body, msg(k))
				} else {
					mustNotContain(t, body, msg(k))
				}
			}
		}
		form := b.get(t, editURL(id))
		checklist(form.body, all...)
		mustContain(t, form.body, `action="`+page+`/events/submit"`)

		// The project page offers the form and says what is missing.
		proj := b.get(t, page)
		mustContain(t, proj.body, `href="`+editURL(id)+`"`, `action="`+page+`/events/submit"`)
		checklist(proj.body, all...)

		// Part of the form: the checklist shrinks to what is still missing.
		f := appForm(t, s, models.TypeResearchProject, "1")
		f.Del("planned_start")
		f.Del("planned_end")
		if res := b.multipart(t, editURL(id), f, testFile{"file_proposal", "proposal.pdf", []byte(testPDF)}); res.status != http.StatusSeeOther {
			t.Fatalf("save: %d", res.status)
		}
		checklist(b.get(t, editURL(id)).body, "project.missing.planned_dates", "project.missing.attachment_cv")
		res := b.post(t, page+"/events/submit", url.Values{"version": {"2"}})
		if res.status != http.StatusUnprocessableEntity {
			t.Fatalf("incomplete submit: %d", res.status)
		}
		checklist(res.body, "project.missing.planned_dates", "project.missing.attachment_cv")
		if v := versionOf(t, s, id); v != "2" {
			t.Fatalf("a refused submit moved the project to version %s", v)
		}

		if res := b.multipart(t, editURL(id), appForm(t, s, models.TypeResearchProject, "2"),
			testFile{"file_cv", "cv.pdf", []byte(testPDF)}); res.status != http.StatusSeeOther {
			t.Fatalf("complete: %d", res.status)
		}
		form = b.get(t, editURL(id))
		checklist(form.body)
		mustContain(t, form.body, msg("application.checklist.complete"))
		res = b.post(t, page+"/events/submit", url.Values{"version": {"3"}})
		if res.status != http.StatusSeeOther {
			t.Fatalf("submit: %d %s", res.status, res.body)
		}
		var p models.Project
		s.DB().Take(&p, id)
		if p.State != workflow.Submitted {
			t.Fatalf("state %s", p.State)
		}

		// Submitted: no more editing.
		res = b.get(t, editURL(id))
		if res.status != http.StatusSeeOther || res.header.Get("Location") != page+"?done=locked" {
			t.Fatalf("edit after submit: %d %q", res.status, res.header.Get("Location"))
		}
		mustContain(t, b.get(t, page+"?done=locked").body, msg("application.notice.locked"))
		mustNotContain(t, b.get(t, page).body, `href="`+editURL(id)+`"`)
		res = b.multipart(t, editURL(id), appForm(t, s, models.TypeResearchProject, "4"))
		if res.status != http.StatusForbidden {
			t.Fatalf("save after submit: %d", res.status)
		}
		mustContain(t, res.body, msg("application.locked.title"))

		// A revision request opens the form again, with the request on top.
		from, to, note := "review_complete", "revision_requested", "Please detail the sampling sites."
		s.DB().Model(&models.Project{}).Where("id = ?", id).Updates(map[string]any{"state": to, "version": 7})
		s.DB().Create(&models.AuditEntry{At: fixedNow, ActorID: &off.ID, Action: "project.request_revision", Entity: "project",
			EntityID: &id, ProjectID: &id, FromState: &from, ToState: &to, Comment: &note})
		form = b.get(t, editURL(id))
		if form.status != http.StatusOK {
			t.Fatalf("edit in revision: %d", form.status)
		}
		mustContain(t, form.body, note, `action="`+page+`/events/resubmit"`, `name="comment"`)
		res = b.post(t, page+"/events/resubmit", url.Values{"version": {"7"}, "comment": {"Sites are now in WP1."}})
		if res.status != http.StatusSeeOther {
			t.Fatalf("resubmit: %d", res.status)
		}
		s.DB().Take(&p, id)
		var a models.AuditEntry
		s.DB().Where("project_id = ? AND action = ?", id, "project.resubmit").Take(&a)
		if p.State != workflow.Submitted || a.Comment == nil || *a.Comment != "Sites are now in WP1." {
			t.Errorf("after resubmit: %s %+v", p.State, a)
		}
	})
}

// TestApplicationFormQueries: the form costs the same number of queries
// with one file and country as with thirty.
func TestApplicationFormQueries(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		e := newEnv(t, s, -1)
		pi := testUser(t, s, "pi@example.org", goodPassword, auth.Applicant)
		off := testUser(t, s, "off@example.org", goodPassword, auth.Officer)
		b := e.browser()
		b.signIn(t, "pi@example.org", goodPassword)
		var lac []string
		s.DB().Model(&models.Country{}).Where("lac = ?", true).Order("iso2").Limit(30).Pluck("iso2", &lac)
		if len(lac) < 30 {
			t.Fatalf("only %d countries", len(lac))
		}
		cost := func(n int) int64 {
			id := draftFixture(t, s, pi.ID, off.ID, models.TypeTalentExchange)
			for i := range n {
				attachFile(t, s, id, pi.ID, models.AttachmentLetter, fmt.Sprintf("letter-%d.pdf", i), testPDF)
				s.DB().Create(&models.ProjectCountry{ProjectID: id, CountryISO2: lac[i], Lead: i == 0})
			}
			e.queries.Reset()
			if res := b.get(t, editURL(id)); res.status != http.StatusOK {
				t.Fatalf("form: %d", res.status)
			}
			return e.queries.Count()
		}
		if one, thirty := cost(1), cost(30); one != thirty {
			t.Errorf("queries: %d with one file and country, %d with thirty", one, thirty)
		}
	})
}
