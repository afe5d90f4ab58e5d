package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/puente-science/puente/testdb"
)

// TestCommands runs migrate, seed and demo as a person would, on both
// databases.
func TestCommands(t *testing.T) {
	for _, dialect := range testdb.Dialects {
		t.Run(dialect, func(t *testing.T) {
			dbURL, dir := testdb.Location(t, dialect)
			e := env(map[string]string{"DATABASE_URL": dbURL, "PUENTE_DATA_DIR": dir})
			cmd := func(args ...string) (int, string, string) {
				var out, errOut bytes.Buffer
				code := run(args, e, &out, &errOut)
				return code, out.String(), errOut.String()
			}
			code, out, errOut := cmd("migrate", "status")
			if code != 0 || !strings.Contains(out, "00001_schema.sql") || !strings.Contains(out, "pending") {
				t.Fatalf("status before: %d %q %q", code, out, errOut)
			}
			if code, out, errOut = cmd("migrate", "up"); code != 0 || !strings.Contains(out, "applied") {
				t.Fatalf("up: %d %q %q", code, out, errOut)
			}
			if code, out, _ = cmd("migrate", "status"); code != 0 || strings.Contains(out, "pending") {
				t.Fatalf("status after: %d %q", code, out)
			}
			code, first, errOut := cmd("seed")
			if code != 0 || !strings.Contains(first, "countries") {
				t.Fatalf("seed: %d %q %q", code, first, errOut)
			}
			code, second, _ := cmd("seed")
			if code != 0 || trimTiming(first) != trimTiming(second) {
				t.Fatalf("seed twice differs:\n%s\n%s", first, second)
			}
			code, out, errOut = cmd("demo", "--projects", "25", "--seed", "5")
			if code != 0 || !strings.Contains(out, "demo accounts") || !strings.Contains(out, "@demo.puente.example") {
				t.Fatalf("demo: %d %q %q", code, out, errOut)
			}
			code, _, errOut = cmd("demo", "--projects", "25", "--seed", "5")
			if code == 0 || strings.Count(errOut, "\n") != 1 {
				t.Fatalf("demo again with the same seed: %d %q", code, errOut)
			}
		})
	}
}

// trimTiming drops the "in 12ms" part of a seed report.
func trimTiming(s string) string {
	if i := strings.Index(s, " in "); i >= 0 {
		if j := strings.Index(s[i:], ":"); j >= 0 {
			return s[:i] + s[i+j:]
		}
	}
	return s
}
