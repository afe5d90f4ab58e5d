package demo

import (
	"math/rand/v2"

	"github.com/puente-science/puente/models"
	"github.com/puente-science/puente/workflow"
)

// project generates project idx into b. The first thirteen projects are
// forced into each workflow state in turn, so that every state is present
// however few projects are asked for; when a forced project's history
// leads elsewhere it is redrawn.
func (g *generator) project(b *batch, idx int) {
	var forced workflow.State
	if g.n >= len(workflow.States) && idx < len(workflow.States) {
		forced = workflow.States[idx]
	}
	var p *plan
	var r *rand.Rand
	for attempt := 0; ; attempt++ {
		r = projectRand(g.seed, idx, attempt)
		p = g.draft(r, idx, forced)
		if forced == "" || p.state == forced || attempt == 200 {
			break
		}
	}
	g.emit(b, r, p)
	b.projects++
}

func (g *generator) emit(b *batch, r *rand.Rand, p *plan) {
	pid := g.ids.next(tProjects)
	g.reviews(b, r, p, pid)
	award := g.decide(b, r, p, pid)
	disbursed := g.agree(b, r, p, pid, award)
	reps := g.reports(b, r, p, pid)
	g.outputs(b, r, p, pid, reps)
	evs := g.events(p)
	g.audit(b, r, p, pid, evs)
	g.details(b, r, p, pid)

	t := &p.t
	last := evs[len(evs)-1].at
	var officer, submitted, decided, awarded, actualStart, actualEnd, rating, remarks any
	if p.state != workflow.Draft {
		officer, submitted = p.officer, t.submitted
	}
	if award > 0 {
		awarded = award
	}
	if !t.decision.IsZero() && decidedState(p.state) {
		decided = t.decision
	}
	if implementing(p.state) {
		actualStart = t.start
	}
	switch p.state {
	case workflow.Completed:
		actualEnd, rating = t.end, int64(oneOfWeighted(r, []int{1, 2, 3, 4, 5}, []float64{2, 8, 25, 40, 25}))
		remarks = "Objectives met; the partners plan a follow-up proposal."
	case workflow.Terminated:
		actualEnd, remarks = models.DateOf(t.terminate), "Terminated early: the partner institution withdrew."
	}
	var area any
	if p.area != nil {
		area = p.area.id
	}
	title, summary := g.texts(r, p)
	b.add(tProjects, pid, g.code(p.idx), p.call.id, p.ch.id, string(p.typ), string(p.state), int64(len(evs)), p.pi.locale,
		title[0], title[1], title[2], title[3], summary[0], summary[1], summary[2], summary[3],
		p.pi.id, officer, p.host.id, area, p.countries[0], p.primary, "CNY", p.requested, awarded, disbursed,
		int64(p.call.year), t.plannedStart, t.plannedEnd, actualStart, actualEnd, submitted, decided, last,
		rating, remarks, t.created, last)

	for i, c := range p.countries {
		b.add(tProjectCountries, pid, c, i == 0)
	}
	b.add(tProjectDisciplines, pid, p.primary, true)
	if p.secondary != "" {
		b.add(tProjectDisciplines, pid, p.secondary, false)
	}
	b.add(tProjectInstitutions, pid, p.host.id, string(models.InstitutionRoleHost))
	for _, in := range p.partners {
		b.add(tProjectInstitutions, pid, in.id, string(models.InstitutionRolePartner))
	}
	for i, amount := range p.lines {
		if amount > 0 {
			b.add(tBudgetLines, g.ids.next(tBudgetLines), pid, string(models.BudgetCategories[i]), amount, nil)
		}
	}
}

// decidedState reports whether a director has decided on the project.
func decidedState(s workflow.State) bool {
	return s == workflow.RevisionRequested || s == workflow.Approved || s == workflow.Rejected || implementing(s)
}
