// Command mapgen writes the map of Latin America and the Caribbean that
// views/components draws (lacmap_data.go) from the world-atlas package's
// TopoJSON (Natural Earth 1:50m admin-0 countries, public domain; the
// world-atlas packaging is ISC-licensed, © Michael Bostock). The output is
// committed, so Puente needs neither npm nor the data at run time:
//
//	npm ci && make map
//
// It keeps the Latin American and Caribbean countries and territories of
// refdata/data/countries.csv, matched by ISO 3166-1 numeric code. Natural
// Earth draws French Guiana, Guadeloupe and Martinique as parts of France
// and Bonaire, Sint Eustatius and Saba as part of the Netherlands; those
// are cut out of their state's polygons by the boxes in overseasParts. The
// shapes are projected (Mercator fitted to lon −118…−34, lat −56…33),
// simplified (Douglas–Peucker) and written as SVG paths; the Eastern
// Caribbean is drawn again, enlarged, in an inset, and a state still too
// small to see or click gets a marker circle at its centroid.
package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"go/format"
	"io"
	"log"
	"math"
	"os"
	"sort"
	"strings"
)

// Map geometry, in viewBox units.
const (
	lonMin, lonMax = -118.0, -34.0
	latMin, latMax = -56.0, 33.0
	mapWidth       = 800.0
	tolerance      = 0.4 // Douglas–Peucker, in rendered units
	smallSize      = 8.0 // a shape whose box is smaller gets a marker
	minRing        = 0.8 // islets smaller than this are dropped (never a country's largest ring)
)

// The Eastern Caribbean inset: the source box (lon/lat), its scale, and
// where the enlarged copy goes (the empty Pacific, bottom left).
var (
	insetLon   = [2]float64{-65.3, -59.2}
	insetLat   = [2]float64{11.8, 18.9}
	insetScale = 4.5
	insetAt    = Point{16, 0} // y is set from the map height
)

// isoNumeric maps the ISO 3166-1 numeric codes world-atlas uses as feature
// ids to the alpha-2 codes of the countries list.
var isoNumeric = map[string]string{
	"028": "AG", "032": "AR", "044": "BS", "052": "BB", "084": "BZ", "068": "BO", "076": "BR",
	"152": "CL", "170": "CO", "188": "CR", "192": "CU", "212": "DM", "214": "DO", "218": "EC",
	"222": "SV", "308": "GD", "320": "GT", "328": "GY", "332": "HT", "340": "HN", "388": "JM",
	"484": "MX", "558": "NI", "591": "PA", "600": "PY", "604": "PE", "659": "KN", "662": "LC",
	"670": "VC", "740": "SR", "780": "TT", "858": "UY", "862": "VE", "660": "AI", "533": "AW",
	"535": "BQ", "092": "VG", "136": "KY", "531": "CW", "238": "FK", "254": "GF", "312": "GP",
	"474": "MQ", "500": "MS", "630": "PR", "652": "BL", "663": "MF", "534": "SX", "796": "TC",
	"850": "VI",
}

// overseasPart is a territory Natural Earth includes in its state's
// feature: the polygons inside the box become the territory's shape.
type overseasPart struct {
	ISO2, From                     string // From: the state's numeric id
	LonMin, LonMax, LatMin, LatMax float64
}

// markerNudge moves the markers of neighbours that would otherwise sit on
// top of each other (Saint Martin and Sint Maarten share one island), in
// the units of the inset they are drawn in.
var markerNudge = map[string]Point{
	"MF": {-7, -4}, "SX": {-7, 5}, "AI": {0, -6}, "BL": {6, 2},
}

var overseasParts = []overseasPart{
	{"GF", "250", -55, -51, 2, 6.5},
	{"GP", "250", -62, -61, 15.8, 16.6},
	{"MQ", "250", -61.3, -60.7, 14.3, 15},
	{"BQ", "528", -69, -62.5, 11.5, 18},
}

func main() {
	in := flag.String("in", "node_modules/world-atlas/countries-50m.json", "world-atlas TopoJSON")
	countries := flag.String("countries", "refdata/data/countries.csv", "the countries list")
	out := flag.String("out", "views/components/lacmap_data.go", "generated Go file")
	flag.Parse()
	lac, err := readLAC(*countries)
	if err != nil {
		log.Fatal(err)
	}
	f, err := os.Open(*in)
	if err != nil {
		log.Fatalf("mapgen: %v (run npm ci first)", err)
	}
	defer f.Close()
	var topo Topology
	if err := json.NewDecoder(f).Decode(&topo); err != nil {
		log.Fatalf("mapgen: %s: %v", *in, err)
	}
	m, err := Build(&topo, lac)
	if err != nil {
		log.Fatal(err)
	}
	src, err := m.Go()
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(*out, src, 0o644); err != nil {
		log.Fatal(err)
	}
	fmt.Printf("mapgen: %d shapes, %d bytes → %s\n", len(m.Shapes), len(src), *out)
}

// readLAC returns the ISO alpha-2 codes the countries list marks as LAC.
func readLAC(path string) (map[string]bool, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return parseLAC(f)
}

func parseLAC(r io.Reader) (map[string]bool, error) {
	cr := csv.NewReader(r)
	cr.Comment = '#'
	recs, err := cr.ReadAll()
	if err != nil || len(recs) == 0 {
		return nil, fmt.Errorf("mapgen: countries list: %v", err)
	}
	col := map[string]int{}
	for i, h := range recs[0] {
		col[h] = i
	}
	iso, ok1 := col["iso2"]
	lacCol, ok2 := col["lac"]
	if !ok1 || !ok2 {
		return nil, fmt.Errorf("mapgen: countries list needs iso2 and lac columns")
	}
	out := map[string]bool{}
	for _, r := range recs[1:] {
		if r[lacCol] == "true" {
			out[r[iso]] = true
		}
	}
	return out, nil
}

// Shape is one country as the map draws it.
type Shape struct {
	ISO2      string
	Path      string  // on the main map
	InsetPath string  // in the Eastern Caribbean inset, if it is there
	CX, CY    float64 // the marker's centre (in the inset for inset shapes)
	Small     bool    // too small to see or click without a marker
}

// Map is the generator's result.
type Map struct {
	Width, Height float64
	Shapes        []Shape
	Context       string // neighbouring land, drawn grey and not linked
	InsetFrame    [4]float64
	InsetSource   [4]float64 // the area the inset enlarges, on the main map
}

// mercY is the Mercator ordinate of a latitude, in radians.
func mercY(lat float64) float64 {
	return math.Log(math.Tan(math.Pi/4 + lat*math.Pi/360))
}

// projection maps lon/lat to the main map's units.
type projection struct{ k float64 }

func newProjection() projection {
	return projection{k: mapWidth / ((lonMax - lonMin) * math.Pi / 180)}
}

func (p projection) height() float64 { return math.Round((mercY(latMax) - mercY(latMin)) * p.k) }

func (p projection) at(q Point) Point {
	lon := math.Max(lonMin-6, math.Min(lonMax+6, q.X)) // context land is clamped just outside the frame
	lat := math.Max(latMin-4, math.Min(latMax+4, q.Y))
	return Point{(lon - lonMin) * math.Pi / 180 * p.k, (mercY(latMax) - mercY(lat)) * p.k}
}

// Build selects, cuts, projects and simplifies the shapes.
func Build(t *Topology, lac map[string]bool) (*Map, error) {
	obj, ok := t.Objects["countries"]
	if !ok {
		return nil, fmt.Errorf("mapgen: no countries object")
	}
	arcs := t.DecodeArcs()
	byISO := map[string][]Polygon{}
	var context []Polygon
	for _, g := range obj.Geometries {
		polys, err := g.Polygons(arcs)
		if err != nil {
			return nil, err
		}
		iso := isoNumeric[g.ID]
		if iso != "" && lac[iso] {
			byISO[iso] = append(byISO[iso], polys...)
			continue
		}
		for _, p := range polys {
			if part := partOf(g.ID, p); part != "" && lac[part] {
				byISO[part] = append(byISO[part], p)
				continue
			}
			if intersectsView(p) {
				context = append(context, p)
			}
		}
	}
	var missing []string
	for iso := range lac {
		if len(byISO[iso]) == 0 {
			missing = append(missing, iso)
		}
	}
	if len(missing) > 0 {
		sort.Strings(missing)
		return nil, fmt.Errorf("mapgen: no shape for %s", strings.Join(missing, ", "))
	}
	pr := newProjection()
	m := &Map{Width: mapWidth, Height: pr.height()}
	src0, src1 := pr.at(Point{insetLon[0], insetLat[1]}), pr.at(Point{insetLon[1], insetLat[0]})
	m.InsetSource = [4]float64{src0.X, src0.Y, src1.X - src0.X, src1.Y - src0.Y}
	fw, fh := m.InsetSource[2]*insetScale, m.InsetSource[3]*insetScale
	at := Point{insetAt.X, m.Height - 16 - fh}
	m.InsetFrame = [4]float64{at.X, at.Y, fw, fh}
	toInset := func(q Point) Point {
		return Point{at.X + (q.X-src0.X)*insetScale, at.Y + (q.Y-src0.Y)*insetScale}
	}
	isos := make([]string, 0, len(byISO))
	for iso := range byISO {
		isos = append(isos, iso)
	}
	sort.Strings(isos)
	for _, iso := range isos {
		polys := byISO[iso]
		main := projectAll(polys, pr.at)
		sh := Shape{ISO2: iso, Path: pathOf(main, tolerance, false)}
		c := centroid(largest(main))
		box := bboxLL(largest(main))
		if c.X >= m.InsetSource[0] && c.X <= m.InsetSource[0]+m.InsetSource[2] &&
			c.Y >= m.InsetSource[1] && c.Y <= m.InsetSource[1]+m.InsetSource[3] {
			in := projectAll(polys, func(q Point) Point { return toInset(pr.at(q)) })
			sh.InsetPath = pathOf(in, tolerance, true)
			c, box = centroid(largest(in)), bboxLL(largest(in))
		}
		c.X, c.Y = c.X+markerNudge[iso].X, c.Y+markerNudge[iso].Y
		sh.CX, sh.CY = round1(c.X), round1(c.Y)
		sh.Small = math.Max(box[2]-box[0], box[3]-box[1]) < smallSize
		m.Shapes = append(m.Shapes, sh)
	}
	m.Context = pathOf(projectAll(context, pr.at), tolerance*2, false)
	return m, nil
}

// partOf names the territory a state's polygon belongs to, if any.
func partOf(id string, p Polygon) string {
	if len(p) == 0 {
		return ""
	}
	b := bboxLL(p[0])
	for _, o := range overseasParts {
		if o.From == id && b[0] >= o.LonMin && b[2] <= o.LonMax && b[1] >= o.LatMin && b[3] <= o.LatMax {
			return o.ISO2
		}
	}
	return ""
}

func intersectsView(p Polygon) bool {
	if len(p) == 0 {
		return false
	}
	b := bboxLL(p[0])
	if b[2]-b[0] > 180 { // a ring across the antimeridian (Fiji, Russia)
		return false
	}
	return b[2] >= lonMin && b[0] <= lonMax && b[3] >= latMin && b[1] <= latMax
}

func bboxLL(r Ring) [4]float64 {
	b := [4]float64{math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)}
	for _, q := range r {
		b[0], b[1] = math.Min(b[0], q.X), math.Min(b[1], q.Y)
		b[2], b[3] = math.Max(b[2], q.X), math.Max(b[3], q.Y)
	}
	return b
}

func projectAll(polys []Polygon, f func(Point) Point) []Polygon {
	out := make([]Polygon, len(polys))
	for i, p := range polys {
		out[i] = make(Polygon, len(p))
		for j, r := range p {
			out[i][j] = make(Ring, len(r))
			for k, q := range r {
				out[i][j][k] = f(q)
			}
		}
	}
	return out
}

// area is a ring's signed area (shoelace).
func area(r Ring) float64 {
	var a float64
	for i := range r {
		j := (i + 1) % len(r)
		a += r[i].X*r[j].Y - r[j].X*r[i].Y
	}
	return a / 2
}

func largest(polys []Polygon) Ring {
	var best Ring
	var bestA float64 = -1
	for _, p := range polys {
		if len(p) > 0 {
			if a := math.Abs(area(p[0])); a > bestA {
				best, bestA = p[0], a
			}
		}
	}
	return best
}

// centroid is a ring's area centroid (its mean point when degenerate).
func centroid(r Ring) Point {
	var cx, cy, a float64
	for i := range r {
		j := (i + 1) % len(r)
		f := r[i].X*r[j].Y - r[j].X*r[i].Y
		cx += (r[i].X + r[j].X) * f
		cy += (r[i].Y + r[j].Y) * f
		a += f
	}
	if math.Abs(a) < 1e-9 {
		var s Point
		for _, q := range r {
			s.X += q.X
			s.Y += q.Y
		}
		n := float64(max(len(r), 1))
		return Point{s.X / n, s.Y / n}
	}
	return Point{cx / (3 * a), cy / (3 * a)}
}

// Simplify is Douglas–Peucker on an open polyline.
func Simplify(pts []Point, tol float64) []Point {
	if len(pts) < 3 {
		return pts
	}
	keep := make([]bool, len(pts))
	keep[0], keep[len(pts)-1] = true, true
	var rec func(a, b int)
	rec = func(a, b int) {
		var maxD float64
		idx := -1
		for i := a + 1; i < b; i++ {
			if d := segDist(pts[i], pts[a], pts[b]); d > maxD {
				maxD, idx = d, i
			}
		}
		if idx >= 0 && maxD > tol {
			keep[idx] = true
			rec(a, idx)
			rec(idx, b)
		}
	}
	rec(0, len(pts)-1)
	out := make([]Point, 0, len(pts))
	for i, k := range keep {
		if k {
			out = append(out, pts[i])
		}
	}
	return out
}

func segDist(p, a, b Point) float64 {
	dx, dy := b.X-a.X, b.Y-a.Y
	if dx == 0 && dy == 0 {
		return math.Hypot(p.X-a.X, p.Y-a.Y)
	}
	t := ((p.X-a.X)*dx + (p.Y-a.Y)*dy) / (dx*dx + dy*dy)
	t = math.Max(0, math.Min(1, t))
	return math.Hypot(p.X-(a.X+t*dx), p.Y-(a.Y+t*dy))
}

// simplifyRing keeps a closed ring closed: it splits it at its farthest
// point from the start so both halves keep their ends.
func simplifyRing(r Ring, tol float64) Ring {
	if len(r) < 5 {
		return r
	}
	far, farD := 0, -1.0
	for i, q := range r {
		if d := math.Hypot(q.X-r[0].X, q.Y-r[0].Y); d > farD {
			far, farD = i, d
		}
	}
	a := Simplify(r[:far+1], tol)
	b := Simplify(r[far:], tol)
	return append(a[:len(a)-1:len(a)-1], b...)
}

// pathOf writes polygons as SVG path data, one decimal. Islets smaller
// than minRing are dropped unless keepAll (or they are the only ring).
func pathOf(polys []Polygon, tol float64, keepAll bool) string {
	big := largest(polys)
	var sb strings.Builder
	for _, p := range polys {
		for ri, r := range p {
			if len(r) == 0 {
				continue
			}
			b := bboxLL(r)
			tiny := math.Max(b[2]-b[0], b[3]-b[1]) < minRing
			if tiny && !keepAll && (ri > 0 || len(big) == 0 || &r[0] != &big[0]) {
				continue
			}
			s := simplifyRing(r, tol)
			if len(s) > 1 && s[0] == s[len(s)-1] {
				s = s[:len(s)-1]
			}
			if len(s) < 3 {
				s = r // too small to simplify: keep it whole
				if len(s) > 1 && s[0] == s[len(s)-1] {
					s = s[:len(s)-1]
				}
			}
			var prev string
			for i, q := range s {
				pt := num(q.X) + " " + num(q.Y)
				if pt == prev {
					continue
				}
				if i == 0 {
					sb.WriteString("M")
				} else {
					sb.WriteString("L")
				}
				sb.WriteString(pt)
				prev = pt
			}
			sb.WriteString("Z")
		}
	}
	return sb.String()
}

func round1(f float64) float64 { return math.Round(f*10) / 10 }

func num(f float64) string {
	s := fmt.Sprintf("%.1f", round1(f))
	s = strings.TrimSuffix(s, ".0")
	if s == "-0" {
		s = "0"
	}
	return s
}

// Go renders the generated file.
func (m *Map) Go() ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(`// Code generated by tools/mapgen from world-atlas countries-50m.json; DO NOT EDIT.
// Shapes: Natural Earth 1:50m admin-0 countries (public domain,
// naturalearthdata.com), via the world-atlas npm package (ISC, © Michael
// Bostock). Regenerate with: npm ci && make map

package components

`)
	fmt.Fprintf(&b, "const lacWidth, lacHeight = %s, %s\n\n", num(m.Width), num(m.Height))
	fmt.Fprintf(&b, "var lacInsetFrame = [4]float64{%s, %s, %s, %s}\n\n", num(m.InsetFrame[0]), num(m.InsetFrame[1]), num(m.InsetFrame[2]), num(m.InsetFrame[3]))
	fmt.Fprintf(&b, "var lacInsetSource = [4]float64{%s, %s, %s, %s}\n\n", num(m.InsetSource[0]), num(m.InsetSource[1]), num(m.InsetSource[2]), num(m.InsetSource[3]))
	fmt.Fprintf(&b, "const lacContext = %q\n\n", m.Context)
	b.WriteString("var lacShapes = []lacShape{\n")
	for _, s := range m.Shapes {
		fmt.Fprintf(&b, "\t{ISO2: %q, CX: %s, CY: %s, Small: %t,\n\t\tPath: %q", s.ISO2, num(s.CX), num(s.CY), s.Small, s.Path)
		if s.InsetPath != "" {
			fmt.Fprintf(&b, ",\n\t\tInsetPath: %q", s.InsetPath)
		}
		b.WriteString("},\n")
	}
	b.WriteString("}\n")
	return format.Source(b.Bytes())
}
