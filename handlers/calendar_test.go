package handlers_test

import (
	"context"
	"fmt"
	"html"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/puente-science/puente/auth"
	"github.com/puente-science/puente/i18n"
	"github.com/puente-science/puente/models"
	"github.com/puente-science/puente/testdb"
	"github.com/puente-science/puente/workflow"
)

func init() { extraSpecs = append(extraSpecs, calendarSpecs) }

// calendarSpecs: the feed is public, its token the credential (a wrong
// one is a missing record); the management pages are every signed-in
// user's own.
func calendarSpecs(t *testing.T, s *models.Store, users map[string]int64) map[string]spec {
	// Not one of the probing users: their own POST /me/calendar would
	// replace the token.
	owner := testUser(t, s, "calendar-owner@example.org", goodPassword, auth.Applicant)
	token, err := s.NewCalendarToken(context.Background(), owner.ID, models.AuditEntry{At: fixedNow})
	if err != nil {
		t.Fatal(err)
	}
	return map[string]spec{
		"GET /calendar/:token.ics": {who: anyone, own: "/calendar/" + token + ".ics",
			missing: "/calendar/" + strings.Repeat("0", 64) + ".ics"},
		"GET /me/calendar":         {who: signed, own: "/me/calendar"},
		"POST /me/calendar":        {who: signed, own: "/me/calendar"},
		"POST /me/calendar/revoke": {who: signed, own: "/me/calendar/revoke"},
	}
}

// icsProp is one property of a parsed iCalendar component.
type icsProp struct {
	params map[string]string
	value  string // TEXT values unescaped
}

// icsEvent is one VEVENT, its properties by name.
type icsEvent map[string]icsProp

var (
	icsName     = regexp.MustCompile(`^[A-Za-z0-9-]+$`)
	icsUTC      = regexp.MustCompile(`^\d{8}T\d{6}Z$`)
	icsDate     = regexp.MustCompile(`^\d{8}$`)
	icsTextProp = map[string]bool{"SUMMARY": true, "DESCRIPTION": true, "UID": true, "PRODID": true, "X-WR-CALNAME": true}
)

// parseICS is a strict RFC 5545 reader for what the feed must be: CRLF
// everywhere, no line over 75 octets, folded lines that unfold cleanly,
// well-formed content lines, BEGIN/END balanced, the calendar's required
// properties once each, and every event with one UID, DTSTAMP (UTC) and
// DTSTART (a date or a UTC time), TEXT values properly escaped and UIDs
// unique. It returns the calendar's own properties and its events.
func parseICS(t *testing.T, body string) (map[string]icsProp, []icsEvent) {
	t.Helper()
	if !strings.HasSuffix(body, "\r\n") {
		t.Fatal("ics: does not end with CRLF")
	}
	if strings.Contains(strings.ReplaceAll(body, "\r\n", ""), "\n") || strings.Contains(strings.ReplaceAll(body, "\r\n", ""), "\r") {
		t.Fatal("ics: a bare LF or CR")
	}
	physical := strings.Split(strings.TrimSuffix(body, "\r\n"), "\r\n")
	var lines []string
	for i, l := range physical {
		if len(l) > 75 {
			t.Errorf("ics: line %d is %d octets: %q", i+1, len(l), l)
		}
		if strings.HasPrefix(l, " ") || strings.HasPrefix(l, "\t") {
			if len(lines) == 0 {
				t.Fatal("ics: starts with a continuation line")
			}
			lines[len(lines)-1] += l[1:]
			continue
		}
		lines = append(lines, l)
	}
	cal := map[string]icsProp{}
	var events []icsEvent
	var stack []string
	uids := map[string]bool{}
	for i, l := range lines {
		name, params, value := splitContentLine(t, l)
		switch name {
		case "BEGIN":
			if len(stack) == 0 && (i != 0 || value != "VCALENDAR") {
				t.Fatalf("ics: first line %q", l)
			}
			if value == "VEVENT" {
				if len(stack) != 1 || stack[0] != "VCALENDAR" {
					t.Fatal("ics: VEVENT outside VCALENDAR")
				}
				events = append(events, icsEvent{})
			}
			stack = append(stack, value)
			continue
		case "END":
			if len(stack) == 0 || stack[len(stack)-1] != value {
				t.Fatalf("ics: END:%s does not close %v", value, stack)
			}
			stack = stack[:len(stack)-1]
			if len(stack) == 0 && i != len(lines)-1 {
				t.Fatal("ics: content after END:VCALENDAR")
			}
			continue
		}
		if icsTextProp[name] {
			value = unescapeText(t, name, value)
		}
		p := icsProp{params: params, value: value}
		target := cal
		if len(stack) == 2 && stack[1] == "VEVENT" {
			target = events[len(events)-1]
		} else if len(stack) != 1 {
			t.Fatalf("ics: property %s in %v", name, stack)
		}
		if _, dup := target[name]; dup {
			t.Errorf("ics: %s twice", name)
		}
		target[name] = p
	}
	if len(stack) != 0 {
		t.Fatalf("ics: unclosed %v", stack)
	}
	if cal["VERSION"].value != "2.0" || cal["PRODID"].value == "" {
		t.Errorf("ics: VERSION %q, PRODID %q", cal["VERSION"].value, cal["PRODID"].value)
	}
	for _, e := range events {
		for _, req := range []string{"UID", "DTSTAMP", "DTSTART"} {
			if _, ok := e[req]; !ok {
				t.Errorf("ics: event %q lacks %s", e["UID"].value, req)
			}
		}
		if uids[e["UID"].value] {
			t.Errorf("ics: UID %q twice", e["UID"].value)
		}
		uids[e["UID"].value] = true
		if !icsUTC.MatchString(e["DTSTAMP"].value) {
			t.Errorf("ics: DTSTAMP %q is not a UTC time", e["DTSTAMP"].value)
		}
		start := e["DTSTART"]
		switch {
		case start.params["VALUE"] == "DATE":
			if !icsDate.MatchString(start.value) {
				t.Errorf("ics: DTSTART;VALUE=DATE %q", start.value)
			}
			if end, ok := e["DTEND"]; ok && (end.params["VALUE"] != "DATE" || end.value <= start.value) {
				t.Errorf("ics: DTEND %v after DTSTART %v", end, start)
			}
		case !icsUTC.MatchString(start.value):
			t.Errorf("ics: DTSTART %q is neither a date nor a UTC time", start.value)
		}
	}
	return cal, events
}

// splitContentLine splits name *(";" param) ":" value, honouring quoted
// parameter values.
func splitContentLine(t *testing.T, l string) (string, map[string]string, string) {
	t.Helper()
	inQuote, colon := false, -1
	for i, r := range l {
		if r == '"' {
			inQuote = !inQuote
		}
		if r == ':' && !inQuote {
			colon = i
			break
		}
	}
	if colon < 0 {
		t.Fatalf("ics: no colon in %q", l)
	}
	head, value := l[:colon], l[colon+1:]
	parts := strings.Split(head, ";")
	if !icsName.MatchString(parts[0]) {
		t.Fatalf("ics: bad property name in %q", l)
	}
	params := map[string]string{}
	for _, p := range parts[1:] {
		k, v, ok := strings.Cut(p, "=")
		if !ok || !icsName.MatchString(k) {
			t.Fatalf("ics: bad parameter %q in %q", p, l)
		}
		params[strings.ToUpper(k)] = strings.Trim(v, `"`)
	}
	for _, r := range value {
		if r < 0x20 && r != '\t' || r == 0x7f {
			t.Errorf("ics: control character in %q", l)
		}
	}
	return strings.ToUpper(parts[0]), params, value
}

// unescapeText reads a TEXT value, refusing unescaped commas and
// semicolons and unknown escapes.
func unescapeText(t *testing.T, name, v string) string {
	t.Helper()
	var b strings.Builder
	for i := 0; i < len(v); i++ {
		switch c := v[i]; c {
		case '\\':
			if i+1 == len(v) {
				t.Errorf("ics: %s ends with a backslash", name)
				return b.String()
			}
			i++
			switch v[i] {
			case '\\', ';', ',':
				b.WriteByte(v[i])
			case 'n', 'N':
				b.WriteByte('\n')
			default:
				t.Errorf("ics: %s has the escape \\%c", name, v[i])
			}
		case ',', ';':
			t.Errorf("ics: %s has an unescaped %q: %q", name, c, v)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

func eventByUID(events []icsEvent, uid string) (icsEvent, bool) {
	for _, e := range events {
		if e["UID"].value == uid {
			return e, true
		}
	}
	return nil, false
}

var feedLink = regexp.MustCompile(`http://localhost:8080/calendar/([0-9a-f]{64})\.ics`)

// TestCalendarFeed: each user's feed holds their deadlines and nothing
// else, in their language, as valid iCalendar; the link is shown once,
// a new one replaces the old, and a wrong or revoked token gets 404.
func TestCalendarFeed(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		e := newEnv(t, s, -1)
		ctx := context.Background()
		db := s.DB()
		pi := testUser(t, s, "pi@example.org", goodPassword, auth.Applicant)
		officer := testUser(t, s, "officer@example.org", goodPassword, auth.Officer)
		reviewer := testUser(t, s, "reviewer@example.org", goodPassword, auth.Reviewer)
		director := testUser(t, s, "director@example.org", goodPassword, auth.Director)
		if err := db.Model(&models.User{}).Where("id = ?", pi.ID).Update("locale", "es").Error; err != nil {
			t.Fatal(err)
		}
		today := models.DateOf(fixedNow)

		active := projectFixture(t, s, pi.ID, workflow.Active)
		long := "Manglares, carbono; y clima: 红树林碳汇与气候变化研究 — a title long enough to be folded over several lines"
		if err := db.Model(&models.Project{}).Where("id = ?", active).
			Updates(map[string]any{"officer_id": officer.ID, "title_en": long}).Error; err != nil {
			t.Fatal(err)
		}
		var code string
		db.Model(&models.Project{}).Where("id = ?", active).Pluck("code", &code)
		reports := []models.Report{
			{ProjectID: active, Kind: models.ReportProgress, Seq: 1, DueOn: today.AddDays(10), Status: models.ReportDue},
			{ProjectID: active, Kind: models.ReportProgress, Seq: 2, DueOn: today.AddDays(-40), Status: models.ReportAccepted},
			{ProjectID: active, Kind: models.ReportFinal, Seq: 1, DueOn: today.AddDays(200), Status: models.ReportRevisionRequested},
		}
		for i := range reports {
			if err := db.Create(&reports[i]).Error; err != nil {
				t.Fatal(err)
			}
		}
		draft := projectFixture(t, s, pi.ID, workflow.Draft)
		var draftCall models.Call
		db.Raw("SELECT c.* FROM calls c JOIN projects p ON p.call_id = c.id WHERE p.id = ?", draft).Scan(&draftCall)
		other := testUser(t, s, "other@example.org", goodPassword, auth.Applicant)
		reviewed := projectFixture(t, s, other.ID, workflow.InReview)
		due := today.AddDays(5)
		a := models.ReviewAssignment{ProjectID: reviewed, ReviewerID: reviewer.ID, AssignedBy: officer.ID,
			Status: models.AssignmentAssigned, DueOn: &due, Round: 1}
		if err := db.Create(&a).Error; err != nil {
			t.Fatal(err)
		}
		title := "Officer's own call"
		own := models.Call{ChannelID: draftCall.ChannelID, Code: "OWN-1", Title: models.Texts{EN: &title},
			OpensAt: fixedNow.AddDate(0, -1, 0), ClosesAt: fixedNow.Add(72 * time.Hour), TimeZone: "UTC",
			BudgetCapMinor: 1000, Currency: "CNY", MinReviews: 1, ReportFrequencyMonths: 6,
			Status: models.CallPublished, CreatedBy: officer.ID}
		if err := db.Create(&own).Error; err != nil {
			t.Fatal(err)
		}

		// The applicant creates the feed on /me/calendar and sees the link once.
		b := e.browser()
		b.signIn(t, "pi@example.org", goodPassword)
		page := b.get(t, "/me/calendar")
		if page.status != http.StatusOK || feedLink.MatchString(page.body) {
			t.Fatalf("/me/calendar before: %d", page.status)
		}
		mustContain(t, page.body, `action="/me/calendar"`, "PU-T-PF-0")
		created := b.post(t, "/me/calendar", nil)
		m := feedLink.FindStringSubmatch(created.body)
		if created.status != http.StatusOK || m == nil {
			t.Fatalf("create: %d, no link", created.status)
		}
		if cc := created.header.Get("Cache-Control"); cc != "no-store" {
			t.Errorf("the page with the link is cacheable: %q", cc)
		}
		mustContain(t, created.body, "webcal://localhost:8080/calendar/"+m[1]+".ics")
		if again := b.get(t, "/me/calendar"); feedLink.MatchString(again.body) || !strings.Contains(again.body, `action="/me/calendar/revoke"`) {
			t.Error("the link is shown again, or the page does not offer to revoke it")
		}
		var stored []string
		db.Model(&models.User{}).Where("id = ?", pi.ID).Pluck("calendar_token_hash", &stored)
		if len(stored) != 1 || stored[0] != models.CalendarTokenHash(m[1]) {
			t.Fatalf("stored %v: not the token's hash", stored)
		}

		res := e.get(t, "/calendar/"+m[1]+".ics")
		if res.status != http.StatusOK {
			t.Fatalf("feed: %d", res.status)
		}
		if ct := res.header.Get("Content-Type"); ct != "text/calendar; charset=utf-8" {
			t.Errorf("Content-Type %q", ct)
		}
		if cc := res.header.Get("Cache-Control"); !strings.Contains(cc, "private") {
			t.Errorf("Cache-Control %q", cc)
		}
		cal, events := parseICS(t, res.body)
		if cal["METHOD"].value != "PUBLISH" || cal["CALSCALE"].value != "GREGORIAN" || cal["X-WR-CALNAME"].value != "Plazos de Puente · pi" {
			t.Errorf("calendar properties %v", cal)
		}
		if len(events) != 3 {
			t.Errorf("applicant: %d events, want 3 (two open reports, one draft's deadline)", len(events))
		}
		progress, ok := eventByUID(events, fmt.Sprintf("report-%d@localhost", reports[0].ID))
		if !ok {
			t.Fatal("no event for the due progress report")
		}
		if progress["SUMMARY"].value != "Vence el informe de avance 1 · "+code ||
			progress["DTSTART"].value != today.AddDays(10).Time().Format("20060102") || progress["DTSTART"].params["VALUE"] != "DATE" ||
			progress["DESCRIPTION"].value != long ||
			progress["URL"].value != fmt.Sprintf("http://localhost:8080/reports/%d", reports[0].ID) {
			t.Errorf("progress report event %v", progress)
		}
		if _, ok := eventByUID(events, fmt.Sprintf("report-%d@localhost", reports[1].ID)); ok {
			t.Error("an accepted report is in the feed")
		}
		final, _ := eventByUID(events, fmt.Sprintf("report-%d@localhost", reports[2].ID))
		if !strings.HasPrefix(final["SUMMARY"].value, "Vence el informe final") || !strings.Contains(final["DESCRIPTION"].value, "Se pidieron cambios") {
			t.Errorf("final report event %v", final)
		}
		deadline, ok := eventByUID(events, fmt.Sprintf("application-%d@localhost", draft))
		if !ok || deadline["DTSTART"].value != draftCall.ClosesAt.UTC().Format("20060102T150405Z") {
			t.Errorf("draft deadline %v, want the call closing at %s", deadline, draftCall.ClosesAt)
		}

		// The officer: the reports of the project they are responsible
		// for, and the closing of the call they created; not the
		// applicant's draft.
		ot, err := s.NewCalendarToken(ctx, officer.ID, models.AuditEntry{At: fixedNow})
		if err != nil {
			t.Fatal(err)
		}
		_, oev := parseICS(t, e.get(t, "/calendar/"+ot+".ics").body)
		if len(oev) != 3 {
			t.Errorf("officer: %d events, want 3", len(oev))
		}
		if r, ok := eventByUID(oev, fmt.Sprintf("report-%d@localhost", reports[0].ID)); !ok ||
			r["SUMMARY"].value != "Progress report 1 due · "+code || !strings.Contains(r["DESCRIPTION"].value, "You are the officer responsible") {
			t.Errorf("officer's report event %v", r)
		}
		if c, ok := eventByUID(oev, fmt.Sprintf("call-%d@localhost", own.ID)); !ok || c["SUMMARY"].value != "Call closes · OWN-1" {
			t.Errorf("officer's call event %v", c)
		}

		// The reviewer: their pending review.
		rt, _ := s.NewCalendarToken(ctx, reviewer.ID, models.AuditEntry{At: fixedNow})
		_, rev := parseICS(t, e.get(t, "/calendar/"+rt+".ics").body)
		if len(rev) != 1 || rev[0]["UID"].value != fmt.Sprintf("review-%d@localhost", a.ID) ||
			rev[0]["DTSTART"].value != due.Time().Format("20060102") {
			t.Errorf("reviewer's events %v", rev)
		}

		// The director: every published call's closing.
		dt, _ := s.NewCalendarToken(ctx, director.ID, models.AuditEntry{At: fixedNow})
		_, dev := parseICS(t, e.get(t, "/calendar/"+dt+".ics").body)
		var published int64
		db.Model(&models.Call{}).Where("status = ? AND closes_at >= ?", models.CallPublished, fixedNow.AddDate(0, 0, -30)).Count(&published)
		if int64(len(dev)) != published || published < 4 {
			t.Errorf("director: %d events, %d published calls", len(dev), published)
		}

		// Wrong, replaced and revoked tokens get 404.
		if res := e.get(t, "/calendar/"+strings.Repeat("ab", 32)+".ics"); res.status != http.StatusNotFound {
			t.Errorf("wrong token: %d", res.status)
		}
		if res := e.get(t, "/calendar/"+m[1]); res.status != http.StatusNotFound {
			t.Errorf("without .ics: %d", res.status)
		}
		renewed := feedLink.FindStringSubmatch(b.post(t, "/me/calendar", nil).body)
		if renewed == nil || renewed[1] == m[1] {
			t.Fatal("regenerating gave no new link")
		}
		if res := e.get(t, "/calendar/"+m[1]+".ics"); res.status != http.StatusNotFound {
			t.Errorf("replaced token: %d", res.status)
		}
		if res := e.get(t, "/calendar/"+renewed[1]+".ics"); res.status != http.StatusOK {
			t.Errorf("new token: %d", res.status)
		}
		revoked := b.post(t, "/me/calendar/revoke", nil)
		if revoked.status != http.StatusSeeOther || revoked.header.Get("Location") != "/me/calendar?revoked=1" {
			t.Fatalf("revoke: %d %q", revoked.status, revoked.header.Get("Location"))
		}
		if res := e.get(t, "/calendar/"+renewed[1]+".ics"); res.status != http.StatusNotFound {
			t.Errorf("revoked token: %d", res.status)
		}
		// The applicant reads Puente in Spanish.
		mustContain(t, b.get(t, "/me/calendar?revoked=1").body, html.EscapeString(i18n.Default().Message(i18n.ES, "calendar.me.notice.revoked")),
			`action="/me/calendar"`)
		var n int64
		db.Model(&models.AuditEntry{}).Where("actor_id = ? AND action IN ?", pi.ID,
			[]string{"account.calendar_link", "account.calendar_revoke"}).Count(&n)
		if n != 3 {
			t.Errorf("%d audit entries of the feed, want 3", n)
		}
		// A deactivated user's feed stops.
		if err := db.Model(&models.User{}).Where("id = ?", reviewer.ID).Update("active", false).Error; err != nil {
			t.Fatal(err)
		}
		if res := e.get(t, "/calendar/"+rt+".ics"); res.status != http.StatusNotFound {
			t.Errorf("deactivated user's feed: %d", res.status)
		}
	})
}
