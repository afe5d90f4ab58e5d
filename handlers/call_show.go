package handlers

import (
	"errors"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/puente-science/puente/auth"
	"github.com/puente-science/puente/i18n"
	"github.com/puente-science/puente/models"
	"github.com/puente-science/puente/views/components"
	"github.com/puente-science/puente/views/pages"
)

// loadCall reads the :id call; drafts exist only for staff, so to everyone
// else a draft answers 404 like a missing call.
func (h *Handler) loadCall(c *fiber.Ctx) (*models.CallDetail, error) {
	id, err := strconv.ParseInt(c.Params("id"), 10, 64)
	if err != nil || id <= 0 {
		return nil, fiber.ErrNotFound
	}
	d, err := h.Store.CallByID(c.UserContext(), id)
	if errors.Is(err, models.ErrNotFound) {
		return nil, fiber.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	if d.Status == models.CallDraft && !permOf(c).Can(auth.ViewDraftCalls, auth.Record{}) {
		return nil, h.deny(c)
	}
	return d, nil
}

var callDone = map[string]string{"created": "call.done.created", "saved": "call.done.saved",
	"published": "call.done.published", "closed": "call.done.closed"}

func (h *Handler) showCall(c *fiber.Ctx) error {
	d, err := h.loadCall(c)
	if err != nil {
		return err
	}
	return render(c, pages.CallPage(h.callView(c, d)))
}

// callView formats a call for its page, in the reader's language and zone.
func (h *Handler) callView(c *fiber.Ctx, d *models.CallDetail) pages.CallView {
	ctx := c.UserContext()
	lang := string(i18n.LangOf(ctx))
	p := permOf(c)
	listing := models.CallListing{ID: d.ID, Code: d.Code, Title: textsLocalized(d.Title), Channel: d.Channel,
		Currency: d.Currency, BudgetCapMinor: d.BudgetCapMinor, OpensAt: d.OpensAt, ClosesAt: d.ClosesAt,
		TimeZone: d.TimeZone, Status: d.Status, Types: d.Types}
	v := pages.CallView{CallCard: h.callCard(c, listing), Status: string(d.Status), MinReviews: d.MinReviews,
		Frequency: d.ReportFrequencyMonths, SignedIn: p.SignedIn(), Applicant: p.Has(auth.Applicant),
		CanManage: p.Can(auth.ManageCalls, auth.Record{}), Version: d.Version, Done: callDone[c.Query("done")]}
	now := h.Now()
	v.Open = d.Status == models.CallPublished && !d.OpensAt.After(now) && d.ClosesAt.After(now)
	v.Body, v.BodyNote = localText(ctx, textsLocalized(d.Body))
	for _, t := range d.Types {
		v.ApplyTypes = append(v.ApplyTypes, components.Option{Value: string(t), Label: i18n.T(ctx, "ptype."+string(t))})
	}
	for _, n := range d.Countries {
		v.Countries = append(v.Countries, n.Name.In(lang))
	}
	for _, n := range d.Disciplines {
		v.Disciplines = append(v.Disciplines, n.Name.In(lang))
	}
	for _, cr := range d.Criteria {
		name, note := localText(ctx, textsLocalized(cr.Name))
		guidance, _ := localText(ctx, textsLocalized(cr.Guidance))
		v.Criteria = append(v.Criteria, pages.CriterionView{Name: name, Note: note, Guidance: guidance, Weight: cr.Weight})
	}
	return v
}

func textsLocalized(t models.Texts) models.Localized {
	return models.Localized{EN: t.Get("en"), ES: t.Get("es"), PT: t.Get("pt"), ZH: t.Get("zh")}
}
