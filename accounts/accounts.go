// Package accounts owns the life of an account: registration, e-mail
// verification, sign-in with rate limits and optional two-factor codes,
// sessions, password resets, invitations and role changes, each recorded in
// the audit log. Handlers call it; it knows no HTTP.
package accounts

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"

	"github.com/puente-science/puente/auth"
	"github.com/puente-science/puente/mail"
	"github.com/puente-science/puente/models"
)

// Session lifetimes: a session ends after two idle hours or twelve hours in
// all, whichever comes first.
const (
	IdleTimeout     = 2 * time.Hour
	AbsoluteTimeout = 12 * time.Hour
	// touchEvery limits session writes to one a minute per session.
	touchEvery = time.Minute
)

// Token lifetimes of the links sent by e-mail.
const (
	verifyTTL = 24 * time.Hour
	resetTTL  = time.Hour
	inviteTTL = 7 * 24 * time.Hour
)

// Mailer queues e-mail for background delivery, inside the caller's
// transaction so a message exists exactly when the change it reports does.
type Mailer interface {
	Queue(ctx context.Context, tx *gorm.DB, msg mail.Message, dedupeKey string) error
}

// Service runs the account flows.
type Service struct {
	Store  *models.Store
	Mailer Mailer
	Tokens *auth.Tokens
	Now    func() time.Time
	// Require2FAStaff makes two-factor sign-in mandatory for officers,
	// directors and admins.
	Require2FAStaff bool
}

// Meta is what the audit log records of the request behind an action.
type Meta struct {
	IP        string
	UserAgent string
	RequestID string
}

// Errors returned to handlers, which turn them into translated messages.
var (
	ErrBadCredentials = errors.New("accounts: wrong e-mail or password")
	ErrNotVerified    = errors.New("accounts: e-mail address not verified")
	ErrInactive       = errors.New("accounts: account deactivated")
	ErrBadToken       = errors.New("accounts: link invalid, used or expired")
	ErrBadCode        = errors.New("accounts: wrong two-factor code")
)

// RateLimitError says how long to wait before trying again.
type RateLimitError struct{ RetryAfter time.Duration }

func (e *RateLimitError) Error() string {
	return fmt.Sprintf("accounts: too many attempts; retry in %s", e.RetryAfter)
}

// FieldErrors maps a form field to the message key of what is wrong with it.
type FieldErrors map[string]string

func (f FieldErrors) Error() string { return fmt.Sprintf("accounts: %d invalid fields", len(f)) }

func (s *Service) now() time.Time {
	if s.Now == nil {
		return time.Now().UTC().Truncate(time.Microsecond)
	}
	return s.Now().UTC().Truncate(time.Microsecond)
}

// newSecret returns a random URL-safe string of n bytes of entropy.
func newSecret(n int) string {
	buf := make([]byte, n)
	if _, err := rand.Read(buf); err != nil {
		panic(err) // the system's random source failing is not recoverable
	}
	return base64.RawURLEncoding.EncodeToString(buf)
}

// HashToken is how e-mailed tokens are stored: only their SHA-256, so a
// leaked table opens no account.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// audit writes an audit entry about a user.
func (s *Service) audit(ctx context.Context, tx *gorm.DB, actor *int64, action string, subject int64, m Meta, meta string) error {
	if actor != nil && *actor == 0 {
		actor = nil // the system (the command line), not a user
	}
	e := &models.AuditEntry{At: s.now(), ActorID: actor, Action: action, Entity: "user"}
	if subject > 0 {
		e.EntityID = &subject
	}
	if m.IP != "" {
		e.IP = &m.IP
	}
	if m.RequestID != "" {
		e.RequestID = &m.RequestID
	}
	if meta != "" {
		e.Meta = &meta
	}
	return s.Store.Audit(ctx, tx, e)
}

// New builds the service with its token issuer.
func New(store *models.Store, mailer Mailer, secret []byte, require2FAStaff bool, now func() time.Time) *Service {
	return &Service{Store: store, Mailer: mailer, Tokens: auth.NewTokens(secret, now), Now: now, Require2FAStaff: require2FAStaff}
}

// PruneLoop deletes rate-limit attempts older than a day, hourly, until ctx
// ends: the longest budget counts one hour.
func (s *Service) PruneLoop(ctx context.Context) {
	t := time.NewTicker(time.Hour)
	defer t.Stop()
	for {
		_ = s.Store.PruneAttempts(ctx, s.now().Add(-24*time.Hour))
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// nameProblem returns the message key of what is wrong with a person's name
// (required, at most 200 characters), or "".
func nameProblem(name string) string {
	switch n := utf8.RuneCountInString(strings.TrimSpace(name)); {
	case n == 0:
		return "form.required"
	case n > 200:
		return "form.too_long"
	}
	return ""
}
