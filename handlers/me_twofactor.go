package handlers

import (
	"errors"

	"github.com/gofiber/fiber/v2"

	"github.com/puente-science/puente/accounts"
	"github.com/puente-science/puente/auth"
	"github.com/puente-science/puente/i18n"
	"github.com/puente-science/puente/views/pages"
)

// totpIssuer names Puente in the user's authenticator app.
const totpIssuer = "Puente"

// noStore keeps pages that show a secret or recovery codes out of every
// cache, the browser's back-forward history included.
func noStore(c *fiber.Ctx) { c.Set(fiber.HeaderCacheControl, "no-store") }

// twoFactorView is the state of the user's two-step sign-in: on (with the
// recovery codes left), being set up (a secret issued, not yet confirmed),
// or off.
func (h *Handler) twoFactorView(c *fiber.Ctx) (pages.TwoFactorView, error) {
	ctx := c.UserContext()
	su := currentUser(c)
	u, err := h.Store.UserByID(ctx, su.UserID)
	if err != nil {
		return pages.TwoFactorView{}, err
	}
	v := pages.TwoFactorView{Enabled: u.TOTPEnabled}
	v.Required = !u.TOTPEnabled && (c.Query("required") == "1" || (h.Config.Require2FAStaff && permOf(c).Staff()))
	switch {
	case u.TOTPEnabled:
		v.CodesLeft, err = h.Store.RecoveryCodesLeft(ctx, u.ID)
	case u.TOTPSecret != nil:
		v.Setup, err = totpSetup(*u.TOTPSecret, u.Email)
	}
	return v, err
}

// totpSetup is what an authenticator app needs: the secret to type (in
// groups of four, as apps show it), its otpauth address, and the QR code.
func totpSetup(secret, email string) (*pages.TOTPSetup, error) {
	s := &pages.TOTPSetup{URI: auth.TOTPURI(secret, email, totpIssuer)}
	for i := 0; i < len(secret); i += 4 {
		s.SecretGroups = append(s.SecretGroups, secret[i:min(i+4, len(secret))])
	}
	var err error
	s.QRSide, s.QRPath, err = qrPath(s.URI)
	return s, err
}

func (h *Handler) showTwoFactor(c *fiber.Ctx) error {
	v, err := h.twoFactorView(c)
	if err != nil {
		return err
	}
	if c.Query("disabled") == "1" {
		v.Notice = "me.2fa.notice.disabled"
	}
	noStore(c)
	return render(c, pages.TwoFactor(v))
}

// startTwoFactor issues a new secret and shows it on /me/2fa (post,
// redirect, get: reloading the page does not issue another).
func (h *Handler) startTwoFactor(c *fiber.Ctx) error {
	if su := currentUser(c); !su.TOTPEnabled {
		if _, err := h.Accounts.BeginTOTP(c.UserContext(), su.UserID); err != nil {
			return err
		}
	}
	return c.Redirect("/me/2fa", fiber.StatusSeeOther)
}

// enableTwoFactor turns two-step sign-in on with a first code from the app
// and shows the recovery codes, this once.
func (h *Handler) enableTwoFactor(c *fiber.Ctx) error {
	su := currentUser(c)
	if su.TOTPEnabled {
		return c.Redirect("/me/2fa", fiber.StatusSeeOther)
	}
	codes, err := h.Accounts.EnableTOTP(c.UserContext(), su.UserID, formString(c, "code"), meta(c))
	if errors.Is(err, accounts.ErrBadCode) {
		v, err := h.twoFactorView(c)
		if err != nil {
			return err
		}
		v.CodeError = "me.2fa.code.invalid"
		noStore(c)
		return render(c.Status(fiber.StatusUnprocessableEntity), pages.TwoFactor(v))
	}
	if err != nil {
		return err
	}
	noStore(c)
	return render(c, pages.RecoveryCodes(h.recoveryCodesView(c, codes, true)))
}

// regenerateRecoveryCodes replaces the recovery codes; the old ones stop
// working at once.
func (h *Handler) regenerateRecoveryCodes(c *fiber.Ctx) error {
	su := currentUser(c)
	if !su.TOTPEnabled {
		return c.Redirect("/me/2fa", fiber.StatusSeeOther)
	}
	codes, err := h.Accounts.RegenerateRecoveryCodes(c.UserContext(), su.UserID, meta(c))
	if err != nil {
		return err
	}
	noStore(c)
	return render(c, pages.RecoveryCodes(h.recoveryCodesView(c, codes, false)))
}

// recoveryCodesView names the account and the day on the sheet, so a
// printed copy says which account it opens.
func (h *Handler) recoveryCodesView(c *fiber.Ctx, codes []string, justEnabled bool) pages.RecoveryCodesView {
	su := currentUser(c)
	return pages.RecoveryCodesView{Codes: codes, Email: su.Email, JustEnabled: justEnabled,
		Created: i18n.Date(c.UserContext(), h.Now().In(readerLocation(c)))}
}

// disableTwoFactor turns two-step sign-in off; the password is asked again
// so that an unattended signed-in browser cannot do it.
func (h *Handler) disableTwoFactor(c *fiber.Ctx) error {
	su := currentUser(c)
	err := h.Accounts.DisableTOTP(c.UserContext(), su.UserID, formSecret(c, "current"), meta(c))
	if fe, ok := fieldErrors(err); ok {
		v, err := h.twoFactorView(c)
		if err != nil {
			return err
		}
		v.DisableError = fe["current"]
		noStore(c)
		return render(c.Status(fiber.StatusUnprocessableEntity), pages.TwoFactor(v))
	}
	if err != nil {
		return err
	}
	return c.Redirect("/me/2fa?disabled=1", fiber.StatusSeeOther)
}
