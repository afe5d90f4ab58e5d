package handlers

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/puente-science/puente/auth"
	"github.com/puente-science/puente/i18n"
	"github.com/puente-science/puente/models"
	"github.com/puente-science/puente/views/components"
	"github.com/puente-science/puente/views/pages"
)

// listReports is the applicant's own reports, or, for officers and
// directors, the portfolio's report queues.
func (h *Handler) listReports(c *fiber.Ctx) error {
	if permOf(c).Can(auth.ReportQueues, auth.Record{}) {
		return h.reportQueue(c)
	}
	return h.myReports(c)
}

// myReports groups an applicant's reports by what they ask of them:
// overdue, due, waiting for review, accepted.
func (h *Handler) myReports(c *fiber.Ctx) error {
	ctx := c.UserContext()
	rows, err := h.Store.ReportsOfApplicant(ctx, currentUser(c).UserID)
	if err != nil {
		return err
	}
	today := models.DateOf(h.Now().In(readerLocation(c)))
	var v pages.MyReportsView
	for _, r := range rows {
		it := h.reportItem(c, r, today)
		switch {
		case it.Overdue:
			v.Overdue = append(v.Overdue, it)
		case r.Status == models.ReportSubmitted:
			v.Submitted = append(v.Submitted, it)
		case r.Status == models.ReportAccepted:
			v.Accepted = append(v.Accepted, it)
		default:
			v.Due = append(v.Due, it)
		}
	}
	// The most recently accepted first: the past is read backwards.
	for i, j := 0, len(v.Accepted)-1; i < j; i, j = i+1, j-1 {
		v.Accepted[i], v.Accepted[j] = v.Accepted[j], v.Accepted[i]
	}
	return render(c, pages.MyReports(v))
}

// reportItem is one report row in the reader's language, zone and
// calendar.
func (h *Handler) reportItem(c *fiber.Ctx, r models.ReportRow, today models.Date) pages.ReportItem {
	ctx := c.UserContext()
	lang := string(i18n.LangOf(ctx))
	it := pages.ReportItem{ID: r.ID, ProjectID: r.ProjectID, ProjectCode: r.ProjectCode, Kind: string(r.Kind), Seq: r.Seq,
		Period: periodText(ctx, r.PeriodStart, r.PeriodEnd), Due: i18n.Date(ctx, r.DueOn.Time()), Status: string(r.Status),
		Applicant: r.PIName, Channel: r.Channel.In(lang)}
	it.ProjectTitle, it.ProjectTitleLang = r.ProjectTitle.In(lang, r.ProjectLang)
	if r.Status == models.ReportDue || r.Status == models.ReportRevisionRequested {
		it.Overdue = r.DueOn.Before(today)
		it.DueNote, _ = dueNote(ctx, today, r.DueOn)
	}
	if r.SubmittedAt != nil {
		it.Submitted = i18n.Date(ctx, r.SubmittedAt.In(readerLocation(c)))
	}
	if r.CountryISO2 != nil {
		it.Country = r.Country.In(lang)
	}
	if r.OfficerName != nil {
		it.Officer = *r.OfficerName
	}
	return it
}

// reportQueue is the officers' queues of due, overdue and submitted
// reports, filtered by lead country, channel and responsible officer;
// the filters live in the address.
func (h *Handler) reportQueue(c *fiber.Ctx) error {
	ctx := c.UserContext()
	lang := string(i18n.LangOf(ctx))
	opts, err := h.Store.ReportQueueOptions(ctx)
	if err != nil {
		return err
	}
	today := models.DateOf(h.Now().In(readerLocation(c)))
	v := pages.ReportQueueView{Tab: string(models.ReportTabDue)}
	f := models.ReportFilter{Today: today}
	for _, t := range models.ReportTabs {
		if c.Query("tab") == string(t) {
			v.Tab = string(t)
		}
	}
	for _, co := range opts.Countries {
		v.CountryOpts = append(v.CountryOpts, components.Option{Value: co.ISO2, Label: co.Name.In(lang)})
		if c.Query("country") == co.ISO2 {
			v.Country, f.Country = co.ISO2, co.ISO2
		}
	}
	sortOptions(v.CountryOpts, i18n.Lang(lang))
	v.ChannelOpts, v.Channel, f.ChannelID = pickID(c.Query("channel"), opts.Channels, lang)
	v.OfficerOpts = []components.Option{{Value: "mine", Label: i18n.T(ctx, "report.filter.mine")},
		{Value: "none", Label: i18n.T(ctx, "report.filter.no_officer")}}
	switch q := c.Query("officer"); q {
	case "mine":
		v.Officer, f.OfficerID = q, currentUser(c).UserID
	case "none":
		v.Officer, f.NoOfficer = q, true
	}
	for _, o := range opts.Officers {
		id := strconv.FormatInt(o.ID, 10)
		v.OfficerOpts = append(v.OfficerOpts, components.Option{Value: id, Label: o.Name})
		if c.Query("officer") == id {
			v.Officer, f.OfficerID = id, o.ID
		}
	}
	v.Filtered = v.Country != "" || v.Channel != "" || v.Officer != ""
	// Due and overdue reports soonest first; submitted ones oldest first,
	// the longest waiting at the top.
	v.Sort, v.Desc = oneOf(c.Query("sort"), models.ReportSortKeys), c.Query("dir") == "desc"
	if v.Sort == "" {
		v.Sort = "due"
		if v.Tab == string(models.ReportTabSubmitted) {
			v.Sort = "submitted"
		}
	}
	f.Sort, f.Desc = v.Sort, v.Desc
	counts, err := h.Store.ReportCounts(ctx, f)
	if err != nil {
		return err
	}
	v.Counts = map[string]int64{}
	for t, n := range counts {
		v.Counts[string(t)] = n
	}
	v.Page, v.Pages = queuePage(c, v.Counts[v.Tab])
	rows, err := h.Store.ReportQueuePage(ctx, models.ReportTab(v.Tab), f, v.Page, queuesPerPage)
	if err != nil {
		return err
	}
	for _, r := range rows {
		v.Items = append(v.Items, h.reportItem(c, r, today))
	}
	params := func(tab string) map[string]string {
		if tab == string(models.ReportTabDue) {
			tab = ""
		}
		return map[string]string{"tab": tab, "country": v.Country, "channel": v.Channel, "officer": v.Officer}
	}
	v.SortHref = func(key string, desc bool) string { return listHref("/reports", params(v.Tab), key, desc, 1) }
	v.PageHref = func(page int) string { return listHref("/reports", params(v.Tab), v.Sort, v.Desc, page) }
	v.TabHref = func(tab string) string { return listHref("/reports", params(tab), "", false, 1) }
	v.ClearHref = listHref("/reports", map[string]string{"tab": params(v.Tab)["tab"]}, "", false, 1)
	return render(c, pages.ReportQueue(v))
}
