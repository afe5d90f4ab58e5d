package accounts

import (
	"context"
	"crypto/rand"
	"errors"
	"strconv"
	"strings"

	"gorm.io/gorm"

	"github.com/puente-science/puente/auth"
	"github.com/puente-science/puente/models"
)

// recoveryCodeCount is how many single-use codes a user gets.
const recoveryCodeCount = 10

// BeginTOTP gives a user a new, not yet enabled, authenticator secret.
func (s *Service) BeginTOTP(ctx context.Context, userID int64) (string, error) {
	secret, err := auth.NewTOTPSecret()
	if err != nil {
		return "", err
	}
	if err := s.Store.UpdateUserFields(ctx, nil, userID, map[string]any{"totp_secret": secret, "totp_enabled": false}); err != nil {
		return "", err
	}
	return secret, nil
}

// EnableTOTP turns two-factor sign-in on once the user shows a code from
// their authenticator, and returns fresh recovery codes, shown only once.
func (s *Service) EnableTOTP(ctx context.Context, userID int64, code string, m Meta) ([]string, error) {
	u, err := s.Store.UserByID(ctx, userID)
	if err != nil {
		return nil, err
	}
	if u.TOTPSecret == nil || u.TOTPEnabled {
		return nil, ErrBadCode
	}
	step, ok := auth.VerifyTOTP(*u.TOTPSecret, code, s.now(), u.TOTPLastStep)
	if !ok {
		return nil, ErrBadCode
	}
	var codes []string
	err = s.Store.InTx(ctx, func(tx *gorm.DB) error {
		if err := s.Store.UpdateUserFields(ctx, tx, userID, map[string]any{"totp_enabled": true, "totp_last_step": step}); err != nil {
			return err
		}
		if codes, err = s.newRecoveryCodes(ctx, tx, userID); err != nil {
			return err
		}
		return s.audit(ctx, tx, &userID, "auth.2fa_enabled", userID, m, "")
	})
	return codes, err
}

// DisableTOTP turns two-factor sign-in off after checking the password.
func (s *Service) DisableTOTP(ctx context.Context, userID int64, password string, m Meta) error {
	u, err := s.Store.UserByID(ctx, userID)
	if err != nil {
		return err
	}
	if u.PasswordHash == nil {
		return FieldErrors{"current": "account.password.wrong"}
	}
	if _, err := auth.CheckPassword(password, *u.PasswordHash); err != nil {
		return FieldErrors{"current": "account.password.wrong"}
	}
	return s.Store.InTx(ctx, func(tx *gorm.DB) error {
		if err := s.Store.UpdateUserFields(ctx, tx, userID, map[string]any{"totp_enabled": false, "totp_secret": nil}); err != nil {
			return err
		}
		if err := s.Store.DeleteRecoveryCodes(ctx, tx, userID); err != nil {
			return err
		}
		return s.audit(ctx, tx, &userID, "auth.2fa_disabled", userID, m, "")
	})
}

// RegenerateRecoveryCodes replaces a user's recovery codes.
func (s *Service) RegenerateRecoveryCodes(ctx context.Context, userID int64, m Meta) ([]string, error) {
	var codes []string
	err := s.Store.InTx(ctx, func(tx *gorm.DB) error {
		var err error
		if codes, err = s.newRecoveryCodes(ctx, tx, userID); err != nil {
			return err
		}
		return s.audit(ctx, tx, &userID, "auth.recovery_codes", userID, m, "")
	})
	return codes, err
}

func (s *Service) newRecoveryCodes(ctx context.Context, tx *gorm.DB, userID int64) ([]string, error) {
	if err := s.Store.DeleteRecoveryCodes(ctx, tx, userID); err != nil {
		return nil, err
	}
	codes := make([]string, recoveryCodeCount)
	for i := range codes {
		codes[i] = recoveryCode()
		if err := s.Store.AddRecoveryCode(ctx, tx, userID, HashToken(codes[i])); err != nil {
			return nil, err
		}
	}
	return codes, nil
}

// recoveryCode is ten characters in two groups from an unambiguous alphabet.
func recoveryCode() string {
	const alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
	buf := make([]byte, 10)
	if _, err := rand.Read(buf); err != nil {
		panic(err)
	}
	for i, b := range buf {
		buf[i] = alphabet[int(b)%len(alphabet)]
	}
	return string(buf[:5]) + "-" + string(buf[5:])
}

// SecondFactor finishes a sign-in with a TOTP code or a recovery code.
func (s *Service) SecondFactor(ctx context.Context, userID int64, code string, m Meta) error {
	limits := secondFactorLimits(strconv.FormatInt(userID, 10))
	if err := s.check(ctx, limits); err != nil {
		return err
	}
	u, err := s.Store.UserByID(ctx, userID)
	if err != nil {
		return err
	}
	if !u.Active || !u.TOTPEnabled || u.TOTPSecret == nil {
		return ErrBadCode
	}
	code = strings.TrimSpace(code)
	if step, ok := auth.VerifyTOTP(*u.TOTPSecret, code, s.now(), u.TOTPLastStep); ok {
		if err := s.Store.AdvanceTOTPStep(ctx, userID, step); errors.Is(err, models.ErrNotFound) {
			return ErrBadCode // the same code was used at the same moment
		} else if err != nil {
			return err
		}
		return nil
	}
	if len(code) == 11 {
		err := s.Store.UseRecoveryCode(ctx, userID, HashToken(strings.ToLower(code)), s.now())
		if err == nil {
			return s.audit(ctx, nil, &userID, "auth.recovery_code_used", userID, m, "")
		}
		if !errors.Is(err, models.ErrNotFound) {
			return err
		}
	}
	_ = s.hit(ctx, limits)
	_ = s.audit(ctx, nil, &userID, "auth.2fa_failed", userID, m, "")
	return ErrBadCode
}
