package handlers

import (
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"github.com/puente-science/puente/models"
	"github.com/puente-science/puente/views/pages"
)

// Longest texts the form keeps, in characters.
const (
	maxSummary = 5000
	maxLong    = 5000
	maxShort   = 500
)

// readApplicationForm reads the posted form as typed, for saving or for
// showing again.
func readApplicationForm(c *fiber.Ctx, v *pages.ApplicationFormView) {
	v.Version = int(formInt(c, "version"))
	v.Title, v.Summary = map[string]string{}, map[string]string{}
	for _, l := range pages.AppLangs {
		v.Title[l] = formString(c, "title_"+l)
		v.Summary[l] = formText(c, "summary_"+l)
	}
	v.Details = pages.DetailsForm{
		CareerLevel: formString(c, "career_level"), Direction: formString(c, "direction"),
		TEHost: formString(c, "te_host"), Months: formString(c, "months"), Stipend: formString(c, "stipend"),
		LabName: formString(c, "lab_name"), LabPartner: formString(c, "lab_partner"),
		CoDirectors: formString(c, "co_directors"), LabFacilities: formText(c, "lab_facilities"),
		ResearchLines: formText(c, "research_lines"), SiteCountry: formString(c, "site_country"),
		Phase: formString(c, "phase"), PlatformFacilities: formText(c, "platform_facilities"),
		IntlOrg: formString(c, "intl_org") != "", WorkPackages: formText(c, "work_packages"),
		ExpectedOutputs: formText(c, "expected_outputs"), Deliverables: formText(c, "deliverables"),
		ContractValue: formString(c, "contract_value"), Milestones: formText(c, "milestones"),
		Format: formString(c, "format"), Participants: formText(c, "participants"),
		StartsOn: formString(c, "starts_on"), EndsOn: formString(c, "ends_on"),
	}
	v.Countries, v.Lead = checkedSet(formValues(c, "countries")), formString(c, "lead")
	v.Disciplines, v.Primary = checkedSet(formValues(c, "disciplines")), formString(c, "primary")
	v.Partners, v.Host, v.InstQ = checkedSet(formValues(c, "partners")), formString(c, "host"), formString(c, "inst_q")
	v.Budget = map[string]pages.BudgetRow{}
	for _, cat := range models.BudgetCategories {
		v.Budget[string(cat)] = pages.BudgetRow{Amount: formString(c, "budget_"+string(cat)), Note: formString(c, "note_"+string(cat))}
	}
	v.PlannedStart, v.PlannedEnd = formString(c, "planned_start"), formString(c, "planned_end")
	v.Remove = checkedSet(formValues(c, "remove"))
}

// formText is a multi-line field with its line ends made plain.
func formText(c *fiber.Ctx, name string) string {
	return strings.TrimSpace(strings.ReplaceAll(strings.Clone(c.FormValue(name)), "\r\n", "\n"))
}

// appChoices are what the form may choose from, to validate against.
type appChoices struct {
	countries, sites, disciplines map[string]bool
	institutions, own             map[int64]bool
}

// validateApplication checks what was typed and builds what to save; a
// malformed value puts its message key into v.Errors by field. An
// incomplete application is not an error: the checklist says what is
// missing.
func validateApplication(v *pages.ApplicationFormView, typ models.ProjectType, ch appChoices) models.ApplicationInput {
	var in models.ApplicationInput
	e := v.Errors
	for _, l := range pages.AppLangs {
		key := "title_" + l
		if l == v.Lang {
			key = "title"
		}
		checkLength(e, key, v.Title[l], maxTitle)
		in.Title.Set(l, v.Title[l])
		skey := "summary_" + l
		if l == v.Lang {
			skey = "summary"
		}
		checkLength(e, skey, v.Summary[l], maxSummary)
		in.Summary.Set(l, v.Summary[l])
	}
	if in.Title.Empty() && e["title"] == "" {
		e["title"] = "application.error.title_required"
	}
	in.Details = validateDetails(v, typ, ch)
	in.Countries, in.Lead = pickWithLead(e, v.Countries, v.Lead, ch.countries, "countries", "lead", "application.error.lead")
	in.Disciplines, in.Primary = pickWithLead(e, v.Disciplines, v.Primary, ch.disciplines, "disciplines", "primary", "application.error.primary")
	if v.Host != "" {
		id, ok := choiceID(v.Host, ch.own)
		if !ok {
			e["host"] = "form.invalid_choice"
		}
		in.Host = &id
	}
	for p := range v.Partners {
		id, ok := choiceID(p, ch.institutions)
		switch {
		case !ok:
			e["partners"] = "form.invalid_choice"
		case in.Host != nil && id == *in.Host:
			e["partners"] = "application.error.host_partner"
		default:
			in.Partners = append(in.Partners, id)
		}
	}
	slices.Sort(in.Partners)
	for _, cat := range models.BudgetCategories {
		row := v.Budget[string(cat)]
		checkLength(e, "note_"+string(cat), row.Note, maxShort)
		if row.Amount == "" && row.Note == "" {
			continue
		}
		var amount int64
		if row.Amount != "" {
			var ok bool
			if amount, ok = parseMajor(row.Amount, v.Currency); !ok {
				e["budget_"+string(cat)] = "application.error.money"
			}
		}
		in.Budget = append(in.Budget, models.BudgetLine{Category: cat, AmountMinor: amount, Note: optionalText(row.Note)})
	}
	in.PlannedStart, in.PlannedEnd = datePair(e, v.PlannedStart, v.PlannedEnd, "planned_start", "planned_end")
	for id := range v.Remove {
		n, err := strconv.ParseInt(id, 10, 64)
		if err != nil || n <= 0 {
			e["attachments"] = "form.invalid_choice"
			continue
		}
		in.Remove = append(in.Remove, n)
	}
	return in
}

// validateDetails reads the fields of the project's own type.
func validateDetails(v *pages.ApplicationFormView, typ models.ProjectType, ch appChoices) models.ApplicationDetails {
	var out models.ApplicationDetails
	e, f := v.Errors, v.Details
	switch typ {
	case models.TypeTalentExchange:
		d := &models.TalentExchangeDetails{}
		if f.CareerLevel != "" {
			lvl := models.CareerLevel(f.CareerLevel)
			if !lvl.Valid() {
				e["career_level"] = "form.invalid_choice"
			}
			d.CareerLevel = &lvl
		}
		if f.Direction != "" {
			dir := models.Direction(f.Direction)
			if !dir.Valid() {
				e["direction"] = "form.invalid_choice"
			}
			d.Direction = &dir
		}
		d.HostInstitutionID = optionalChoice(e, "te_host", f.TEHost, ch.institutions)
		d.Months = optionalInt(e, "months", f.Months, 1, 60, "application.error.months")
		d.StipendMinor = optionalMoney(e, "stipend", f.Stipend, v.Currency)
		out.TalentExchange = d
	case models.TypeJointLab:
		checkLength(e, "lab_name", f.LabName, maxTitle)
		checkLength(e, "co_directors", f.CoDirectors, maxShort)
		checkLength(e, "lab_facilities", f.LabFacilities, maxLong)
		checkLength(e, "research_lines", f.ResearchLines, maxLong)
		out.JointLab = &models.JointLabDetails{LabName: f.LabName, CoDirectors: f.CoDirectors,
			Facilities: f.LabFacilities, ResearchLines: f.ResearchLines,
			PartnerInstitutionID: optionalChoice(e, "lab_partner", f.LabPartner, ch.institutions)}
	case models.TypePlatform:
		d := &models.PlatformDetails{Facilities: f.PlatformFacilities, InternationalOrgStatus: f.IntlOrg}
		checkLength(e, "platform_facilities", f.PlatformFacilities, maxLong)
		if f.SiteCountry != "" {
			if !ch.sites[f.SiteCountry] {
				e["site_country"] = "form.invalid_choice"
			}
			site := f.SiteCountry
			d.SiteCountryISO2 = &site
		}
		d.Phase = optionalInt(e, "phase", f.Phase, 1, 99, "application.error.phase")
		out.Platform = d
	case models.TypeResearchProject:
		checkLength(e, "work_packages", f.WorkPackages, maxLong)
		checkLength(e, "expected_outputs", f.ExpectedOutputs, maxLong)
		out.ResearchProject = &models.ResearchProjectDetails{WorkPackages: f.WorkPackages, ExpectedOutputs: f.ExpectedOutputs}
	case models.TypeTechnologyTransfer:
		checkLength(e, "deliverables", f.Deliverables, maxLong)
		checkLength(e, "milestones", f.Milestones, maxLong)
		out.TechnologyTransfer = &models.TechnologyTransferDetails{Deliverables: f.Deliverables, DeliveryMilestones: f.Milestones,
			ContractValueMinor: optionalMoney(e, "contract_value", f.ContractValue, v.Currency)}
	case models.TypeDialogue:
		d := &models.DialogueDetails{Participants: f.Participants}
		checkLength(e, "participants", f.Participants, maxLong)
		if f.Format != "" {
			format := models.DialogueFormat(f.Format)
			if !format.Valid() {
				e["format"] = "form.invalid_choice"
			}
			d.Format = &format
		}
		d.StartsOn, d.EndsOn = datePair(e, f.StartsOn, f.EndsOn, "starts_on", "ends_on")
		out.Dialogue = d
	}
	return out
}

func checkLength(e map[string]string, field, s string, limit int) {
	if utf8.RuneCountInString(s) > limit {
		e[field] = "form.too_long"
	}
}

// pickWithLead keeps the known chosen codes and the one marked to lead,
// which must be among them; a single choice leads by itself.
func pickWithLead(e map[string]string, set map[string]bool, lead string, known map[string]bool, field, leadField, leadErr string) ([]string, string) {
	out := pickKnown(set, known, e, field)
	if lead == "" && len(out) == 1 {
		lead = out[0]
	}
	if lead != "" && !slices.Contains(out, lead) {
		e[leadField] = leadErr
		return out, ""
	}
	return out, lead
}

func choiceID(s string, known map[int64]bool) (int64, bool) {
	id, err := strconv.ParseInt(s, 10, 64)
	return id, err == nil && known[id]
}

func optionalChoice(e map[string]string, field, s string, known map[int64]bool) *int64 {
	if s == "" {
		return nil
	}
	id, ok := choiceID(s, known)
	if !ok {
		e[field] = "form.invalid_choice"
		return nil
	}
	return &id
}

func optionalInt(e map[string]string, field, s string, lo, hi int, errKey string) *int {
	if s == "" {
		return nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < lo || n > hi {
		e[field] = errKey
		return nil
	}
	return &n
}

func optionalMoney(e map[string]string, field, s, currency string) *int64 {
	if s == "" {
		return nil
	}
	n, ok := parseMajor(s, currency)
	if !ok {
		e[field] = "application.error.money"
		return nil
	}
	return &n
}

func optionalText(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// datePair reads two optional dates, the second not before the first.
func datePair(e map[string]string, from, to, fromField, toField string) (*models.Date, *models.Date) {
	parse := func(s, field string) *models.Date {
		if s == "" {
			return nil
		}
		d, err := models.ParseDate(s)
		if err != nil || d.Year < 1900 || d.Year > 2200 {
			e[field] = "application.error.date"
			return nil
		}
		return &d
	}
	a, b := parse(from, fromField), parse(to, toField)
	if a != nil && b != nil && b.Before(*a) {
		e[toField] = "application.error.end_before_start"
	}
	return a, b
}
