package main

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/puente-science/puente/testdb"
)

// TestRemindCommand runs 'puente remind' as cron would (the reminders
// themselves are tested in models), and the server's reminder loop stops
// when its context ends.
func TestRemindCommand(t *testing.T) {
	for _, dialect := range testdb.Dialects {
		t.Run(dialect, func(t *testing.T) {
			dbURL, dir := testdb.Location(t, dialect)
			e := env(map[string]string{"DATABASE_URL": dbURL, "PUENTE_DATA_DIR": dir})
			cmd := func(args ...string) (int, string, string) {
				var out, errOut bytes.Buffer
				code := run(args, e, &out, &errOut)
				return code, out.String(), errOut.String()
			}
			if code, out, errOut := cmd("remind", "--help"); code != 0 || !strings.Contains(errOut, "Usage: puente remind") {
				t.Fatalf("remind --help: %d %q %q", code, out, errOut)
			}
			code, out, errOut := cmd("remind")
			if code != 0 || out != "0 reviewers reminded\n0 report reminders sent\n" {
				t.Fatalf("remind on an empty database: %d %q %q", code, out, errOut)
			}
			if code, out, _ := cmd("help"); code != 0 || !strings.Contains(out, "remind") {
				t.Errorf("help does not list remind: %q", out)
			}

			s := openStore(t, dbURL, dir)
			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan struct{})
			go func() { reminderLoop(ctx, s, slog.New(slog.DiscardHandler), time.Hour); close(done) }()
			cancel()
			select {
			case <-done:
			case <-time.After(10 * time.Second):
				t.Fatal("the reminder loop did not stop")
			}
		})
	}
}
