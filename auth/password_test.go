package auth

import (
	"errors"
	"strings"
	"testing"
)

func TestPasswordRoundTrip(t *testing.T) {
	h, err := HashPassword("correct horse battery staple ñ 桥")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Fatalf("unexpected hash format %q", h)
	}
	if rehash, err := CheckPassword("correct horse battery staple ñ 桥", h); err != nil || rehash {
		t.Fatalf("CheckPassword = %v, %v", rehash, err)
	}
	if _, err := CheckPassword("correct horse battery staple n 桥", h); !errors.Is(err, ErrMismatch) {
		t.Fatalf("wrong password: err = %v, want ErrMismatch", err)
	}
	h2, _ := HashPassword("correct horse battery staple ñ 桥")
	if h == h2 {
		t.Fatal("two hashes of one password are equal: salt not random")
	}
}

func TestPasswordOldParametersAskForRehash(t *testing.T) {
	// A hash made with t=1 (weaker than today's t=2) must still verify and ask
	// to be upgraded.
	old := "$argon2id$v=19$m=19456,t=1,p=1$c2FsdHNhbHRzYWx0c2FsdA$" // salt "saltsaltsaltsalt"
	key := argon2Key("pw", "saltsaltsaltsalt", 1)
	rehash, err := CheckPassword("pw", old+key)
	if err != nil || !rehash {
		t.Fatalf("CheckPassword(old) = %v, %v; want rehash", rehash, err)
	}
}

func TestPasswordMalformedHashes(t *testing.T) {
	for _, h := range []string{"", "$2a$10$abc", "$argon2id$v=19$m=0,t=2,p=1$AA$AA", "$argon2id$v=19$m=19456,t=2,p=1$!!$AA",
		"$argon2i$v=19$m=19456,t=2,p=1$AA$AA", "$argon2id$v=19$m=99999999,t=2,p=1$AA$AA"} {
		if _, err := CheckPassword("x", h); err == nil {
			t.Errorf("CheckPassword accepted malformed hash %q", h)
		}
	}
}

func TestPasswordProblem(t *testing.T) {
	if n := CommonPasswordCount(); n < 10000 {
		t.Fatalf("common password list has %d entries, want at least 10,000", n)
	}
	cases := map[string]string{
		"short":                        "password.too_short",
		"ñandú-桥-11":                   "password.too_short", // 10 characters, more bytes
		strings.Repeat("a", 129):       "password.too_long",
		"123456789012":                 "password.common",
		"QWERTYUIOPASDFGHJKL":          "password.common",
		"ana.souza-is-great":           "password.personal",
		"correct horse battery staple": "",
		"Ponte sobre o rio 2026 ✓":     "",
		strings.Repeat("é", 128):       "",
		"   twelve spaces plus   ":     "",
	}
	for pw, want := range cases {
		if got := PasswordProblem(pw, "Ana.Souza@demo.puente.example"); got != want {
			t.Errorf("PasswordProblem(%q) = %q, want %q", pw, got, want)
		}
	}
}
