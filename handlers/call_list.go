package handlers

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/puente-science/puente/auth"
	"github.com/puente-science/puente/models"
	"github.com/puente-science/puente/views/components"
	"github.com/puente-science/puente/views/pages"
)

const pastCallsPerPage = 20

// listCalls is /calls: open calls as cards, upcoming ones, and the closed
// ones as paged history.
func (h *Handler) listCalls(c *fiber.Ctx) error {
	ctx := c.UserContext()
	now := h.Now().UTC()
	page := max(c.QueryInt("page", 1), 1)
	v := pages.CallsView{CanManage: permOf(c).Can(auth.ManageCalls, auth.Record{}), Zone: "UTC"}
	if su := currentUser(c); su != nil && su.TimeZone != "" {
		v.Zone = su.TimeZone
	}
	for _, part := range []struct {
		phase models.CallPhase
		into  *[]pages.CallCard
		page  int
		per   int
	}{{models.CallsOpen, &v.Open, 1, 0}, {models.CallsUpcoming, &v.Upcoming, 1, 50}, {models.CallsPast, &v.Past, page, pastCallsPerPage}} {
		rows, total, err := h.Store.PublicCalls(ctx, part.phase, now, part.page, part.per)
		if err != nil {
			return err
		}
		for _, r := range rows {
			*part.into = append(*part.into, h.callCard(c, r))
		}
		if part.phase == models.CallsPast {
			v.PastTotal = total
		}
	}
	if currentUser(c) == nil {
		v.Zone = "" // each call shows its own zone
	}
	v.PastNav = components.PageNav{Page: page, Pages: components.PageCount(v.PastTotal, pastCallsPerPage),
		Href: func(p int) string { return "/calls?page=" + strconv.Itoa(p) + "#past" }}
	return render(c, pages.Calls(v))
}
