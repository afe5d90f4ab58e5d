package main

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/puente-science/puente/accounts"
	"github.com/puente-science/puente/auth"
	"github.com/puente-science/puente/models"
	"github.com/puente-science/puente/testdb"
)

// TestUserCreate creates accounts from the command line as an operator
// would, on both databases: with a password read from stdin, and with an
// invitation whose link lets the person set one and sign in.
func TestUserCreate(t *testing.T) {
	for _, dialect := range testdb.Dialects {
		t.Run(dialect, func(t *testing.T) {
			dbURL, dir := testdb.Location(t, dialect)
			getenv := env(map[string]string{"DATABASE_URL": dbURL, "PUENTE_DATA_DIR": dir,
				"PUENTE_BASE_URL": "https://puente.example.org"})
			cmd := func(stdin string, args ...string) (int, string, string) {
				var out, errOut bytes.Buffer
				code := report(userCommand(args, getenv, strings.NewReader(stdin), &out, &errOut), &errOut)
				return code, out.String(), errOut.String()
			}
			const password = "a long and quiet river"
			code, out, errOut := cmd(password+"\n", "create", "--email", "Root@Example.org", "--name", "Ada Root",
				"--role", "admin", "--role", "officer", "--password-stdin")
			if code != exitOK || !strings.Contains(out, "root@example.org") {
				t.Fatalf("create with password: %d %q %q", code, out, errOut)
			}
			code, out, errOut = cmd("", "create", "--email", "new.officer@example.org", "--name", "Nuevo Oficial",
				"--role", "officer", "--lang", "es")
			if code != exitOK || !strings.Contains(out, "https://puente.example.org/admin/outbox?q=new.officer%40example.org") {
				t.Fatalf("create with invitation: %d %q %q", code, out, errOut)
			}

			s := openStore(t, dbURL, dir)
			ctx := context.Background()
			root, err := s.UserByEmail(ctx, "root@example.org")
			if err != nil {
				t.Fatal(err)
			}
			if root.PasswordHash == nil || root.EmailVerifiedAt == nil || !root.Active {
				t.Fatalf("root account: password %v, verified %v, active %v", root.PasswordHash != nil, root.EmailVerifiedAt, root.Active)
			}
			if _, err := auth.CheckPassword(password, *root.PasswordHash); err != nil {
				t.Errorf("stored password does not match: %v", err)
			}
			if roles, _ := s.RolesOf(ctx, root.ID); len(roles) != 2 || roles[0] != auth.Admin || roles[1] != auth.Officer {
				t.Errorf("roles = %v", roles)
			}
			var entries []models.AuditEntry
			s.DB().Where("entity = 'user' AND action LIKE 'admin.%'").Order("id").Find(&entries)
			if len(entries) != 2 || entries[0].ActorID != nil || entries[0].Action != "admin.user_create" ||
				entries[1].Action != "admin.user_invite" || *entries[1].EntityID == root.ID {
				t.Errorf("audit entries = %+v", entries)
			}

			// The invitation is in the outbox, in Spanish, and its link works.
			var m models.MailOutbox
			if err := s.DB().Where("to_address = ?", "new.officer@example.org").Take(&m).Error; err != nil {
				t.Fatalf("no invitation queued: %v", err)
			}
			link := regexp.MustCompile(`https://puente\.example\.org/invite/([A-Za-z0-9_-]{20,})`).FindStringSubmatch(m.BodyText)
			if link == nil || m.Locale != "es" || m.Status != models.MailPending {
				t.Fatalf("invitation: locale %s, status %s, body %q", m.Locale, m.Status, m.BodyText)
			}
			now := func() time.Time { return time.Now() }
			acc := accounts.New(s, nil, []byte(strings.Repeat("k", 32)), false, now)
			if err := acc.AcceptInvite(ctx, link[1], "", "otra contraseña muy larga", accounts.Meta{}); err != nil {
				t.Fatalf("accept invitation: %v", err)
			}
			if _, err := acc.Login(ctx, "new.officer@example.org", "otra contraseña muy larga", accounts.Meta{IP: "192.0.2.1"}); err != nil {
				t.Errorf("sign in after accepting: %v", err)
			}
		})
	}
}

// TestUserCreateRefuses checks each refusal is one line and exit status 2,
// and that nothing is created.
func TestUserCreateRefuses(t *testing.T) {
	dbURL, dir := testdb.Location(t, "sqlite")
	getenv := env(map[string]string{"DATABASE_URL": dbURL, "PUENTE_DATA_DIR": dir})
	base := []string{"create", "--email", "someone@example.org", "--name", "Some One"}
	cases := []struct {
		name  string
		stdin string
		args  []string
		want  string
	}{
		{"short password", "short\n", append(base, "--role", "admin", "--password-stdin"), "at least 12 characters"},
		{"common password", "password1234\n", append(base, "--role", "admin", "--password-stdin"), "most common"},
		{"empty stdin", "", append(base, "--role", "admin", "--password-stdin"), "no password"},
		{"no role", "", base, "--role"},
		{"unknown role", "", append(base, "--role", "boss"), "unknown role"},
		{"bad language", "", append(base, "--role", "admin", "--lang", "fr"), "--lang"},
		{"bad address", "", []string{"create", "--email", "nobody", "--name", "N", "--role", "admin"}, "--email"},
		{"no subcommand", "", nil, "subcommand"},
		{"unknown subcommand", "", []string{"delete"}, "unknown user subcommand"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			err := userCommand(tc.args, getenv, strings.NewReader(tc.stdin), &out, io.Discard)
			code := report(err, &errOut)
			if code != exitUsage || strings.Count(errOut.String(), "\n") != 1 || !strings.Contains(errOut.String(), tc.want) {
				t.Errorf("exit %d, stderr %q; want 2 and one line with %q", code, errOut.String(), tc.want)
			}
		})
	}
	if code, _, errOut := runUser(t, getenv, "", "create", "--email", "twice@example.org", "--name", "T", "--role", "reviewer"); code != exitOK {
		t.Fatalf("first create: %d %q", code, errOut)
	}
	if code, _, errOut := runUser(t, getenv, "", "create", "--email", "TWICE@example.org", "--name", "T", "--role", "reviewer"); code != exitUsage || !strings.Contains(errOut, "already exists") {
		t.Errorf("duplicate: %d %q", code, errOut)
	}
	s := openStore(t, dbURL, dir)
	var n int64
	s.DB().Model(&models.User{}).Count(&n)
	if n != 1 {
		t.Errorf("%d accounts after the refusals, want 1", n)
	}
}

func TestUserHelp(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := run([]string{"user", "create", "--help"}, env(nil), &out, &errOut); code != exitOK ||
		!strings.Contains(errOut.String(), "--password-stdin") || !strings.Contains(errOut.String(), "outbox") {
		t.Errorf("user create --help: %d %q", code, errOut.String())
	}
	out.Reset()
	if code := run([]string{"help"}, env(nil), &out, &errOut); code != exitOK || !strings.Contains(out.String(), "user create") {
		t.Errorf("help does not list user create: %q", out.String())
	}
}

func runUser(t *testing.T, getenv func(string) string, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := report(userCommand(args, getenv, strings.NewReader(stdin), &out, io.Discard), &errOut)
	return code, out.String(), errOut.String()
}

// openStore opens the database a command used, to check what it wrote.
func openStore(t *testing.T, dbURL, dir string) *models.Store {
	t.Helper()
	db, dialect, err := models.Open(context.Background(), dbURL, dir, slog.New(slog.DiscardHandler))
	if err != nil {
		t.Fatal(err)
	}
	sqlDB, _ := db.DB()
	t.Cleanup(func() { _ = sqlDB.Close() })
	return models.NewStore(db, dialect)
}
