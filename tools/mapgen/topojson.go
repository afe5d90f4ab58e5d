package main

import (
	"encoding/json"
	"fmt"
)

// Topology is the part of a TopoJSON document the generator reads: the
// shared arcs, their quantization transform and the named objects.
type Topology struct {
	Type      string                        `json:"type"`
	Transform *Transform                    `json:"transform"`
	Arcs      [][][2]float64                `json:"arcs"`
	Objects   map[string]GeometryCollection `json:"objects"`
}

// Transform maps quantized integer positions to longitude and latitude.
type Transform struct {
	Scale     [2]float64 `json:"scale"`
	Translate [2]float64 `json:"translate"`
}

// GeometryCollection is a TopoJSON object holding many geometries.
type GeometryCollection struct {
	Geometries []Geometry `json:"geometries"`
}

// Geometry is a Polygon or MultiPolygon made of arc indexes (a negative
// index ~i is arc i reversed).
type Geometry struct {
	Type       string            `json:"type"`
	ID         string            `json:"id"`
	Properties map[string]string `json:"properties"`
	Arcs       json.RawMessage   `json:"arcs"`
}

// Point is a longitude/latitude pair, or a projected x/y pair.
type Point struct{ X, Y float64 }

// Ring is a closed sequence of points; Polygon is an outer ring and holes.
type (
	Ring    []Point
	Polygon []Ring
)

// DecodeArcs turns the delta-encoded quantized arcs into absolute
// longitude/latitude positions. Without a transform the arcs are absolute.
func (t *Topology) DecodeArcs() [][]Point {
	out := make([][]Point, len(t.Arcs))
	for i, arc := range t.Arcs {
		pts := make([]Point, len(arc))
		var x, y float64
		for j, p := range arc {
			if t.Transform == nil {
				pts[j] = Point{p[0], p[1]}
				continue
			}
			x += p[0]
			y += p[1]
			pts[j] = Point{x*t.Transform.Scale[0] + t.Transform.Translate[0], y*t.Transform.Scale[1] + t.Transform.Translate[1]}
		}
		out[i] = pts
	}
	return out
}

// Polygons stitches a geometry's rings out of decoded arcs: consecutive
// arcs share their joining point, which is kept once.
func (g Geometry) Polygons(arcs [][]Point) ([]Polygon, error) {
	var polys [][][]int
	switch g.Type {
	case "Polygon":
		var p [][]int
		if err := json.Unmarshal(g.Arcs, &p); err != nil {
			return nil, fmt.Errorf("geometry %s: %w", g.ID, err)
		}
		polys = [][][]int{p}
	case "MultiPolygon":
		if err := json.Unmarshal(g.Arcs, &polys); err != nil {
			return nil, fmt.Errorf("geometry %s: %w", g.ID, err)
		}
	case "", "GeometryCollection":
		return nil, nil // a null geometry
	default:
		return nil, fmt.Errorf("geometry %s: unsupported type %s", g.ID, g.Type)
	}
	out := make([]Polygon, 0, len(polys))
	for _, p := range polys {
		var poly Polygon
		for _, ringArcs := range p {
			var ring Ring
			for _, a := range ringArcs {
				rev := a < 0
				if rev {
					a = ^a
				}
				if a >= len(arcs) {
					return nil, fmt.Errorf("geometry %s: arc %d out of range", g.ID, a)
				}
				src := arcs[a]
				seg := make([]Point, len(src))
				for k := range src {
					if rev {
						seg[k] = src[len(src)-1-k]
					} else {
						seg[k] = src[k]
					}
				}
				if len(ring) > 0 {
					seg = seg[1:]
				}
				ring = append(ring, seg...)
			}
			poly = append(poly, ring)
		}
		out = append(out, poly)
	}
	return out, nil
}
