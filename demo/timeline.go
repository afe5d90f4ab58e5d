package demo

import (
	"math/rand/v2"
	"time"

	"github.com/puente-science/puente/models"
	"github.com/puente-science/puente/workflow"
)

// timeline holds when each step of a project happened. Steps the project
// never reached stay zero.
type timeline struct {
	created, submitted           time.Time
	screened, withdrawn          time.Time
	withdrawnInReview            bool
	startReview, reviewDone      time.Time
	decision, agreement          time.Time
	start, end                   models.Date // the agreement's period
	plannedStart, plannedEnd     models.Date // as proposed
	suspend, resume              time.Time
	terminate, complete          time.Time
	finalSubmitted, finalDecided time.Time
}

const day = 24 * time.Hour

// stateBuckets weigh states by how long ago the call closed: an open call has
// proposals, a call closed months ago mostly running projects, an old
// one mostly closed ones.
var stateBuckets = []struct {
	maxAgeDays float64
	weights    map[workflow.State]float64
}{
	{0, map[workflow.State]float64{workflow.Draft: 30, workflow.Submitted: 35, workflow.InReview: 15, workflow.Withdrawn: 5, workflow.ScreenedOut: 5}},
	{120, map[workflow.State]float64{workflow.Draft: 3, workflow.Submitted: 8, workflow.InReview: 25, workflow.ReviewComplete: 15,
		workflow.RevisionRequested: 10, workflow.Approved: 6, workflow.Rejected: 15, workflow.Withdrawn: 6, workflow.ScreenedOut: 8, workflow.Active: 4}},
	{365, map[workflow.State]float64{workflow.InReview: 2, workflow.ReviewComplete: 3, workflow.RevisionRequested: 3, workflow.Approved: 10,
		workflow.Active: 40, workflow.Suspended: 3, workflow.Rejected: 20, workflow.Withdrawn: 6, workflow.ScreenedOut: 8, workflow.Completed: 5}},
	{730, map[workflow.State]float64{workflow.Approved: 2, workflow.Active: 45, workflow.Suspended: 4, workflow.Completed: 14,
		workflow.Terminated: 3, workflow.Rejected: 20, workflow.Withdrawn: 5, workflow.ScreenedOut: 7}},
	{1460, map[workflow.State]float64{workflow.Active: 30, workflow.Suspended: 3, workflow.Completed: 32, workflow.Terminated: 5,
		workflow.Rejected: 19, workflow.Withdrawn: 4, workflow.ScreenedOut: 7}},
	{1e9, map[workflow.State]float64{workflow.Active: 6, workflow.Suspended: 1, workflow.Completed: 55, workflow.Terminated: 6,
		workflow.Rejected: 20, workflow.Withdrawn: 5, workflow.ScreenedOut: 7}},
}

func (g *generator) stateFor(r *rand.Rand, c *call) workflow.State {
	age := g.now.Sub(c.closes).Hours() / 24
	for _, b := range stateBuckets {
		if age < b.maxAgeDays {
			// workflow.States gives a fixed order; map order would not.
			ws := make([]float64, len(workflow.States))
			for i, s := range workflow.States {
				ws[i] = b.weights[s]
			}
			return oneOfWeighted(r, workflow.States, ws)
		}
	}
	return workflow.Completed
}

// forcedAge is the range of call ages (days since closing; negative while
// open) that lets a project naturally reach the state.
var forcedAge = map[workflow.State][2]float64{
	workflow.Draft: {-1e9, 0}, workflow.Submitted: {-1e9, 0}, workflow.InReview: {-1e9, 120},
	workflow.ReviewComplete: {10, 200}, workflow.RevisionRequested: {10, 200}, workflow.Approved: {60, 200},
	workflow.Active: {400, 1400}, workflow.Suspended: {400, 1400}, workflow.Completed: {1500, 1e9},
	workflow.Terminated: {700, 1e9}, workflow.Rejected: {200, 1e9}, workflow.Withdrawn: {0, 1e9},
	workflow.ScreenedOut: {0, 1e9},
}

// forcedCall picks a call of the channel old enough for the state.
func (g *generator) forcedCall(r *rand.Rand, ch *channelRef, st workflow.State) *call {
	rg := forcedAge[st]
	var fit, opened []*call
	for _, c := range g.calls {
		if c.ch != ch || c.opens.After(g.now) {
			continue
		}
		opened = append(opened, c)
		if age := g.now.Sub(c.closes).Hours() / 24; age >= rg[0] && age < rg[1] {
			fit = append(fit, c)
		}
	}
	if len(fit) > 0 {
		return oneOf(r, fit)
	}
	return oneOf(r, opened)
}

// schedule lays out the project's history up to Now and, where the drawn
// state cannot have been reached by Now (or would have moved on long
// ago), settles on the state the history leads to.
func (g *generator) schedule(r *rand.Rand, p *plan) {
	t, c, now := &p.t, p.call, g.now
	upper := minTime(c.closes, now)
	t.created = frac(r, c.opens, upper, 0, 0.6)
	t.submitted = frac(r, t.created, upper, 0.1, 0.95)
	base := t.submitted
	if !c.closes.After(now) && c.closes.After(base) {
		base = c.closes // reviewing starts once the call has closed
	}
	t.startReview = base.Add(days(r, 5, 25))
	t.reviewDone = t.startReview.Add(days(r, 14, 60))
	t.decision = t.reviewDone.Add(days(r, 7, 45))
	t.agreement = t.decision.Add(days(r, 15, 60))
	t.start = models.DateOf(t.agreement.Add(days(r, 7, 40)))
	t.end = t.start.AddMonths(p.months).AddDays(-1)
	ps := models.DateOf(c.closes.Add(60 * day))
	t.plannedStart = models.Date{Year: ps.Year, Month: ps.Month, Day: 1}.AddMonths(1)
	t.plannedEnd = t.plannedStart.AddMonths(p.months).AddDays(-1)
	t.screened = t.submitted.Add(days(r, 3, 20))
	t.withdrawnInReview = chance(r, 0.3)
	t.withdrawn = frac(r, t.submitted, t.startReview, 0.1, 0.9)
	if t.withdrawnInReview {
		t.withdrawn = t.startReview.Add(days(r, 2, 20))
	}

	st := p.state
	if implementing(st) && t.start.Time().After(now.Add(-10*day)) {
		st = workflow.Approved // the agreement is not signed yet
	}
	if st == workflow.Approved && t.decision.Before(now.Add(-240*day)) {
		st = workflow.Active // long since signed
	}
	if (st == workflow.Active || st == workflow.Suspended) && t.end.Time().Before(now.Add(-365*day)) {
		st = map[workflow.State]workflow.State{workflow.Active: workflow.Completed, workflow.Suspended: workflow.Terminated}[st]
	} else if st == workflow.Active && t.end.Time().Before(now.Add(-45*day)) && chance(r, 0.5) {
		st = workflow.Completed
	}
	if st == workflow.Completed && t.end.Time().Add(100*day).After(now) {
		st = workflow.Active // the final report is not in yet
	}
	p.state = st
	g.compress(r, p)
	g.implementation(r, p)
}

func implementing(s workflow.State) bool {
	return s == workflow.Active || s == workflow.Suspended || s == workflow.Completed || s == workflow.Terminated
}

// compress pulls a proposal's review steps back so that the last one the
// state needs lies before Now: applications to a call still open are
// reviewed on a rolling basis.
func (g *generator) compress(r *rand.Rand, p *plan) {
	t := &p.t
	var last time.Time
	switch p.state {
	case workflow.ScreenedOut:
		last = t.screened
	case workflow.Withdrawn:
		last = t.withdrawn
	case workflow.InReview:
		last = t.startReview
	case workflow.ReviewComplete:
		last = t.reviewDone
	case workflow.RevisionRequested, workflow.Approved, workflow.Rejected:
		last = t.decision
	default:
		return
	}
	limit := g.now.Add(-days(r, 0.5, 6))
	if !limit.After(t.submitted) {
		limit = t.submitted.Add(g.now.Sub(t.submitted) / 2)
	}
	if !last.After(limit) {
		return
	}
	k := float64(limit.Sub(t.submitted)) / float64(last.Sub(t.submitted))
	for _, x := range []*time.Time{&t.screened, &t.withdrawn, &t.startReview, &t.reviewDone, &t.decision} {
		*x = t.submitted.Add(time.Duration(float64(x.Sub(t.submitted)) * k)).Truncate(time.Second)
	}
}

// implementation times the steps after the agreement.
func (g *generator) implementation(r *rand.Rand, p *plan) {
	t, now := &p.t, g.now
	start := t.start.Time().Add(9 * time.Hour)
	span := minTime(t.end.Time().Add(17*time.Hour), now)
	switch p.state {
	case workflow.Active:
		if chance(r, 0.1) && span.Sub(start) > 60*day {
			t.suspend = frac(r, start, span, 0.2, 0.6)
			t.resume = frac(r, t.suspend, span, 0.2, 0.9)
		}
	case workflow.Suspended:
		t.suspend = frac(r, start, span, 0.3, 0.95)
	case workflow.Terminated:
		t.terminate = frac(r, start, span, 0.2, 0.9)
		if chance(r, 0.4) {
			t.suspend = frac(r, start, t.terminate, 0.3, 0.8)
		}
	case workflow.Completed:
		due := t.end.AddDays(60).Time().Add(10 * time.Hour)
		t.finalSubmitted = due.Add(-days(r, 0, 20))
		t.finalDecided = t.finalSubmitted.Add(days(r, 3, 25))
		t.complete = t.finalDecided.Add(days(r, 1, 10))
	}
}
