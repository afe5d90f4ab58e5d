package e2e

import (
	"context"
	"log/slog"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/puente-science/puente/accounts"
	"github.com/puente-science/puente/config"
	"github.com/puente-science/puente/demo"
	"github.com/puente-science/puente/handlers"
	"github.com/puente-science/puente/i18n"
	"github.com/puente-science/puente/mail"
	"github.com/puente-science/puente/models"
	"github.com/puente-science/puente/refdata"
	"github.com/puente-science/puente/static"
)

var fixedNow = time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)

func seed(t *testing.T, s *models.Store, projects int) {
	t.Helper()
	ctx := context.Background()
	if _, err := refdata.Seed(ctx, s); err != nil {
		t.Fatal(err)
	}
	if _, err := demo.Generate(ctx, s, demo.Options{Projects: projects, Seed: 3, Now: fixedNow}); err != nil {
		t.Fatal(err)
	}
}

func newApp(t *testing.T, s *models.Store, baseURL string) *fiber.App {
	t.Helper()
	catalog, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	assets, err := static.Load()
	if err != nil {
		t.Fatal(err)
	}
	base, _ := url.Parse(baseURL)
	cfg := config.Config{Addr: "127.0.0.1:0", Secret: []byte(strings.Repeat("e", 32)), BaseURL: base, DataDir: t.TempDir()}
	now := func() time.Time { return fixedNow }
	mailer := mail.New(cfg, s, slog.New(slog.DiscardHandler), now)
	s.SetNotifier(mail.Notifier(mailer, s))
	return handlers.New(handlers.Deps{Config: cfg, Store: s, Log: slog.New(slog.DiscardHandler), Catalog: catalog,
		Assets: assets, Now: now, Mailer: mailer, Accounts: accounts.New(s, mailer, cfg.Secret, false, now)})
}
