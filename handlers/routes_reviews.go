package handlers

import (
	"github.com/gofiber/fiber/v2"

	"github.com/puente-science/puente/auth"
)

// reviewRoutes are reviewer assignment (officers assign, directors read)
// and the reviewer's own queue and reviews. A review belongs to its
// assigned reviewer: anyone else asking for it gets 404.
func (h *Handler) reviewRoutes() []Route {
	return []Route{
		{fiber.MethodGet, "/projects/:id/reviewers", auth.AnyOf(auth.Officer, auth.Director), h.showReviewers},
		{fiber.MethodPost, "/projects/:id/reviewers", auth.AnyOf(auth.Officer), h.assignReviewers},
		{fiber.MethodPost, "/projects/:id/reviewers/:aid/withdraw", auth.AnyOf(auth.Officer), h.withdrawReviewer},
		{fiber.MethodGet, "/reviews", auth.AnyOf(auth.Reviewer), h.listReviews},
		{fiber.MethodGet, "/reviews/:id", auth.AnyOf(auth.Reviewer), h.showReview},
		{fiber.MethodPost, "/reviews/:id", auth.AnyOf(auth.Reviewer), h.saveReview},
	}
}
