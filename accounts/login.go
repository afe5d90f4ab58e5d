package accounts

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/puente-science/puente/auth"
	"github.com/puente-science/puente/models"
)

// dummyHash is compared against when the address has no account, so a
// failed sign-in takes as long whether or not the account exists.
var dummyHash, _ = auth.HashPassword("puente dummy password for timing")

// LoginResult says who signed in and what comes next.
type LoginResult struct {
	UserID int64
	// SecondFactor: the password was right; a TOTP or recovery code must
	// follow before a session starts.
	SecondFactor bool
}

// Login checks an address and password under the rate limits.
func (s *Service) Login(ctx context.Context, email, password string, m Meta) (*LoginResult, error) {
	email = normalizeEmail(email)
	limits := loginLimits(email, m.IP)
	if err := s.check(ctx, limits); err != nil {
		_ = s.audit(ctx, nil, nil, "auth.login_limited", 0, m, jsonMeta("email", email))
		return nil, err
	}
	fail := func(u *models.User) (*LoginResult, error) {
		if err := s.hit(ctx, limits); err != nil {
			return nil, err
		}
		var actor *int64
		var id int64
		if u != nil {
			actor, id = &u.ID, u.ID
		}
		if err := s.audit(ctx, nil, actor, "auth.login_failed", id, m, jsonMeta("email", email)); err != nil {
			return nil, err
		}
		return nil, ErrBadCredentials
	}
	if email == "" || len(email) > 254 || password == "" || len(password) > 4*auth.MaxPasswordLength {
		return fail(nil)
	}
	u, err := s.Store.UserByEmail(ctx, email)
	if errors.Is(err, models.ErrNotFound) || (err == nil && u.PasswordHash == nil) {
		_, _ = auth.CheckPassword(password, dummyHash)
		return fail(nil)
	}
	if err != nil {
		return nil, err
	}
	rehash, err := auth.CheckPassword(password, *u.PasswordHash)
	if err != nil {
		return fail(u)
	}
	if !u.Active {
		return nil, ErrInactive
	}
	if u.EmailVerifiedAt == nil {
		return nil, ErrNotVerified
	}
	if rehash {
		if h, err := auth.HashPassword(password); err == nil {
			_ = s.Store.UpdateUserFields(ctx, nil, u.ID, map[string]any{"password_hash": h})
		}
	}
	if err := s.Store.ClearAttempts(ctx, limits[0].key); err != nil {
		return nil, err
	}
	return &LoginResult{UserID: u.ID, SecondFactor: u.TOTPEnabled}, nil
}

// StartSession opens a new session (always a new id: no fixation) and
// returns its signed token and expiry.
func (s *Service) StartSession(ctx context.Context, userID int64, m Meta) (string, time.Time, error) {
	now := s.now()
	sess := &models.Session{ID: newSecret(32), UserID: userID, CreatedAt: now, LastSeenAt: now,
		ExpiresAt: now.Add(AbsoluteTimeout), IP: m.IP, UserAgent: truncate(m.UserAgent, 300)}
	if err := s.Store.CreateSession(ctx, sess); err != nil {
		return "", time.Time{}, err
	}
	if err := s.Store.UpdateUserFields(ctx, nil, userID, map[string]any{"last_login_at": now}); err != nil {
		return "", time.Time{}, err
	}
	if err := s.audit(ctx, nil, &userID, "auth.login", userID, m, ""); err != nil {
		return "", time.Time{}, err
	}
	token, err := s.Tokens.Issue(sess.ID, userID, sess.ExpiresAt)
	return token, sess.ExpiresAt, err
}

// ErrNoSession means the request carries no live session.
var ErrNoSession = errors.New("accounts: no live session")

// Authenticate turns a session token into the signed-in user, or
// ErrNoSession: bad token, revoked, expired, idle too long, or deactivated.
func (s *Service) Authenticate(ctx context.Context, token string) (*models.SessionUser, error) {
	sid, uid, err := s.Tokens.Verify(token)
	if err != nil {
		return nil, ErrNoSession
	}
	now := s.now()
	su, err := s.Store.LiveSession(ctx, sid, now)
	if errors.Is(err, models.ErrNotFound) {
		return nil, ErrNoSession
	}
	if err != nil {
		return nil, err
	}
	if su.UserID != uid || !su.Active {
		return nil, ErrNoSession
	}
	if now.Sub(su.Session.LastSeenAt) > IdleTimeout {
		_ = s.Store.RevokeSession(ctx, uid, sid, now)
		return nil, ErrNoSession
	}
	if now.Sub(su.Session.LastSeenAt) > touchEvery {
		if err := s.Store.TouchSession(ctx, sid, now); err != nil {
			return nil, err
		}
	}
	return su, nil
}

// Logout ends a session.
func (s *Service) Logout(ctx context.Context, su *models.SessionUser, m Meta) error {
	if err := s.Store.RevokeSession(ctx, su.UserID, su.Session.ID, s.now()); err != nil && !errors.Is(err, models.ErrNotFound) {
		return err
	}
	return s.audit(ctx, nil, &su.UserID, "auth.logout", su.UserID, m, "")
}

// SignOutEverywhere ends every session of the user but the current one.
func (s *Service) SignOutEverywhere(ctx context.Context, su *models.SessionUser, m Meta) error {
	if err := s.Store.RevokeUserSessions(ctx, nil, su.UserID, su.Session.ID, s.now()); err != nil {
		return err
	}
	return s.audit(ctx, nil, &su.UserID, "auth.sessions_revoked", su.UserID, m, "")
}

// RevokeSession ends one of the user's own sessions; another's is
// models.ErrNotFound.
func (s *Service) RevokeSession(ctx context.Context, su *models.SessionUser, id string, m Meta) error {
	if err := s.Store.RevokeSession(ctx, su.UserID, id, s.now()); err != nil {
		return err
	}
	return s.audit(ctx, nil, &su.UserID, "auth.session_revoked", su.UserID, m, "")
}

// Denied records an authorization denial.
func (s *Service) Denied(ctx context.Context, userID int64, path string, m Meta) {
	var actor *int64
	if userID > 0 {
		actor = &userID
	}
	_ = s.audit(ctx, nil, actor, "auth.denied", userID, m, jsonMeta("path", path))
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}

// jsonMeta is the JSON object an audit entry's meta column holds.
func jsonMeta(kv ...string) string {
	m := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	b, _ := json.Marshal(m)
	return string(b)
}
