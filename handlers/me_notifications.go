package handlers

import (
	"context"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/puente-science/puente/i18n"
	"github.com/puente-science/puente/views/components"
	"github.com/puente-science/puente/views/pages"
)

// notificationsPerPage is how many notifications one page lists.
const notificationsPerPage = 20

func (h *Handler) listNotifications(c *fiber.Ctx) error {
	ctx := c.UserContext()
	su := currentUser(c)
	total, unread, err := h.Store.NotificationCounts(ctx, su.UserID)
	if err != nil {
		return err
	}
	last := components.PageCount(total, notificationsPerPage)
	page := min(max(1, c.QueryInt("page", 1)), last) // out of range: the nearest page, not an error
	items, err := h.Store.NotificationsOf(ctx, su.UserID, (page-1)*notificationsPerPage, notificationsPerPage)
	if err != nil {
		return err
	}
	loc := readerLocation(c)
	v := pages.NotificationsView{Total: total, Unread: unread, Page: page, Pages: last}
	if c.Query("read") == "1" {
		v.Notice = "notifications.notice.read"
	}
	for _, n := range items {
		it := pages.NotificationItem{Text: i18n.T(ctx, n.MessageKey, paramArgs(ctx, n.Params)...),
			When: i18n.DateTime(ctx, n.CreatedAt, loc), Unread: n.ReadAt == nil}
		if n.ProjectID != nil {
			it.Href = "/projects/" + strconv.FormatInt(*n.ProjectID, 10)
		}
		v.Items = append(v.Items, it)
	}
	return render(c, pages.Notifications(v))
}

func (h *Handler) readAllNotifications(c *fiber.Ctx) error {
	if err := h.Store.MarkNotificationsRead(c.UserContext(), currentUser(c).UserID, h.Now().UTC()); err != nil {
		return err
	}
	return c.Redirect("/notifications?read=1", fiber.StatusSeeOther)
}

// paramArgs are a notification's arguments; parameters that cannot be read
// leave the message without them rather than hide it.
func paramArgs(ctx context.Context, params string) []any {
	args, _ := i18n.ParamArgs(ctx, params)
	return args
}
