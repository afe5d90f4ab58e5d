package handlers

import (
	"github.com/gofiber/fiber/v2"

	"github.com/puente-science/puente/auth"
)

// projectRoutes are one project's page and its workflow events. Any
// signed-in user may ask for a page: the handler lets in staff, the owner
// and assigned reviewers, and answers 404 to everyone else so another
// applicant's project does not reveal that it exists. Only the roles that
// fire events may post them; the workflow decides which event each may.
func (h *Handler) projectRoutes() []Route {
	return []Route{
		{fiber.MethodGet, "/projects/:id", auth.SignedIn, h.showProject},
		{fiber.MethodGet, "/projects/:id/history", auth.SignedIn, h.showProjectHistory},
		{fiber.MethodPost, "/projects/:id/events/:event", auth.AnyOf(auth.Applicant, auth.Officer, auth.Director), h.fireProjectEvent},
	}
}
