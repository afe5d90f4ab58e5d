package handlers_test

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/puente-science/puente/accounts"
	"github.com/puente-science/puente/auth"
	"github.com/puente-science/puente/config"
	"github.com/puente-science/puente/demo"
	"github.com/puente-science/puente/handlers"
	"github.com/puente-science/puente/i18n"
	"github.com/puente-science/puente/mail"
	"github.com/puente-science/puente/models"
	"github.com/puente-science/puente/refdata"
	"github.com/puente-science/puente/static"
	"github.com/puente-science/puente/testdb"
)

func init() { extraSpecs = append(extraSpecs, projectListSpecs) }

// projectListSpecs: any signed-in user may open the list; its scope, not
// the route, keeps records apart (TestProjectListScope proves it).
func projectListSpecs(*testing.T, *models.Store, map[string]int64) map[string]spec {
	return map[string]spec{"GET /projects": {who: signed, own: "/projects"}}
}

// sessionAs is a browser signed in as an existing user (a demo account,
// whose password the test does not know).
func (e *testEnv) sessionAs(t testing.TB, email string) *browser {
	var id int64
	if err := e.store.DB().Table("users").Where("email = ?", email).Pluck("id", &id).Error; err != nil || id == 0 {
		t.Fatalf("no user %s: %v", email, err)
	}
	svc := accounts.New(e.store, nil, []byte(strings.Repeat("s", 32)), false, func() time.Time { return fixedNow })
	token, _, err := svc.StartSession(context.Background(), id, accounts.Meta{})
	if err != nil {
		t.Fatal(err)
	}
	b := e.browser()
	b.cookies["puente_session"] = &http.Cookie{Name: "puente_session", Value: token}
	return b
}

var (
	resultCount = regexp.MustCompile(`class="result-count" role="status" data-total="(\d+)"`)
	rowLink     = regexp.MustCompile(`<td class="project-code"><a href="/projects/(\d+)">`)
)

// listed is the total a list page reports and the project ids it shows.
func listed(t testing.TB, res response) (int64, []string) {
	t.Helper()
	if res.status != http.StatusOK {
		t.Fatalf("status %d", res.status)
	}
	m := resultCount.FindStringSubmatch(res.body)
	if m == nil {
		t.Fatal("no result count")
	}
	total, _ := strconv.ParseInt(m[1], 10, 64)
	var ids []string
	for _, m := range rowLink.FindAllStringSubmatch(res.body, -1) {
		ids = append(ids, m[1])
	}
	return total, ids
}

const (
	demoApplicant = "ana.souza@demo.puente.example"
	demoReviewer  = "carlos.rojas@demo.puente.example"
	demoOfficer   = "zhang.min@demo.puente.example"
)

// TestProjectListScope: an applicant sees their own projects, a reviewer the
// ones assigned to them (not those they declared a conflict on), staff all.
func TestProjectListScope(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		e := newEnv(t, s, 60)
		db := s.DB()
		count := func(where string, args ...any) int64 {
			var n int64
			if err := db.Table("projects").Where(where, args...).Count(&n).Error; err != nil {
				t.Fatal(err)
			}
			return n
		}
		var ana, carlos int64
		db.Table("users").Where("email = ?", demoApplicant).Pluck("id", &ana)
		db.Table("users").Where("email = ?", demoReviewer).Pluck("id", &carlos)
		// A declared conflict hides the project from the reviewer.
		var other models.Project
		if err := db.Where("pi_user_id <> ? AND id NOT IN (SELECT project_id FROM review_assignments WHERE reviewer_id = ?)", ana, carlos).
			Take(&other).Error; err != nil {
			t.Fatal(err)
		}
		if err := db.Create(&models.ReviewAssignment{ProjectID: other.ID, ReviewerID: carlos, AssignedBy: carlos,
			Status: models.AssignmentConflictDeclared}).Error; err != nil {
			t.Fatal(err)
		}
		cases := []struct {
			email string
			want  int64
			pi    bool
		}{
			{demoApplicant, count("pi_user_id = ?", ana), false},
			{demoReviewer, count("id IN (SELECT project_id FROM review_assignments WHERE reviewer_id = ? AND status IN ('assigned', 'submitted'))", carlos), false},
			{demoOfficer, count("1 = 1"), true},
		}
		for _, c := range cases {
			res := e.sessionAs(t, c.email).get(t, "/projects?dir=asc&sort=code")
			total, ids := listed(t, res)
			if total != c.want || c.want == 0 {
				t.Errorf("%s sees %d projects, want %d (> 0)", c.email, total, c.want)
			}
			if len(ids) != int(min(c.want, 25)) {
				t.Errorf("%s: %d rows on the first page", c.email, len(ids))
			}
			if strings.Contains(res.body, `"/projects/`+strconv.FormatInt(other.ID, 10)+`"`) && !c.pi {
				t.Errorf("%s sees project %d", c.email, other.ID)
			}
			if got := strings.Contains(res.body, `class="project-pi"`); got != c.pi {
				t.Errorf("%s: PI column shown = %v", c.email, got)
			}
		}
		// An applicant without projects is pointed to the open calls.
		testUser(t, s, "new@example.org", goodPassword, auth.Applicant)
		b := e.browser()
		b.signIn(t, "new@example.org", goodPassword)
		mustContain(t, b.get(t, "/projects").body, `class="empty-state"`, `class="btn btn-primary" href="/calls"`)
	})
}

// TestProjectListFiltersInAddress: filters narrow the list, survive in the
// sort and page links, and nonsense values are ignored, never a 500.
func TestProjectListFiltersInAddress(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		e := newEnv(t, s, 60)
		b := e.sessionAs(t, demoOfficer)
		all, _ := listed(t, b.get(t, "/projects"))
		var n int64
		s.DB().Table("projects").Where("state IN ?", []string{"active", "suspended"}).Count(&n)
		got, _ := listed(t, b.get(t, "/projects?stage=implementation"))
		if got != n {
			t.Errorf("stage=implementation: %d, want %d", got, n)
		}
		res := b.get(t, "/projects?state=active&state=approved&type=joint_lab&sort=year&dir=desc")
		mustContain(t, res.body, `value="active" checked`, `value="approved" checked`, `<option value="joint_lab" selected`)
		// Page 2 of a filtered list links back to page 1 of the same filter and sort.
		res = b.get(t, "/projects?stage=closed&page=2")
		if total, ids := listed(t, res); total <= 25 || len(ids) != int(min(total-25, 25)) {
			t.Fatalf("page 2 of %d: %d rows (the demo needs more closed projects)", total, len(ids))
		}
		mustContain(t, res.body, `rel="prev" href="/projects?dir=desc&amp;sort=updated&amp;stage=closed"`)
		for _, bad := range []string{"?state=nope&stage=x&type=';DROP TABLE projects;--&call=abc&channel=-1&country=ZZ&discipline=%25&institution=1e9&priority=0x1&from=abc&to=99999&sort=password_hash&dir=sideways&page=-3",
			"?q=%25%5F%5C", "?page=999999", "?q=" + strings.Repeat("x", 500)} {
			res := b.get(t, "/projects"+bad)
			if res.status != http.StatusOK {
				t.Fatalf("%s: %d", bad, res.status)
			}
			if got, _ := listed(t, res); bad[1] == 's' && got != all {
				t.Errorf("%s: %d projects, want all %d (invalid values ignored)", bad, got, all)
			}
		}
		if got, _ := listed(t, b.get(t, "/projects?q=%25")); got != 0 {
			t.Errorf("a %% in the search is a literal, not a wildcard: %d", got)
		}
	})
}

// TestProjectListHTMX: an htmx request gets the results only; a history
// restore gets the whole page again.
func TestProjectListHTMX(t *testing.T) {
	s := testdb.Open(t, "sqlite")
	e := newEnv(t, s, 20)
	b := e.sessionAs(t, demoOfficer)
	req, _ := http.NewRequest(http.MethodGet, "/projects?stage=proposal", nil)
	req.Header.Set("HX-Request", "true")
	res := b.send(t, req)
	mustContain(t, res.body, `class="result-count"`, `<table`)
	mustNotContain(t, res.body, "<html", `<form class="filters"`)
	if !strings.Contains(res.header.Get("Vary"), "HX-Request") {
		t.Errorf("Vary: %q", res.header.Get("Vary"))
	}
	req.Header.Set("HX-History-Restore-Request", "true")
	mustContain(t, b.send(t, req).body, "<html", `hx-target="#project-results"`)
	mustContain(t, b.get(t, "/projects").body, "<html", `<div id="project-results"`, `href="/projects" aria-current="page"`)
}

// TestProjectListQueriesBounded: the list runs the same number of
// statements with 20 and 220 projects.
func TestProjectListQueriesBounded(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		e := newEnv(t, s, 20)
		paths := []string{"/projects", "/projects?stage=proposal&country=BR&sort=country&dir=desc", "/projects?discipline=1&q=a&sort=title"}
		as := map[string]*browser{"officer": e.sessionAs(t, demoOfficer), "applicant": e.sessionAs(t, demoApplicant)}
		small := map[string]int64{}
		for who, b := range as {
			for _, p := range paths {
				e.queries.Reset()
				b.get(t, p)
				small[who+p] = e.queries.Count()
				if small[who+p] > 14 {
					t.Errorf("%s as %s runs %d statements", p, who, small[who+p])
				}
			}
		}
		if _, err := demoMore(s, 200); err != nil {
			t.Fatal(err)
		}
		for who, b := range as {
			for _, p := range paths {
				e.queries.Reset()
				b.get(t, p)
				if got := e.queries.Count(); got != small[who+p] {
					t.Errorf("%s as %s: %d statements with 20 projects, %d with 220", p, who, small[who+p], got)
				}
			}
		}
	})
}

// BenchmarkProjectList measures a filtered, sorted page of the list as an
// officer on a 5,000-project demo portfolio, on SQLite and, when
// TEST_DATABASE_URL is set, PostgreSQL. The test helpers take *testing.T,
// so the benchmark builds the same app by hand.
func BenchmarkProjectList(b *testing.B) {
	dialects := []string{"sqlite"}
	if os.Getenv("TEST_DATABASE_URL") != "" {
		dialects = append(dialects, "postgres")
	}
	for _, d := range dialects {
		b.Run(d, func(b *testing.B) {
			ctx := context.Background()
			s := testdb.Open(b, d)
			if _, err := refdata.Seed(ctx, s); err != nil {
				b.Fatal(err)
			}
			if _, err := demo.Generate(ctx, s, demo.Options{Projects: 5000, Seed: 7, Now: fixedNow}); err != nil {
				b.Fatal(err)
			}
			if d == "postgres" { // fresh bulk data has no planner statistics yet; autovacuum would gather them
				if err := s.DB().Exec("ANALYZE").Error; err != nil {
					b.Fatal(err)
				}
			}
			catalog, _ := i18n.Load()
			assets, _ := static.Load()
			base, _ := url.Parse("http://localhost:8080")
			cfg := config.Config{Addr: ":8080", Secret: []byte(strings.Repeat("s", 32)), BaseURL: base, DataDir: b.TempDir()}
			now := func() time.Time { return fixedNow }
			mailer := mail.New(cfg, s, slog.New(slog.DiscardHandler), now)
			app := handlers.New(handlers.Deps{Config: cfg, Store: s, Log: slog.New(slog.DiscardHandler), Catalog: catalog,
				Assets: assets, Now: now, Mailer: mailer, Accounts: accounts.New(s, mailer, cfg.Secret, false, now)})
			e := &testEnv{app: app, store: s}
			cookie := e.sessionAs(b, demoOfficer).cookies["puente_session"]
			get := func() int {
				req := httptest.NewRequest(http.MethodGet, "/projects?stage=proposal&discipline=1&sort=requested&dir=desc&page=2", nil)
				req.AddCookie(cookie)
				res, err := app.Test(req, -1)
				if err != nil {
					b.Fatal(err)
				}
				res.Body.Close()
				return res.StatusCode
			}
			if st := get(); st != http.StatusOK {
				b.Fatalf("status %d", st)
			}
			for b.Loop() {
				get()
			}
		})
	}
}
