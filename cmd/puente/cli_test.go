package main

import (
	"bytes"
	"strings"
	"testing"
)

func env(m map[string]string) func(string) string {
	return func(k string) string { return m[k] }
}

// TestBadConfigurationStopsWithOneLine checks that a bad value stops
// start-up with one clear line on stderr and exit status 2, no stack trace.
func TestBadConfigurationStopsWithOneLine(t *testing.T) {
	dir := t.TempDir()
	cases := []struct {
		name string
		env  map[string]string
		want string
	}{
		{"unparseable url", map[string]string{"DATABASE_URL": "postgres://a b@:%zz", "PUENTE_DATA_DIR": dir}, "DATABASE_URL"},
		{"wrong scheme", map[string]string{"DATABASE_URL": "mysql://localhost/x", "PUENTE_DATA_DIR": dir}, "postgres://"},
		{"unreachable database", map[string]string{"DATABASE_URL": "postgres://nobody@127.0.0.1:1/none?sslmode=disable&connect_timeout=2", "PUENTE_DATA_DIR": dir}, "unable to reach database"},
		{"port out of range", map[string]string{"PUENTE_ADDR": ":99999", "PUENTE_DATA_DIR": dir}, "PUENTE_ADDR"},
		{"not host:port", map[string]string{"PUENTE_ADDR": "eight-thousand", "PUENTE_DATA_DIR": dir}, "PUENTE_ADDR"},
		{"bad boolean", map[string]string{"PUENTE_DEMO": "perhaps", "PUENTE_DATA_DIR": dir}, "PUENTE_DEMO"},
		{"short secret", map[string]string{"PUENTE_SECRET": "short", "PUENTE_DATA_DIR": dir}, "PUENTE_SECRET"},
		{"bad base url", map[string]string{"PUENTE_BASE_URL": "localhost:8080", "PUENTE_DATA_DIR": dir}, "PUENTE_BASE_URL"},
		{"bad proxy", map[string]string{"PUENTE_TRUSTED_PROXIES": "10.0.0.1, nonsense", "PUENTE_DATA_DIR": dir}, "PUENTE_TRUSTED_PROXIES"},
		{"bad IATI org type", map[string]string{"PUENTE_IATI_ORG_TYPE": "99", "PUENTE_DATA_DIR": dir}, "PUENTE_IATI_ORG_TYPE"},
		{"bad IATI org ref", map[string]string{"PUENTE_IATI_ORG_REF": "CAS bureau", "PUENTE_DATA_DIR": dir}, "PUENTE_IATI_ORG_REF"},
		{"bad 360Giving prefix", map[string]string{"PUENTE_360_PREFIX": "puente-", "PUENTE_DATA_DIR": dir}, "PUENTE_360_PREFIX"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			code := run([]string{"serve"}, env(tc.env), &out, &errOut)
			if code != exitUsage {
				t.Errorf("exit status %d, want %d (stderr %q)", code, exitUsage, errOut.String())
			}
			msg := errOut.String()
			if strings.Count(msg, "\n") != 1 || !strings.HasPrefix(msg, "puente: ") || !strings.Contains(msg, tc.want) {
				t.Errorf("stderr = %q, want one line mentioning %q", msg, tc.want)
			}
			if strings.Contains(msg, "goroutine") || strings.Contains(msg, "panic") {
				t.Errorf("stderr shows a stack trace: %q", msg)
			}
		})
	}
}

func TestUsage(t *testing.T) {
	var out, errOut bytes.Buffer
	if code := run([]string{"help"}, env(nil), &out, &errOut); code != exitOK || !strings.Contains(out.String(), "demo [--projects N]") {
		t.Errorf("help: %d %q", code, out.String())
	}
	out.Reset()
	errOut.Reset()
	if code := run([]string{"frobnicate"}, env(nil), &out, &errOut); code != exitUsage || !strings.Contains(errOut.String(), "unknown command") {
		t.Errorf("unknown command: %d %q", code, errOut.String())
	}
	errOut.Reset()
	if code := run([]string{"demo", "--projects", "-5"}, env(map[string]string{"PUENTE_DATA_DIR": t.TempDir()}), &out, &errOut); code != exitUsage {
		t.Errorf("negative projects: %d %q", code, errOut.String())
	}
	errOut.Reset()
	if code := run([]string{"migrate", "sideways"}, env(map[string]string{"PUENTE_DATA_DIR": t.TempDir()}), &out, &errOut); code != exitUsage {
		t.Errorf("bad migrate action: %d %q", code, errOut.String())
	}
}
