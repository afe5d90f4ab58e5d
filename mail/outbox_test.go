package mail_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/puente-science/puente/models"
	"github.com/puente-science/puente/testdb"
)

var t0 = time.Date(2025, 3, 14, 9, 0, 0, 0, time.UTC)

func outboxRow(to string, at time.Time, dedupe string) *models.MailOutbox {
	m := &models.MailOutbox{ToAddress: to, Locale: "en", Subject: "Subject for " + to, BodyText: "body",
		Status: models.MailPending, NextAttemptAt: at, CreatedAt: at}
	if dedupe != "" {
		m.DedupeKey = &dedupe
	}
	return m
}

func enqueue(t *testing.T, s *models.Store, m *models.MailOutbox) *models.MailOutbox {
	t.Helper()
	if err := s.EnqueueMail(context.Background(), nil, m); err != nil {
		t.Fatal(err)
	}
	return m
}

func mailByID(t *testing.T, s *models.Store, id int64) *models.MailOutbox {
	t.Helper()
	m, err := s.MailByID(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestEnqueueMailDedupes(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		first := enqueue(t, s, outboxRow("a@example.org", t0, "report-due-7:1"))
		second := enqueue(t, s, outboxRow("a@example.org", t0, "report-due-7:1"))
		if first.ID == 0 || second.ID != 0 {
			t.Errorf("ids %d, %d: want the second not inserted", first.ID, second.ID)
		}
		// Inside a caller's transaction a duplicate must not break it:
		// on PostgreSQL a failed statement would abort everything after it.
		err := s.DB().Transaction(func(tx *gorm.DB) error {
			if err := s.EnqueueMail(ctx, tx, outboxRow("a@example.org", t0, "report-due-7:1")); err != nil {
				return err
			}
			return s.EnqueueMail(ctx, tx, outboxRow("b@example.org", t0, ""))
		})
		if err != nil {
			t.Fatalf("transaction: %v", err)
		}
		enqueue(t, s, outboxRow("c@example.org", t0, "")) // no key: never a duplicate
		_, total, err := s.OutboxPage(ctx, models.MailOutboxFilter{}, 1, 50)
		if err != nil || total != 3 {
			t.Errorf("outbox holds %d messages (%v), want 3", total, err)
		}
	})
}

func TestClaimDueMail(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		due := enqueue(t, s, outboxRow("due@example.org", t0.Add(-time.Minute), ""))
		enqueue(t, s, outboxRow("later@example.org", t0.Add(time.Minute), ""))
		got, err := s.ClaimDueMail(ctx, t0, 10)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 1 || got[0].ID != due.ID || got[0].Status != models.MailSending || got[0].Subject != due.Subject {
			t.Fatalf("claimed %+v, want only the due message, sending", got)
		}
		if again, _ := s.ClaimDueMail(ctx, t0, 10); len(again) != 0 {
			t.Errorf("claimed %d messages twice", len(again))
		}
		if err := s.MarkMailSent(ctx, due.ID, t0); err != nil {
			t.Fatal(err)
		}
		m := mailByID(t, s, due.ID)
		if m.Status != models.MailSent || m.SentAt == nil || !m.SentAt.Equal(t0) {
			t.Errorf("after MarkMailSent: %s, sent at %v", m.Status, m.SentAt)
		}
		if _, err := s.MailByID(ctx, 999999); !errors.Is(err, models.ErrNotFound) {
			t.Errorf("MailByID(missing) = %v", err)
		}
	})
}

func TestClaimDueMailReclaimsStuckSending(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		m := enqueue(t, s, outboxRow("a@example.org", t0, ""))
		if got, _ := s.ClaimDueMail(ctx, t0, 10); len(got) != 1 {
			t.Fatalf("first claim got %d", len(got))
		}
		// The sender "crashed": nothing is marked.
		if got, _ := s.ClaimDueMail(ctx, t0.Add(models.MailLease-time.Second), 10); len(got) != 0 {
			t.Errorf("reclaimed a message still within its lease")
		}
		got, err := s.ClaimDueMail(ctx, t0.Add(models.MailLease+time.Second), 10)
		if err != nil || len(got) != 1 || got[0].ID != m.ID {
			t.Fatalf("after the lease: claimed %v (%v), want the stuck message", got, err)
		}
		// Shutting down before trying it puts it straight back.
		if err := s.ReleaseMail(ctx, []int64{m.ID}, t0.Add(11*time.Minute)); err != nil {
			t.Fatal(err)
		}
		if got := mailByID(t, s, m.ID); got.Status != models.MailPending {
			t.Errorf("released message is %s", got.Status)
		}
	})
}

func TestMarkMailFailedBacksOffThenGivesUp(t *testing.T) {
	want := []time.Duration{time.Minute, 5 * time.Minute, 30 * time.Minute, 2 * time.Hour, 6 * time.Hour, 24 * time.Hour, 24 * time.Hour}
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		m := enqueue(t, s, outboxRow("a@example.org", t0, ""))
		now := t0
		long := strings.Repeat("é", 1500)
		for attempt := 1; attempt <= models.MailMaxAttempts; attempt++ {
			got, err := s.ClaimDueMail(ctx, now, 10)
			if err != nil || len(got) != 1 {
				t.Fatalf("attempt %d: claimed %d (%v)", attempt, len(got), err)
			}
			if err := s.MarkMailFailed(ctx, m.ID, now, long+"\x00\xff"); err != nil {
				t.Fatalf("attempt %d: %v", attempt, err)
			}
			row := mailByID(t, s, m.ID)
			if row.Attempts != attempt || row.LastError == nil || len([]rune(*row.LastError)) > 1000 {
				t.Fatalf("attempt %d: attempts %d, error %d chars", attempt, row.Attempts, len([]rune(*row.LastError)))
			}
			if attempt == models.MailMaxAttempts {
				if row.Status != models.MailFailed {
					t.Fatalf("after %d attempts status %s, want failed", attempt, row.Status)
				}
				break
			}
			if row.Status != models.MailPending || !row.NextAttemptAt.Equal(now.Add(want[attempt-1])) {
				t.Fatalf("attempt %d: %s, next %v, want pending at +%s", attempt, row.Status, row.NextAttemptAt.Sub(now), want[attempt-1])
			}
			if early, _ := s.ClaimDueMail(ctx, row.NextAttemptAt.Add(-time.Second), 10); len(early) != 0 {
				t.Fatalf("attempt %d: claimed before its backoff ended", attempt)
			}
			now = row.NextAttemptAt
		}
		if got, _ := s.ClaimDueMail(ctx, now.Add(48*time.Hour), 10); len(got) != 0 {
			t.Error("a failed message was claimed again")
		}
		if err := s.MarkMailFailed(ctx, m.ID, now, "late"); !errors.Is(err, models.ErrNotFound) {
			t.Errorf("MarkMailFailed on an unclaimed message = %v, want ErrNotFound", err)
		}
	})
}

// Two claimers racing over the same queue must each get distinct messages:
// every message claimed exactly once.
func TestClaimDueMailConcurrently(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		const n = 200
		for i := range n {
			enqueue(t, s, outboxRow(fmt.Sprintf("u%d@example.org", i), t0, ""))
		}
		var mu sync.Mutex
		seen := map[int64]int{}
		var wg sync.WaitGroup
		errs := make(chan error, 2)
		for range 2 {
			wg.Go(func() {
				for {
					got, err := s.ClaimDueMail(context.Background(), t0, 7)
					if err != nil {
						errs <- err
						return
					}
					if len(got) == 0 {
						return
					}
					mu.Lock()
					for _, m := range got {
						seen[m.ID]++
					}
					mu.Unlock()
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			t.Fatal(err)
		}
		if len(seen) != n {
			t.Errorf("claimed %d distinct messages, want %d", len(seen), n)
		}
		for id, c := range seen {
			if c != 1 {
				t.Errorf("message %d claimed %d times", id, c)
			}
		}
	})
}

func TestOutboxPage(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		for i := range 5 {
			enqueue(t, s, outboxRow(fmt.Sprintf("user%d@example.org", i), t0.Add(time.Duration(i)*time.Minute), ""))
		}
		odd := outboxRow("odd_100%@example.org", t0.Add(time.Hour), "")
		odd.Subject = "Restablezca su contraseña"
		enqueue(t, s, odd)
		got, err := s.ClaimDueMail(ctx, t0, 1) // user0 becomes sending
		if err != nil || len(got) != 1 {
			t.Fatal(got, err)
		}

		rows, total, err := s.OutboxPage(ctx, models.MailOutboxFilter{}, 1, 4)
		if err != nil || total != 6 || len(rows) != 4 || rows[0].ID != odd.ID {
			t.Fatalf("page 1: %d rows of %d (%v), first %v", len(rows), total, err, rows)
		}
		rows, _, _ = s.OutboxPage(ctx, models.MailOutboxFilter{}, 2, 4)
		if len(rows) != 2 || rows[1].ToAddress != "user0@example.org" {
			t.Errorf("page 2: %+v, want the two oldest", rows)
		}
		for _, c := range []struct {
			f    models.MailOutboxFilter
			want int64
		}{
			{models.MailOutboxFilter{Status: "sending"}, 1},
			{models.MailOutboxFilter{Status: "pending"}, 5},
			{models.MailOutboxFilter{Query: "USER3"}, 1},
			{models.MailOutboxFilter{Query: "contraseña"}, 1},
			{models.MailOutboxFilter{Query: "100%"}, 1},
			{models.MailOutboxFilter{Query: "_"}, 1}, // a literal underscore, not a wildcard
			{models.MailOutboxFilter{Status: "sent", Query: "user"}, 0},
		} {
			_, total, err := s.OutboxPage(ctx, c.f, 1, 10)
			if err != nil || total != c.want {
				t.Errorf("%+v: %d (%v), want %d", c.f, total, err, c.want)
			}
		}
	})
}
