package demo

import (
	"context"
	"database/sql"
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/puente-science/puente/migrations"
	"github.com/puente-science/puente/models"
	"github.com/puente-science/puente/testdb"
	"github.com/puente-science/puente/workflow"
)

// TestRowsAsGORMWritesThem proves that the rows the bulk writers store are
// byte for byte what GORM stores for the same values: each project (one
// per state) is read through the GORM models with all its dependent rows,
// deleted, written back through GORM, and its raw stored text compared
// with the generated one. Users, calls and audit entries, which cannot be
// deleted, are compared with a GORM-written copy.
func TestRowsAsGORMWritesThem(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		seeded(t, s)
		if _, err := Generate(ctx, s, Options{Projects: 200, Seed: 11, Now: testNow}); err != nil {
			t.Fatal(err)
		}
		db := s.DB().WithContext(ctx)
		for _, st := range workflow.States {
			var p models.Project
			if err := db.Where("code LIKE 'DEMO-11-%' AND state = ?", st).Order("id").First(&p).Error; err != nil {
				t.Fatalf("no %s project: %v", st, err)
			}
			before := projectSnapshot(t, s, p.ID)
			g := loadProjectGraph(t, db, p.ID)
			if err := db.Exec("DELETE FROM projects WHERE id = ?", p.ID).Error; err != nil {
				t.Fatal(err)
			}
			if err := db.Transaction(g.create); err != nil {
				t.Fatalf("%s: GORM could not write back what it read: %v", p.Code, err)
			}
			after := projectSnapshot(t, s, p.ID)
			for _, table := range slices.Sorted(maps.Keys(before)) {
				if !slices.Equal(before[table], after[table]) {
					t.Errorf("%s %s:\n generated %q\n GORM      %q", p.Code, table, before[table], after[table])
				}
			}
		}
		var u models.User
		db.Where("email LIKE '%.11.%@demo.puente.example'").Order("id").First(&u)
		compareCopy(t, s, "users", u.ID, &u, func() { u.ID, u.Email = 0, "copy."+u.Email }, "email")
		var c models.Call
		db.Where("code LIKE 'DEMO-11-%'").Order("id").First(&c)
		compareCopy(t, s, "calls", c.ID, &c, func() { c.ID, c.Code = 0, c.Code+"-copy" }, "code")
		var a models.AuditEntry
		db.Where("action = 'project.complete_review'").Order("id").First(&a)
		compareCopy(t, s, "audit_entries", a.ID, &a, func() { a.ID = 0 })
	})
}

// projectGraph is a project and every row that hangs off it.
type projectGraph []any

func loadProjectGraph(t *testing.T, db *gorm.DB, pid int64) projectGraph {
	t.Helper()
	var (
		p        models.Project
		talent   []models.TalentExchangeDetails
		lab      []models.JointLabDetails
		platform []models.PlatformDetails
		research []models.ResearchProjectDetails
		transfer []models.TechnologyTransferDetails
		dialogue []models.DialogueDetails
		pc       []models.ProjectCountry
		pd       []models.ProjectDiscipline
		pi       []models.ProjectInstitution
		lines    []models.BudgetLine
		assign   []models.ReviewAssignment
		reviews  []models.Review
		scores   []models.ReviewScore
		decs     []models.Decision
		agrs     []models.Agreement
		tranches []models.Tranche
		reports  []models.Report
		spending []models.ReportSpending
		outputs  []models.Output
		oc       []models.OutputCountry
		notes    []models.Notification
	)
	must := func(err error) {
		if err != nil {
			t.Fatal(err)
		}
	}
	must(db.First(&p, pid).Error)
	for _, dst := range []any{&talent, &lab, &platform, &research, &transfer, &dialogue, &pc, &pd, &pi, &lines,
		&assign, &decs, &agrs, &tranches, &reports, &outputs, &notes} {
		must(db.Where("project_id = ?", pid).Find(dst).Error)
	}
	must(db.Where("assignment_id IN (SELECT id FROM review_assignments WHERE project_id = ?)", pid).Find(&reviews).Error)
	must(db.Where("review_id IN (SELECT r.id FROM reviews r JOIN review_assignments a ON a.id = r.assignment_id WHERE a.project_id = ?)", pid).Find(&scores).Error)
	must(db.Where("report_id IN (SELECT id FROM reports WHERE project_id = ?)", pid).Find(&spending).Error)
	must(db.Where("output_id IN (SELECT id FROM outputs WHERE project_id = ?)", pid).Find(&oc).Error)
	return projectGraph{&p, &talent, &lab, &platform, &research, &transfer, &dialogue, &pc, &pd, &pi, &lines,
		&assign, &reviews, &scores, &decs, &agrs, &tranches, &reports, &spending, &outputs, &oc, &notes}
}

func (g projectGraph) create(tx *gorm.DB) error {
	for _, v := range g {
		if n := lenOf(v); n == 0 {
			continue
		}
		inUTC(reflect.ValueOf(v))
		if err := tx.Create(v).Error; err != nil {
			return err
		}
	}
	return nil
}

// inUTC moves every time in v to UTC, as the application hands times to
// GORM, so that the comparison is with what GORM writes for canonical
// values rather than with whatever zone the driver read back.
func inUTC(v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			inUTC(v.Elem())
		}
	case reflect.Slice:
		for i := range v.Len() {
			inUTC(v.Index(i))
		}
	case reflect.Struct:
		if tm, ok := v.Addr().Interface().(*time.Time); ok {
			if !tm.IsZero() {
				*tm = tm.UTC()
			}
			return
		}
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				inUTC(v.Field(i))
			}
		}
	}
}

// lenOf is the number of rows v holds: a slice's length, or 1 for a struct.
func lenOf(v any) int {
	if e := reflect.ValueOf(v).Elem(); e.Kind() == reflect.Slice {
		return e.Len()
	}
	return 1
}

// projectTables lists, per table, how its rows belong to a project.
var projectTables = map[string]string{
	"projects": "id = ?", "talent_exchange_details": "project_id = ?", "joint_lab_details": "project_id = ?",
	"platform_details": "project_id = ?", "research_project_details": "project_id = ?",
	"technology_transfer_details": "project_id = ?", "dialogue_details": "project_id = ?",
	"project_countries": "project_id = ?", "project_disciplines": "project_id = ?",
	"project_institutions": "project_id = ?", "budget_lines": "project_id = ?", "review_assignments": "project_id = ?",
	"reviews":       "assignment_id IN (SELECT id FROM review_assignments WHERE project_id = ?)",
	"review_scores": "review_id IN (SELECT r.id FROM reviews r JOIN review_assignments a ON a.id = r.assignment_id WHERE a.project_id = ?)",
	"decisions":     "project_id = ?", "agreements": "project_id = ?", "tranches": "project_id = ?", "reports": "project_id = ?",
	"report_spending":  "report_id IN (SELECT id FROM reports WHERE project_id = ?)",
	"outputs":          "project_id = ?",
	"output_countries": "output_id IN (SELECT id FROM outputs WHERE project_id = ?)",
	"notifications":    "project_id = ?",
}

func projectSnapshot(t *testing.T, s *models.Store, pid int64) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	for table, where := range projectTables {
		out[table] = rawRows(t, s, table, where, pid)
	}
	return out
}

// rawRows returns rows as the database stores them, as text: quote() in
// SQLite shows the storage class too (1 and '1' differ), ::text in
// PostgreSQL the value of its strict type. Columns in except are left out.
func rawRows(t *testing.T, s *models.Store, table, where string, arg any, except ...string) []string {
	t.Helper()
	// A query's column list names every column, whatever the dialect.
	rows0, err := s.DB().Raw("SELECT * FROM " + table + " LIMIT 0").Rows()
	if err != nil {
		t.Fatal(err)
	}
	cols, _ := rows0.Columns()
	rows0.Close()
	var exprs []string
	for _, c := range cols {
		if slices.Contains(except, c) {
			continue
		}
		if s.Dialect() == migrations.SQLite {
			exprs = append(exprs, "quote("+c+")")
		} else {
			exprs = append(exprs, "COALESCE("+c+"::text, 'NULL')")
		}
	}
	sep := " || '|' || "
	rows, err := s.DB().Raw("SELECT "+strings.Join(exprs, sep)+" FROM "+table+" WHERE "+where, arg).Rows()
	if err != nil {
		t.Fatalf("%s: %v", table, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var v sql.NullString
		if err := rows.Scan(&v); err != nil {
			t.Fatal(err)
		}
		out = append(out, v.String)
	}
	slices.Sort(out)
	return out
}

// compareCopy writes a GORM copy of a generated row and compares the two
// as stored, but for the columns the copy must change.
func compareCopy(t *testing.T, s *models.Store, table string, id int64, row any, change func(), changed ...string) {
	t.Helper()
	change()
	inUTC(reflect.ValueOf(row))
	if err := s.DB().Create(row).Error; err != nil {
		t.Fatalf("%s: GORM could not write a copy: %v", table, err)
	}
	var copyID int64
	s.DB().Table(table).Select("MAX(id)").Scan(&copyID)
	except := append([]string{"id"}, changed...)
	a, b := rawRows(t, s, table, "id = ?", id, except...), rawRows(t, s, table, "id = ?", copyID, except...)
	if !slices.Equal(a, b) {
		t.Errorf("%s:\n generated %q\n GORM      %q", table, a, b)
	}
}
