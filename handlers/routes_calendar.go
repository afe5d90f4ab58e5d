package handlers

import (
	"github.com/gofiber/fiber/v2"

	"github.com/puente-science/puente/auth"
)

// calendarRoutes are a user's calendar feed and where they manage it. The
// feed's address is public: calendar apps fetch it without signing in, so
// the secret token in it is the credential, and a wrong or revoked one
// gets 404. The management pages act on the session's user only.
func (h *Handler) calendarRoutes() []Route {
	return []Route{
		{fiber.MethodGet, "/calendar/:token.ics", auth.Public, h.showCalendarFeed},
		{fiber.MethodGet, "/me/calendar", auth.SignedIn, h.showMeCalendar},
		{fiber.MethodPost, "/me/calendar", auth.SignedIn, h.createCalendarLink},
		{fiber.MethodPost, "/me/calendar/revoke", auth.SignedIn, h.revokeCalendarLink},
	}
}
