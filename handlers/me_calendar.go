package handlers

import (
	"slices"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/puente-science/puente/auth"
	"github.com/puente-science/puente/i18n"
	"github.com/puente-science/puente/models"
	"github.com/puente-science/puente/views/pages"
)

// calendarPreview is how many coming deadlines /me/calendar lists.
const calendarPreview = 8

// showMeCalendar is /me/calendar: whether the user has a feed, what it
// holds for their roles, and their next deadlines.
func (h *Handler) showMeCalendar(c *fiber.Ctx) error {
	v, err := h.meCalendarView(c)
	if err != nil {
		return err
	}
	if c.Query("revoked") == "1" {
		v.Notice = "calendar.me.notice.revoked"
	}
	return render(c, pages.MeCalendar(v))
}

// createCalendarLink issues a new feed address, replacing any earlier one,
// and shows it this once: only its hash is kept. The answer is the page
// itself, not a redirect, so the secret never sits in an address or the
// browser's history.
func (h *Handler) createCalendarLink(c *fiber.Ctx) error {
	su := currentUser(c)
	token, err := h.Store.NewCalendarToken(c.UserContext(), su.UserID, h.accountAudit(c))
	if err != nil {
		return err
	}
	v, err := h.meCalendarView(c)
	if err != nil {
		return err
	}
	base := strings.TrimRight(h.Config.BaseURL.String(), "/")
	v.Link = base + "/calendar/" + token + ".ics"
	v.Webcal = "webcal://" + strings.TrimPrefix(strings.TrimPrefix(v.Link, "https://"), "http://")
	v.Notice = "calendar.me.notice.created"
	noStore(c)
	return render(c, pages.MeCalendar(v))
}

// revokeCalendarLink ends the feed: its address answers 404 from now on.
func (h *Handler) revokeCalendarLink(c *fiber.Ctx) error {
	su := currentUser(c)
	if err := h.Store.RevokeCalendarToken(c.UserContext(), su.UserID, h.accountAudit(c)); err != nil {
		return err
	}
	return c.Redirect("/me/calendar?revoked=1", fiber.StatusSeeOther)
}

// accountAudit is the audit entry of a change the user makes to their own
// account: who, when, from where.
func (h *Handler) accountAudit(c *fiber.Ctx) models.AuditEntry {
	su := currentUser(c)
	m := meta(c)
	return models.AuditEntry{At: h.Now().UTC(), ActorID: &su.UserID, IP: &m.IP, RequestID: &m.RequestID}
}

func (h *Handler) meCalendarView(c *fiber.Ctx) (pages.MeCalendarView, error) {
	ctx := c.UserContext()
	su := currentUser(c)
	var v pages.MeCalendarView
	var err error
	if v.Active, err = h.Store.HasCalendarToken(ctx, su.UserID); err != nil {
		return v, err
	}
	roles := su.Roles
	v.Includes = []string{"calendar.includes.reports", "calendar.includes.applications"}
	if slices.Contains(roles, auth.Reviewer) {
		v.Includes = append(v.Includes, "calendar.includes.reviews")
	}
	if slices.Contains(roles, auth.Officer) {
		v.Includes = append(v.Includes, "calendar.includes.officer_reports")
	}
	switch {
	case slices.Contains(roles, auth.Director):
		v.Includes = append(v.Includes, "calendar.includes.all_calls")
	case slices.Contains(roles, auth.Officer):
		v.Includes = append(v.Includes, "calendar.includes.own_calls")
	}
	now := h.Now().UTC()
	feed, err := h.Store.CalendarFeedFor(ctx, su.UserID, roles, now)
	if err != nil {
		return v, err
	}
	loc := readerLocation(c)
	today := models.DateOf(now.In(loc))
	for _, e := range calendarEntries(ctx, feed, su.UserID) {
		it := pages.CalendarItem{Summary: e.Summary, Href: e.Path}
		if e.AllDay {
			if e.On.Before(today) {
				it.Overdue = true
			}
			it.When = i18n.Date(ctx, e.On.Time())
		} else {
			if e.At.Before(now) {
				continue // a closing time gone by is no longer a deadline
			}
			it.When = i18n.DateTime(ctx, e.At, loc)
		}
		v.Upcoming = append(v.Upcoming, it)
		if len(v.Upcoming) == calendarPreview {
			break
		}
	}
	return v, nil
}
