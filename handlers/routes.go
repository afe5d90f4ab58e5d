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
	routes := []Route{
		{fiber.MethodGet, "/", auth.Public, h.showHome},
		{fiber.MethodPost, "/lang", auth.Public, h.setLanguage},
		{fiber.MethodGet, "/login", auth.Public, h.showLogin},
		{fiber.MethodPost, "/login", auth.Public, h.submitLogin},
		{fiber.MethodGet, "/login/2fa", auth.Public, h.showSecondFactor},
		{fiber.MethodPost, "/login/2fa", auth.Public, h.submitSecondFactor},
		{fiber.MethodPost, "/logout", auth.SignedIn, h.logout},
		{fiber.MethodGet, "/register", auth.Public, h.showRegister},
		{fiber.MethodPost, "/register", auth.Public, h.submitRegister},
		{fiber.MethodPost, "/verify/resend", auth.Public, h.resendVerification},
		{fiber.MethodGet, "/verify/:token", auth.Public, h.showVerify},
		{fiber.MethodPost, "/verify/:token", auth.Public, h.submitVerify},
		{fiber.MethodGet, "/password/forgot", auth.Public, h.showForgot},
		{fiber.MethodPost, "/password/forgot", auth.Public, h.submitForgot},
		{fiber.MethodGet, "/password/reset/:token", auth.Public, h.showReset},
		{fiber.MethodPost, "/password/reset/:token", auth.Public, h.submitReset},
		{fiber.MethodGet, "/invite/:token", auth.Public, h.showInvite},
		{fiber.MethodPost, "/invite/:token", auth.Public, h.submitInvite},
		{fiber.MethodGet, "/countries", auth.Public, h.listCountries},
		{fiber.MethodGet, "/countries/:iso2", auth.Public, h.showCountry},
		{fiber.MethodGet, "/disciplines", auth.Public, h.listDisciplines},
		{fiber.MethodGet, "/priorities", auth.Public, h.listPriorities},
		{fiber.MethodGet, "/channels", auth.Public, h.listChannels},
		{fiber.MethodGet, "/healthz", auth.Public, h.healthz},
		{fiber.MethodGet, "/readyz", auth.Public, h.readyz},
	}
	routes = append(routes, h.meRoutes()...)
	routes = append(routes, h.referenceRoutes()...)
	routes = append(routes, h.calendarRoutes()...)
	routes = append(routes, h.adminRoutes()...)
	routes = append(routes, h.projectRoutes()...)
	routes = append(routes, h.callRoutes()...)
	routes = append(routes, h.projectListRoutes()...)
	routes = append(routes, h.exportRoutes()...)
	routes = append(routes, h.reviewRoutes()...)
	routes = append(routes, h.queueRoutes()...)
	routes = append(routes, h.applicationRoutes()...)
	routes = append(routes, h.agreementRoutes()...)
	routes = append(routes, h.reportRoutes()...)
	routes = append(routes, h.portfolioRoutes()...)
	return routes
}

// RouteTable returns the route table, for tests and documentation.
func RouteTable() []Route { return (&Handler{}).Routes() }

func (h *Handler) register(app *fiber.App) {
	for _, r := range h.Routes() {
		app.Add(r.Method, r.Path, h.authorize(r.Access), r.Handle)
	}
}
