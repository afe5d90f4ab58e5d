package handlers

import (
	"github.com/gofiber/fiber/v2"

	"github.com/puente-science/puente/auth"
	"github.com/puente-science/puente/i18n"
	"github.com/puente-science/puente/models"
	"github.com/puente-science/puente/views/pages"
	"github.com/puente-science/puente/workflow"
)

// disagreeCenti is the spread of weighted scores (× 100) from which the
// queue flags that the reviewers disagree.
const disagreeCenti = 150

var decisionStates = []workflow.State{workflow.ReviewComplete}

// showDecisions is the directors' queue: reviewed applications with their
// weighted score, spread and recommendations side by side, the longest
// waiting first. Officers may read it; the decision form is on each
// project's page.
func (h *Handler) showDecisions(c *fiber.Ctx) error {
	ctx := c.UserContext()
	calls, err := h.Store.QueueCalls(ctx, decisionStates)
	if err != nil {
		return err
	}
	v := pages.DecisionsView{Director: permOf(c).Has(auth.Director)}
	var f models.QueueFilter
	v.Filter, f = queueFilterFrom(c, calls, models.DecisionSortKeys, true)
	counts, err := h.Store.QueueCounts(ctx, decisionStates, f)
	if err != nil {
		return err
	}
	v.Total = counts[workflow.ReviewComplete]
	v.Filter.Page, v.Filter.Pages = queuePage(c, v.Total)
	rows, err := h.Store.DecisionPage(ctx, f, v.Filter.Page, queuesPerPage)
	if err != nil {
		return err
	}
	now := h.Now()
	for _, r := range rows {
		it := pages.DecisionItem{QueueItem: queueItem(c, r.QueueRow), Reviews: int64(r.Reviews),
			Fund: int64(r.Fund), WithChanges: int64(r.WithChanges), DoNotFund: int64(r.DoNotFund),
			Waiting: daysSince(now, r.StateChangedAt)}
		if r.Reviews > 0 {
			it.Score = centi(ctx, r.MeanCenti())
			it.Spread = centi(ctx, r.SpreadCenti())
			it.Disagree = r.SpreadCenti() >= disagreeCenti
		}
		if r.CapMinor != nil && r.CapCurrency != nil {
			it.Cap = i18n.Money(ctx, *r.CapMinor, *r.CapCurrency)
			it.OverCap = r.Currency == *r.CapCurrency && r.RequestedMinor > *r.CapMinor
		}
		v.Items = append(v.Items, it)
	}
	queueHrefs(&v.Filter, "/decisions", "")
	return render(c, pages.Decisions(v))
}
