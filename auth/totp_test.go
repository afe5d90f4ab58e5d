package auth

import (
	"testing"
	"time"
)

// RFC 6238 appendix B, SHA-1, truncated to six digits.
func TestTOTPVectors(t *testing.T) {
	secret := b32.EncodeToString([]byte("12345678901234567890"))
	for unix, want := range map[int64]string{59: "287082", 1111111109: "081804", 1111111111: "050471",
		1234567890: "005924", 2000000000: "279037", 20000000000: "353130"} {
		got, err := TOTPCode(secret, unix/30)
		if err != nil || got != want {
			t.Errorf("t=%d: %s %v, want %s", unix, got, err, want)
		}
	}
}

func TestVerifyTOTP(t *testing.T) {
	secret, err := NewTOTPSecret()
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 11, 27, 10, 0, 0, 0, time.UTC)
	code, _ := TOTPCode(secret, TOTPStep(now))
	step, ok := VerifyTOTP(secret, code, now, 0)
	if !ok || step != TOTPStep(now) {
		t.Fatal("current code refused")
	}
	if _, ok := VerifyTOTP(secret, code, now, step); ok {
		t.Error("replayed code accepted")
	}
	if _, ok := VerifyTOTP(secret, code, now.Add(30*time.Second), 0); !ok {
		t.Error("code from the previous step refused (clock drift)")
	}
	if _, ok := VerifyTOTP(secret, code, now.Add(2*time.Minute), 0); ok {
		t.Error("stale code accepted")
	}
	if _, ok := VerifyTOTP(secret, "12345", now, 0); ok {
		t.Error("short code accepted")
	}
}
