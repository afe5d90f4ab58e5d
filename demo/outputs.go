package demo

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/puente-science/puente/models"
	"github.com/puente-science/puente/workflow"
)

// outputCounts is how many outputs of each kind a whole project of a type
// yields (min, max); running projects have yielded a share of them.
var outputCounts = map[models.ProjectType]map[models.OutputKind][2]int{
	models.TypeTalentExchange:     {models.OutputPublication: {0, 2}, models.OutputTrainedPeople: {1, 1}},
	models.TypeResearchProject:    {models.OutputPublication: {1, 6}, models.OutputTrainedPeople: {0, 2}, models.OutputEvent: {0, 1}, models.OutputDataset: {0, 1}, models.OutputPatent: {0, 0}},
	models.TypeJointLab:           {models.OutputPublication: {2, 9}, models.OutputTrainedPeople: {1, 3}, models.OutputEvent: {0, 2}, models.OutputPatent: {0, 1}},
	models.TypePlatform:           {models.OutputPublication: {3, 14}, models.OutputTrainedPeople: {1, 2}, models.OutputDataset: {1, 2}, models.OutputEvent: {0, 1}},
	models.TypeTechnologyTransfer: {models.OutputDeliverable: {2, 4}, models.OutputPatent: {0, 2}, models.OutputPublication: {0, 2}, models.OutputTrainedPeople: {1, 1}},
	models.TypeDialogue:           {models.OutputEvent: {1, 2}, models.OutputPublication: {0, 1}, models.OutputTrainedPeople: {0, 1}},
}

// pubTitles: %[1]s is the topic capitalised, %[2]s the lead country, %[3]s
// the topic mid-sentence.
var pubTitles = []string{"%[1]s: evidence from %[2]s", "New insights into %[3]s from a China–%[2]s collaboration",
	"%[1]s in %[2]s: a joint survey", "Towards a regional network for %[3]s (%[2]s)"}

var deliverables = []string{"Factory acceptance test", "Installation and commissioning on site",
	"Operator training for partner engineers", "Spare parts and technical documentation"}

// outputs writes what a project reported: publications with DOIs unique
// within the project, people trained, events, patents, datasets and
// deliverables, each attached to a report that has been submitted.
func (g *generator) outputs(b *batch, r *rand.Rand, p *plan, pid int64, reps []*report) {
	var reported []*report
	for _, rp := range reps {
		if rp.reported() {
			reported = append(reported, rp)
		}
	}
	if len(reported) == 0 {
		return
	}
	share := 1.0
	if p.state != workflow.Completed {
		share = min(1, float64(len(reported))/float64(len(reps)))
	}
	counts := outputCounts[p.typ]
	lead := g.ref.countries[p.countries[0]].Name.EN
	pubs := 0
	for _, kind := range models.OutputKinds { // fixed order, not the map's
		rg, ok := counts[kind]
		if !ok {
			continue
		}
		n := int(float64(between(r, rg[0], rg[1]))*share + r.Float64())
		for range n {
			rp := oneOf(r, reported)
			o := outputRow{kind: kind, year: rp.end.Year, report: rp, countries: []string{p.countries[0]}}
			switch kind {
			case models.OutputPublication:
				pubs++
				g.publication(r, p, &o, pubs, lead)
			case models.OutputTrainedPeople:
				g.trained(r, p, &o)
			case models.OutputEvent:
				o.title = fmt.Sprintf("Joint workshop on %s (%d)", p.topic.en, o.year)
				o.countries = p.countries
			case models.OutputPatent:
				o.title = "Patent application: a method for " + p.topic.en
				o.description = "Filed jointly by " + p.host.name + " and " + p.partners[0].name + "."
			case models.OutputDataset:
				o.title = fmt.Sprintf("Open dataset: %s (%s)", p.topic.en, lead)
			case models.OutputDeliverable:
				o.title = oneOf(r, deliverables)
			}
			g.writeOutput(b, pid, &o)
		}
	}
}

type outputRow struct {
	kind               models.OutputKind
	title, description string
	doi, venue         string
	year               int
	coauthored         bool
	level              models.CareerLevel
	direction          models.Direction
	people             int
	report             *report
	countries          []string
}

func (g *generator) publication(r *rand.Rand, p *plan, o *outputRow, n int, lead string) {
	v := oneOf(r, venuesFor(p.primary))
	o.title = fmt.Sprintf(oneOf(r, pubTitles), capitalize(p.topic.en), lead, p.topic.en)
	o.venue = v.name
	o.doi = strings.ToLower(fmt.Sprintf("%s/demo.%s.%06d.%d", v.prefix, g.tag, p.idx+1, n))
	o.coauthored = chance(r, 0.85)
	if _, ok := g.ref.countries["CN"]; ok {
		o.countries = append(o.countries, "CN")
	}
	if len(p.countries) > 1 && chance(r, 0.5) {
		o.countries = append(o.countries, p.countries[1])
	}
}

func (g *generator) trained(r *rand.Rand, p *plan, o *outputRow) {
	o.level, o.direction, o.people = p.level, p.dir, 1
	if p.typ != models.TypeTalentExchange {
		o.level = oneOfWeighted(r, models.CareerLevels, []float64{60, 30, 10})
		o.direction = oneOfWeighted(r, models.Directions, []float64{70, 30})
		o.people = between(r, 1, 6)
		if p.typ == models.TypeDialogue {
			o.level, o.people = models.CareerResearchManagerOfficial, between(r, 10, 40)
		}
	}
	where := p.host.name
	if o.direction == models.DirectionToLatinAmerica {
		where = p.partners[0].name
	}
	o.title = map[models.CareerLevel]string{models.CareerStudentOrYoungResearcher: "Students and young researchers trained",
		models.CareerSeniorScientist: "Senior scientists hosted", models.CareerResearchManagerOfficial: "Research managers trained"}[o.level]
	o.description = "At " + where + "."
}

func (g *generator) writeOutput(b *batch, pid int64, o *outputRow) {
	id := g.ids.next(tOutputs)
	var level, dir, people any
	if o.kind == models.OutputTrainedPeople {
		level, dir, people = string(o.level), string(o.direction), int64(o.people)
	}
	b.add(tOutputs, id, pid, o.report.id, string(o.kind), o.title, nullStr(o.doi), int64(o.year), nullStr(o.venue),
		o.coauthored, level, dir, people, nullStr(o.description), nil, o.report.submitted)
	for _, c := range o.countries {
		b.add(tOutputCountries, id, c)
	}
}

// capitalize upper-cases the first letter (topics are written mid-sentence).
func capitalize(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}
