package handlers

import (
	"github.com/gofiber/fiber/v2"

	"github.com/puente-science/puente/auth"
)

// referenceRoutes are the public pages of one discipline and one priority
// area (the lists and the country pages are in Routes).
func (h *Handler) referenceRoutes() []Route {
	return []Route{
		{fiber.MethodGet, "/disciplines/:code", auth.Public, h.showDiscipline},
		{fiber.MethodGet, "/priorities/:slug", auth.Public, h.showPriority},
	}
}
