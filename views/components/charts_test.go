package components

import (
	"slices"
	"testing"
)

// Series covering different years share one axis in year order.
func TestLineCategoriesShareOneAxis(t *testing.T) {
	c := LineChart{Series: []LineSeries{
		{Name: "Chile", Points: []LinePoint{{X: "2014"}, {X: "2016"}, {X: "2026"}}},
		{Name: "Colombia", Points: []LinePoint{{X: "2015"}, {X: "2021"}}},
	}}
	if got, want := c.categories(), []string{"2014", "2015", "2016", "2021", "2026"}; !slices.Equal(got, want) {
		t.Errorf("categories %v, want %v", got, want)
	}
	words := LineChart{Series: []LineSeries{{Points: []LinePoint{{X: "b"}, {X: "a"}}}}}
	if got := words.categories(); !slices.Equal(got, []string{"b", "a"}) {
		t.Errorf("labels that are not years keep their order: %v", got)
	}
}
