package handlers

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"net/url"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/puente-science/puente/accounts"
	"github.com/puente-science/puente/auth"
	"github.com/puente-science/puente/models"
)

const sessionCookie = "puente_session"

// session finds the request's signed-in user, if any, and computes what
// they may do, once per request.
func (h *Handler) session(c *fiber.Ctx) error {
	perm := auth.Anonymous
	if token := c.Cookies(h.cookieName(sessionCookie)); token != "" {
		su, err := h.Accounts.Authenticate(c.UserContext(), token)
		switch {
		case err == nil:
			perm = auth.NewPerm(su.UserID, su.Roles)
			c.Locals(localUser, su)
		case errors.Is(err, accounts.ErrNoSession):
			h.clearSessionCookie(c) // stale: drop it so it is not checked again
		default:
			return err
		}
	}
	c.Locals(localPerm, perm)
	return c.Next()
}

const (
	localUser = "user"
	localPerm = "perm"
)

// currentUser is the signed-in user, or nil.
func currentUser(c *fiber.Ctx) *models.SessionUser {
	su, _ := c.Locals(localUser).(*models.SessionUser)
	return su
}

// permOf is the request's permission.
func permOf(c *fiber.Ctx) auth.Perm {
	p, _ := c.Locals(localPerm).(auth.Perm)
	return p
}

func (h *Handler) setSessionCookie(c *fiber.Ctx, token string, expires time.Time) {
	c.Cookie(&fiber.Cookie{Name: h.cookieName(sessionCookie), Value: token, Path: "/", Expires: expires,
		HTTPOnly: true, Secure: h.Config.Secure(), SameSite: fiber.CookieSameSiteLaxMode})
}

func (h *Handler) clearSessionCookie(c *fiber.Ctx) {
	c.Cookie(&fiber.Cookie{Name: h.cookieName(sessionCookie), Value: "", Path: "/", MaxAge: -1,
		Expires: time.Unix(0, 0), HTTPOnly: true, Secure: h.Config.Secure(), SameSite: fiber.CookieSameSiteLaxMode})
}

// sessionCSRF is a signed-in request's CSRF token: bound to the session, so
// another session's token is refused.
func (h *Handler) sessionCSRF(sessionID string) string {
	m := hmac.New(sha256.New, auth.DeriveKey(h.Config.Secret, "csrf-v1"))
	m.Write([]byte(sessionID))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// meta is what the audit log records of this request.
func meta(c *fiber.Ctx) accounts.Meta {
	return accounts.Meta{IP: c.IP(), UserAgent: strings.Clone(c.Get(fiber.HeaderUserAgent)), RequestID: requestIDOf(c)}
}

// authorize enforces a route's access rule: anonymous visitors are sent to
// sign in (GET) or refused (401); signed-in users without the role get 403,
// recorded in the audit log. Staff who must use two-factor sign-in and have
// not set it up are sent to set it up first.
func (h *Handler) authorize(a auth.Access) fiber.Handler {
	return func(c *fiber.Ctx) error {
		p := permOf(c)
		if !a.Public && h.Config.Require2FAStaff && p.Staff() && !strings.HasPrefix(c.Path(), "/me/2fa") && c.Path() != "/logout" {
			if su := currentUser(c); su != nil && !su.TOTPEnabled {
				return c.Redirect("/me/2fa?required=1", fiber.StatusSeeOther)
			}
		}
		if p.Allows(a) {
			return c.Next()
		}
		if !p.SignedIn() {
			if c.Method() == fiber.MethodGet || c.Method() == fiber.MethodHead {
				return c.Redirect("/login?next="+url.QueryEscape(c.OriginalURL()), fiber.StatusSeeOther)
			}
			return fiber.ErrUnauthorized
		}
		h.Accounts.Denied(c.UserContext(), p.UserID, c.Path(), meta(c))
		return fiber.ErrForbidden
	}
}

// deny answers a record-level refusal: 404 when the record's existence is
// private (another applicant's project), so nothing is revealed.
func (h *Handler) deny(c *fiber.Ctx) error {
	h.Accounts.Denied(c.UserContext(), permOf(c).UserID, c.Path(), meta(c))
	return fiber.ErrNotFound
}
