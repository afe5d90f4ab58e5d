package handlers

import (
	"github.com/gofiber/fiber/v2"

	"github.com/puente-science/puente/auth"
)

// queueRoutes are the staff work queues: the screening inbox (officers'
// work) and the decision queue (directors' work). Both roles may read
// both; the actions live on each project's page, where the workflow
// decides who may do what.
func (h *Handler) queueRoutes() []Route {
	return []Route{
		{fiber.MethodGet, "/screening", auth.AnyOf(auth.Officer, auth.Director), h.showScreening},
		{fiber.MethodGet, "/decisions", auth.AnyOf(auth.Officer, auth.Director), h.showDecisions},
	}
}
