package models

import (
	"context"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
)

// Account statuses the admin list filters by. They do not overlap: a
// deactivated account is deactivated whatever else holds, and an invited one
// (no password yet) is not also unverified.
const (
	UserActive      = "active"
	UserDeactivated = "deactivated"
	UserInvited     = "invited"
	UserUnverified  = "unverified"
)

// UserStatuses lists the statuses in the order the filter offers them.
var UserStatuses = []string{UserActive, UserInvited, UserUnverified, UserDeactivated}

// userStatusWhere is the condition of each status; fixed SQL, no user text.
var userStatusWhere = map[string]string{
	UserActive:      "active AND password_hash IS NOT NULL AND email_verified_at IS NOT NULL",
	UserDeactivated: "NOT active",
	UserInvited:     "active AND password_hash IS NULL",
	UserUnverified:  "active AND password_hash IS NOT NULL AND email_verified_at IS NULL",
}

// UserSortKeys maps the sort keys the list accepts to their ORDER BY. Accounts
// that never signed in come last in both directions: the dialects disagree on
// where NULLs sort, so the IS NULL term decides it.
var userSortOrder = map[string][2]string{
	"name":       {"LOWER(name)", "LOWER(name) DESC"},
	"email":      {"email", "email DESC"},
	"created":    {"created_at", "created_at DESC"},
	"last_login": {"last_login_at IS NULL, last_login_at", "last_login_at IS NULL, last_login_at DESC"},
}

// UserSortKeys lists the accepted sort keys.
var UserSortKeys = []string{"name", "email", "created", "last_login"}

// UserFilter narrows the admin's list of accounts; empty fields do not filter.
type UserFilter struct {
	Query  string // part of the name or the address
	Role   Role
	Status string // one of UserStatuses
	Sort   string // one of UserSortKeys; default name
	Desc   bool
}

// UserRow is one line of the admin's list of accounts: no secrets.
type UserRow struct {
	ID          int64
	Email       string
	Name        string
	Active      bool
	NoPassword  bool
	Verified    bool
	CreatedAt   time.Time
	LastLoginAt *time.Time
	Roles       []Role `gorm:"-"` // filled by fillRoles
}

// Status is the row's status, one of UserStatuses.
func (r UserRow) Status() string { return userStatus(r.Active, r.NoPassword, r.Verified) }

func userStatus(active, noPassword, verified bool) string {
	switch {
	case !active:
		return UserDeactivated
	case noPassword:
		return UserInvited
	case !verified:
		return UserUnverified
	}
	return UserActive
}

// UsersPage lists one page (from 1) of accounts with their roles and the
// number of accounts that match: three statements whatever the page holds.
func (s *Store) UsersPage(ctx context.Context, f UserFilter, page, perPage int) ([]UserRow, int64, error) {
	db := s.db.WithContext(ctx)
	page, perPage = max(page, 1), min(max(perPage, 1), 500)
	filtered := func() *gorm.DB { // a fresh chain each time: Count changes the one it runs on
		q := db.Table("users")
		if t := strings.TrimSpace(f.Query); t != "" {
			like := "%" + strings.ToLower(escapeLike(t)) + "%"
			q = q.Where(`(LOWER(name) LIKE ? ESCAPE '\' OR email LIKE ? ESCAPE '\')`, like, like)
		}
		if f.Role != "" {
			q = q.Where("id IN (SELECT user_id FROM user_roles WHERE role = ?)", f.Role)
		}
		if cond, ok := userStatusWhere[f.Status]; ok {
			q = q.Where(cond)
		}
		return q
	}
	var total int64
	if err := filtered().Count(&total).Error; err != nil {
		return nil, 0, fmt.Errorf("store: unable to count users: %w", err)
	}
	order, ok := userSortOrder[f.Sort]
	if !ok {
		order = userSortOrder["name"]
	}
	by := order[0]
	if f.Desc {
		by = order[1]
	}
	var rows []UserRow
	err := filtered().Select(`id, email, name, active, password_hash IS NULL AS no_password,
			email_verified_at IS NOT NULL AS verified, created_at, last_login_at`).
		Order(by + ", id").Limit(perPage).Offset((page - 1) * perPage).Scan(&rows).Error
	if err != nil {
		return nil, 0, fmt.Errorf("store: unable to list users: %w", err)
	}
	if err := s.fillRoles(ctx, rows); err != nil {
		return nil, 0, err
	}
	return rows, total, nil
}

// fillRoles loads the roles of every listed account in one statement.
func (s *Store) fillRoles(ctx context.Context, rows []UserRow) error {
	if len(rows) == 0 {
		return nil
	}
	ids := make([]int64, len(rows))
	at := make(map[int64]int, len(rows))
	for i, r := range rows {
		ids[i], at[r.ID] = r.ID, i
	}
	var grants []UserRole
	err := s.db.WithContext(ctx).Select("user_id, role").Where("user_id IN ?", ids).Order("user_id, role").Find(&grants).Error
	if err != nil {
		return fmt.Errorf("store: unable to load roles: %w", err)
	}
	for _, g := range grants {
		rows[at[g.UserID]].Roles = append(rows[at[g.UserID]].Roles, g.Role)
	}
	return nil
}

// UserAccount is what the admin's page of one account shows: no secrets.
type UserAccount struct {
	UserRow
	Locale      string
	TimeZone    string
	TOTPEnabled bool
	VerifiedAt  *time.Time
}

// UserAccountByID returns one account for the admin's page, or ErrNotFound.
func (s *Store) UserAccountByID(ctx context.Context, id int64) (*UserAccount, error) {
	var a UserAccount
	res := s.db.WithContext(ctx).Table("users").Select(`id, email, name, active, password_hash IS NULL AS no_password,
			email_verified_at IS NOT NULL AS verified, created_at, last_login_at, locale, time_zone, totp_enabled,
			email_verified_at AS verified_at`).Where("id = ?", id).Limit(1).Scan(&a)
	if res.Error != nil {
		return nil, fmt.Errorf("store: unable to load account %d: %w", id, res.Error)
	}
	if res.RowsAffected == 0 {
		return nil, fmt.Errorf("store: account %d: %w", id, ErrNotFound)
	}
	rows := []UserRow{a.UserRow}
	if err := s.fillRoles(ctx, rows); err != nil {
		return nil, err
	}
	a.UserRow = rows[0]
	return &a, nil
}

// UserAuditRow is one line of an account's history, with the actor's name.
type UserAuditRow struct {
	At        time.Time
	Action    string
	ActorID   *int64
	ActorName *string
	IP        *string
}

// UserAudit returns the latest audit entries about an account, newest first.
func (s *Store) UserAudit(ctx context.Context, userID int64, limit int) ([]UserAuditRow, error) {
	var rows []UserAuditRow
	err := s.db.WithContext(ctx).Table("audit_entries AS a").
		Select("a.at, a.action, a.actor_id, u.name AS actor_name, a.ip").
		Joins("LEFT JOIN users u ON u.id = a.actor_id").
		Where("a.entity = ? AND a.entity_id = ?", "user", userID).
		Order("a.at DESC, a.id DESC").Limit(min(max(limit, 1), 200)).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("store: unable to load the history of user %d: %w", userID, err)
	}
	return rows, nil
}
