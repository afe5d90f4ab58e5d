package accounts

import (
	"context"
	"errors"
	"strings"
	"unicode/utf8"

	"gorm.io/gorm"

	"github.com/puente-science/puente/auth"
	pmail "github.com/puente-science/puente/mail"
	"github.com/puente-science/puente/models"
)

// CheckToken reports whether an e-mailed link is still good, without using
// it up, so its page can show the form or say the link expired.
func (s *Service) CheckToken(ctx context.Context, purpose models.TokenPurpose, token string) (*models.User, error) {
	if len(token) < 20 || len(token) > 100 {
		return nil, ErrBadToken
	}
	uid, err := s.Store.TokenUser(ctx, purpose, HashToken(token), s.now())
	if errors.Is(err, models.ErrNotFound) {
		return nil, ErrBadToken
	}
	if err != nil {
		return nil, err
	}
	return s.Store.UserByID(ctx, uid)
}

// consume uses a token up inside tx.
func (s *Service) consume(ctx context.Context, tx *gorm.DB, purpose models.TokenPurpose, token string) (int64, error) {
	uid, err := s.Store.ConsumeToken(ctx, tx, purpose, HashToken(token), s.now())
	if errors.Is(err, models.ErrNotFound) {
		return 0, ErrBadToken
	}
	return uid, err
}

// withToken runs fn in a transaction that uses a token up, under the
// address's budget of bad links. The failure is counted after the
// transaction ends: SQLite allows one writer at a time.
func (s *Service) withToken(ctx context.Context, m Meta, fn func(tx *gorm.DB) error) error {
	limits := verifyLimits(m.IP)
	if err := s.check(ctx, limits); err != nil {
		return err
	}
	err := s.Store.InTx(ctx, fn)
	if errors.Is(err, ErrBadToken) {
		if herr := s.hit(ctx, limits); herr != nil {
			return herr
		}
	}
	return err
}

// VerifyEmail confirms an address from its link.
func (s *Service) VerifyEmail(ctx context.Context, token string, m Meta) error {
	if len(token) > 100 {
		return ErrBadToken
	}
	return s.withToken(ctx, m, func(tx *gorm.DB) error {
		uid, err := s.consume(ctx, tx, models.PurposeVerifyEmail, token)
		if err != nil {
			return err
		}
		if err := s.Store.UpdateUserFields(ctx, tx, uid, map[string]any{"email_verified_at": s.now()}); err != nil {
			return err
		}
		return s.audit(ctx, tx, &uid, "auth.verify_email", uid, m, "")
	})
}

// ResendVerification mails a new link to an unverified account; for any
// other address it does nothing, and says the same.
func (s *Service) ResendVerification(ctx context.Context, email string, m Meta) error {
	email = normalizeEmail(email)
	limits := resendLimits(email, m.IP)
	if err := s.check(ctx, limits); err != nil {
		return err
	}
	if err := s.hit(ctx, limits); err != nil {
		return err
	}
	u, err := s.Store.UserByEmail(ctx, email)
	if errors.Is(err, models.ErrNotFound) || (err == nil && (u.EmailVerifiedAt != nil || !u.Active)) {
		return nil
	}
	if err != nil {
		return err
	}
	return s.Store.InTx(ctx, func(tx *gorm.DB) error {
		if err := s.Store.ExpireTokens(ctx, tx, u.ID, models.PurposeVerifyEmail, s.now()); err != nil {
			return err
		}
		return s.sendToken(ctx, tx, u, models.PurposeVerifyEmail, verifyTTL, "verify_email", nil)
	})
}

// RequestReset mails a reset link when the address has an active account.
// The answer is the same either way.
func (s *Service) RequestReset(ctx context.Context, email string, m Meta) error {
	email = normalizeEmail(email)
	limits := resetLimits(email, m.IP)
	if err := s.check(ctx, limits); err != nil {
		return err
	}
	if err := s.hit(ctx, limits); err != nil {
		return err
	}
	if !ValidEmail(email) {
		return nil
	}
	u, err := s.Store.UserByEmail(ctx, email)
	if errors.Is(err, models.ErrNotFound) || (err == nil && !u.Active) {
		return nil
	}
	if err != nil {
		return err
	}
	return s.Store.InTx(ctx, func(tx *gorm.DB) error {
		if err := s.Store.ExpireTokens(ctx, tx, u.ID, models.PurposeResetPassword, s.now()); err != nil {
			return err
		}
		if err := s.sendToken(ctx, tx, u, models.PurposeResetPassword, resetTTL, "reset_password", nil); err != nil {
			return err
		}
		return s.audit(ctx, tx, nil, "auth.reset_requested", u.ID, m, "")
	})
}

// ResetPassword sets a new password from a reset link, signs the account
// out everywhere and tells its holder. Proving control of the mailbox also
// verifies the address.
func (s *Service) ResetPassword(ctx context.Context, token, password string, m Meta) error {
	return s.setPasswordByToken(ctx, models.PurposeResetPassword, token, "", password, m, "auth.password_reset")
}

// AcceptInvite sets an invited user's password (and, if given, name).
func (s *Service) AcceptInvite(ctx context.Context, token, name, password string, m Meta) error {
	return s.setPasswordByToken(ctx, models.PurposeInvite, token, name, password, m, "auth.invite_accepted")
}

func (s *Service) setPasswordByToken(ctx context.Context, purpose models.TokenPurpose, token, name, password string, m Meta, action string) error {
	u, err := s.CheckToken(ctx, purpose, token)
	if err != nil {
		return err
	}
	fe := FieldErrors{}
	if p := auth.PasswordProblem(password, u.Email); p != "" {
		fe["password"] = p
	}
	name = strings.TrimSpace(name)
	if utf8.RuneCountInString(name) > 200 {
		fe["name"] = "form.too_long"
	}
	if len(fe) > 0 {
		return fe
	}
	hash, err := auth.HashPassword(password)
	if err != nil {
		return err
	}
	return s.withToken(ctx, m, func(tx *gorm.DB) error {
		uid, err := s.consume(ctx, tx, purpose, token)
		if err != nil {
			return err
		}
		now := s.now()
		fields := map[string]any{"password_hash": hash}
		if u.EmailVerifiedAt == nil {
			fields["email_verified_at"] = now
		}
		if name != "" {
			fields["name"] = name
		}
		if err := s.Store.UpdateUserFields(ctx, tx, uid, fields); err != nil {
			return err
		}
		if err := s.Store.RevokeUserSessions(ctx, tx, uid, "", now); err != nil {
			return err
		}
		if purpose == models.PurposeResetPassword {
			if err := s.Mailer.Queue(ctx, tx, pmail.Message{To: u.Email, ToName: u.Name, Lang: langOf(u.Locale),
				Kind: "password_changed"}, ""); err != nil {
				return err
			}
		}
		return s.audit(ctx, tx, &uid, action, uid, m, "")
	})
}
