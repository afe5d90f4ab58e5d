package models

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// SessionUser is what every signed-in request needs to know: the session
// and who holds it.
type SessionUser struct {
	Session     Session
	UserID      int64
	Name        string
	Email       string
	Locale      string
	TimeZone    string
	Active      bool
	TOTPEnabled bool
	Verified    bool
	Roles       []Role
}

// CreateSession stores a new session.
func (s *Store) CreateSession(ctx context.Context, sess *Session) error {
	if err := s.db.WithContext(ctx).Create(sess).Error; err != nil {
		return fmt.Errorf("store: unable to create session: %w", err)
	}
	return nil
}

// LiveSession returns a session that is neither revoked nor expired, with
// its user and roles: two indexed queries per request.
func (s *Store) LiveSession(ctx context.Context, id string, now time.Time) (*SessionUser, error) {
	var row struct {
		Session
		Name        string
		Email       string
		Locale      string
		TimeZone    string
		Active      bool
		TOTPEnabled bool
		Verified    *time.Time
	}
	db := s.db.WithContext(ctx)
	err := db.Table("sessions s").
		Select(`s.id, s.user_id, s.created_at, s.last_seen_at, s.expires_at, s.revoked_at, s.ip, s.user_agent,
			u.name, u.email, u.locale, u.time_zone, u.active, u.totp_enabled, u.email_verified_at AS verified`).
		Joins("JOIN users u ON u.id = s.user_id").
		Where("s.id = ? AND s.revoked_at IS NULL AND s.expires_at > ?", id, now).
		Take(&row).Error
	if err != nil {
		return nil, fmt.Errorf("store: unable to load session: %w", notFound(err))
	}
	su := &SessionUser{Session: row.Session, UserID: row.Session.UserID, Name: row.Name, Email: row.Email,
		Locale: row.Locale, TimeZone: row.TimeZone, Active: row.Active, TOTPEnabled: row.TOTPEnabled,
		Verified: row.Verified != nil}
	if su.Roles, err = s.RolesOf(ctx, su.UserID); err != nil {
		return nil, err
	}
	return su, nil
}

// TouchSession records activity, so the idle timeout counts from now.
func (s *Store) TouchSession(ctx context.Context, id string, now time.Time) error {
	err := s.db.WithContext(ctx).Model(&Session{}).Where("id = ?", id).Update("last_seen_at", now).Error
	if err != nil {
		return fmt.Errorf("store: unable to touch session: %w", err)
	}
	return nil
}

// RevokeSession ends one of a user's sessions; another user's session id
// matches nothing (ErrNotFound).
func (s *Store) RevokeSession(ctx context.Context, userID int64, id string, now time.Time) error {
	res := s.db.WithContext(ctx).Model(&Session{}).
		Where("id = ? AND user_id = ? AND revoked_at IS NULL", id, userID).Update("revoked_at", now)
	if res.Error != nil {
		return fmt.Errorf("store: unable to revoke session: %w", res.Error)
	}
	if res.RowsAffected == 0 {
		return ErrNotFound
	}
	return nil
}

// RevokeUserSessions ends every live session of a user except keep ("" ends
// them all): sign out everywhere, password and role changes, deactivation.
func (s *Store) RevokeUserSessions(ctx context.Context, tx *gorm.DB, userID int64, keep string, now time.Time) error {
	q := s.tx(ctx, tx).Model(&Session{}).Where("user_id = ? AND revoked_at IS NULL", userID)
	if keep != "" {
		q = q.Where("id <> ?", keep)
	}
	if err := q.Update("revoked_at", now).Error; err != nil {
		return fmt.Errorf("store: unable to revoke sessions of %d: %w", userID, err)
	}
	return nil
}

// LiveSessions lists a user's live sessions, most recent first.
func (s *Store) LiveSessions(ctx context.Context, userID int64, now time.Time) ([]Session, error) {
	var out []Session
	err := s.db.WithContext(ctx).Where("user_id = ? AND revoked_at IS NULL AND expires_at > ?", userID, now).
		Order("last_seen_at DESC").Limit(50).Find(&out).Error
	if err != nil {
		return nil, fmt.Errorf("store: unable to list sessions: %w", err)
	}
	return out, nil
}
