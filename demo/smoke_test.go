package demo

import (
	"os"
	"strconv"
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/puente-science/puente/migrations"
	"github.com/puente-science/puente/refdata"
	"github.com/puente-science/puente/testdb"
)

func TestSmoke(t *testing.T) {
	dialect := migrations.SQLite
	if os.Getenv("SMOKE_PG") != "" {
		dialect = migrations.Postgres
	}
	n, _ := strconv.Atoi(os.Getenv("SMOKE_N"))
	s := testdb.Open(t, dialect)
	ctx := context.Background()
	if _, err := refdata.Seed(ctx, s); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	res, err := Generate(ctx, s, Options{Projects: n, Seed: 7, Now: time.Date(2026, 5, 15, 8, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%+v in %s\n%s", res.Projects, time.Since(start), DebugReport())
	for _, q := range []string{
		"SELECT CAST(year AS text) || ' ' || state AS k, count(*) AS n FROM projects GROUP BY year, state ORDER BY year, state",
		"SELECT type AS k, count(*) AS n FROM projects GROUP BY type ORDER BY n DESC",
		"SELECT lead_country_iso2 AS k, count(*) AS n FROM projects GROUP BY 1 ORDER BY n DESC",
		"SELECT primary_discipline_code AS k, count(*) AS n FROM projects GROUP BY 1 ORDER BY n DESC",
		"SELECT c.slug || ' ' || p.type AS k, count(*) AS n FROM projects p JOIN funding_channels c ON c.id = p.channel_id GROUP BY 1 ORDER BY 1",
		"SELECT career_level || ' ' || direction AS k, count(*) AS n FROM talent_exchange_details GROUP BY 1 ORDER BY 1",
		"SELECT COALESCE(priority_area_id, 0) AS k, count(*) AS n FROM projects GROUP BY 1 ORDER BY 1",
		"SELECT code || ' ' || status || ' ' || opens_at || ' ' || closes_at || ' ' || time_zone AS k, 0 AS n FROM calls WHERE code LIKE '%-2026-%'",
	} {
		var rows []struct {
			K string
			N int
		}
		if err := s.DB().Raw(q).Scan(&rows).Error; err != nil {
			t.Fatal(err)
		}
		var b strings.Builder
		for _, r := range rows {
			fmt.Fprintf(&b, "%s=%d; ", r.K, r.N)
		}
		t.Log(b.String())
	}
}
