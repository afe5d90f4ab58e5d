package handlers_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/puente-science/puente/models"
	"github.com/puente-science/puente/testdb"
	"github.com/puente-science/puente/workflow"
)

// approved walks an application to its award (15,000.00) and returns it.
func (w *walk) approved() {
	w.apply()
	w.fire(w.applicant, workflow.Submit, nil, workflow.Submitted)
	w.assign("xiomara.rev", "zelda.rev")
	w.fire(w.off, workflow.StartReview, nil, workflow.InReview)
	w.review("xiomara.rev", "5", "4", models.RecommendFund, "Clear aims.", "Fund it.")
	w.review("zelda.rev", "4", "4", models.RecommendFund, "Good plan.", "Good.")
	w.fire(w.dir, workflow.Approve, url.Values{"award": {"15,000.00"}, "conditions": {"Share the data openly."}},
		workflow.Approved)
}

// reports lists a project's reports in schedule order: progress reports by
// number, then the final one.
func (w *walk) reports() []models.Report {
	var rs []models.Report
	if err := w.s.DB().Where("project_id = ?", w.project).Order("kind DESC, seq").Find(&rs).Error; err != nil {
		w.t.Fatal(err)
	}
	return rs
}

func (w *walk) tranches() []models.Tranche {
	var ts []models.Tranche
	if err := w.s.DB().Where("project_id = ?", w.project).Order("seq").Find(&ts).Error; err != nil {
		w.t.Fatal(err)
	}
	return ts
}

// submitReport has the applicant send a report, with publications whose
// DOIs are the report's own.
func (w *walk) submitReport(r models.Report) {
	w.t.Helper()
	var cur models.Report
	w.s.DB().Take(&cur, r.ID)
	f := reportForm(cur.Version, "submit")
	tag := strconv.FormatInt(r.ID, 10)
	f.Set("pub0_doi", "10.1234/walk."+tag+".a")
	f.Set("pub1_doi", "10.5555/walk."+tag+".b")
	if res := w.applicant.post(w.t, reportURL(r.ID, ""), f); res.status != http.StatusSeeOther {
		w.t.Fatalf("submit report %d: %d\n%s", r.ID, res.status, res.body)
	}
}

// reviewReport has the officer accept a report or send it back.
func (w *walk) reviewReport(r models.Report, decision, comment string) {
	w.t.Helper()
	var cur models.Report
	w.s.DB().Take(&cur, r.ID)
	res := w.off.post(w.t, reportURL(r.ID, "/review"), url.Values{"version": {strconv.Itoa(cur.Version)},
		"decision": {decision}, "comment": {comment}})
	if res.status != http.StatusSeeOther {
		w.t.Fatalf("%s report %d: %d\n%s", decision, r.ID, res.status, res.body)
	}
}

func (w *walk) tranche(tr models.Tranche, action string, fields url.Values) {
	w.t.Helper()
	path := w.page + "/tranches/" + strconv.FormatInt(tr.ID, 10) + "/" + action
	if res := w.off.post(w.t, path, fields); res.status != http.StatusSeeOther {
		w.t.Fatalf("%s tranche %d: %d\n%s", action, tr.Seq, res.status, res.body)
	}
}

// refuseComplete checks complete is refused and names what is still open.
func (w *walk) refuseComplete(why string) {
	w.t.Helper()
	res := w.off.post(w.t, w.page+"/events/complete", url.Values{"version": {versionOf(w.t, w.s, w.project)},
		"outcome_rating": {"4"}, "comment": {"Done."}})
	if res.status != http.StatusUnprocessableEntity {
		w.t.Fatalf("complete %s: %d", why, res.status)
	}
	w.expect(workflow.Active)
}

// TestWalkThroughFundedProject runs one project from the agreement to its
// closeout through the pages: two progress reports (the first sent back
// for revision), tranche payments, a suspension and a resumption, the
// final report and complete, which is refused while a report or a tranche
// is still open.
func TestWalkThroughFundedProject(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		w := newWalk(t, s)
		w.approved()

		// The agreement: 18 months, two tranches summing to the award.
		res := w.off.get(t, w.page+"/agreement")
		mustContain(t, res.body, "Share the data openly.")
		agreement := url.Values{"version": {versionOf(t, s, w.project)}, "rows": {"6"}, "signed_on": {"2026-11-20"},
			"starts_on": {"2027-01-01"}, "ends_on": {"2028-06-30"}, "conditions": {"Share the data openly."},
			"t0_date": {"2027-01-15"}, "t0_amount": {"10,000.00"}, "t1_date": {"2028-07-15"}, "t1_amount": {"4,000.00"}}
		if res := w.off.post(t, w.page+"/agreement", agreement); res.status != http.StatusUnprocessableEntity {
			t.Fatalf("a schedule short of the award: %d", res.status)
		}
		w.expect(workflow.Approved)
		agreement.Set("t1_amount", "5,000.00")
		if res := w.off.post(t, w.page+"/agreement", agreement); res.status != http.StatusSeeOther {
			t.Fatalf("record the agreement: %d\n%s", res.status, res.body)
		}
		w.expect(workflow.Active)
		rs, ts := w.reports(), w.tranches()
		var kinds []string
		for _, r := range rs {
			kinds = append(kinds, string(r.Kind)+":"+r.DueOn.String())
		}
		if got := strings.Join(kinds, " "); got != "progress:2027-07-30 progress:2028-01-30 final:2028-08-29" {
			t.Fatalf("report schedule: %s", got)
		}
		if len(ts) != 2 {
			t.Fatalf("%d tranches", len(ts))
		}
		w.refuseComplete("with every report and tranche open")

		// The first progress report goes back once, then is accepted.
		w.submitReport(rs[0])
		w.reviewReport(rs[0], "revise", "Break the travel spending down by trip.")
		res = w.applicant.get(t, reportURL(rs[0].ID, ""))
		mustContain(t, res.body, "Break the travel spending down by trip.")
		w.submitReport(rs[0])
		w.reviewReport(rs[0], "accept", "")
		w.tranche(ts[0], "pay", url.Values{"paid_on": {"2026-11-27"}})

		// A suspension and a resumption; tranches wait meanwhile.
		w.fire(w.off, workflow.Suspend, url.Values{"comment": {"Audit of the partner's accounts."}}, workflow.Suspended)
		res = w.off.post(t, w.page+"/tranches/"+strconv.FormatInt(ts[1].ID, 10)+"/pay", url.Values{"paid_on": {"2026-11-27"}})
		if res.status == http.StatusSeeOther {
			t.Error("a tranche was paid while the project was suspended")
		}
		w.fire(w.off, workflow.Resume, nil, workflow.Active)

		// The second progress report, then the final one.
		w.submitReport(rs[1])
		w.reviewReport(rs[1], "accept", "")
		w.refuseComplete("with the final report open")
		w.submitReport(rs[2])
		w.reviewReport(rs[2], "accept", "Thorough.")
		w.refuseComplete("with a tranche planned")
		w.tranche(ts[1], "pay", url.Values{"paid_on": {"2026-11-27"}})
		w.fire(w.off, workflow.Complete, url.Values{"outcome_rating": {"4"}, "comment": {"Met its aims."}}, workflow.Completed)

		var p models.Project
		s.DB().Take(&p, w.project)
		if p.DisbursedMinor != 1_500_000 || p.OutcomeRating == nil || *p.OutcomeRating != 4 ||
			p.ClosingRemarks == nil || *p.ClosingRemarks != "Met its aims." || p.ActualEnd == nil {
			t.Errorf("after closeout: disbursed %d, rating %v, remarks %v, end %v", p.DisbursedMinor, p.OutcomeRating,
				p.ClosingRemarks, p.ActualEnd)
		}
		var outputs int64
		s.DB().Model(&models.Output{}).Where("project_id = ?", w.project).Count(&outputs)
		if outputs != 3*3 { // two publications and one group of trainees per report
			t.Errorf("%d outputs", outputs)
		}
		var actions []string
		s.DB().Model(&models.AuditEntry{}).Where("project_id = ? AND to_state IS NOT NULL AND at >= ?", w.project, fixedNow).
			Order("at, id").Pluck("action", &actions)
		got := strings.Join(actions, " ")
		if !strings.HasSuffix(got, "project.approve project.record_agreement project.suspend project.resume project.complete") {
			t.Errorf("the log ends %s", got)
		}
		res = w.applicant.get(t, w.page)
		mustContain(t, res.body, "Met its aims.")
	})
}
