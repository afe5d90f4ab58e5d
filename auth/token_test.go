package auth

import (
	"encoding/base64"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

var tokenNow = time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)

func testTokens() *Tokens {
	return NewTokens([]byte(strings.Repeat("k", 32)), func() time.Time { return tokenNow })
}

func TestTokenRoundTrip(t *testing.T) {
	tk := testTokens()
	s, err := tk.Issue("sess-1", 42, tokenNow.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	sid, uid, err := tk.Verify(s)
	if err != nil || sid != "sess-1" || uid != 42 {
		t.Fatalf("Verify = %q %d %v", sid, uid, err)
	}
}

// sign makes a token with arbitrary claims and method, as an attacker would.
func sign(t *testing.T, method jwt.SigningMethod, key any, claims jwt.MapClaims) string {
	t.Helper()
	s, err := jwt.NewWithClaims(method, claims).SignedString(key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestTokensRefused(t *testing.T) {
	tk := testTokens()
	good := jwt.MapClaims{"iss": "puente", "aud": []string{"puente-web"}, "sub": "42", "jti": "s1",
		"iat": tokenNow.Unix(), "exp": tokenNow.Add(time.Hour).Unix()}
	with := func(k string, v any) jwt.MapClaims {
		c := jwt.MapClaims{}
		for kk, vv := range good {
			c[kk] = vv
		}
		if v == nil {
			delete(c, k)
		} else {
			c[k] = v
		}
		return c
	}
	valid := sign(t, jwt.SigningMethodHS256, tk.key, good)
	if _, _, err := tk.Verify(valid); err != nil {
		t.Fatalf("control token refused: %v", err)
	}
	parts := strings.Split(valid, ".")
	tampered := parts[0] + "." + base64.RawURLEncoding.EncodeToString([]byte(`{"iss":"puente","aud":["puente-web"],"sub":"1","jti":"s1","exp":9999999999}`)) + "." + parts[2]
	none := base64.RawURLEncoding.EncodeToString([]byte(`{"alg":"none","typ":"JWT"}`)) + "." + parts[1] + "."
	cases := map[string]string{
		"alg none":        none,
		"another alg":     sign(t, jwt.SigningMethodHS512, tk.key, good),
		"wrong key":       sign(t, jwt.SigningMethodHS256, []byte("another key of the same length!!"), good),
		"missing expiry":  sign(t, jwt.SigningMethodHS256, tk.key, with("exp", nil)),
		"past expiry":     sign(t, jwt.SigningMethodHS256, tk.key, with("exp", tokenNow.Add(-time.Minute).Unix())),
		"wrong issuer":    sign(t, jwt.SigningMethodHS256, tk.key, with("iss", "someone")),
		"wrong audience":  sign(t, jwt.SigningMethodHS256, tk.key, with("aud", []string{"other"})),
		"no session id":   sign(t, jwt.SigningMethodHS256, tk.key, with("jti", nil)),
		"bad subject":     sign(t, jwt.SigningMethodHS256, tk.key, with("sub", "admin")),
		"issued later":    sign(t, jwt.SigningMethodHS256, tk.key, with("iat", tokenNow.Add(time.Hour).Unix())),
		"tampered":        tampered,
		"over-long":       sign(t, jwt.SigningMethodHS256, tk.key, with("pad", strings.Repeat("x", 2000))),
		"empty":           "",
		"garbage":         "not.a.token",
		"raw secret used": sign(t, jwt.SigningMethodHS256, []byte(strings.Repeat("k", 32)), good),
	}
	for name, tok := range cases {
		if _, _, err := tk.Verify(tok); err == nil {
			t.Errorf("%s: token accepted", name)
		}
	}
	// Within the 30 s leeway an expiry still passes; beyond it, not.
	if _, _, err := tk.Verify(sign(t, jwt.SigningMethodHS256, tk.key, with("exp", tokenNow.Add(-20*time.Second).Unix()))); err != nil {
		t.Errorf("expiry 20 s ago refused despite leeway: %v", err)
	}
}

func TestSecondFactorTokenIsNotASession(t *testing.T) {
	tk := testTokens()
	s, err := tk.IssueSecondFactor(7)
	if err != nil {
		t.Fatal(err)
	}
	if uid, err := tk.VerifySecondFactor(s); err != nil || uid != 7 {
		t.Fatalf("VerifySecondFactor = %d %v", uid, err)
	}
	if _, _, err := tk.Verify(s); err == nil {
		t.Error("a second-factor token was accepted as a session")
	}
	sess, _ := tk.Issue("s", 7, tokenNow.Add(time.Hour))
	if _, err := tk.VerifySecondFactor(sess); err == nil {
		t.Error("a session token was accepted as a second-factor token")
	}
}
