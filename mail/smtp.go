package mail

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/mail"
	"net/smtp"
	"net/url"
	"time"

	"github.com/puente-science/puente/models"
)

// Sender hands one message to a mail server. from is the From header
// ("Puente <puente@example.org>").
type Sender interface {
	Send(ctx context.Context, from string, m models.MailOutbox) error
}

// SMTPSender delivers over SMTP as PUENTE_SMTP_URL says.
type SMTPSender struct {
	Host, Port         string
	ImplicitTLS        bool // smtps://: TLS from the first byte
	Username, Password string
	HeloName           string         // the name we greet the server with
	RootCAs            *x509.CertPool // nil: the system's; tests trust their own
	Timeout            time.Duration  // bounds a whole conversation when ctx has none
}

// ParseSMTPURL reads smtp://user:pass@host:587 (STARTTLS) or
// smtps://user:pass@host:465 (implicit TLS), with an optional
// ?from=noreply@example.org; without it mail comes from puente@ the host
// of base. Error messages never repeat the URL: it holds the password.
func ParseSMTPURL(raw string, base *url.URL) (*SMTPSender, *mail.Address, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, nil, errors.New("mail: PUENTE_SMTP_URL is not a valid URL")
	}
	s := &SMTPSender{Host: u.Hostname(), Port: u.Port(), Timeout: time.Minute, HeloName: "localhost"}
	switch u.Scheme {
	case "smtp":
		s.Port = or(s.Port, "587")
	case "smtps":
		s.ImplicitTLS = true
		s.Port = or(s.Port, "465")
	default:
		return nil, nil, errors.New("mail: PUENTE_SMTP_URL must start with smtp:// or smtps://")
	}
	if s.Host == "" {
		return nil, nil, errors.New("mail: PUENTE_SMTP_URL names no host")
	}
	if u.User != nil {
		s.Username = u.User.Username()
		s.Password, _ = u.User.Password()
	}
	if base != nil && base.Hostname() != "" {
		s.HeloName = base.Hostname()
	}
	from := &mail.Address{Address: "puente@" + s.HeloName}
	if f := u.Query().Get("from"); f != "" {
		if from, err = mail.ParseAddress(f); err != nil {
			return nil, nil, fmt.Errorf("mail: the from parameter of PUENTE_SMTP_URL is not an e-mail address: %w", err)
		}
	}
	return s, from, nil
}

func or(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

// localHost reports whether the server is on this machine, the one case
// where a conversation in clear text cannot be overheard.
func localHost(host string) bool {
	return host == "localhost" || host == "127.0.0.1" || host == "::1"
}

// Send delivers m in one SMTP conversation.
func (s *SMTPSender) Send(ctx context.Context, from string, m models.MailOutbox) error {
	sender, err := mail.ParseAddress(from)
	if err != nil {
		return fmt.Errorf("mail: invalid sender %q: %w", from, err)
	}
	msg, err := buildMessage(from, m, time.Now())
	if err != nil {
		return err
	}
	if _, ok := ctx.Deadline(); !ok && s.Timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, s.Timeout)
		defer cancel()
	}
	conn, err := s.dial(ctx)
	if err != nil {
		return fmt.Errorf("mail: unable to connect to %s: %w", net.JoinHostPort(s.Host, s.Port), err)
	}
	defer conn.Close()
	// net/smtp knows no context: a deadline on the connection bounds every
	// read and write, and cancelling ctx expires it at once.
	if dl, ok := ctx.Deadline(); ok {
		_ = conn.SetDeadline(dl)
	}
	stop := context.AfterFunc(ctx, func() { _ = conn.SetDeadline(time.Unix(1, 0)) })
	defer stop()

	c, err := smtp.NewClient(conn, s.Host)
	if err != nil {
		return fmt.Errorf("mail: no SMTP greeting: %w", err)
	}
	defer c.Close()
	if err := c.Hello(s.HeloName); err != nil {
		return fmt.Errorf("mail: EHLO: %w", err)
	}
	if !s.ImplicitTLS {
		if ok, _ := c.Extension("STARTTLS"); ok {
			if err := c.StartTLS(s.tlsConfig()); err != nil {
				return fmt.Errorf("mail: STARTTLS: %w", err)
			}
		} else if !localHost(s.Host) {
			return fmt.Errorf("mail: %s does not offer STARTTLS; refusing to send credentials and mail in clear text", s.Host)
		}
	}
	if s.Username != "" {
		if err := c.Auth(smtp.PlainAuth("", s.Username, s.Password, s.Host)); err != nil {
			return fmt.Errorf("mail: authentication failed: %w", err)
		}
	}
	if err := c.Mail(sender.Address); err != nil {
		return fmt.Errorf("mail: MAIL FROM: %w", err)
	}
	if err := c.Rcpt(m.ToAddress); err != nil {
		return fmt.Errorf("mail: RCPT TO: %w", err)
	}
	w, err := c.Data()
	if err != nil {
		return fmt.Errorf("mail: DATA: %w", err)
	}
	if _, err := w.Write(msg); err != nil {
		return fmt.Errorf("mail: writing the message: %w", err)
	}
	if err := w.Close(); err != nil {
		return fmt.Errorf("mail: message refused: %w", err)
	}
	// The server has accepted the message; a failing QUIT changes nothing.
	_ = c.Quit()
	return nil
}

func (s *SMTPSender) dial(ctx context.Context) (net.Conn, error) {
	addr := net.JoinHostPort(s.Host, s.Port)
	if s.ImplicitTLS {
		d := tls.Dialer{Config: s.tlsConfig()}
		return d.DialContext(ctx, "tcp", addr)
	}
	var d net.Dialer
	return d.DialContext(ctx, "tcp", addr)
}

func (s *SMTPSender) tlsConfig() *tls.Config {
	return &tls.Config{ServerName: s.Host, RootCAs: s.RootCAs, MinVersion: tls.VersionTLS12}
}
