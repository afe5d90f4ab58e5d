package handlers

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"log/slog"
	"runtime/debug"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/puente-science/puente/i18n"
	"github.com/puente-science/puente/views/viewctx"
)

type ctxKey int

const requestIDKey ctxKey = iota

// requestTimeout bounds the work one request may ask of the database.
const requestTimeout = 30 * time.Second

// requestID gives every request an id, returned in X-Request-ID and logged
// with everything the request does, and a deadline for its work.
func (h *Handler) requestID(c *fiber.Ctx) error {
	buf := make([]byte, 8)
	_, _ = rand.Read(buf)
	id := hex.EncodeToString(buf)
	c.Set("X-Request-ID", id)
	ctx, cancel := context.WithTimeout(context.WithValue(c.UserContext(), requestIDKey, id), requestTimeout)
	defer cancel()
	c.SetUserContext(ctx)
	return c.Next()
}

func requestIDOf(c *fiber.Ctx) string {
	id, _ := c.UserContext().Value(requestIDKey).(string)
	return id
}

// accessLog writes one structured line per request, after the error
// handler has settled the status.
func (h *Handler) accessLog(c *fiber.Ctx) error {
	start := time.Now()
	if err := c.Next(); err != nil {
		if herr := h.handleError(c, err); herr != nil {
			return herr
		}
	}
	status := c.Response().StatusCode()
	level := slog.LevelInfo
	if status >= 500 {
		level = slog.LevelError
	}
	h.Log.LogAttrs(c.UserContext(), level, "request",
		slog.String("method", c.Method()),
		slog.String("path", loggedPath(c.Path())),
		slog.Int("status", status),
		slog.Float64("ms", float64(time.Since(start).Microseconds())/1000),
		slog.Int("bytes", len(c.Response().Body())),
		slog.String("ip", c.IP()),
		slog.String("request_id", requestIDOf(c)),
	)
	return nil
}

// recoverPanic turns a panic into a 500 page; the stack goes to the log,
// never to the reader.
func (h *Handler) recoverPanic(c *fiber.Ctx) (err error) {
	defer func() {
		if r := recover(); r != nil {
			h.Log.Error("panic", slog.String("request_id", requestIDOf(c)),
				slog.String("panic", fmt.Sprint(r)), slog.String("stack", string(debug.Stack())))
			err = fiber.ErrInternalServerError
		}
	}()
	return c.Next()
}

// contentSecurityPolicy allows only Puente's own scripts, styles and images:
// no inline script or style, no framing.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
	"font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"

func (h *Handler) securityHeaders(c *fiber.Ctx) error {
	c.Set("Content-Security-Policy", contentSecurityPolicy)
	c.Set("X-Content-Type-Options", "nosniff")
	c.Set("X-Frame-Options", "DENY")
	c.Set("Referrer-Policy", "strict-origin-when-cross-origin")
	c.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()")
	c.Set("Cross-Origin-Opener-Policy", "same-origin")
	if h.Config.Secure() {
		c.Set("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
	}
	return c.Next()
}

// cookieName adds the __Host- prefix over HTTPS, which pins a cookie to this
// host and path / and requires Secure.
func (h *Handler) cookieName(name string) string {
	if h.Config.Secure() {
		return "__Host-" + name
	}
	return name
}

const langCookie = "puente_lang"

// locale picks the reader's language: their choice (cookie), else
// Accept-Language, else English.
func (h *Handler) locale(c *fiber.Ctx) error {
	lang, ok := i18n.Parse(c.Cookies(h.cookieName(langCookie)))
	if su := currentUser(c); !ok && su != nil {
		lang, ok = i18n.Parse(su.Locale)
	}
	if !ok {
		lang = h.Catalog.Match(c.Get(fiber.HeaderAcceptLanguage))
	}
	c.Set(fiber.HeaderContentLanguage, lang.HTMLLang())
	c.Vary(fiber.HeaderAcceptLanguage, fiber.HeaderCookie)
	c.SetUserContext(i18n.WithLocalizer(c.UserContext(), i18n.Localizer{Lang: lang, Catalog: h.Catalog}))
	return c.Next()
}

const csrfCookie = "puente_csrf"

// csrf makes every state-changing request prove it comes from one of our
// pages: the _csrf field or the X-CSRF-Token header must carry the token.
// Signed in, the token is bound to the session (an HMAC of its id), so
// another session's token fails; anonymous, it is a random value also kept
// in an HttpOnly cookie (double submit). No state changes on GET or HEAD.
func (h *Handler) csrf(c *fiber.Ctx) error {
	var token string
	if su := currentUser(c); su != nil {
		token = h.sessionCSRF(su.Session.ID)
	} else if token = c.Cookies(h.cookieName(csrfCookie)); len(token) != 43 {
		buf := make([]byte, 32)
		_, _ = rand.Read(buf)
		token = base64.RawURLEncoding.EncodeToString(buf)
		c.Cookie(&fiber.Cookie{Name: h.cookieName(csrfCookie), Value: token, Path: "/",
			HTTPOnly: true, Secure: h.Config.Secure(), SameSite: fiber.CookieSameSiteLaxMode})
	} else {
		token = strings.Clone(token)
	}
	c.Locals("csrf", token)
	switch c.Method() {
	case fiber.MethodGet, fiber.MethodHead, fiber.MethodOptions:
		return c.Next()
	}
	sent := c.Get("X-CSRF-Token")
	if sent == "" {
		sent = c.FormValue("_csrf")
	}
	if subtle.ConstantTimeCompare([]byte(sent), []byte(token)) != 1 {
		return errCSRF
	}
	return c.Next()
}

// viewState puts what the layout needs into the context templ renders with.
func (h *Handler) viewState(c *fiber.Ctx) error {
	token, _ := c.Locals("csrf").(string)
	r := &viewctx.Request{
		Path:      strings.Clone(c.Path()),
		Query:     string(c.Request().URI().QueryString()),
		CSRF:      token,
		RequestID: requestIDOf(c),
		Asset:     h.Assets.Path,
	}
	if su := currentUser(c); su != nil {
		roles := make([]string, len(su.Roles))
		for i, role := range su.Roles {
			roles[i] = string(role)
		}
		r.User = &viewctx.User{ID: su.UserID, Name: su.Name, Roles: roles}
	}
	c.SetUserContext(viewctx.With(c.UserContext(), r))
	return c.Next()
}

// tokenPaths are addresses whose last segment is a secret (an e-mailed
// link's token, a calendar feed's key): logs show them redacted.
var tokenPaths = []string{"/verify/", "/password/reset/", "/invite/", "/calendar/"}

// loggedPath is a request path as it may appear in logs.
func loggedPath(p string) string {
	for _, prefix := range tokenPaths {
		if strings.HasPrefix(p, prefix) && len(p) > len(prefix) && p[len(prefix):] != "resend" {
			return prefix + "[redacted]"
		}
	}
	return p
}
