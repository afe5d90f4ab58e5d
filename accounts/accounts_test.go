package accounts_test

import (
	"context"
	"errors"
	"log/slog"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/puente-science/puente/accounts"
	"github.com/puente-science/puente/auth"
	"github.com/puente-science/puente/config"
	"github.com/puente-science/puente/i18n"
	"github.com/puente-science/puente/mail"
	"github.com/puente-science/puente/models"
	"github.com/puente-science/puente/refdata"
	"github.com/puente-science/puente/testdb"
)

// clock is a test clock that moves only when told.
type clock struct{ t time.Time }

func (c *clock) now() time.Time          { return c.t }
func (c *clock) advance(d time.Duration) { c.t = c.t.Add(d) }

func newService(t *testing.T, s *models.Store) (*accounts.Service, *clock) {
	t.Helper()
	if _, err := refdata.Seed(context.Background(), s); err != nil {
		t.Fatal(err)
	}
	c := &clock{t: time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)}
	base, _ := url.Parse("http://localhost:8080")
	cfg := config.Config{BaseURL: base, Secret: []byte(strings.Repeat("z", 32))}
	mailer := mail.New(cfg, s, slog.New(slog.DiscardHandler), c.now)
	return accounts.New(s, mailer, cfg.Secret, false, c.now), c
}

var m = accounts.Meta{IP: "198.51.100.7", RequestID: "test"}

const pw = "two hemispheres one science"

func register(t *testing.T, svc *accounts.Service, s *models.Store, email string) *models.User {
	t.Helper()
	ctx := context.Background()
	if err := svc.Register(ctx, accounts.Registration{Name: "Test", Email: email, Password: pw, Lang: i18n.ES}, m); err != nil {
		t.Fatalf("register: %v", err)
	}
	u, err := s.UserByEmail(ctx, email)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// verify verifies an account through the token in its mail.
func verify(t *testing.T, svc *accounts.Service, s *models.Store, email string) {
	t.Helper()
	var msg models.MailOutbox
	if err := s.DB().Where("to_address = ?", email).Order("id DESC").Take(&msg).Error; err != nil {
		t.Fatal(err)
	}
	i := strings.Index(msg.BodyText, "/verify/")
	token := strings.Fields(msg.BodyText[i+len("/verify/"):])[0]
	if err := svc.VerifyEmail(context.Background(), token, m); err != nil {
		t.Fatalf("verify: %v", err)
	}
}

func TestSessionsExpire(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		svc, c := newService(t, s)
		u := register(t, svc, s, "ana@example.org")
		verify(t, svc, s, "ana@example.org")
		res, err := svc.Login(ctx, "ana@example.org", pw, m)
		if err != nil {
			t.Fatal(err)
		}
		token, _, err := svc.StartSession(ctx, res.UserID, m)
		if err != nil {
			t.Fatal(err)
		}
		// Activity keeps the session alive within the idle timeout…
		for i := 0; i < 5; i++ {
			c.advance(accounts.IdleTimeout - time.Minute)
			if _, err := svc.Authenticate(ctx, token); err != nil {
				t.Fatalf("active session refused after %d idle periods: %v", i, err)
			}
		}
		// …but not beyond the absolute timeout.
		c.advance(accounts.AbsoluteTimeout)
		if _, err := svc.Authenticate(ctx, token); !errors.Is(err, accounts.ErrNoSession) {
			t.Errorf("session alive past the absolute timeout: %v", err)
		}
		token, _, _ = svc.StartSession(ctx, u.ID, m)
		c.advance(accounts.IdleTimeout + time.Minute)
		if _, err := svc.Authenticate(ctx, token); !errors.Is(err, accounts.ErrNoSession) {
			t.Errorf("idle session accepted: %v", err)
		}
	})
}

func TestRateLimitWindowSlides(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		svc, c := newService(t, s)
		register(t, svc, s, "ana@example.org")
		verify(t, svc, s, "ana@example.org")
		for i := 0; i < 10; i++ {
			if _, err := svc.Login(ctx, "ana@example.org", "wrong", m); !errors.Is(err, accounts.ErrBadCredentials) {
				t.Fatalf("attempt %d: %v", i, err)
			}
			c.advance(time.Second)
		}
		var rl *accounts.RateLimitError
		if _, err := svc.Login(ctx, "ana@example.org", pw, m); !errors.As(err, &rl) {
			t.Fatalf("11th attempt: %v", err)
		}
		if rl.RetryAfter <= 0 || rl.RetryAfter > time.Minute {
			t.Errorf("retry after %s", rl.RetryAfter)
		}
		c.advance(time.Minute)
		if _, err := svc.Login(ctx, "ana@example.org", pw, m); err != nil {
			t.Errorf("after the window: %v", err)
		}
	})
}

func TestTwoFactor(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		svc, c := newService(t, s)
		u := register(t, svc, s, "ana@example.org")
		verify(t, svc, s, "ana@example.org")
		secret, err := svc.BeginTOTP(ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		code, _ := auth.TOTPCode(secret, auth.TOTPStep(c.now()))
		if _, err := svc.EnableTOTP(ctx, u.ID, "000000", m); !errors.Is(err, accounts.ErrBadCode) && code != "000000" {
			t.Errorf("wrong code enabled 2FA: %v", err)
		}
		codes, err := svc.EnableTOTP(ctx, u.ID, code, m)
		if err != nil || len(codes) != 10 {
			t.Fatalf("enable: %v %d", err, len(codes))
		}
		res, err := svc.Login(ctx, "ana@example.org", pw, m)
		if err != nil || !res.SecondFactor {
			t.Fatalf("login with 2FA: %+v %v", res, err)
		}
		// The code used to enable cannot sign in again (replay).
		if err := svc.SecondFactor(ctx, u.ID, code, m); !errors.Is(err, accounts.ErrBadCode) {
			t.Errorf("replayed code: %v", err)
		}
		c.advance(30 * time.Second)
		next, _ := auth.TOTPCode(secret, auth.TOTPStep(c.now()))
		if err := svc.SecondFactor(ctx, u.ID, next, m); err != nil {
			t.Errorf("fresh code: %v", err)
		}
		if err := svc.SecondFactor(ctx, u.ID, strings.ToUpper(codes[3]), m); err != nil {
			t.Errorf("recovery code: %v", err)
		}
		if err := svc.SecondFactor(ctx, u.ID, codes[3], m); !errors.Is(err, accounts.ErrBadCode) {
			t.Errorf("recovery code reused: %v", err)
		}
		if err := svc.DisableTOTP(ctx, u.ID, "not my password", m); err == nil {
			t.Error("2FA disabled without the password")
		}
		if err := svc.DisableTOTP(ctx, u.ID, pw, m); err != nil {
			t.Fatal(err)
		}
		if res, _ := svc.Login(ctx, "ana@example.org", pw, m); res == nil || res.SecondFactor {
			t.Error("2FA still asked after disabling")
		}
	})
}

func TestAdminChanges(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		svc, _ := newService(t, s)
		adminID, err := svc.Invite(ctx, 0, "System", accounts.Invitation{Email: "boss@example.org", Name: "Boss",
			Roles: []models.Role{models.RoleAdmin}, Lang: i18n.EN}, m)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Invite(ctx, adminID, "Boss", accounts.Invitation{Email: "BOSS@example.org", Name: "Again",
			Roles: []models.Role{models.RoleOfficer}, Lang: i18n.EN}, m); err == nil {
			t.Error("second invitation to a taken address accepted")
		}
		if err := svc.UpdateUser(ctx, adminID, adminID, accounts.UserChange{Name: "Boss", Roles: []models.Role{models.RoleOfficer}, Active: true}, m); !errors.Is(err, accounts.ErrSelfLockout) {
			t.Errorf("admin removed own admin role: %v", err)
		}
		if err := svc.UpdateUser(ctx, adminID, adminID, accounts.UserChange{Name: "Boss", Roles: []models.Role{models.RoleAdmin}, Active: false}, m); !errors.Is(err, accounts.ErrSelfLockout) {
			t.Errorf("admin deactivated themself: %v", err)
		}
		u := register(t, svc, s, "pi@example.org")
		verify(t, svc, s, "pi@example.org")
		token, _, _ := svc.StartSession(ctx, u.ID, m)
		if err := svc.UpdateUser(ctx, adminID, u.ID, accounts.UserChange{Name: "PI", Roles: []models.Role{models.RoleApplicant, models.RoleReviewer}, Active: true}, m); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Authenticate(ctx, token); !errors.Is(err, accounts.ErrNoSession) {
			t.Error("a role change left the session alive")
		}
		var n int64
		s.DB().Model(&models.AuditEntry{}).Where("action = ? AND entity_id = ?", "admin.roles_change", u.ID).Count(&n)
		if n != 1 {
			t.Errorf("%d audit entries for the role change", n)
		}
		roles, _ := s.RolesOf(ctx, u.ID)
		if len(roles) != 2 {
			t.Errorf("roles = %v", roles)
		}
	})
}

func TestORCID(t *testing.T) {
	for in, want := range map[string]string{
		"0000-0002-1825-0097":                   "0000-0002-1825-0097",
		"https://orcid.org/0000-0002-1825-0097": "0000-0002-1825-0097",
		"0000000218250097":                      "0000-0002-1825-0097",
		"0000-0001-5109-3700":                   "0000-0001-5109-3700",
		"0000-0002-1694-233x":                   "0000-0002-1694-233X",
		"0000-0002-1825-0098":                   "",
		"0000-0002-1825-009":                    "",
		"abcd-0002-1825-0097":                   "",
	} {
		if got := accounts.NormalizeORCID(in); got != want {
			t.Errorf("NormalizeORCID(%q) = %q, want %q", in, got, want)
		}
	}
}
