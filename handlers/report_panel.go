package handlers

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/puente-science/puente/auth"
	"github.com/puente-science/puente/i18n"
	"github.com/puente-science/puente/models"
	"github.com/puente-science/puente/views/pages"
	"github.com/puente-science/puente/workflow"
)

// reportsPanel builds the project page's reports and outputs, once the
// project runs under an agreement; three bounded queries. Reviewers, who
// may read the application they judged, do not see them.
func (h *Handler) reportsPanel(c *fiber.Ctx, p *models.ProjectPage) (pages.ReportsPanel, error) {
	var out pages.ReportsPanel
	switch p.State {
	case workflow.Active, workflow.Suspended, workflow.Completed, workflow.Terminated:
	default:
		return out, nil
	}
	if !permOf(c).Can(auth.ViewReport, projectRecord(p)) {
		return out, nil
	}
	ctx := c.UserContext()
	out.Show, out.Links = true, true
	reports, err := h.Store.ProjectReports(ctx, p.ID)
	if err != nil {
		return out, err
	}
	today := models.DateOf(h.Now().In(readerLocation(c)))
	for _, r := range reports {
		out.Reports = append(out.Reports, pages.ReportItem{ID: r.ID, Kind: string(r.Kind), Seq: r.Seq,
			Period: periodText(ctx, r.PeriodStart, r.PeriodEnd), Due: i18n.Date(ctx, r.DueOn.Time()),
			Status: string(r.Status), Overdue: (r.Status == models.ReportDue || r.Status == models.ReportRevisionRequested) && r.DueOn.Before(today)})
	}
	po, err := h.Store.ProjectOutputsOf(ctx, p.ID)
	if err != nil {
		return out, err
	}
	o := &out.Outputs
	o.People, o.Coauth = po.People, po.Coauth
	groups := map[models.OutputKind]*pages.OutputGroup{}
	for _, k := range models.OutputKinds {
		if n := po.Counts[k]; n > 0 {
			o.Groups = append(o.Groups, pages.OutputGroup{Kind: string(k), Count: n})
			o.Total += n
		}
	}
	for i := range o.Groups {
		groups[models.OutputKind(o.Groups[i].Kind)] = &o.Groups[i]
	}
	o.Truncated = int64(len(po.Outputs)) < o.Total
	for _, x := range po.Outputs {
		g := groups[x.Kind]
		if g == nil {
			continue
		}
		it := pages.OutputItem{Title: x.Title, Year: strconv.Itoa(x.Year), Venue: deref(x.Venue), Coauthored: x.Coauthored}
		if x.DOI != nil {
			it.DOI, it.DOIHref = *x.DOI, doiHref(*x.DOI)
		}
		if x.Kind == models.OutputTrainedPeople && x.PeopleCount != nil && x.CareerLevel != nil && x.Direction != nil {
			it.Detail = i18n.T(ctx, "report.trained.line", "count", i18n.Number(ctx, int64(*x.PeopleCount)),
				"level", i18n.T(ctx, "career."+string(*x.CareerLevel)), "direction", i18n.T(ctx, "application.direction."+string(*x.Direction)))
		}
		if x.Kind != models.OutputPublication {
			it.Coauthored = false
		}
		g.Items = append(g.Items, it)
	}
	return out, nil
}
