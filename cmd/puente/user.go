package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/puente-science/puente/accounts"
	"github.com/puente-science/puente/auth"
	"github.com/puente-science/puente/config"
	"github.com/puente-science/puente/i18n"
	"github.com/puente-science/puente/mail"
	"github.com/puente-science/puente/models"
)

const userUsage = `Usage: puente user create --email E --name N --role R [--role R2] [--lang L] [--password-stdin]

Creates an account whose e-mail address counts as confirmed, with one or more roles
(applicant, reviewer, officer, director, admin).

  --password-stdin  read the password from the first line of standard input, e.g.
                    printf '%s\n' "$PASSWORD" | puente user create ... --password-stdin
                    It needs 12 to 128 characters and must not be a common password.
  without it        the account has no password yet: an invitation e-mail with a link
                    to set one (valid 7 days) is queued in the mail outbox, which the
                    running server delivers through PUENTE_SMTP_URL. Without a mail
                    server the message stays in the outbox (/admin/outbox), which only
                    administrators can read: create the first administrator with
                    --password-stdin.
`

// user runs 'puente user ...'; passwords come from the process's stdin.
func user(args []string, getenv config.Getenv, stdout, stderr io.Writer) error {
	return userCommand(args, getenv, os.Stdin, stdout, stderr)
}

func userCommand(args []string, getenv config.Getenv, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return usageError{"user takes a subcommand: create (run 'puente user create --help')"}
	}
	switch args[0] {
	case "create":
		return userCreate(args[1:], getenv, stdin, stdout, stderr)
	case "-h", "--help", "help":
		_, _ = io.WriteString(stderr, userUsage)
		return errHelp
	}
	return usageError{fmt.Sprintf("unknown user subcommand %q (run 'puente user create --help')", args[0])}
}

// newUser is what the command line asked for, checked.
type newUser struct {
	email, name  string
	roles        []auth.Role
	lang         i18n.Lang
	password     string
	withPassword bool
}

func userCreate(args []string, getenv config.Getenv, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("user create", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var nu newUser
	fs.StringVar(&nu.email, "email", "", "the account's e-mail address (required)")
	fs.StringVar(&nu.name, "name", "", "the person's full name (required)")
	fs.Func("role", "a role to grant; repeat for several (required)", func(s string) error {
		for _, r := range strings.Split(s, ",") {
			role := auth.Role(strings.TrimSpace(r))
			if !role.Valid() {
				return fmt.Errorf("unknown role %q (one of %s)", r, roleList())
			}
			if !slices.Contains(nu.roles, role) {
				nu.roles = append(nu.roles, role)
			}
		}
		return nil
	})
	lang := fs.String("lang", "en", "the language of the account and its e-mail: en, es, pt or zh")
	fs.BoolVar(&nu.withPassword, "password-stdin", false, "read the password from standard input")
	fs.Usage = func() {
		_, _ = io.WriteString(stderr, userUsage+"\nFlags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return flagError(err)
	}
	if fs.NArg() > 0 {
		return usageError{fmt.Sprintf("unexpected argument %q (run 'puente user create --help')", fs.Arg(0))}
	}
	if err := nu.check(*lang); err != nil {
		return err
	}
	if nu.withPassword {
		pw, err := readPassword(stdin)
		if err != nil {
			return err
		}
		if p := auth.PasswordProblem(pw, nu.email); p != "" {
			return usageError{"password rejected: " + i18n.Default().Message(i18n.EN, p)}
		}
		nu.password = pw
	}
	ctx := context.Background()
	env, err := open(ctx, getenv, stderr)
	if err != nil {
		return err
	}
	defer env.close()
	if err := env.migrateUp(ctx, nil); err != nil {
		return err
	}
	return env.createUser(ctx, nu, stdout)
}

// check validates the flags; each problem is one line and exit status 2.
func (nu *newUser) check(lang string) error {
	nu.email = strings.ToLower(strings.TrimSpace(nu.email))
	nu.name = strings.TrimSpace(nu.name)
	l, ok := i18n.Parse(strings.TrimSpace(lang))
	switch {
	case nu.email == "":
		return usageError{"--email is required (run 'puente user create --help')"}
	case !accounts.ValidEmail(nu.email):
		return usageError{fmt.Sprintf("--email %q is not an e-mail address", nu.email)}
	case nu.name == "":
		return usageError{"--name is required"}
	case utf8.RuneCountInString(nu.name) > 200:
		return usageError{"--name is longer than 200 characters"}
	case len(nu.roles) == 0:
		return usageError{"at least one --role is required (one of " + roleList() + ")"}
	case !ok:
		return usageError{fmt.Sprintf("--lang %q is not one of en, es, pt, zh", lang)}
	}
	nu.lang = l
	return nil
}

// readPassword reads the first line of r, without its line ending. Nothing
// else is trimmed: spaces may belong to a passphrase.
func readPassword(r io.Reader) (string, error) {
	line, err := bufio.NewReader(io.LimitReader(r, 4096)).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", fmt.Errorf("unable to read the password from standard input: %w", err)
	}
	line = strings.TrimRight(line, "\r\n")
	if line == "" {
		return "", usageError{"--password-stdin: standard input holds no password"}
	}
	return line, nil
}

func roleList() string {
	names := make([]string, len(auth.Roles))
	for i, r := range auth.Roles {
		names[i] = string(r)
	}
	return strings.Join(names, ", ")
}

// createUser stores the account with its password, or invites it through
// the accounts service with the system (no user) as the audit actor.
func (e *environment) createUser(ctx context.Context, nu newUser, stdout io.Writer) error {
	now := time.Now().UTC().Truncate(time.Microsecond)
	u := &models.User{Email: nu.email, Name: nu.name, Locale: string(nu.lang), TimeZone: "UTC", Active: true,
		EmailVerifiedAt: &now}
	roles := roleNames(nu.roles)
	if nu.withPassword {
		hash, err := auth.HashPassword(nu.password)
		if err != nil {
			return err
		}
		u.PasswordHash = &hash
		if err := e.store.CreateUser(ctx, u, nu.roles); errors.Is(err, models.ErrDuplicate) {
			return usageError{fmt.Sprintf("an account with the e-mail address %s already exists", nu.email)}
		} else if err != nil {
			return err
		}
		if err := e.store.Audit(ctx, nil, cliAudit("admin.user_create", u.ID, roles, now)); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "created account %d for %s (%s); it can sign in now\n", u.ID, u.Email, roles)
		return nil
	}
	mailer := mail.New(e.cfg, e.store, e.log, time.Now)
	svc := accounts.New(e.store, mailer, e.cfg.Secret, false, time.Now)
	inviter := i18n.Default().Message(nu.lang, "admin.cli.inviter")
	id, err := svc.Invite(ctx, 0, inviter, accounts.Invitation{Email: nu.email, Name: nu.name, Roles: nu.roles, Lang: nu.lang},
		accounts.Meta{RequestID: "cli"})
	if fe, ok := err.(accounts.FieldErrors); ok && fe["email"] == "admin.email.taken" {
		return usageError{fmt.Sprintf("an account with the e-mail address %s already exists", nu.email)}
	}
	if err != nil {
		return err
	}
	u = &models.User{ID: id, Email: nu.email}
	outbox := e.cfg.BaseURL.JoinPath("/admin/outbox")
	outbox.RawQuery = url.Values{"q": {u.Email}}.Encode()
	fmt.Fprintf(stdout, "created account %d for %s (%s) without a password\n", u.ID, u.Email, roles)
	if e.cfg.SMTPURL != "" {
		fmt.Fprintf(stdout, "the invitation is queued; the server (puente serve) e-mails it. It is in the outbox: %s\n", outbox)
	} else {
		fmt.Fprintf(stdout, "PUENTE_SMTP_URL is not set, so the invitation is not e-mailed: it waits in the outbox,\nwhere an administrator can open it and pass its link on: %s\n", outbox)
	}
	return nil
}

// cliAudit is the audit entry of an account made on the command line: the
// system acts, and the entry says so.
func cliAudit(action string, userID int64, roles string, at time.Time) *models.AuditEntry {
	meta, _ := json.Marshal(map[string]string{"roles": roles, "via": "cli"})
	m := string(meta)
	return &models.AuditEntry{At: at, Action: action, Entity: "user", EntityID: &userID, Meta: &m}
}

func roleNames(roles []auth.Role) string {
	names := make([]string, len(roles))
	for i, r := range roles {
		names[i] = string(r)
	}
	return strings.Join(names, ",")
}
