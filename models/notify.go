package models

import (
	"context"
	"fmt"

	"gorm.io/gorm"
)

// Notifier is told of the in-app notifications a transaction writes, inside
// that transaction, so it can queue the matching e-mail atomically with
// them. The mail package provides the real one; main and the tests wire it
// with SetNotifier. Nil: in-app notifications only.
type Notifier func(ctx context.Context, tx *gorm.DB, rows []Notification) error

// SetNotifier installs the hook that follows every Notify.
func (s *Store) SetNotifier(n Notifier) { s.notifier = n }

// Notify writes in-app notifications (rows get their ids) and hands them to
// the notifier in the same transaction. Every area that tells people about
// something goes through here, so the e-mail copy never goes missing.
func (s *Store) Notify(ctx context.Context, tx *gorm.DB, rows []Notification) error {
	if len(rows) == 0 {
		return nil
	}
	if err := s.tx(ctx, tx).Create(&rows).Error; err != nil {
		return fmt.Errorf("store: unable to write notifications: %w", err)
	}
	if s.notifier == nil {
		return nil
	}
	if err := s.notifier(ctx, tx, rows); err != nil {
		return fmt.Errorf("store: unable to queue notification mail: %w", err)
	}
	return nil
}
