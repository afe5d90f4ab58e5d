package handlers

import (
	"context"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/puente-science/puente/accounts"
	"github.com/puente-science/puente/i18n"
	"github.com/puente-science/puente/models"
	"github.com/puente-science/puente/views/pages"
)

func (h *Handler) showMe(c *fiber.Ctx) error {
	v, err := h.meView(c, nil)
	if err != nil {
		return err
	}
	v.NoticeFor, v.Notice = meNotice(c)
	return render(c, pages.Me(v))
}

// meNotice is the notice a redirect back to /me asks for, and the section
// it belongs to: the redirect returns to that section, so the notice is
// shown there rather than at the top of a long page.
func meNotice(c *fiber.Ctx) (section, key string) {
	switch {
	case c.Query("saved") == "1":
		return "profile", "me.notice.saved"
	case c.Query("password") == "1":
		return "password", "me.notice.password"
	case c.Query("sessions") == "one":
		return "sessions", "me.notice.session_revoked"
	case c.Query("sessions") == "others":
		return "sessions", "me.notice.sessions_revoked"
	}
	return "", ""
}

// saveProfile checks what the pickers offered itself (institution, country,
// time zone) and leaves the rest to accounts.Profile.Validate; on any error
// the form comes back with what was typed.
func (h *Handler) saveProfile(c *fiber.Ctx) error {
	ctx := c.UserContext()
	su := currentUser(c)
	f := pages.ProfileForm{Name: formString(c, "name"), ORCID: formString(c, "orcid"),
		Institution: formString(c, "institution"), Country: formString(c, "country"),
		CareerLevel: formString(c, "career_level"), Lang: formString(c, "lang"),
		TimeZone: formString(c, "time_zone"), Errors: map[string]string{}}
	p := accounts.Profile{Name: f.Name, ORCID: f.ORCID, CountryISO2: f.Country, CareerLevel: f.CareerLevel,
		Lang: f.Lang, TimeZone: f.TimeZone}
	if f.Institution != "" {
		id, _ := strconv.ParseInt(f.Institution, 10, 64)
		if ok, err := h.Store.InstitutionExists(ctx, id); err != nil {
			return err
		} else if !ok {
			f.Errors["institution"] = "form.invalid_choice"
		}
		p.InstitutionID = id
	}
	if f.Country != "" {
		if ok, err := h.Store.CountryExists(ctx, f.Country); err != nil {
			return err
		} else if !ok {
			f.Errors["country"] = "form.invalid_choice"
		}
	}
	if !offeredZone(f.TimeZone, su.TimeZone) {
		f.Errors["time_zone"] = "account.time_zone.invalid"
	}
	if len(f.Errors) > 0 {
		mergeErrors(f.Errors, p.Validate()) // every problem at once, not one per try
	} else if err := h.Accounts.UpdateProfile(ctx, su.UserID, p, meta(c)); err != nil {
		fe, ok := fieldErrors(err)
		if !ok {
			return err
		}
		mergeErrors(f.Errors, fe)
	}
	if len(f.Errors) > 0 {
		v, err := h.meView(c, &f)
		if err != nil {
			return err
		}
		return render(c.Status(fiber.StatusUnprocessableEntity), pages.Me(v))
	}
	// The language cookie outranks the stored preference, so keep them equal.
	c.Cookie(&fiber.Cookie{Name: h.cookieName(langCookie), Value: p.Lang, Path: "/",
		Expires: h.Now().Add(365 * 24 * time.Hour), HTTPOnly: true, Secure: h.Config.Secure(),
		SameSite: fiber.CookieSameSiteLaxMode})
	return c.Redirect("/me?saved=1#profile", fiber.StatusSeeOther)
}

// mergeErrors adds the field errors dst does not have yet.
func mergeErrors(dst map[string]string, src accounts.FieldErrors) {
	for k, msg := range src {
		if dst[k] == "" {
			dst[k] = msg
		}
	}
}

// meView builds the account page: form holds what was typed when a save
// failed; nil shows what is stored.
func (h *Handler) meView(c *fiber.Ctx, form *pages.ProfileForm) (pages.MeView, error) {
	ctx := c.UserContext()
	su := currentUser(c)
	u, err := h.Store.UserByID(ctx, su.UserID)
	if err != nil {
		return pages.MeView{}, err
	}
	loc := readerLocation(c)
	v := pages.MeView{Email: u.Email, MemberSince: i18n.Date(ctx, u.CreatedAt.In(loc)), TwoFactorOn: u.TOTPEnabled}
	if u.LastLoginAt != nil {
		v.LastSignIn = i18n.DateTime(ctx, *u.LastLoginAt, loc)
	}
	for _, r := range su.Roles {
		v.Roles = append(v.Roles, i18n.T(ctx, r.LabelKey()))
	}
	if form != nil {
		v.Profile = *form
	} else {
		v.Profile = profileFormOf(u)
	}
	if err := h.fillProfileOptions(ctx, &v, u.TimeZone); err != nil {
		return v, err
	}
	v.Sessions, err = h.sessionItems(c, loc)
	return v, err
}

// profileFormOf is the profile form filled from the stored account.
func profileFormOf(u *models.User) pages.ProfileForm {
	f := pages.ProfileForm{Name: u.Name, Lang: u.Locale, TimeZone: u.TimeZone}
	if u.ORCID != nil {
		f.ORCID = *u.ORCID
	}
	if u.InstitutionID != nil {
		f.Institution = strconv.FormatInt(*u.InstitutionID, 10)
	}
	if u.CountryISO2 != nil {
		f.Country = *u.CountryISO2
	}
	if u.CareerLevel != nil {
		f.CareerLevel = string(*u.CareerLevel)
	}
	return f
}

// fillProfileOptions loads the pickers: the same institutions (grouped by
// country), countries, career levels and languages as registration, plus
// the time zones.
func (h *Handler) fillProfileOptions(ctx context.Context, v *pages.MeView, storedZone string) error {
	var reg pages.RegisterView
	if err := h.fillRegisterOptions(ctx, &reg); err != nil {
		return err
	}
	v.Institutions, v.Countries, v.CareerLevels, v.Langs = reg.Institutions, reg.Countries, reg.CareerLevels, reg.Langs
	v.TimeZones = zoneOptions(h.Now(), storedZone)
	return nil
}
