package accounts

import (
	"context"
	"errors"
	"slices"
	"strings"

	"gorm.io/gorm"

	"github.com/puente-science/puente/i18n"
	"github.com/puente-science/puente/models"
)

// ErrSelfLockout refuses an admin's change that would leave them unable to
// administer: removing their own admin role or deactivating themself.
var ErrSelfLockout = errors.New("accounts: an admin cannot lock themself out")

// Invitation is a staff account an admin creates; the person sets their own
// password from the e-mailed link.
type Invitation struct {
	Email string
	Name  string
	Roles []models.Role
	Lang  i18n.Lang
}

// Validate returns the message key of every field in error.
func (in Invitation) Validate() FieldErrors {
	fe := FieldErrors{}
	if k := nameProblem(in.Name); k != "" {
		fe["name"] = k
	}
	if !ValidEmail(in.Email) {
		fe["email"] = "account.email.invalid"
	}
	if len(in.Roles) == 0 {
		fe["roles"] = "admin.roles.required"
	}
	for _, r := range in.Roles {
		if !r.Valid() {
			fe["roles"] = "form.invalid_choice"
		}
	}
	return fe
}

// Invite creates an account with roles and mails its holder a link to set a
// password, all in one transaction. A taken address is a field error:
// admins may know who exists. adminID 0 is the system (the command line).
func (s *Service) Invite(ctx context.Context, adminID int64, adminName string, in Invitation, m Meta) (int64, error) {
	if fe := in.Validate(); len(fe) > 0 {
		return 0, fe
	}
	u := &models.User{Email: normalizeEmail(in.Email), Name: strings.TrimSpace(in.Name), Locale: string(in.Lang),
		TimeZone: "UTC", Active: true}
	roles := joinRoles(in.Roles)
	err := s.Store.InTx(ctx, func(tx *gorm.DB) error {
		if err := s.Store.CreateUserTx(ctx, tx, u, in.Roles); err != nil {
			return err
		}
		data := map[string]string{"inviter": adminName, "roles": roles}
		if err := s.sendToken(ctx, tx, u, models.PurposeInvite, inviteTTL, "invite", data); err != nil {
			return err
		}
		return s.audit(ctx, tx, &adminID, "admin.user_invite", u.ID, m, jsonMeta("roles", roles))
	})
	if errors.Is(err, models.ErrDuplicate) {
		return 0, FieldErrors{"email": "admin.email.taken"}
	}
	return u.ID, err
}

// ErrInviteNotNeeded refuses to re-send an invitation to an account that has
// set its password or is deactivated.
var ErrInviteNotNeeded = errors.New("accounts: the account needs no invitation")

// ResendInvite mails a fresh invitation link to an account that has not set
// a password yet.
func (s *Service) ResendInvite(ctx context.Context, adminID int64, adminName string, userID int64, m Meta) error {
	u, err := s.Store.UserByID(ctx, userID)
	if err != nil {
		return err
	}
	if u.PasswordHash != nil || !u.Active {
		return ErrInviteNotNeeded
	}
	roles, err := s.Store.RolesOf(ctx, userID)
	if err != nil {
		return err
	}
	names := make([]string, len(roles))
	for i, r := range roles {
		names[i] = string(r)
	}
	return s.Store.InTx(ctx, func(tx *gorm.DB) error {
		if err := s.Store.ExpireTokens(ctx, tx, userID, models.PurposeInvite, s.now()); err != nil {
			return err
		}
		data := map[string]string{"inviter": adminName, "roles": strings.Join(names, ",")}
		if err := s.sendToken(ctx, tx, u, models.PurposeInvite, inviteTTL, "invite", data); err != nil {
			return err
		}
		return s.audit(ctx, tx, &adminID, "admin.invite_resent", userID, m, "")
	})
}

// UserChange is what an admin may change about an account.
type UserChange struct {
	Name   string
	Roles  []models.Role
	Active bool
	// KeepSession is the admin's own session, spared when admins change
	// their own roles.
	KeepSession string
}

// UpdateUser applies an admin's change. A change of roles or deactivation
// ends the account's sessions at once, so the new rights hold from the next
// request.
func (s *Service) UpdateUser(ctx context.Context, adminID, userID int64, ch UserChange, m Meta) error {
	fe := FieldErrors{}
	if k := nameProblem(ch.Name); k != "" {
		fe["name"] = k
	}
	for _, r := range ch.Roles {
		if !r.Valid() {
			fe["roles"] = "form.invalid_choice"
		}
	}
	if len(fe) > 0 {
		return fe
	}
	if adminID == userID && (!ch.Active || !slices.Contains(ch.Roles, models.RoleAdmin)) {
		return ErrSelfLockout
	}
	u, err := s.Store.UserByID(ctx, userID)
	if err != nil {
		return err
	}
	old, err := s.Store.RolesOf(ctx, userID)
	if err != nil {
		return err
	}
	slices.Sort(ch.Roles)
	ch.Roles = slices.Compact(ch.Roles)
	rolesChanged := !slices.Equal(old, ch.Roles)
	return s.Store.InTx(ctx, func(tx *gorm.DB) error {
		if err := s.Store.UpdateUserFields(ctx, tx, userID, map[string]any{"name": strings.TrimSpace(ch.Name), "active": ch.Active}); err != nil {
			return err
		}
		if rolesChanged {
			if err := s.Store.SetRoles(ctx, tx, userID, ch.Roles); err != nil {
				return err
			}
			if err := s.audit(ctx, tx, &adminID, "admin.roles_change", userID, m,
				jsonMeta("from", joinRoles(old), "to", joinRoles(ch.Roles))); err != nil {
				return err
			}
		}
		if u.Active != ch.Active {
			action := "admin.user_reactivate"
			if !ch.Active {
				action = "admin.user_deactivate"
			}
			if err := s.audit(ctx, tx, &adminID, action, userID, m, ""); err != nil {
				return err
			}
		}
		if rolesChanged || !ch.Active {
			keep := ""
			if adminID == userID {
				keep = ch.KeepSession
			}
			return s.Store.RevokeUserSessions(ctx, tx, userID, keep, s.now())
		}
		return nil
	})
}

func joinRoles(roles []models.Role) string {
	out := make([]string, len(roles))
	for i, r := range roles {
		out[i] = string(r)
	}
	return strings.Join(out, ",")
}
