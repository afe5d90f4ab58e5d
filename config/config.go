// Package config reads Puente's configuration from the environment and
// checks every value before anything starts, so that a bad value stops
// start-up with one clear line.
package config

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
)

// Config is everything Puente reads from its environment.
type Config struct {
	Addr             string   // PUENTE_ADDR, host:port to listen on
	DatabaseURL      string   // DATABASE_URL; empty means embedded SQLite
	DataDir          string   // PUENTE_DATA_DIR; SQLite file, generated secret, uploads
	Secret           []byte   // PUENTE_SECRET; signs sessions and CSRF tokens
	SecretGenerated  bool     // the secret was read from or written to DataDir
	BaseURL          *url.URL // PUENTE_BASE_URL; links in e-mails, secure cookies when https
	SMTPURL          string   // PUENTE_SMTP_URL; empty keeps mail in the outbox
	Demo             bool     // PUENTE_DEMO; load the demo portfolio at first start
	TrustedProxies   []netip.Prefix
	LogLevel         string // PUENTE_LOG_LEVEL: debug, info, warn, error
	Require2FAStaff  bool   // PUENTE_REQUIRE_2FA_FOR_STAFF
	ReportingOrgRef  string // PUENTE_IATI_ORG_REF, IATI reporting-org identifier
	ReportingOrgName string // PUENTE_IATI_ORG_NAME
	ReportingOrgType string // PUENTE_IATI_ORG_TYPE, an IATI OrganisationType code
	GrantPrefix      string // PUENTE_360_PREFIX, the 360Giving identifier prefix of grants
}

// Defaults of the publishing settings: the reporting organisation is the
// bureau of the Chinese Academy of Sciences, identified by CAS's ROR id
// (XI-ROR is an IATI registration agency). Its type is 10 (Government):
// ROR classes CAS as a government body and the bureau acts as a funder, not
// as a research performer (80). 360Giving prefixes are registered as 360G-….
const (
	DefaultIATIOrgRef  = "XI-ROR-034t30j35"
	DefaultIATIOrgName = "Chinese Academy of Sciences, Bureau of International Cooperation"
	DefaultIATIOrgType = "10"
	DefaultGrantPrefix = "360G-puente-"
)

// iatiOrgTypes is the IATI OrganisationType codelist.
var iatiOrgTypes = []string{"10", "11", "15", "21", "22", "23", "24", "30", "40", "60", "70", "71", "72", "73", "80", "90"}

// Embedded reports whether Puente runs on its embedded SQLite database.
func (c Config) Embedded() bool { return c.DatabaseURL == "" }

// Secure reports whether Puente is served over HTTPS (cookies get Secure and
// the __Host- prefix).
func (c Config) Secure() bool { return c.BaseURL != nil && c.BaseURL.Scheme == "https" }

// Getenv looks a variable up; os.Getenv in production, a map in tests.
type Getenv func(string) string

// Load reads and checks the configuration. It does not touch the disk; call
// EnsureSecret afterwards.
func Load(getenv Getenv) (Config, error) {
	c := Config{
		Addr:             or(getenv("PUENTE_ADDR"), ":8080"),
		DatabaseURL:      strings.TrimSpace(getenv("DATABASE_URL")),
		DataDir:          or(getenv("PUENTE_DATA_DIR"), "./data"),
		SMTPURL:          strings.TrimSpace(getenv("PUENTE_SMTP_URL")),
		LogLevel:         or(getenv("PUENTE_LOG_LEVEL"), "info"),
		ReportingOrgRef:  or(getenv("PUENTE_IATI_ORG_REF"), DefaultIATIOrgRef),
		ReportingOrgName: or(getenv("PUENTE_IATI_ORG_NAME"), DefaultIATIOrgName),
		ReportingOrgType: or(getenv("PUENTE_IATI_ORG_TYPE"), DefaultIATIOrgType),
		GrantPrefix:      or(getenv("PUENTE_360_PREFIX"), DefaultGrantPrefix),
	}
	if err := checkPublishing(c); err != nil {
		return c, err
	}
	if err := checkAddr(c.Addr); err != nil {
		return c, err
	}
	if c.DatabaseURL != "" {
		if err := checkDatabaseURL(c.DatabaseURL); err != nil {
			return c, err
		}
	}
	base, err := parseBaseURL(or(getenv("PUENTE_BASE_URL"), "http://localhost"+portSuffix(c.Addr)))
	if err != nil {
		return c, err
	}
	c.BaseURL = base
	if c.SMTPURL != "" {
		u, err := url.Parse(c.SMTPURL)
		if err != nil || (u.Scheme != "smtp" && u.Scheme != "smtps") || u.Host == "" {
			return c, errors.New("PUENTE_SMTP_URL must look like smtp://user:password@host:587 or smtps://host:465")
		}
	}
	if c.Demo, err = parseBool("PUENTE_DEMO", getenv("PUENTE_DEMO"), c.Embedded()); err != nil {
		return c, err
	}
	if c.Require2FAStaff, err = parseBool("PUENTE_REQUIRE_2FA_FOR_STAFF", getenv("PUENTE_REQUIRE_2FA_FOR_STAFF"), false); err != nil {
		return c, err
	}
	if c.TrustedProxies, err = parseProxies(getenv("PUENTE_TRUSTED_PROXIES")); err != nil {
		return c, err
	}
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		return c, fmt.Errorf("PUENTE_LOG_LEVEL must be debug, info, warn or error, not %q", c.LogLevel)
	}
	if s := getenv("PUENTE_SECRET"); s != "" {
		if len(s) < 32 {
			return c, errors.New("PUENTE_SECRET must be at least 32 characters long")
		}
		c.Secret = []byte(s)
	}
	return c, nil
}

// EnsureSecret fills an empty secret from DataDir/secret, creating that file
// with a random value the first time. With several instances on one
// PostgreSQL, PUENTE_SECRET must be set instead so they agree.
func (c *Config) EnsureSecret() error {
	if len(c.Secret) > 0 {
		return nil
	}
	if err := os.MkdirAll(c.DataDir, 0o750); err != nil {
		return fmt.Errorf("unable to create data directory %s: %w", c.DataDir, err)
	}
	path := filepath.Join(c.DataDir, "secret")
	if b, err := os.ReadFile(path); err == nil && len(strings.TrimSpace(string(b))) >= 32 {
		c.Secret = []byte(strings.TrimSpace(string(b)))
		c.SecretGenerated = true
		return nil
	}
	buf := make([]byte, 32)
	if _, err := rand.Read(buf); err != nil {
		return fmt.Errorf("unable to generate a secret: %w", err)
	}
	secret := hex.EncodeToString(buf)
	if err := os.WriteFile(path, []byte(secret+"\n"), 0o600); err != nil {
		return fmt.Errorf("unable to write %s: %w", path, err)
	}
	c.Secret = []byte(secret)
	c.SecretGenerated = true
	return nil
}

// checkPublishing checks the identifiers exports publish: IATI identifiers
// may hold no spaces nor / & | ?, and the reporting-org type is a code of
// the OrganisationType list.
func checkPublishing(c Config) error {
	if strings.ContainsAny(c.ReportingOrgRef, " \t/&|?") || !strings.Contains(strings.Trim(c.ReportingOrgRef, "-"), "-") {
		return fmt.Errorf("PUENTE_IATI_ORG_REF %q must be an organisation identifier such as XI-ROR-034t30j35 (agency-number, no spaces nor / & | ?)", c.ReportingOrgRef)
	}
	if !slices.Contains(iatiOrgTypes, c.ReportingOrgType) {
		return fmt.Errorf("PUENTE_IATI_ORG_TYPE must be an IATI organisation type code (%s), not %q", strings.Join(iatiOrgTypes, ", "), c.ReportingOrgType)
	}
	if !strings.HasPrefix(c.GrantPrefix, "360G-") || len(c.GrantPrefix) < 6 || strings.ContainsAny(c.GrantPrefix, " \t/&|?") {
		return fmt.Errorf("PUENTE_360_PREFIX %q must start with 360G- followed by the publisher's name (no spaces), such as 360G-puente-", c.GrantPrefix)
	}
	return nil
}

func or(v, def string) string {
	if v = strings.TrimSpace(v); v == "" {
		return def
	}
	return v
}

func checkAddr(addr string) error {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("PUENTE_ADDR %q is not host:port (for example :8080 or 127.0.0.1:8080)", addr)
	}
	n, err := strconv.Atoi(port)
	if err != nil || n < 1 || n > 65535 {
		return fmt.Errorf("PUENTE_ADDR %q has no valid port (1-65535)", addr)
	}
	if host != "" && host != "localhost" {
		if _, err := netip.ParseAddr(host); err != nil {
			if _, err := net.LookupHost(host); err != nil {
				return fmt.Errorf("PUENTE_ADDR %q names an unknown host", addr)
			}
		}
	}
	return nil
}

func portSuffix(addr string) string {
	_, port, err := net.SplitHostPort(addr)
	if err != nil || port == "" {
		return ""
	}
	return ":" + port
}

func checkDatabaseURL(s string) error {
	u, err := url.Parse(s)
	if err != nil {
		return errors.New("DATABASE_URL is not a valid URL (expected postgres://user:password@host:5432/dbname)")
	}
	if u.Scheme != "postgres" && u.Scheme != "postgresql" {
		return fmt.Errorf("DATABASE_URL must start with postgres:// (got scheme %q); leave it empty for the embedded database", u.Scheme)
	}
	if u.Host == "" && u.Query().Get("host") == "" {
		return errors.New("DATABASE_URL names no host (expected postgres://user:password@host:5432/dbname)")
	}
	return nil
}

func parseBaseURL(s string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimRight(s, "/"))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("PUENTE_BASE_URL %q must be an absolute http(s) address such as https://puente.example.org", s)
	}
	return u, nil
}

func parseBool(name, v string, def bool) (bool, error) {
	if v = strings.TrimSpace(v); v == "" {
		return def, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return def, fmt.Errorf("%s must be true or false, not %q", name, v)
	}
	return b, nil
}

func parseProxies(v string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, part := range strings.Split(v, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		if !strings.Contains(part, "/") {
			a, err := netip.ParseAddr(part)
			if err != nil {
				return nil, fmt.Errorf("PUENTE_TRUSTED_PROXIES: %q is not an IP address or CIDR range", part)
			}
			out = append(out, netip.PrefixFrom(a, a.BitLen()))
			continue
		}
		p, err := netip.ParsePrefix(part)
		if err != nil {
			return nil, fmt.Errorf("PUENTE_TRUSTED_PROXIES: %q is not an IP address or CIDR range", part)
		}
		out = append(out, p.Masked())
	}
	return out, nil
}
