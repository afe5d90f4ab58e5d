package models_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/puente-science/puente/demo"
	"github.com/puente-science/puente/models"
	"github.com/puente-science/puente/refdata"
	"github.com/puente-science/puente/testdb"
	"github.com/puente-science/puente/workflow"
)

// portfolio is the whole demo portfolio in memory, so the tests compute
// what each filter should return without the SQL under test.
type portfolio struct {
	projects     []models.Project
	countries    map[int64][]string
	disciplines  map[int64][]string
	institutions map[int64][]int64
}

func loadPortfolio(t *testing.T, s *models.Store, n int) portfolio {
	t.Helper()
	ctx := context.Background()
	if _, err := refdata.Seed(ctx, s); err != nil {
		t.Fatal(err)
	}
	if _, err := demo.Generate(ctx, s, demo.Options{Projects: n, Seed: 7}); err != nil {
		t.Fatal(err)
	}
	p := portfolio{countries: map[int64][]string{}, disciplines: map[int64][]string{}, institutions: map[int64][]int64{}}
	var pcs []models.ProjectCountry
	var pds []models.ProjectDiscipline
	var pis []models.ProjectInstitution
	for _, err := range []error{s.DB().Find(&p.projects).Error, s.DB().Find(&pcs).Error, s.DB().Find(&pds).Error, s.DB().Find(&pis).Error} {
		if err != nil {
			t.Fatal(err)
		}
	}
	for _, r := range pcs {
		p.countries[r.ProjectID] = append(p.countries[r.ProjectID], r.CountryISO2)
	}
	for _, r := range pds {
		p.disciplines[r.ProjectID] = append(p.disciplines[r.ProjectID], r.DisciplineCode)
	}
	for _, r := range pis {
		p.institutions[r.ProjectID] = append(p.institutions[r.ProjectID], r.InstitutionID)
	}
	return p
}

func (p portfolio) ids(keep func(models.Project) bool) []int64 {
	var out []int64
	for _, pr := range p.projects {
		if keep(pr) {
			out = append(out, pr.ID)
		}
	}
	slices.Sort(out)
	return out
}

func page(t *testing.T, s *models.Store, f models.ProjectFilter, n, per int) ([]int64, int64) {
	t.Helper()
	rows, total, err := s.ProjectsPage(context.Background(), models.ProjectScope{All: true}, f, n, per)
	if err != nil {
		t.Fatal(err)
	}
	ids := make([]int64, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	return ids, total
}

func TestProjectsPageFilters(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		p := loadPortfolio(t, s, 150)
		first := p.projects[len(p.projects)/2]
		var callID int64
		for _, pr := range p.projects {
			if pr.CallID != nil && callID == 0 {
				callID = *pr.CallID
			}
		}
		var inst int64
		for _, is := range p.institutions {
			inst = max(inst, is[0])
		}
		var area int64
		for _, pr := range p.projects {
			if pr.PriorityAreaID != nil {
				area = *pr.PriorityAreaID
			}
		}
		field := strings.Split(p.disciplines[first.ID][0], ".")[0]
		country := p.countries[first.ID][len(p.countries[first.ID])-1]
		cases := []struct {
			name string
			f    models.ProjectFilter
			keep func(models.Project) bool
		}{
			{"states", models.ProjectFilter{States: []workflow.State{workflow.Active, workflow.Draft}},
				func(pr models.Project) bool { return pr.State == workflow.Active || pr.State == workflow.Draft }},
			{"stage", models.ProjectFilter{Stage: workflow.StageClosed},
				func(pr models.Project) bool { return workflow.StageOf(pr.State) == workflow.StageClosed }},
			{"stage and state", models.ProjectFilter{Stage: workflow.StageClosed, States: []workflow.State{workflow.Active}},
				func(models.Project) bool { return false }},
			{"call", models.ProjectFilter{CallID: callID}, func(pr models.Project) bool { return pr.CallID != nil && *pr.CallID == callID }},
			{"channel", models.ProjectFilter{ChannelID: first.ChannelID}, func(pr models.Project) bool { return pr.ChannelID == first.ChannelID }},
			{"type", models.ProjectFilter{Type: first.Type}, func(pr models.Project) bool { return pr.Type == first.Type }},
			{"country (any of the project's)", models.ProjectFilter{Country: country},
				func(pr models.Project) bool { return slices.Contains(p.countries[pr.ID], country) }},
			{"discipline field", models.ProjectFilter{Discipline: field}, func(pr models.Project) bool {
				return slices.ContainsFunc(p.disciplines[pr.ID], func(c string) bool { return c == field || strings.HasPrefix(c, field+".") })
			}},
			{"institution", models.ProjectFilter{InstitutionID: inst},
				func(pr models.Project) bool { return slices.Contains(p.institutions[pr.ID], inst) }},
			{"priority area", models.ProjectFilter{PriorityAreaID: area},
				func(pr models.Project) bool { return pr.PriorityAreaID != nil && *pr.PriorityAreaID == area }},
			{"years", models.ProjectFilter{YearFrom: first.Year - 1, YearTo: first.Year},
				func(pr models.Project) bool { return pr.Year >= first.Year-1 && pr.Year <= first.Year }},
			{"code", models.ProjectFilter{Query: strings.ToLower(first.Code)}, func(pr models.Project) bool { return pr.ID == first.ID }},
			{"combined", models.ProjectFilter{Type: first.Type, Country: country, YearTo: first.Year}, func(pr models.Project) bool {
				return pr.Type == first.Type && slices.Contains(p.countries[pr.ID], country) && pr.Year <= first.Year
			}},
		}
		for _, c := range cases {
			want := p.ids(c.keep)
			got, total := page(t, s, c.f, 1, 500)
			slices.Sort(got)
			if !slices.Equal(got, want) || total != int64(len(want)) {
				t.Errorf("%s: %d projects (count %d), want %d", c.name, len(got), total, len(want))
			}
			if len(want) == 0 && c.name != "stage and state" {
				t.Errorf("%s: the demo has no project to find; the case proves nothing", c.name)
			}
		}
	})
}

// TestProjectsPageSearch finds a project by a Spanish title typed in
// capitals, and treats LIKE wildcards as text.
func TestProjectsPageSearch(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		p := loadPortfolio(t, s, 80)
		var word string
		var want []int64
		for _, pr := range p.projects {
			if pr.Title.ES == nil {
				continue
			}
			for _, w := range strings.Fields(*pr.Title.ES) {
				if len(w) >= 6 && strings.ToUpper(w) != w && isASCII(w) {
					word = w
					break
				}
			}
			if word != "" {
				break
			}
		}
		if word == "" {
			t.Fatal("no Spanish title in the demo")
		}
		want = p.ids(func(pr models.Project) bool {
			for _, ti := range []*string{pr.Title.EN, pr.Title.ES, pr.Title.PT, pr.Title.ZH} {
				if ti != nil && strings.Contains(strings.ToLower(*ti), strings.ToLower(word)) {
					return true
				}
			}
			return strings.Contains(strings.ToLower(pr.Code), strings.ToLower(word))
		})
		got, _ := page(t, s, models.ProjectFilter{Query: strings.ToUpper(word)}, 1, 500)
		slices.Sort(got)
		if !slices.Equal(got, want) || len(want) == 0 {
			t.Errorf("search %q: %v, want %v", strings.ToUpper(word), got, want)
		}
		for _, q := range []string{"%", "_", `\`} {
			if got, _ := page(t, s, models.ProjectFilter{Query: q}, 1, 500); len(got) != 0 {
				t.Errorf("search %q matched %d projects", q, len(got))
			}
		}
	})
}

func isASCII(s string) bool {
	return !strings.ContainsFunc(s, func(r rune) bool { return r > 127 })
}

// TestProjectsPageSortAndPaging: every sort key in both directions gives a
// total order, so pages of 7 put together are the whole list once.
func TestProjectsPageSortAndPaging(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		p := loadPortfolio(t, s, 60)
		byID := map[int64]models.Project{}
		for _, pr := range p.projects {
			byID[pr.ID] = pr
		}
		for _, key := range models.ProjectSortKeys {
			for _, desc := range []bool{false, true} {
				f := models.ProjectFilter{Sort: key, Desc: desc, Lang: "es"}
				whole, total := page(t, s, f, 1, 500)
				var paged []int64
				for n := 1; n <= int(total+6)/7; n++ {
					ids, _ := page(t, s, f, n, 7)
					paged = append(paged, ids...)
				}
				if !slices.Equal(whole, paged) || len(whole) != len(p.projects) {
					t.Errorf("sort %s desc=%v: pages differ from the whole list", key, desc)
				}
				again, _ := page(t, s, f, 1, 500)
				if !slices.Equal(whole, again) {
					t.Errorf("sort %s desc=%v: not stable", key, desc)
				}
				// Spot-check the order on the plain columns.
				for i := 1; i < len(whole); i++ {
					a, b := byID[whole[i-1]], byID[whole[i]]
					var cmp int
					switch key {
					case "year":
						cmp = a.Year - b.Year
					case "requested":
						cmp = int(a.RequestedMinor - b.RequestedMinor)
					case "code":
						cmp = strings.Compare(a.Code, b.Code)
					case "awarded":
						// Projects without an award come last in both directions.
						switch {
						case a.AwardedMinor == nil && b.AwardedMinor != nil:
							t.Errorf("sort awarded desc=%v: %d (no award) before %d", desc, a.ID, b.ID)
						case a.AwardedMinor != nil && b.AwardedMinor != nil:
							cmp = int(*a.AwardedMinor - *b.AwardedMinor)
						}
					}
					if desc {
						cmp = -cmp
					}
					if cmp > 0 {
						t.Errorf("sort %s desc=%v: %d before %d", key, desc, a.ID, b.ID)
						break
					}
				}
			}
		}
	})
}
