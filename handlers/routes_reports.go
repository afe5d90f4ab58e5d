package handlers

import (
	"github.com/gofiber/fiber/v2"

	"github.com/puente-science/puente/auth"
)

// reportRoutes are progress and final reports: applicants write their
// own projects' reports, officers review them and follow the queues,
// directors read. Another applicant's report answers 404.
func (h *Handler) reportRoutes() []Route {
	readers := auth.AnyOf(auth.Applicant, auth.Officer, auth.Director)
	return []Route{
		{fiber.MethodGet, "/reports", readers, h.listReports},
		{fiber.MethodGet, "/reports/:id", readers, h.showReport},
		{fiber.MethodPost, "/reports/:id", auth.AnyOf(auth.Applicant), h.saveReport},
		{fiber.MethodPost, "/reports/:id/review", auth.AnyOf(auth.Officer), h.reviewReport},
	}
}
