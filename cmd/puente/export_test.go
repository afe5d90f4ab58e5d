package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/puente-science/puente/testdb"
)

// TestExportCommand loads a demo portfolio and writes each export, to a
// file and to standard output, with and without filters.
func TestExportCommand(t *testing.T) {
	for _, dialect := range testdb.Dialects {
		t.Run(dialect, func(t *testing.T) {
			dbURL, dir := testdb.Location(t, dialect)
			e := env(map[string]string{"DATABASE_URL": dbURL, "PUENTE_DATA_DIR": dir})
			cmd := func(args ...string) (int, string, string) {
				var out, errOut bytes.Buffer
				code := run(args, e, &out, &errOut)
				return code, out.String(), errOut.String()
			}
			if code, _, errOut := cmd("export", "--help"); code != 0 || !strings.Contains(errOut, "Usage: puente export") {
				t.Fatalf("export --help: %d %q", code, errOut)
			}
			if code, out, _ := cmd("help"); code != 0 || !strings.Contains(out, "export iati|csv|xlsx|360giving") {
				t.Errorf("help does not list export: %q", out)
			}
			for _, bad := range [][]string{{"export"}, {"export", "pdf"}, {"export", "csv", "--state", "dreaming"},
				{"export", "csv", "--lang", "fr"}, {"export", "csv", "--year-from", "12"}, {"export", "csv", "--sort", "colour"}} {
				if code, _, errOut := cmd(bad...); code != exitUsage || !strings.HasPrefix(errOut, "puente: ") {
					t.Errorf("%q: exit %d, stderr %q", bad, code, errOut)
				}
			}
			if code, _, errOut := cmd("seed"); code != 0 {
				t.Fatalf("seed: %d %q", code, errOut)
			}
			if code, _, errOut := cmd("demo", "--projects", "30"); code != 0 {
				t.Fatalf("demo: %d %q", code, errOut)
			}
			if code, _, errOut := cmd("export", "csv", "--country", "XX"); code != exitUsage || !strings.Contains(errOut, "--country") {
				t.Errorf("unknown country: %d %q", code, errOut)
			}
			s := openStore(t, dbURL, dir)
			var total, active, published, awarded int64
			s.DB().Table("projects").Count(&total)
			s.DB().Table("projects").Where("state = ?", "active").Count(&active)
			s.DB().Table("projects").Where("state IN ?", []string{"approved", "active", "suspended", "completed", "terminated"}).Count(&published)
			s.DB().Table("projects").Where("state IN ? AND awarded_minor IS NOT NULL", []string{"approved", "active", "suspended", "completed", "terminated"}).Count(&awarded)

			// CSV to standard output, all and filtered.
			code, out, errOut := cmd("export", "csv", "--lang", "pt")
			if code != 0 {
				t.Fatalf("export csv: %d %q", code, errOut)
			}
			rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(out, "\ufeff"))).ReadAll()
			if err != nil || int64(len(rows)) != total+1 || rows[0][0] != "Código" {
				t.Errorf("csv: %d rows (want %d), header %q, %v", len(rows), total+1, rows[0], err)
			}
			_, out, _ = cmd("export", "csv", "--state", "active")
			if rows, _ := csv.NewReader(strings.NewReader(strings.TrimPrefix(out, "\ufeff"))).ReadAll(); int64(len(rows)) != active+1 {
				t.Errorf("csv --state active: %d rows, want %d", len(rows), active+1)
			}

			// XLSX, IATI and 360Giving to files.
			xlsx := filepath.Join(t.TempDir(), "p.xlsx")
			if code, _, errOut := cmd("export", "xlsx", "--out", xlsx); code != 0 || !strings.Contains(errOut, "wrote") {
				t.Fatalf("export xlsx: %d %q", code, errOut)
			}
			f, err := excelize.OpenFile(xlsx)
			if err != nil {
				t.Fatal(err)
			}
			xrows, _ := f.GetRows(f.GetSheetList()[0])
			f.Close()
			if int64(len(xrows)) != total+1 {
				t.Errorf("xlsx: %d rows, want %d", len(xrows), total+1)
			}

			iati := filepath.Join(t.TempDir(), "iati.xml")
			if code, _, errOut := cmd("export", "iati", "--out", iati); code != 0 {
				t.Fatalf("export iati: %d %q", code, errOut)
			}
			b, _ := os.ReadFile(iati)
			var doc struct {
				Activities []struct {
					ID string `xml:"iati-identifier"`
				} `xml:"iati-activity"`
			}
			if err := xml.Unmarshal(b, &doc); err != nil || int64(len(doc.Activities)) != published || published == 0 {
				t.Errorf("iati: %d activities, want %d (%v)", len(doc.Activities), published, err)
			}
			if !strings.HasPrefix(doc.Activities[0].ID, "XI-ROR-034t30j35-") {
				t.Errorf("iati identifier %q", doc.Activities[0].ID)
			}
			// A filter that leaves no published state: an empty file and a warning.
			if code, out, errOut := cmd("export", "iati", "--state", "draft"); code != 0 || !strings.Contains(errOut, "no approved") ||
				strings.Contains(out, "<iati-activity ") {
				t.Errorf("iati --state draft: %d %q", code, errOut)
			}

			code, out, errOut = cmd("export", "360giving")
			if code != 0 {
				t.Fatalf("export 360giving: %d %q", code, errOut)
			}
			var pkg struct {
				Grants []struct {
					ID string `json:"id"`
				} `json:"grants"`
			}
			if err := json.Unmarshal([]byte(out), &pkg); err != nil || int64(len(pkg.Grants)) != awarded || awarded == 0 {
				t.Errorf("360giving: %d grants, want %d (%v)", len(pkg.Grants), awarded, err)
			}
			if !strings.HasPrefix(pkg.Grants[0].ID, "360G-puente-") {
				t.Errorf("grant id %q", pkg.Grants[0].ID)
			}
		})
	}
}
