package models

import (
	"context"
	"fmt"
	"time"
)

// NotificationItem is one notification as its list shows it.
type NotificationItem struct {
	ID         int64
	ProjectID  *int64
	MessageKey string
	Params     string // JSON object of strings
	CreatedAt  time.Time
	ReadAt     *time.Time
}

// NotificationCounts counts a user's notifications, all and unread, in one
// query: the list pages with the first, the "mark all read" button needs the
// second.
func (s *Store) NotificationCounts(ctx context.Context, userID int64) (total, unread int64, err error) {
	var row struct{ Total, Unread int64 }
	err = s.db.WithContext(ctx).Model(&Notification{}).
		Select("COUNT(*) AS total, COALESCE(SUM(CASE WHEN read_at IS NULL THEN 1 ELSE 0 END), 0) AS unread").
		Where("user_id = ?", userID).Scan(&row).Error
	if err != nil {
		return 0, 0, fmt.Errorf("store: unable to count notifications of user %d: %w", userID, err)
	}
	return row.Total, row.Unread, nil
}

// NotificationsOf returns one page of a user's notifications, newest first.
func (s *Store) NotificationsOf(ctx context.Context, userID int64, offset, limit int) ([]NotificationItem, error) {
	var out []NotificationItem
	err := s.db.WithContext(ctx).Model(&Notification{}).
		Select("id, project_id, message_key, params, created_at, read_at").
		Where("user_id = ?", userID).Order("created_at DESC, id DESC").
		Offset(offset).Limit(limit).Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("store: unable to list notifications of user %d: %w", userID, err)
	}
	return out, nil
}

// MarkNotificationsRead marks every unread notification of a user read.
func (s *Store) MarkNotificationsRead(ctx context.Context, userID int64, now time.Time) error {
	err := s.db.WithContext(ctx).Model(&Notification{}).
		Where("user_id = ? AND read_at IS NULL", userID).Update("read_at", now).Error
	if err != nil {
		return fmt.Errorf("store: unable to mark notifications of user %d read: %w", userID, err)
	}
	return nil
}
