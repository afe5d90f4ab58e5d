package handlers

import (
	"errors"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/puente-science/puente/accounts"
	"github.com/puente-science/puente/auth"
	"github.com/puente-science/puente/i18n"
	"github.com/puente-science/puente/views/pages"
)

// userAuditShown is how many of an account's latest audit entries its page
// lists.
const userAuditShown = 20

func (h *Handler) showUser(c *fiber.Ctx) error {
	if err := requirePerm(c, auth.ManageUsers); err != nil {
		return err
	}
	id, err := paramID(c)
	if err != nil {
		return err
	}
	v, err := h.userView(c, id, nil)
	if err != nil {
		return err
	}
	switch c.Query("done") {
	case "invited":
		v.Notice = "admin.notice.invited"
	case "saved":
		v.Notice = "admin.notice.saved"
	case "invite_sent":
		v.Notice = "admin.notice.invite_sent"
	}
	return render(c, pages.AdminUser(v))
}

// submitUser saves an admin's change of name, roles and active flag; the
// service ends the account's sessions when its rights shrink.
func (h *Handler) submitUser(c *fiber.Ctx) error {
	if err := requirePerm(c, auth.ManageUsers); err != nil {
		return err
	}
	ctx := c.UserContext()
	id, err := paramID(c)
	if err != nil {
		return err
	}
	roles, checked := formRoles(c)
	form := pages.AdminUserForm{Name: formString(c, "name"), Roles: checked, Active: formString(c, "active") == "1",
		Errors: map[string]string{}}
	err = h.Accounts.UpdateUser(ctx, currentUser(c).UserID, id,
		accounts.UserChange{Name: form.Name, Roles: roles, Active: form.Active, KeepSession: currentUser(c).Session.ID}, meta(c))
	if err == nil {
		return c.Redirect(userPath(id)+"?done=saved", fiber.StatusSeeOther)
	}
	if fe, ok := fieldErrors(err); ok {
		form.Errors = fe
	} else if errors.Is(err, accounts.ErrSelfLockout) {
		// Say which of the two changes would lock the admin out, beside its field.
		if !checked[string(auth.Admin)] {
			form.Errors["roles"] = "admin.error.self_admin_role"
		}
		if !form.Active {
			form.Errors["active"] = "admin.error.self_deactivate"
		}
	} else {
		return err
	}
	v, err := h.userView(c, id, &form)
	if err != nil {
		return err
	}
	return render(c.Status(fiber.StatusUnprocessableEntity), pages.AdminUser(v))
}

// resendUserInvite mails a fresh invitation link to an active account that
// has not set its password yet.
func (h *Handler) resendUserInvite(c *fiber.Ctx) error {
	if err := requirePerm(c, auth.ManageUsers); err != nil {
		return err
	}
	ctx := c.UserContext()
	id, err := paramID(c)
	if err != nil {
		return err
	}
	v, err := h.userView(c, id, nil)
	if err != nil {
		return err
	}
	if !v.CanResend {
		v.Error = "admin.error.invite_not_needed"
		return render(c.Status(fiber.StatusConflict), pages.AdminUser(v))
	}
	su := currentUser(c)
	if err := h.Accounts.ResendInvite(ctx, su.UserID, su.Name, id, meta(c)); err != nil {
		return err
	}
	return c.Redirect(userPath(id)+"?done=invite_sent", fiber.StatusSeeOther)
}

// userView builds an account's page; form, when given, is what the admin
// typed, shown again instead of the stored values.
func (h *Handler) userView(c *fiber.Ctx, id int64, form *pages.AdminUserForm) (pages.AdminUserView, error) {
	ctx := c.UserContext()
	a, err := h.Store.UserAccountByID(ctx, id)
	if err != nil {
		return pages.AdminUserView{}, err
	}
	history, err := h.Store.UserAudit(ctx, id, userAuditShown)
	if err != nil {
		return pages.AdminUserView{}, err
	}
	loc := readerLocation(c)
	lang, _ := i18n.Parse(a.Locale)
	v := pages.AdminUserView{AdminUserItem: userItem(c, a.UserRow, loc), Lang: lang.Name(), TimeZone: a.TimeZone,
		TwoFactor: a.TOTPEnabled, CanResend: a.Active && a.NoPassword, Self: id == currentUser(c).UserID,
		RoleOptions: roleOptions(ctx)}
	if a.VerifiedAt != nil {
		v.Verified = i18n.DateTime(ctx, *a.VerifiedAt, loc)
	}
	if form != nil {
		v.Form = *form
	} else {
		v.Form = pages.AdminUserForm{Name: a.Name, Active: a.Active, Roles: map[string]bool{}}
		for _, r := range a.Roles {
			v.Form.Roles[string(r)] = true
		}
	}
	catalog := i18n.From(ctx).Catalog
	for _, e := range history {
		it := pages.AdminAuditItem{At: i18n.DateTime(ctx, e.At, loc), Action: e.Action}
		if catalog.Has(i18n.EN, "audit."+e.Action) { // an action added later still shows, untranslated
			it.Action = i18n.T(ctx, "audit."+e.Action)
		}
		if e.ActorName != nil {
			it.Actor = *e.ActorName
		}
		if e.IP != nil {
			it.IP = *e.IP
		}
		v.Audit = append(v.Audit, it)
	}
	return v, nil
}

// paramID is the record id in the address; anything else is not found.
func paramID(c *fiber.Ctx) (int64, error) {
	id, err := strconv.ParseInt(c.Params("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, fiber.ErrNotFound
	}
	return id, nil
}

func userPath(id int64) string { return "/admin/users/" + strconv.FormatInt(id, 10) }
