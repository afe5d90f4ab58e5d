package components

import (
	"encoding/csv"
	"os"
	"strings"
	"testing"
)

// TestMapCoversEveryLACCountry: the generated shapes hold every country and
// territory the countries list marks as Latin American or Caribbean, each
// with a closed path, and nothing else.
func TestMapCoversEveryLACCountry(t *testing.T) {
	f, err := os.Open("../../refdata/data/countries.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.Comment = '#'
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	lac := map[string]bool{}
	for _, rec := range recs[1:] {
		if rec[6] == "true" {
			lac[rec[0]] = true
		}
	}
	if len(lac) != 50 {
		t.Fatalf("%d LAC countries in the list, want 50", len(lac))
	}
	for iso := range lac {
		s, ok := mapShape(iso)
		if !ok {
			t.Errorf("no shape for %s", iso)
			continue
		}
		if !strings.HasPrefix(s.Path, "M") || !strings.HasSuffix(s.Path, "Z") {
			t.Errorf("%s: path %.20q…", iso, s.Path)
		}
		if s.CX < 0 || s.CX > lacWidth || s.CY < 0 || s.CY > lacHeight {
			t.Errorf("%s: marker %v,%v outside the map", iso, s.CX, s.CY)
		}
	}
	if len(lacShapes) != len(lac) {
		t.Errorf("%d shapes for %d countries", len(lacShapes), len(lac))
	}
	for _, iso := range []string{"GD", "KN", "LC", "VC", "AG", "DM", "BB"} { // the small island states are in the inset
		if s, _ := mapShape(iso); s.InsetPath == "" {
			t.Errorf("%s is not in the Eastern Caribbean inset", iso)
		}
	}
}

func TestClassifyQuantilesZeroAndNoData(t *testing.T) {
	m := LACMap{Items: []MapItem{
		{ISO2: "A", Value: 1, HasValue: true}, {ISO2: "B", Value: 2, HasValue: true},
		{ISO2: "C", Value: 3, HasValue: true}, {ISO2: "D", Value: 4, HasValue: true},
		{ISO2: "E", Value: 100, HasValue: true}, {ISO2: "F", Value: 100, HasValue: true},
		{ISO2: "G", Value: 0, HasValue: true}, {ISO2: "H"},
	}}
	classes, legend := m.classify()
	want := map[string]string{"A": "k1", "B": "k1", "C": "k2", "D": "k3", "E": "k4", "F": "k4", "G": "k0", "H": "none"}
	for iso, k := range want {
		if classes[iso] != k {
			t.Errorf("%s: class %s, want %s", iso, classes[iso], k)
		}
	}
	var got []string
	for _, c := range legend {
		got = append(got, c.Class+" "+m.rangeLabel(c))
	}
	if strings.Join(got, "|") != "k4 100|k3 4|k2 3|k1 1 – 2|k0 0|none 0" {
		t.Errorf("legend = %q", got)
	}
}
