package handlers

import (
	"github.com/gofiber/fiber/v2"

	"github.com/puente-science/puente/auth"
	"github.com/puente-science/puente/i18n"
	"github.com/puente-science/puente/models"
	"github.com/puente-science/puente/views/pages"
	"github.com/puente-science/puente/workflow"
)

// screeningStates are the states the screening inbox shows, one tab each.
var screeningStates = []workflow.State{workflow.Submitted, workflow.InReview}

// showScreening is the officers' inbox: applications to screen, oldest
// first, and those in review with their reviews received and next due
// date. Directors may read it; the actions are on each project's page.
func (h *Handler) showScreening(c *fiber.Ctx) error {
	ctx := c.UserContext()
	calls, err := h.Store.QueueCalls(ctx, screeningStates)
	if err != nil {
		return err
	}
	v := pages.ScreeningView{Tab: pages.TabToScreen, Officer: permOf(c).Has(auth.Officer)}
	keys := models.ScreeningSortKeys
	if c.Query("tab") == pages.TabInReview {
		v.Tab, keys = pages.TabInReview, models.InReviewSortKeys
	}
	var f models.QueueFilter
	v.Filter, f = queueFilterFrom(c, calls, keys, false)
	counts, err := h.Store.QueueCounts(ctx, screeningStates, f)
	if err != nil {
		return err
	}
	v.ToScreen, v.InReview = counts[workflow.Submitted], counts[workflow.InReview]
	now := h.Now()
	if v.Tab == pages.TabToScreen {
		v.Filter.Page, v.Filter.Pages = queuePage(c, v.ToScreen)
		rows, err := h.Store.ScreeningPage(ctx, f, v.Filter.Page, queuesPerPage)
		if err != nil {
			return err
		}
		for _, r := range rows {
			it := pages.ScreeningItem{QueueItem: queueItem(c, r.QueueRow), Attachments: int64(r.Attachments),
				Reviewers: int64(r.Reviewers), MinReviews: int64(r.MinReviews)}
			if r.SubmittedAt != nil {
				it.Waiting = daysSince(now, *r.SubmittedAt)
			}
			v.Screen = append(v.Screen, it)
		}
	} else {
		v.Filter.Page, v.Filter.Pages = queuePage(c, v.InReview)
		rows, err := h.Store.InReviewPage(ctx, f, v.Filter.Page, queuesPerPage)
		if err != nil {
			return err
		}
		today := models.DateOf(now.In(readerLocation(c)))
		for _, r := range rows {
			it := pages.InReviewItem{QueueItem: queueItem(c, r.QueueRow), Assigned: int64(r.Assigned), Received: int64(r.Received)}
			if r.EarliestDue != nil {
				it.Due = i18n.Date(ctx, r.EarliestDue.Time())
				it.Overdue = r.EarliestDue.Before(today)
			}
			v.Review = append(v.Review, it)
		}
	}
	queueHrefs(&v.Filter, "/screening", tabParam(v.Tab))
	v.TabHref = func(tab string) string {
		return listHref("/screening", map[string]string{"tab": tabParam(tab), "call": v.Filter.Call, "type": v.Filter.Type}, "", false, 1)
	}
	return render(c, pages.Screening(v))
}

// tabParam is the tab as the address carries it: the default tab stays out.
func tabParam(tab string) string {
	if tab == pages.TabToScreen {
		return ""
	}
	return tab
}
