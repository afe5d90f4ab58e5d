package handlers

import (
	"github.com/gofiber/fiber/v2"

	"github.com/puente-science/puente/auth"
)

// exportRoutes are the downloads of project lists and of the standards
// files. All are for staff (officers, directors, admins): the tables hold
// investigators' names and every state, and the IATI and 360Giving files,
// though meant for publication, are published by the bureau (downloaded
// here or written by `puente export`), not served to the public by Puente.
func (h *Handler) exportRoutes() []Route {
	staff := auth.AnyOf(auth.Officer, auth.Director, auth.Admin)
	return []Route{
		{fiber.MethodGet, "/export/projects.csv", staff, h.exportProjectsCSV},
		{fiber.MethodGet, "/export/projects.xlsx", staff, h.exportProjectsXLSX},
		{fiber.MethodGet, "/export/iati.xml", staff, h.exportIATI},
		{fiber.MethodGet, "/export/360giving.json", staff, h.export360Giving},
	}
}
