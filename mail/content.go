package mail

import (
	"context"
	"fmt"
	"strings"

	"github.com/puente-science/puente/auth"
	"github.com/puente-science/puente/i18n"
	mailview "github.com/puente-science/puente/views/mail"
)

// The addresses e-mail links to (DESIGN §8: people bookmark them).
const (
	pathVerify = "/verify/"
	pathReset  = "/password/reset/"
	pathInvite = "/invite/"
	pathForgot = "/password/forgot"
	pathLogin  = "/login"
)

// Each builder uses literal message keys, so the catalog test that scans the
// source for T(ctx, "...") checks every one of them.

func verifyEmail(ctx context.Context, msg Message, base string) (mailview.Email, error) {
	href, err := link(base, pathVerify, msg.Data)
	if err != nil {
		return mailview.Email{}, err
	}
	return mailview.Email{
		Subject:    i18n.T(ctx, "mail.verify_email.subject"),
		Paragraphs: []string{i18n.T(ctx, "mail.verify_email.intro")},
		Button:     mailview.Link{Label: i18n.T(ctx, "mail.verify_email.button"), URL: href},
		Notes:      []string{i18n.T(ctx, "mail.verify_email.expiry"), i18n.T(ctx, "mail.verify_email.ignore")},
		Footer:     []string{i18n.T(ctx, "mail.verify_email.reason")},
	}, nil
}

func resetPassword(ctx context.Context, msg Message, base string) (mailview.Email, error) {
	href, err := link(base, pathReset, msg.Data)
	if err != nil {
		return mailview.Email{}, err
	}
	return mailview.Email{
		Subject:    i18n.T(ctx, "mail.reset_password.subject"),
		Paragraphs: []string{i18n.T(ctx, "mail.reset_password.intro")},
		Button:     mailview.Link{Label: i18n.T(ctx, "mail.reset_password.button"), URL: href},
		Notes:      []string{i18n.T(ctx, "mail.reset_password.expiry"), i18n.T(ctx, "mail.reset_password.ignore")},
		Footer:     []string{i18n.T(ctx, "mail.reset_password.reason")},
	}, nil
}

func invite(ctx context.Context, msg Message, base string) (mailview.Email, error) {
	href, err := link(base, pathInvite, msg.Data)
	if err != nil {
		return mailview.Email{}, err
	}
	inviter := OneLine(msg.Data[DataInviter])
	if inviter == "" {
		return mailview.Email{}, fmt.Errorf("%w: %s is required", ErrMissingData, DataInviter)
	}
	roles, n, err := roleLabels(ctx, msg.Data[DataRoles])
	if err != nil {
		return mailview.Email{}, err
	}
	return mailview.Email{
		Subject: i18n.T(ctx, "mail.invite.subject", "inviter", inviter),
		Paragraphs: []string{
			i18n.T(ctx, "mail.invite.intro", "inviter", inviter),
			i18n.TN(ctx, "mail.invite.roles", int64(n), "roles", roles),
			i18n.T(ctx, "mail.invite.action"),
		},
		Button: mailview.Link{Label: i18n.T(ctx, "mail.invite.button"), URL: href},
		Notes:  []string{i18n.T(ctx, "mail.invite.expiry"), i18n.T(ctx, "mail.invite.ignore")},
		Footer: []string{i18n.T(ctx, "mail.invite.reason", "inviter", inviter)},
	}, nil
}

func passwordChanged(ctx context.Context, _ Message, base string) (mailview.Email, error) {
	return mailview.Email{
		Subject: i18n.T(ctx, "mail.password_changed.subject"),
		Paragraphs: []string{
			i18n.T(ctx, "mail.password_changed.intro"),
			i18n.T(ctx, "mail.password_changed.no_action"),
			i18n.T(ctx, "mail.password_changed.if_not_you"),
		},
		Button: mailview.Link{Label: i18n.T(ctx, "mail.password_changed.button"), URL: base + pathForgot},
		Notes:  []string{i18n.T(ctx, "mail.password_changed.help")},
		Footer: []string{i18n.T(ctx, "mail.password_changed.reason")},
	}, nil
}

func accountExists(ctx context.Context, _ Message, base string) (mailview.Email, error) {
	return mailview.Email{
		Subject:    i18n.T(ctx, "mail.account_exists.subject"),
		Paragraphs: []string{i18n.T(ctx, "mail.account_exists.intro"), i18n.T(ctx, "mail.account_exists.if_you")},
		Button:     mailview.Link{Label: i18n.T(ctx, "mail.account_exists.button"), URL: base + pathLogin},
		Secondary:  mailview.Link{Label: i18n.T(ctx, "mail.account_exists.reset"), URL: base + pathForgot},
		Notes:      []string{i18n.T(ctx, "mail.account_exists.ignore")},
		Footer:     []string{i18n.T(ctx, "mail.account_exists.reason")},
	}, nil
}

// roleLabels translates a comma-separated list of role keys, joins them the
// way the language lists things, and says how many there are.
func roleLabels(ctx context.Context, keys string) (string, int, error) {
	var labels []string
	for _, k := range strings.Split(keys, ",") {
		r := auth.Role(strings.TrimSpace(k))
		if r == "" {
			continue
		}
		if !r.Valid() {
			return "", 0, fmt.Errorf("%w: unknown role %q", ErrMissingData, r)
		}
		labels = append(labels, i18n.T(ctx, r.LabelKey()))
	}
	if len(labels) == 0 {
		return "", 0, fmt.Errorf("%w: %s is required", ErrMissingData, DataRoles)
	}
	return strings.Join(labels, i18n.T(ctx, "mail.list_separator")), len(labels), nil
}
