package handlers_test

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/puente-science/puente/auth"
	"github.com/puente-science/puente/models"
	"github.com/puente-science/puente/testdb"
)

func init() { extraSpecs = append(extraSpecs, referenceSpecs) }

// referenceSpecs: a discipline's and a priority area's pages are public.
func referenceSpecs(t *testing.T, s *models.Store, users map[string]int64) map[string]spec {
	return map[string]spec{
		"GET /disciplines/:code": {who: anyone, own: "/disciplines/1.6", missing: "/disciplines/9.99"},
		"GET /priorities/:slug":  {who: anyone, own: "/priorities/biodiversity", missing: "/priorities/nowhere"},
	}
}

var mapLink = regexp.MustCompile(`<a href="([^"]*)" class="lacmap-link lacmap-(k[0-5]|none)" aria-label="([^"]*)" data-iso="([A-Z]{2})"`)

// TestCountriesMap: /countries draws the 50 countries and territories of
// the region, each a link to its page named with its number of projects,
// shaded by class, with a legend and the figures as a table.
func TestCountriesMap(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		e := newEnv(t, s, 25)
		res := e.get(t, "/countries")
		if res.status != http.StatusOK {
			t.Fatalf("status %d", res.status)
		}
		rows, err := s.Countries(context.Background(), models.CountryFilter{})
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]int64{}
		for _, r := range rows {
			want[r.ISO2] = r.Projects
		}
		links := mapLink.FindAllStringSubmatch(res.body, -1)
		if len(links) != 50 {
			t.Fatalf("%d map links, want 50", len(links))
		}
		var withProjects int
		for _, l := range links {
			href, class, label, iso := l[1], l[2], l[3], l[4]
			if href != "/countries/"+iso {
				t.Errorf("%s links to %s", iso, href)
			}
			n := want[iso]
			unit := "projects"
			if n == 1 {
				unit = "project"
			}
			if !strings.HasSuffix(label, fmt.Sprintf(": %d %s", n, unit)) {
				t.Errorf("%s labelled %q, want %d %s", iso, label, n, unit)
			}
			if (n == 0) != (class == "k0") {
				t.Errorf("%s: %d projects in class %s", iso, n, class)
			}
			if n > 0 {
				withProjects++
			}
		}
		if withProjects == 0 {
			t.Fatal("the demo portfolio put no project on the map")
		}
		mustContain(t, res.body, `class="lacmap-legend`, "Eastern Caribbean", "<title>Brazil: ", `class="lacmap-marker"`,
			"Show the figures as a table")
		// A filtered list shades only its countries; the others are grey and not links.
		res = e.get(t, "/countries?subregion=central_america")
		if n := len(mapLink.FindAllStringSubmatch(res.body, -1)); n != 7 {
			t.Errorf("Central America: %d map links, want 7", n)
		}
		mustContain(t, res.body, `class="lacmap-off"`)
	})
}

// TestMapValuesMatchTheLists: each country's figure is the size of the
// /projects list its link opens (projects), and the sum over that list
// (funding), computed independently of the grouped statement.
func TestMapValuesMatchTheLists(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		newEnv(t, s, 40)
		ctx := context.Background()
		all := models.ProjectScope{All: true}
		projects, err := s.MapValues(ctx, all, models.ProjectFilter{}, models.MapProjects, "")
		if err != nil {
			t.Fatal(err)
		}
		curs, err := s.FundingCurrencies(ctx, all, models.ProjectFilter{})
		if err != nil {
			t.Fatal(err)
		}
		if len(curs) == 0 {
			t.Fatal("no funded project in the demo portfolio")
		}
		funding, err := s.MapValues(ctx, all, models.ProjectFilter{}, models.MapFunding, curs[0].Currency)
		if err != nil {
			t.Fatal(err)
		}
		if funding.Currency != curs[0].Currency {
			t.Errorf("funding currency %q", funding.Currency)
		}
		var total int64
		for _, iso := range []string{"BR", "MX", "AR", "CL", "CO", "PE", "CU", "JM"} {
			rows, n, err := s.ProjectsPage(ctx, all, models.ProjectFilter{Country: iso}, 1, 500)
			if err != nil {
				t.Fatal(err)
			}
			if projects.Values[iso] != n {
				t.Errorf("%s: map says %d projects, the list holds %d", iso, projects.Values[iso], n)
			}
			var sum int64
			for _, r := range rows {
				if models.IsFunded(r.State) && r.AwardedMinor != nil && r.Currency == curs[0].Currency {
					sum += *r.AwardedMinor
				}
			}
			if funding.Values[iso] != sum {
				t.Errorf("%s: map says %d awarded, the list sums %d", iso, funding.Values[iso], sum)
			}
			total += n
		}
		if total == 0 {
			t.Error("no project in the sampled countries")
		}
		// Co-authored papers: one per output per country it names.
		var papers []struct {
			K string
			N int64
		}
		if err := s.DB().Raw(`SELECT oc.country_iso2 AS k, COUNT(*) AS n FROM output_countries oc
			JOIN outputs o ON o.id = oc.output_id WHERE o.kind = 'publication' AND o.coauthored = ?
			GROUP BY oc.country_iso2`, true).Scan(&papers).Error; err != nil {
			t.Fatal(err)
		}
		got, err := s.MapValues(ctx, all, models.ProjectFilter{}, models.MapPapers, "")
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range papers {
			if got.Values[p.K] != p.N {
				t.Errorf("%s: %d papers on the map, %d reported", p.K, got.Values[p.K], p.N)
			}
		}
		if len(got.Values) != len(papers) {
			t.Errorf("papers in %d countries, want %d", len(got.Values), len(papers))
		}
	})
}

// TestCountryDisciplinePriorityPages: the pages draw their figures as
// charts whose bars link to the matching /projects lists.
func TestCountryDisciplinePriorityPages(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		e := newEnv(t, s, 30)
		res := e.get(t, "/countries/BR")
		if res.status != http.StatusOK {
			t.Fatalf("BR: %d", res.status)
		}
		// The public figures count projects past their draft, and their
		// links open the list of the same projects.
		mustContain(t, res.body, `href="/projects?country=BR&amp;state=`, `href="/projects?country=BR&amp;submitted=1&amp;type=`,
			"Results per year", "Projects and results")
		if strings.Contains(res.body, "state=draft") {
			t.Error("the country page counts drafts")
		}
		res = e.get(t, "/disciplines/1")
		if res.status != http.StatusOK {
			t.Fatalf("discipline 1: %d", res.status)
		}
		mustContain(t, res.body, "Natural sciences", `href="/disciplines/1.6"`, `href="/projects?discipline=1&amp;state=`,
			`href="/projects?country=`)
		res = e.get(t, "/disciplines/1.6")
		if res.status != http.StatusOK {
			t.Fatalf("discipline 1.6: %d", res.status)
		}
		mustContain(t, res.body, `href="/disciplines/1"`, "FORD code 1.6")
		res = e.get(t, "/priorities/biodiversity")
		if res.status != http.StatusOK {
			t.Fatalf("priority: %d", res.status)
		}
		mustContain(t, res.body, "Target: 25", `href="/projects?priority=`)
		for _, p := range []string{"/disciplines/nope", "/disciplines/1.99", "/priorities/nope"} {
			if res := e.get(t, p); res.status != http.StatusNotFound {
				t.Errorf("%s: %d, want 404", p, res.status)
			}
		}
		res = e.get(t, "/es/disciplines/1.6")
		if res.status == http.StatusOK {
			mustContain(t, res.body, "Código FORD 1.6")
		}
	})
}

// TestReferencePagesQueries: the map and the country, discipline and
// priority pages cost as many statements with many projects as with few.
func TestReferencePagesQueries(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		e := newEnv(t, s, 5)
		paths := []string{"/countries", "/countries/BR", "/disciplines/1", "/priorities/biodiversity"}
		cost := func() map[string]int64 {
			out := map[string]int64{}
			for _, p := range paths {
				e.queries.Reset()
				if res := e.get(t, p); res.status != http.StatusOK {
					t.Fatalf("%s: %d", p, res.status)
				}
				out[p] = e.queries.Count()
			}
			return out
		}
		few := cost()
		if _, err := demoMore(s, 60); err != nil {
			t.Fatal(err)
		}
		many := cost()
		for _, p := range paths {
			if few[p] != many[p] {
				t.Errorf("%s: %d statements with 5 projects, %d with 65", p, few[p], many[p])
			}
		}
	})
}

// TestPortfolioMap: on /portfolio each country links to the /projects list
// behind its figure, with the page's filters, for each measure.
func TestPortfolioMap(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		e := newEnv(t, s, 30)
		testUser(t, s, "dir@example.org", goodPassword, auth.Director)
		b := e.browser()
		b.signIn(t, "dir@example.org", goodPassword)
		res := b.get(t, "/portfolio?type=research_project")
		if res.status != http.StatusOK {
			t.Fatalf("portfolio: %d", res.status)
		}
		links := mapLink.FindAllStringSubmatch(res.body, -1)
		if len(links) != 50 {
			t.Fatalf("%d map links, want 50", len(links))
		}
		for _, l := range links {
			if want := "/projects?country=" + l[4] + "&amp;type=research_project"; l[1] != want {
				t.Fatalf("%s links to %s, want %s", l[4], l[1], want)
			}
		}
		mustContain(t, res.body, `href="/portfolio?measure=funding&amp;type=research_project#region-map"`, `aria-current="true">Projects</a>`)
		res = b.get(t, "/portfolio?measure=funding")
		mustContain(t, res.body, `aria-current="true">Awarded funding</a>`, "Awarded funding (")
		links = mapLink.FindAllStringSubmatch(res.body, -1)
		if len(links) != 50 || !strings.Contains(links[0][1], "&amp;state=approved&amp;state=active") {
			t.Errorf("funding links: %v", links[:1])
		}
		res = b.get(t, "/portfolio?measure=papers")
		mustContain(t, res.body, `aria-current="true">Co-authored papers</a>`, "co-authored paper")
		res = b.get(t, "/portfolio?measure=bogus&currency=XXX")
		if res.status != http.StatusOK {
			t.Errorf("unknown measure: %d", res.status)
		}
		mustContain(t, res.body, `aria-current="true">Projects</a>`)
	})
}
