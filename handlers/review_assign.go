package handlers

import (
	"errors"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"

	"github.com/puente-science/puente/auth"
	"github.com/puente-science/puente/i18n"
	"github.com/puente-science/puente/models"
	"github.com/puente-science/puente/views/pages"
)

// defaultReviewDays is how long a reviewer gets unless the officer says
// otherwise.
const defaultReviewDays = 21

// maxSearch bounds a search box's text.
const maxSearch = 100

func reviewersPath(id int64) string { return "/projects/" + strconv.FormatInt(id, 10) + "/reviewers" }

// showReviewers is the officer's page of a project's reviewers: the
// current round's assignments and, while reviewers may be assigned, the
// candidates, suggested ones first. htmx asks for the candidates only when
// the search changes.
func (h *Handler) showReviewers(c *fiber.Ctx) error {
	p, err := h.loadProject(c)
	if err != nil {
		return err
	}
	if !permOf(c).Can(auth.ViewReviewers, projectRecord(p)) {
		return fiber.ErrForbidden
	}
	form := pages.AssignForm{Q: searchText(c.Query("q")), Selected: map[string]bool{}, Errors: map[string]string{}}
	v, err := h.reviewersView(c, p, form)
	if err != nil {
		return err
	}
	v.Notice = reviewersNotice(c.Query("done"))
	c.Vary("HX-Request")
	if c.Get("HX-Request") == "true" && c.Get("HX-History-Restore-Request") != "true" {
		return render(c, pages.ReviewerCandidates(v))
	}
	return render(c, pages.Reviewers(v))
}

func reviewersNotice(done string) string {
	switch done {
	case "assigned", "withdrawn":
		return "review.assign.notice." + done
	}
	return ""
}

// assignReviewers assigns the ticked candidates with one due date.
func (h *Handler) assignReviewers(c *fiber.Ctx) error {
	p, err := h.loadProject(c)
	if err != nil {
		return err
	}
	if !permOf(c).Can(auth.AssignReviewers, projectRecord(p)) {
		return fiber.ErrForbidden
	}
	ctx := c.UserContext()
	form := pages.AssignForm{Q: searchText(formString(c, "q")), Due: formString(c, "due_on"),
		Selected: map[string]bool{}, Errors: map[string]string{}}
	var ids []int64
	for _, s := range formValues(c, "reviewer") {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil || id <= 0 {
			form.Errors["reviewer"] = "form.invalid_choice"
			continue
		}
		if !form.Selected[s] {
			ids = append(ids, id)
		}
		form.Selected[s] = true
	}
	if len(ids) == 0 && form.Errors["reviewer"] == "" {
		form.Errors["reviewer"] = "review.assign.error.none"
	}
	due, err := models.ParseDate(form.Due)
	today := models.DateOf(h.Now().In(readerLocation(c)))
	switch {
	case form.Due == "":
		form.Errors["due_on"] = "review.assign.error.due_required"
	case err != nil:
		form.Errors["due_on"] = "review.assign.error.due_format"
	case !due.After(today):
		form.Errors["due_on"] = "review.assign.error.due_past"
	case due.After(today.AddDays(365)):
		form.Errors["due_on"] = "review.assign.error.due_far"
	}
	if len(form.Errors) > 0 {
		return h.rerenderReviewers(c, p, form, fiber.StatusUnprocessableEntity)
	}
	m := meta(c)
	err = h.Store.AssignReviewers(ctx, models.AssignInput{ProjectID: p.ID, ReviewerIDs: ids, DueOn: due,
		ActorID: currentUser(c).UserID, IP: m.IP, RequestID: m.RequestID, Now: h.Now()})
	var refusal *models.ReviewError
	switch {
	case err == nil:
		return c.Redirect(reviewersPath(p.ID)+"?done=assigned", fiber.StatusSeeOther)
	case errors.As(err, &refusal):
		form.Error, form.ErrorReviewer = refusal.Key, refusal.ReviewerID
		status := fiber.StatusUnprocessableEntity
		if refusal.Key == models.ErrKeyNotAssignable || refusal.Key == models.ErrKeyAlreadyAssigned {
			status = fiber.StatusConflict // the page was older than the project
		}
		return h.rerenderReviewers(c, p, form, status)
	default:
		return err
	}
}

// withdrawReviewer takes an unsubmitted assignment back.
func (h *Handler) withdrawReviewer(c *fiber.Ctx) error {
	p, err := h.loadProject(c)
	if err != nil {
		return err
	}
	if !permOf(c).Can(auth.AssignReviewers, projectRecord(p)) {
		return fiber.ErrForbidden
	}
	aid, err := strconv.ParseInt(c.Params("aid"), 10, 64)
	if err != nil || aid <= 0 {
		return fiber.ErrNotFound
	}
	m := meta(c)
	err = h.Store.WithdrawAssignment(c.UserContext(), p.ID, aid, currentUser(c).UserID, m.IP, m.RequestID, h.Now())
	var refusal *models.ReviewError
	switch {
	case err == nil:
		return c.Redirect(reviewersPath(p.ID)+"?done=withdrawn", fiber.StatusSeeOther)
	case errors.As(err, &refusal):
		form := pages.AssignForm{Selected: map[string]bool{}, Errors: map[string]string{}, Error: refusal.Key}
		// The project page may have moved on (the last review completed
		// it): show the page as it is now.
		if p, err = h.Store.ProjectPageByID(c.UserContext(), p.ID); err != nil {
			return err
		}
		return h.rerenderReviewers(c, p, form, fiber.StatusConflict)
	default:
		return err
	}
}

func (h *Handler) rerenderReviewers(c *fiber.Ctx, p *models.ProjectPage, form pages.AssignForm, status int) error {
	v, err := h.reviewersView(c, p, form)
	if err != nil {
		return err
	}
	return render(c.Status(status), pages.Reviewers(v))
}

// reviewersView builds the page: four queries for the project (loaded by
// the caller), one for the assignments, four for the candidates.
func (h *Handler) reviewersView(c *fiber.Ctx, p *models.ProjectPage, form pages.AssignForm) (pages.ReviewersView, error) {
	ctx := c.UserContext()
	lang := string(i18n.LangOf(ctx))
	loc := readerLocation(c)
	today := models.DateOf(h.Now().In(loc))
	if form.Due == "" {
		form.Due = today.AddDays(defaultReviewDays).String()
	}
	v := pages.ReviewersView{ProjectID: p.ID, Code: p.Code, State: p.State, Round: p.ReviewRound,
		Needed: p.ReviewersNeeded(), Active: p.ReviewersActive(), Form: form, MinDue: today.AddDays(1).String(),
		CanAssign: permOf(c).Can(auth.AssignReviewers, projectRecord(p)) && models.AssignableState(p.State)}
	v.Title, v.TitleLang = p.Title.In(lang, p.Lang)
	rows, err := h.Store.ProjectAssignments(ctx, p.ID)
	if err != nil {
		return v, err
	}
	for _, r := range rows {
		it := pages.AssignmentItem{ID: r.ID, Name: r.ReviewerName, Email: r.ReviewerEmail, Round: r.Round,
			Status: string(r.Status), AssignedAt: i18n.Date(ctx, r.AssignedAt.In(loc))}
		if r.InstitutionName != nil {
			it.Institution = *r.InstitutionName
		}
		if r.DueOn != nil {
			it.Due = i18n.Date(ctx, r.DueOn.Time())
			if r.Status == models.AssignmentAssigned {
				it.DueNote, it.Overdue = dueNote(c.UserContext(), today, *r.DueOn)
			}
		}
		if r.RemindedAt != nil {
			it.Reminded = i18n.DateTime(ctx, *r.RemindedAt, loc)
		}
		if r.ConflictNote != nil && r.Status == models.AssignmentConflictDeclared {
			it.ConflictNote = *r.ConflictNote
		}
		switch {
		case r.SubmittedAt != nil:
			it.Progress = i18n.T(ctx, "review.progress.submitted", "date", i18n.Date(ctx, r.SubmittedAt.In(loc)))
		case r.ReviewSavedAt != nil && r.Status == models.AssignmentAssigned:
			it.Progress = i18n.T(ctx, "review.progress.draft", "date", i18n.Date(ctx, r.ReviewSavedAt.In(loc)))
		}
		if r.WeightedScoreCenti != nil && r.SubmittedAt != nil {
			it.Score = i18n.Decimal(ctx, float64(*r.WeightedScoreCenti)/100, 2)
		}
		if r.Recommendation != nil && r.SubmittedAt != nil {
			it.Recommendation = string(*r.Recommendation)
		}
		it.CanWithdraw = v.CanAssign && r.Round == p.ReviewRound && r.Status == models.AssignmentAssigned
		if r.ReviewerID == form.ErrorReviewer {
			form.ErrorName = r.ReviewerName
		}
		if r.Round == p.ReviewRound {
			v.Current = append(v.Current, it)
		} else {
			v.Earlier = append(v.Earlier, it)
		}
	}
	if v.CanAssign {
		cands, err := h.Store.ReviewerCandidates(ctx, models.CandidateQuery{ProjectID: p.ID, Search: form.Q, Limit: 30})
		if err != nil {
			return v, err
		}
		for _, k := range cands {
			it := pages.CandidateItem{ID: strconv.FormatInt(k.ID, 10), Name: k.Name, Email: k.Email,
				Suggested: k.Suggested(), Shares: k.SharesInstitution,
				Load: i18n.TN(ctx, "review.candidate.load", int64(k.OpenReviews))}
			if k.InstitutionName != nil {
				it.Institution = *k.InstitutionName
			}
			var names []string
			for _, d := range k.Matched {
				names = append(names, d.Name.In(lang))
			}
			if len(names) > 0 {
				it.Why = i18n.T(ctx, "review.candidate.why", "disciplines", strings.Join(names, ", "))
			}
			if k.ID == form.ErrorReviewer {
				form.ErrorName = k.Name
			}
			v.Candidates = append(v.Candidates, it)
		}
	}
	v.Form = form
	return v, nil
}

// searchText trims a search and bounds its length.
func searchText(s string) string {
	s = strings.TrimSpace(strings.Clone(s))
	for utf8.RuneCountInString(s) > maxSearch {
		_, size := utf8.DecodeLastRuneInString(s)
		s = s[:len(s)-size]
	}
	return s
}
