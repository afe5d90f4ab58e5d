package handlers

import (
	"errors"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/puente-science/puente/accounts"
	"github.com/puente-science/puente/auth"
	"github.com/puente-science/puente/views/pages"
)

const secondFactorCookie = "puente_2fa"

func (h *Handler) showLogin(c *fiber.Ctx) error {
	if currentUser(c) != nil {
		return c.Redirect(localPath(c.Query("next")), fiber.StatusSeeOther)
	}
	v := pages.LoginView{Next: localPath(c.Query("next"))}
	switch c.Query("done") {
	case "verified":
		v.Notice = "login.notice.verified"
	case "password":
		v.Notice = "login.notice.password"
	case "signed_out":
		v.Notice = "login.notice.signed_out"
	}
	return render(c, pages.Login(v))
}

func (h *Handler) submitLogin(c *fiber.Ctx) error {
	v := pages.LoginView{Email: formString(c, "email"), Next: localPath(formString(c, "next"))}
	res, err := h.Accounts.Login(c.UserContext(), v.Email, formSecret(c, "password"), meta(c))
	switch {
	case errors.Is(err, accounts.ErrBadCredentials):
		v.Error = "login.error.credentials"
		return render(c.Status(fiber.StatusUnauthorized), pages.Login(v))
	case errors.Is(err, accounts.ErrNotVerified):
		v.Error, v.ShowResend = "login.error.unverified", true
		return render(c.Status(fiber.StatusForbidden), pages.Login(v))
	case errors.Is(err, accounts.ErrInactive):
		v.Error = "login.error.inactive"
		return render(c.Status(fiber.StatusForbidden), pages.Login(v))
	case err != nil:
		return err
	}
	if res.SecondFactor {
		token, err := h.Accounts.Tokens.IssueSecondFactor(res.UserID)
		if err != nil {
			return err
		}
		c.Cookie(&fiber.Cookie{Name: h.cookieName(secondFactorCookie), Value: token, Path: "/",
			Expires: h.Now().Add(auth.SecondFactorLifetime), HTTPOnly: true, Secure: h.Config.Secure(),
			SameSite: fiber.CookieSameSiteStrictMode})
		c.Cookie(&fiber.Cookie{Name: h.cookieName("puente_next"), Value: v.Next, Path: "/", HTTPOnly: true,
			Secure: h.Config.Secure(), SameSite: fiber.CookieSameSiteStrictMode, Expires: h.Now().Add(auth.SecondFactorLifetime)})
		return c.Redirect("/login/2fa", fiber.StatusSeeOther)
	}
	return h.signIn(c, res.UserID, v.Next)
}

// signIn starts a session and sends the user on.
func (h *Handler) signIn(c *fiber.Ctx, userID int64, next string) error {
	token, expires, err := h.Accounts.StartSession(c.UserContext(), userID, meta(c))
	if err != nil {
		return err
	}
	h.setSessionCookie(c, token, expires)
	return c.Redirect(localPath(next), fiber.StatusSeeOther)
}

// pendingSecondFactor returns the user whose password was right and whose
// code is awaited, or 0.
func (h *Handler) pendingSecondFactor(c *fiber.Ctx) int64 {
	uid, err := h.Accounts.Tokens.VerifySecondFactor(c.Cookies(h.cookieName(secondFactorCookie)))
	if err != nil {
		return 0
	}
	return uid
}

func (h *Handler) showSecondFactor(c *fiber.Ctx) error {
	if h.pendingSecondFactor(c) == 0 {
		return c.Redirect("/login", fiber.StatusSeeOther)
	}
	return render(c, pages.SecondFactor(pages.SecondFactorView{}))
}

func (h *Handler) submitSecondFactor(c *fiber.Ctx) error {
	uid := h.pendingSecondFactor(c)
	if uid == 0 {
		return c.Redirect("/login", fiber.StatusSeeOther)
	}
	err := h.Accounts.SecondFactor(c.UserContext(), uid, formString(c, "code"), meta(c))
	if errors.Is(err, accounts.ErrBadCode) {
		return render(c.Status(fiber.StatusUnprocessableEntity), pages.SecondFactor(pages.SecondFactorView{Error: "twofactor.error"}))
	}
	if err != nil {
		return err
	}
	next := c.Cookies(h.cookieName("puente_next"))
	for _, name := range []string{secondFactorCookie, "puente_next"} {
		c.Cookie(&fiber.Cookie{Name: h.cookieName(name), Value: "", Path: "/", MaxAge: -1, Expires: time.Unix(0, 0),
			HTTPOnly: true, Secure: h.Config.Secure(), SameSite: fiber.CookieSameSiteStrictMode})
	}
	return h.signIn(c, uid, next)
}

func (h *Handler) logout(c *fiber.Ctx) error {
	if su := currentUser(c); su != nil {
		if err := h.Accounts.Logout(c.UserContext(), su, meta(c)); err != nil {
			return err
		}
	}
	h.clearSessionCookie(c)
	return c.Redirect("/login?done=signed_out", fiber.StatusSeeOther)
}
