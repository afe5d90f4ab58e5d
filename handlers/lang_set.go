package handlers

import (
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/puente-science/puente/i18n"
)

// setLanguage keeps the reader's choice of language for a year and returns
// them to the page they were on.
func (h *Handler) setLanguage(c *fiber.Ctx) error {
	lang, ok := i18n.Parse(c.FormValue("lang"))
	if !ok {
		return fiber.ErrBadRequest
	}
	if su := currentUser(c); su != nil {
		if err := h.Accounts.SetLanguage(c.UserContext(), su.UserID, lang); err != nil {
			return err
		}
	}
	c.Cookie(&fiber.Cookie{Name: h.cookieName(langCookie), Value: string(lang), Path: "/",
		Expires: h.Now().Add(365 * 24 * time.Hour), HTTPOnly: true, Secure: h.Config.Secure(),
		SameSite: fiber.CookieSameSiteLaxMode})
	return c.Redirect(localPath(c.FormValue("next")), fiber.StatusSeeOther)
}

// localPath returns next when it is a path on this site, and "/" otherwise,
// so the redirect cannot be turned into an open redirect.
func localPath(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") ||
		strings.ContainsAny(next, "\r\n") {
		return "/"
	}
	return next
}
