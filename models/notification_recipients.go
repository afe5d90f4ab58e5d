package models

import (
	"context"
	"fmt"

	"gorm.io/gorm"
)

// NotificationRecipient is what the e-mail copy of a notification needs to
// know of the person it goes to.
type NotificationRecipient struct {
	ID     int64
	Email  string
	Name   string
	Locale string
	Active bool
}

// NotificationRecipients loads the people with the given ids in one query,
// inside tx when given, keyed by id. Unknown ids are simply absent.
func (s *Store) NotificationRecipients(ctx context.Context, tx *gorm.DB, ids []int64) (map[int64]NotificationRecipient, error) {
	out := make(map[int64]NotificationRecipient, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	var rows []NotificationRecipient
	err := s.tx(ctx, tx).Model(&User{}).Select("id, email, name, locale, active").
		Where("id IN ?", ids).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("store: unable to load notification recipients: %w", err)
	}
	for _, r := range rows {
		out[r.ID] = r
	}
	return out, nil
}
