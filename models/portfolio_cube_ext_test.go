package models_test

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/puente-science/puente/migrations"
	"github.com/puente-science/puente/models"
	"github.com/puente-science/puente/testdb"
)

// TestPortfolioCubeMatchesSQL: the summary and the map folded from the
// cube under a filter give what SQL over the filtered projects gives —
// counts and money, co-authored publications with a DOI reported in two
// projects of different years, channels and types (counted once when both
// are kept), median days in each state, the map's three measures and its
// currencies.
func TestPortfolioCubeMatchesSQL(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		loadPortfolio(t, s, 80)
		db := s.DB()
		// A DOI reported by two projects in different cells.
		var pair []struct {
			ID, ChannelID int64
			Year          int
			Type          string
		}
		if err := db.Raw(`SELECT p.id, p.channel_id, p.year, p.type FROM projects p
			WHERE EXISTS (SELECT 1 FROM outputs o WHERE o.project_id = p.id AND o.kind = 'publication' AND o.coauthored)
			ORDER BY p.year, p.id`).Scan(&pair).Error; err != nil {
			t.Fatal(err)
		}
		var a, b int64
		for _, p := range pair[1:] {
			if p.Type != pair[0].Type && p.ChannelID != pair[0].ChannelID && p.Year != pair[0].Year {
				a, b = pair[0].ID, p.ID
				break
			}
		}
		if a == 0 {
			t.Fatal("no two projects with co-authored papers in different cells")
		}
		var out models.Output
		if err := db.Where("project_id = ? AND kind = 'publication' AND coauthored", a).Order("id").First(&out).Error; err != nil {
			t.Fatal(err)
		}
		doi := "10.5555/shared.cube"
		if err := db.Model(&out).Update("doi", doi).Error; err != nil {
			t.Fatal(err)
		}
		twin := models.Output{ProjectID: b, Kind: models.OutputPublication, Title: "The same paper", DOI: &doi, Year: out.Year,
			Coauthored: true, CreatedAt: time.Now()}
		if err := db.Create(&twin).Error; err != nil {
			t.Fatal(err)
		}
		var countries []models.OutputCountry
		db.Where("output_id = ?", out.ID).Find(&countries)
		if len(countries) == 0 {
			t.Fatal("the paper names no country")
		}
		for _, c := range countries {
			if err := db.Create(&models.OutputCountry{OutputID: twin.ID, CountryISO2: c.CountryISO2}).Error; err != nil {
				t.Fatal(err)
			}
		}

		var channels []int64
		db.Table("funding_channels").Order("id").Pluck("id", &channels)
		filters := []models.PortfolioFilter{{}, {YearFrom: 2020}, {YearTo: 2019}, {YearFrom: 2018, YearTo: 2022},
			{ChannelID: channels[0]}, {Type: models.TypeResearchProject}, {Type: models.ProjectType(pair[0].Type)},
			{YearFrom: 2020, Type: models.TypeTalentExchange}, {ChannelID: channels[1], YearTo: 2024}}
		today := models.Date{Year: 2026, Month: 11, Day: 27}
		for _, f := range filters {
			name := fmt.Sprintf("%+v", f)
			sum, err := s.PortfolioSummary(ctx, f, today)
			if err != nil {
				t.Fatal(err)
			}
			where, args := sqlWhere(f)
			var want struct{ N, Req int64 }
			db.Raw(`SELECT COUNT(*) AS n, COALESCE(SUM(requested_minor), 0) AS req FROM projects p WHERE `+where, args...).Scan(&want)
			if sum.Total.Count != want.N || sum.Total.Requested.Total() != want.Req {
				t.Errorf("%s: %d projects requesting %d, SQL %d requesting %d", name, sum.Total.Count, sum.Total.Requested.Total(), want.N, want.Req)
			}
			// Co-authored publications per year and per country, a DOI once.
			var years []models.YearCount
			db.Raw(`SELECT o.year AS year, COUNT(DISTINCT COALESCE(o.doi, CAST(o.id AS TEXT))) AS count
				FROM outputs o JOIN projects p ON p.id = o.project_id
				WHERE o.kind = 'publication' AND o.coauthored AND `+where+` GROUP BY o.year ORDER BY o.year`, args...).Scan(&years)
			if !slices.Equal(sum.Coauthored, years) {
				t.Errorf("%s: co-authored %v, SQL %v", name, sum.Coauthored, years)
			}
			var byCountry []struct {
				ISO2  string
				Year  int
				Count int64
			}
			db.Raw(`SELECT oc.country_iso2 AS iso2, o.year AS year, COUNT(DISTINCT COALESCE(o.doi, CAST(o.id AS TEXT))) AS count
				FROM outputs o JOIN projects p ON p.id = o.project_id JOIN output_countries oc ON oc.output_id = o.id
				WHERE o.kind = 'publication' AND o.coauthored AND `+where+` GROUP BY oc.country_iso2, o.year`, args...).Scan(&byCountry)
			n := 0
			for _, r := range byCountry {
				got := sum.CoauthoredByCountry[r.ISO2]
				i := slices.IndexFunc(got, func(y models.YearCount) bool { return y.Year == r.Year })
				if i < 0 || got[i].Count != r.Count {
					t.Errorf("%s: %s %d co-authored %v, SQL %d", name, r.ISO2, r.Year, got, r.Count)
				}
			}
			for _, v := range sum.CoauthoredByCountry {
				n += len(v)
			}
			if n != len(byCountry) {
				t.Errorf("%s: %d country-years, SQL %d", name, n, len(byCountry))
			}
			// Median days in each state, from the stays one by one.
			medians := sqlMedians(t, s, where, args)
			got := map[string]float64{}
			for _, st := range sum.Stays {
				got[string(st.State)] = st.MedianDays
			}
			if !maps.Equal(got, medians) {
				t.Errorf("%s: medians %v, SQL %v", name, got, medians)
			}
			// The map and its currencies.
			pf := models.ProjectFilter{YearFrom: f.YearFrom, YearTo: f.YearTo, ChannelID: f.ChannelID, Type: f.Type}
			all := models.ProjectScope{All: true}
			wantCurs, err := s.FundingCurrencies(ctx, all, pf)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range models.MapMeasures {
				cur := ""
				if len(wantCurs) > 0 {
					cur = wantCurs[0].Currency
				}
				figs, curs, err := s.CachedPortfolioMap(ctx, f, today, m, "", time.Now())
				if err != nil {
					t.Fatal(err)
				}
				if !slices.Equal(curs, wantCurs) {
					t.Errorf("%s: currencies %v, SQL %v", name, curs, wantCurs)
				}
				want, err := s.MapValues(ctx, all, pf, m, cur)
				if err != nil {
					t.Fatal(err)
				}
				if !maps.Equal(figs.Values, want.Values) || (m == models.MapFunding && figs.Currency != cur) {
					t.Errorf("%s: map %s %v (%s), SQL %v (%s)", name, m, figs.Values, figs.Currency, want.Values, cur)
				}
			}
		}
	})
}

// sqlWhere is a portfolio filter as SQL over projects p.
func sqlWhere(f models.PortfolioFilter) (string, []any) {
	where, args := "1 = 1", []any{}
	if f.YearFrom > 0 {
		where, args = where+" AND p.year >= ?", append(args, f.YearFrom)
	}
	if f.YearTo > 0 {
		where, args = where+" AND p.year <= ?", append(args, f.YearTo)
	}
	if f.ChannelID > 0 {
		where, args = where+" AND p.channel_id = ?", append(args, f.ChannelID)
	}
	if f.Type != "" {
		where, args = where+" AND p.type = ?", append(args, f.Type)
	}
	return where, args
}

// sqlMedians reads every ended stay of the filtered projects from the
// audit log (not from state_stays) and takes each state's median in Go.
func sqlMedians(t *testing.T, s *models.Store, where string, args []any) map[string]float64 {
	t.Helper()
	days := "julianday(left_at) - julianday(at)"
	if s.Dialect() == migrations.Postgres {
		days = "EXTRACT(EPOCH FROM (left_at - at)) / 86400.0"
	}
	var stays []struct {
		State  string
		Tenths int64
	}
	err := s.DB().Raw(`SELECT state, CAST(ROUND((`+days+`) * 10) AS BIGINT) AS tenths FROM (
			SELECT a.to_state AS state, a.at AS at,
				LEAD(a.at) OVER (PARTITION BY a.project_id ORDER BY a.at, a.id) AS left_at
			FROM audit_entries a
			WHERE a.to_state IS NOT NULL AND (a.from_state IS NULL OR a.from_state <> a.to_state)
				AND a.project_id IN (SELECT p.id FROM projects p WHERE `+where+`)) t
		WHERE left_at IS NOT NULL`, args...).Scan(&stays).Error
	if err != nil {
		t.Fatal(err)
	}
	by := map[string][]int64{}
	for _, st := range stays {
		by[st.State] = append(by[st.State], st.Tenths)
	}
	out := map[string]float64{}
	for st, v := range by {
		slices.Sort(v)
		n := len(v)
		out[st] = float64(v[(n+1)/2-1]+v[(n+2)/2-1]) / 20
	}
	return out
}
