package models

import (
	"slices"
	"time"

	"github.com/puente-science/puente/auth"
)

// User is a person who signs in. Never hand a User to a view: it carries the
// password hash and the TOTP secret.
type User struct {
	ID              int64        `gorm:"column:id;primaryKey"`
	Email           string       `gorm:"column:email"` // stored lower-case; unique
	Name            string       `gorm:"column:name"`
	PasswordHash    *string      `gorm:"column:password_hash"` // nil until an invited user sets one
	EmailVerifiedAt *time.Time   `gorm:"column:email_verified_at"`
	InstitutionID   *int64       `gorm:"column:institution_id"`
	CountryISO2     *string      `gorm:"column:country_iso2"`
	CareerLevel     *CareerLevel `gorm:"column:career_level"`
	Locale          string       `gorm:"column:locale;default:en"`
	TimeZone        string       `gorm:"column:time_zone;default:UTC"`
	ORCID           *string      `gorm:"column:orcid"`
	TOTPSecret      *string      `gorm:"column:totp_secret"`
	TOTPEnabled     bool         `gorm:"column:totp_enabled"`
	// TOTPLastStep is the time step of the last accepted code, so a code
	// cannot be used twice.
	TOTPLastStep int64 `gorm:"column:totp_last_step"`
	// Active must be set when creating: GORM writes false, not the column's
	// default. Deactivate rather than delete: audit rows name their actor.
	Active bool `gorm:"column:active"`
	// CalendarTokenHash is the SHA-256 (hex) of the secret in the user's
	// calendar feed address; nil: no feed.
	CalendarTokenHash *string    `gorm:"column:calendar_token_hash"`
	CreatedAt         time.Time  `gorm:"column:created_at"`
	UpdatedAt         time.Time  `gorm:"column:updated_at"`
	LastLoginAt       *time.Time `gorm:"column:last_login_at"`
}

func (User) TableName() string { return "users" }

// Role is a hat a user may wear; one user may hold several. The auth
// package owns the roles; the names here keep model code short.
type Role = auth.Role

const (
	RoleApplicant = auth.Applicant
	RoleReviewer  = auth.Reviewer
	RoleOfficer   = auth.Officer
	RoleDirector  = auth.Director
	RoleAdmin     = auth.Admin
)

// Roles lists every role.
var Roles = auth.Roles

// UserRole grants a role to a user.
type UserRole struct {
	UserID    int64     `gorm:"column:user_id;primaryKey"`
	Role      Role      `gorm:"column:role;primaryKey"`
	GrantedAt time.Time `gorm:"column:granted_at;autoCreateTime"`
}

func (UserRole) TableName() string { return "user_roles" }

// Session is the server-side half of a sign-in: the JWT names it, and
// revoking the row signs the browser out.
type Session struct {
	ID         string     `gorm:"column:id;primaryKey"` // random, opaque
	UserID     int64      `gorm:"column:user_id"`
	CreatedAt  time.Time  `gorm:"column:created_at"`
	LastSeenAt time.Time  `gorm:"column:last_seen_at;autoCreateTime"`
	ExpiresAt  time.Time  `gorm:"column:expires_at"`
	RevokedAt  *time.Time `gorm:"column:revoked_at"`
	IP         string     `gorm:"column:ip"`
	UserAgent  string     `gorm:"column:user_agent"`
}

func (Session) TableName() string { return "sessions" }

// TokenPurpose is what a single-use e-mailed token allows.
type TokenPurpose string

const (
	PurposeVerifyEmail   TokenPurpose = "verify_email"
	PurposeResetPassword TokenPurpose = "reset_password"
	PurposeInvite        TokenPurpose = "invite"
)

// TokenPurposes lists every purpose.
var TokenPurposes = []TokenPurpose{PurposeVerifyEmail, PurposeResetPassword, PurposeInvite}

func (p TokenPurpose) Valid() bool { return slices.Contains(TokenPurposes, p) }

// UserToken is a single-use token sent by e-mail. Only its hash is stored,
// so a leaked database does not let anyone reset a password.
type UserToken struct {
	ID        int64        `gorm:"column:id;primaryKey"`
	UserID    int64        `gorm:"column:user_id"`
	Purpose   TokenPurpose `gorm:"column:purpose"`
	TokenHash string       `gorm:"column:token_hash"`
	CreatedAt time.Time    `gorm:"column:created_at"`
	ExpiresAt time.Time    `gorm:"column:expires_at"`
	UsedAt    *time.Time   `gorm:"column:used_at"`
}

func (UserToken) TableName() string { return "user_tokens" }

// RecoveryCode is a single-use code that signs in when the authenticator is
// lost; only its SHA-256 is kept.
type RecoveryCode struct {
	ID        int64      `gorm:"column:id;primaryKey"`
	UserID    int64      `gorm:"column:user_id"`
	CodeHash  string     `gorm:"column:code_hash"`
	CreatedAt time.Time  `gorm:"column:created_at"`
	UsedAt    *time.Time `gorm:"column:used_at"`
}

func (RecoveryCode) TableName() string { return "recovery_codes" }

// AuthAttempt is one counted attempt (a failed sign-in, a registration, a
// reset request) under a rate-limit key such as "login:acct:<email>".
type AuthAttempt struct {
	ID  int64     `gorm:"column:id;primaryKey"`
	Key string    `gorm:"column:key"`
	At  time.Time `gorm:"column:at"`
}

func (AuthAttempt) TableName() string { return "auth_attempts" }
