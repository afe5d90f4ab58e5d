package handlers

import (
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/puente-science/puente/auth"
	"github.com/puente-science/puente/i18n"
	"github.com/puente-science/puente/models"
	"github.com/puente-science/puente/views/components"
	"github.com/puente-science/puente/views/pages"
	"github.com/puente-science/puente/workflow"
)

// projectsPerPage is the length of a page of the project list.
const projectsPerPage = 25

func (h *Handler) listProjects(c *fiber.Ctx) error {
	ctx := c.UserContext()
	lang := string(i18n.LangOf(ctx))
	perm := permOf(c)
	opts, err := h.Store.ProjectListOptions(ctx, perm.Staff())
	if err != nil {
		return err
	}
	v, f := projectFilterFrom(c, opts, lang)
	v.Staff, v.Applicant = perm.Staff(), perm.Has(auth.Applicant) && !perm.Staff()
	v.Page = queryPage(c)
	sc := projectScope(perm)
	rows, total, err := h.Store.ProjectsPage(ctx, sc, f, v.Page, projectsPerPage)
	if err != nil {
		return err
	}
	v.Total, v.Pages = total, components.PageCount(total, projectsPerPage)
	if len(rows) == 0 && total > 0 { // a page past the end, from an old link: show the last one
		v.Page = v.Pages
		if rows, _, err = h.Store.ProjectsPage(ctx, sc, f, v.Page, projectsPerPage); err != nil {
			return err
		}
	}
	countries := make(map[string]string, len(opts.Countries))
	for _, co := range opts.Countries {
		countries[co.ISO2] = co.Name.In(lang)
	}
	for _, r := range rows {
		it := pages.ProjectItem{ID: r.ID, Code: r.Code, Title: r.Title(lang), Type: string(r.Type), State: r.State,
			Year: r.Year, Requested: i18n.Money(ctx, r.RequestedMinor, r.Currency), PI: r.PIName}
		if r.LeadCountryISO2 != nil {
			it.Country = countries[*r.LeadCountryISO2]
		}
		if r.AwardedMinor != nil {
			it.Awarded = i18n.Money(ctx, *r.AwardedMinor, r.Currency)
		}
		v.Items = append(v.Items, it)
	}
	params := projectAddressParams(v)
	v.SortHref = func(key string, desc bool) string { return projectListHref(params, key, desc, 1) }
	v.PageHref = func(page int) string { return projectListHref(params, v.Sort, v.Desc, page) }
	if v.Staff { // the same list, every page, as a download
		v.ExportHref = func(format string) string {
			return "/export/projects." + format + strings.TrimPrefix(projectListHref(params, v.Sort, v.Desc, 1), "/projects")
		}
	}
	c.Vary("HX-Request")
	// htmx asks for the results only, except when it restores a page from
	// history it did not keep: then it needs the whole page.
	if c.Get("HX-Request") == "true" && c.Get("HX-History-Restore-Request") != "true" {
		return render(c, pages.ProjectResults(v))
	}
	return render(c, pages.Projects(v))
}

// projectScope is the part of the portfolio a user may list: staff see it
// all, applicants their own projects, reviewers those assigned to them.
func projectScope(p auth.Perm) models.ProjectScope {
	if p.Staff() {
		return models.ProjectScope{All: true}
	}
	var sc models.ProjectScope
	if p.Has(auth.Applicant) {
		sc.PIUserID = p.UserID
	}
	if p.Has(auth.Reviewer) {
		sc.ReviewerID = p.UserID
	}
	return sc
}

// projectAddressParams are the active filters as address values, for the
// sort and page links (which keep them).
func projectAddressParams(v pages.ProjectsView) url.Values {
	q := url.Values{}
	for k, val := range map[string]string{"q": v.Q, "stage": v.Stage, "type": v.Type, "country": v.Country,
		"channel": v.Channel, "call": v.Call, "discipline": v.Discipline, "institution": v.Institution,
		"priority": v.Priority, "from": v.YearFrom, "to": v.YearTo, "lead": v.Lead, "subregion": v.Subregion,
		"tier": v.Tier, "lead_priority": v.LeadPriority, "pdiscipline": v.PDiscipline, "career": v.Career,
		"direction": v.Direction, "funded": v.Funded, "submitted": v.Submitted, "started": v.Started} {
		if val != "" {
			q.Set(k, val)
		}
	}
	for _, s := range workflow.States { // workflow order, so the address is stable
		if v.States[string(s)] {
			q.Add("state", string(s))
		}
	}
	return q
}

// projectListHref is the address of the list with filters, sort and page.
func projectListHref(params url.Values, sort string, desc bool, page int) string {
	q := url.Values{}
	for k, vs := range params {
		q[k] = slices.Clone(vs)
	}
	q.Set("sort", sort)
	q.Set("dir", "asc")
	if desc {
		q.Set("dir", "desc")
	}
	if page > 1 {
		q.Set("page", strconv.Itoa(page))
	}
	return "/projects?" + q.Encode()
}

// projectFilterFrom reads the filters from the address. Every value is
// checked against the known choices and dropped when unknown, so a stale or
// forged link lists more, never fails, and no user text shapes the SQL.
func projectFilterFrom(c *fiber.Ctx, o models.ProjectListOptions, lang string) (pages.ProjectsView, models.ProjectFilter) {
	v := pages.ProjectsView{Q: queryText(c, "q"), States: map[string]bool{}}
	f := models.ProjectFilter{Query: v.Q, Lang: lang}
	for _, raw := range c.Context().QueryArgs().PeekMulti("state") {
		if s := workflow.State(raw); s.Valid() && !v.States[string(s)] {
			v.States[string(s)] = true
			f.States = append(f.States, s)
		}
	}
	for _, st := range workflow.Stages {
		v.StageOpts = append(v.StageOpts, components.Option{Value: string(st), Label: i18n.T(c.UserContext(), st.LabelKey())})
		if c.Query("stage") == string(st) {
			v.Stage, f.Stage = string(st), st
		}
	}
	for _, t := range models.ProjectTypes {
		v.TypeOpts = append(v.TypeOpts, components.Option{Value: string(t), Label: i18n.T(c.UserContext(), "ptype."+string(t))})
		if c.Query("type") == string(t) {
			v.Type, f.Type = string(t), t
		}
	}
	for _, s := range workflow.States {
		v.StateOpts = append(v.StateOpts, components.Option{Value: string(s), Label: i18n.T(c.UserContext(), s.LabelKey())})
	}
	v.CallOpts, v.Call, f.CallID = pickID(c.Query("call"), o.Calls, lang)
	if c.Query("call") == models.NoneValue { // projects that came through no call
		v.Call, f.NoCall = models.NoneValue, true
	}
	v.CallOpts = append(v.CallOpts, components.Option{Value: models.NoneValue, Label: i18n.T(c.UserContext(), "projects.call.none")})
	v.ChannelOpts, v.Channel, f.ChannelID = pickID(c.Query("channel"), o.Channels, lang)
	v.PriorityOpts, v.Priority, f.PriorityAreaID = pickID(c.Query("priority"), o.PriorityAreas, lang)
	if c.Query("priority") == models.NoneValue {
		v.Priority, f.NoPriorityArea = models.NoneValue, true
	}
	v.PriorityOpts = append(v.PriorityOpts, components.Option{Value: models.NoneValue, Label: i18n.T(c.UserContext(), "projects.priority.none")})
	projectSummaryFilters(c, o, &v, &f)
	for _, d := range o.Disciplines {
		label := d.Name.In(lang)
		if d.Level > 1 { // subfields indented under their field; a select has no other way to nest selectable items
			label = "\u00a0\u00a0\u00a0" + label
		}
		v.DisciplineOpts = append(v.DisciplineOpts, components.Option{Value: d.Value, Label: label})
		if c.Query("discipline") == d.Value {
			v.Discipline, f.Discipline = d.Value, d.Value
		}
	}
	var lac, other []components.Option // Latin America and the Caribbean first, each part in the reader's collation
	names := make(map[string]string, len(o.Countries))
	for _, co := range o.Countries {
		opt := components.Option{Value: co.ISO2, Label: co.Name.In(lang)}
		names[co.ISO2] = opt.Label
		if co.LAC {
			opt.Group = i18n.T(c.UserContext(), "projects.countries.lac")
			lac = append(lac, opt)
		} else {
			opt.Group = i18n.T(c.UserContext(), "projects.countries.other")
			other = append(other, opt)
		}
		if c.Query("country") == co.ISO2 {
			v.Country, f.Country = co.ISO2, co.ISO2
		}
	}
	sortOptions(lac, i18n.Lang(lang))
	sortOptions(other, i18n.Lang(lang))
	v.CountryOpts = append(lac, other...)
	for _, in := range o.Institutions {
		id := strconv.FormatInt(in.ID, 10)
		v.InstitutionOpts = append(v.InstitutionOpts, components.Option{Value: id, Label: in.Name, Group: names[in.CountryISO2]})
		if c.Query("institution") == id {
			v.Institution, f.InstitutionID = id, in.ID
		}
	}
	sortGroupedOptions(v.InstitutionOpts, i18n.Lang(lang))
	v.YearFrom, f.YearFrom = pickYear(c.Query("from"))
	v.YearTo, f.YearTo = pickYear(c.Query("to"))
	v.Filtered = slices.ContainsFunc([]string{v.Q, v.Stage, v.Type, v.Country, v.Channel, v.Call, v.Discipline,
		v.Institution, v.Priority, v.YearFrom, v.YearTo, v.Lead, v.Subregion, v.Tier, v.LeadPriority, v.PDiscipline,
		v.Career, v.Direction, v.Funded, v.Submitted, v.Started}, func(s string) bool { return s != "" }) || len(f.States) > 0
	v.MoreOpen = v.Call != "" || v.Discipline != "" || v.Institution != "" || v.Priority != "" ||
		v.YearFrom != "" || v.YearTo != "" || len(f.States) > 0 || v.Lead != "" || v.Subregion != "" || v.Tier != "" ||
		v.LeadPriority != "" || v.PDiscipline != "" || v.Career != "" || v.Direction != "" || v.Funded != "" || v.Submitted != "" || v.Started != ""
	// The newest work first unless the reader chose an order.
	v.Sort, v.Desc = oneOf(c.Query("sort"), models.ProjectSortKeys), c.Query("dir") == "desc"
	if v.Sort == "" {
		v.Sort, v.Desc = "updated", c.Query("dir") != "asc"
	}
	f.Sort, f.Desc = v.Sort, v.Desc
	return v, f
}

// pickID turns id-valued options into select options sorted by label, and
// returns the chosen one when it is among them.
func pickID(raw string, opts []models.ListOption, lang string) ([]components.Option, string, int64) {
	out := make([]components.Option, len(opts))
	var chosen string
	var id int64
	for i, o := range opts {
		out[i] = components.Option{Value: o.Value, Label: o.Name.In(lang)}
		if raw == o.Value {
			chosen = o.Value
			id, _ = strconv.ParseInt(o.Value, 10, 64)
		}
	}
	sortOptions(out, i18n.Lang(lang))
	return out, chosen, id
}

// pickYear is a plausible portfolio year from the address, or nothing.
func pickYear(raw string) (string, int) {
	n, err := strconv.Atoi(raw)
	if err != nil || n < 1900 || n > 2200 {
		return "", 0
	}
	return strconv.Itoa(n), n
}
