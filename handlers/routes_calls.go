package handlers

import (
	"github.com/gofiber/fiber/v2"

	"github.com/puente-science/puente/auth"
)

// callRoutes are the public calls and the officers' call editor. /calls/new
// comes before /calls/:id so "new" is never read as an id. Officer handlers
// ask for auth.ManageCalls again, so a looser route rule still refuses.
func (h *Handler) callRoutes() []Route {
	staff := auth.AnyOf(auth.Officer, auth.Admin)
	return []Route{
		{fiber.MethodGet, "/calls", auth.Public, h.listCalls},
		{fiber.MethodGet, "/calls/new", staff, h.newCall},
		{fiber.MethodPost, "/calls", staff, h.createCall},
		{fiber.MethodGet, "/calls/:id", auth.Public, h.showCall},
		{fiber.MethodGet, "/calls/:id/edit", staff, h.editCall},
		{fiber.MethodPost, "/calls/:id", staff, h.updateCall},
		{fiber.MethodPost, "/calls/:id/publish", staff, h.publishCall},
		{fiber.MethodPost, "/calls/:id/close", staff, h.closeCall},
	}
}
