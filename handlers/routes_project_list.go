package handlers

import (
	"github.com/gofiber/fiber/v2"

	"github.com/puente-science/puente/auth"
)

// projectListRoutes are the project lists. Any signed-in user may ask; what
// each sees is scoped in the handler (own, assigned, or all for staff).
func (h *Handler) projectListRoutes() []Route {
	return []Route{
		{fiber.MethodGet, "/projects", auth.SignedIn, h.listProjects},
	}
}
