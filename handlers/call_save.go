package handlers

import (
	"context"
	"errors"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/puente-science/puente/auth"
	"github.com/puente-science/puente/i18n"
	"github.com/puente-science/puente/models"
	"github.com/puente-science/puente/views/components"
	"github.com/puente-science/puente/views/pages"
)

func (h *Handler) newCall(c *fiber.Ctx) error {
	if err := requirePerm(c, auth.ManageCalls); err != nil {
		return err
	}
	v := pages.CallFormView{Title: map[string]string{}, Body: map[string]string{}, Zone: "UTC",
		OpensTime: "00:00", ClosesTime: "17:00", MinReviews: "2", Frequency: "6", Errors: map[string]string{}}
	if su := currentUser(c); su != nil && su.TimeZone != "" {
		v.Zone = su.TimeZone
	}
	for range criterionRows {
		v.Criteria = append(v.Criteria, pages.CriterionRow{Name: map[string]string{}, Guidance: map[string]string{}})
	}
	if _, err := h.fillCallOptions(c.UserContext(), &v); err != nil {
		return err
	}
	return render(c, pages.CallForm(v))
}

func (h *Handler) createCall(c *fiber.Ctx) error {
	return h.saveCall(c, 0)
}

func (h *Handler) updateCall(c *fiber.Ctx) error {
	d, err := h.loadCall(c)
	if err != nil {
		return err
	}
	if d.Status == models.CallClosed {
		return fiber.ErrConflict
	}
	return h.saveCall(c, d.ID)
}

// saveCall creates (id 0) or updates a call from the form; any error brings
// the form back, 422, with everything typed.
func (h *Handler) saveCall(c *fiber.Ctx, id int64) error {
	if err := requirePerm(c, auth.ManageCalls); err != nil {
		return err
	}
	ctx := c.UserContext()
	v := readCallForm(c)
	v.ID = id
	choices, err := h.fillCallOptions(ctx, &v)
	if err != nil {
		return err
	}
	in := validateCallForm(ctx, &v, choices)
	if v.Errors["code"] == "" {
		taken, err := h.Store.CallCodeTaken(ctx, v.Code, id)
		if err != nil {
			return err
		}
		if taken {
			v.Errors["code"] = "call.error.code_taken"
		}
	}
	if len(v.Errors) > 0 {
		return render(c.Status(fiber.StatusUnprocessableEntity), pages.CallForm(v))
	}
	audit := h.callAudit(c)
	if id == 0 {
		in.Call.CreatedBy = currentUser(c).UserID
		in.Call.CreatedAt, in.Call.UpdatedAt = audit.At, audit.At
		newID, err := h.Store.CreateCall(ctx, in, audit)
		if err != nil {
			return err
		}
		return c.Redirect(callPath(newID)+"?done=created", fiber.StatusSeeOther)
	}
	err = h.Store.UpdateCall(ctx, id, int(v.Version), in, audit)
	if errors.Is(err, models.ErrConflict) {
		// Keep what was typed; the form now carries the current version, so
		// saving again replaces the other change knowingly.
		fresh, lerr := h.Store.CallByID(ctx, id)
		if lerr != nil {
			return lerr
		}
		v.Conflict, v.Version = true, int64(fresh.Version)
		return render(c.Status(fiber.StatusConflict), pages.CallForm(v))
	}
	if err != nil {
		return err
	}
	return c.Redirect(callPath(id)+"?done=saved", fiber.StatusSeeOther)
}

func (h *Handler) callAudit(c *fiber.Ctx) models.AuditEntry {
	uid := currentUser(c).UserID
	m := meta(c)
	return models.AuditEntry{At: h.Now().UTC(), ActorID: &uid, IP: &m.IP, RequestID: &m.RequestID}
}

func callPath(id int64) string { return "/calls/" + strconv.FormatInt(id, 10) }

// fillCallOptions loads the form's choices into v and returns them for
// validation.
func (h *Handler) fillCallOptions(ctx context.Context, v *pages.CallFormView) (callChoices, error) {
	lang := string(i18n.LangOf(ctx))
	var ch callChoices
	var err error
	if ch.channels, err = h.Store.CallChannels(ctx); err != nil {
		return ch, err
	}
	for _, x := range ch.channels {
		id := strconv.FormatInt(x.ID, 10)
		v.Channels = append(v.Channels, components.Option{Value: id, Label: x.Name.In(lang) + " (" + x.Currency + ")"})
	}
	for _, t := range models.ProjectTypes {
		v.TypeOptions = append(v.TypeOptions, components.Option{Value: string(t), Label: i18n.T(ctx, "ptype."+string(t))})
	}
	countries, err := h.Store.AllCountries(ctx)
	if err != nil {
		return ch, err
	}
	ch.countries = map[string]bool{}
	for _, x := range countries {
		if x.LAC {
			ch.countries[x.ISO2] = true
			v.CountryOptions = append(v.CountryOptions, components.Option{Value: x.ISO2, Label: x.Name.In(lang)})
		}
	}
	discs, err := h.Store.Disciplines(ctx)
	if err != nil {
		return ch, err
	}
	ch.disciplines = map[string]bool{}
	for _, d := range discs {
		ch.disciplines[d.Code] = true
		label := d.Code + " " + d.Name.In(lang)
		if d.Level > 1 {
			label = "\u00a0\u00a0" + label
		}
		v.DiscOpts = append(v.DiscOpts, components.Option{Value: d.Code, Label: label})
	}
	v.Zones = zoneOptions(h.Now(), v.Zone)
	for _, f := range models.ReportFrequencies {
		v.Frequencies = append(v.Frequencies, components.Option{Value: strconv.Itoa(f), Label: i18n.T(ctx, "call.frequency.months", "months", f)})
	}
	return ch, nil
}
