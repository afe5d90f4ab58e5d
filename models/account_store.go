package models

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// ErrDuplicate is returned when a unique value (an e-mail address) is taken.
var ErrDuplicate = errors.New("models: already exists")

func notFound(err error) error {
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return ErrNotFound
	}
	return err
}

// UserByEmail returns the account with an address (compared lower-case).
func (s *Store) UserByEmail(ctx context.Context, email string) (*User, error) {
	var u User
	err := s.db.WithContext(ctx).Where("email = ?", strings.ToLower(strings.TrimSpace(email))).Take(&u).Error
	if err != nil {
		return nil, fmt.Errorf("store: unable to load user by e-mail: %w", notFound(err))
	}
	return &u, nil
}

// UserByID returns one account.
func (s *Store) UserByID(ctx context.Context, id int64) (*User, error) {
	var u User
	if err := s.db.WithContext(ctx).Take(&u, id).Error; err != nil {
		return nil, fmt.Errorf("store: unable to load user %d: %w", id, notFound(err))
	}
	return &u, nil
}

// RolesOf returns a user's roles.
func (s *Store) RolesOf(ctx context.Context, userID int64) ([]Role, error) {
	var roles []Role
	err := s.db.WithContext(ctx).Model(&UserRole{}).Where("user_id = ?", userID).
		Order("role").Pluck("role", &roles).Error
	if err != nil {
		return nil, fmt.Errorf("store: unable to load roles of user %d: %w", userID, err)
	}
	return roles, nil
}

// CreateUser inserts an account with its roles in one transaction; a taken
// address is ErrDuplicate.
func (s *Store) CreateUser(ctx context.Context, u *User, roles []Role) error {
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error { return s.CreateUserTx(ctx, tx, u, roles) })
}

// CreateUserTx inserts an account with its roles inside tx.
func (s *Store) CreateUserTx(ctx context.Context, tx *gorm.DB, u *User, roles []Role) error {
	db := s.tx(ctx, tx)
	u.Email = strings.ToLower(strings.TrimSpace(u.Email))
	var n int64
	if err := db.Model(&User{}).Where("email = ?", u.Email).Count(&n).Error; err != nil {
		return fmt.Errorf("store: unable to check e-mail: %w", err)
	}
	if n > 0 {
		return ErrDuplicate
	}
	if err := db.Create(u).Error; err != nil {
		return fmt.Errorf("store: unable to create user: %w", err)
	}
	for _, r := range roles {
		if err := db.Create(&UserRole{UserID: u.ID, Role: r}).Error; err != nil {
			return fmt.Errorf("store: unable to grant %s: %w", r, err)
		}
	}
	return nil
}

// UpdateUserFields updates the named columns of a user.
func (s *Store) UpdateUserFields(ctx context.Context, tx *gorm.DB, id int64, fields map[string]any) error {
	db := s.tx(ctx, tx)
	fields["updated_at"] = time.Now().UTC().Truncate(time.Microsecond)
	res := db.Model(&User{}).Where("id = ?", id).Updates(fields)
	if res.Error != nil {
		return fmt.Errorf("store: unable to update user %d: %w", id, res.Error)
	}
	if res.RowsAffected == 0 {
		return ErrNotFound
	}
	return nil
}

// SetRoles replaces a user's roles.
func (s *Store) SetRoles(ctx context.Context, tx *gorm.DB, userID int64, roles []Role) error {
	db := s.tx(ctx, tx)
	if err := db.Where("user_id = ?", userID).Delete(&UserRole{}).Error; err != nil {
		return fmt.Errorf("store: unable to clear roles of %d: %w", userID, err)
	}
	for _, r := range roles {
		if err := db.Create(&UserRole{UserID: userID, Role: r}).Error; err != nil {
			return fmt.Errorf("store: unable to grant %s: %w", r, err)
		}
	}
	return nil
}

// tx returns the transaction when one is given, else the store's database.
func (s *Store) tx(ctx context.Context, tx *gorm.DB) *gorm.DB {
	if tx != nil {
		return tx.WithContext(ctx)
	}
	return s.db.WithContext(ctx)
}

// InTx runs fn in one transaction.
func (s *Store) InTx(ctx context.Context, fn func(tx *gorm.DB) error) error {
	return s.db.WithContext(ctx).Transaction(fn)
}

// CreateToken stores the hash of a single-use token.
func (s *Store) CreateToken(ctx context.Context, tx *gorm.DB, t *UserToken) error {
	if err := s.tx(ctx, tx).Create(t).Error; err != nil {
		return fmt.Errorf("store: unable to create token: %w", err)
	}
	return nil
}

// TokenUser returns the user a live token of the purpose belongs to, without
// using it up (to show the form the link opens).
func (s *Store) TokenUser(ctx context.Context, purpose TokenPurpose, hash string, now time.Time) (int64, error) {
	var t UserToken
	err := s.db.WithContext(ctx).Where("purpose = ? AND token_hash = ? AND used_at IS NULL AND expires_at > ?",
		purpose, hash, now).Take(&t).Error
	if err != nil {
		return 0, fmt.Errorf("store: unable to find token: %w", notFound(err))
	}
	return t.UserID, nil
}

// ConsumeToken marks a live token used and returns its user. Of two
// concurrent uses exactly one succeeds: the update matches only an unused row.
func (s *Store) ConsumeToken(ctx context.Context, tx *gorm.DB, purpose TokenPurpose, hash string, now time.Time) (int64, error) {
	db := s.tx(ctx, tx)
	var t UserToken
	err := db.Where("purpose = ? AND token_hash = ? AND used_at IS NULL AND expires_at > ?", purpose, hash, now).Take(&t).Error
	if err != nil {
		return 0, fmt.Errorf("store: unable to find token: %w", notFound(err))
	}
	res := db.Model(&UserToken{}).Where("id = ? AND used_at IS NULL", t.ID).Update("used_at", now)
	if res.Error != nil {
		return 0, fmt.Errorf("store: unable to use token: %w", res.Error)
	}
	if res.RowsAffected != 1 {
		return 0, ErrNotFound
	}
	return t.UserID, nil
}

// ExpireTokens makes a user's unused tokens of a purpose unusable (a new
// reset link replaces the old ones).
func (s *Store) ExpireTokens(ctx context.Context, tx *gorm.DB, userID int64, purpose TokenPurpose, now time.Time) error {
	err := s.tx(ctx, tx).Model(&UserToken{}).Where("user_id = ? AND purpose = ? AND used_at IS NULL", userID, purpose).
		Update("expires_at", now).Error
	if err != nil {
		return fmt.Errorf("store: unable to expire tokens: %w", err)
	}
	return nil
}

// AddAttempt counts one attempt under a rate-limit key.
func (s *Store) AddAttempt(ctx context.Context, key string, at time.Time) error {
	if err := s.db.WithContext(ctx).Create(&AuthAttempt{Key: key, At: at}).Error; err != nil {
		return fmt.Errorf("store: unable to record attempt: %w", err)
	}
	return nil
}

// Attempts counts the attempts under key since a moment (up to 500: every
// budget is smaller) and returns the oldest of them, for Retry-After.
func (s *Store) Attempts(ctx context.Context, key string, since time.Time) (int64, time.Time, error) {
	var times []time.Time
	err := s.db.WithContext(ctx).Model(&AuthAttempt{}).Where("key = ? AND at > ?", key, since).
		Order("at").Limit(500).Pluck("at", &times).Error
	if err != nil {
		return 0, time.Time{}, fmt.Errorf("store: unable to count attempts: %w", err)
	}
	if len(times) == 0 {
		return 0, time.Time{}, nil
	}
	return int64(len(times)), times[0], nil
}

// ClearAttempts forgets the attempts under key (a successful sign-in).
func (s *Store) ClearAttempts(ctx context.Context, key string) error {
	if err := s.db.WithContext(ctx).Where("key = ?", key).Delete(&AuthAttempt{}).Error; err != nil {
		return fmt.Errorf("store: unable to clear attempts: %w", err)
	}
	return nil
}

// PruneAttempts deletes attempts older than before.
func (s *Store) PruneAttempts(ctx context.Context, before time.Time) error {
	if err := s.db.WithContext(ctx).Where("at < ?", before).Delete(&AuthAttempt{}).Error; err != nil {
		return fmt.Errorf("store: unable to prune attempts: %w", err)
	}
	return nil
}

// Audit appends an audit entry, in tx when given.
func (s *Store) Audit(ctx context.Context, tx *gorm.DB, e *AuditEntry) error {
	if err := s.tx(ctx, tx).Omit(clause.Associations).Create(e).Error; err != nil {
		return fmt.Errorf("store: unable to write audit entry: %w", err)
	}
	return nil
}

// AddRecoveryCode stores the hash of one recovery code.
func (s *Store) AddRecoveryCode(ctx context.Context, tx *gorm.DB, userID int64, hash string) error {
	if err := s.tx(ctx, tx).Create(&RecoveryCode{UserID: userID, CodeHash: hash, CreatedAt: time.Now().UTC()}).Error; err != nil {
		return fmt.Errorf("store: unable to add recovery code: %w", err)
	}
	return nil
}

// DeleteRecoveryCodes removes all of a user's recovery codes.
func (s *Store) DeleteRecoveryCodes(ctx context.Context, tx *gorm.DB, userID int64) error {
	if err := s.tx(ctx, tx).Where("user_id = ?", userID).Delete(&RecoveryCode{}).Error; err != nil {
		return fmt.Errorf("store: unable to delete recovery codes: %w", err)
	}
	return nil
}

// UseRecoveryCode marks an unused code used; a used or unknown one is
// ErrNotFound.
func (s *Store) UseRecoveryCode(ctx context.Context, userID int64, hash string, now time.Time) error {
	res := s.db.WithContext(ctx).Model(&RecoveryCode{}).
		Where("user_id = ? AND code_hash = ? AND used_at IS NULL", userID, hash).Update("used_at", now)
	if res.Error != nil {
		return fmt.Errorf("store: unable to use recovery code: %w", res.Error)
	}
	if res.RowsAffected == 0 {
		return ErrNotFound
	}
	return nil
}

// RecoveryCodesLeft counts a user's unused recovery codes.
func (s *Store) RecoveryCodesLeft(ctx context.Context, userID int64) (int64, error) {
	var n int64
	err := s.db.WithContext(ctx).Model(&RecoveryCode{}).Where("user_id = ? AND used_at IS NULL", userID).Count(&n).Error
	if err != nil {
		return 0, fmt.Errorf("store: unable to count recovery codes: %w", err)
	}
	return n, nil
}

// AdvanceTOTPStep records the step of an accepted code; a step not later
// than the last one is ErrNotFound, so a code works once.
func (s *Store) AdvanceTOTPStep(ctx context.Context, userID, step int64) error {
	res := s.db.WithContext(ctx).Model(&User{}).Where("id = ? AND totp_last_step < ?", userID, step).
		Update("totp_last_step", step)
	if res.Error != nil {
		return fmt.Errorf("store: unable to record TOTP step: %w", res.Error)
	}
	if res.RowsAffected == 0 {
		return ErrNotFound
	}
	return nil
}
