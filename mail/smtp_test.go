package mail_test

import (
	"bytes"
	"context"
	"io"
	"mime"
	"mime/multipart"
	"net"
	"net/mail"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/puente-science/puente/i18n"
	pmail "github.com/puente-science/puente/mail"
	"github.com/puente-science/puente/models"
)

var testBase, _ = url.Parse("https://puente.example.org")

// sampleOutbox is a message as the outbox holds it, with a non-ASCII
// subject and name so that the RFC 2047 encoding is exercised, and a line
// starting with a dot so that dot-stuffing is.
func sampleOutbox(t *testing.T) models.MailOutbox { return sampleOutboxIn(t, i18n.ES) }

func sampleOutboxIn(t *testing.T, lang i18n.Lang) models.MailOutbox {
	t.Helper()
	subject, text, html, err := pmail.Render(pmail.Message{
		To: "jose@example.org", ToName: "José Núñez", Lang: lang, Kind: pmail.KindResetPassword,
		Data: map[string]string{pmail.DataToken: "tok123", pmail.DataBaseURL: "https://puente.example.org"},
	})
	if err != nil {
		t.Fatal(err)
	}
	return models.MailOutbox{ID: 42, ToAddress: "jose@example.org", ToName: "José Núñez", Locale: string(lang),
		Subject: subject, BodyText: text + "\n.a line starting with a dot\n", BodyHTML: html}
}

func smtpSender(t *testing.T, rawURL string) (*pmail.SMTPSender, string) {
	t.Helper()
	s, from, err := pmail.ParseSMTPURL(rawURL, testBase)
	if err != nil {
		t.Fatal(err)
	}
	s.RootCAs = clientRoots(t)
	s.Timeout = 5 * time.Second
	return s, from.String()
}

func smtpURL(scheme string, f *fakeSMTP, query string) string {
	return smtpURLWith(scheme, f, f.Pass, query)
}

func smtpURLWith(scheme string, f *fakeSMTP, pass, query string) string {
	u := url.URL{Scheme: scheme, User: url.UserPassword(f.User, pass), Host: f.Addr, RawQuery: query}
	return u.String()
}

// Spanish subjects take the Q encoding, Chinese ones B: both must decode.
func TestSMTPSenderDeliversMultipartMessage(t *testing.T) {
	for _, lang := range []i18n.Lang{i18n.ES, i18n.ZH} {
		t.Run(string(lang), func(t *testing.T) { testDelivery(t, sampleOutboxIn(t, lang)) })
	}
}

func testDelivery(t *testing.T, m models.MailOutbox) {
	f := startFakeSMTP(t, fakeOptions{})
	s, from := smtpSender(t, smtpURL("smtp", f, "from=noreply@example.org"))
	if err := s.Send(context.Background(), from, m); err != nil {
		t.Fatalf("Send: %v", err)
	}
	got := f.Received()
	if len(got) != 1 {
		t.Fatalf("server received %d messages, want 1", len(got))
	}
	if !strings.HasPrefix(got[0].From, "FROM:<noreply@example.org>") {
		t.Errorf("envelope sender %q", got[0].From)
	}
	if len(got[0].To) != 1 || !strings.HasPrefix(got[0].To[0], "TO:<jose@example.org>") {
		t.Errorf("envelope recipients %q", got[0].To)
	}
	if a := f.Auths(); len(a) != 1 || a[0] != "ok" {
		t.Errorf("AUTH attempts %v, want one good PLAIN", a)
	}
	checkMessage(t, got[0].Data, m)
}

// checkMessage parses raw as a mail client would and compares it with m.
func checkMessage(t *testing.T, raw []byte, m models.MailOutbox) {
	t.Helper()
	// The fake server hands the message over as textproto does: CRLF → LF.
	for i, line := range strings.Split(string(raw), "\n") {
		if len(line) > 998 {
			t.Errorf("line %d is %d bytes long", i, len(line))
		}
	}
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("net/mail cannot parse the message: %v\n%s", err, raw)
	}
	h := msg.Header
	if !strings.Contains(h.Get("Subject"), "=?utf-8?") {
		t.Errorf("Subject %q is not RFC 2047 encoded", h.Get("Subject"))
	}
	dec := new(mime.WordDecoder)
	if subj, err := dec.DecodeHeader(h.Get("Subject")); err != nil || subj != m.Subject {
		t.Errorf("decoded Subject %q (%v), want %q", subj, err, m.Subject)
	}
	to, err := h.AddressList("To")
	if err != nil || len(to) != 1 || to[0].Name != m.ToName || to[0].Address != m.ToAddress {
		t.Errorf("To %v (%v)", to, err)
	}
	if from, err := h.AddressList("From"); err != nil || from[0].Address != "noreply@example.org" {
		t.Errorf("From %v (%v)", from, err)
	}
	if _, err := h.Date(); err != nil {
		t.Errorf("Date: %v", err)
	}
	if id := h.Get("Message-ID"); !strings.HasPrefix(id, "<42.") || !strings.HasSuffix(id, "@example.org>") {
		t.Errorf("Message-ID %q", id)
	}
	if h.Get("Auto-Submitted") != "auto-generated" || h.Get("MIME-Version") != "1.0" {
		t.Errorf("Auto-Submitted %q, MIME-Version %q", h.Get("Auto-Submitted"), h.Get("MIME-Version"))
	}
	mt, params, err := mime.ParseMediaType(h.Get("Content-Type"))
	if err != nil || mt != "multipart/alternative" {
		t.Fatalf("Content-Type %q (%v)", h.Get("Content-Type"), err)
	}
	r := multipart.NewReader(msg.Body, params["boundary"])
	want := []struct{ ctype, body string }{{"text/plain", m.BodyText}, {"text/html", m.BodyHTML}}
	for i, w := range want {
		p, err := r.NextPart()
		if err != nil {
			t.Fatalf("part %d: %v", i, err)
		}
		ct, cp, _ := mime.ParseMediaType(p.Header.Get("Content-Type"))
		if ct != w.ctype || cp["charset"] != "utf-8" {
			t.Errorf("part %d Content-Type %q", i, p.Header.Get("Content-Type"))
		}
		b, err := io.ReadAll(p) // multipart decodes quoted-printable itself
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.ReplaceAll(string(b), "\r\n", "\n"); got != w.body {
			t.Errorf("part %d body differs after decoding:\n got %q\nwant %q", i, got, w.body)
		}
	}
	if _, err := r.NextPart(); err != io.EOF {
		t.Errorf("more than two parts: %v", err)
	}
}

func TestSMTPSenderUsesSTARTTLSWhenOffered(t *testing.T) {
	f := startFakeSMTP(t, fakeOptions{host: "127.0.0.2", startTLS: true})
	s, from := smtpSender(t, smtpURL("smtp", f, ""))
	if err := s.Send(context.Background(), from, sampleOutbox(t)); err != nil {
		t.Fatalf("Send: %v", err)
	}
	if got := f.Received(); len(got) != 1 || !got[0].TLS {
		t.Fatalf("received %+v, want one message over TLS", got)
	}
	if a := f.Auths(); len(a) != 1 || a[0] != "ok+tls" {
		t.Errorf("AUTH %v, want it only after STARTTLS", a)
	}
}

// A remote server without STARTTLS gets neither the password nor the mail.
func TestSMTPSenderRequiresTLSForRemoteHosts(t *testing.T) {
	f := startFakeSMTP(t, fakeOptions{host: "127.0.0.2"})
	s, from := smtpSender(t, smtpURL("smtp", f, ""))
	err := s.Send(context.Background(), from, sampleOutbox(t))
	if err == nil || !strings.Contains(err.Error(), "STARTTLS") {
		t.Fatalf("Send = %v, want a refusal naming STARTTLS", err)
	}
	if len(f.Auths()) != 0 || len(f.Received()) != 0 {
		t.Errorf("credentials or mail went out in clear: auths %v, received %d", f.Auths(), len(f.Received()))
	}
}

func TestSMTPSenderImplicitTLS(t *testing.T) {
	f := startFakeSMTP(t, fakeOptions{implicit: true})
	s, from := smtpSender(t, smtpURL("smtps", f, ""))
	if err := s.Send(context.Background(), from, sampleOutbox(t)); err != nil {
		t.Fatalf("Send: %v", err)
	}
	if got := f.Received(); len(got) != 1 || !got[0].TLS {
		t.Fatalf("received %+v, want one message over TLS", got)
	}
}

func TestSMTPSenderWrongPassword(t *testing.T) {
	f := startFakeSMTP(t, fakeOptions{})
	s, from := smtpSender(t, smtpURLWith("smtp", f, "wrong", ""))
	err := s.Send(context.Background(), from, sampleOutbox(t))
	if err == nil || !strings.Contains(err.Error(), "535") {
		t.Fatalf("Send = %v, want the server's 535", err)
	}
	if len(f.Received()) != 0 {
		t.Error("message delivered without authentication")
	}
}

func TestSMTPSenderHonoursContext(t *testing.T) {
	// A server that accepts the connection and never greets.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		c, err := ln.Accept()
		if err == nil {
			time.Sleep(5 * time.Second)
			c.Close()
		}
	}()
	s, from := smtpSender(t, "smtp://"+ln.Addr().String())
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	if err := s.Send(ctx, from, sampleOutbox(t)); err == nil {
		t.Fatal("Send succeeded against a silent server")
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("Send took %s after its context expired", d)
	}
}

func TestParseSMTPURL(t *testing.T) {
	cases := []struct {
		raw, host, port, from string
		implicit              bool
	}{
		{"smtp://u:p@mail.example.org", "mail.example.org", "587", "puente@puente.example.org", false},
		{"smtps://mail.example.org", "mail.example.org", "465", "puente@puente.example.org", true},
		{"smtp://u:p@mail.example.org:2525?from=noreply@example.org", "mail.example.org", "2525", "noreply@example.org", false},
	}
	for _, c := range cases {
		s, from, err := pmail.ParseSMTPURL(c.raw, testBase)
		if err != nil {
			t.Errorf("%s: %v", c.raw, err)
			continue
		}
		if s.Host != c.host || s.Port != c.port || s.ImplicitTLS != c.implicit || from.Address != c.from {
			t.Errorf("%s: host %s port %s implicit %v from %s", c.raw, s.Host, s.Port, s.ImplicitTLS, from.Address)
		}
	}
	for _, bad := range []string{"http://mail.example.org", "smtp://", "smtp://u:hunter2@h?from=not-an-address"} {
		_, _, err := pmail.ParseSMTPURL(bad, testBase)
		if err == nil {
			t.Errorf("%s: no error", bad)
		} else if strings.Contains(err.Error(), "hunter2") {
			t.Errorf("%s: error repeats the password: %v", bad, err)
		}
	}
}
