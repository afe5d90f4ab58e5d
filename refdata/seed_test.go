package refdata_test

import (
	"context"
	"testing"

	"github.com/puente-science/puente/models"
	"github.com/puente-science/puente/refdata"
	"github.com/puente-science/puente/testdb"
)

// tables are the tables Seed writes; their row counts must not move on a
// second run.
var tables = []string{
	"countries", "disciplines", "priority_areas", "priority_area_disciplines", "settings",
	"institutions", "funding_channels", "channel_project_types", "indicators", "country_indicators",
}

func TestSeedTwice(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		first, err := refdata.Seed(ctx, s)
		if err != nil {
			t.Fatalf("first Seed: %v", err)
		}
		before := counts(t, s)
		// Tamper with seeded rows so the second run has something to restore.
		db := s.DB()
		must(t, db.Exec("UPDATE countries SET name_es = 'x', priority = ? WHERE iso2 = 'BR'", false).Error)
		must(t, db.Exec("UPDATE country_indicators SET value = 1 WHERE country_iso2 = 'BR'").Error)
		must(t, db.Exec("DELETE FROM channel_project_types").Error)

		second, err := refdata.Seed(ctx, s)
		if err != nil {
			t.Fatalf("second Seed: %v", err)
		}
		if first != second {
			t.Errorf("results differ: %v, then %v", first, second)
		}
		after := counts(t, s)
		for _, tb := range tables {
			if before[tb] != after[tb] {
				t.Errorf("%s: %d rows after the first run, %d after the second", tb, before[tb], after[tb])
			}
			if after[tb] == 0 {
				t.Errorf("%s is empty", tb)
			}
		}
		t.Log(second)

		checkCountries(t, s)
		checkDisciplines(t, s)
		checkAreasAndChannels(t, s)
		checkInstitutions(t, s)
		checkIndicators(t, s)
	})
}

func counts(t *testing.T, s *models.Store) map[string]int64 {
	t.Helper()
	out := map[string]int64{}
	for _, tb := range tables {
		var n int64
		must(t, s.DB().Table(tb).Count(&n).Error)
		out[tb] = n
	}
	return out
}

func checkCountries(t *testing.T, s *models.Store) {
	t.Helper()
	var cs []models.Country
	must(t, s.DB().Order("iso2").Find(&cs).Error)
	byISO := map[string]models.Country{}
	lac := 0
	for _, c := range cs {
		byISO[c.ISO2] = c
		if c.LAC {
			lac++
			if c.Tier == nil || !c.Tier.Valid() {
				t.Errorf("%s: LAC country without a valid tier", c.ISO2)
			}
		}
		checkNames(t, c.ISO2, c.Name)
	}
	if lac != 50 || len(cs) != 51 {
		t.Errorf("%d countries, %d of them LAC; want 51 and 50", len(cs), lac)
	}
	cn, ok := byISO["CN"]
	if !ok || cn.LAC || cn.Tier != nil || cn.Priority || cn.Subregion != models.SubregionEastAsia || cn.Name.ZH != "中国" {
		t.Errorf("CN = %+v, want a non-LAC east_asia partner without tier or priority", cn)
	}
	tiers := map[models.Tier][]string{
		models.TierEstablished: {"BR", "CL", "MX", "AR", "CO", "PE"},
		models.TierDeveloping:  {"EC", "UY", "VE", "CU", "BO", "CR", "PA"},
		models.TierExploratory: {"PY", "GT", "HT", "PR", "FK", "AI", "DO"},
	}
	for want, isos := range tiers {
		for _, iso := range isos {
			if c := byISO[iso]; c.Tier == nil || *c.Tier != want {
				t.Errorf("%s: tier %s, want %s", iso, tierName(c.Tier), want)
			}
		}
	}
	for _, c := range cs {
		want := c.ISO2 == "BR" || c.ISO2 == "MX" || c.ISO2 == "CL" || c.ISO2 == "AR" || c.ISO2 == "CO"
		if c.Priority != want {
			t.Errorf("%s: priority %v, want %v", c.ISO2, c.Priority, want)
		}
	}
	if br := byISO["BR"]; br.Name.ES != "Brasil" || br.Subregion != models.SubregionSouthAmerica {
		t.Errorf("BR not restored by the second run: %+v", br)
	}
	if py := byISO["PY"]; py.PRCRelationsSince != nil {
		t.Errorf("PY: relations since %d, want none", *py.PRCRelationsSince)
	}
	if ai := byISO["AI"]; ai.Sovereign || ai.AdministeringISO2 == nil || *ai.AdministeringISO2 != "GB" {
		t.Errorf("AI = %+v, want a territory administered by GB", ai)
	}
}

func tierName(t *models.Tier) string {
	if t == nil {
		return "NULL"
	}
	return string(*t)
}

func checkNames(t *testing.T, what string, n models.Names) {
	t.Helper()
	if n.EN == "" || n.ES == "" || n.PT == "" || n.ZH == "" {
		t.Errorf("%s: a name is missing: %+v", what, n)
	}
}

func checkDisciplines(t *testing.T, s *models.Store) {
	t.Helper()
	var ds []models.Discipline
	must(t, s.DB().Order("position").Find(&ds).Error)
	codes := map[string]bool{}
	fields, subfields := 0, 0
	for _, d := range ds {
		codes[d.Code] = true
		checkNames(t, d.Code, d.Name)
		switch {
		case d.Level == 1 && d.ParentCode == nil:
			fields++
		case d.Level == 2 && d.ParentCode != nil && codes[*d.ParentCode]:
			subfields++
		default:
			t.Errorf("%s: level %d, parent %v (parents must sort first)", d.Code, d.Level, d.ParentCode)
		}
	}
	if fields != 6 || subfields != 42 {
		t.Errorf("%d fields and %d subfields, want 6 and 42", fields, subfields)
	}
	var order []string
	for _, d := range ds {
		if d.ParentCode != nil && *d.ParentCode == "2" {
			order = append(order, d.Code)
		}
	}
	if len(order) != 11 || order[8] != "2.9" || order[9] != "2.10" || order[10] != "2.11" {
		t.Errorf("engineering subfields in order %v, want 2.9, 2.10, 2.11 last", order)
	}
}

func checkAreasAndChannels(t *testing.T, s *models.Store) {
	t.Helper()
	var areas []models.PriorityArea
	must(t, s.DB().Order("position").Find(&areas).Error)
	wantSlugs := []string{"biodiversity", "space-atmosphere", "energy-environment", "ecological-agriculture"}
	if len(areas) != len(wantSlugs) {
		t.Fatalf("%d priority areas, want %d", len(areas), len(wantSlugs))
	}
	for i, a := range areas {
		checkNames(t, a.Slug, a.Name)
		if a.Slug != wantSlugs[i] || a.Description.Empty() {
			t.Errorf("area %d = %s with description %v, want %s with one", i+1, a.Slug, a.Description, wantSlugs[i])
		}
		var n int64
		must(t, s.DB().Model(&models.PriorityAreaDiscipline{}).Where("priority_area_id = ?", a.ID).Count(&n).Error)
		if n < 2 {
			t.Errorf("%s covers %d disciplines", a.Slug, n)
		}
	}
	var pifi models.FundingChannel
	must(t, s.DB().Where("slug = ?", "pifi").Take(&pifi).Error)
	if pifi.AnnualBudgetMinor != 60_000_000*100 || pifi.Currency != "CNY" || !pifi.StableMultiyear || !pifi.Active {
		t.Errorf("pifi = %+v", pifi)
	}
	var types []string
	must(t, s.DB().Table("channel_project_types c").Joins("JOIN funding_channels f ON f.id = c.channel_id").
		Where("f.slug = ?", "bilateral-fund").Order("c.project_type").Pluck("c.project_type", &types).Error)
	if len(types) != 4 {
		t.Errorf("bilateral-fund funds %v, want four types (restored by the second run)", types)
	}
	var target models.Setting
	must(t, s.DB().Where(`"key" = ?`, models.SettingPriorityCountriesTargetBP).Take(&target).Error)
	if target.Value != "7000" {
		t.Errorf("%s = %q", target.Key, target.Value)
	}
}

func checkInstitutions(t *testing.T, s *models.Store) {
	t.Helper()
	var ins []models.Institution
	must(t, s.DB().Find(&ins).Error)
	byROR := map[string]models.Institution{}
	for _, in := range ins {
		if in.RORID == nil {
			t.Errorf("%s has no ROR id", in.Name)
			continue
		}
		byROR[*in.RORID] = in
	}
	cas := byROR["https://ror.org/034t30j35"]
	for ror, country := range map[string]string{
		"https://ror.org/047gc3g35": "CL", // Universidad de Chile
		"https://ror.org/006vs7897": "PE", // San Marcos
		"https://ror.org/05m235j20": "BR", // CNPEM
		"https://ror.org/04xbn6x09": "BR", // INPE
	} {
		if in, ok := byROR[ror]; !ok || in.CountryISO2 != country || in.OwnInstitute || in.ParentID != nil {
			t.Errorf("%s: %+v, want a partner in %s", ror, in, country)
		}
	}
	scbg := byROR["https://ror.org/01xqdxh54"]
	if !cas.OwnInstitute || !scbg.OwnInstitute || scbg.ParentID == nil || *scbg.ParentID != cas.ID ||
		scbg.NameLocal == nil || *scbg.NameLocal != "中国科学院华南植物园" {
		t.Errorf("SCBG = %+v, want an own institute under CAS (%d)", scbg, cas.ID)
	}
	if len(ins) != 9 {
		t.Errorf("%d institutions, want 9", len(ins))
	}
}

func checkIndicators(t *testing.T, s *models.Store) {
	t.Helper()
	vals, err := s.IndicatorsFor(context.Background(), "BR")
	must(t, err)
	got := map[string]models.IndicatorValue{}
	for _, v := range vals {
		got[v.Code] = v
	}
	for code, want := range map[string]float64{"vascular_plant_species": 33161, "endemic_plant_species": 18316} {
		v, ok := got[code]
		if !ok || v.Value != want || v.Source != refdata.StudySource || v.Unit != "species" {
			t.Errorf("BR %s = %+v, want %v species from the study", code, v, want)
		}
	}
	region, err := s.IndicatorsFor(context.Background(), "")
	must(t, err)
	var pop *models.IndicatorValue
	for i := range region {
		if region[i].Code == "SP.POP.TOTL" {
			pop = &region[i]
		}
	}
	if pop == nil || pop.Value != 640e6 || pop.Year != 2016 || pop.Note == nil {
		t.Errorf("region population = %+v, want 640 million in 2016 with a note", pop)
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
