package handlers

import (
	"github.com/gofiber/fiber/v2"

	"github.com/puente-science/puente/auth"
)

// Route is one line of the route table: every address Puente answers, with
// who may use it.
type Route struct {
	Method string
	Path   string
	Access auth.Access
	Handle fiber.Handler
}

// Routes is the one route table. Tests walk it: a route missing here does
// not exist.
func (h *Handler) Routes() []Route {
	return []Route{
		{fiber.MethodGet, "/", auth.Public, h.showHome},
		{fiber.MethodPost, "/lang", auth.Public, h.setLanguage},
		{fiber.MethodGet, "/countries", auth.Public, h.listCountries},
		{fiber.MethodGet, "/countries/:iso2", auth.Public, h.showCountry},
		{fiber.MethodGet, "/disciplines", auth.Public, h.listDisciplines},
		{fiber.MethodGet, "/priorities", auth.Public, h.listPriorities},
		{fiber.MethodGet, "/channels", auth.Public, h.listChannels},
		{fiber.MethodGet, "/healthz", auth.Public, h.healthz},
		{fiber.MethodGet, "/readyz", auth.Public, h.readyz},
	}
}

func (h *Handler) register(app *fiber.App) {
	for _, r := range h.Routes() {
		app.Add(r.Method, r.Path, h.authorize(r.Access), r.Handle)
	}
}

// authorize enforces a route's access. Sign-in arrives with accounts; until
// then only public routes exist and the rest answer 404 rather than reveal
// themselves.
func (h *Handler) authorize(a auth.Access) fiber.Handler {
	return func(c *fiber.Ctx) error {
		if a.Public {
			return c.Next()
		}
		return fiber.ErrNotFound
	}
}
