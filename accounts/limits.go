package accounts

import (
	"context"
	"strings"
	"time"
)

// limit is a budget of attempts under a key within a sliding window. The
// attempts live in the database, so every instance sees the same count.
type limit struct {
	key    string
	max    int64
	window time.Duration
}

// The budgets. Account keys use the address as typed (lower-cased), so the
// count does not depend on the client's address or on whether the account
// exists; address keys use the connection's address, or the trusted
// proxy's X-Forwarded-For.
func loginLimits(email, ip string) []limit {
	return []limit{
		{"login:acct:" + email, 10, time.Minute},
		{"login:acct-hour:" + email, 50, time.Hour},
		{"login:ip:" + ip, 30, time.Minute},
	}
}

func registerLimits(ip string) []limit {
	return []limit{{"register:ip:" + ip, 10, time.Hour}}
}

func verifyLimits(ip string) []limit {
	return []limit{{"verify:ip:" + ip, 20, 10 * time.Minute}}
}

func resendLimits(email, ip string) []limit {
	return []limit{{"resend:acct:" + email, 3, time.Hour}, {"resend:ip:" + ip, 10, time.Hour}}
}

func resetLimits(email, ip string) []limit {
	return []limit{{"reset:acct:" + email, 3, time.Hour}, {"reset:ip:" + ip, 10, time.Hour}}
}

func passwordLimits(userID string) []limit {
	return []limit{{"password:acct:" + userID, 10, 10 * time.Minute}}
}

func secondFactorLimits(userID string) []limit {
	return []limit{{"2fa:acct:" + userID, 5, 5 * time.Minute}}
}

// check refuses with a RateLimitError when any budget is spent, saying when
// the oldest counted attempt leaves the window.
func (s *Service) check(ctx context.Context, limits []limit) error {
	now := s.now()
	for _, l := range limits {
		n, oldest, err := s.Store.Attempts(ctx, trimKey(l.key), now.Add(-l.window))
		if err != nil {
			return err
		}
		if n >= l.max {
			wait := oldest.Add(l.window).Sub(now)
			if wait < time.Second {
				wait = time.Second
			}
			return &RateLimitError{RetryAfter: wait.Round(time.Second)}
		}
	}
	return nil
}

// hit counts one attempt against every budget.
func (s *Service) hit(ctx context.Context, limits []limit) error {
	now := s.now()
	for _, l := range limits {
		if err := s.Store.AddAttempt(ctx, trimKey(l.key), now); err != nil {
			return err
		}
	}
	return nil
}

// trimKey keeps keys within the column's 300 characters whatever was typed.
func trimKey(k string) string {
	if len(k) > 300 {
		return k[:300]
	}
	return k
}

// normalizeEmail is the one form an address is compared and stored in.
func normalizeEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }
