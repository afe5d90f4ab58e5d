package models

import (
	"testing"
	"time"
)

func TestDate(t *testing.T) {
	d, err := ParseDate("2024-01-31")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		months int
		want   string
	}{{1, "2024-02-29"}, {2, "2024-03-31"}, {13, "2025-02-28"}, {-2, "2023-11-30"}, {0, "2024-01-31"}} {
		if got := d.AddMonths(c.months).String(); got != c.want {
			t.Errorf("AddMonths(%d) = %s, want %s", c.months, got, c.want)
		}
	}
	for _, bad := range []string{"2025-02-30", "2025-1-5", "", "31/01/2024"} {
		if _, err := ParseDate(bad); err == nil {
			t.Errorf("ParseDate(%q) accepted", bad)
		}
	}
	if e := d.AddDays(1); !d.Before(e) || !e.After(d) || d.After(e) || e.String() != "2024-02-01" || d.DaysUntil(e) != 1 {
		t.Errorf("AddDays/Before/After/DaysUntil wrong around %s", d)
	}
	if (Date{}).String() != "" || !(Date{}).IsZero() {
		t.Error("zero Date should format as empty")
	}
	if v, err := (Date{}).Value(); v != nil || err != nil {
		t.Errorf("zero Date Value = %v, %v; want NULL", v, err)
	}
	if v, _ := d.Value(); v != "2024-01-31" {
		t.Errorf("Value = %v", v)
	}
}

func TestDateScan(t *testing.T) {
	want := Date{2024, 1, 31}
	loc := time.FixedZone("UTC-5", -5*3600)
	for _, src := range []any{
		"2024-01-31", []byte("2024-01-31"), "2024-01-31T00:00:00Z", "2024-01-31 00:00:00+00:00",
		time.Date(2024, 1, 31, 0, 0, 0, 0, time.UTC), time.Date(2024, 1, 31, 23, 0, 0, 0, loc),
	} {
		var got Date
		if err := got.Scan(src); err != nil || got != want {
			t.Errorf("Scan(%#v) = %v, %v; want %v", src, got, err, want)
		}
	}
	for _, bad := range []any{"2024-02-30", 20240131, "tomorrow"} {
		var got Date
		if err := got.Scan(bad); err == nil {
			t.Errorf("Scan(%#v) accepted", bad)
		}
	}
}

func TestTexts(t *testing.T) {
	var x Texts
	x.Set("pt", "Olá")
	x.Set("en", "")
	if s, l := x.In("zh", "es"); s != "Olá" || l != "pt" {
		t.Errorf("In fell back to %q (%s), want the only text", s, l)
	}
	x.Set("es", "Hola")
	if s, l := x.In("zh", "es"); s != "Hola" || l != "es" {
		t.Errorf("In = %q (%s), want the original language", s, l)
	}
	if x.EN != nil || x.Empty() || !(Texts{}).Empty() {
		t.Error("Set with empty text should leave NULL; Empty wrong")
	}
	if n := (Names{EN: "Brazil", PT: "Brasil"}); n.In("pt") != "Brasil" || n.In("zh") != "Brazil" {
		t.Error("Names.In fallback wrong")
	}
}
