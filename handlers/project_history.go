package handlers

import (
	"context"
	"encoding/json"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/puente-science/puente/i18n"
	"github.com/puente-science/puente/models"
	"github.com/puente-science/puente/views/components"
	"github.com/puente-science/puente/views/pages"
	"github.com/puente-science/puente/workflow"
)

// historyPerPage is how many entries a page of /projects/:id/history holds.
const historyPerPage = 50

// timelineScope is what the reader may see of a project's history: staff
// every entry, anyone else the transitions and their own doings (see
// models.TimelineScope).
func timelineScope(c *fiber.Ctx, p *models.ProjectPage) models.TimelineScope {
	perm := permOf(c)
	return models.TimelineScope{Staff: perm.Staff(), Owner: perm.SignedIn() && perm.UserID == p.PIUserID, ViewerID: perm.UserID}
}

// projectTimeline is the history on the project page: its latest entries,
// and whether there are older ones (the history page has them all).
func (h *Handler) projectTimeline(c *fiber.Ctx, p *models.ProjectPage) ([]pages.ProjectTimelineItem, bool, error) {
	scope := timelineScope(c, p)
	entries, more, err := h.Store.ProjectTimeline(c.UserContext(), p.ID, scope, models.TimelineCap)
	if err != nil {
		return nil, false, err
	}
	return h.timelineItems(c, p, entries), more, nil
}

// showProjectHistory is /projects/:id/history: every entry of the
// project's history the reader may see, oldest first, paged.
func (h *Handler) showProjectHistory(c *fiber.Ctx) error {
	p, err := h.loadProject(c)
	if err != nil {
		return err
	}
	ctx := c.UserContext()
	scope := timelineScope(c, p)
	page := max(c.QueryInt("page", 1), 1)
	entries, total, err := h.Store.ProjectHistory(ctx, p.ID, scope, page, historyPerPage)
	if err != nil {
		return err
	}
	if last := components.PageCount(total, historyPerPage); page > last {
		page = last // out of range: the last page, not an error
		if entries, total, err = h.Store.ProjectHistory(ctx, p.ID, scope, page, historyPerPage); err != nil {
			return err
		}
	}
	lang := string(i18n.LangOf(ctx))
	title, titleLang := p.Title.In(lang, p.Lang)
	href := "/projects/" + strconv.FormatInt(p.ID, 10)
	v := pages.ProjectHistoryView{ProjectHref: href, Code: p.Code, Title: title, TitleLang: titleLang, Total: total,
		Items: h.timelineItems(c, p, entries),
		Nav: components.PageNav{Page: page, Pages: components.PageCount(total, historyPerPage),
			Href: func(n int) string { return href + "/history?page=" + strconv.Itoa(n) }}}
	return render(c, pages.ProjectHistory(v))
}

// timelineItems makes audit entries readable: transitions as moves
// between states, other entries by their translated action and what they
// concern. Comments on review assignments (a declared conflict's note)
// stay out: they are for the reviewer's file, not the history.
func (h *Handler) timelineItems(c *fiber.Ctx, p *models.ProjectPage, entries []models.TimelineEntry) []pages.ProjectTimelineItem {
	ctx := c.UserContext()
	loc := readerLocation(c)
	out := make([]pages.ProjectTimelineItem, 0, len(entries))
	for _, e := range entries {
		it := pages.ProjectTimelineItem{At: i18n.DateTime(ctx, e.At, loc)}
		if e.Transition() {
			it.To = workflow.State(*e.ToState)
			if e.FromState != nil {
				it.From = workflow.State(*e.FromState)
			}
		} else {
			it.Label = auditLabel(ctx, e.Action)
			it.Detail = timelineDetail(ctx, e, p.Currency)
		}
		if e.ActorName != nil {
			it.Actor = *e.ActorName
		}
		if e.Comment != nil && e.Entity != "review_assignment" {
			it.Comment = *e.Comment
		}
		out = append(out, it)
	}
	return out
}

// auditLabel is an audit action in the reader's language; an action
// without a label (a test forbids that) shows as it is stored.
func auditLabel(ctx context.Context, action string) string {
	if l := i18n.From(ctx); l.Catalog.Has(i18n.EN, "audit."+action) {
		return i18n.T(ctx, "audit."+action)
	}
	return action
}

// timelineDetail says what an entry concerns: the file, the reviewer
// (staff only: the scope leaves the name out otherwise), the report, the
// tranche or the agreement's dates.
func timelineDetail(ctx context.Context, e models.TimelineEntry, currency string) string {
	switch {
	case e.FileName != nil:
		return *e.FileName
	case e.Subject != nil:
		return *e.Subject
	case e.Meta == nil:
		return ""
	}
	var m struct {
		Kind        string `json:"kind"`
		Seq         int    `json:"seq"`
		AmountMinor int64  `json:"amount_minor"`
		PaidOn      string `json:"paid_on"`
		StartsOn    string `json:"starts_on"`
		EndsOn      string `json:"ends_on"`
	}
	if json.Unmarshal([]byte(*e.Meta), &m) != nil {
		return ""
	}
	date := func(s string) string {
		d, err := time.Parse("2006-01-02", s)
		if err != nil {
			return s
		}
		return i18n.Date(ctx, d)
	}
	switch e.Entity {
	case "report":
		if m.Kind == string(models.ReportFinal) {
			return i18n.T(ctx, "history.report.final")
		}
		return i18n.T(ctx, "history.report.progress", "seq", m.Seq)
	case "tranche":
		d := i18n.T(ctx, "history.tranche", "seq", m.Seq, "amount", i18n.Money(ctx, m.AmountMinor, currency))
		if m.PaidOn != "" {
			d += " · " + date(m.PaidOn)
		}
		return d
	case "agreement":
		if m.StartsOn != "" && m.EndsOn != "" {
			return i18n.T(ctx, "history.agreement", "start", date(m.StartsOn), "end", date(m.EndsOn))
		}
	}
	return ""
}
