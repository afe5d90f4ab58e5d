package demo

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/puente-science/puente/models"
	"github.com/puente-science/puente/workflow"
)

// report is a written report row, kept for the outputs that cite it.
type report struct {
	id               int64
	kind             models.ReportKind
	seq              int
	periodStart, end models.Date
	due              models.Date
	status           models.ReportStatus
	submitted        time.Time
}

func (rp *report) reported() bool {
	return rp.status != models.ReportDue
}

// reports writes the schedule the agreement generated: a progress report
// every reporting period that ends before the project does, then a final
// report. Their states follow the project's: all accepted once completed;
// while running, past ones mostly accepted, the latest perhaps submitted,
// due or overdue.
func (g *generator) reports(b *batch, r *rand.Rand, p *plan, pid int64) []*report {
	if !implementing(p.state) {
		return nil
	}
	t := &p.t
	var out []*report
	for k := 1; ; k++ {
		ps, pe := t.start.AddMonths((k-1)*p.call.freq), t.start.AddMonths(k*p.call.freq).AddDays(-1)
		if !pe.Before(t.end) {
			break
		}
		rp := &report{kind: models.ReportProgress, seq: k, periodStart: ps, end: pe, due: pe.AddDays(30)}
		if p.state == workflow.Terminated && rp.due.Time().After(t.terminate) {
			break
		}
		out = append(out, rp)
	}
	end := t.end
	if p.state == workflow.Terminated {
		end = models.DateOf(t.terminate)
	}
	out = append(out, &report{kind: models.ReportFinal, seq: 1, periodStart: t.start, end: end, due: end.AddDays(60)})
	today := models.DateOf(g.now)
	overdue := -1 // a suspended project's latest past-due report is the one missing
	if p.state == workflow.Suspended {
		for i, rp := range out {
			if rp.due.Before(today) {
				overdue = i
			}
		}
	}
	for i, rp := range out {
		g.report(b, r, p, pid, rp, i == overdue)
	}
	return out
}

func (g *generator) report(b *batch, r *rand.Rand, p *plan, pid int64, rp *report, overdue bool) {
	t := &p.t
	rp.id = g.ids.next(tReports)
	today := models.DateOf(g.now)
	rp.status = models.ReportDue
	switch {
	case p.state == workflow.Completed:
		rp.status = models.ReportAccepted
	case p.state == workflow.Terminated && rp.kind == models.ReportFinal:
		switch {
		case rp.due.After(today):
		case rp.due.AddDays(30).After(today):
			rp.status = models.ReportSubmitted
		default:
			rp.status = models.ReportAccepted
		}
	case p.state == workflow.Terminated:
		rp.status = models.ReportAccepted
	case overdue || !rp.due.Before(today):
	case today.DaysUntil(rp.due) > -60:
		rp.status = oneOfWeighted(r, []models.ReportStatus{models.ReportSubmitted, models.ReportAccepted, models.ReportDue}, []float64{45, 30, 25})
	default:
		rp.status = oneOfWeighted(r, []models.ReportStatus{models.ReportAccepted, models.ReportDue, models.ReportRevisionRequested,
			models.ReportSubmitted}, []float64{88, 4, 4, 4})
	}
	var narrative, submitted, reviewed, reviewer, comment any
	created, updated, version := t.agreement, t.agreement, int64(1)
	if rp.reported() {
		rp.submitted = rp.due.Time().Add(10 * time.Hour).Add(-days(r, 0, 20))
		rp.submitted = maxTime(rp.submitted, rp.end.AddDays(1).Time().Add(9*time.Hour))
		rp.submitted = minTime(rp.submitted, g.now.Add(-time.Hour))
		rev := rp.submitted.Add(days(r, 3, 25))
		if p.state == workflow.Completed {
			rev = minTime(rev, t.complete.Add(-time.Hour))
			if rp.kind == models.ReportFinal {
				rp.submitted, rev = t.finalSubmitted, t.finalDecided
			}
		}
		if rev.After(g.now) {
			rp.status = models.ReportSubmitted
		}
		narrative, submitted, updated, version = narrativeText(p, rp), rp.submitted, rp.submitted, 2
		if rp.status != models.ReportSubmitted {
			reviewed, reviewer, updated, version = rev, p.officer, rev, 3
			if rp.status == models.ReportRevisionRequested {
				comment = "Please detail the equipment spending and list the co-authored papers."
			}
		}
		g.spending(b, r, p, rp)
	}
	g.remind(b, p, pid, rp)
	b.add(tReports, rp.id, pid, string(rp.kind), int64(rp.seq), rp.periodStart, rp.end, rp.due, string(rp.status),
		narrative, submitted, reviewed, reviewer, comment, version, created, updated)
}

// spending reports the three largest budget lines, in proportion to the
// period's share of the project.
func (g *generator) spending(b *batch, r *rand.Rand, p *plan, rp *report) {
	share := float64(p.call.freq) / float64(max(1, p.months))
	lo, hi := 0.6, 1.1
	if rp.kind == models.ReportFinal {
		share, lo, hi = 1, 0.85, 1.0
	}
	order := []int{0, 1, 2, 3, 4, 5}
	slices.SortStableFunc(order, func(a, c int) int { return int(p.lines[c]/yuan) - int(p.lines[a]/yuan) })
	for _, i := range order[:3] {
		if p.lines[i] == 0 {
			continue
		}
		amount := int64(float64(p.lines[i])*min(1, share)*(lo+(hi-lo)*r.Float64())) / yuan * yuan
		b.add(tSpending, rp.id, string(models.BudgetCategories[i]), amount)
	}
}

func narrativeText(p *plan, rp *report) string {
	if rp.kind == models.ReportFinal {
		return "Final report: the project met its objectives on " + p.topic.en + "; outputs and spending are listed below."
	}
	return "Progress in this period on " + p.topic.en + ": field and laboratory work as planned; exchanges between the partners continued."
}

// remind writes the notification of a report due within a month, or
// overdue.
func (g *generator) remind(b *batch, p *plan, pid int64, rp *report) {
	today := models.DateOf(g.now)
	if rp.status != models.ReportDue {
		return
	}
	key, at := "notify.report.due_soon", rp.due.AddDays(-30).Time().Add(8*time.Hour)
	switch {
	case rp.due.Before(today):
		key, at = "notify.report.overdue", rp.due.AddDays(1).Time().Add(8*time.Hour)
	case today.DaysUntil(rp.due) > 30:
		return
	}
	if at.After(g.now) {
		at = g.now
	}
	b.add(tNotifications, g.ids.next(tNotifications), p.pi.id, "report."+key[len("notify.report."):], pid, key,
		fmt.Sprintf(`{"code":%q,"due_on":%q}`, g.code(p.idx), rp.due.String()), at, nil)
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}
