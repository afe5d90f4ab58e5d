package handlers_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"testing"

	"github.com/puente-science/puente/auth"
	"github.com/puente-science/puente/models"
	"github.com/puente-science/puente/testdb"
	"github.com/puente-science/puente/workflow"
)

func TestApplyToCall(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		e := newEnv(t, s, -1)
		pi := testUser(t, s, "pi@example.org", goodPassword, auth.Applicant)
		off := testUser(t, s, "off@example.org", goodPassword, auth.Officer)
		s.DB().Model(&models.User{}).Where("id = ?", pi.ID).Update("locale", "es")
		open := appCall(t, s, off.ID, models.CallPublished, models.TypeResearchProject, models.TypeJointLab)
		single := appCall(t, s, off.ID, models.CallPublished, models.TypeDialogue)
		closed := appCall(t, s, off.ID, models.CallPublished, models.TypeResearchProject)
		s.DB().Model(&models.Call{}).Where("id = ?", closed.ID).Updates(map[string]any{
			"opens_at": fixedNow.AddDate(0, -2, 0), "closes_at": fixedNow.AddDate(0, 0, -1)})
		projects := func() int64 {
			var n int64
			s.DB().Model(&models.Project{}).Count(&n)
			return n
		}

		anon := e.get(t, callURL(open, ""))
		mustContain(t, anon.body, "/login?next=/calls/"+strconv.FormatInt(open.ID, 10))
		mustNotContain(t, anon.body, `/apply"`)

		b := e.browser()
		b.signIn(t, "pi@example.org", goodPassword)
		page := b.get(t, callURL(open, ""))
		mustContain(t, page.body, `action="/calls/`+strconv.FormatInt(open.ID, 10)+`/apply"`, `name="type"`, `name="title"`)
		mustContain(t, b.get(t, callURL(single, "")).body, `type="hidden" name="type" value="dialogue"`)

		// Refusals show the call page again with the reason and the title kept.
		res := b.post(t, callURL(open, "/apply"), url.Values{"type": {"platform"}, "title": {"Observatorio andino"}})
		if res.status != http.StatusUnprocessableEntity {
			t.Fatalf("ineligible type: %d", res.status)
		}
		mustContain(t, res.body, esMsg("application.apply.error.type"), "Observatorio andino")
		res = b.post(t, callURL(open, "/apply"), url.Values{"type": {"joint_lab"}, "title": {"  "}})
		if res.status != http.StatusUnprocessableEntity {
			t.Fatalf("no title: %d", res.status)
		}
		mustContain(t, res.body, esMsg("application.apply.error.title"))
		res = b.post(t, callURL(closed, "/apply"), url.Values{"type": {"research_project"}, "title": {"Tarde"}})
		if res.status != http.StatusConflict {
			t.Fatalf("closed call: %d", res.status)
		}
		mustContain(t, res.body, esMsg("application.apply.error.closed"))
		mustNotContain(t, res.body, `action="/calls/`+strconv.FormatInt(closed.ID, 10)+`/apply"`)
		if n := projects(); n != 0 {
			t.Fatalf("refusals created %d projects", n)
		}

		res = b.post(t, callURL(open, "/apply"), url.Values{"type": {"joint_lab"}, "title": {"Laboratorio conjunto de genómica"}})
		loc := res.header.Get("Location")
		m := regexp.MustCompile(`^/projects/(\d+)/edit\?notice=created$`).FindStringSubmatch(loc)
		if res.status != http.StatusSeeOther || m == nil {
			t.Fatalf("apply: %d %q", res.status, loc)
		}
		id, _ := strconv.ParseInt(m[1], 10, 64)
		var p models.Project
		s.DB().Take(&p, id)
		wantCode := "PU-" + strconv.Itoa(open.ClosesAt.Year()) + "-" + padID(id)
		if p.State != workflow.Draft || p.Type != models.TypeJointLab || p.PIUserID != pi.ID || p.Lang != "es" ||
			p.Title.Get("es") != "Laboratorio conjunto de genómica" || p.Code != wantCode || p.Currency != open.Currency ||
			p.ChannelID != open.ChannelID || p.Year != open.ClosesAt.Year() || *p.CallID != open.ID {
			t.Errorf("draft: %+v", p)
		}
		var audits int64
		s.DB().Model(&models.AuditEntry{}).Where("project_id = ? AND action = ? AND to_state = ?", id, "project.create", "draft").Count(&audits)
		if audits != 1 {
			t.Errorf("%d creation audit entries", audits)
		}
		form := b.get(t, loc)
		if form.status != http.StatusOK {
			t.Fatalf("form: %d", form.status)
		}
		mustContain(t, form.body, esMsg("application.notice.created"), "Laboratorio conjunto de genómica", wantCode)

		// Applying again leads to the same draft.
		res = b.post(t, callURL(open, "/apply"), url.Values{"type": {"research_project"}, "title": {"Otra"}})
		if res.status != http.StatusSeeOther || res.header.Get("Location") != editURL(id)+"?notice=existing" {
			t.Fatalf("second apply: %d %q", res.status, res.header.Get("Location"))
		}
		if n := projects(); n != 1 {
			t.Errorf("%d projects after applying twice", n)
		}

		// The timeline starts with the draft.
		mustContain(t, b.get(t, "/projects/"+m[1]).body, esMsg("project.timeline.created"))
	})
}

func padID(id int64) string {
	s := strconv.FormatInt(id, 10)
	for len(s) < 5 {
		s = "0" + s
	}
	return s
}
