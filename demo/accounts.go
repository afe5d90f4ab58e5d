package demo

import (
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/puente-science/puente/auth"
	"github.com/puente-science/puente/models"
)

// Account is a demo sign-in; Password is only known when the account was
// created by this run.
type Account struct {
	Role     string
	Email    string
	Password string
}

// staff are the demo accounts' user ids, which the generated portfolio
// also uses (the demo applicant owns a few projects, the demo reviewer
// reviews some, and so on) so that each account has something to see.
type staff struct {
	applicant, reviewer, officer, director, admin int64
}

type demoAccount struct {
	role                        models.Role
	email, name, locale, tz, cc string
	level                       models.CareerLevel
	institution                 string // by name; "" for the academy itself
}

var demoAccounts = []demoAccount{
	{models.RoleApplicant, "ana.souza@demo.puente.example", "Ana Souza", "pt", "America/Sao_Paulo", "BR",
		models.CareerStudentOrYoungResearcher, "University of São Paulo"},
	{models.RoleReviewer, "carlos.rojas@demo.puente.example", "Carlos Rojas Mendoza", "es", "America/Santiago", "CL",
		models.CareerSeniorScientist, "Pontifical Catholic University of Chile"},
	{models.RoleOfficer, "zhang.min@demo.puente.example", "Zhang Min", "en", "Asia/Shanghai", "CN", "", ""},
	{models.RoleDirector, "wang.haiyan@demo.puente.example", "Wang Haiyan", "zh", "Asia/Shanghai", "CN", "", ""},
	{models.RoleAdmin, "zhao.lei@demo.puente.example", "Zhao Lei", "en", "Asia/Shanghai", "CN", "", ""},
}

// ensureAccounts creates the demo accounts that do not exist yet, with
// random passwords returned once, and returns every account's user id.
func ensureAccounts(tx *gorm.DB, ref *refs, now time.Time) (staff, []Account, error) {
	var out []Account
	ids := make([]int64, len(demoAccounts))
	for i, a := range demoAccounts {
		var u models.User
		err := tx.Where("email = ?", a.email).Take(&u).Error
		if errors.Is(err, gorm.ErrRecordNotFound) {
			var pw string
			if pw, err = createAccount(tx, ref, a, now, &u); err == nil {
				out = append(out, Account{Role: string(a.role), Email: a.email, Password: pw})
			}
		}
		if err != nil {
			return staff{}, nil, fmt.Errorf("demo: unable to set up the account %s: %w", a.email, err)
		}
		ids[i] = u.ID
		// Granting the role again is harmless, and repairs an account
		// whose role an admin removed.
		var n int64
		if err := tx.Model(&models.UserRole{}).Where("user_id = ? AND role = ?", u.ID, a.role).Count(&n).Error; err != nil {
			return staff{}, nil, fmt.Errorf("demo: unable to read the roles of %s: %w", a.email, err)
		}
		if n == 0 {
			if err := tx.Create(&models.UserRole{UserID: u.ID, Role: a.role, GrantedAt: u.CreatedAt}).Error; err != nil {
				return staff{}, nil, fmt.Errorf("demo: unable to grant %s to %s: %w", a.role, a.email, err)
			}
		}
	}
	return staff{applicant: ids[0], reviewer: ids[1], officer: ids[2], director: ids[3], admin: ids[4]}, out, nil
}

func createAccount(tx *gorm.DB, ref *refs, a demoAccount, now time.Time, u *models.User) (string, error) {
	pw, err := auth.RandomPassword()
	if err != nil {
		return "", err
	}
	hash, err := auth.HashPassword(pw)
	if err != nil {
		return "", err
	}
	// Registered before the portfolio's first call, like every generated
	// person: the demo applicant owns projects from earlier years.
	since := time.Date(2013, 11, 1, 8, 0, 0, 0, time.UTC)
	*u = models.User{
		Email: a.email, Name: a.name, PasswordHash: &hash, EmailVerifiedAt: &since,
		Locale: a.locale, TimeZone: a.tz, Active: true, CreatedAt: since, UpdatedAt: now,
	}
	if _, ok := ref.countries[a.cc]; ok {
		u.CountryISO2 = &a.cc
	}
	if a.level != "" {
		u.CareerLevel = &a.level
	}
	if in, ok := ref.byName[a.institution]; ok && a.institution != "" {
		u.InstitutionID = &in.id
	} else if a.institution == "" && ref.cas != nil {
		u.InstitutionID = &ref.cas.id
	}
	if err := tx.Create(u).Error; err != nil {
		return "", fmt.Errorf("demo: unable to create the demo account %s: %w", a.email, err)
	}
	return pw, nil
}
