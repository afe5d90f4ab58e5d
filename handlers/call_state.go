package handlers

import (
	"errors"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/puente-science/puente/auth"
	"github.com/puente-science/puente/models"
	"github.com/puente-science/puente/views/pages"
)

func (h *Handler) editCall(c *fiber.Ctx) error {
	if err := requirePerm(c, auth.ManageCalls); err != nil {
		return err
	}
	d, err := h.loadCall(c)
	if err != nil {
		return err
	}
	v := callFormOf(d)
	if _, err := h.fillCallOptions(c.UserContext(), &v); err != nil {
		return err
	}
	return render(c, pages.CallForm(v))
}

// callFormOf fills the form from a stored call, its times shown back in the
// call's own zone.
func callFormOf(d *models.CallDetail) pages.CallFormView {
	loc, err := time.LoadLocation(d.TimeZone)
	if err != nil {
		loc = time.UTC
	}
	opens, closes := d.OpensAt.In(loc), d.ClosesAt.In(loc)
	v := pages.CallFormView{ID: d.ID, Version: int64(d.Version), Channel: strconv.FormatInt(d.ChannelID, 10), Code: d.Code,
		Title: map[string]string{}, Body: map[string]string{}, Zone: d.TimeZone,
		OpensDate: opens.Format("2006-01-02"), OpensTime: opens.Format("15:04"),
		ClosesDate: closes.Format("2006-01-02"), ClosesTime: closes.Format("15:04"),
		BudgetCap:  strconv.FormatInt(d.BudgetCapMinor/100, 10) + "." + twoDigits(d.BudgetCapMinor%100),
		MinReviews: strconv.Itoa(d.MinReviews), Frequency: strconv.Itoa(d.ReportFrequencyMonths),
		Types: map[string]bool{}, Countries: map[string]bool{}, Disciplines: map[string]bool{}, Errors: map[string]string{}}
	for _, l := range pages.CallLangs {
		v.Title[l], v.Body[l] = d.Title.Get(l), d.Body.Get(l)
	}
	for _, t := range d.Types {
		v.Types[string(t)] = true
	}
	for _, x := range d.Countries {
		v.Countries[x.Code] = true
	}
	for _, x := range d.Disciplines {
		v.Disciplines[x.Code] = true
	}
	for i := range max(criterionRows, len(d.Criteria)+1) {
		row := pages.CriterionRow{Name: map[string]string{}, Guidance: map[string]string{}}
		if i < len(d.Criteria) {
			cr := d.Criteria[i]
			for _, l := range pages.CallLangs {
				row.Name[l], row.Guidance[l] = cr.Name.Get(l), cr.Guidance.Get(l)
			}
			row.Weight = strconv.Itoa(cr.Weight)
		}
		v.Criteria = append(v.Criteria, row)
	}
	return v
}

func twoDigits(n int64) string {
	if n < 10 {
		return "0" + strconv.FormatInt(n, 10)
	}
	return strconv.FormatInt(n, 10)
}

// publishCall opens a complete draft to applicants. An incomplete one comes
// back as its form with what is missing marked, 422.
func (h *Handler) publishCall(c *fiber.Ctx) error {
	if err := requirePerm(c, auth.ManageCalls); err != nil {
		return err
	}
	d, err := h.loadCall(c)
	if err != nil {
		return err
	}
	if d.Status != models.CallDraft {
		return h.callRefused(c, d, "call.error.not_draft")
	}
	v := callFormOf(d)
	choices, err := h.fillCallOptions(c.UserContext(), &v)
	if err != nil {
		return err
	}
	validateCallForm(c.UserContext(), &v, choices)
	if len(d.Types) == 0 {
		v.Errors["types"] = "call.error.types_required"
	}
	if len(v.Errors) > 0 {
		return render(c.Status(fiber.StatusUnprocessableEntity), pages.CallForm(v))
	}
	err = h.Store.PublishCall(c.UserContext(), d.ID, int(formInt(c, "version")), h.callAudit(c))
	return h.afterCallChange(c, d, err, "published")
}

// closeCall ends a published call now; it stays listed as history.
func (h *Handler) closeCall(c *fiber.Ctx) error {
	if err := requirePerm(c, auth.ManageCalls); err != nil {
		return err
	}
	d, err := h.loadCall(c)
	if err != nil {
		return err
	}
	if d.Status != models.CallPublished {
		return h.callRefused(c, d, "call.error.not_published")
	}
	err = h.Store.CloseCall(c.UserContext(), d.ID, int(formInt(c, "version")), h.callAudit(c))
	return h.afterCallChange(c, d, err, "closed")
}

func (h *Handler) afterCallChange(c *fiber.Ctx, d *models.CallDetail, err error, done string) error {
	if errors.Is(err, models.ErrConflict) {
		fresh, lerr := h.Store.CallByID(c.UserContext(), d.ID)
		if lerr != nil {
			return lerr
		}
		return h.callRefused(c, fresh, "call.error.conflict")
	}
	if err != nil {
		return err
	}
	return c.Redirect(callPath(d.ID)+"?done="+done, fiber.StatusSeeOther)
}

// callRefused shows the call again with why the action was refused, 409.
func (h *Handler) callRefused(c *fiber.Ctx, d *models.CallDetail, key string) error {
	v := h.callView(c, d)
	v.Error = key
	return render(c.Status(fiber.StatusConflict), pages.CallPage(v))
}
