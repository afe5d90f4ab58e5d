package main

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
)

// fixture is a tiny quantized TopoJSON: two squares sharing an edge (arc 1,
// used reversed by the second) and a third feature that is not in the list.
const fixture = `{"type":"Topology",
 "transform":{"scale":[0.5,0.25],"translate":[-70,10]},
 "objects":{"countries":{"type":"GeometryCollection","geometries":[
  {"type":"Polygon","id":"388","properties":{"name":"Jamaica"},"arcs":[[0,1]]},
  {"type":"MultiPolygon","id":"192","properties":{"name":"Cuba"},"arcs":[[[2,-2]]]},
  {"type":"Polygon","id":"840","properties":{"name":"USA"},"arcs":[[3]]}]}},
 "arcs":[
  [[0,0],[0,4],[2,0]],
  [[2,4],[0,-4],[-2,0]],
  [[2,4],[2,0],[0,-4],[-2,0]],
  [[0,80],[4,0],[0,4],[-4,0],[0,-4]]]}`

func decodeFixture(t *testing.T) *Topology {
	t.Helper()
	var topo Topology
	if err := json.Unmarshal([]byte(fixture), &topo); err != nil {
		t.Fatal(err)
	}
	return &topo
}

func TestDecodeArcsAppliesTransformToDeltas(t *testing.T) {
	arcs := decodeFixture(t).DecodeArcs()
	want := []Point{{-70, 10}, {-70, 11}, {-69, 11}}
	for i, p := range want {
		if arcs[0][i] != p {
			t.Fatalf("arc 0 point %d = %v, want %v", i, arcs[0][i], p)
		}
	}
	if got := arcs[1][2]; got != (Point{-70, 10}) {
		t.Errorf("arc 1 ends at %v, want -70,10", got)
	}
}

func TestPolygonsStitchArcsAndReverseNegativeIndexes(t *testing.T) {
	topo := decodeFixture(t)
	arcs := topo.DecodeArcs()
	g := topo.Objects["countries"].Geometries
	jm, err := g[0].Polygons(arcs)
	if err != nil {
		t.Fatal(err)
	}
	// arc 0 then arc 1, the shared point once: a closed square of 5 points.
	if len(jm) != 1 || len(jm[0][0]) != 5 {
		t.Fatalf("Jamaica = %v", jm)
	}
	if a := math.Abs(area(jm[0][0])); math.Abs(a-1) > 1e-9 {
		t.Errorf("Jamaica's area = %v, want 1", a)
	}
	cu, err := g[1].Polygons(arcs)
	if err != nil {
		t.Fatal(err)
	}
	ring := cu[0][0]
	// ~1 is arc 1 reversed: it starts where arc 1 ends.
	if ring[len(ring)-1] != (Point{-69, 11}) {
		t.Errorf("Cuba's ring ends at %v, want the start of arc 1 (-69,11)", ring[len(ring)-1])
	}
	c := centroid(ring)
	if math.Abs(c.X+68.5) > 1e-9 || math.Abs(c.Y-10.5) > 1e-9 {
		t.Errorf("Cuba's centroid = %v, want -68.5,10.5", c)
	}
}

func TestBuildKeepsTheListedCountriesAndReportsMissingOnes(t *testing.T) {
	m, err := Build(decodeFixture(t), map[string]bool{"JM": true, "CU": true})
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Shapes) != 2 || m.Shapes[0].ISO2 != "CU" || m.Shapes[1].ISO2 != "JM" {
		t.Fatalf("shapes = %+v", m.Shapes)
	}
	for _, s := range m.Shapes {
		if !strings.HasPrefix(s.Path, "M") || !strings.HasSuffix(s.Path, "Z") {
			t.Errorf("%s path = %q", s.ISO2, s.Path)
		}
		if s.Small { // one degree is about 9.5 units on the map
			t.Errorf("%s is marked small", s.ISO2)
		}
	}
	if _, err := Build(decodeFixture(t), map[string]bool{"JM": true, "HT": true}); err == nil || !strings.Contains(err.Error(), "HT") {
		t.Errorf("a listed country without a shape: err = %v", err)
	}
	src, err := m.Go()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(src), `ISO2: "JM"`) || !strings.Contains(string(src), "DO NOT EDIT") {
		t.Errorf("generated source:\n%s", src)
	}
}

func TestSimplifyDropsPointsWithinTolerance(t *testing.T) {
	line := []Point{{0, 0}, {1, 0.1}, {2, -0.1}, {3, 5}, {4, 0}}
	got := Simplify(line, 0.5)
	want := []Point{{0, 0}, {2, -0.1}, {3, 5}, {4, 0}}
	if len(got) != len(want) {
		t.Fatalf("Simplify = %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("Simplify = %v, want %v", got, want)
		}
	}
}

func TestParseLACReadsTheCountriesList(t *testing.T) {
	csv := "# comment\niso2,iso3,lac\nBR,BRA,true\nCN,CHN,false\n"
	got, err := parseLAC(strings.NewReader(csv))
	if err != nil {
		t.Fatal(err)
	}
	if !got["BR"] || got["CN"] || len(got) != 1 {
		t.Errorf("parseLAC = %v", got)
	}
}

func TestOverseasPartsAreCutOutOfTheirState(t *testing.T) {
	guiana := Polygon{Ring{{-54, 3}, {-52, 3}, {-52, 5}, {-54, 5}}}
	if got := partOf("250", guiana); got != "GF" {
		t.Errorf("partOf(France, a polygon at 53°W 4°N) = %q, want GF", got)
	}
	if got := partOf("250", Polygon{Ring{{2, 45}, {3, 45}, {3, 46}}}); got != "" {
		t.Errorf("metropolitan France: %q", got)
	}
}
