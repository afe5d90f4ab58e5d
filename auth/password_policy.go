package auth

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed"
	"strings"
	"sync"
	"unicode/utf8"
)

// Password length limits (ASVS 2.1.1 and 2.1.2). Any character is allowed,
// spaces and emoji included; nothing is truncated.
const (
	MinPasswordLength = 12
	MaxPasswordLength = 128
)

//go:embed data/common-passwords.txt.gz
var commonPasswordsGz []byte

var (
	commonOnce      sync.Once
	commonPasswords map[string]struct{}
)

// loadCommonPasswords reads the embedded list once, on first use.
func loadCommonPasswords() {
	commonPasswords = make(map[string]struct{}, 45000)
	zr, err := gzip.NewReader(bytes.NewReader(commonPasswordsGz))
	if err != nil {
		return // the file is embedded; the test that counts it fails first
	}
	sc := bufio.NewScanner(zr)
	for sc.Scan() {
		commonPasswords[sc.Text()] = struct{}{}
	}
}

// CommonPasswordCount is how many passwords the embedded list holds.
func CommonPasswordCount() int {
	commonOnce.Do(loadCommonPasswords)
	return len(commonPasswords)
}

// PasswordProblem returns the message key of what is wrong with a new
// password, or "" when it is acceptable: too short or long (counted in
// characters, not bytes), among the most common passwords, or built from the
// account's own e-mail address.
func PasswordProblem(password, email string) string {
	n := utf8.RuneCountInString(password)
	switch {
	case n < MinPasswordLength:
		return "password.too_short"
	case n > MaxPasswordLength:
		return "password.too_long"
	}
	lower := strings.ToLower(password)
	commonOnce.Do(loadCommonPasswords)
	if _, ok := commonPasswords[lower]; ok {
		return "password.common"
	}
	email = strings.ToLower(strings.TrimSpace(email))
	if local, _, ok := strings.Cut(email, "@"); ok && len(local) >= 4 && strings.Contains(lower, local) || lower == email && email != "" {
		return "password.personal"
	}
	return ""
}
