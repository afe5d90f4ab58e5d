package handlers

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

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
		it := pages.NotificationItem{Text: i18n.T(ctx, n.MessageKey, notificationArgs(ctx, n.Params)...),
			When: i18n.DateTime(ctx, n.CreatedAt, loc), Unread: n.ReadAt == nil}
		if n.ProjectID != nil {
			it.Href = "/projects/" + strconv.FormatInt(*n.ProjectID, 10)
		}
		v.Items = append(v.Items, it)
	}
	return render(c, pages.Notifications(v))
}

// notificationArgs turns a notification's stored parameters, a JSON object,
// into the name/value pairs i18n.T takes, in a fixed order. Parameters that
// cannot be read are dropped: the message then shows its placeholders
// rather than failing the whole list.
func notificationArgs(ctx context.Context, params string) []any {
	var m map[string]any
	if err := json.Unmarshal([]byte(params), &m); err != nil {
		return nil
	}
	names := make([]string, 0, len(m))
	for k := range m {
		names = append(names, k)
	}
	slices.Sort(names)
	args := make([]any, 0, 2*len(names))
	for _, k := range names {
		switch val := m[k].(type) {
		case string:
			// Parameters named *_on are calendar dates: shown in the reader's format.
			if d, err := time.Parse("2006-01-02", val); err == nil && strings.HasSuffix(k, "_on") {
				val = i18n.Date(ctx, d)
			}
			args = append(args, k, val)
		case float64: // JSON numbers: counts, formatted for the reader
			args = append(args, k, i18n.Decimal(ctx, val, 2))
		default:
			args = append(args, k, fmt.Sprint(val))
		}
	}
	return args
}

func (h *Handler) readAllNotifications(c *fiber.Ctx) error {
	if err := h.Store.MarkNotificationsRead(c.UserContext(), currentUser(c).UserID, h.Now().UTC()); err != nil {
		return err
	}
	return c.Redirect("/notifications?read=1", fiber.StatusSeeOther)
}
