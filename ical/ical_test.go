package ical

import (
	"bytes"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestEscapeText(t *testing.T) {
	cases := map[string]string{
		"plain":                   "plain",
		`a\b`:                     `a\\b`,
		"x;y,z":                   `x\;y\,z`,
		"one\ntwo\r\nthree\rfour": `one\ntwo\nthree\nfour`,
		"tab\tkept\x00\x07gone":   "tab\tkeptgone",
		"中文，标点":                   "中文，标点",
		"bad\xffbyte":             "badbyte",
	}
	for in, want := range cases {
		if got := EscapeText(in); got != want {
			t.Errorf("EscapeText(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestFold: every physical line is at most 75 octets, continuations start
// with one space, no UTF-8 sequence is split, and unfolding gives back the
// line.
func TestFold(t *testing.T) {
	for _, line := range []string{
		"SHORT:x",
		"SUMMARY:" + strings.Repeat("a", 67),  // exactly 75
		"SUMMARY:" + strings.Repeat("a", 68),  // 76
		"SUMMARY:" + strings.Repeat("a", 300), // several folds
		"SUMMARY:" + strings.Repeat("项目报告", 40),
		"SUMMARY:é" + strings.Repeat("ção", 50),
	} {
		folded := Fold(line)
		if !strings.HasSuffix(folded, "\r\n") {
			t.Fatalf("%q does not end in CRLF", folded)
		}
		parts := strings.Split(strings.TrimSuffix(folded, "\r\n"), "\r\n")
		for i, p := range parts {
			if len(p) > 75 {
				t.Errorf("line %d of %q is %d octets", i, line, len(p))
			}
			if !utf8.ValidString(p) {
				t.Errorf("line %d of %q splits a UTF-8 sequence: %q", i, line, p)
			}
			if i > 0 && !strings.HasPrefix(p, " ") {
				t.Errorf("continuation %d of %q: %q", i, line, p)
			}
		}
		if len(line) <= 75 && len(parts) != 1 {
			t.Errorf("%d octets folded into %d lines", len(line), len(parts))
		}
		if got := strings.ReplaceAll(strings.TrimSuffix(folded, "\r\n"), "\r\n ", ""); got != line {
			t.Errorf("unfolded %q, want %q", got, line)
		}
	}
}

func TestEncode(t *testing.T) {
	stamp := time.Date(2026, 11, 27, 9, 30, 0, 0, time.UTC)
	shanghai := time.FixedZone("CST", 8*3600)
	c := Calendar{ProdID: "-//Puente//Calendar//EN", Name: "Puente, Ana", Refresh: time.Hour, Events: []Event{
		{UID: "report-1@example.org", Stamp: stamp, Start: time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC), AllDay: true,
			Summary: "Report due; PU-1", Description: "line one\nline two", URL: "https://example.org/reports/1"},
		{UID: "call-2@example.org", Stamp: stamp, Start: time.Date(2027, 1, 1, 7, 59, 59, 0, shanghai), Summary: "Call closes"},
	}}
	var b bytes.Buffer
	if err := c.Encode(&b); err != nil {
		t.Fatal(err)
	}
	want := strings.Join([]string{
		"BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Puente//Calendar//EN", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
		`X-WR-CALNAME:Puente\, Ana`, "REFRESH-INTERVAL;VALUE=DURATION:PT1H", "X-PUBLISHED-TTL:PT1H",
		"BEGIN:VEVENT", "UID:report-1@example.org", "DTSTAMP:20261127T093000Z", "DTSTART;VALUE=DATE:20261231",
		"DTEND;VALUE=DATE:20270101", `SUMMARY:Report due\; PU-1`, `DESCRIPTION:line one\nline two`,
		"URL;VALUE=URI:https://example.org/reports/1", "TRANSP:TRANSPARENT", "END:VEVENT",
		"BEGIN:VEVENT", "UID:call-2@example.org", "DTSTAMP:20261127T093000Z", "DTSTART:20261231T235959Z",
		"SUMMARY:Call closes", "TRANSP:TRANSPARENT", "END:VEVENT",
		"END:VCALENDAR", "",
	}, "\r\n")
	if got := b.String(); got != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
}
