package demo

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/puente-science/puente/models"
	"github.com/puente-science/puente/workflow"
)

// plan is everything decided about one generated project before its rows
// are written.
type plan struct {
	idx       int
	typ       models.ProjectType
	ch        *channelRef
	call      *call
	countries []string // the lead first
	topic     *topic
	primary   string
	secondary string
	area      *areaRef
	host      instRef
	partners  []instRef
	pi        *person
	officer   int64
	director  int64
	requested int64
	lines     [6]int64 // by models.BudgetCategories
	months    int
	level     models.CareerLevel
	dir       models.Direction
	state     workflow.State
	t         timeline
}

const yuan = 100 // minor units (fen) per yuan

// amountRange is the requested budget per project type, in fen.
var amountRange = map[models.ProjectType]struct{ lo, hi int64 }{
	models.TypeTalentExchange:     {50_000 * yuan, 400_000 * yuan},
	models.TypeResearchProject:    {500_000 * yuan, 3_000_000 * yuan},
	models.TypeJointLab:           {2_000_000 * yuan, 8_000_000 * yuan},
	models.TypePlatform:           {10_000_000 * yuan, 40_000_000 * yuan},
	models.TypeTechnologyTransfer: {20_000_000 * yuan, 60_000_000 * yuan},
	models.TypeDialogue:           {100_000 * yuan, 600_000 * yuan},
}

// typeWeights: talent exchange is the commonest instrument; platforms and
// technology transfers are rare and large.
var typeWeights = []struct {
	t models.ProjectType
	w float64
}{
	{models.TypeTalentExchange, 38}, {models.TypeResearchProject, 26}, {models.TypeDialogue, 16},
	{models.TypeJointLab, 12}, {models.TypePlatform, 4}, {models.TypeTechnologyTransfer, 4},
}

// durationMonths is the planned length by type; talent exchanges last
// their months abroad.
var durationMonths = map[models.ProjectType][2]int{
	models.TypeResearchProject: {24, 36}, models.TypeJointLab: {36, 60}, models.TypePlatform: {48, 60},
	models.TypeTechnologyTransfer: {24, 48}, models.TypeDialogue: {2, 6},
}

// anaStates are the forced states whose project the demo applicant owns.
var anaStates = []workflow.State{workflow.Draft, workflow.RevisionRequested, workflow.Active, workflow.Completed}

// draft decides project idx. forced, when set, is the state it must end in.
func (g *generator) draft(r *rand.Rand, idx int, forced workflow.State) *plan {
	p := &plan{idx: idx, typ: g.types.pick(r)}
	p.primary = g.disc[p.typ].pick(r)
	p.topic = oneOf(r, g.topics[p.primary])
	if chance(r, 0.35) {
		p.secondary, _ = g.disc[p.typ].pickExcept(r, func(c string) bool { return c == p.primary })
	}
	p.area = g.ref.areaFor(p.primary, p.topic.area)
	p.ch = g.channelFor(r, p)

	lead := g.leads.pick(r)
	ana := forced != "" && slices.Contains(anaStates, forced) && g.leadOK("BR")
	if ana {
		lead = "BR"
	}
	p.countries = []string{lead}
	for range oneOfWeighted(r, []int{0, 1, 2}, []float64{60, 30, 10}) {
		if c, ok := g.others.pickExcept(r, func(c string) bool { return slices.Contains(p.countries, c) }); ok {
			p.countries = append(p.countries, c)
		}
	}

	if forced == "" {
		p.call = g.callFor(r, p.ch, g.years.pick(r))
		p.state = g.stateFor(r, p.call)
	} else {
		p.call = g.forcedCall(r, p.ch, forced)
		p.state = forced
	}
	p.pi = oneOf(r, g.applicants[lead])
	if ana {
		p.pi = &person{id: g.staff.applicant, name: "Ana Souza", country: "BR", level: models.CareerStudentOrYoungResearcher, locale: "pt"}
	}
	p.host = g.hostFor(r, p.topic)
	p.partners = []instRef{oneOf(r, g.ref.partners[lead])}
	if extra := oneOf(r, g.ref.partners[lead]); chance(r, 0.4) && extra.id != p.partners[0].id {
		p.partners = append(p.partners, extra)
	}
	p.officer, p.director = oneOf(r, g.officers), oneOf(r, g.directors)
	g.budget(r, p)
	g.schedule(r, p)
	return p
}

// channelFor picks a channel that funds the type; the stable thematic
// channel mostly funds biodiversity.
func (g *generator) channelFor(r *rand.Rand, p *plan) *channelRef {
	w := newWeighted[*channelRef]()
	for _, ch := range g.ref.byType[p.typ] {
		weight := 1.0
		if ch.stable && ch.slug != "pifi" {
			weight = 0.25
			if p.area != nil && p.area.slug == "biodiversity" {
				weight = 2.5
			}
		}
		w.add(ch, weight)
	}
	return w.pick(r)
}

// callFor picks one of the channel's calls of the year that had opened by
// Now, or its latest call before that year.
func (g *generator) callFor(r *rand.Rand, ch *channelRef, year int) *call {
	for y := year; y >= firstYear; y-- {
		var opened []*call
		for _, c := range g.callsBy[callKey{ch.index, y}] {
			if !c.opens.After(g.now) {
				opened = append(opened, c)
			}
		}
		if len(opened) > 0 {
			return oneOf(r, opened)
		}
	}
	return g.callsBy[callKey{ch.index, firstYear}][0]
}

func (g *generator) hostFor(r *rand.Rand, t *topic) instRef {
	var hosts []instRef
	for _, h := range t.hosts {
		in, ok := g.ref.byName[h]
		if id, isROR := strings.CutPrefix(h, "ror:"); isROR {
			in, ok = g.ref.byROR[id]
		}
		if ok {
			hosts = append(hosts, in)
		}
	}
	if len(hosts) == 0 {
		return oneOf(r, g.ref.own)
	}
	return oneOf(r, hosts)
}

// budget draws the requested amount (log-uniform within the type's range,
// in whole thousands of yuan) and splits it into budget lines.
func (g *generator) budget(r *rand.Rand, p *plan) {
	rg := amountRange[p.typ]
	if p.typ == models.TypeTalentExchange {
		g.talent(r, p)
		return
	}
	lo, hi := math.Log(float64(rg.lo)), math.Log(float64(rg.hi))
	total := int64(math.Exp(lo+r.Float64()*(hi-lo))) / (1000 * yuan) * (1000 * yuan)
	p.requested = max(total, rg.lo)
	dm := durationMonths[p.typ]
	p.months = between(r, dm[0], dm[1])
	shares := budgetShares[p.typ]
	var sum float64
	var w [6]float64
	for i, s := range shares {
		w[i] = s * (0.7 + 0.6*r.Float64())
		sum += w[i]
	}
	rest := p.requested
	last := -1
	for i := range shares {
		if shares[i] == 0 {
			continue
		}
		p.lines[i] = int64(float64(p.requested)*w[i]/sum) / (100 * yuan) * (100 * yuan)
		rest -= p.lines[i]
		last = i
	}
	p.lines[last] += rest // rounding goes to the last category
}

// budgetShares by type, in models.BudgetCategories order: travel,
// stipends, equipment, consumables, events, other.
var budgetShares = map[models.ProjectType][6]float64{
	models.TypeResearchProject:    {15, 20, 20, 25, 5, 5},
	models.TypeJointLab:           {10, 15, 45, 20, 5, 5},
	models.TypePlatform:           {8, 10, 65, 5, 2, 10},
	models.TypeTechnologyTransfer: {5, 0, 80, 0, 0, 15},
	models.TypeDialogue:           {40, 0, 0, 0, 50, 10},
}

// talent fills an exchange: who travels which way for how long, with a
// stipend by career level, travel and insurance.
func (g *generator) talent(r *rand.Rand, p *plan) {
	p.dir = oneOfWeighted(r, []models.Direction{models.DirectionToChina, models.DirectionToLatinAmerica}, []float64{65, 35})
	p.level = p.pi.level
	if p.dir == models.DirectionToLatinAmerica || p.level == "" {
		p.level = oneOfWeighted(r, models.CareerLevels, []float64{50, 35, 15})
	}
	monthly := map[models.CareerLevel]int64{models.CareerStudentOrYoungResearcher: 8_000,
		models.CareerSeniorScientist: 20_000, models.CareerResearchManagerOfficial: 25_000}[p.level]
	span := map[models.CareerLevel][2]int{models.CareerStudentOrYoungResearcher: {6, 12},
		models.CareerSeniorScientist: {1, 6}, models.CareerResearchManagerOfficial: {1, 3}}[p.level]
	p.months = between(r, span[0], span[1])
	stipend := monthly * int64(p.months) * yuan
	travel := int64(between(r, 12, 30)) * 1000 * yuan
	other := int64(between(r, 3, 10)) * 1000 * yuan
	rg := amountRange[p.typ]
	stipend = min(max(stipend, rg.lo-travel-other), rg.hi-travel-other)
	p.lines = [6]int64{travel, stipend, 0, 0, 0, other}
	p.requested = travel + stipend + other
}

func (g *generator) code(idx int) string { return fmt.Sprintf("DEMO-%s-%06d", g.tag, idx+1) }

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
