package handlers

import (
	"errors"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/puente-science/puente/i18n"
	"github.com/puente-science/puente/models"
	"github.com/puente-science/puente/views/pages"
)

// sessionItems lists the user's live sessions for /me, the current one
// marked, times in the user's zone.
func (h *Handler) sessionItems(c *fiber.Ctx, loc *time.Location) ([]pages.SessionItem, error) {
	ctx := c.UserContext()
	su := currentUser(c)
	sessions, err := h.Store.LiveSessions(ctx, su.UserID, h.Now())
	if err != nil {
		return nil, err
	}
	out := make([]pages.SessionItem, len(sessions))
	for i, s := range sessions {
		browser, os := describeUserAgent(s.UserAgent)
		device := i18n.T(ctx, "me.sessions.unknown_browser")
		switch {
		case browser != "" && os != "":
			device = i18n.T(ctx, "me.sessions.device_on", "browser", browser, "os", os)
		case browser != "":
			device = browser
		}
		out[i] = pages.SessionItem{ID: s.ID, Device: device, IP: s.IP, Current: s.ID == su.Session.ID,
			Created: i18n.DateTime(ctx, s.CreatedAt, loc), LastSeen: i18n.DateTime(ctx, s.LastSeenAt, loc)}
	}
	return out, nil
}

// describeUserAgent names the browser and system of a User-Agent header,
// for people to recognise their own devices; "" when it cannot tell. The
// order matters: Edge claims to be Chrome, Chrome claims to be Safari,
// Android claims to be Linux and iOS claims to be macOS.
func describeUserAgent(ua string) (browser, os string) {
	has := func(s string) bool { return strings.Contains(ua, s) }
	switch {
	case has("Edg/") || has("EdgA/") || has("EdgiOS/"):
		browser = "Edge"
	case has("Firefox/") || has("FxiOS/"):
		browser = "Firefox"
	case has("Chrome/") || has("CriOS/") || has("Chromium/"):
		browser = "Chrome"
	case has("Safari/") && has("Version/"):
		browser = "Safari"
	}
	switch {
	case has("Windows"):
		os = "Windows"
	case has("Android"):
		os = "Android"
	case has("iPhone") || has("iPad") || has("iPod"):
		os = "iOS"
	case has("Macintosh") || has("Mac OS X"):
		os = "macOS"
	case has("Linux") || has("X11"):
		os = "Linux"
	}
	return browser, os
}

// revokeSession signs one of the user's sessions out. Another user's
// session answers 404, as if it did not exist.
func (h *Handler) revokeSession(c *fiber.Ctx) error {
	su := currentUser(c)
	id := strings.Clone(c.Params("id"))
	err := h.Accounts.RevokeSession(c.UserContext(), su, id, meta(c))
	if errors.Is(err, models.ErrNotFound) {
		return h.deny(c)
	}
	if err != nil {
		return err
	}
	if id == su.Session.ID {
		h.clearSessionCookie(c)
		return c.Redirect("/login?done=signed_out", fiber.StatusSeeOther)
	}
	return c.Redirect("/me?sessions=one#sessions", fiber.StatusSeeOther)
}

// revokeOtherSessions signs out everywhere but here.
func (h *Handler) revokeOtherSessions(c *fiber.Ctx) error {
	if err := h.Accounts.SignOutEverywhere(c.UserContext(), currentUser(c), meta(c)); err != nil {
		return err
	}
	return c.Redirect("/me?sessions=others#sessions", fiber.StatusSeeOther)
}
