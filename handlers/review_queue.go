package handlers

import (
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/puente-science/puente/i18n"
	"github.com/puente-science/puente/models"
	"github.com/puente-science/puente/views/components"
	"github.com/puente-science/puente/views/pages"
)

// listReviews is the reviewer's queue: what waits for them, what they have
// begun, what they have done, and where they declared a conflict, each by
// due date. It names projects and calls, never other reviewers.
func (h *Handler) listReviews(c *fiber.Ctx) error {
	ctx := c.UserContext()
	lang := string(i18n.LangOf(ctx))
	desc := c.Query("dir") == "desc"
	rows, err := h.Store.ReviewerQueue(ctx, currentUser(c).UserID, desc)
	if err != nil {
		return err
	}
	loc := readerLocation(c)
	today := models.DateOf(h.Now().In(loc))
	v := pages.ReviewQueueView{Desc: desc, Notice: reviewQueueNotice(c.Query("done"))}
	v.SortHref = func(_ string, d bool) string {
		if d {
			return "/reviews?dir=desc"
		}
		return "/reviews"
	}
	v.Sort = components.SortHeader{Label: i18n.T(ctx, "review.col.due"), Key: "due", Current: "due", Desc: desc, Href: v.SortHref}
	for _, r := range rows {
		it := pages.ReviewQueueItem{Href: "/reviews/" + strconv.FormatInt(r.AssignmentID, 10), Code: r.ProjectCode,
			ProjectHref: "/projects/" + strconv.FormatInt(r.ProjectID, 10)}
		it.Title, it.TitleLang = r.ProjectTitle.In(lang, r.ProjectLang)
		if r.CallCode != nil {
			title, _ := r.CallTitle.In(lang, "en")
			it.Call = *r.CallCode + " · " + title
		}
		if r.DueOn != nil {
			it.Due = i18n.Date(ctx, r.DueOn.Time())
			if r.Open() {
				it.DueNote, it.Overdue = dueNote(c.UserContext(), today, *r.DueOn)
			}
		}
		switch {
		case r.Status == models.AssignmentSubmitted:
			if r.SubmittedAt != nil {
				it.DueNote = i18n.T(ctx, "review.progress.submitted", "date", i18n.Date(ctx, r.SubmittedAt.In(loc)))
			}
			v.Submitted = append(v.Submitted, it)
		case r.Status == models.AssignmentConflictDeclared:
			v.Conflicts = append(v.Conflicts, it)
		case !r.Open():
			v.Closed = append(v.Closed, it)
		case r.ReviewSavedAt != nil:
			it.Saved = i18n.T(ctx, "review.progress.draft", "date", i18n.Date(ctx, r.ReviewSavedAt.In(loc)))
			v.InProgress = append(v.InProgress, it)
		default:
			v.Pending = append(v.Pending, it)
		}
	}
	return render(c, pages.ReviewQueue(v))
}

func reviewQueueNotice(done string) string {
	switch done {
	case "conflict", "submitted":
		return "review.notice." + done
	}
	return ""
}
