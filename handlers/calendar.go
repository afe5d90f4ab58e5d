package handlers

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/puente-science/puente/i18n"
	"github.com/puente-science/puente/ical"
	"github.com/puente-science/puente/models"
)

// calendarProdID names Puente as the maker of its feeds (RFC 5545 §3.7.3).
const calendarProdID = "-//Puente//Deadlines 1.0//EN"

// calendarEntry is one deadline of a user's calendar, before it becomes an
// iCalendar event or a line of the preview on /me/calendar.
type calendarEntry struct {
	UID         string // unique within Puente; the feed adds "@host"
	AllDay      bool
	On          models.Date // AllDay: the day
	At          time.Time   // otherwise: the instant
	Summary     string
	Description string
	Path        string // where it is dealt with
}

// when is the moment the entry sorts by.
func (e calendarEntry) when() time.Time {
	if e.AllDay {
		return e.On.Time()
	}
	return e.At
}

// showCalendarFeed answers /calendar/:token.ics, a public address whose
// secret is the token: the owner's deadlines as an iCalendar feed, in the
// owner's language. A wrong or revoked token gets 404.
func (h *Handler) showCalendarFeed(c *fiber.Ctx) error {
	token := strings.Clone(c.Params("token"))
	o, err := h.Store.CalendarOwnerByToken(c.UserContext(), token)
	if err != nil {
		return err
	}
	lang, ok := i18n.Parse(o.Locale)
	if !ok {
		lang = i18n.EN
	}
	catalog := h.Catalog
	if catalog == nil {
		catalog = i18n.Default()
	}
	ctx := i18n.WithLocalizer(c.UserContext(), i18n.Localizer{Lang: lang, Catalog: catalog})
	now := h.Now().UTC()
	feed, err := h.Store.CalendarFeedFor(ctx, o.ID, o.Roles, now)
	if err != nil {
		return err
	}
	base := strings.TrimRight(h.Config.BaseURL.String(), "/")
	host := h.Config.BaseURL.Hostname()
	cal := ical.Calendar{ProdID: calendarProdID, Name: i18n.T(ctx, "calendar.name", "name", o.Name), Refresh: time.Hour}
	for _, e := range calendarEntries(ctx, feed, o.ID) {
		ev := ical.Event{UID: e.UID + "@" + host, Stamp: now, AllDay: e.AllDay, Start: e.At,
			Summary: e.Summary, Description: e.Description, URL: base + e.Path}
		if e.AllDay {
			ev.Start = e.On.Time()
		}
		cal.Events = append(cal.Events, ev)
	}
	c.Set(fiber.HeaderContentType, "text/calendar; charset=utf-8")
	c.Set(fiber.HeaderContentLanguage, string(lang))
	c.Set(fiber.HeaderContentDisposition, `inline; filename="puente.ics"`)
	c.Set(fiber.HeaderCacheControl, "private, max-age=0, must-revalidate")
	c.Set("X-Robots-Tag", "noindex")
	return cal.Encode(c.Response().BodyWriter())
}

// calendarEntries turns a user's deadlines into calendar entries in the
// context's language, soonest first.
func calendarEntries(ctx context.Context, f *models.CalendarFeed, userID int64) []calendarEntry {
	lang := string(i18n.LangOf(ctx))
	id := func(n int64) string { return strconv.FormatInt(n, 10) }
	out := make([]calendarEntry, 0, len(f.Reports)+len(f.Reviews)+len(f.Applications)+len(f.Calls))
	for _, r := range f.Reports {
		title, _ := r.Title.In(lang, r.Lang)
		e := calendarEntry{UID: "report-" + id(r.ID), AllDay: true, On: r.DueOn, Path: "/reports/" + id(r.ID)}
		if r.Kind == models.ReportFinal {
			e.Summary = i18n.T(ctx, "calendar.report.final", "code", r.Code)
		} else {
			e.Summary = i18n.T(ctx, "calendar.report.progress", "code", r.Code, "seq", r.Seq)
		}
		lines := []string{title}
		if r.Status == models.ReportRevisionRequested {
			lines = append(lines, i18n.T(ctx, "calendar.report.revision"))
		}
		if r.PIUserID != userID {
			lines = append(lines, i18n.T(ctx, "calendar.report.officer"))
		}
		e.Description = strings.Join(lines, "\n")
		out = append(out, e)
	}
	for _, r := range f.Reviews {
		title, _ := r.Title.In(lang, r.Lang)
		out = append(out, calendarEntry{UID: "review-" + id(r.ID), AllDay: true, On: r.DueOn,
			Summary: i18n.T(ctx, "calendar.review", "code", r.Code), Description: title, Path: "/reviews/" + id(r.ID)})
	}
	for _, a := range f.Applications {
		title, _ := a.Title.In(lang, a.Lang)
		out = append(out, calendarEntry{UID: "application-" + id(a.ProjectID), At: a.ClosesAt,
			Summary:     i18n.T(ctx, "calendar.application", "code", a.Code, "call", a.CallCode),
			Description: title + "\n" + i18n.T(ctx, "calendar.application.note"),
			Path:        "/projects/" + id(a.ProjectID) + "/edit"})
	}
	for _, cl := range f.Calls {
		title, _ := cl.Title.In(lang, "en")
		out = append(out, calendarEntry{UID: "call-" + id(cl.ID), At: cl.ClosesAt,
			Summary: i18n.T(ctx, "calendar.call", "code", cl.Code), Description: title, Path: "/calls/" + id(cl.ID)})
	}
	sortEntries(out)
	return out
}

// sortEntries orders entries by their moment, then by UID, so the feed is
// the same on every load.
func sortEntries(es []calendarEntry) {
	slices.SortStableFunc(es, func(a, b calendarEntry) int {
		if c := a.when().Compare(b.when()); c != 0 {
			return c
		}
		return strings.Compare(a.UID, b.UID)
	})
}
