package demo

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/puente-science/puente/migrations"
	"github.com/puente-science/puente/models"
	"github.com/puente-science/puente/testdb"
)

// TestDeterministic generates the same seed and Now into two fresh
// databases and expects the same portfolio, and a different seed to give
// a different one. On PostgreSQL the second load takes the bulk path
// (constraints set aside), so both paths are shown to store the same.
func TestDeterministic(t *testing.T) {
	byDialect := map[string][]string{}
	for _, dialect := range testdb.Dialects {
		t.Run(dialect, func(t *testing.T) {
			first := portfolio(t, dialect, 2016, 1000)
			byDialect[dialect] = first
			if dialect == migrations.Postgres {
				defer func(n int) { bulkFrom = n }(bulkFrom)
				bulkFrom = 0
			}
			second := portfolio(t, dialect, 2016, 1000)
			if !slices.Equal(first, second) {
				for i := range min(len(first), len(second)) {
					if first[i] != second[i] {
						t.Fatalf("same seed, different portfolios: first difference at %d:\n %s\n %s", i, first[i], second[i])
					}
				}
				t.Fatalf("same seed, %d and %d projects", len(first), len(second))
			}
			other := portfolio(t, dialect, 2017, 1000)
			same := 0
			for i := range min(len(first), len(other)) {
				if first[i][len("DEMO-2016"):] == other[i][len("DEMO-2017"):] {
					same++
				}
			}
			if same > len(first)/10 {
				t.Errorf("seeds 2016 and 2017 agree on %d of %d projects", same, len(first))
			}
		})
	}
	// Nor does the portfolio depend on the database.
	if a, b := byDialect[migrations.SQLite], byDialect[migrations.Postgres]; a != nil && b != nil && !slices.Equal(a, b) {
		t.Error("the same seed gives different portfolios on SQLite and PostgreSQL")
	}
}

// portfolio generates n projects into a fresh database and lists them as
// "code state lead requested year".
func portfolio(t *testing.T, dialect string, seed int64, n int) []string {
	t.Helper()
	s := seeded(t, testdb.Open(t, dialect))
	if _, err := Generate(context.Background(), s, Options{Projects: n, Seed: seed, Now: testNow}); err != nil {
		t.Fatal(err)
	}
	var rows []models.Project
	err := s.DB().Select("code, state, lead_country_iso2, requested_minor, year").
		Where("code LIKE ?", fmt.Sprintf("DEMO-%d-%%", seed)).Order("code").Find(&rows).Error
	if err != nil {
		t.Fatal(err)
	}
	out := make([]string, len(rows))
	for i, p := range rows {
		out[i] = fmt.Sprintf("%s %s %s %d %d", p.Code, p.State, *p.LeadCountryISO2, p.RequestedMinor, p.Year)
	}
	return out
}
