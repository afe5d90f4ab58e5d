package handlers

import (
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/puente-science/puente/auth"
	"github.com/puente-science/puente/i18n"
	"github.com/puente-science/puente/models"
	"github.com/puente-science/puente/views/components"
	"github.com/puente-science/puente/views/pages"
)

// adminPerPage is the length of a page of the admin lists.
const adminPerPage = 25

func (h *Handler) listUsers(c *fiber.Ctx) error {
	if err := requirePerm(c, auth.ManageUsers); err != nil {
		return err
	}
	ctx := c.UserContext()
	roles := make([]string, len(auth.Roles))
	for i, r := range auth.Roles {
		roles[i] = string(r)
	}
	v := pages.AdminUsersView{
		Q:        queryText(c, "q"),
		Role:     oneOf(c.Query("role"), roles),
		Status:   oneOf(c.Query("status"), models.UserStatuses),
		Sort:     oneOf(c.Query("sort"), models.UserSortKeys),
		Desc:     c.Query("dir") == "desc",
		Roles:    roles,
		Statuses: models.UserStatuses,
		Page:     queryPage(c),
	}
	if v.Sort == "" {
		v.Sort = "name"
	}
	v.Filtered = v.Q != "" || v.Role != "" || v.Status != ""
	f := models.UserFilter{Query: v.Q, Role: auth.Role(v.Role), Status: v.Status, Sort: v.Sort, Desc: v.Desc}
	rows, total, err := h.Store.UsersPage(ctx, f, v.Page, adminPerPage)
	if err != nil {
		return err
	}
	v.Total, v.Pages = total, components.PageCount(total, adminPerPage)
	if len(rows) == 0 && total > 0 { // a page past the end, from an old link: show the last one
		v.Page = v.Pages
		if rows, _, err = h.Store.UsersPage(ctx, f, v.Page, adminPerPage); err != nil {
			return err
		}
	}
	loc := readerLocation(c)
	for _, r := range rows {
		v.Items = append(v.Items, userItem(c, r, loc))
	}
	params := map[string]string{"q": v.Q, "role": v.Role, "status": v.Status}
	v.SortHref = func(key string, desc bool) string {
		return listHref("/admin/users", params, key, desc, 1)
	}
	v.PageHref = func(page int) string { return listHref("/admin/users", params, v.Sort, v.Desc, page) }
	return render(c, pages.AdminUsers(v))
}

func userItem(c *fiber.Ctx, r models.UserRow, loc *time.Location) pages.AdminUserItem {
	ctx := c.UserContext()
	it := pages.AdminUserItem{ID: r.ID, Name: r.Name, Email: r.Email, Status: r.Status(),
		Created: i18n.Date(ctx, r.CreatedAt.In(loc))}
	if r.LastLoginAt != nil {
		it.LastLogin = i18n.DateTime(ctx, *r.LastLoginAt, loc)
	}
	for _, role := range r.Roles {
		it.Roles = append(it.Roles, string(role))
	}
	return it
}

// queryText is a trimmed copy of a search box, cut to a length no search
// needs, so a pasted essay does not reach the database.
func queryText(c *fiber.Ctx, name string) string {
	q := strings.TrimSpace(strings.Clone(c.Query(name)))
	if r := []rune(q); len(r) > 100 {
		q = string(r[:100])
	}
	return q
}

// queryPage is the page a list asks for, from 1; nonsense is page 1.
func queryPage(c *fiber.Ctx) int {
	n, err := strconv.Atoi(c.Query("page"))
	if err != nil || n < 1 {
		return 1
	}
	return min(n, 1_000_000)
}

// listHref is the address of a list with its filters, sort and page; empty
// values and the defaults (page 1) stay out, so addresses stay short.
func listHref(path string, params map[string]string, sort string, desc bool, page int) string {
	q := url.Values{}
	for k, v := range params {
		if v != "" {
			q.Set(k, v)
		}
	}
	if sort != "" {
		q.Set("sort", sort)
	}
	if desc {
		q.Set("dir", "desc")
	}
	if page > 1 {
		q.Set("page", strconv.Itoa(page))
	}
	if len(q) == 0 {
		return path
	}
	return path + "?" + q.Encode()
}

// readerLocation is the signed-in user's time zone, UTC when unknown.
func readerLocation(c *fiber.Ctx) *time.Location { return readerZone(c, "UTC") }
