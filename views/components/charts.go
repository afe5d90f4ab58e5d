package components

import (
	"math"
	"slices"
	"strconv"
	"unicode/utf8"
)

// BarItem is one bar: a label, a value already formatted for the reader,
// the raw value for scale, an optional link and an optional target (on the
// same scale as Value, 0..Max) drawn as a marker.
type BarItem struct {
	Label, Display, Href string
	Value                float64
	Target               float64
	HasTarget            bool
}

// BarChart is a horizontal bar chart. Max 0 scales to the largest value
// (or target).
type BarChart struct {
	Title, ID                string
	Items                    []BarItem
	Max                      float64
	ValueHeader, LabelHeader string
	// TableElsewhere leaves the data table out: the page shows the same
	// figures in a table of its own next to the chart.
	TableElsewhere bool
	// CaptionHidden keeps the title for screen readers only: the card the
	// chart sits in already shows it as a heading.
	CaptionHidden bool
}

// LinePoint is one point of a series: X is the category (a year), Y the raw
// value, Display the value formatted for the reader, Href an optional link.
type LinePoint struct {
	X       string
	Y       float64
	Display string
	Href    string
}

// LineSeries is one named line.
type LineSeries struct {
	Name   string
	Points []LinePoint
}

// LineChart is one or more series over the same categories (years).
type LineChart struct {
	Title, ID        string
	Series           []LineSeries
	YHeader, XHeader string
}

// Gauge is a share against its target (both 0..1). Display says the share
// and how it stands against the target ("32 % · on track"); TargetDisplay
// says the target.
type Gauge struct {
	Label, Display, TargetDisplay, Href string
	Share, Target                       float64
}

// Geometry of the bar chart, in CSS pixels: one row is a label line over a
// bar. Horizontal positions are percentages of the chart's width, so the
// chart fills any width without stretching its text.
const (
	barRowH     = 44
	barLabelY   = 16
	barTop      = 22
	barH        = 14
	barLabelMax = 42
)

func (c BarChart) scale() float64 {
	m := c.Max
	if m <= 0 {
		for _, it := range c.Items {
			m = math.Max(m, it.Value)
			if it.HasTarget {
				m = math.Max(m, it.Target)
			}
		}
	}
	if m <= 0 {
		m = 1
	}
	return m
}

func (c BarChart) height() string { return strconv.Itoa(len(c.Items)*barRowH + 4) }

func (c BarChart) width(it BarItem) string {
	w := it.Value / c.scale()
	if it.Value > 0 && w < 0.004 {
		w = 0.004 // a sliver, so a small non-zero value is still seen
	}
	return pct(w) + "%"
}

func (c BarChart) targetX(it BarItem) string { return pct(it.Target/c.scale()) + "%" }

func (c BarChart) hasLinks() bool {
	for _, it := range c.Items {
		if it.Href != "" {
			return true
		}
	}
	return false
}

func rowY(i, off int) string { return strconv.Itoa(i*barRowH + off) }

// shortLabel keeps a label to one line; the whole label is in the bar's
// tooltip and in the data table.
func shortLabel(s string) string {
	if utf8.RuneCountInString(s) <= barLabelMax {
		return s
	}
	r := []rune(s)
	return string(r[:barLabelMax-1]) + "…"
}

// chartRole: a chart whose marks are links is a group of links; one without
// links is a single image described by its title and table.
func chartRole(links bool) string {
	if links {
		return "group"
	}
	return "img"
}

// Line chart geometry: the plot is drawn in a 1000×lineH box stretched to
// the chart's width (lines keep their stroke width); labels are placed in
// percentages outside it so they never stretch.
const (
	lineH      = 220
	linePadTop = 20
	lineAxisH  = 28
)

func (c LineChart) categories() []string {
	var xs []string
	seen := map[string]bool{}
	for _, s := range c.Series {
		for _, p := range s.Points {
			if !seen[p.X] {
				seen[p.X] = true
				xs = append(xs, p.X)
			}
		}
	}
	// Series may cover different years: when every category is a number
	// (a year), they share one axis in numeric order.
	nums := make(map[string]int, len(xs))
	for _, x := range xs {
		n, err := strconv.Atoi(x)
		if err != nil {
			return xs
		}
		nums[x] = n
	}
	slices.SortFunc(xs, func(a, b string) int { return nums[a] - nums[b] })
	return xs
}

// max is the top of the value axis: four grid steps of 1, 2 or 5 times a
// power of ten, so the axis reads in round numbers.
func (c LineChart) max() float64 {
	m := 0.0
	for _, s := range c.Series {
		for _, p := range s.Points {
			m = math.Max(m, p.Y)
		}
	}
	return 4 * niceStep(m/4)
}

// niceStep rounds v up to 1, 2 or 5 times a power of ten (at least 1).
func niceStep(v float64) float64 {
	if v <= 1 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(v)))
	for _, f := range []float64{1, 2, 5, 10} {
		if f*p >= v {
			return f * p
		}
	}
	return 10 * p
}

func (c LineChart) index() map[string]int {
	idx := map[string]int{}
	for i, x := range c.categories() {
		idx[x] = i
	}
	return idx
}

// xFrac is the horizontal centre of category i of n, 0..1.
func xFrac(i, n int) float64 {
	if n == 0 {
		return 0.5
	}
	return (float64(i) + 0.5) / float64(n)
}

func (c LineChart) plotY(y float64) float64 {
	return float64(linePadTop) + (1-y/c.max())*float64(lineH-linePadTop)
}

func (c LineChart) points(s LineSeries) string {
	idx := c.index()
	n := len(idx)
	out := make([]byte, 0, len(s.Points)*16)
	for i, p := range s.Points {
		if i > 0 {
			out = append(out, ' ')
		}
		out = strconv.AppendFloat(out, xFrac(idx[p.X], n)*1000, 'f', 1, 64)
		out = append(out, ',')
		out = strconv.AppendFloat(out, c.plotY(p.Y), 'f', 1, 64)
	}
	return string(out)
}

func (c LineChart) px(p LinePoint) string {
	idx := c.index()
	return strconv.FormatFloat(xFrac(idx[p.X], len(idx))*1000, 'f', 1, 64)
}

func (c LineChart) py(p LinePoint) string {
	return strconv.FormatFloat(c.plotY(p.Y), 'f', 1, 64)
}

func (c LineChart) xLabelX(i int) string {
	return strconv.FormatFloat(xFrac(i, len(c.categories()))*100, 'f', 2, 64) + "%"
}

// showX thins the axis labels so that about a dozen are drawn.
func (c LineChart) showX(i int) bool {
	n := len(c.categories())
	step := (n + 11) / 12
	if step < 1 {
		step = 1
	}
	return i%step == 0 || i == n-1
}

type gridLine struct {
	Y     string
	Value float64 // labelled in the reader's format (i18n.NumberCompact)
}

func (c LineChart) grid() []gridLine {
	m := c.max()
	out := make([]gridLine, 0, 5)
	for k := 0; k <= 4; k++ {
		v := m * float64(k) / 4
		out = append(out, gridLine{Y: strconv.FormatFloat(c.plotY(v), 'f', 1, 64), Value: v})
	}
	return out
}

func (c LineChart) totalH() string { return strconv.Itoa(lineH + lineAxisH) }

func (c LineChart) hasLinks() bool {
	for _, s := range c.Series {
		for _, p := range s.Points {
			if p.Href != "" {
				return true
			}
		}
	}
	return false
}

// cell is the value of series s at category x, "" when it has none.
func (s LineSeries) cell(x string) (LinePoint, bool) {
	for _, p := range s.Points {
		if p.X == x {
			return p, true
		}
	}
	return LinePoint{}, false
}

func seriesClass(i int) string { return "chart-s" + strconv.Itoa(i%6) }

func gaugeWidth(f float64) string { return pct(f) + "%" }
