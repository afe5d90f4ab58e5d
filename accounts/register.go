package accounts

import (
	"context"
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/puente-science/puente/auth"
	"github.com/puente-science/puente/i18n"
	pmail "github.com/puente-science/puente/mail"
	"github.com/puente-science/puente/models"
)

// Registration is what an applicant types to open an account.
type Registration struct {
	Name          string
	Email         string
	Password      string
	InstitutionID int64
	CountryISO2   string
	CareerLevel   string
	Lang          i18n.Lang
}

// Validate returns the message key of every field in error.
func (r Registration) Validate() FieldErrors {
	fe := FieldErrors{}
	if k := nameProblem(r.Name); k != "" {
		fe["name"] = k
	}
	if !ValidEmail(r.Email) {
		fe["email"] = "account.email.invalid"
	}
	if p := auth.PasswordProblem(r.Password, r.Email); p != "" {
		fe["password"] = p
	}
	if r.CareerLevel != "" && !models.CareerLevel(r.CareerLevel).Valid() {
		fe["career_level"] = "form.invalid_choice"
	}
	return fe
}

// ValidEmail accepts a plain address (no display name) of sane length.
func ValidEmail(s string) bool {
	s = strings.TrimSpace(s)
	if len(s) < 3 || len(s) > 254 || strings.ContainsAny(s, " <>\"") {
		return false
	}
	a, err := mail.ParseAddress(s)
	return err == nil && a.Address == s && strings.Contains(s[strings.LastIndex(s, "@"):], ".")
}

// Register opens an applicant account and mails a verification link. When
// the address already has an account, the account holder gets a note
// instead and the caller sees the same answer, so the form never reveals
// who has an account.
func (s *Service) Register(ctx context.Context, r Registration, m Meta) error {
	limits := registerLimits(m.IP)
	if err := s.check(ctx, limits); err != nil {
		return err
	}
	if fe := r.Validate(); len(fe) > 0 {
		return fe
	}
	if err := s.hit(ctx, limits); err != nil {
		return err
	}
	email := normalizeEmail(r.Email)
	existing, err := s.Store.UserByEmail(ctx, email)
	if err == nil {
		return s.Store.InTx(ctx, func(tx *gorm.DB) error {
			return s.Mailer.Queue(ctx, tx, pmail.Message{To: existing.Email, ToName: existing.Name,
				Lang: langOf(existing.Locale), Kind: "account_exists"},
				// at most one such note a day, however often someone tries
				fmt.Sprintf("account-exists:%d:%s", existing.ID, s.now().Format("2006-01-02")))
		})
	}
	if !errors.Is(err, models.ErrNotFound) {
		return err
	}
	hash, err := auth.HashPassword(r.Password)
	if err != nil {
		return err
	}
	u := &models.User{Email: email, Name: strings.TrimSpace(r.Name), PasswordHash: &hash, Locale: string(r.Lang),
		TimeZone: "UTC", Active: true}
	if r.InstitutionID > 0 {
		u.InstitutionID = &r.InstitutionID
	}
	if r.CountryISO2 != "" {
		iso := strings.ToUpper(r.CountryISO2)
		u.CountryISO2 = &iso
	}
	if r.CareerLevel != "" {
		cl := models.CareerLevel(r.CareerLevel)
		u.CareerLevel = &cl
	}
	if err := s.Store.CreateUser(ctx, u, []models.Role{models.RoleApplicant}); err != nil {
		if errors.Is(err, models.ErrDuplicate) {
			return nil // a concurrent registration of the same address won
		}
		return err
	}
	return s.Store.InTx(ctx, func(tx *gorm.DB) error {
		if err := s.sendToken(ctx, tx, u, models.PurposeVerifyEmail, verifyTTL, "verify_email", nil); err != nil {
			return err
		}
		return s.audit(ctx, tx, &u.ID, "auth.register", u.ID, m, "")
	})
}

// sendToken creates a single-use token and mails its link.
func (s *Service) sendToken(ctx context.Context, tx *gorm.DB, u *models.User, purpose models.TokenPurpose,
	ttl time.Duration, kind string, data map[string]string) error {
	token := newSecret(32)
	now := s.now()
	if err := s.Store.CreateToken(ctx, tx, &models.UserToken{UserID: u.ID, Purpose: purpose,
		TokenHash: HashToken(token), CreatedAt: now, ExpiresAt: now.Add(ttl)}); err != nil {
		return err
	}
	if data == nil {
		data = map[string]string{}
	}
	data["token"] = token
	return s.Mailer.Queue(ctx, tx, pmail.Message{To: u.Email, ToName: u.Name, Lang: langOf(u.Locale), Kind: kind, Data: data}, "")
}

func langOf(locale string) i18n.Lang {
	l, _ := i18n.Parse(locale)
	return l
}
