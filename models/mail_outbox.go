package models

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/puente-science/puente/migrations"
)

// Delivery policy of the outbox.
const (
	// MailMaxAttempts is how many failed sends make a message failed for good.
	MailMaxAttempts = 8
	// MailLease is how long a claimed message may stay in sending before
	// another sender takes it over, assuming the first one died.
	MailLease = 10 * time.Minute
	// mailErrorMax bounds last_error: SMTP servers can answer at length.
	mailErrorMax = 1000
)

// mailBackoff is the wait after the 1st, 2nd, ... failed attempt; later
// attempts wait as long as the last step.
var mailBackoff = []time.Duration{
	time.Minute, 5 * time.Minute, 30 * time.Minute, 2 * time.Hour, 6 * time.Hour, 24 * time.Hour,
}

// MailBackoff returns how long to wait after the given number of failed
// attempts (1 or more) before trying again.
func MailBackoff(attempts int) time.Duration {
	if attempts < 1 {
		attempts = 1
	}
	return mailBackoff[min(attempts, len(mailBackoff))-1]
}

// EnqueueMail inserts a message to be sent, inside tx when given so that the
// message exists exactly when the change it announces does. A message whose
// DedupeKey is already queued is silently skipped (m.ID stays 0): ON
// CONFLICT rather than catching the unique violation, because on PostgreSQL
// a failed statement would abort the caller's transaction.
func (s *Store) EnqueueMail(ctx context.Context, tx *gorm.DB, m *MailOutbox) error {
	db := s.db
	if tx != nil {
		db = tx
	}
	db = db.WithContext(ctx)
	if m.DedupeKey != nil && *m.DedupeKey == "" {
		m.DedupeKey = nil
	}
	if !m.NextAttemptAt.IsZero() {
		m.NextAttemptAt = mailTime(m.NextAttemptAt)
	}
	if !m.CreatedAt.IsZero() {
		m.CreatedAt = mailTime(m.CreatedAt)
	}
	err := db.Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "dedupe_key"}}, DoNothing: true}).
		Create(m).Error
	if err != nil {
		return fmt.Errorf("store: unable to queue mail: %w", err)
	}
	return nil
}

// ClaimDueMail moves up to limit due messages to sending and returns them,
// oldest first. Due means pending with next_attempt_at <= now, or sending
// whose lease ran out (its sender died). While a message is sending,
// next_attempt_at holds the end of its lease, so one index serves both.
//
// On PostgreSQL, FOR UPDATE SKIP LOCKED lets several instances claim at once
// without waiting on or double-claiming each other's rows; MATERIALIZED makes
// sure the locking subquery runs once. SQLite has one writer at a time, so
// the same UPDATE in an immediate transaction is already exclusive.
func (s *Store) ClaimDueMail(ctx context.Context, now time.Time, limit int) ([]MailOutbox, error) {
	db := s.db.WithContext(ctx)
	now = mailTime(now)
	lease := now.Add(MailLease)
	var rows []MailOutbox
	var err error
	if s.dialect == migrations.Postgres {
		err = db.Raw(`WITH due AS MATERIALIZED (
				SELECT id FROM mail_outbox
				WHERE status IN ('pending', 'sending') AND next_attempt_at <= ?
				ORDER BY next_attempt_at, id
				LIMIT ?
				FOR UPDATE SKIP LOCKED)
			UPDATE mail_outbox m SET status = 'sending', next_attempt_at = ?
			FROM due WHERE m.id = due.id
			RETURNING m.*`, now, limit, lease).Scan(&rows).Error
	} else {
		err = db.Transaction(func(tx *gorm.DB) error {
			return tx.Raw(`UPDATE mail_outbox SET status = 'sending', next_attempt_at = ?
				WHERE id IN (SELECT id FROM mail_outbox
					WHERE status IN ('pending', 'sending') AND next_attempt_at <= ?
					ORDER BY next_attempt_at, id
					LIMIT ?)
				RETURNING *`, lease, now, limit).Scan(&rows).Error
		})
	}
	if err != nil {
		return nil, fmt.Errorf("store: unable to claim due mail: %w", err)
	}
	// RETURNING keeps no order.
	slices.SortFunc(rows, func(a, b MailOutbox) int { return cmp.Compare(a.ID, b.ID) })
	return rows, nil
}

// MarkMailSent records a successful delivery of a claimed message.
func (s *Store) MarkMailSent(ctx context.Context, id int64, now time.Time) error {
	db := s.db.WithContext(ctx)
	err := db.Model(&MailOutbox{}).
		Where("id = ? AND status = ?", id, MailSending).
		Updates(map[string]any{"status": MailSent, "sent_at": mailTime(now), "last_error": nil}).Error
	if err != nil {
		return fmt.Errorf("store: unable to mark mail %d sent: %w", id, err)
	}
	return nil
}

// MarkMailFailed records a failed attempt of a claimed message: it is tried
// again after the backoff, or failed for good after MailMaxAttempts. The
// caller removes secrets from errText; it is truncated here.
func (s *Store) MarkMailFailed(ctx context.Context, id int64, now time.Time, errText string) error {
	db := s.db.WithContext(ctx)
	now = mailTime(now)
	errText = cleanMailError(errText)
	err := db.Transaction(func(tx *gorm.DB) error {
		var found []int
		err := tx.Model(&MailOutbox{}).Where("id = ? AND status = ?", id, MailSending).
			Pluck("attempts", &found).Error
		if err != nil {
			return err
		}
		if len(found) == 0 {
			return ErrNotFound // not claimed: already sent, or never queued
		}
		attempts := found[0] + 1
		status := MailPending
		if attempts >= MailMaxAttempts {
			status = MailFailed
		}
		// The attempts check makes a concurrent takeover lose cleanly
		// instead of counting one failure twice.
		res := tx.Model(&MailOutbox{}).Where("id = ? AND status = ? AND attempts = ?", id, MailSending, attempts-1).
			Updates(map[string]any{
				"status": status, "attempts": attempts, "last_error": errText,
				"next_attempt_at": now.Add(MailBackoff(attempts)),
			})
		if res.Error == nil && res.RowsAffected == 0 {
			return ErrConflict
		}
		return res.Error
	})
	if errors.Is(err, ErrNotFound) || errors.Is(err, ErrConflict) {
		return err
	}
	if err != nil {
		return fmt.Errorf("store: unable to mark mail %d failed: %w", id, err)
	}
	return nil
}

// ReleaseMail puts claimed messages that were not attempted (the sender is
// shutting down) back in the queue at once, instead of after their lease.
func (s *Store) ReleaseMail(ctx context.Context, ids []int64, now time.Time) error {
	if len(ids) == 0 {
		return nil
	}
	db := s.db.WithContext(ctx)
	err := db.Model(&MailOutbox{}).Where("id IN ? AND status = ?", ids, MailSending).
		Updates(map[string]any{"status": MailPending, "next_attempt_at": mailTime(now)}).Error
	if err != nil {
		return fmt.Errorf("store: unable to release mail: %w", err)
	}
	return nil
}

// MailOutboxFilter narrows the outbox page; empty fields do not filter.
type MailOutboxFilter struct {
	Status string
	Query  string // part of the address or the subject
}

// MailOutboxRow is one line of the admin outbox list: no bodies.
type MailOutboxRow struct {
	ID            int64
	ToAddress     string
	ToName        string
	Locale        string
	Subject       string
	Status        MailStatus
	Attempts      int
	NextAttemptAt time.Time
	LastError     *string
	DedupeKey     *string
	CreatedAt     time.Time
	SentAt        *time.Time
}

// OutboxPage lists the outbox, most recent first, one page (from 1) at a time.
func (s *Store) OutboxPage(ctx context.Context, f MailOutboxFilter, page, perPage int) ([]MailOutboxRow, int64, error) {
	db := s.db.WithContext(ctx)
	page, perPage = max(page, 1), min(max(perPage, 1), 500)
	filtered := func() *gorm.DB { // a fresh chain each time: Count changes the one it runs on
		q := db.Model(&MailOutbox{})
		if f.Status != "" {
			q = q.Where("status = ?", f.Status)
		}
		if t := strings.TrimSpace(f.Query); t != "" {
			like := "%" + strings.ToLower(escapeLike(t)) + "%"
			q = q.Where(`LOWER(to_address) LIKE ? ESCAPE '\' OR LOWER(to_name) LIKE ? ESCAPE '\' OR LOWER(subject) LIKE ? ESCAPE '\'`,
				like, like, like)
		}
		return q
	}
	var total int64
	if err := filtered().Count(&total).Error; err != nil {
		return nil, 0, fmt.Errorf("store: unable to count the outbox: %w", err)
	}
	var rows []MailOutboxRow
	err := filtered().Select("id, to_address, to_name, locale, subject, status, attempts, next_attempt_at, last_error, dedupe_key, created_at, sent_at").
		Order("created_at DESC, id DESC").Limit(perPage).Offset((page - 1) * perPage).
		Scan(&rows).Error
	if err != nil {
		return nil, 0, fmt.Errorf("store: unable to list the outbox: %w", err)
	}
	return rows, total, nil
}

// MailByID returns one outbox message with its bodies.
func (s *Store) MailByID(ctx context.Context, id int64) (*MailOutbox, error) {
	db := s.db.WithContext(ctx)
	var m MailOutbox
	err := db.Where("id = ?", id).Take(&m).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("store: unable to load mail %d: %w", id, err)
	}
	return &m, nil
}

// mailTime gives times the form both databases store and compare alike: SQLite
// compares the text, so every value must be UTC.
func mailTime(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }

// cleanMailError makes a server's answer storable: valid UTF-8 without NUL
// (PostgreSQL refuses both), at most mailErrorMax characters.
func cleanMailError(s string) string {
	s = strings.ReplaceAll(strings.ToValidUTF8(s, "\uFFFD"), "\x00", "")
	if utf8.RuneCountInString(s) <= mailErrorMax {
		return s
	}
	return string([]rune(s)[:mailErrorMax-1]) + "…"
}
