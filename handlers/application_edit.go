package handlers

import (
	"context"
	"errors"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/puente-science/puente/auth"
	"github.com/puente-science/puente/i18n"
	"github.com/puente-science/puente/models"
	"github.com/puente-science/puente/views/pages"
)

var applicationNotices = map[string]string{"created": "application.notice.created",
	"existing": "application.notice.existing", "saved": "application.notice.saved"}

// loadApplication loads the application in the address for its owner;
// anyone else gets 404, as if it did not exist.
func (h *Handler) loadApplication(c *fiber.Ctx) (*models.Application, error) {
	id, err := paramID(c)
	if err != nil {
		return nil, err
	}
	a, err := h.Store.ApplicationByID(c.UserContext(), id)
	if errors.Is(err, models.ErrNotFound) {
		return nil, fiber.ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	if !permOf(c).Can(auth.EditApplication, auth.Record{OwnerID: a.Project.PIUserID}) {
		return nil, h.deny(c)
	}
	return a, nil
}

// editApplication shows the form. Once submitted, the application can no
// longer be edited: its owner is sent to its page, which says so.
func (h *Handler) editApplication(c *fiber.Ctx) error {
	a, err := h.loadApplication(c)
	if err != nil {
		return err
	}
	if !a.Editable() {
		return c.Redirect(projectPath(a.Project.ID)+"?done=locked", fiber.StatusSeeOther)
	}
	v := applicationFromStore(a)
	v.InstQ = strings.TrimSpace(strings.Clone(c.Query("inst_q")))
	if c.Get("HX-Request") == "true" {
		// The search box asks for the partner list only; keep what is
		// ticked on the page, saved or not.
		v.Partners = checkedSet(queryValues(c, "partners"))
	}
	v.Notice = applicationNotices[c.Query("notice")]
	if err := h.fillApplication(c, &v, a); err != nil {
		return err
	}
	return render(c, pages.ApplicationForm(v))
}

// applicationFromStore fills the form with what is saved.
func applicationFromStore(a *models.Application) pages.ApplicationFormView {
	p := &a.Project
	v := pages.ApplicationFormView{Version: p.Version, Title: map[string]string{}, Summary: map[string]string{},
		Countries: map[string]bool{}, Disciplines: map[string]bool{}, Partners: map[string]bool{},
		Budget: map[string]pages.BudgetRow{}, Remove: map[string]bool{}, Errors: map[string]string{}}
	for _, l := range pages.AppLangs {
		v.Title[l], v.Summary[l] = p.Title.Get(l), p.Summary.Get(l)
	}
	for _, pc := range a.Countries {
		v.Countries[pc.CountryISO2] = true
		if pc.Lead {
			v.Lead = pc.CountryISO2
		}
	}
	for _, pd := range a.Disciplines {
		v.Disciplines[pd.DisciplineCode] = true
		if pd.IsPrimary {
			v.Primary = pd.DisciplineCode
		}
	}
	for _, pi := range a.Institutions {
		id := strconv.FormatInt(pi.InstitutionID, 10)
		if pi.Role == models.InstitutionRoleHost {
			v.Host = id
		} else {
			v.Partners[id] = true
		}
	}
	for _, b := range a.Budget {
		row := pages.BudgetRow{Amount: majorInput(b.AmountMinor, p.Currency)}
		if b.Note != nil {
			row.Note = *b.Note
		}
		v.Budget[string(b.Category)] = row
	}
	v.PlannedStart, v.PlannedEnd = dateInput(p.PlannedStart), dateInput(p.PlannedEnd)
	v.Details = detailsFromStore(a.Details, p.Currency)
	return v
}

func detailsFromStore(d models.ApplicationDetails, currency string) pages.DetailsForm {
	var f pages.DetailsForm
	if t := d.TalentExchange; t != nil {
		f.CareerLevel, f.Direction = strOf(t.CareerLevel), strOf(t.Direction)
		f.TEHost, f.Months = idInput(t.HostInstitutionID), intInput(t.Months)
		if t.StipendMinor != nil {
			f.Stipend = majorInput(*t.StipendMinor, currency)
		}
	}
	if j := d.JointLab; j != nil {
		f.LabName, f.LabPartner, f.CoDirectors = j.LabName, idInput(j.PartnerInstitutionID), j.CoDirectors
		f.LabFacilities, f.ResearchLines = j.Facilities, j.ResearchLines
	}
	if p := d.Platform; p != nil {
		f.SiteCountry, f.Phase = strOf(p.SiteCountryISO2), intInput(p.Phase)
		f.PlatformFacilities, f.IntlOrg = p.Facilities, p.InternationalOrgStatus
	}
	if r := d.ResearchProject; r != nil {
		f.WorkPackages, f.ExpectedOutputs = r.WorkPackages, r.ExpectedOutputs
	}
	if t := d.TechnologyTransfer; t != nil {
		f.Deliverables, f.Milestones = t.Deliverables, t.DeliveryMilestones
		if t.ContractValueMinor != nil {
			f.ContractValue = majorInput(*t.ContractValueMinor, currency)
		}
	}
	if g := d.Dialogue; g != nil {
		f.Format, f.Participants = strOf(g.Format), g.Participants
		f.StartsOn, f.EndsOn = dateInput(g.StartsOn), dateInput(g.EndsOn)
	}
	return f
}

func strOf[T ~string](p *T) string {
	if p == nil {
		return ""
	}
	return string(*p)
}

func idInput(p *int64) string {
	if p == nil {
		return ""
	}
	return strconv.FormatInt(*p, 10)
}

func intInput(p *int) string {
	if p == nil {
		return ""
	}
	return strconv.Itoa(*p)
}

func dateInput(d *models.Date) string {
	if d == nil {
		return ""
	}
	return d.String()
}

// majorInput writes minor units as the plain amount a field holds and
// parseMajor reads back: "1234.5" is "1234.50", whole amounts have no
// decimals.
func majorInput(minor int64, currency string) string {
	scale := currencyScale(currency)
	if scale == 0 {
		return strconv.FormatInt(minor, 10)
	}
	div := int64(1)
	for range scale {
		div *= 10
	}
	whole, frac := minor/div, minor%div
	if frac == 0 {
		return strconv.FormatInt(whole, 10)
	}
	f := strconv.FormatInt(frac, 10)
	return strconv.FormatInt(whole, 10) + "." + strings.Repeat("0", scale-len(f)) + f
}

// queryValues returns copies of every value of a repeated query parameter.
func queryValues(c *fiber.Ctx, name string) []string {
	var out []string
	c.Request().URI().QueryArgs().VisitAll(func(k, v []byte) {
		if string(k) == name {
			out = append(out, strings.TrimSpace(string(v)))
		}
	})
	return out
}

// fillApplication adds to v what the form shows besides its fields: the
// project's facts, the choices, the files, the checklist and the request
// that sent it back.
func (h *Handler) fillApplication(c *fiber.Ctx, v *pages.ApplicationFormView, a *models.Application) error {
	ctx := c.UserContext()
	p := &a.Project
	lang := string(i18n.LangOf(ctx))
	v.MaxFileBytes = MaxUploadBytes
	v.ID, v.Code, v.State, v.Type, v.Currency = p.ID, p.Code, p.State, string(p.Type), p.Currency
	v.Lang = p.Lang
	if v.Version == 0 {
		v.Version = p.Version
	}
	v.Total = i18n.Money(ctx, p.RequestedMinor, p.Currency)
	v.MoneyZero, v.MoneyScale = i18n.Money(ctx, 0, p.Currency), moneyScale(p.Currency)
	if a.Call != nil {
		v.CallTitle, _ = a.Call.Title.In(lang, "en")
		v.CallHref = callPath(a.Call.ID)
		v.Deadline = i18n.DateTime(ctx, a.Call.ClosesAt, readerLocation(c))
		v.Cap = i18n.Money(ctx, a.Call.BudgetCapMinor, a.Call.Currency)
		v.OverCap = p.RequestedMinor > a.Call.BudgetCapMinor
	}
	if _, err := h.applicationOptions(ctx, v); err != nil {
		return err
	}
	v.Attachments = h.attachmentRows(c, p.ID, a.Attachments)
	missing, err := h.Store.MissingForSubmit(ctx, nil, p)
	if err != nil {
		return err
	}
	for _, m := range missing {
		v.Missing = append(v.Missing, pages.MissingItem{Key: m, Anchor: missingAnchor(m)})
	}
	if r := a.Request; r != nil && r.Comment != nil {
		v.Request = &pages.RequestNote{State: p.State, At: i18n.DateTime(ctx, r.At, readerLocation(c)), Comment: *r.Comment}
	}
	return nil
}

// missingAnchor is the form section that fills a checklist item.
func missingAnchor(key string) string {
	switch strings.TrimPrefix(key, "project.missing.") {
	case "title", "summary":
		return "s-summary"
	case "type_details":
		return "s-details"
	case "lead_country":
		return "s-countries"
	case "primary_discipline":
		return "s-disciplines"
	case "budget":
		return "s-budget"
	case "planned_dates":
		return "s-dates"
	}
	return "s-attachments"
}

// attachmentRows formats stored files for a list, in the reader's
// language and zone.
func (h *Handler) attachmentRows(c *fiber.Ctx, projectID int64, atts []models.Attachment) []pages.AttachmentRow {
	ctx := c.UserContext()
	loc := readerLocation(c)
	out := make([]pages.AttachmentRow, len(atts))
	for i, a := range atts {
		id := strconv.FormatInt(a.ID, 10)
		out[i] = pages.AttachmentRow{ID: id, Kind: i18n.T(ctx, "application.kind."+string(a.Kind)), Name: a.Filename,
			Size: fileSize(ctx, a.SizeBytes), Uploaded: i18n.DateTime(ctx, a.CreatedAt, loc),
			Href: projectPath(projectID) + "/attachments/" + id}
	}
	return out
}

// fileSize is a size in KB or MB, in the reader's number format.
func fileSize(ctx context.Context, n int64) string {
	if n < 1<<20 {
		return i18n.T(ctx, "application.files.kb", "size", i18n.Number(ctx, max((n+1023)>>10, 1)))
	}
	return i18n.T(ctx, "application.files.mb", "size", i18n.Decimal(ctx, float64(n)/(1<<20), 1))
}

func projectPath(id int64) string { return "/projects/" + strconv.FormatInt(id, 10) }
