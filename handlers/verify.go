package handlers

import (
	"errors"

	"github.com/gofiber/fiber/v2"

	"github.com/puente-science/puente/accounts"
	"github.com/puente-science/puente/i18n"
	"github.com/puente-science/puente/models"
	"github.com/puente-science/puente/views/pages"
)

// badLink answers an e-mailed link that is unknown, used or expired.
func badLink(c *fiber.Ctx, again, againLabel string) error {
	ctx := c.UserContext()
	return render(c.Status(fiber.StatusBadRequest), pages.Message(pages.MessageView{
		Title: i18n.T(ctx, "link.invalid.title"), Body: i18n.T(ctx, "link.invalid.body"), Kind: "warning",
		ActionHref: again, ActionLabel: againLabel}))
}

// showVerify opens the link of a verification e-mail: a page with one
// button, so that mail scanners that fetch links change nothing.
func (h *Handler) showVerify(c *fiber.Ctx) error {
	ctx := c.UserContext()
	token := c.Params("token")
	if _, err := h.Accounts.CheckToken(ctx, models.PurposeVerifyEmail, token); errors.Is(err, accounts.ErrBadToken) {
		return badLink(c, "/login", i18n.T(ctx, "login.title"))
	} else if err != nil {
		return err
	}
	return render(c, pages.Confirm(pages.ConfirmView{Title: i18n.T(ctx, "verify.title"), Body: i18n.T(ctx, "verify.body"),
		Action: "/verify/" + token, Button: i18n.T(ctx, "verify.submit")}))
}

func (h *Handler) submitVerify(c *fiber.Ctx) error {
	ctx := c.UserContext()
	err := h.Accounts.VerifyEmail(ctx, c.Params("token"), meta(c))
	if errors.Is(err, accounts.ErrBadToken) {
		return badLink(c, "/login", i18n.T(ctx, "login.title"))
	}
	if err != nil {
		return err
	}
	return c.Redirect("/login?done=verified", fiber.StatusSeeOther)
}

func (h *Handler) resendVerification(c *fiber.Ctx) error {
	ctx := c.UserContext()
	if err := h.Accounts.ResendVerification(ctx, formString(c, "email"), meta(c)); err != nil {
		return err
	}
	return render(c, pages.Message(pages.MessageView{Title: i18n.T(ctx, "resend.done.title"),
		Body: i18n.T(ctx, "resend.done.body"), Kind: "success"}))
}
