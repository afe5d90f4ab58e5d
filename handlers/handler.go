// Package handlers turns HTTP requests into calls on the store and the
// workflow and renders the answers. It holds no SQL and no business rule.
package handlers

import (
	"log/slog"
	"path/filepath"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/puente-science/puente/accounts"
	"github.com/puente-science/puente/config"
	"github.com/puente-science/puente/files"
	"github.com/puente-science/puente/i18n"
	"github.com/puente-science/puente/mail"
	"github.com/puente-science/puente/models"
	"github.com/puente-science/puente/static"
)

// Deps are what the handlers need, built once in main (or in a test).
type Deps struct {
	Config   config.Config
	Store    *models.Store
	Log      *slog.Logger
	Catalog  *i18n.Catalog
	Assets   *static.Assets
	Accounts *accounts.Service
	Mailer   *mail.Mailer
	Files    *files.Store     // uploads; nil: <DataDir>/uploads
	Now      func() time.Time // the clock; tests may fix it
}

// Handler holds the dependencies every handler method uses.
type Handler struct {
	Deps
}

// BodyLimit caps request bodies; uploads (the largest requests) stay under it.
const BodyLimit = 25 << 20

// New builds the Fiber application with its middleware and route table.
func New(d Deps) *fiber.App {
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Files == nil {
		d.Files = files.New(filepath.Join(d.Config.DataDir, "uploads"))
	}
	h := &Handler{Deps: d}
	cfg := fiber.Config{
		AppName:               "Puente",
		BodyLimit:             BodyLimit,
		ErrorHandler:          h.handleError,
		DisableStartupMessage: true,
		ReadTimeout:           30 * time.Second,
		WriteTimeout:          60 * time.Second,
		IdleTimeout:           120 * time.Second,
		ReadBufferSize:        16 << 10,
	}
	if len(d.Config.TrustedProxies) > 0 {
		cfg.EnableTrustedProxyCheck = true
		cfg.ProxyHeader = fiber.HeaderXForwardedFor
		for _, p := range d.Config.TrustedProxies {
			cfg.TrustedProxies = append(cfg.TrustedProxies, p.String())
		}
	}
	app := fiber.New(cfg)
	app.Use(h.requestID, h.accessLog, h.recoverPanic, h.securityHeaders)
	app.Get(static.Prefix+"*", h.serveStatic)
	app.Use(h.session, h.locale, h.csrf, h.viewState)
	h.register(app)
	app.Use(func(c *fiber.Ctx) error { return fiber.ErrNotFound })
	return app
}
