// Package mail renders Puente's e-mail in the recipient's language, queues
// it in the outbox inside the caller's transaction, and delivers it in the
// background over SMTP with retries, so that no request ever waits on a
// mail server.
package mail

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"unicode"

	"github.com/puente-science/puente/i18n"
	mailview "github.com/puente-science/puente/views/mail"
)

// Kinds of message. They are stable keys: callers and dedupe keys use them.
const (
	KindVerifyEmail     = "verify_email"
	KindResetPassword   = "reset_password"
	KindInvite          = "invite"
	KindPasswordChanged = "password_changed"
	KindAccountExists   = "account_exists"
	KindNotification    = "notification" // the e-mail copy of an in-app notification; see notification.go
)

// Keys of Message.Data.
const (
	DataToken   = "token"    // verify_email, reset_password, invite: the link's secret
	DataInviter = "inviter"  // invite: the name of the staff member who invited
	DataRoles   = "roles"    // invite: role keys separated by commas, e.g. "officer,reviewer"
	DataBaseURL = "base_url" // every kind: set by Mailer.Queue from PUENTE_BASE_URL
)

// Message is an e-mail to render: who gets it, in which language, what kind
// it is and the values it needs (see the Data constants).
type Message struct {
	To, ToName string
	Lang       i18n.Lang
	Kind       string
	Data       map[string]string
}

// Errors of Render.
var (
	ErrUnknownKind = errors.New("mail: unknown message kind")
	ErrMissingData = errors.New("mail: message data missing or invalid")
)

// builder fills the kind-specific parts of an e-mail; ctx carries the
// recipient's language and base is the site address without a trailing /.
type builder func(ctx context.Context, msg Message, base string) (mailview.Email, error)

// builders is the fixed table of kinds; see content.go.
var builders = map[string]builder{
	KindVerifyEmail:     verifyEmail,
	KindResetPassword:   resetPassword,
	KindInvite:          invite,
	KindPasswordChanged: passwordChanged,
	KindAccountExists:   accountExists,
	KindNotification:    notification,
}

// Kinds lists every kind Render knows.
var Kinds = []string{KindVerifyEmail, KindResetPassword, KindInvite, KindPasswordChanged, KindAccountExists, KindNotification}

// Render returns the subject, plain-text body and HTML body of msg in the
// recipient's language (English when msg.Lang is not one Puente speaks).
// Every value from Data is escaped in the HTML and kept out of headers'
// line structure.
func Render(msg Message) (subject, text, html string, err error) {
	build, ok := builders[msg.Kind]
	if !ok {
		return "", "", "", fmt.Errorf("%w: %q", ErrUnknownKind, msg.Kind)
	}
	lang, ok := i18n.Parse(string(msg.Lang))
	if !ok {
		lang = i18n.EN
	}
	ctx := i18n.WithLocalizer(context.Background(), i18n.Localizer{Lang: lang, Catalog: i18n.Default()})
	base, err := baseURL(msg.Data[DataBaseURL])
	if err != nil {
		return "", "", "", err
	}
	e, err := build(ctx, msg, base)
	if err != nil {
		return "", "", "", err
	}
	e.Lang = lang.HTMLLang()
	e.Subject = OneLine(e.Subject)
	e.Brand = i18n.T(ctx, "mail.brand")
	if name := OneLine(msg.ToName); name != "" {
		e.Greeting = i18n.T(ctx, "mail.greeting.named", "name", name)
	} else {
		e.Greeting = i18n.T(ctx, "mail.greeting")
	}
	if len(e.Paragraphs) > 0 {
		e.Preheader = e.Paragraphs[0]
	}
	e.LinkHint = i18n.T(ctx, "mail.link_hint")
	e.Footer = append(e.Footer, i18n.T(ctx, "mail.footer.automated"))
	e.SiteURL = base + "/"
	var b strings.Builder
	if err := mailview.Layout(e).Render(ctx, &b); err != nil {
		return "", "", "", fmt.Errorf("mail: unable to render %s: %w", msg.Kind, err)
	}
	return e.Subject, plainText(e), b.String(), nil
}

// baseURL checks the site address links are built on.
func baseURL(s string) (string, error) {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", fmt.Errorf("%w: %s must be an absolute http(s) address", ErrMissingData, DataBaseURL)
	}
	return strings.TrimRight(u.String(), "/"), nil
}

// link builds base+path+token, refusing an empty token so that no e-mail
// goes out with a dead link.
func link(base, path string, data map[string]string) (string, error) {
	token := strings.TrimSpace(data[DataToken])
	if token == "" {
		return "", fmt.Errorf("%w: %s is required", ErrMissingData, DataToken)
	}
	return base + path + url.PathEscape(token), nil
}

// OneLine makes a value safe inside a header or a subject: control
// characters (CR and LF above all, which would start a new header) become
// spaces, and runs of spaces collapse.
func OneLine(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || r == '\u2028' || r == '\u2029' {
			return ' '
		}
		return r
	}, s)
	return strings.Join(strings.Fields(s), " ")
}
