package handlers_test

import (
	"context"
	"html"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/puente-science/puente/models"
	"github.com/puente-science/puente/testdb"
	"github.com/puente-science/puente/workflow"
)

var today = models.Date{Year: 2026, Month: 11, Day: 27}

// TestPortfolioSummaryFigures checks every panel's numbers on the fixture
// against figures worked out by hand (see buildPortfolioFixture).
func TestPortfolioSummaryFigures(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		newEnv(t, s, -1)
		buildPortfolioFixture(t, s)
		sum, err := s.PortfolioSummary(context.Background(), models.PortfolioFilter{}, today)
		if err != nil {
			t.Fatal(err)
		}
		eq := func(what string, got, want any) {
			t.Helper()
			if got != want {
				t.Errorf("%s = %v, want %v", what, got, want)
			}
		}
		count := func(m models.SumsBy, k string) int64 {
			if m[k] == nil {
				return 0
			}
			return m[k].Count
		}
		eq("projects", sum.Total.Count, int64(6))
		eq("funded", sum.Total.Funded, int64(3))
		eq("requested", sum.Total.Requested["CNY"], int64(480000))
		eq("awarded", sum.Total.Awarded["CNY"], int64(200000))
		eq("disbursed", sum.Total.Disbursed["CNY"], int64(80000))
		stage := sum.ByStage()
		eq("proposal", count(stage, "proposal"), int64(1))
		eq("approval", count(stage, "approval"), int64(1))
		eq("implementation", count(stage, "implementation"), int64(1))
		eq("closed", count(stage, "closed"), int64(3))
		years := sum.ByYear()
		for _, y := range []int{2020, 2021, 2022} {
			eq("year "+strconv.Itoa(y), years[y].Count, int64(2))
		}
		eq("AR", count(sum.ByCountry, "AR"), int64(2))
		eq("AR requested", sum.ByCountry["AR"].Requested["CNY"], int64(160000))
		eq("no country", count(sum.ByCountry, ""), int64(1))
		sub := sum.BySubregion()
		eq("south america", count(sub, "south_america"), int64(4))
		eq("caribbean", count(sub, "caribbean"), int64(1))
		tier := sum.ByTier()
		eq("established", count(tier, "established"), int64(3))
		eq("developing", count(tier, "developing"), int64(2))
		prio := sum.ByPriorityCountry()
		eq("priority", count(prio, "yes"), int64(3))
		eq("other", count(prio, "no"), int64(3))
		eq("priority awarded", prio["yes"].Awarded["CNY"], int64(130000))
		field := sum.ByField()
		eq("natural sciences", count(field, "1"), int64(5))
		eq("no discipline", count(field, ""), int64(1))
		eq("biological sciences", count(sum.ByDiscipline, "1.6"), int64(3))
		eq("research", count(sum.ByType, "research_project"), int64(4))
		eq("talent", count(sum.ByType, "talent_exchange"), int64(2))

		// Shares of awarded funding against targets.
		share := func(sh []models.Share) float64 {
			if len(sh) != 1 {
				t.Fatalf("shares %v", sh)
			}
			return sh[0].Ratio()
		}
		eq("priority countries share", share(sum.PriorityCountryShare()), 0.65)
		eq("priority target", sum.PriorityTargetBP, 7000)
		areaShares := map[string]float64{"Biodiversity": 0.4, "Energy and environment": 0.35,
			"Space and atmospheric science": 0, "Ecological agriculture": 0}
		eq("areas", len(sum.Areas), len(areaShares))
		for _, a := range sum.Areas {
			if got, want := share(sum.AreaShare(a.ID)), areaShares[a.Name.EN]; math.Abs(got-want) > 1e-9 {
				t.Errorf("area %s: share %v, want %v", a.Name.EN, got, want)
			}
		}
		eq("stable share", share(sum.StableShare()), 0.75)
		funded, decided, rate, ok := sum.Approval()
		eq("approval", [4]any{funded, decided, rate, ok}, [4]any{int64(3), int64(5), 0.6, true})
		eq("talent groups", len(sum.Talent), 1)
		if len(sum.Talent) == 1 {
			eq("talent", sum.Talent[0], models.TalentGroup{CareerLevel: "senior_scientist", Direction: "to_china", Count: 1})
		}
		// Median days: submitted {10,4,6} → 6; in review {30,20,30} → 30;
		// approved {10,2} → 6; active {74} → 74.
		want := map[workflow.State][2]float64{workflow.Submitted: {6, 3}, workflow.InReview: {30, 3}, workflow.Approved: {6, 2}, workflow.Active: {74, 1}}
		eq("stays", len(sum.Stays), len(want))
		for _, st := range sum.Stays {
			w := want[st.State]
			if math.Abs(st.MedianDays-w[0]) > 1e-6 || float64(st.Stays) != w[1] {
				t.Errorf("%s: median %v over %d, want %v over %v", st.State, st.MedianDays, st.Stays, w[0], w[1])
			}
		}
		eq("overdue", sum.OverdueReports, int64(1))
		eq("started", len(sum.Started), 2)
		if len(sum.Started) == 2 {
			eq("started 2020", sum.Started[0], models.YearCount{Year: 2020, Count: 1})
			eq("started 2021", sum.Started[1], models.YearCount{Year: 2021, Count: 1})
		}
		eq("co-authored", len(sum.Coauthored), 2)
		if len(sum.Coauthored) == 2 {
			eq("co-authored 2021 (a DOI once)", sum.Coauthored[0], models.YearCount{Year: 2021, Count: 1})
			eq("co-authored 2022", sum.Coauthored[1], models.YearCount{Year: 2022, Count: 1})
		}
		eq("AR papers", len(sum.CoauthoredByCountry["AR"]), 2)
		eq("BR papers", len(sum.CoauthoredByCountry["BR"]), 1)
		eq("cas series", len(sum.Indicators["cas_coauthored_papers"]), 2)

		// The filters apply to every panel.
		f := models.PortfolioFilter{Type: models.TypeTalentExchange, YearFrom: 2021}
		fs, err := s.PortfolioSummary(context.Background(), f, today)
		if err != nil {
			t.Fatal(err)
		}
		eq("filtered projects", fs.Total.Count, int64(1)) // P4
		eq("filtered CU", count(fs.ByCountry, "CU"), int64(1))
		eq("filtered stays", len(fs.Stays), 0)
		eq("filtered talent", len(fs.Talent), 0) // P4 was rejected
	})
}

var countLink = regexp.MustCompile(`<a href="([^"]+)" class="portfolio-count">([^<]+)</a>`)
var listTotal = regexp.MustCompile(`data-total="(\d+)"`)

// TestPortfolioLinksMatchFigures opens every count on the page and checks
// that the list it links to holds as many projects as the figure says.
func TestPortfolioLinksMatchFigures(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		e := newEnv(t, s, -1)
		fx := buildPortfolioFixture(t, s)
		b := e.browser()
		b.signIn(t, fx.director.Email, "director-pass-1")
		for _, addr := range []string{"/portfolio", "/portfolio?type=research_project&from=2021"} {
			page := b.get(t, addr)
			if page.status != 200 {
				t.Fatalf("%s: %d", addr, page.status)
			}
			links := countLink.FindAllStringSubmatch(page.body, -1)
			if len(links) < 30 {
				t.Fatalf("%s: only %d count links", addr, len(links))
			}
			seen := map[string]bool{}
			for _, l := range links {
				href, want := html.UnescapeString(l[1]), strings.ReplaceAll(l[2], ",", "")
				if seen[href+want] {
					continue
				}
				seen[href+want] = true
				list := b.get(t, href)
				m := listTotal.FindStringSubmatch(list.body)
				if m == nil || m[1] != want {
					t.Errorf("%s: %s shows %v, the figure is %s", addr, href, m, want)
				}
			}
		}
		// A few links by hand: the lists behind figures whose filters /projects
		// did not have before.
		for href, want := range map[string]string{
			"/projects?lead_priority=yes&funded=1": "2",
			"/projects?subregion=caribbean":        "1",
			"/projects?tier=developing":            "2",
			"/projects?pdiscipline=1":              "5",
			"/projects?pdiscipline=none":           "1",
			"/projects?lead=none":                  "1",
			"/projects?priority=none":              "3",
			"/projects?call=none":                  "6",
			"/projects?started=2021":               "1",
			"/projects?type=talent_exchange&career=senior_scientist&direction=to_china": "1",
		} {
			m := listTotal.FindStringSubmatch(b.get(t, href).body)
			if m == nil || m[1] != want {
				t.Errorf("%s: %v, want %s", href, m, want)
			}
		}
	})
}

// TestPortfolioPage checks what the page says: headline figures, gauges
// against targets, the pipeline, and the study's growth figures in English
// and Spanish.
func TestPortfolioPage(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		e := newEnv(t, s, -1)
		fx := buildPortfolioFixture(t, s)
		b := e.browser()
		b.signIn(t, fx.director.Email, "director-pass-1")
		page := b.get(t, "/portfolio")
		mustContain(t, page.body,
			"CN¥4,800.00", "CN¥2,000.00", "CN¥800.00", // requested, awarded, disbursed
			"65% · below target", "Target: 70%", // priority countries
			"40% · on track", "Target: 25%", // biodiversity
			"75%",                          // stable multi-year
			"60%", "3 funded of 5 decided", // approval rate
			"6 days (3)", "30 days (3)", "74 days (1)", // median stays
			`href="/reports?tab=overdue"`,
			"6.2-fold increase", "24.5% a year", "From 77 in 2007 to 555 in 2016",
			`href="/portfolio"`, // the nav link
		)
		// Another pair of years of the same series.
		mustContain(t, b.get(t, "/portfolio?series=started&gfrom=2020&gto=2021").body, "0-fold increase", "0% a year")
		// When the figures were read; the filter form keeps the map's
		// measure and the growth choice, the growth form the measure.
		mustContain(t, page.body, "Figures as of ")
		kept := b.get(t, "/portfolio?measure=funding&currency=CNY&series=started&gfrom=2020&gto=2021").body
		mustContain(t, kept, `<input type="hidden" name="measure" value="funding">`, `<input type="hidden" name="currency" value="CNY">`,
			`<input type="hidden" name="series" value="started">`, `<input type="hidden" name="gfrom" value="2020">`)
		b.post(t, "/lang", map[string][]string{"lang": {"es"}, "next": {"/portfolio"}})
		es := b.get(t, "/portfolio")
		mustContain(t, es.body, "aumento de 6,2 veces", "24,5\u00a0% al año")
	})
}

// TestPortfolioQueryBound: the page runs the same number of statements for
// a portfolio of 10 projects and one of 80 (cache cold), and one statement
// for the summary when the data has not changed.
func TestPortfolioQueryBound(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		var counts []int64
		for _, n := range []int{10, 80} {
			st := s
			if n == 80 {
				st = testdb.Open(t, s.Dialect())
			}
			e := newEnv(t, st, n)
			testUser(t, st, "director@example.org", "director-pass-1", "director")
			b := e.browser()
			b.signIn(t, "director@example.org", "director-pass-1")
			e.queries.Reset()
			if res := b.get(t, "/portfolio"); res.status != 200 {
				t.Fatalf("%d projects: %d", n, res.status)
			}
			counts = append(counts, e.queries.Count())
			e.queries.Reset()
			b.get(t, "/portfolio")
			warm := e.queries.Count()
			if warm >= counts[len(counts)-1] {
				t.Errorf("%d projects: %d statements warm, %d cold: the cache did not serve", n, warm, counts[len(counts)-1])
			}
		}
		t.Logf("statements per page: %v", counts)
		if counts[0] != counts[1] {
			t.Errorf("statements: %d for 10 projects, %d for 80", counts[0], counts[1])
		}
		// The session, the data version, the cube's fifteen grouped
		// statements and its reference data, the map's countries.
		if counts[0] > 30 {
			t.Errorf("%d statements for one page", counts[0])
		}
	})
}
