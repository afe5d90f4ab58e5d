package handlers_test

import (
	"strconv"
	"testing"
	"time"

	"github.com/puente-science/puente/auth"
	"github.com/puente-science/puente/models"
	"github.com/puente-science/puente/workflow"
)

func init() { extraSpecs = append(extraSpecs, portfolioSpecs) }

// portfolioSpecs: the portfolio is for officers and directors only.
func portfolioSpecs(t *testing.T, s *models.Store, users map[string]int64) map[string]spec {
	return map[string]spec{
		"GET /portfolio": {who: admins, roles: []auth.Role{auth.Officer, auth.Director}, own: "/portfolio"},
	}
}

// portfolioFixture is a small portfolio whose figures are worked out by
// hand in the tests (CNY throughout; amounts in fen):
//
//	P1 AR pifi     research  biodiversity 1.6 active     2020 req 1000 aw 800 dis 300 start 2021
//	P2 BR talent   exchange  —            1.1 completed  2020 req  500 aw 500 dis 500 start 2020 (senior, to China)
//	P3 BO pifi     research  energy       1.5 approved   2021 req 2000 aw 700
//	P4 CU talent   exchange  —            1.6 rejected   2021 req  300           (student, to Latin America)
//	P5 —  talent   research  —            —   submitted  2022 req  400
//	P6 AR pifi     research  biodiversity 1.6 rejected   2022 req  600
type portfolioFixture struct {
	director, pi *models.User
	ids          []int64
}

func buildPortfolioFixture(t *testing.T, s *models.Store) portfolioFixture {
	t.Helper()
	db := s.DB()
	fx := portfolioFixture{
		director: testUser(t, s, "director@example.org", "director-pass-1", auth.Director),
		pi:       testUser(t, s, "pi@example.org", "pi-pass-0001", auth.Applicant),
	}
	channel := func(slug string) int64 {
		var id int64
		pfMust(t, db.Raw("SELECT id FROM funding_channels WHERE slug = ?", slug).Scan(&id).Error)
		return id
	}
	area := func(slug string) *int64 {
		var id int64
		db.Raw("SELECT id FROM priority_areas WHERE slug = ?", slug).Scan(&id)
		return &id
	}
	str := func(v string) *string { return &v }
	money := func(v int64) *int64 { return &v }
	date := func(y int, m time.Month, d int) *models.Date { return &models.Date{Year: y, Month: m, Day: d} }
	type row struct {
		country, disc *string
		channel       string
		typ           models.ProjectType
		area          *int64
		state         workflow.State
		year          int
		req           int64
		aw            *int64
		dis           int64
		start         *models.Date
	}
	rows := []row{
		{str("AR"), str("1.6"), "pifi", models.TypeResearchProject, area("biodiversity"), workflow.Active, 2020, 100000, money(80000), 30000, date(2021, 3, 1)},
		{str("BR"), str("1.1"), "lac-talent", models.TypeTalentExchange, nil, workflow.Completed, 2020, 50000, money(50000), 50000, date(2020, 9, 1)},
		{str("BO"), str("1.5"), "pifi", models.TypeResearchProject, area("energy-environment"), workflow.Approved, 2021, 200000, money(70000), 0, nil},
		{str("CU"), str("1.6"), "lac-talent", models.TypeTalentExchange, nil, workflow.Rejected, 2021, 30000, nil, 0, nil},
		{nil, nil, "lac-talent", models.TypeResearchProject, nil, workflow.Submitted, 2022, 40000, nil, 0, nil},
		{str("AR"), str("1.6"), "pifi", models.TypeResearchProject, area("biodiversity"), workflow.Rejected, 2022, 60000, nil, 0, nil},
	}
	for i, r := range rows {
		p := &models.Project{Code: "PF-" + strconv.Itoa(i+1), ChannelID: channel(r.channel), Type: r.typ, State: r.state,
			Lang: "en", Title: models.Texts{EN: str("Portfolio fixture " + strconv.Itoa(i+1))}, PIUserID: fx.pi.ID,
			PriorityAreaID: r.area, LeadCountryISO2: r.country, PrimaryDisciplineCode: r.disc, Currency: "CNY",
			RequestedMinor: r.req, AwardedMinor: r.aw, DisbursedMinor: r.dis, Year: r.year, ActualStart: r.start,
			CreatedAt: fixedNow, UpdatedAt: fixedNow, StateChangedAt: fixedNow}
		if err := db.Create(p).Error; err != nil {
			t.Fatalf("project %d: %v", i+1, err)
		}
		if r.country != nil {
			pfMust(t, db.Create(&models.ProjectCountry{ProjectID: p.ID, CountryISO2: *r.country, Lead: true}).Error)
		}
		if r.disc != nil {
			pfMust(t, db.Create(&models.ProjectDiscipline{ProjectID: p.ID, DisciplineCode: *r.disc, IsPrimary: true}).Error)
		}
		fx.ids = append(fx.ids, p.ID)
	}
	senior, toChina := models.CareerSeniorScientist, models.DirectionToChina
	student, toLA := models.CareerStudentOrYoungResearcher, models.DirectionToLatinAmerica
	pfMust(t, db.Create(&models.TalentExchangeDetails{ProjectID: fx.ids[1], CareerLevel: &senior, Direction: &toChina}).Error)
	pfMust(t, db.Create(&models.TalentExchangeDetails{ProjectID: fx.ids[3], CareerLevel: &student, Direction: &toLA}).Error)

	// Moves: P1 submitted d0, in review d10, approved d40, active d50;
	// P2 submitted d0, in review d4, approved d24, active d26, completed d100;
	// P3 submitted d0, in review d6, approved d36.
	t0 := time.Date(2021, 1, 4, 9, 0, 0, 0, time.UTC)
	moves := map[int][]struct {
		day int
		to  workflow.State
	}{
		0: {{0, workflow.Submitted}, {10, workflow.InReview}, {40, workflow.Approved}, {50, workflow.Active}},
		1: {{0, workflow.Submitted}, {4, workflow.InReview}, {24, workflow.Approved}, {26, workflow.Active}, {100, workflow.Completed}},
		2: {{0, workflow.Submitted}, {6, workflow.InReview}, {36, workflow.Approved}},
	}
	for i, ms := range moves {
		from := workflow.Draft
		for _, m := range ms {
			f, to := string(from), string(m.to)
			pid := fx.ids[i]
			pfMust(t, db.Create(&models.AuditEntry{At: t0.AddDate(0, 0, m.day), Action: "project.move", Entity: "project",
				EntityID: &pid, ProjectID: &pid, FromState: &f, ToState: &to}).Error)
			from = m.to
		}
	}
	// Co-authored publications: DOI A in 2021 on P1 and P2 (counted once),
	// DOI B in 2022 on P1, and a publication that is not co-authored.
	outputs := []struct {
		project   int
		doi       *string
		year      int
		co        bool
		countries []string
	}{
		{0, str("10.1000/a"), 2021, true, []string{"AR", "CN"}},
		{0, str("10.1000/b"), 2022, true, []string{"AR"}},
		{1, str("10.1000/a"), 2021, true, []string{"BR"}},
		{1, str("10.1000/c"), 2021, false, []string{"BR"}},
	}
	for _, o := range outputs {
		out := &models.Output{ProjectID: fx.ids[o.project], Kind: models.OutputPublication, Title: "Paper", DOI: o.doi,
			Year: o.year, Coauthored: o.co, CreatedAt: fixedNow}
		pfMust(t, db.Create(out).Error)
		for _, c := range o.countries {
			pfMust(t, db.Create(&models.OutputCountry{OutputID: out.ID, CountryISO2: c}).Error)
		}
	}
	// One overdue report (due before the test clock's day), one not yet due.
	pfMust(t, db.Create(&models.Report{ProjectID: fx.ids[0], Kind: models.ReportProgress, Seq: 1,
		DueOn: models.Date{Year: 2026, Month: 1, Day: 15}, Status: models.ReportDue, CreatedAt: fixedNow, UpdatedAt: fixedNow}).Error)
	pfMust(t, db.Create(&models.Report{ProjectID: fx.ids[0], Kind: models.ReportProgress, Seq: 2,
		DueOn: models.Date{Year: 2027, Month: 1, Day: 15}, Status: models.ReportDue, CreatedAt: fixedNow, UpdatedAt: fixedNow}).Error)
	return fx
}

func pfMust(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
