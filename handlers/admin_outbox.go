package handlers

import (
	"time"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"github.com/puente-science/puente/auth"
	"github.com/puente-science/puente/i18n"
	"github.com/puente-science/puente/models"
	"github.com/puente-science/puente/views/components"
	"github.com/puente-science/puente/views/pages"
)

// outboxErrorShown bounds the last error in the list; the message's page
// shows all of it.
const outboxErrorShown = 140

func (h *Handler) listOutbox(c *fiber.Ctx) error {
	if err := requirePerm(c, auth.ReadOutbox); err != nil {
		return err
	}
	ctx := c.UserContext()
	statuses := make([]string, len(models.MailStatuses))
	for i, s := range models.MailStatuses {
		statuses[i] = string(s)
	}
	v := pages.AdminOutboxView{Q: queryText(c, "q"), Status: oneOf(c.Query("status"), statuses), Statuses: statuses,
		Page: queryPage(c), SMTP: h.Config.SMTPURL != ""}
	v.Filtered = v.Q != "" || v.Status != ""
	f := models.MailOutboxFilter{Status: v.Status, Query: v.Q}
	rows, total, err := h.Store.OutboxPage(ctx, f, v.Page, adminPerPage)
	if err != nil {
		return err
	}
	v.Total, v.Pages = total, components.PageCount(total, adminPerPage)
	if len(rows) == 0 && total > 0 { // a page past the end, from an old link: show the last one
		v.Page = v.Pages
		if rows, _, err = h.Store.OutboxPage(ctx, f, v.Page, adminPerPage); err != nil {
			return err
		}
	}
	loc := readerLocation(c)
	for _, r := range rows {
		it := pages.AdminMailItem{ID: r.ID, Created: i18n.DateTime(ctx, r.CreatedAt, loc), To: r.ToAddress,
			ToName: r.ToName, Subject: r.Subject, Status: string(r.Status), Attempts: r.Attempts}
		it.NextLabel, it.Next = nextAttempt(c, r.Status, r.NextAttemptAt, loc)
		if r.LastError != nil {
			it.LastError = shorten(*r.LastError, outboxErrorShown)
		}
		v.Items = append(v.Items, it)
	}
	params := map[string]string{"q": v.Q, "status": v.Status}
	v.PageHref = func(page int) string { return listHref("/admin/outbox", params, "", false, page) }
	return render(c, pages.AdminOutbox(v))
}

func (h *Handler) showOutboxMail(c *fiber.Ctx) error {
	if err := requirePerm(c, auth.ReadOutbox); err != nil {
		return err
	}
	ctx := c.UserContext()
	id, err := paramID(c)
	if err != nil {
		return err
	}
	m, err := h.Store.MailByID(ctx, id)
	if err != nil {
		return err
	}
	loc := readerLocation(c)
	lang, _ := i18n.Parse(m.Locale)
	v := pages.AdminMailView{AdminMailItem: pages.AdminMailItem{ID: m.ID, Created: i18n.DateTime(ctx, m.CreatedAt, loc),
		To: m.ToAddress, ToName: m.ToName, Subject: m.Subject, Status: string(m.Status), Attempts: m.Attempts},
		Lang: lang.Name(), Text: linkify(m.BodyText, h.Config.BaseURL), HTML: m.BodyHTML, SMTP: h.Config.SMTPURL != ""}
	v.NextLabel, v.Next = nextAttempt(c, m.Status, m.NextAttemptAt, loc)
	if m.LastError != nil {
		v.LastError = *m.LastError
	}
	if m.SentAt != nil {
		v.Sent = i18n.DateTime(ctx, *m.SentAt, loc)
	}
	if m.DedupeKey != nil {
		v.DedupeKey = *m.DedupeKey
	}
	return render(c, pages.AdminMail(v))
}

// nextAttempt labels the next_attempt_at column by what it means in the
// message's status: while sending it is the end of the sender's lease;
// once sent or failed there is no next attempt.
func nextAttempt(c *fiber.Ctx, s models.MailStatus, at time.Time, loc *time.Location) (label, when string) {
	switch s {
	case models.MailPending:
		return "admin.outbox.next", i18n.DateTime(c.UserContext(), at, loc)
	case models.MailSending:
		return "admin.outbox.lease_ends", i18n.DateTime(c.UserContext(), at, loc)
	}
	return "", ""
}

// shorten cuts s to at most n characters, marking the cut.
func shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}
