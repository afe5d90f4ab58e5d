package handlers

import (
	"context"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/puente-science/puente/accounts"
	"github.com/puente-science/puente/i18n"
	"github.com/puente-science/puente/models"
	"github.com/puente-science/puente/views/components"
	"github.com/puente-science/puente/views/pages"
)

func (h *Handler) showRegister(c *fiber.Ctx) error {
	if currentUser(c) != nil {
		return c.Redirect("/", fiber.StatusSeeOther)
	}
	v := pages.RegisterView{Lang: string(i18n.LangOf(c.UserContext()))}
	if err := h.fillRegisterOptions(c.UserContext(), &v); err != nil {
		return err
	}
	return render(c, pages.Register(v))
}

func (h *Handler) submitRegister(c *fiber.Ctx) error {
	ctx := c.UserContext()
	v := pages.RegisterView{Name: formString(c, "name"), Email: formString(c, "email"),
		Institution: formString(c, "institution"), Country: formString(c, "country"),
		CareerLevel: formString(c, "career_level"), Lang: formString(c, "lang"), Errors: map[string]string{}}
	lang, ok := i18n.Parse(v.Lang)
	if !ok {
		v.Errors["lang"] = "form.invalid_choice"
	}
	reg := accounts.Registration{Name: v.Name, Email: v.Email, Password: formSecret(c, "password"),
		CountryISO2: v.Country, CareerLevel: v.CareerLevel, Lang: lang}
	if v.Institution != "" {
		id, _ := strconv.ParseInt(v.Institution, 10, 64)
		if exists, err := h.Store.InstitutionExists(ctx, id); err != nil {
			return err
		} else if !exists {
			v.Errors["institution"] = "form.invalid_choice"
		}
		reg.InstitutionID = id
	}
	if v.Country != "" {
		if exists, err := h.Store.CountryExists(ctx, v.Country); err != nil {
			return err
		} else if !exists {
			v.Errors["country"] = "form.invalid_choice"
		}
	}
	if len(v.Errors) == 0 {
		err := h.Accounts.Register(ctx, reg, meta(c))
		if fe, ok := fieldErrors(err); ok {
			for k, msg := range fe {
				v.Errors[k] = msg
			}
		} else if err != nil {
			return err
		}
	} else {
		for k, msg := range reg.Validate() {
			v.Errors[k] = msg
		}
	}
	if len(v.Errors) > 0 {
		if err := h.fillRegisterOptions(ctx, &v); err != nil {
			return err
		}
		return render(c.Status(fiber.StatusUnprocessableEntity), pages.Register(v))
	}
	return render(c, pages.Message(pages.MessageView{Title: i18n.T(ctx, "register.done.title"),
		Body: i18n.T(ctx, "register.done.body", "email", v.Email), Kind: "success"}))
}

// fillRegisterOptions loads the pickers of the registration form.
func (h *Handler) fillRegisterOptions(ctx context.Context, v *pages.RegisterView) error {
	lang := string(i18n.LangOf(ctx))
	countries, err := h.Store.AllCountries(ctx)
	if err != nil {
		return err
	}
	names := map[string]string{}
	for _, co := range countries {
		names[co.ISO2] = co.Name.In(lang)
		v.Countries = append(v.Countries, components.Option{Value: co.ISO2, Label: co.Name.In(lang)})
	}
	sortOptions(v.Countries, i18n.LangOf(ctx))
	insts, err := h.Store.AllInstitutions(ctx)
	if err != nil {
		return err
	}
	for _, in := range insts {
		v.Institutions = append(v.Institutions, components.Option{Value: strconv.FormatInt(in.ID, 10), Label: in.Name, Group: names[in.CountryISO2]})
	}
	sortGroupedOptions(v.Institutions, i18n.LangOf(ctx))
	for _, cl := range models.CareerLevels {
		v.CareerLevels = append(v.CareerLevels, components.Option{Value: string(cl), Label: i18n.T(ctx, "career."+string(cl))})
	}
	for _, l := range i18n.Langs {
		v.Langs = append(v.Langs, components.Option{Value: string(l), Label: l.Name()})
	}
	return nil
}
