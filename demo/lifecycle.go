package demo

import (
	"math"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/puente-science/puente/models"
	"github.com/puente-science/puente/workflow"
)

var (
	applicantComments = map[models.Recommendation][]string{
		models.RecommendFund: {"A well-designed proposal with strong partners on both sides.",
			"Clear objectives and a realistic work plan; the training component is a strength."},
		models.RecommendFundWithChanges: {"Promising, but the equipment budget should be better justified.",
			"The work plan is ambitious; consider fewer field campaigns in the first year."},
		models.RecommendDoNotFund: {"The scientific questions are not clearly defined.",
			"The role of the Latin American partner is not sufficiently described."},
	}
	confidentialComments = []string{"No concerns.", "The team's earlier cooperation with the host institute was productive.",
		"Overlaps with an existing bilateral project; check for double funding.", "Strong team; the budget is slightly high."}
	rejectComments   = []string{"Below the funding line of this call.", "The panel found the methodology insufficiently developed.", "Outside the priorities of this call."}
	revisionComments = []string{"Please revise the budget and clarify the partner's contribution.", "Please add a data management plan and a training schedule."}
)

// reviews writes the review assignments and reviews a project's state
// implies: none before review, some submitted while in review, all of them
// once the review is complete; sometimes a reviewer declares a conflict and
// is replaced.
func (g *generator) reviews(b *batch, r *rand.Rand, p *plan, pid int64) {
	t := &p.t
	switch p.state {
	case workflow.Draft, workflow.Submitted, workflow.ScreenedOut:
		return
	case workflow.Withdrawn:
		if !t.withdrawnInReview {
			return
		}
	}
	n := p.call.minReviews
	partial := p.state == workflow.InReview || p.state == workflow.Withdrawn
	partialEnd := g.now
	if p.state == workflow.Withdrawn {
		partialEnd = t.withdrawn
	}
	done := n
	if partial {
		done = r.IntN(n) // at least one review is still outstanding
	}
	conflict := chance(r, 0.12)
	k := n
	if conflict {
		k++
	}
	reviewers := distinct(r, g.reviewers, k)
	if p.state == workflow.InReview && p.idx < len(workflow.States) && !slices.Contains(reviewers, g.staff.reviewer) {
		reviewers[k-1] = g.staff.reviewer // the demo reviewer has an application waiting
	}
	due := models.DateOf(t.startReview.Add(21 * day))
	var declared time.Time
	for j, reviewer := range reviewers {
		aid := g.ids.next(tAssignments)
		assigned := frac(r, t.submitted, t.startReview, 0.1, 0.5)
		if conflict && j == 0 {
			declared = frac(r, assigned, t.startReview, 0.1, 0.4)
			b.add(tAssignments, aid, pid, reviewer, p.officer, assigned, due, string(models.AssignmentConflictDeclared),
				declared, "Co-author of the principal investigator in the last three years.", nil)
			continue
		}
		slot := j
		if conflict {
			slot--
			if slot == 0 {
				assigned = frac(r, declared, t.startReview, 0.1, 0.9) // the replacement
			}
		}
		var submitted time.Time
		status := models.AssignmentAssigned
		switch {
		case slot < done && !partial:
			status, submitted = models.AssignmentSubmitted, t.reviewDone // the last review completes the set
			if slot < n-1 {
				submitted = frac(r, t.startReview, t.reviewDone, 0.2, 0.95)
			}
		case slot < done:
			status, submitted = models.AssignmentSubmitted, frac(r, t.startReview, partialEnd, 0.1, 0.9)
		case p.state == workflow.Withdrawn:
			status = models.AssignmentWithdrawn
		}
		var reminded any
		if status == models.AssignmentAssigned && due.AddDays(1).Time().Before(g.now) {
			reminded = due.AddDays(1).Time().Add(2 * time.Hour)
		}
		b.add(tAssignments, aid, pid, reviewer, p.officer, assigned, due, string(status), nil, nil, reminded)
		if status == models.AssignmentSubmitted {
			g.review(b, r, p, aid, assigned, submitted)
		} else if status == models.AssignmentAssigned && chance(r, 0.3) {
			saved := frac(r, t.startReview, g.now, 0.1, 0.9) // a review saved, not yet submitted
			b.add(tReviews, g.ids.next(tReviews), aid, nil, "", "", nil, nil, saved, saved)
		}
	}
}

// review writes a submitted review, its criterion scores and the weighted
// score (the rubric weights sum to 100, so Σ score×weight is the mean ×100).
func (g *generator) review(b *batch, r *rand.Rand, p *plan, aid int64, assigned, submitted time.Time) {
	quality := 3.3
	switch {
	case p.state == workflow.Rejected:
		quality = 2.3
	case p.state == workflow.RevisionRequested:
		quality = 3.1
	case p.state == workflow.Approved || implementing(p.state):
		quality = 4.0
	}
	rid := g.ids.next(tReviews)
	var centi int64
	for i, crit := range p.call.criteria {
		score := int64(min(5, max(1, math.Round(quality+r.NormFloat64()*0.8))))
		centi += score * int64(p.call.weights[i])
		b.add(tScores, rid, crit, score)
	}
	rec := models.RecommendDoNotFund
	switch {
	case centi >= 400:
		rec = models.RecommendFund
	case centi >= 300:
		rec = models.RecommendFundWithChanges
	}
	created := frac(r, assigned, submitted, 0.3, 0.9)
	b.add(tReviews, rid, aid, string(rec), oneOf(r, applicantComments[rec]), oneOf(r, confidentialComments),
		centi, submitted, created, submitted)
}

// distinct picks k different items (k ≤ len(xs)).
func distinct(r *rand.Rand, xs []int64, k int) []int64 {
	out := make([]int64, 0, k)
	for len(out) < min(k, len(xs)) {
		x := oneOf(r, xs)
		seen := false
		for _, y := range out {
			seen = seen || y == x
		}
		if !seen {
			out = append(out, x)
		}
	}
	return out
}

// decide writes the director's decision and returns the award (0 when
// none): at most what was requested and the call's cap.
func (g *generator) decide(b *batch, r *rand.Rand, p *plan, pid int64) int64 {
	var kind models.DecisionKind
	var award, comment, conditions any
	var awarded int64
	switch {
	case p.state == workflow.RevisionRequested:
		kind, comment = models.DecisionRequestRevision, oneOf(r, revisionComments)
	case p.state == workflow.Rejected:
		kind, comment = models.DecisionReject, oneOf(r, rejectComments)
	case p.state == workflow.Approved || implementing(p.state):
		kind, comment = models.DecisionApprove, "Approved on the panel's recommendation."
		awarded = int64(float64(p.requested)*(0.75+0.25*r.Float64())) / (1000 * yuan) * (1000 * yuan)
		awarded = min(max(awarded, 1000*yuan), p.requested, p.call.cap)
		award = awarded
		if chance(r, 0.3) {
			conditions = "Co-authored publications must acknowledge the programme."
		}
	default:
		return 0
	}
	b.add(tDecisions, g.ids.next(tDecisions), pid, string(kind), p.director, award, conditions, comment, p.t.decision)
	return awarded
}

// agree writes the agreement and its two to four tranches, which sum to the
// award; it returns the amount paid so far.
func (g *generator) agree(b *batch, r *rand.Rand, p *plan, pid, award int64) int64 {
	if !implementing(p.state) {
		return 0
	}
	t := &p.t
	aid := g.ids.next(tAgreements)
	b.add(tAgreements, aid, pid, models.DateOf(t.agreement), t.start, t.end, nil, p.officer, t.agreement)
	n := between(r, 2, 4)
	if p.months <= 3 {
		n = 2
	}
	first := int64(float64(award)*(0.3+0.2*r.Float64())) / (100 * yuan) * (100 * yuan)
	each := (award - first) / int64(n-1) / (100 * yuan) * (100 * yuan)
	today := models.DateOf(g.now)
	var paid int64
	for k := range n {
		amount := each
		switch k {
		case 0:
			amount = first
		case n - 1:
			amount = award - first - each*int64(n-2)
		}
		planned := t.start.AddMonths(k * p.months / n)
		payDay := planned.AddDays(between(r, 0, 20))
		status, paidOn, updated := models.TranchePlanned, any(nil), t.agreement
		switch p.state {
		case workflow.Completed:
			status = models.TranchePaid
			if end := models.DateOf(t.complete); payDay.After(end) {
				payDay = end
			}
		case workflow.Terminated:
			status = models.TrancheCancelled
			if !payDay.After(models.DateOf(t.terminate)) {
				status = models.TranchePaid
			}
		default:
			held := !t.suspend.IsZero() && t.resume.IsZero() && !planned.Time().Before(t.suspend)
			if !payDay.After(today) && !held {
				status = models.TranchePaid
			}
		}
		switch status {
		case models.TranchePaid:
			paidOn, updated = payDay, payDay.Time().Add(10*time.Hour)
			paid += amount
		case models.TrancheCancelled:
			updated = t.terminate
		}
		b.add(tTranches, g.ids.next(tTranches), pid, aid, int64(k+1), planned, amount, string(status), paidOn, updated)
	}
	return paid
}
