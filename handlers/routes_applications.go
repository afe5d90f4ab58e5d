package handlers

import (
	"github.com/gofiber/fiber/v2"

	"github.com/puente-science/puente/auth"
)

// applicationRoutes are applying to a call, the application form and its
// files. Only applicants apply and edit, and only their own application
// (others get 404); whoever may read a project may download its files.
func (h *Handler) applicationRoutes() []Route {
	applicants := auth.AnyOf(auth.Applicant)
	return []Route{
		{fiber.MethodPost, "/calls/:id/apply", applicants, h.applyToCall},
		{fiber.MethodGet, "/projects/:id/edit", applicants, h.editApplication},
		{fiber.MethodPost, "/projects/:id/edit", applicants, h.saveApplication},
		{fiber.MethodGet, "/projects/:id/attachments/:aid", auth.SignedIn, h.downloadAttachment},
	}
}
