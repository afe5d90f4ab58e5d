package handlers

import (
	"github.com/gofiber/fiber/v2"

	"github.com/puente-science/puente/auth"
)

// agreementRoutes are the officers' side of a funded project: recording
// the signed agreement, paying or cancelling its tranches, and taking on
// the project as its responsible officer. Closing the project (complete
// with an outcome rating and closing remarks) goes through the project's
// event route.
func (h *Handler) agreementRoutes() []Route {
	officers := auth.AnyOf(auth.Officer)
	return []Route{
		{fiber.MethodGet, "/projects/:id/agreement", officers, h.showAgreementForm},
		{fiber.MethodPost, "/projects/:id/agreement", officers, h.recordAgreement},
		{fiber.MethodPost, "/projects/:id/tranches/:tid/pay", officers, h.payTranche},
		{fiber.MethodPost, "/projects/:id/tranches/:tid/cancel", officers, h.cancelTranche},
		{fiber.MethodPost, "/projects/:id/officer", officers, h.setProjectOfficer},
	}
}
