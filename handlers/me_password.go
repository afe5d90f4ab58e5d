package handlers

import (
	"github.com/gofiber/fiber/v2"

	"github.com/puente-science/puente/views/pages"
)

// changePassword replaces the password. The service ends every session,
// this one included, so a fresh session starts here: whoever held a stolen
// cookie is signed out, and the person who changed it is not.
func (h *Handler) changePassword(c *fiber.Ctx) error {
	su := currentUser(c)
	err := h.Accounts.ChangePassword(c.UserContext(), su.UserID, formSecret(c, "current"), formSecret(c, "password"), meta(c))
	if fe, ok := fieldErrors(err); ok {
		v, err := h.meView(c, nil)
		if err != nil {
			return err
		}
		v.PasswordErrors = fe
		return render(c.Status(fiber.StatusUnprocessableEntity), pages.Me(v))
	}
	if err != nil {
		return err
	}
	return h.signIn(c, su.UserID, "/me?password=1#password")
}
