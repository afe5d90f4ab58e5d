package demo

import (
	"context"
	"os"
	"strconv"
	"testing"

	"github.com/puente-science/puente/migrations"
	"github.com/puente-science/puente/testdb"
)

// BenchmarkGenerate times a whole demo load on a fresh database: 300
// projects on SQLite (what `puente demo` does by default) and 100,000 on
// PostgreSQL (set PUENTE_BENCH_PROJECTS to change it; skipped without
// TEST_DATABASE_URL). On the project's 2-core machine: about 0.8 s and
// about 40 s.
func BenchmarkGenerate(b *testing.B) {
	pg := 100_000
	if n, err := strconv.Atoi(os.Getenv("PUENTE_BENCH_PROJECTS")); err == nil {
		pg = n
	}
	for _, c := range []struct {
		dialect  string
		projects int
	}{{migrations.SQLite, 300}, {migrations.Postgres, pg}} {
		b.Run(c.dialect+"/"+strconv.Itoa(c.projects), func(b *testing.B) {
			for i := range b.N {
				b.StopTimer()
				s := seeded(b, testdb.Open(b, c.dialect))
				b.StartTimer()
				if _, err := Generate(context.Background(), s, Options{Projects: c.projects, Seed: int64(i), Now: testNow}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(c.projects*b.N)/b.Elapsed().Seconds(), "projects/s")
		})
	}
}

// discard is a sink that only counts, to time the generator alone.
type discard struct{ rows int }

func (d *discard) start(context.Context) (ids, error) { return ids{}, nil }
func (d *discard) finish(context.Context) error       { return nil }
func (d *discard) write(_ context.Context, b *batch) error {
	for t := range numTables {
		d.rows += b.rows[t].len(t)
	}
	return nil
}

// BenchmarkBuild times building rows in memory, without a database.
func BenchmarkBuild(b *testing.B) {
	ctx := context.Background()
	s := seeded(b, testdb.Open(b, migrations.SQLite))
	if _, err := Generate(ctx, s, Options{Now: testNow}); err != nil { // adds the demo institutions
		b.Fatal(err)
	}
	ref, err := loadRefs(s.DB().WithContext(ctx))
	if err != nil {
		b.Fatal(err)
	}
	const n = 10_000
	d := &discard{}
	b.ResetTimer()
	for i := range b.N {
		g := &generator{seed: int64(i), n: n, now: testNow, tag: "b", ref: ref}
		if err := g.prepare(); err != nil {
			b.Fatal(err)
		}
		if err := g.run(ctx, d); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n*b.N)/b.Elapsed().Seconds(), "projects/s")
	b.ReportMetric(float64(d.rows)/float64(n*b.N), "rows/project")
}
