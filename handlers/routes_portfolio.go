package handlers

import (
	"github.com/gofiber/fiber/v2"

	"github.com/puente-science/puente/auth"
)

// portfolioRoutes are the portfolio summaries: officers and directors
// (auth.ViewPortfolio); everyone else is refused.
func (h *Handler) portfolioRoutes() []Route {
	return []Route{
		{fiber.MethodGet, "/portfolio", auth.AnyOf(auth.Officer, auth.Director), h.showPortfolio},
	}
}
