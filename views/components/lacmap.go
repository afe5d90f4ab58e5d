package components

import (
	"sort"
	"strconv"
)

//go:generate go run ../../tools/mapgen -in ../../node_modules/world-atlas/countries-50m.json -countries ../../refdata/data/countries.csv -out lacmap_data.go

// lacShape is one country or territory of the generated map
// (lacmap_data.go): its path on the main map, its enlarged path in the
// Eastern Caribbean inset if it is there, and its marker's centre.
type lacShape struct {
	ISO2      string
	Path      string
	InsetPath string
	CX, CY    float64
	Small     bool
}

// MapItem is one country on the map: its name in the reader's language,
// its value formatted for the reader (Display) and raw (Value), and where
// it links. HasValue false means no figure (drawn as "no data").
type MapItem struct {
	ISO2, Name, Display, Href string
	Value                     float64
	HasValue                  bool
}

// LACMap is a choropleth of Latin America and the Caribbean. Countries are
// shaded in up to five quantile classes of the positive values (each class
// holds about a fifth of those countries; equal values share a class), a
// zero has its own class and a missing value the "no data" class. Format
// writes the legend's bounds for the reader.
type LACMap struct {
	Title, ID   string
	Items       []MapItem // in the order the table and the keyboard follow
	Format      func(float64) string
	ValueHeader string
}

// MapClass is one legend entry: its CSS class suffix and its range.
type MapClass struct {
	Class  string // "k0" (zero), "k1".."k5", "none"
	Lo, Hi float64
	Count  int
}

// classify assigns every item a class and returns the legend entries that
// occur, lowest first, then zero and no data if present.
func (m LACMap) classify() (map[string]string, []MapClass) {
	var pos []float64
	for _, it := range m.Items {
		if it.HasValue && it.Value > 0 {
			pos = append(pos, it.Value)
		}
	}
	sort.Float64s(pos)
	classOf := func(v float64) int {
		first := sort.SearchFloat64s(pos, v) // equal values share the first one's rank
		return min(5, first*5/len(pos)+1)
	}
	out := make(map[string]string, len(m.Items))
	ranges := map[int]*MapClass{}
	var zero, none int
	for _, it := range m.Items {
		switch {
		case !it.HasValue:
			out[it.ISO2] = "none"
			none++
		case it.Value <= 0:
			out[it.ISO2] = "k0"
			zero++
		default:
			k := classOf(it.Value)
			out[it.ISO2] = "k" + strconv.Itoa(k)
			r := ranges[k]
			if r == nil {
				r = &MapClass{Class: "k" + strconv.Itoa(k), Lo: it.Value, Hi: it.Value}
				ranges[k] = r
			}
			r.Lo, r.Hi = min(r.Lo, it.Value), max(r.Hi, it.Value)
			r.Count++
		}
	}
	var legend []MapClass
	for k := 5; k >= 1; k-- {
		if r := ranges[k]; r != nil {
			legend = append(legend, *r)
		}
	}
	if zero > 0 {
		legend = append(legend, MapClass{Class: "k0", Count: zero})
	}
	if none > 0 {
		legend = append(legend, MapClass{Class: "none", Count: none})
	}
	return out, legend
}

// rangeLabel writes a legend entry's range for the reader.
func (m LACMap) rangeLabel(c MapClass) string {
	f := m.Format
	if f == nil {
		f = func(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }
	}
	if c.Lo == c.Hi {
		return f(c.Lo)
	}
	return f(c.Lo) + " – " + f(c.Hi)
}

// mapShape returns the generated shape of a country (ok false for one the
// map does not draw, such as a partner outside the region).
func mapShape(iso2 string) (lacShape, bool) {
	s, ok := lacShapeIndex[iso2]
	return s, ok
}

var lacShapeIndex = func() map[string]lacShape {
	m := make(map[string]lacShape, len(lacShapes))
	for _, s := range lacShapes {
		m[s.ISO2] = s
	}
	return m
}()

// MapHasShape reports whether the map draws a country.
func MapHasShape(iso2 string) bool {
	_, ok := lacShapeIndex[iso2]
	return ok
}

func f1(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }

func lacViewBox() string { return "0 0 " + f1(lacWidth) + " " + f1(lacHeight) }

// MapLink is one choice of the map's measure or currency switch.
type MapLink struct {
	Label, Href string
	Current     bool
}

// MapPanel is the map with its measure switch (and currency switch, when
// funding comes in several currencies) and a note on what it counts.
type MapPanel struct {
	ID         string
	Measures   []MapLink
	Currencies []MapLink
	Map        LACMap
	Note       string
}

// unlisted returns the shapes of the countries the map has no item for
// (filtered out of a list): drawn grey, not linked.
func (m LACMap) unlisted() []lacShape {
	in := make(map[string]bool, len(m.Items))
	for _, it := range m.Items {
		in[it.ISO2] = true
	}
	var out []lacShape
	for _, s := range lacShapes {
		if !in[s.ISO2] {
			out = append(out, s)
		}
	}
	return out
}
