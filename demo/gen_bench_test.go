package demo

import (
	"context"
	"testing"
	"time"

	"github.com/puente-science/puente/migrations"
	"github.com/puente-science/puente/refdata"
	"github.com/puente-science/puente/testdb"
)

type nullSink struct{ rows int }

func (n *nullSink) maxIDs(context.Context) (ids, error) { return ids{}, nil }
func (n *nullSink) write(_ context.Context, b *batch) error {
	for t := range numTables {
		n.rows += b.rows[t].len(t)
	}
	return nil
}
func (n *nullSink) finish(context.Context) error { return nil }

func TestGenOnly(t *testing.T) {
	s := testdb.Open(t, migrations.SQLite)
	ctx := context.Background()
	if _, err := refdata.Seed(ctx, s); err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 5, 15, 8, 0, 0, 0, time.UTC)
	if _, err := Generate(ctx, s, Options{Now: now}); err != nil {
		t.Fatal(err)
	}
	ref, _ := loadRefs(ctx, s)
	g := &generator{seed: 1, n: 100000, now: now, tag: "1", ref: ref}
	if err := g.prepare(); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	ns := &nullSink{}
	if err := g.run(ctx, ns); err != nil {
		t.Fatal(err)
	}
	t.Logf("%d rows in %s", ns.rows, time.Since(start))
}
