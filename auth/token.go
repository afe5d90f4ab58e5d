package auth

import (
	"crypto/hmac"
	"crypto/sha256"
	"errors"
	"fmt"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// Session tokens are JWTs signed with HS256 under a key derived from
// PUENTE_SECRET. They carry only the session id and the user id; whether the
// session is still live is checked against the sessions table on every
// request, so logout and password changes take effect at once.
const (
	tokenIssuer   = "puente"
	tokenAudience = "puente-web"
	// MaxTokenLength refuses absurd cookies before any parsing work.
	MaxTokenLength = 1024
	tokenLeeway    = 30 * time.Second
)

// ErrInvalidToken covers every reason a token is refused; the reason is not
// told to the client.
var ErrInvalidToken = errors.New("auth: invalid session token")

// Tokens issues and verifies session tokens.
type Tokens struct {
	key []byte
	now func() time.Time
}

// NewTokens derives the signing key from the application secret, so the
// raw secret signs nothing directly.
func NewTokens(secret []byte, now func() time.Time) *Tokens {
	if now == nil {
		now = time.Now
	}
	return &Tokens{key: DeriveKey(secret, "session-token-v1"), now: now}
}

// DeriveKey returns a purpose-specific key from the application secret.
func DeriveKey(secret []byte, purpose string) []byte {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte("puente:" + purpose))
	return m.Sum(nil)
}

// Audiences: a session token, and the short-lived proof that a password was
// right while the second factor is still to come.
const (
	AudienceSession       = tokenAudience
	AudienceSecondFactor  = "puente-2fa"
	SecondFactorLifetime  = 5 * time.Minute
	secondFactorSessionID = "pending"
)

// Issue returns a signed token for a session that expires at expires.
func (t *Tokens) Issue(sessionID string, userID int64, expires time.Time) (string, error) {
	return t.issue(AudienceSession, sessionID, userID, expires)
}

// IssueSecondFactor returns a token saying that userID gave the right
// password and may now give a two-factor code, for five minutes.
func (t *Tokens) IssueSecondFactor(userID int64) (string, error) {
	return t.issue(AudienceSecondFactor, secondFactorSessionID, userID, t.now().Add(SecondFactorLifetime))
}

// VerifySecondFactor checks a token from IssueSecondFactor.
func (t *Tokens) VerifySecondFactor(token string) (int64, error) {
	_, uid, err := t.verify(AudienceSecondFactor, token)
	return uid, err
}

func (t *Tokens) issue(audience, sessionID string, userID int64, expires time.Time) (string, error) {
	now := t.now()
	claims := jwt.RegisteredClaims{
		Issuer:    tokenIssuer,
		Audience:  jwt.ClaimStrings{audience},
		Subject:   fmt.Sprint(userID),
		ID:        sessionID,
		IssuedAt:  jwt.NewNumericDate(now),
		NotBefore: jwt.NewNumericDate(now),
		ExpiresAt: jwt.NewNumericDate(expires),
	}
	s, err := jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString(t.key)
	if err != nil {
		return "", fmt.Errorf("auth: unable to sign token: %w", err)
	}
	return s, nil
}

// Verify checks a token's algorithm, signature, issuer, audience and expiry
// and returns the session id and user id it names.
func (t *Tokens) Verify(token string) (sessionID string, userID int64, err error) {
	return t.verify(AudienceSession, token)
}

func (t *Tokens) verify(audience, token string) (sessionID string, userID int64, err error) {
	if token == "" || len(token) > MaxTokenLength {
		return "", 0, ErrInvalidToken
	}
	var claims jwt.RegisteredClaims
	parser := jwt.NewParser(
		jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}),
		jwt.WithExpirationRequired(),
		jwt.WithIssuer(tokenIssuer),
		jwt.WithAudience(audience),
		jwt.WithLeeway(tokenLeeway),
		jwt.WithIssuedAt(),
		jwt.WithStrictDecoding(),
		jwt.WithTimeFunc(t.now),
	)
	_, err = parser.ParseWithClaims(token, &claims, func(*jwt.Token) (any, error) { return t.key, nil })
	if err != nil || claims.ID == "" {
		return "", 0, ErrInvalidToken
	}
	if _, err := fmt.Sscan(claims.Subject, &userID); err != nil || userID <= 0 {
		return "", 0, ErrInvalidToken
	}
	return claims.ID, userID, nil
}
