package mail

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"net/textproto"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/puente-science/puente/i18n"
	"github.com/puente-science/puente/models"
)

// buildMessage writes m as an RFC 5322 message: multipart/alternative with
// a plain-text and an HTML part (the last part is the preferred one), both
// UTF-8 in quoted-printable, so that every line stays 7-bit and short
// whatever the language.
func buildMessage(from string, m models.MailOutbox, now time.Time) ([]byte, error) {
	sender, err := mail.ParseAddress(from)
	if err != nil {
		return nil, fmt.Errorf("mail: invalid sender %q: %w", from, err)
	}
	var body bytes.Buffer
	// A message queued without HTML goes out as a single text part.
	contentType, encoding := "text/plain; charset=utf-8", "quoted-printable"
	if m.BodyHTML == "" {
		if err := writeQP(&body, m.BodyText); err != nil {
			return nil, err
		}
	} else {
		mw := multipart.NewWriter(&body)
		for _, p := range []struct{ ctype, content string }{
			{"text/plain; charset=utf-8", m.BodyText},
			{"text/html; charset=utf-8", m.BodyHTML},
		} {
			w, err := mw.CreatePart(textproto.MIMEHeader{
				"Content-Type":              {p.ctype},
				"Content-Transfer-Encoding": {"quoted-printable"},
			})
			if err != nil {
				return nil, fmt.Errorf("mail: unable to build the message: %w", err)
			}
			if err := writeQP(w, p.content); err != nil {
				return nil, err
			}
		}
		if err := mw.Close(); err != nil {
			return nil, fmt.Errorf("mail: unable to build the message: %w", err)
		}
		contentType = mime.FormatMediaType("multipart/alternative", map[string]string{"boundary": mw.Boundary()})
		encoding = "" // each part names its own
	}

	lang, _ := i18n.Parse(m.Locale)
	to := mail.Address{Name: OneLine(m.ToName), Address: m.ToAddress}
	from = (&mail.Address{Name: OneLine(sender.Name), Address: sender.Address}).String()
	var b bytes.Buffer
	for _, h := range [][2]string{
		{"From", from},
		{"To", to.String()},
		{"Subject", encodeHeader(OneLine(m.Subject))},
		{"Date", now.Format(time.RFC1123Z)},
		{"Message-ID", messageID(m.ID, sender.Address)},
		{"MIME-Version", "1.0"},
		{"Content-Type", contentType},
		{"Content-Transfer-Encoding", encoding},
		{"Content-Language", lang.HTMLLang()},
		// Tell autoresponders (vacation notices, Outlook's included) not to answer.
		{"Auto-Submitted", "auto-generated"},
		{"X-Auto-Response-Suppress", "All"},
	} {
		if h[1] == "" {
			continue
		}
		b.WriteString(h[0] + ": " + h[1] + "\r\n")
	}
	b.WriteString("\r\n")
	b.Write(body.Bytes())
	return b.Bytes(), nil
}

func writeQP(w io.Writer, s string) error {
	qp := quotedprintable.NewWriter(w)
	if _, err := qp.Write([]byte(s)); err != nil {
		return fmt.Errorf("mail: unable to encode the message: %w", err)
	}
	if err := qp.Close(); err != nil {
		return fmt.Errorf("mail: unable to encode the message: %w", err)
	}
	return nil
}

// encodeHeader writes s as RFC 2047 encoded-words when it is not plain
// ASCII: B (base64) for mostly non-Latin text such as Chinese, where it is
// shorter, Q otherwise, where it stays half readable. Adjacent encoded-words
// are folded onto continuation lines; decoders drop the fold between them.
func encodeHeader(s string) string {
	nonASCII := 0
	for _, r := range s {
		if r >= utf8.RuneSelf {
			nonASCII++
		}
	}
	enc := mime.QEncoding
	if nonASCII*2 > utf8.RuneCountInString(s) {
		enc = mime.BEncoding
	}
	return strings.ReplaceAll(enc.Encode("utf-8", s), "?= =?", "?=\r\n =?")
}

// messageID is unique per attempt and names the outbox row, so a bounce or
// a server log line leads back to it.
func messageID(id int64, sender string) string {
	domain := "localhost"
	if at := strings.LastIndexByte(sender, '@'); at >= 0 && at < len(sender)-1 {
		domain = sender[at+1:]
	}
	buf := make([]byte, 12)
	_, _ = rand.Read(buf)
	return "<" + strconv.FormatInt(id, 10) + "." + hex.EncodeToString(buf) + "@" + domain + ">"
}
