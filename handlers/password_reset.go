package handlers

import (
	"errors"

	"github.com/gofiber/fiber/v2"

	"github.com/puente-science/puente/accounts"
	"github.com/puente-science/puente/i18n"
	"github.com/puente-science/puente/models"
	"github.com/puente-science/puente/views/pages"
)

func (h *Handler) showForgot(c *fiber.Ctx) error {
	return render(c, pages.Forgot(pages.EmailFormView{}))
}

// submitForgot answers the same whether or not the address has an account.
func (h *Handler) submitForgot(c *fiber.Ctx) error {
	ctx := c.UserContext()
	email := formString(c, "email")
	if !accounts.ValidEmail(email) {
		return render(c.Status(fiber.StatusUnprocessableEntity), pages.Forgot(pages.EmailFormView{Email: email, Error: "account.email.invalid"}))
	}
	if err := h.Accounts.RequestReset(ctx, email, meta(c)); err != nil {
		return err
	}
	return render(c, pages.Message(pages.MessageView{Title: i18n.T(ctx, "forgot.done.title"),
		Body: i18n.T(ctx, "forgot.done.body", "email", email), Kind: "success"}))
}

func (h *Handler) resetView(c *fiber.Ctx, u *models.User, errs map[string]string) pages.SetPasswordView {
	ctx := c.UserContext()
	return pages.SetPasswordView{Title: i18n.T(ctx, "reset.title"), Lead: i18n.T(ctx, "reset.lead"),
		Action: "/password/reset/" + c.Params("token"), Email: u.Email, Errors: errs, Button: i18n.T(ctx, "reset.submit")}
}

func (h *Handler) showReset(c *fiber.Ctx) error {
	ctx := c.UserContext()
	u, err := h.Accounts.CheckToken(ctx, models.PurposeResetPassword, c.Params("token"))
	if errors.Is(err, accounts.ErrBadToken) {
		return badLink(c, "/password/forgot", i18n.T(ctx, "forgot.title"))
	} else if err != nil {
		return err
	}
	return render(c, pages.SetPassword(h.resetView(c, u, nil)))
}

func (h *Handler) submitReset(c *fiber.Ctx) error {
	ctx := c.UserContext()
	token := c.Params("token")
	u, err := h.Accounts.CheckToken(ctx, models.PurposeResetPassword, token)
	if errors.Is(err, accounts.ErrBadToken) {
		return badLink(c, "/password/forgot", i18n.T(ctx, "forgot.title"))
	} else if err != nil {
		return err
	}
	err = h.Accounts.ResetPassword(ctx, token, formSecret(c, "password"), meta(c))
	if fe, ok := fieldErrors(err); ok {
		return render(c.Status(fiber.StatusUnprocessableEntity), pages.SetPassword(h.resetView(c, u, fe)))
	}
	if errors.Is(err, accounts.ErrBadToken) {
		return badLink(c, "/password/forgot", i18n.T(ctx, "forgot.title"))
	}
	if err != nil {
		return err
	}
	h.clearSessionCookie(c)
	return c.Redirect("/login?done=password", fiber.StatusSeeOther)
}

func (h *Handler) inviteView(c *fiber.Ctx, u *models.User, name string, errs map[string]string) pages.SetPasswordView {
	ctx := c.UserContext()
	return pages.SetPasswordView{Title: i18n.T(ctx, "invite.title"), Lead: i18n.T(ctx, "invite.lead"),
		Action: "/invite/" + c.Params("token"), Email: u.Email, Name: name, AskName: true, Errors: errs,
		Button: i18n.T(ctx, "invite.submit")}
}

func (h *Handler) showInvite(c *fiber.Ctx) error {
	ctx := c.UserContext()
	u, err := h.Accounts.CheckToken(ctx, models.PurposeInvite, c.Params("token"))
	if errors.Is(err, accounts.ErrBadToken) {
		return badLink(c, "/login", i18n.T(ctx, "login.title"))
	} else if err != nil {
		return err
	}
	return render(c, pages.SetPassword(h.inviteView(c, u, u.Name, nil)))
}

func (h *Handler) submitInvite(c *fiber.Ctx) error {
	ctx := c.UserContext()
	token := c.Params("token")
	u, err := h.Accounts.CheckToken(ctx, models.PurposeInvite, token)
	if errors.Is(err, accounts.ErrBadToken) {
		return badLink(c, "/login", i18n.T(ctx, "login.title"))
	} else if err != nil {
		return err
	}
	name := formString(c, "name")
	err = h.Accounts.AcceptInvite(ctx, token, name, formSecret(c, "password"), meta(c))
	if fe, ok := fieldErrors(err); ok {
		return render(c.Status(fiber.StatusUnprocessableEntity), pages.SetPassword(h.inviteView(c, u, name, fe)))
	}
	if errors.Is(err, accounts.ErrBadToken) {
		return badLink(c, "/login", i18n.T(ctx, "login.title"))
	}
	if err != nil {
		return err
	}
	return c.Redirect("/login?done=password", fiber.StatusSeeOther)
}
