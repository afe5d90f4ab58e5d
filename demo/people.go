package demo

import (
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"github.com/puente-science/puente/models"
)

// person is a generated applicant, a possible principal investigator.
type person struct {
	id      int64
	name    string
	country string
	level   models.CareerLevel
	locale  string
}

// leadWeights follow the study's shares of the region's papers: Brazil
// about half; Mexico, Argentina, Chile and Colombia together about 40 %;
// then Peru, Ecuador, Uruguay, Venezuela and Cuba; a few from the rest,
// territories included.
var leadWeights = []struct {
	iso2   string
	weight float64
}{
	{"BR", 48}, {"MX", 12}, {"AR", 9}, {"CL", 9}, {"CO", 7}, {"PE", 4}, {"EC", 2.5}, {"UY", 2},
	{"VE", 1.5}, {"CU", 1.5}, {"BO", 0.8}, {"CR", 0.8}, {"PA", 0.6}, {"PY", 0.4}, {"GT", 0.3},
	{"DO", 0.3}, {"JM", 0.3}, {"PR", 0.2}, {"GF", 0.15},
}

// people adds the applicant pool (about a third as many as projects, at
// least 20, spread over the lead countries), the reviewers and the staff.
func (g *generator) people(b *batch) {
	r := setupRand(g.seed, 1)
	g.applicants = map[string][]*person{}
	pool := max(20, g.n/3)
	var total float64
	for _, w := range leadWeights {
		if g.leadOK(w.iso2) {
			total += w.weight
		}
	}
	for _, w := range leadWeights {
		if !g.leadOK(w.iso2) {
			continue
		}
		st := styleOf(w.iso2)
		for range max(1, int(math.Round(float64(pool)*w.weight/total))) {
			level := oneOfWeighted(r, []models.CareerLevel{models.CareerStudentOrYoungResearcher,
				models.CareerSeniorScientist, models.CareerResearchManagerOfficial}, []float64{45, 40, 15})
			inst := oneOf(r, g.ref.partners[w.iso2])
			p := g.user(b, r, personName(r, st.names), w.iso2, inst.id, level, st, models.RoleApplicant)
			g.applicants[w.iso2] = append(g.applicants[w.iso2], p)
		}
	}
	cn := countryStyle{"zh", "zh", "Asia/Shanghai"}
	g.reviewers = []int64{g.staff.reviewer}
	for range max(10, g.n/200) {
		if chance(r, 0.6) {
			inst := oneOf(r, g.ref.own)
			g.reviewers = append(g.reviewers, g.user(b, r, personName(r, "zh"), "CN", inst.id,
				models.CareerSeniorScientist, cn, models.RoleReviewer).id)
			continue
		}
		iso := g.leads.pick(r)
		st := styleOf(iso)
		inst := oneOf(r, g.ref.partners[iso])
		g.reviewers = append(g.reviewers, g.user(b, r, personName(r, st.names), iso, inst.id,
			models.CareerSeniorScientist, st, models.RoleReviewer).id)
	}
	g.officers = []int64{g.staff.officer}
	for range 4 {
		g.officers = append(g.officers, g.user(b, r, personName(r, "zh"), "CN", g.academyID(), "", cn, models.RoleOfficer).id)
	}
	g.directors = []int64{g.staff.director,
		g.user(b, r, personName(r, "zh"), "CN", g.academyID(), "", cn, models.RoleDirector).id}
}

// leadOK says whether a country can lead a project: it is seeded and has
// a partner institution.
func (g *generator) leadOK(iso2 string) bool {
	_, ok := g.ref.countries[iso2]
	return ok && len(g.ref.partners[iso2]) > 0
}

func (g *generator) academyID() int64 {
	if g.ref.cas != nil {
		return g.ref.cas.id
	}
	return g.ref.own[0].id
}

// user adds a user without a password (demo people cannot sign in) and
// its role. Every generated person registered before the first call.
func (g *generator) user(b *batch, r *rand.Rand, name, iso2 string, inst int64, level models.CareerLevel,
	st countryStyle, role models.Role) *person {
	id := g.ids.next(tUsers)
	email := fmt.Sprintf("%s.%s.%d@demo.puente.example", emailLocal(name), g.tag, id)
	created := time.Date(2013, 11, 1, 8, 0, 0, 0, time.UTC).Add(days(r, 0, 60))
	var country, lvl any
	if _, ok := g.ref.countries[iso2]; ok {
		country = iso2
	}
	if level != "" {
		lvl = string(level)
	}
	b.add(tUsers, id, email, name, nil, created, nullID(inst), country, lvl, st.locale, st.timeZone,
		nil, nil, false, int64(0), true, nil, created, created, nil)
	b.add(tUserRoles, id, string(role), created)
	return &person{id: id, name: name, country: iso2, level: level, locale: st.locale}
}
