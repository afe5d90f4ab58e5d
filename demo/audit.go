package demo

import (
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/puente-science/puente/workflow"
)

// event is one workflow transition, as the audit log records it.
type event struct {
	name     string // the workflow event key: submit, approve, …
	from, to workflow.State
	at       time.Time
	actor    int64 // 0: the system
	comment  string
}

// events lists the transitions that led the project to its state, in
// order, starting with its creation as a draft.
func (g *generator) events(p *plan) []event {
	t := &p.t
	evs := []event{{"create", "", workflow.Draft, t.created, p.pi.id, ""}}
	add := func(name string, to workflow.State, at time.Time, actor int64, comment string) {
		evs = append(evs, event{name, evs[len(evs)-1].to, to, at, actor, comment})
	}
	if p.state == workflow.Draft {
		return evs
	}
	add("submit", workflow.Submitted, t.submitted, p.pi.id, "")
	switch p.state {
	case workflow.Submitted:
		return evs
	case workflow.ScreenedOut:
		add("screen_out", workflow.ScreenedOut, t.screened, p.officer, "Outside the eligible project types of this call.")
		return evs
	case workflow.Withdrawn:
		if t.withdrawnInReview {
			add("start_review", workflow.InReview, t.startReview, p.officer, "")
		}
		add("withdraw", workflow.Withdrawn, t.withdrawn, p.pi.id, "")
		return evs
	}
	add("start_review", workflow.InReview, t.startReview, p.officer, "")
	if p.state == workflow.InReview {
		return evs
	}
	add("complete_review", workflow.ReviewComplete, t.reviewDone, 0, "")
	switch p.state {
	case workflow.ReviewComplete:
		return evs
	case workflow.RevisionRequested:
		add("request_revision", workflow.RevisionRequested, t.decision, p.director, "Please revise the budget and clarify the partner's contribution.")
		return evs
	case workflow.Rejected:
		add("reject", workflow.Rejected, t.decision, p.director, "Below the funding line of this call.")
		return evs
	}
	add("approve", workflow.Approved, t.decision, p.director, "")
	if p.state == workflow.Approved {
		return evs
	}
	add("record_agreement", workflow.Active, t.agreement, p.officer, "")
	if !t.suspend.IsZero() {
		add("suspend", workflow.Suspended, t.suspend, p.officer, "Progress report overdue; payments held.")
	}
	if !t.resume.IsZero() {
		add("resume", workflow.Active, t.resume, p.officer, "")
	}
	switch p.state {
	case workflow.Terminated:
		add("terminate", workflow.Terminated, t.terminate, p.director, "The partner institution withdrew from the project.")
	case workflow.Completed:
		add("complete", workflow.Completed, t.complete, p.officer, "")
	}
	return evs
}

// audit writes one audit entry per transition and, for changes in the
// last month, the notification the applicant received.
func (g *generator) audit(b *batch, r *rand.Rand, p *plan, pid int64, evs []event) {
	code := g.code(p.idx)
	for _, e := range evs {
		var from, actor any
		if e.from != "" {
			from = string(e.from)
		}
		if e.actor != 0 {
			actor = e.actor
		}
		b.add(tAudit, g.ids.next(tAudit), e.at, actor, "project."+e.name, "project", pid, pid, from, string(e.to),
			nullStr(e.comment), nil, nil, nil)
	}
	last := evs[len(evs)-1]
	if len(evs) < 2 || g.now.Sub(last.at) > 30*day {
		return
	}
	var read any
	if at := last.at.Add(days(r, 0.1, 3)); chance(r, 0.5) && at.Before(g.now) {
		read = at
	}
	b.add(tNotifications, g.ids.next(tNotifications), p.pi.id, "project.state", pid, "notify.project."+string(last.to),
		fmt.Sprintf(`{"code":%q,"state":%q}`, code, last.to), last.at, read)
	if last.to == workflow.Submitted {
		b.add(tNotifications, g.ids.next(tNotifications), p.officer, "project.state", pid, "notify.project.submitted",
			fmt.Sprintf(`{"code":%q,"state":%q}`, code, last.to), last.at, nil)
	}
}
