package mail_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/puente-science/puente/config"
	"github.com/puente-science/puente/i18n"
	pmail "github.com/puente-science/puente/mail"
	"github.com/puente-science/puente/models"
	"github.com/puente-science/puente/testdb"
)

// syncBuffer collects log output written from the Run goroutine.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func testLogger() (*slog.Logger, *syncBuffer) {
	buf := &syncBuffer{}
	return slog.New(slog.NewJSONHandler(buf, &slog.HandlerOptions{Level: slog.LevelDebug})), buf
}

func verifyMessage(to string, lang i18n.Lang) pmail.Message {
	return pmail.Message{To: to, ToName: "Ana", Lang: lang, Kind: pmail.KindVerifyEmail,
		Data: map[string]string{pmail.DataToken: "secret-token-" + to}}
}

// runMailer starts Run and returns a stop function that cancels it and
// fails the test unless Run returns promptly.
func runMailer(t *testing.T, m *pmail.Mailer) (stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { m.Run(ctx); close(done) }()
	return func() {
		cancel()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			t.Fatal("Run did not stop after its context was cancelled")
		}
	}
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func countStatus(t *testing.T, s *models.Store, st models.MailStatus) int64 {
	t.Helper()
	_, n, err := s.OutboxPage(context.Background(), models.MailOutboxFilter{Status: string(st)}, 1, 1)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestRunDeliversOverSMTPAndStops(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		f := startFakeSMTP(t, fakeOptions{})
		log, logs := testLogger()
		cfg := config.Config{BaseURL: testBase, SMTPURL: smtpURL("smtp", f, "from=noreply@example.org")}
		m := pmail.New(cfg, s, log, nil)
		stop := runMailer(t, m)
		defer stop()

		ctx := context.Background()
		langs := []i18n.Lang{i18n.EN, i18n.ES, i18n.ZH}
		for i, lang := range langs {
			to := []string{"a@example.org", "b@example.org", "c@example.org"}[i]
			if err := m.Queue(ctx, nil, verifyMessage(to, lang), "verify:"+to); err != nil {
				t.Fatal(err)
			}
		}
		if err := m.Queue(ctx, nil, verifyMessage("a@example.org", i18n.EN), "verify:a@example.org"); err != nil {
			t.Fatalf("duplicate Queue: %v", err)
		}
		waitFor(t, "three messages sent", func() bool { return countStatus(t, s, models.MailSent) == 3 })
		if got := f.Received(); len(got) != 3 {
			t.Fatalf("server received %d messages, want 3 (no duplicate)", len(got))
		}
		rows, _, _ := s.OutboxPage(ctx, models.MailOutboxFilter{Query: "c@example.org"}, 1, 1)
		if len(rows) != 1 || rows[0].Locale != "zh" {
			t.Errorf("outbox row %+v, want rendered in zh", rows)
		}
		stop()
		out := logs.String()
		if !strings.Contains(out, `"msg":"mail sent"`) {
			t.Errorf("no 'mail sent' log line:\n%s", out)
		}
		for _, secret := range []string{"secret-token", f.Pass, "example.org/verify", "a@example.org"} {
			if strings.Contains(out, secret) {
				t.Errorf("log reveals %q:\n%s", secret, out)
			}
		}
	})
}

// failingSender fails every message with an error that quotes the password,
// as a careless transport might.
type failingSender struct {
	mu    sync.Mutex
	calls int
	err   error
}

func (f *failingSender) Send(context.Context, string, models.MailOutbox) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls++
	return f.err
}

func (f *failingSender) Calls() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls
}

func TestRunRecordsFailuresWithoutThePassword(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		now := t0
		log, logs := testLogger()
		cfg := config.Config{BaseURL: testBase, SMTPURL: "smtp://mailer:hunter2%21@mail.example.org:587"}
		sender := &failingSender{err: errors.New("535 authentication failed for mailer:hunter2! (hunter2%21)")}
		m := pmail.New(cfg, s, log, func() time.Time { return now }).WithSender(sender, "Puente <noreply@example.org>")
		ctx := context.Background()
		if err := m.Queue(ctx, nil, verifyMessage("a@example.org", i18n.PT), ""); err != nil {
			t.Fatal(err)
		}
		stop := runMailer(t, m)
		waitFor(t, "a failed attempt", func() bool { return sender.Calls() >= 1 && countStatus(t, s, models.MailPending) == 1 })
		stop()
		rows, _, err := s.OutboxPage(ctx, models.MailOutboxFilter{}, 1, 1)
		if err != nil || len(rows) != 1 {
			t.Fatal(rows, err)
		}
		r := rows[0]
		if r.Attempts != 1 || !r.NextAttemptAt.Equal(now.Add(time.Minute)) || r.LastError == nil {
			t.Fatalf("after one failure: attempts %d, next %v, error %v", r.Attempts, r.NextAttemptAt, r.LastError)
		}
		if strings.Contains(*r.LastError, "hunter2") || !strings.Contains(*r.LastError, "535") {
			t.Errorf("last_error %q: want the server's answer without the password", *r.LastError)
		}
		if strings.Contains(logs.String(), "hunter2") {
			t.Errorf("log reveals the password:\n%s", logs.String())
		}
		if sender.Calls() != 1 {
			t.Errorf("sent %d times within the backoff", sender.Calls())
		}
	})
}

func TestRunWithoutSMTPKeepsMailInTheOutbox(t *testing.T) {
	s := testdb.Open(t, "sqlite")
	log, logs := testLogger()
	m := pmail.New(config.Config{BaseURL: testBase}, s, log, nil)
	if err := m.Queue(context.Background(), nil, verifyMessage("a@example.org", i18n.EN), ""); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { m.Run(context.Background()); close(done) }()
	select {
	case <-done:
	case <-time.After(2 * time.Second):
		t.Fatal("Run without SMTP did not return")
	}
	if n := strings.Count(logs.String(), "/admin/outbox"); n != 1 {
		t.Errorf("logged the outbox hint %d times:\n%s", n, logs.String())
	}
	if countStatus(t, s, models.MailPending) != 1 {
		t.Error("the message is not pending in the outbox")
	}
}

func TestQueueRejectsBadInput(t *testing.T) {
	s := testdb.Open(t, "sqlite")
	log, _ := testLogger()
	m := pmail.New(config.Config{BaseURL: testBase}, s, log, nil)
	ctx := context.Background()
	if err := m.Queue(ctx, nil, verifyMessage("not an address", i18n.EN), ""); err == nil {
		t.Error("queued mail to an invalid address")
	}
	bad := verifyMessage("a@example.org", i18n.EN)
	bad.Kind = "newsletter"
	if err := m.Queue(ctx, nil, bad, ""); !errors.Is(err, pmail.ErrUnknownKind) {
		t.Errorf("unknown kind: %v", err)
	}
	// A caller cannot point links elsewhere: the configured base wins.
	msg := verifyMessage("a@example.org", i18n.EN)
	msg.Data[pmail.DataBaseURL] = "https://evil.example.com"
	if err := m.Queue(ctx, nil, msg, ""); err != nil {
		t.Fatal(err)
	}
	rows, _, _ := s.OutboxPage(ctx, models.MailOutboxFilter{}, 1, 1)
	got, err := s.MailByID(ctx, rows[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(got.BodyText, "evil") || !strings.Contains(got.BodyText, "https://puente.example.org/verify/") {
		t.Errorf("links in the queued body do not use the configured base:\n%s", got.BodyText)
	}
}
