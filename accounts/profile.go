package accounts

import (
	"context"
	"strconv"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/puente-science/puente/auth"
	"github.com/puente-science/puente/i18n"
	pmail "github.com/puente-science/puente/mail"
	"github.com/puente-science/puente/models"
)

// Profile is what a user may change about themself on /me.
type Profile struct {
	Name          string
	ORCID         string
	InstitutionID int64
	CountryISO2   string
	CareerLevel   string
	Lang          string
	TimeZone      string
}

// Validate returns the message key of every field in error.
func (p Profile) Validate() FieldErrors {
	fe := FieldErrors{}
	if k := nameProblem(p.Name); k != "" {
		fe["name"] = k
	}
	if p.ORCID != "" && NormalizeORCID(p.ORCID) == "" {
		fe["orcid"] = "account.orcid.invalid"
	}
	if p.CareerLevel != "" && !models.CareerLevel(p.CareerLevel).Valid() {
		fe["career_level"] = "form.invalid_choice"
	}
	if _, ok := i18n.Parse(p.Lang); !ok {
		fe["lang"] = "form.invalid_choice"
	}
	if _, err := time.LoadLocation(p.TimeZone); err != nil || p.TimeZone == "" || p.TimeZone == "Local" {
		fe["time_zone"] = "account.time_zone.invalid"
	}
	return fe
}

// NormalizeORCID returns an ORCID iD as 0000-0000-0000-000X when it is well
// formed and its ISO 7064 11,2 check character is right, and "" otherwise.
// It accepts the https://orcid.org/ form and missing hyphens.
func NormalizeORCID(s string) string {
	s = strings.TrimSpace(strings.ToUpper(s))
	for _, p := range []string{"HTTPS://ORCID.ORG/", "HTTP://ORCID.ORG/", "ORCID.ORG/"} {
		s = strings.TrimPrefix(s, p)
	}
	digits := strings.ReplaceAll(s, "-", "")
	if len(digits) != 16 {
		return ""
	}
	total := 0
	for _, c := range digits[:15] {
		if c < '0' || c > '9' {
			return ""
		}
		total = (total + int(c-'0')) * 2
	}
	check := (12 - total%11) % 11
	want := "X"
	if check < 10 {
		want = strconv.Itoa(check)
	}
	if digits[15:] != want {
		return ""
	}
	return digits[0:4] + "-" + digits[4:8] + "-" + digits[8:12] + "-" + digits[12:16]
}

// UpdateProfile saves a user's profile.
func (s *Service) UpdateProfile(ctx context.Context, userID int64, p Profile, m Meta) error {
	if fe := p.Validate(); len(fe) > 0 {
		return fe
	}
	fields := map[string]any{"name": strings.TrimSpace(p.Name), "locale": p.Lang, "time_zone": p.TimeZone,
		"orcid": nil, "institution_id": nil, "country_iso2": nil, "career_level": nil}
	if p.ORCID != "" {
		fields["orcid"] = NormalizeORCID(p.ORCID)
	}
	if p.InstitutionID > 0 {
		fields["institution_id"] = p.InstitutionID
	}
	if p.CountryISO2 != "" {
		fields["country_iso2"] = strings.ToUpper(p.CountryISO2)
	}
	if p.CareerLevel != "" {
		fields["career_level"] = p.CareerLevel
	}
	return s.Store.InTx(ctx, func(tx *gorm.DB) error {
		if err := s.Store.UpdateUserFields(ctx, tx, userID, fields); err != nil {
			return err
		}
		return s.audit(ctx, tx, &userID, "account.profile_update", userID, m, "")
	})
}

// SetLanguage keeps a signed-in user's choice of language.
func (s *Service) SetLanguage(ctx context.Context, userID int64, lang i18n.Lang) error {
	return s.Store.UpdateUserFields(ctx, nil, userID, map[string]any{"locale": string(lang)})
}

// ChangePassword replaces the password after checking the current one,
// ends every session (the caller starts a fresh one) and tells the holder.
func (s *Service) ChangePassword(ctx context.Context, userID int64, current, next string, m Meta) error {
	limits := passwordLimits(strconv.FormatInt(userID, 10))
	if err := s.check(ctx, limits); err != nil {
		return err
	}
	u, err := s.Store.UserByID(ctx, userID)
	if err != nil {
		return err
	}
	if u.PasswordHash == nil {
		return FieldErrors{"current": "account.password.wrong"}
	}
	if _, err := auth.CheckPassword(current, *u.PasswordHash); err != nil {
		_ = s.hit(ctx, limits)
		return FieldErrors{"current": "account.password.wrong"}
	}
	if p := auth.PasswordProblem(next, u.Email); p != "" {
		return FieldErrors{"password": p}
	}
	hash, err := auth.HashPassword(next)
	if err != nil {
		return err
	}
	return s.Store.InTx(ctx, func(tx *gorm.DB) error {
		if err := s.Store.UpdateUserFields(ctx, tx, userID, map[string]any{"password_hash": hash}); err != nil {
			return err
		}
		if err := s.Store.RevokeUserSessions(ctx, tx, userID, "", s.now()); err != nil {
			return err
		}
		if err := s.Mailer.Queue(ctx, tx, pmail.Message{To: u.Email, ToName: u.Name, Lang: langOf(u.Locale),
			Kind: "password_changed"}, ""); err != nil {
			return err
		}
		return s.audit(ctx, tx, &userID, "auth.password_change", userID, m, "")
	})
}
