package handlers_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/puente-science/puente/auth"
	"github.com/puente-science/puente/models"
	"github.com/puente-science/puente/testdb"
)

// reportState reads what a report's page cannot show at a glance.
func reportState(t *testing.T, s *models.Store, id int64) models.Report {
	t.Helper()
	var r models.Report
	if err := s.DB().Take(&r, id).Error; err != nil {
		t.Fatal(err)
	}
	return r
}

func reportOutputs(t *testing.T, s *models.Store, id int64) []models.Output {
	t.Helper()
	var out []models.Output
	if err := s.DB().Where("report_id = ?", id).Order("id").Find(&out).Error; err != nil {
		t.Fatal(err)
	}
	return out
}

func TestReportFormRoundTrip(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		e := newEnv(t, s, -1)
		pi := testUser(t, s, "pi@example.org", goodPassword, auth.Applicant)
		off := testUser(t, s, "officer@example.org", goodPassword, auth.Officer)
		other := testUser(t, s, "other-officer@example.org", goodPassword, auth.Officer)
		rp := reportFixture(t, s, pi.ID, &off.ID)
		id := rp.reports[0]
		b := e.browser()
		b.signIn(t, "pi@example.org", goodPassword)

		page := b.get(t, reportURL(id, ""))
		if page.status != http.StatusOK {
			t.Fatalf("form: %d", page.status)
		}
		mustContain(t, page.body, `id="report-form"`, msg("report.save"), msg("report.submit"), `name="pub1_title"`,
			`name="tr0_level"`, `name="ot0_kind"`, msg("report.overdue"))

		res := b.post(t, reportURL(id, ""), reportForm(1, "draft"))
		if res.status != http.StatusSeeOther || res.header.Get("Location") != reportURL(id, "?done=saved") {
			t.Fatalf("draft: %d %s\n%s", res.status, res.header.Get("Location"), res.body)
		}
		r := reportState(t, s, id)
		if r.Status != models.ReportDue || r.Version != 2 || r.Narrative == nil {
			t.Fatalf("after the draft: %+v", r)
		}
		outs := reportOutputs(t, s, id)
		if len(outs) != 3 {
			t.Fatalf("outputs: %d, want 3", len(outs))
		}
		dois := map[string]bool{}
		for _, o := range outs {
			if o.DOI != nil {
				dois[*o.DOI] = true
			}
		}
		if !dois["10.1234/abc.def"] || !dois["10.5555/guayas.2026"] {
			t.Errorf("DOIs not normalised: %v", dois)
		}
		var spend []models.ReportSpending
		s.DB().Where("report_id = ?", id).Order("category").Find(&spend)
		if len(spend) != 2 || spend[0].Category != models.BudgetEquipment || spend[0].AmountMinor != 3000000 ||
			spend[1].AmountMinor != 1250050 {
			t.Errorf("spending: %+v", spend)
		}
		var countries int64
		s.DB().Model(&models.OutputCountry{}).Where("output_id IN ?", []int64{outs[0].ID, outs[1].ID}).Count(&countries)
		if countries != 4 {
			t.Errorf("output countries: %d, want 4", countries)
		}

		// The form shows everything saved, with the spending against the
		// budget.
		page = b.get(t, reportURL(id, "?done=saved"))
		mustContain(t, page.body, msg("report.notice.saved"), "Blue carbon in Amazonian mangroves", `value="10.1234/abc.def"`,
			`value="12500.50"`, "Doctoral students hosted in Guangzhou", `name="pub0_remove"`)

		// Removing a saved output and adding rows keeps what was typed.
		form := url.Values{"version": {"2"}, "op": {"add_pub"}, "pub_rows": {"1"}, "pub0_title": {"Typed, not saved"}}
		res = b.post(t, reportURL(id, ""), form)
		if res.status != http.StatusOK || !strings.Contains(res.body, `value="Typed, not saved"`) ||
			!strings.Contains(res.body, `name="pub3_title"`) {
			t.Fatalf("add rows: %d", res.status)
		}
		if reportState(t, s, id).Version != 2 {
			t.Error("adding rows saved the report")
		}

		// Submitting tells the project's officer, and only them.
		sub := reportForm(2, "submit")
		sub.Set("pub0_id", strconv.FormatInt(outs[0].ID, 10))
		sub.Set("pub1_id", strconv.FormatInt(outs[1].ID, 10))
		sub.Set("pub1_remove", "1")
		res = b.post(t, reportURL(id, ""), sub)
		if res.status != http.StatusSeeOther {
			t.Fatalf("submit: %d\n%s", res.status, res.body)
		}
		r = reportState(t, s, id)
		if r.Status != models.ReportSubmitted || r.SubmittedAt == nil {
			t.Fatalf("after submit: %+v", r)
		}
		outs = reportOutputs(t, s, id)
		if len(outs) != 2 || outs[0].Title != "Blue carbon in Amazonian mangroves" {
			t.Fatalf("after removing a publication: %+v", outs)
		}
		var notes []models.Notification
		s.DB().Where("message_key = ?", "notify.report.submitted").Find(&notes)
		if len(notes) != 1 || notes[0].UserID != off.ID {
			t.Errorf("notifications: %+v (other officer %d)", notes, other.ID)
		}
		var audits int64
		s.DB().Model(&models.AuditEntry{}).Where("action = ? AND entity_id = ?", "report.submit", id).Count(&audits)
		if audits != 1 {
			t.Errorf("audit entries: %d", audits)
		}
		// Sent, the report is read-only for its author.
		page = b.get(t, reportURL(id, ""))
		mustContain(t, page.body, msg("report.waiting"), "https://doi.org/10.1234/abc.def", msg("report.pub.coauthored_badge"))
		mustNotContain(t, page.body, `id="report-form"`, `id="report-review"`)
		res = b.post(t, reportURL(id, ""), reportForm(r.Version, "draft"))
		if res.status != http.StatusConflict || !strings.Contains(res.body, msg("report.error.closed")) {
			t.Errorf("saving a sent report: %d", res.status)
		}
	})
}

func TestReportBadInputKeepsEverything(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		e := newEnv(t, s, -1)
		pi := testUser(t, s, "pi@example.org", goodPassword, auth.Applicant)
		rp := reportFixture(t, s, pi.ID, nil)
		// Progress report 2 already lists a publication.
		doi := "10.1234/abc.def"
		held := models.Output{ProjectID: rp.id, ReportID: &rp.reports[1], Kind: models.OutputPublication, Title: "Earlier",
			DOI: &doi, Year: 2026, CreatedAt: fixedNow}
		if err := s.DB().Create(&held).Error; err != nil {
			t.Fatal(err)
		}
		b := e.browser()
		b.signIn(t, "pi@example.org", goodPassword)
		id := rp.reports[0]
		cases := []struct {
			name  string
			edit  func(url.Values)
			field string
			want  string
		}{
			{"malformed DOI", func(f url.Values) { f.Set("pub1_doi", "10.12/not a doi") }, "pub1_doi", msg("report.error.doi")},
			{"negative spending", func(f url.Values) { f.Set("spend_travel", "-200") }, "spend_travel", msg("report.error.spending_negative")},
			{"unreadable money", func(f url.Values) { f.Set("spend_travel", "12,5,00x") }, "spend_travel", msg("report.error.money")},
			{"DOI of another report", func(f url.Values) {}, "pub0_doi", "Progress report 2"},
			{"same DOI twice", func(f url.Values) { f.Set("pub1_doi", "DOI:10.1234/ABC.DEF") }, "pub1_doi", "publication 1"},
			{"trainees without count", func(f url.Values) { f.Set("tr0_count", "0") }, "tr0_count", msg("report.error.count")},
			{"year out of range", func(f url.Values) { f.Set("pub0_year", "1850") }, "pub0_year", "1900"},
			{"unknown country", func(f url.Values) { f.Add("pub0_countries", "XX") }, "pub0_countries", msg("form.invalid_choice")},
			{"submit without narrative", func(f url.Values) { f.Set("narrative", ""); f.Set("op", "submit") }, "narrative", msg("report.error.narrative_required")},
		}
		for _, tc := range cases {
			form := reportForm(1, "draft")
			tc.edit(form)
			res := b.post(t, reportURL(id, ""), form)
			if res.status != http.StatusUnprocessableEntity {
				t.Errorf("%s: %d, want 422", tc.name, res.status)
				continue
			}
			if !strings.Contains(res.body, `id="f-`+tc.field+`-error"`) || !strings.Contains(res.body, tc.want) {
				t.Errorf("%s: no message %q next to %s", tc.name, tc.want, tc.field)
			}
			// Everything typed comes back.
			mustContain(t, res.body, "Sediment cores from the Guayas estuary", "Doctoral students hosted in Guangzhou",
				form.Get("narrative"), `value="Estuarine Science"`, `value="`+form.Get("pub1_doi")+`"`)
			if form.Get("spend_travel") != "" {
				mustContain(t, res.body, `value="`+form.Get("spend_travel")+`"`)
			}
			// Nothing was saved.
			r := reportState(t, s, id)
			if r.Version != 1 || r.Narrative != nil || len(reportOutputs(t, s, id)) != 0 {
				t.Errorf("%s: something was saved: %+v", tc.name, r)
			}
			var n int64
			s.DB().Model(&models.ReportSpending{}).Where("report_id = ?", id).Count(&n)
			if n != 0 {
				t.Errorf("%s: spending saved", tc.name)
			}
		}
		// A stale form: 409 with everything typed.
		fresh := reportForm(1, "draft")
		fresh.Set("pub0_doi", "10.1234/another")
		if res := b.post(t, reportURL(id, ""), fresh); res.status != http.StatusSeeOther {
			t.Fatalf("first save: %d", res.status)
		}
		res := b.post(t, reportURL(id, ""), fresh)
		if res.status != http.StatusConflict || !strings.Contains(res.body, msg("report.error.conflict")) ||
			!strings.Contains(res.body, "Sediment cores from the Guayas estuary") || !strings.Contains(res.body, `name="version" value="2"`) {
			t.Errorf("stale form: %d", res.status)
		}
	})
}

func TestReportRevisionCycle(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		e := newEnv(t, s, -1)
		pi := testUser(t, s, "pi@example.org", goodPassword, auth.Applicant)
		testUser(t, s, "officer@example.org", goodPassword, auth.Officer)
		testUser(t, s, "officer2@example.org", goodPassword, auth.Officer)
		testUser(t, s, "director@example.org", goodPassword, auth.Director)
		rp := reportFixture(t, s, pi.ID, nil)
		id := rp.reports[0]
		app, off, dir := e.browser(), e.browser(), e.browser()
		app.signIn(t, "pi@example.org", goodPassword)
		off.signIn(t, "officer@example.org", goodPassword)
		dir.signIn(t, "director@example.org", goodPassword)

		if res := app.post(t, reportURL(id, ""), reportForm(1, "submit")); res.status != http.StatusSeeOther {
			t.Fatalf("submit: %d\n%s", res.status, res.body)
		}
		var notes int64
		s.DB().Model(&models.Notification{}).Where("message_key = ?", "notify.report.submitted").Count(&notes)
		var officers int64
		s.DB().Model(&models.UserRole{}).Where("role = ?", models.RoleOfficer).Count(&officers)
		if notes != officers || notes < 2 {
			t.Errorf("without a responsible officer every officer hears of it: %d notifications for %d officers", notes, officers)
		}
		// The director reads, without the review form; may not review.
		page := dir.get(t, reportURL(id, ""))
		if page.status != http.StatusOK || strings.Contains(page.body, `id="report-review"`) {
			t.Errorf("director's view: %d", page.status)
		}
		if res := dir.post(t, reportURL(id, "/review"), url.Values{"version": {"2"}, "decision": {"accept"}}); res.status != http.StatusForbidden {
			t.Errorf("director reviewing: %d", res.status)
		}
		page = off.get(t, reportURL(id, ""))
		mustContain(t, page.body, `id="report-review"`, "Sampling campaigns in Brazil and Ecuador", "Blue carbon in Amazonian mangroves")
		// A revision request needs a comment.
		res := off.post(t, reportURL(id, "/review"), url.Values{"version": {"2"}, "decision": {"revise"}})
		if res.status != http.StatusUnprocessableEntity || !strings.Contains(res.body, msg("report.error.comment_required")) {
			t.Fatalf("revision without comment: %d", res.status)
		}
		comment := "Please detail the equipment spending."
		res = off.post(t, reportURL(id, "/review"), url.Values{"version": {"2"}, "decision": {"revise"}, "comment": {comment}})
		if res.status != http.StatusSeeOther {
			t.Fatalf("revision: %d\n%s", res.status, res.body)
		}
		r := reportState(t, s, id)
		if r.Status != models.ReportRevisionRequested || r.ReviewComment == nil || *r.ReviewComment != comment || r.ReviewedBy == nil {
			t.Fatalf("after revision request: %+v", r)
		}
		s.DB().Model(&models.Notification{}).Where("message_key = ? AND user_id = ?", "notify.report.revision_requested", pi.ID).Count(&notes)
		if notes != 1 {
			t.Errorf("applicant notifications: %d", notes)
		}
		// A second verdict on the old page: 409, the comment kept.
		res = off.post(t, reportURL(id, "/review"), url.Values{"version": {"2"}, "decision": {"accept"}, "comment": {"Fine"}})
		if res.status != http.StatusConflict || !strings.Contains(res.body, msg("report.error.reviewed")) {
			t.Errorf("stale verdict: %d", res.status)
		}
		// The applicant sees the comment at the top of an editable form.
		page = app.get(t, reportURL(id, ""))
		mustContain(t, page.body, comment, `id="report-form"`, msg("report.revision.next"), `value="30000"`)
		fix := reportForm(r.Version, "submit")
		fix.Set("spend_equipment", "28000")
		fix.Set("narrative", "Sampling campaigns; the equipment bought was a core sampler and a spectrometer.")
		if res := app.post(t, reportURL(id, ""), fix); res.status != http.StatusSeeOther {
			t.Fatalf("resubmit: %d\n%s", res.status, res.body)
		}
		r = reportState(t, s, id)
		if r.Status != models.ReportSubmitted {
			t.Fatalf("after resubmit: %s", r.Status)
		}
		res = off.post(t, reportURL(id, "/review"), url.Values{"version": {strconv.Itoa(r.Version)}, "decision": {"accept"}})
		if res.status != http.StatusSeeOther {
			t.Fatalf("accept: %d\n%s", res.status, res.body)
		}
		if r = reportState(t, s, id); r.Status != models.ReportAccepted || r.ReviewedAt == nil {
			t.Fatalf("after accept: %+v", r)
		}
		s.DB().Model(&models.Notification{}).Where("message_key = ? AND user_id = ?", "notify.report.accepted", pi.ID).Count(&notes)
		if notes != 1 {
			t.Errorf("acceptance notifications: %d", notes)
		}
		var actions []string
		s.DB().Model(&models.AuditEntry{}).Where("entity = ? AND entity_id = ?", "report", id).Order("id").Pluck("action", &actions)
		if fmt.Sprint(actions) != "[report.submit report.request_revision report.submit report.accept]" {
			t.Errorf("audit: %v", actions)
		}
		// The project page lists the report as accepted and its outputs.
		page = app.get(t, "/projects/"+strconv.FormatInt(rp.id, 10))
		mustContain(t, page.body, msg("report.panel.title"), msg("report.status.accepted"), "https://doi.org/10.1234/abc.def",
			msg("output.panel.title"), "Blue carbon in Amazonian mangroves")
	})
}

func TestReportAccess(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		e := newEnv(t, s, -1)
		pi := testUser(t, s, "pi@example.org", goodPassword, auth.Applicant)
		testUser(t, s, "stranger@example.org", goodPassword, auth.Applicant)
		rev := testUser(t, s, "rev@example.org", goodPassword, auth.Reviewer)
		both := testUser(t, s, "rev-applicant@example.org", goodPassword, auth.Reviewer, auth.Applicant)
		rp := reportFixture(t, s, pi.ID, nil)
		assign(t, s, rp.id, rev.ID, pi.ID)
		assign(t, s, rp.id, both.ID, pi.ID)
		id := rp.reports[0]
		for _, who := range []string{"stranger@example.org", "rev-applicant@example.org"} {
			b := e.browser()
			b.signIn(t, who, goodPassword)
			if res := b.get(t, reportURL(id, "")); res.status != http.StatusNotFound {
				t.Errorf("%s reading: %d, want 404", who, res.status)
			}
			if res := b.post(t, reportURL(id, ""), reportForm(1, "submit")); res.status != http.StatusNotFound {
				t.Errorf("%s writing: %d, want 404", who, res.status)
			}
			if strings.Contains(b.get(t, "/reports").body, "/reports/"+strconv.FormatInt(id, 10)) {
				t.Errorf("%s sees the report in their list", who)
			}
			// The project page they may read (as its reviewer) has no reports.
			if page := b.get(t, "/projects/"+strconv.FormatInt(rp.id, 10)); strings.Contains(page.body, `id="reports-title"`) {
				t.Errorf("%s sees the project's reports", who)
			}
		}
		b := e.browser()
		b.signIn(t, "rev@example.org", goodPassword)
		if res := b.get(t, reportURL(id, "")); res.status != http.StatusForbidden && res.status != http.StatusNotFound {
			t.Errorf("reviewer: %d", res.status)
		}
		if r := reportState(t, s, id); r.Version != 1 {
			t.Error("a refused request changed the report")
		}
	})
}

func TestMyReportsList(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		e := newEnv(t, s, -1)
		pi := testUser(t, s, "pi@example.org", goodPassword, auth.Applicant)
		testUser(t, s, "empty@example.org", goodPassword, auth.Applicant)
		reportFixture(t, s, pi.ID, nil)
		b := e.browser()
		b.signIn(t, "pi@example.org", goodPassword)
		page := b.get(t, "/reports")
		mustContain(t, page.body, msg("report.group.overdue"), msg("report.group.submitted"), "Progress report 1",
			"Final report", "120 days overdue", "due in 275 days", msg("report.write"))
		b = e.browser()
		b.signIn(t, "empty@example.org", goodPassword)
		mustContain(t, b.get(t, "/reports").body, msg("report.list.empty.title"))
	})
}

func TestReportQueues(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		e := newEnv(t, s, -1)
		off := testUser(t, s, "officer@example.org", goodPassword, auth.Officer)
		testUser(t, s, "director@example.org", goodPassword, auth.Director)
		piBR := testUser(t, s, "pi-br@example.org", goodPassword, auth.Applicant)
		piMX := testUser(t, s, "pi-mx@example.org", goodPassword, auth.Applicant)
		br := reportFixture(t, s, piBR.ID, &off.ID)
		mx := reportFixture(t, s, piMX.ID, nil)
		var channels []int64
		s.DB().Model(&models.FundingChannel{}).Order("id").Limit(2).Pluck("id", &channels)
		if err := s.DB().Model(&models.Project{}).Where("id = ?", mx.id).
			Updates(map[string]any{"lead_country_iso2": "MX", "channel_id": channels[1]}).Error; err != nil {
			t.Fatal(err)
		}
		b := e.browser()
		b.signIn(t, "officer@example.org", goodPassword)
		has := func(path string, rp reportProject, idx int) bool {
			return strings.Contains(b.get(t, path).body, `href="`+reportURL(rp.reports[idx], "")+`"`)
		}
		cases := []struct {
			path       string
			wantBR     bool
			wantMX     bool
			idx        int
			wantStatus int
		}{
			{"/reports", true, true, 2, 200},
			{"/reports?tab=overdue", true, true, 0, 200},
			{"/reports?tab=submitted", true, true, 1, 200},
			{"/reports?tab=overdue&country=MX", false, true, 0, 200},
			{"/reports?tab=overdue&country=BR", true, false, 0, 200},
			{"/reports?tab=submitted&channel=" + strconv.FormatInt(channels[1], 10), false, true, 1, 200},
			{"/reports?tab=submitted&officer=mine", true, false, 1, 200},
			{"/reports?tab=submitted&officer=none", false, true, 1, 200},
			{"/reports?tab=submitted&officer=" + strconv.FormatInt(off.ID, 10), true, false, 1, 200},
			{"/reports?tab=bogus&country=ZZ&officer=x&sort=drop&dir=up&page=99", true, true, 2, 200},
		}
		for _, tc := range cases {
			if got := has(tc.path, br, tc.idx); got != tc.wantBR {
				t.Errorf("%s lists the Brazilian project's report: %v", tc.path, got)
			}
			if got := has(tc.path, mx, tc.idx); got != tc.wantMX {
				t.Errorf("%s lists the Mexican project's report: %v", tc.path, got)
			}
		}
		page := b.get(t, "/reports?tab=overdue")
		mustContain(t, page.body, msg("report.queue.title"), `aria-current="page"`, "120 days overdue")
		d := e.browser()
		d.signIn(t, "director@example.org", goodPassword)
		if res := d.get(t, "/reports?tab=submitted"); res.status != 200 || !strings.Contains(res.body, reportURL(br.reports[1], "")) {
			t.Errorf("director's queue: %d", res.status)
		}
	})
}

// TestReportQueries: the queue, a report and the project page cost the
// same number of queries with 1 and with 30 rows.
func TestReportQueries(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		e := newEnv(t, s, -1)
		off := testUser(t, s, "officer@example.org", goodPassword, auth.Officer)
		pi := testUser(t, s, "pi@example.org", goodPassword, auth.Applicant)
		measure := func(n int) (queue, report, project, mine int) {
			rp := reportFixture(t, s, pi.ID, &off.ID)
			for i := range n {
				doi := fmt.Sprintf("10.1234/q%d.%d", rp.id, i)
				o := models.Output{ProjectID: rp.id, ReportID: &rp.reports[1], Kind: models.OutputPublication,
					Title: "Paper " + strconv.Itoa(i), DOI: &doi, Year: 2026, CreatedAt: fixedNow}
				if err := s.DB().Create(&o).Error; err != nil {
					t.Fatal(err)
				}
				s.DB().Create(&models.OutputCountry{OutputID: o.ID, CountryISO2: "BR"})
				if i > 0 { // more reports in the queue too
					d, _ := models.ParseDate("2027-03-01")
					r := models.Report{ProjectID: rp.id, Kind: models.ReportProgress, Seq: 10 + i, DueOn: d,
						Status: models.ReportSubmitted, Version: 1, CreatedAt: fixedNow, UpdatedAt: fixedNow}
					s.DB().Create(&r)
				}
			}
			o := e.browser()
			o.signIn(t, "officer@example.org", goodPassword)
			a := e.browser()
			a.signIn(t, "pi@example.org", goodPassword)
			count := func(b *browser, path string) int {
				e.queries.Reset()
				if res := b.get(t, path); res.status != 200 {
					t.Fatalf("%s: %d", path, res.status)
				}
				return int(e.queries.Count())
			}
			return count(o, "/reports?tab=submitted"), count(o, reportURL(rp.reports[1], "")),
				count(o, "/projects/"+strconv.FormatInt(rp.id, 10)), count(a, "/reports")
		}
		q1, r1, p1, m1 := measure(1)
		q30, r30, p30, m30 := measure(30)
		if q1 != q30 || r1 != r30 || p1 != p30 || m1 != m30 {
			t.Errorf("queries with 1 and 30 rows: queue %d/%d, report %d/%d, project %d/%d, mine %d/%d",
				q1, q30, r1, r30, p1, p30, m1, m30)
		}
	})
}
