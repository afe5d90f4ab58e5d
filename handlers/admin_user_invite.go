package handlers

import (
	"context"

	"github.com/gofiber/fiber/v2"

	"github.com/puente-science/puente/accounts"
	"github.com/puente-science/puente/auth"
	"github.com/puente-science/puente/i18n"
	"github.com/puente-science/puente/models"
	"github.com/puente-science/puente/views/components"
	"github.com/puente-science/puente/views/pages"
)

func (h *Handler) showInviteUser(c *fiber.Ctx) error {
	if err := requirePerm(c, auth.ManageUsers); err != nil {
		return err
	}
	v := pages.AdminInviteView{Lang: string(i18n.LangOf(c.UserContext())), Roles: map[string]bool{}}
	fillInviteOptions(c.UserContext(), &v)
	return render(c, pages.AdminInvite(v))
}

// submitInviteUser creates the account and mails the invitation; on any
// error the form comes back with what was typed and the errors beside
// their fields.
func (h *Handler) submitInviteUser(c *fiber.Ctx) error {
	if err := requirePerm(c, auth.ManageUsers); err != nil {
		return err
	}
	ctx := c.UserContext()
	su := currentUser(c)
	v := pages.AdminInviteView{Name: formString(c, "name"), Email: formString(c, "email"),
		Lang: formString(c, "lang"), Errors: map[string]string{}}
	roles, checked := formRoles(c)
	v.Roles = checked
	lang, ok := i18n.Parse(v.Lang)
	if !ok {
		v.Errors["lang"] = "form.invalid_choice"
	}
	in := accounts.Invitation{Email: v.Email, Name: v.Name, Roles: roles, Lang: lang}
	if len(v.Errors) == 0 {
		id, err := h.Accounts.Invite(ctx, su.UserID, su.Name, in, meta(c))
		if err == nil {
			return c.Redirect(userPath(id)+"?done=invited", fiber.StatusSeeOther)
		}
		fe, ok := fieldErrors(err)
		if !ok {
			return err
		}
		for k, msg := range fe {
			v.Errors[k] = msg
		}
	} else {
		for k, msg := range in.Validate() {
			v.Errors[k] = msg
		}
	}
	fillInviteOptions(ctx, &v)
	return render(c.Status(fiber.StatusUnprocessableEntity), pages.AdminInvite(v))
}

// formRoles reads the ticked role boxes: the roles, for the service to
// validate, and the set of ticked values, to tick them again.
func formRoles(c *fiber.Ctx) ([]models.Role, map[string]bool) {
	var roles []models.Role
	checked := map[string]bool{}
	for _, r := range formValues(c, "roles") {
		if !checked[r] {
			roles = append(roles, models.Role(r))
			checked[r] = true
		}
	}
	return roles, checked
}

func fillInviteOptions(ctx context.Context, v *pages.AdminInviteView) {
	v.RoleOptions = roleOptions(ctx)
	for _, l := range i18n.Langs {
		v.Langs = append(v.Langs, components.Option{Value: string(l), Label: l.Name()})
	}
}

// roleOptions are the role checkboxes, in the order auth lists them.
func roleOptions(ctx context.Context) []components.Option {
	out := make([]components.Option, len(auth.Roles))
	for i, r := range auth.Roles {
		out[i] = components.Option{Value: string(r), Label: i18n.T(ctx, r.LabelKey())}
	}
	return out
}
