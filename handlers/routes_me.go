package handlers

import (
	"github.com/gofiber/fiber/v2"

	"github.com/puente-science/puente/auth"
)

// meRoutes are a signed-in user's own pages: profile, password, sessions,
// two-step sign-in and notifications. Each acts on the session's user only,
// so no route takes a user id.
func (h *Handler) meRoutes() []Route {
	return []Route{
		{fiber.MethodGet, "/me", auth.SignedIn, h.showMe},
		{fiber.MethodPost, "/me", auth.SignedIn, h.saveProfile},
		{fiber.MethodPost, "/me/password", auth.SignedIn, h.changePassword},
		{fiber.MethodPost, "/me/sessions/revoke-others", auth.SignedIn, h.revokeOtherSessions},
		{fiber.MethodPost, "/me/sessions/:id/revoke", auth.SignedIn, h.revokeSession},
		{fiber.MethodGet, "/me/2fa", auth.SignedIn, h.showTwoFactor},
		{fiber.MethodPost, "/me/2fa/start", auth.SignedIn, h.startTwoFactor},
		{fiber.MethodPost, "/me/2fa/enable", auth.SignedIn, h.enableTwoFactor},
		{fiber.MethodPost, "/me/2fa/recovery", auth.SignedIn, h.regenerateRecoveryCodes},
		{fiber.MethodPost, "/me/2fa/disable", auth.SignedIn, h.disableTwoFactor},
		{fiber.MethodGet, "/notifications", auth.SignedIn, h.listNotifications},
		{fiber.MethodPost, "/notifications/read-all", auth.SignedIn, h.readAllNotifications},
	}
}
