package models

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"

	"gorm.io/gorm"
)

// CalendarTokenHash is what the database keeps of a calendar feed's
// secret: its SHA-256, in hex. A stolen database gives no feed away.
func CalendarTokenHash(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// NewCalendarToken gives the user a new calendar feed secret, replacing
// (and so revoking) any earlier one, and records it in the audit log
// (a's At, actor, IP and request id). It returns the secret, which is
// stored only as its hash: the caller shows it once.
func (s *Store) NewCalendarToken(ctx context.Context, userID int64, a AuditEntry) (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("store: unable to make a calendar token: %w", err)
	}
	token := hex.EncodeToString(b)
	hash := CalendarTokenHash(token)
	err := s.setCalendarToken(ctx, userID, &hash, "account.calendar_link", a)
	if err != nil {
		return "", err
	}
	return token, nil
}

// RevokeCalendarToken ends the user's calendar feed: its address answers
// 404 from now on.
func (s *Store) RevokeCalendarToken(ctx context.Context, userID int64, a AuditEntry) error {
	return s.setCalendarToken(ctx, userID, nil, "account.calendar_revoke", a)
}

func (s *Store) setCalendarToken(ctx context.Context, userID int64, hash *string, action string, a AuditEntry) error {
	return s.InTx(ctx, func(tx *gorm.DB) error {
		res := tx.Model(&User{}).Where("id = ?", userID).
			Updates(map[string]any{"calendar_token_hash": hash, "updated_at": a.At})
		if res.Error != nil {
			return fmt.Errorf("store: unable to set the calendar token of user %d: %w", userID, res.Error)
		}
		if res.RowsAffected == 0 {
			return fmt.Errorf("store: unable to set the calendar token of user %d: %w", userID, ErrNotFound)
		}
		a.Action, a.Entity, a.EntityID = action, "user", &userID
		return s.Audit(ctx, tx, &a)
	})
}

// CalendarOwner is the person a calendar feed belongs to, as the feed
// needs them.
type CalendarOwner struct {
	ID       int64
	Name     string
	Locale   string
	TimeZone string
	Roles    []Role `gorm:"-"`
}

// CalendarOwnerByToken returns the active user whose feed secret is
// token, with their roles; ErrNotFound for a wrong or revoked secret.
func (s *Store) CalendarOwnerByToken(ctx context.Context, token string) (*CalendarOwner, error) {
	if token == "" {
		return nil, fmt.Errorf("store: no calendar token: %w", ErrNotFound)
	}
	var o CalendarOwner
	res := s.db.WithContext(ctx).Model(&User{}).Select("id, name, locale, time_zone").
		Where("calendar_token_hash = ? AND active = ?", CalendarTokenHash(token), true).Limit(1).Scan(&o)
	if res.Error != nil {
		return nil, fmt.Errorf("store: unable to find a calendar token: %w", res.Error)
	}
	if res.RowsAffected == 0 {
		return nil, fmt.Errorf("store: unknown calendar token: %w", ErrNotFound)
	}
	roles, err := s.RolesOf(ctx, o.ID)
	if err != nil {
		return nil, err
	}
	o.Roles = roles
	return &o, nil
}

// HasCalendarToken reports whether the user has a live calendar feed.
func (s *Store) HasCalendarToken(ctx context.Context, userID int64) (bool, error) {
	var n int64
	err := s.db.WithContext(ctx).Model(&User{}).
		Where("id = ? AND calendar_token_hash IS NOT NULL", userID).Count(&n).Error
	if err != nil {
		return false, fmt.Errorf("store: unable to check the calendar token of user %d: %w", userID, err)
	}
	return n > 0, nil
}
