package handlers

import (
	"context"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/puente-science/puente/i18n"
	"github.com/puente-science/puente/models"
	"github.com/puente-science/puente/views/pages"
)

// localText picks a call text in the reader's language; when it falls back
// to another language, note says so ("Available in Español only").
func localText(ctx context.Context, l models.Localized) (text, note string) {
	lang := i18n.LangOf(ctx)
	text, fell := l.Get(string(lang))
	if !fell {
		return text, ""
	}
	var given []i18n.Lang
	for _, x := range i18n.Langs {
		if v, f := l.Get(string(x)); v != "" && !f {
			given = append(given, x)
		}
	}
	first, _ := i18n.Parse(firstLangOf(l))
	if len(given) == 1 {
		return text, i18n.T(ctx, "call.fallback.only", "lang", first.Name())
	}
	return text, i18n.T(ctx, "call.fallback.shown", "lang", first.Name())
}

// firstLangOf is the language Localized.Get falls back to.
func firstLangOf(l models.Localized) string {
	for _, x := range []struct{ code, v string }{{"en", l.EN}, {"es", l.ES}, {"pt", l.PT}, {"zh", l.ZH}} {
		if x.v != "" {
			return x.code
		}
	}
	return "en"
}

// readerZone is the zone deadlines are shown in: the signed-in user's own,
// or for anonymous visitors the zone the call was announced in.
func readerZone(c *fiber.Ctx, callZone string) *time.Location {
	name := callZone
	if su := currentUser(c); su != nil && su.TimeZone != "" {
		name = su.TimeZone
	}
	if loc, err := time.LoadLocation(name); err == nil {
		return loc
	}
	return time.UTC
}

// countdown says how long a call stays open, counted in the reader's
// calendar days: "closes today", "1 day left", "12 days left".
func countdown(ctx context.Context, now, closes time.Time, loc *time.Location) string {
	if !closes.After(now) {
		return i18n.T(ctx, "call.countdown.closed")
	}
	y1, m1, d1 := now.In(loc).Date()
	y2, m2, d2 := closes.In(loc).Date()
	days := int64(time.Date(y2, m2, d2, 0, 0, 0, 0, time.UTC).Sub(time.Date(y1, m1, d1, 0, 0, 0, 0, time.UTC)).Hours() / 24)
	if days <= 0 {
		return i18n.T(ctx, "call.countdown.today")
	}
	return i18n.TN(ctx, "call.countdown.days", days)
}

func typeLabels(ctx context.Context, types []models.ProjectType) []string {
	out := make([]string, len(types))
	for i, t := range types {
		out[i] = i18n.T(ctx, "ptype."+string(t))
	}
	return out
}

// callCard is one call of the public lists, formatted for its reader.
func (h *Handler) callCard(c *fiber.Ctx, r models.CallListing) pages.CallCard {
	ctx := c.UserContext()
	loc := readerZone(c, r.TimeZone)
	title, note := localText(ctx, r.Title)
	card := pages.CallCard{ID: r.ID, Code: r.Code, Title: title, Note: note, Channel: r.Channel.In(string(i18n.LangOf(ctx))),
		Types: typeLabels(ctx, r.Types), Budget: i18n.Money(ctx, r.BudgetCapMinor, r.Currency),
		Opens: i18n.DateTime(ctx, r.OpensAt, loc), Closes: i18n.DateTime(ctx, r.ClosesAt, loc),
		Countdown: countdown(ctx, h.Now(), r.ClosesAt, loc)}
	for _, n := range r.Countries {
		card.Countries = append(card.Countries, n.In(string(i18n.LangOf(ctx))))
	}
	return card
}
