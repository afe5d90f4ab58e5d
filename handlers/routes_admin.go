package handlers

import (
	"github.com/gofiber/fiber/v2"

	"github.com/puente-science/puente/auth"
)

// adminRoutes are the administration pages: accounts and the mail outbox.
// The route table lets only admins in; each handler asks the permission
// again for the action itself, so a route added with a looser rule by
// mistake still refuses.
func (h *Handler) adminRoutes() []Route {
	admin := auth.AnyOf(auth.Admin)
	return []Route{
		{fiber.MethodGet, "/admin/users", admin, h.listUsers},
		{fiber.MethodGet, "/admin/users/new", admin, h.showInviteUser},
		{fiber.MethodPost, "/admin/users", admin, h.submitInviteUser},
		{fiber.MethodGet, "/admin/users/:id", admin, h.showUser},
		{fiber.MethodPost, "/admin/users/:id", admin, h.submitUser},
		{fiber.MethodPost, "/admin/users/:id/invite", admin, h.resendUserInvite},
		{fiber.MethodGet, "/admin/outbox", admin, h.listOutbox},
		{fiber.MethodGet, "/admin/outbox/:id", admin, h.showOutboxMail},
	}
}

// requirePerm refuses the request unless its user may perform the action.
func requirePerm(c *fiber.Ctx, a auth.Action) error {
	if permOf(c).Can(a, auth.Record{}) {
		return nil
	}
	return fiber.ErrForbidden
}
