package handlers_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/puente-science/puente/auth"
	"github.com/puente-science/puente/models"
	"github.com/puente-science/puente/testdb"
	"github.com/puente-science/puente/workflow"
)

func init() { extraSpecs = append(extraSpecs, agreementSpecs) }

// agreementSpecs: only officers record agreements, pay or cancel tranches
// and choose the responsible officer; missing projects and tranches are 404.
func agreementSpecs(t *testing.T, s *models.Store, users map[string]int64) map[string]spec {
	approved := approvedFixture(t, s, users["applicant"])
	funded, tranches := fundedFixture(t, s, users["applicant"], users["officer"], 2)
	officers := []auth.Role{auth.Officer}
	page := func(id int64) string { return "/projects/" + strconv.FormatInt(id, 10) }
	tranche := func(action string) string {
		return page(funded) + "/tranches/" + strconv.FormatInt(tranches[0], 10) + "/" + action
	}
	const missing = "/projects/99999999"
	return map[string]spec{
		"GET /projects/:id/agreement":  {who: admins, roles: officers, own: page(approved) + "/agreement", missing: missing + "/agreement"},
		"POST /projects/:id/agreement": {who: admins, roles: officers, own: page(approved) + "/agreement", missing: missing + "/agreement"},
		"POST /projects/:id/tranches/:tid/pay": {who: admins, roles: officers, own: tranche("pay"),
			missing: page(funded) + "/tranches/99999999/pay"},
		"POST /projects/:id/tranches/:tid/cancel": {who: admins, roles: officers, own: tranche("cancel"),
			missing: missing + "/tranches/1/cancel"},
		"POST /projects/:id/officer": {who: admins, roles: officers, own: page(funded) + "/officer", missing: missing + "/officer"},
	}
}

// approvedFixture is an approved project awarded 150 000.00 CNY, with the
// director's conditions.
func approvedFixture(t *testing.T, s *models.Store, pi int64) int64 {
	t.Helper()
	id := projectFixture(t, s, pi, workflow.Approved)
	db := s.DB()
	if err := db.Model(&models.Project{}).Where("id = ?", id).Updates(map[string]any{"awarded_minor": 15000000,
		"planned_start": "2027-01-01", "planned_end": "2027-12-31"}).Error; err != nil {
		t.Fatal(err)
	}
	var director int64
	db.Model(&models.User{}).Order("id").Limit(1).Pluck("id", &director)
	award, cond := int64(15000000), "Acknowledge the bureau in every publication."
	d := models.Decision{ProjectID: id, Decision: models.DecisionApprove, DirectorID: director, AwardMinor: &award,
		Conditions: &cond, DecidedAt: fixedNow.AddDate(0, 0, -3)}
	if err := db.Create(&d).Error; err != nil {
		t.Fatal(err)
	}
	return id
}

// fundedFixture is an active project whose agreement schedules n equal
// tranches of its 150 000.00 award; it returns their ids.
func fundedFixture(t *testing.T, s *models.Store, pi, officer int64, n int) (int64, []int64) {
	t.Helper()
	id := approvedFixture(t, s, pi)
	start, _ := models.ParseDate("2027-01-01")
	in := models.AgreementInput{ProjectID: id, Version: 1, SignedOn: models.DateOf(fixedNow), StartsOn: start,
		EndsOn: start.AddMonths(12).AddDays(-1), ActorID: officer, Now: fixedNow}
	each := int64(15000000) / int64(n)
	for i := range n {
		amount := each
		if i == n-1 {
			amount = 15000000 - each*int64(n-1)
		}
		in.Tranches = append(in.Tranches, models.TrancheInput{PlannedOn: start.AddDays(i), AmountMinor: amount})
	}
	if err := s.RecordAgreement(context.Background(), in); err != nil {
		t.Fatalf("agreement: %v", err)
	}
	var ids []int64
	s.DB().Model(&models.Tranche{}).Where("project_id = ?", id).Order("seq").Pluck("id", &ids)
	return id, ids
}

func projectState(t *testing.T, s *models.Store, id int64) models.Project {
	t.Helper()
	var p models.Project
	if err := s.DB().Take(&p, id).Error; err != nil {
		t.Fatal(err)
	}
	return p
}

func TestAgreementForm(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		e := newEnv(t, s, -1)
		pi := testUser(t, s, "pi@example.org", goodPassword, auth.Applicant)
		testUser(t, s, "stranger@example.org", goodPassword, auth.Applicant)
		off := testUser(t, s, "off@example.org", goodPassword, auth.Officer)
		id := approvedFixture(t, s, pi.ID)
		page := "/projects/" + strconv.FormatInt(id, 10)
		form := page + "/agreement"
		as := func(email string) *browser {
			b := e.browser()
			b.signIn(t, email, goodPassword)
			return b
		}
		if res := as("pi@example.org").get(t, form); res.status != http.StatusForbidden {
			t.Errorf("the applicant opens the agreement form: %d", res.status)
		}
		if res := as("stranger@example.org").get(t, form); res.status != http.StatusForbidden {
			t.Errorf("another applicant opens the agreement form: %d", res.status)
		}
		o := as("off@example.org")
		res := o.get(t, page)
		mustContain(t, res.body, `href="`+form+`"`, msg("agreement.record.body"))
		mustNotContain(t, res.body, msg("project.actions.none"))

		res = o.get(t, form)
		if res.status != http.StatusOK {
			t.Fatalf("form: %d", res.status)
		}
		mustContain(t, res.body, "Acknowledge the bureau in every publication.", "CN¥150,000.00", `value="2027-01-01"`,
			`value="2027-12-31"`, `value="2026-11-27"`, `name="t5_date"`, `name="version" value="1"`)
		mustNotContain(t, res.body, `name="t6_date"`)

		typed := func(more url.Values) url.Values {
			v := url.Values{"version": {"1"}, "rows": {"6"}, "signed_on": {"2026-11-20"}, "starts_on": {"2027-01-01"},
				"ends_on": {"2027-12-31"}, "conditions": {"Acknowledge the bureau. Report on time."},
				"t0_date": {"2027-01-15"}, "t0_amount": {"100,000.00"}, "t1_date": {"2027-07-15"}, "t1_amount": {"49 999,99"}}
			for k, x := range more {
				v[k] = x
			}
			return v
		}
		// More rows: everything typed is kept, no errors shown.
		res = o.post(t, form, typed(url.Values{"more": {"1"}}))
		if res.status != http.StatusOK {
			t.Fatalf("more rows: %d", res.status)
		}
		mustContain(t, res.body, `name="t8_date"`, `value="49 999,99"`, "Acknowledge the bureau. Report on time.")
		mustNotContain(t, res.body, `name="t9_date"`, `id="error-summary"`)

		// The schedule falls short by one cent.
		res = o.post(t, form, typed(nil))
		if res.status != http.StatusUnprocessableEntity {
			t.Fatalf("short schedule: %d", res.status)
		}
		mustContain(t, res.body, `id="f-tranches-error"`, "CN¥149,999.99", "CN¥0.01", `value="100,000.00"`, `value="49 999,99"`,
			`value="2027-07-15"`, "Acknowledge the bureau. Report on time.", `value="2026-11-20"`, `href="#f-tranches"`)

		for _, c := range []struct {
			name   string
			fields url.Values
			want   []string
		}{
			{"end before start", url.Values{"ends_on": {"2026-12-31"}}, []string{`id="f-ends_on-error"`, msg("agreement.error.end_before_start")}},
			{"signed in the future", url.Values{"signed_on": {"2026-11-28"}}, []string{`id="f-signed_on-error"`, msg("agreement.error.signed_future")}},
			{"not a date", url.Values{"starts_on": {"2027-02-30"}}, []string{`id="f-starts_on-error"`, msg("agreement.error.date")}},
			{"tranche out of the period", url.Values{"t1_date": {"2028-04-01"}, "t1_amount": {"50000"}},
				[]string{`id="f-t1_date-error"`, msg("agreement.error.tranche_date_range")}},
			{"negative amount", url.Values{"t1_amount": {"-50000"}}, []string{`id="f-t1_amount-error"`, msg("agreement.error.amount_format"), `value="-50000"`}},
			{"zero amount", url.Values{"t1_amount": {"0"}}, []string{`id="f-t1_amount-error"`, msg("agreement.error.amount_positive")}},
			{"amount without a date", url.Values{"t2_amount": {"10"}}, []string{`id="f-t2_date-error"`, msg("agreement.error.tranche_date_required")}},
			{"no tranche", url.Values{"t0_date": {""}, "t0_amount": {""}, "t1_date": {""}, "t1_amount": {""}},
				[]string{`id="f-tranches-error"`, msg("agreement.error.no_tranches")}},
		} {
			res = o.post(t, form, typed(c.fields))
			if res.status != http.StatusUnprocessableEntity {
				t.Errorf("%s: %d", c.name, res.status)
			}
			mustContain(t, res.body, append(c.want, "Acknowledge the bureau. Report on time.")...)
		}
		if p := projectState(t, s, id); p.State != workflow.Approved || p.Version != 1 {
			t.Fatalf("refusals moved the project: %s v%d", p.State, p.Version)
		}

		good := typed(url.Values{"t1_amount": {"50.000,00"}})
		// A stale form: 409, everything kept, the current version offered.
		stale := typed(url.Values{"t1_amount": {"50.000,00"}, "version": {"0"}})
		res = o.post(t, form, stale)
		if res.status != http.StatusConflict {
			t.Fatalf("stale: %d", res.status)
		}
		mustContain(t, res.body, msg("agreement.error.conflict"), `value="50.000,00"`, `name="version" value="1"`)

		res = o.post(t, form, good)
		if res.status != http.StatusSeeOther || res.header.Get("Location") != page+"?done=record_agreement" {
			t.Fatalf("record: %d %q", res.status, res.header.Get("Location"))
		}
		p := projectState(t, s, id)
		if p.State != workflow.Active || p.OfficerID == nil || *p.OfficerID != off.ID || p.ActualStart == nil {
			t.Fatalf("after recording: %s officer %v start %v", p.State, p.OfficerID, p.ActualStart)
		}
		var reports []models.Report
		s.DB().Where("project_id = ?", id).Order("due_on").Find(&reports)
		if len(reports) != 2 || reports[0].DueOn.String() != "2027-07-30" || reports[1].Kind != models.ReportFinal ||
			reports[1].DueOn.String() != "2028-02-29" {
			t.Errorf("report schedule: %+v", reports)
		}
		var amounts []int64
		s.DB().Model(&models.Tranche{}).Where("project_id = ?", id).Order("seq").Pluck("amount_minor", &amounts)
		if fmt.Sprint(amounts) != "[10000000 5000000]" {
			t.Errorf("tranches: %v", amounts)
		}
		res = o.get(t, page+"?done=record_agreement")
		mustContain(t, res.body, msg("project.notice.record_agreement"), msg("agreement.panel.title"),
			"Acknowledge the bureau. Report on time.", "CN¥100,000.00", "CN¥50,000.00", msg("budget.spending.title"),
			"/tranches/", msg("tranche.pay"))
		// The form is for approved projects only: now it leads to the page.
		if res := o.get(t, form); res.status != http.StatusSeeOther {
			t.Errorf("the form of an active project: %d", res.status)
		}
		// The applicant sees the agreement, never the officers' buttons.
		res = as("pi@example.org").get(t, page)
		mustContain(t, res.body, msg("agreement.panel.title"), "CN¥100,000.00")
		mustNotContain(t, res.body, "/tranches/", `action="`+page+`/officer"`)
	})
}

func TestTranchePages(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		e := newEnv(t, s, -1)
		pi := testUser(t, s, "pi@example.org", goodPassword, auth.Applicant)
		off := testUser(t, s, "off@example.org", goodPassword, auth.Officer)
		testUser(t, s, "off2@example.org", goodPassword, auth.Officer)
		id, ts := fundedFixture(t, s, pi.ID, off.ID, 3)
		page := "/projects/" + strconv.FormatInt(id, 10)
		tranche := func(i int, action string) string {
			return page + "/tranches/" + strconv.FormatInt(ts[i], 10) + "/" + action
		}
		o, o2 := e.browser(), e.browser()
		o.signIn(t, "off@example.org", goodPassword)
		o2.signIn(t, "off2@example.org", goodPassword)
		o.get(t, page)
		o2.get(t, page)

		res := o.post(t, tranche(0, "pay"), url.Values{"paid_on": {"2026-11-28"}})
		if res.status != http.StatusUnprocessableEntity {
			t.Fatalf("paid tomorrow: %d", res.status)
		}
		mustContain(t, res.body, `id="f-paid_on-`+strconv.FormatInt(ts[0], 10)+`-error"`, msg("tranche.error.paid_future"),
			`value="2026-11-28"`, "<details class=\"card tranche-actions\" open")
		res = o.post(t, tranche(0, "pay"), url.Values{"paid_on": {"2026-11-26"}})
		if res.status != http.StatusSeeOther {
			t.Fatalf("pay: %d", res.status)
		}
		// The second officer's page still offered it: 409, page as it stands.
		res = o2.post(t, tranche(0, "pay"), url.Values{"paid_on": {"2026-11-27"}})
		if res.status != http.StatusConflict {
			t.Fatalf("paying a paid tranche: %d", res.status)
		}
		mustContain(t, res.body, msg("tranche.error.conflict"), "26 Nov 2026")
		if p := projectState(t, s, id); p.DisbursedMinor != 5000000 {
			t.Errorf("disbursed %d", p.DisbursedMinor)
		}

		res = o.post(t, tranche(1, "cancel"), url.Values{"comment": {"  "}})
		if res.status != http.StatusUnprocessableEntity {
			t.Fatalf("cancel without a reason: %d", res.status)
		}
		mustContain(t, res.body, msg("tranche.error.comment"))
		res = o.post(t, tranche(1, "cancel"), url.Values{"comment": {"The partner withdrew the second workshop."}})
		if res.status != http.StatusSeeOther || res.header.Get("Location") != page+"?done=tranche_cancel#agreement" {
			t.Fatalf("cancel: %d %q", res.status, res.header.Get("Location"))
		}
		res = o.post(t, tranche(2, "pay"), url.Values{"paid_on": {"2026-11-27"}})
		if res.status != http.StatusSeeOther {
			t.Fatalf("pay the last: %d", res.status)
		}
		p := projectState(t, s, id)
		if p.DisbursedMinor != 10000000 || *p.AwardedMinor != 15000000 {
			t.Errorf("disbursed %d, award %d", p.DisbursedMinor, *p.AwardedMinor)
		}
		res = o.get(t, page+"?done=tranche_pay")
		mustContain(t, res.body, msg("agreement.notice.tranche_pay"), msg("tranche.settled"), msg("tranche.status.cancelled"),
			msg("tranche.status.paid"), "CN¥100,000.00")
		mustNotContain(t, res.body, "/tranches/")
		var n int64
		s.DB().Model(&models.AuditEntry{}).Where("project_id = ? AND entity = ?", id, "tranche").Count(&n)
		if n != 3 {
			t.Errorf("%d tranche audit entries", n)
		}

		// A tranche of another project is not reachable through this one.
		other, ots := fundedFixture(t, s, pi.ID, off.ID, 1)
		_ = other
		res = o.post(t, page+"/tranches/"+strconv.FormatInt(ots[0], 10)+"/pay", url.Values{"paid_on": {"2026-11-27"}})
		if res.status != http.StatusNotFound {
			t.Errorf("another project's tranche: %d", res.status)
		}
	})
}

func TestOfficerAssignment(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		e := newEnv(t, s, -1)
		pi := testUser(t, s, "pi@example.org", goodPassword, auth.Applicant)
		testUser(t, s, "off@example.org", goodPassword, auth.Officer)
		other := testUser(t, s, "marta.off@example.org", goodPassword, auth.Officer)
		dir := testUser(t, s, "dir@example.org", goodPassword, auth.Director)
		id := approvedFixture(t, s, pi.ID)
		page := "/projects/" + strconv.FormatInt(id, 10)
		o := e.browser()
		o.signIn(t, "off@example.org", goodPassword)
		res := o.get(t, page)
		mustContain(t, res.body, msg("officer.panel.none"), `action="`+page+`/officer"`, "marta.off")
		res = o.post(t, page+"/officer", url.Values{"officer_id": {strconv.FormatInt(dir.ID, 10)}})
		if res.status != http.StatusUnprocessableEntity {
			t.Fatalf("a director as officer: %d", res.status)
		}
		mustContain(t, res.body, `id="f-officer-error"`, msg("officer.error.choice"))
		res = o.post(t, page+"/officer", url.Values{"officer_id": {strconv.FormatInt(other.ID, 10)}})
		if res.status != http.StatusSeeOther {
			t.Fatalf("hand over: %d", res.status)
		}
		if p := projectState(t, s, id); p.OfficerID == nil || *p.OfficerID != other.ID {
			t.Errorf("officer %v", p.OfficerID)
		}
		res = o.get(t, page+"?done=officer")
		mustContain(t, res.body, msg("agreement.notice.officer"), "marta.off")
		var n int64
		s.DB().Model(&models.Notification{}).Where("user_id = ? AND message_key = ?", other.ID, "notify.project.officer").Count(&n)
		if n != 1 {
			t.Errorf("new officer told %d times", n)
		}
	})
}

// TestCloseoutPages runs a funded project through suspend, resume, the
// refused and the accepted complete, and another through terminate, all
// through the project page's forms.
func TestCloseoutPages(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		e := newEnv(t, s, -1)
		pi := testUser(t, s, "pi@example.org", goodPassword, auth.Applicant)
		off := testUser(t, s, "off@example.org", goodPassword, auth.Officer)
		testUser(t, s, "dir@example.org", goodPassword, auth.Director)
		id, ts := fundedFixture(t, s, pi.ID, off.ID, 2)
		page := "/projects/" + strconv.FormatInt(id, 10)
		o, d := e.browser(), e.browser()
		o.signIn(t, "off@example.org", goodPassword)
		d.signIn(t, "dir@example.org", goodPassword)
		version := func() string { return strconv.Itoa(projectState(t, s, id).Version) }
		fire := func(b *browser, event string, fields url.Values) response {
			fields.Set("version", version())
			return b.post(t, page+"/events/"+event, fields)
		}

		res := o.get(t, page)
		mustContain(t, res.body, page+"/events/suspend", page+"/events/complete", msg("closeout.checklist"),
			msg("agreement.report.final"), msg("closeout.report_status.due"))
		if res := fire(o, "suspend", url.Values{"comment": {""}}); res.status != http.StatusUnprocessableEntity {
			t.Errorf("suspend without a comment: %d", res.status)
		}
		if res := fire(o, "suspend", url.Values{"comment": {"Audit of the partner's accounts."}}); res.status != http.StatusSeeOther {
			t.Fatalf("suspend: %d", res.status)
		}
		res = o.get(t, page)
		mustContain(t, res.body, msg("tranche.held"), page+"/events/resume", msg("tranche.cancel"))
		mustNotContain(t, res.body, msg("tranche.pay")+"<", page+"/events/complete")
		if res := fire(o, "resume", url.Values{}); res.status != http.StatusSeeOther {
			t.Fatalf("resume: %d", res.status)
		}

		// Complete asks for a rating and remarks, then for everything settled.
		res = fire(o, "complete", url.Values{"comment": {"Good work."}})
		if res.status != http.StatusUnprocessableEntity {
			t.Fatalf("complete without a rating: %d", res.status)
		}
		mustContain(t, res.body, `id="f-outcome_rating-error"`, msg("closeout.error.rating"), "Good work.")
		res = fire(o, "complete", url.Values{"outcome_rating": {"4"}, "comment": {"Good work."}})
		if res.status != http.StatusUnprocessableEntity {
			t.Fatalf("complete with everything open: %d", res.status)
		}
		mustContain(t, res.body, msg(workflow.ErrFinalNotReady), msg(workflow.DetailOpenReports), msg(workflow.DetailOpenTranches),
			"Good work.", `value="4" checked`)
		s.DB().Model(&models.Report{}).Where("project_id = ?", id).Update("status", models.ReportAccepted)
		o.post(t, page+"/tranches/"+strconv.FormatInt(ts[0], 10)+"/pay", url.Values{"paid_on": {"2026-11-27"}})
		res = fire(o, "complete", url.Values{"outcome_rating": {"4"}, "comment": {"Good work."}})
		if res.status != http.StatusUnprocessableEntity {
			t.Fatalf("complete with a tranche open: %d", res.status)
		}
		mustContain(t, res.body, msg(workflow.ErrNotClosedOut), msg(workflow.DetailOpenTranches))
		mustNotContain(t, res.body, msg(workflow.DetailOpenReports))
		o.post(t, page+"/tranches/"+strconv.FormatInt(ts[1], 10)+"/cancel", url.Values{"comment": {"Not needed."}})
		res = fire(o, "complete", url.Values{"outcome_rating": {"5"}, "comment": {"Exceeded its aims."}})
		if res.status != http.StatusSeeOther {
			t.Fatalf("complete: %d", res.status)
		}
		p := projectState(t, s, id)
		if p.State != workflow.Completed || p.OutcomeRating == nil || *p.OutcomeRating != 5 || p.ClosingRemarks == nil ||
			*p.ClosingRemarks != "Exceeded its aims." || p.ActualEnd == nil {
			t.Errorf("completed: %s %v %v %v", p.State, p.OutcomeRating, p.ClosingRemarks, p.ActualEnd)
		}
		res = o.get(t, page)
		mustContain(t, res.body, msg("tranche.settled"), "Exceeded its aims.")
		mustNotContain(t, res.body, "/tranches/", "/events/")

		// The director terminates another; an officer may not.
		id2, _ := fundedFixture(t, s, pi.ID, off.ID, 1)
		page = "/projects/" + strconv.FormatInt(id2, 10)
		id = id2
		if res := fire(o, "terminate", url.Values{"comment": {"x"}}); res.status != http.StatusUnprocessableEntity {
			t.Errorf("an officer terminates: %d", res.status)
		}
		if res := fire(d, "terminate", url.Values{"comment": {""}}); res.status != http.StatusUnprocessableEntity {
			t.Errorf("terminate without a comment: %d", res.status)
		}
		if res := fire(d, "terminate", url.Values{"comment": {"The partner institute closed."}}); res.status != http.StatusSeeOther {
			t.Fatalf("terminate: %d", res.status)
		}
		if p := projectState(t, s, id2); p.State != workflow.Terminated || p.ActualEnd == nil {
			t.Errorf("terminated: %s %v", p.State, p.ActualEnd)
		}
		// A terminated project's open tranche can still be cancelled.
		res = o.get(t, page)
		mustContain(t, res.body, msg("tranche.cancel"))
		if !strings.Contains(res.body, "/cancel") {
			t.Error("no cancel form on a terminated project")
		}
	})
}

// TestFundedProjectPageQueries: an active project's page costs the same
// number of queries with one tranche as with thirty.
func TestFundedProjectPageQueries(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		e := newEnv(t, s, -1)
		pi := testUser(t, s, "pi@example.org", goodPassword, auth.Applicant)
		off := testUser(t, s, "off@example.org", goodPassword, auth.Officer)
		b := e.browser()
		b.signIn(t, "off@example.org", goodPassword)
		cost := func(n int) int64 {
			id, _ := fundedFixture(t, s, pi.ID, off.ID, n)
			e.queries.Reset()
			if res := b.get(t, "/projects/"+strconv.FormatInt(id, 10)); res.status != http.StatusOK {
				t.Fatalf("page: %d", res.status)
			}
			return e.queries.Count()
		}
		if one, thirty := cost(1), cost(30); one != thirty {
			t.Errorf("queries: %d with one tranche, %d with thirty", one, thirty)
		}
	})
}
