package handlers

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/puente-science/puente/i18n"
	"github.com/puente-science/puente/models"
	"github.com/puente-science/puente/views/components"
	"github.com/puente-science/puente/views/pages"
)

// queuesPerPage is the length of a page of a staff work queue.
const queuesPerPage = 25

// queueFilterFrom reads a queue's filters and sort from the address. Every
// value is checked against the known choices and dropped when unknown, so
// an old link lists more, never fails. keys are the queue's sort keys, the
// first the default, sorted descending when defDesc.
func queueFilterFrom(c *fiber.Ctx, calls []models.ListOption, keys []string, defDesc bool) (pages.QueueFilterView, models.QueueFilter) {
	ctx := c.UserContext()
	lang := i18n.LangOf(ctx)
	var v pages.QueueFilterView
	var f models.QueueFilter
	v.CallOpts, v.Call, f.CallID = pickID(c.Query("call"), calls, string(lang))
	for _, t := range models.ProjectTypes {
		v.TypeOpts = append(v.TypeOpts, components.Option{Value: string(t), Label: i18n.T(ctx, "ptype."+string(t))})
		if c.Query("type") == string(t) {
			v.Type, f.Type = string(t), t
		}
	}
	sortOptions(v.TypeOpts, lang)
	v.Filtered = v.Call != "" || v.Type != ""
	v.Sort, v.Desc = oneOf(c.Query("sort"), keys), c.Query("dir") == "desc"
	if v.Sort == "" {
		v.Sort, v.Desc = keys[0], defDesc
	}
	f.Sort, f.Desc = v.Sort, v.Desc
	return v, f
}

// queueHrefs fills the sort and page links of a queue at path; they keep
// the filters (and the tab, when there is one).
func queueHrefs(v *pages.QueueFilterView, path, tab string) {
	params := map[string]string{"tab": tab, "call": v.Call, "type": v.Type}
	v.SortHref = func(key string, desc bool) string { return listHref(path, params, key, desc, 1) }
	v.PageHref = func(page int) string { return listHref(path, params, v.Sort, v.Desc, page) }
}

// queueItem is what every queue row shows of an application, in the
// reader's language.
func queueItem(c *fiber.Ctx, r models.QueueRow) pages.QueueItem {
	ctx := c.UserContext()
	lang := string(i18n.LangOf(ctx))
	it := pages.QueueItem{ID: r.ID, Code: r.Code, Applicant: r.PIName, Type: string(r.Type),
		Requested: i18n.Money(ctx, r.RequestedMinor, r.Currency)}
	it.Title, it.TitleLang = r.Title.In(lang, r.Lang)
	if r.CountryISO2 != nil {
		it.Country = r.Country.In(lang)
	}
	if r.CallCode != nil {
		it.Call = *r.CallCode
	}
	if r.SubmittedAt != nil {
		it.Submitted = i18n.Date(ctx, r.SubmittedAt.In(readerLocation(c)))
	}
	return it
}

// daysSince is how many whole days have passed since t; never negative.
func daysSince(now, t time.Time) int64 {
	if t.IsZero() || now.Before(t) {
		return 0
	}
	return int64(now.Sub(t) / (24 * time.Hour))
}

// queuePage clamps the page asked for to the pages there are: an old link
// past the end shows the last page rather than an empty one.
func queuePage(c *fiber.Ctx, total int64) (page, pages int) {
	pages = components.PageCount(total, queuesPerPage)
	return min(queryPage(c), pages), pages
}
