package mail

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"maps"
	"net/mail"
	"net/url"
	"slices"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/puente-science/puente/config"
	"github.com/puente-science/puente/i18n"
	"github.com/puente-science/puente/models"
)

// Delivery pacing. A batch is small enough that even if every message in it
// hits sendTimeout, the batch ends well within models.MailLease, so no other
// instance takes over a message this one is still sending.
const (
	pollEvery   = 5 * time.Second
	batchSize   = 10
	sendTimeout = 30 * time.Second
	// wakeAfterTx is how long after a Queue inside a caller's transaction
	// the loop looks again: the commit cannot be observed from here, and
	// most request transactions are done by then; the poll is the backstop.
	wakeAfterTx = time.Second
)

// Mailer queues e-mail in the outbox and, in Run, delivers it.
type Mailer struct {
	store     *models.Store
	log       *slog.Logger
	now       func() time.Time
	base      string
	sender    Sender
	from      string   // the From header
	secrets   []string // never written to logs or last_error
	setupErr  error    // why SMTP could not be configured
	wake      chan struct{}
	pollEvery time.Duration
}

// New builds the mailer. With cfg.SMTPURL empty it only queues, and the
// outbox is read by administrators.
func New(cfg config.Config, store *models.Store, log *slog.Logger, now func() time.Time) *Mailer {
	if now == nil {
		now = time.Now
	}
	m := &Mailer{store: store, log: log, now: now, wake: make(chan struct{}, 1), pollEvery: pollEvery}
	if cfg.BaseURL != nil {
		m.base = cfg.BaseURL.String()
	}
	if cfg.SMTPURL == "" {
		return m
	}
	s, from, err := ParseSMTPURL(cfg.SMTPURL, cfg.BaseURL)
	if err != nil {
		m.setupErr = err
		return m
	}
	if from.Name == "" {
		from.Name = i18n.Default().Message(i18n.EN, "mail.brand")
	}
	m.sender, m.from = s, from.String()
	m.secrets = secretForms(s.Password)
	return m
}

// WithSender replaces the SMTP sender (tests, other transports); call it
// before Run.
func (m *Mailer) WithSender(s Sender, from string) *Mailer {
	m.sender, m.from = s, from
	return m
}

// Queue renders msg in the recipient's language and adds it to the outbox,
// inside tx when given (nil: its own statement). It never sends: the Run
// loop does, so a slow or absent mail server never holds up a request. A
// dedupeKey already queued makes this a no-op.
func (m *Mailer) Queue(ctx context.Context, tx *gorm.DB, msg Message, dedupeKey string) error {
	to, err := mail.ParseAddress(msg.To)
	if err != nil {
		return fmt.Errorf("mail: invalid recipient address: %w", err)
	}
	// Links always point at the configured site, whatever the caller passed.
	msg.Data = maps.Clone(msg.Data)
	if msg.Data == nil {
		msg.Data = map[string]string{}
	}
	msg.Data[DataBaseURL] = m.base
	subject, text, html, err := Render(msg)
	if err != nil {
		return err
	}
	lang, _ := i18n.Parse(string(msg.Lang))
	now := m.now().UTC()
	row := &models.MailOutbox{
		ToAddress: to.Address, ToName: OneLine(msg.ToName), Locale: string(lang),
		Subject: subject, BodyText: text, BodyHTML: html,
		Status: models.MailPending, NextAttemptAt: now, CreatedAt: now,
	}
	if dedupeKey != "" {
		row.DedupeKey = &dedupeKey
	}
	if err := m.store.EnqueueMail(ctx, tx, row); err != nil {
		return err
	}
	if tx == nil {
		m.Wake()
	} else {
		time.AfterFunc(wakeAfterTx, m.Wake)
	}
	return nil
}

// Wake makes Run look for due mail now; call it after committing a
// transaction that queued mail to send it without waiting for the poll.
func (m *Mailer) Wake() {
	select {
	case m.wake <- struct{}{}:
	default: // a wake-up is already pending
	}
}

// Run delivers due mail until ctx is done: at once, then every few seconds
// and whenever Wake is called. Several instances may run it on one
// PostgreSQL; each message is claimed by one of them.
func (m *Mailer) Run(ctx context.Context) {
	if m.sender == nil {
		if m.setupErr != nil {
			m.log.Error("mail delivery disabled; e-mail stays in the outbox at /admin/outbox", "error", m.redact(m.setupErr.Error()))
		} else {
			m.log.Info("PUENTE_SMTP_URL is not set; e-mail stays in the outbox for administrators to read at /admin/outbox")
		}
		return
	}
	m.log.Info("mail delivery started", "poll", m.pollEvery.String())
	t := time.NewTicker(m.pollEvery)
	defer t.Stop()
	for {
		m.deliverDue(ctx)
		select {
		case <-ctx.Done():
			m.log.Info("mail delivery stopped")
			return
		case <-t.C:
		case <-m.wake:
		}
	}
}

// deliverDue sends batches until none is full or ctx ends.
func (m *Mailer) deliverDue(ctx context.Context) {
	for ctx.Err() == nil {
		batch, err := m.store.ClaimDueMail(ctx, m.now(), batchSize)
		if err != nil {
			if ctx.Err() == nil {
				m.log.Error("unable to claim mail", "error", err)
			}
			return
		}
		for i, row := range batch {
			if ctx.Err() != nil {
				m.release(batch[i:])
				return
			}
			m.deliver(ctx, row)
		}
		if len(batch) < batchSize {
			return
		}
	}
}

// deliver sends one claimed message and records the outcome. A send under
// way finishes even when shutdown begins: a message the server accepted
// but that is not marked sent would be sent again.
func (m *Mailer) deliver(ctx context.Context, row models.MailOutbox) {
	attrs := []any{"mail_id", row.ID, "attempt", row.Attempts + 1, "domain", domainOf(row.ToAddress)}
	sendCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), sendTimeout)
	err := m.sender.Send(sendCtx, m.from, row)
	cancel()
	// Recording gets its own deadline: after a send that timed out, sendCtx
	// is spent, and an unrecorded failure would never count towards giving up.
	markCtx, cancelMark := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancelMark()
	if err != nil {
		text := m.redact(err.Error())
		err := m.store.MarkMailFailed(markCtx, row.ID, m.now(), text)
		if err != nil && !errors.Is(err, models.ErrNotFound) && !errors.Is(err, models.ErrConflict) {
			m.log.Error("unable to record a failed delivery", append(attrs, "error", err)...)
		}
		level := slog.LevelWarn
		if row.Attempts+1 >= models.MailMaxAttempts {
			level = slog.LevelError // given up: an admin should look
		}
		m.log.Log(ctx, level, "mail delivery failed", append(attrs, "error", text, "final", row.Attempts+1 >= models.MailMaxAttempts)...)
		return
	}
	if err := m.store.MarkMailSent(markCtx, row.ID, m.now()); err != nil {
		m.log.Error("mail sent but not recorded; it may be sent again", append(attrs, "error", err)...)
		return
	}
	m.log.Info("mail sent", attrs...)
}

// release returns claimed but unattempted messages to the queue.
func (m *Mailer) release(rows []models.MailOutbox) {
	ids := make([]int64, len(rows))
	for i, r := range rows {
		ids[i] = r.ID
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := m.store.ReleaseMail(ctx, ids, m.now()); err != nil {
		m.log.Warn("unable to release claimed mail; it is retried after its lease", "error", err)
	}
}

// redact removes the SMTP password in every form it might take from text
// bound for logs and the outbox.
func (m *Mailer) redact(s string) string {
	for _, secret := range m.secrets {
		s = strings.ReplaceAll(s, secret, "[redacted]")
	}
	return s
}

func secretForms(password string) []string {
	if password == "" {
		return nil
	}
	forms := []string{password, url.QueryEscape(password), url.PathEscape(password),
		strings.TrimPrefix(url.UserPassword("", password).String(), ":")}
	// Longest first: one form may contain another.
	slices.SortFunc(forms, func(a, b string) int { return cmp.Or(len(b)-len(a), strings.Compare(a, b)) })
	return slices.Compact(forms)
}

// domainOf is what logs say of a recipient: enough to spot a failing
// provider without writing people's addresses into the logs.
func domainOf(addr string) string {
	if at := strings.LastIndexByte(addr, '@'); at >= 0 {
		return addr[at+1:]
	}
	return ""
}
