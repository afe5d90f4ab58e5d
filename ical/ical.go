// Package ical writes iCalendar (RFC 5545) feeds: a published calendar of
// events, each an all-day date or an instant in UTC. It writes what
// Puente's calendar feed needs and nothing else, strictly: CRLF line
// endings, lines folded at 75 octets without splitting a UTF-8 sequence,
// and TEXT values escaped.
package ical

import (
	"bufio"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// maxLine is the longest a content line may be, in octets, before the
// CRLF (RFC 5545 §3.1).
const maxLine = 75

// Calendar is one VCALENDAR published as a feed.
type Calendar struct {
	ProdID string // e.g. "-//Puente//Calendar 1.0//EN"
	Name   string // X-WR-CALNAME, the name calendar apps show
	// Refresh asks subscribers to reload this often (REFRESH-INTERVAL and
	// X-PUBLISHED-TTL); zero leaves it to them.
	Refresh time.Duration
	Events  []Event
}

// Event is one VEVENT: a deadline.
type Event struct {
	UID   string    // stable across reloads, globally unique
	Stamp time.Time // DTSTAMP: when this copy was produced
	// Start is the instant the event happens; with AllDay only its date
	// counts, and the event lasts that whole day.
	Start       time.Time
	AllDay      bool
	Summary     string
	Description string
	URL         string // an absolute address
}

// Encode writes the calendar to w.
func (c Calendar) Encode(w io.Writer) error {
	bw := bufio.NewWriter(w)
	line := func(name, value string) { writeLine(bw, name+":"+value) }
	line("BEGIN", "VCALENDAR")
	line("VERSION", "2.0")
	line("PRODID", EscapeText(c.ProdID))
	line("CALSCALE", "GREGORIAN")
	line("METHOD", "PUBLISH")
	if c.Name != "" {
		line("X-WR-CALNAME", EscapeText(c.Name))
	}
	if c.Refresh > 0 {
		d := duration(c.Refresh)
		line("REFRESH-INTERVAL;VALUE=DURATION", d)
		line("X-PUBLISHED-TTL", d)
	}
	for _, e := range c.Events {
		line("BEGIN", "VEVENT")
		line("UID", EscapeText(e.UID))
		line("DTSTAMP", utc(e.Stamp))
		if e.AllDay {
			line("DTSTART;VALUE=DATE", date(e.Start))
			next := time.Date(e.Start.Year(), e.Start.Month(), e.Start.Day()+1, 0, 0, 0, 0, time.UTC)
			line("DTEND;VALUE=DATE", date(next))
		} else {
			line("DTSTART", utc(e.Start))
		}
		line("SUMMARY", EscapeText(e.Summary))
		if e.Description != "" {
			line("DESCRIPTION", EscapeText(e.Description))
		}
		if e.URL != "" {
			line("URL;VALUE=URI", noBreaks(e.URL))
		}
		// Deadlines do not make anyone busy.
		line("TRANSP", "TRANSPARENT")
		line("END", "VEVENT")
	}
	line("END", "VCALENDAR")
	return bw.Flush()
}

// EscapeText escapes a TEXT value (RFC 5545 §3.3.11): backslash, semicolon,
// comma and line breaks; other control characters, which TEXT forbids, are
// dropped.
func EscapeText(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == '\\':
			b.WriteString(`\\`)
		case r == ';':
			b.WriteString(`\;`)
		case r == ',':
			b.WriteString(`\,`)
		case r == '\r':
			if i < len(s) && s[i] == '\n' {
				i++
			}
			b.WriteString(`\n`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteRune(r)
		case r < 0x20 || r == 0x7f || r == utf8.RuneError && size == 1:
			// forbidden in TEXT, or not UTF-8 at all
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Fold splits a content line into lines of at most 75 octets, each
// continuation starting with a space, never inside a UTF-8 sequence, and
// ends every line with CRLF.
func Fold(line string) string {
	var b strings.Builder
	limit := maxLine
	for len(line) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(line[cut]) {
			cut--
		}
		b.WriteString(line[:cut])
		b.WriteString("\r\n ")
		line = line[cut:]
		limit = maxLine - 1 // the leading space counts
	}
	b.WriteString(line)
	b.WriteString("\r\n")
	return b.String()
}

func writeLine(w *bufio.Writer, line string) { _, _ = w.WriteString(Fold(line)) }

func utc(t time.Time) string { return t.UTC().Format("20060102T150405Z") }

func date(t time.Time) string { return t.Format("20060102") }

// duration writes d as an RFC 5545 duration in whole minutes or more.
func duration(d time.Duration) string {
	if d%time.Hour == 0 {
		return "PT" + strconv.Itoa(int(d/time.Hour)) + "H"
	}
	return "PT" + strconv.Itoa(int(max(d/time.Minute, 1))) + "M"
}

// noBreaks keeps a URI value on one logical line.
func noBreaks(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f {
			return -1
		}
		return r
	}, s)
}
