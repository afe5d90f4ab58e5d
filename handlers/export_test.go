package handlers_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/puente-science/puente/auth"
	"github.com/puente-science/puente/models"
	"github.com/puente-science/puente/testdb"
)

func init() { extraSpecs = append(extraSpecs, exportSpecs) }

// exportSpecs: every export is for staff (officers, directors, admins).
func exportSpecs(t *testing.T, s *models.Store, users map[string]int64) map[string]spec {
	staff := []auth.Role{auth.Officer, auth.Director, auth.Admin}
	return map[string]spec{
		"GET /export/projects.csv":   {who: admins, roles: staff, own: "/export/projects.csv"},
		"GET /export/projects.xlsx":  {who: admins, roles: staff, own: "/export/projects.xlsx"},
		"GET /export/iati.xml":       {who: admins, roles: staff, own: "/export/iati.xml"},
		"GET /export/360giving.json": {who: admins, roles: staff, own: "/export/360giving.json"},
	}
}

var listCode = regexp.MustCompile(`<td class="project-code"><a href="/projects/\d+">([^<]+)</a>`)

func csvRows(t *testing.T, res response) [][]string {
	t.Helper()
	if res.status != http.StatusOK {
		t.Fatalf("status %d: %.300s", res.status, res.body)
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(res.body, "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// TestExportFollowsTheList: the CSV and XLSX downloads hold every project
// the list counts, in the list's order, with the same filters; the list
// offers them to staff with its filters.
func TestExportFollowsTheList(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		e := newEnv(t, s, 80)
		b := e.sessionAs(t, demoOfficer)
		for _, q := range []string{"", "?stage=implementation", "?state=active&state=completed&sort=awarded&dir=desc",
			"?country=BR&sort=title", "?discipline=1&from=2020&sort=year&dir=asc", "?type=talent_exchange&sort=country"} {
			page := b.get(t, "/projects"+q)
			total, _ := listed(t, page)
			var codes []string
			for _, m := range listCode.FindAllStringSubmatch(page.body, -1) {
				codes = append(codes, m[1])
			}
			rows := csvRows(t, b.get(t, "/export/projects.csv"+q))
			if int64(len(rows)-1) != total {
				t.Errorf("%s: CSV has %d projects, the list %d", q, len(rows)-1, total)
				continue
			}
			for i, c := range codes {
				if rows[i+1][0] != c {
					t.Errorf("%s: CSV row %d is %s, the list shows %s", q, i+1, rows[i+1][0], c)
					break
				}
			}
			res := b.get(t, "/export/projects.xlsx"+q)
			if res.status != http.StatusOK || !strings.HasPrefix(res.header.Get("Content-Disposition"), `attachment; filename="puente-projects-2026-11-27.xlsx"`) {
				t.Fatalf("%s: xlsx %d %q", q, res.status, res.header.Get("Content-Disposition"))
			}
			f, err := excelize.OpenReader(bytes.NewReader([]byte(res.body)))
			if err != nil {
				t.Fatal(err)
			}
			xrows, _ := f.GetRows(f.GetSheetList()[0])
			f.Close()
			if len(xrows) != len(rows) {
				t.Errorf("%s: XLSX %d rows, CSV %d", q, len(xrows), len(rows))
			} else {
				for i := range rows {
					if xrows[i][0] != rows[i][0] || xrows[i][1] != rows[i][1] {
						t.Errorf("%s: row %d differs: %q / %q", q, i, xrows[i][:2], rows[i][:2])
						break
					}
				}
			}
			if total > 0 {
				mustContain(t, page.body, `href="/export/projects.csv?`, `href="/export/projects.xlsx?`)
			}
		}
		res := b.get(t, "/export/projects.csv?country=BR")
		if ct := res.header.Get("Content-Type"); ct != "text/csv; charset=utf-8" {
			t.Errorf("Content-Type %q", ct)
		}
		if cd := res.header.Get("Content-Disposition"); cd != `attachment; filename="puente-projects-2026-11-27.csv"` {
			t.Errorf("Content-Disposition %q", cd)
		}
		mustContain(t, b.get(t, "/projects?country=BR").body, `href="/export/projects.csv?country=BR&amp;dir=desc&amp;sort=updated"`)
		// The header is translated into the reader's language.
		if h := csvRows(t, res)[0][0]; h != "Code" && h != "Código" && h != "编号" {
			t.Errorf("header starts with %q", h)
		}
		// Applicants have no export links (and no access).
		a := e.sessionAs(t, demoApplicant)
		mustNotContain(t, a.get(t, "/projects").body, "/export/projects.csv")
		if res := a.get(t, "/export/projects.csv"); res.status != http.StatusForbidden {
			t.Errorf("applicant export: %d", res.status)
		}
	})
}

// TestStandardsExportsOverHTTP: the IATI file validates against the XSD
// and the 360Giving file has the standard's required fields.
func TestStandardsExportsOverHTTP(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		e := newEnv(t, s, 60)
		b := e.sessionAs(t, demoOfficer)
		res := b.get(t, "/export/iati.xml")
		if res.status != http.StatusOK || !strings.HasPrefix(res.header.Get("Content-Type"), "application/xml") {
			t.Fatalf("iati: %d %q", res.status, res.header.Get("Content-Type"))
		}
		var published int64
		s.DB().Table("projects").Where("state IN ?", []string{"approved", "active", "suspended", "completed", "terminated"}).Count(&published)
		if n := strings.Count(res.body, "<iati-activity "); int64(n) != published || n == 0 {
			t.Errorf("%d activities, %d published projects", n, published)
		}
		validateIATI(t, res.body)
		// Filters apply: one country.
		br := b.get(t, "/export/iati.xml?country=BR")
		if strings.Count(br.body, "<iati-activity ") >= strings.Count(res.body, "<iati-activity ") {
			t.Error("the country filter did not narrow the IATI file")
		}

		res = b.get(t, "/export/360giving.json")
		var pkg struct {
			Grants []map[string]any `json:"grants"`
		}
		if err := json.Unmarshal([]byte(res.body), &pkg); err != nil || len(pkg.Grants) == 0 {
			t.Fatalf("360giving: %v, %d grants", err, len(pkg.Grants))
		}
		for _, g := range pkg.Grants {
			for _, k := range []string{"id", "title", "description", "currency", "amountAwarded", "awardDate", "fundingOrganization"} {
				if g[k] == nil || g[k] == "" {
					t.Errorf("grant %v lacks %s", g["id"], k)
				}
			}
			if g["recipientOrganization"] == nil && g["recipientIndividual"] == nil {
				t.Errorf("grant %v has no recipient", g["id"])
			}
		}
	})
}

func validateIATI(t *testing.T, doc string) {
	t.Helper()
	bin, err := exec.LookPath("xmllint")
	if err != nil {
		if os.Getenv("CI") != "" || os.Getenv("PUENTE_REQUIRE_BROWSER") != "" {
			t.Fatal("xmllint is missing and CI requires it (apt-get install libxml2-utils)")
		}
		t.Log("xmllint not found (apt-get install libxml2-utils): IATI not validated against the XSD")
		return
	}
	path := filepath.Join(t.TempDir(), "iati.xml")
	if err := os.WriteFile(path, []byte(doc), 0o600); err != nil {
		t.Fatal(err)
	}
	schema, _ := filepath.Abs(filepath.Join("..", "export", "testdata", "iati-2.03", "iati-activities-schema.xsd"))
	if out, err := exec.Command(bin, "--noout", "--nonet", "--schema", schema, path).CombinedOutput(); err != nil {
		t.Fatalf("the IATI export does not validate: %v\n%s", err, out)
	}
}

// TestExportQueriesBounded: each download runs the same statements with 20
// and 220 projects.
func TestExportQueriesBounded(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		e := newEnv(t, s, 20)
		b := e.sessionAs(t, demoOfficer)
		paths := []string{"/export/projects.csv", "/export/projects.xlsx?country=BR&sort=country", "/export/iati.xml", "/export/360giving.json"}
		small := map[string]int64{}
		for _, p := range paths {
			e.queries.Reset()
			if res := b.get(t, p); res.status != http.StatusOK {
				t.Fatalf("%s: %d", p, res.status)
			}
			small[p] = e.queries.Count()
		}
		if _, err := demoMore(s, 200); err != nil {
			t.Fatal(err)
		}
		for _, p := range paths {
			e.queries.Reset()
			b.get(t, p)
			if got := e.queries.Count(); got != small[p] {
				t.Errorf("%s: %d statements with 20 projects, %d with 220", p, small[p], got)
			}
		}
	})
}
