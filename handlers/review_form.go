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

func reviewPath(id int64) string { return "/reviews/" + strconv.FormatInt(id, 10) }

// loadReviewSheet loads the assignment in the address; it is its
// reviewer's alone, and anyone else gets 404 as if it did not exist.
func (h *Handler) loadReviewSheet(c *fiber.Ctx) (*models.ReviewSheet, error) {
	id, err := paramID(c)
	if err != nil {
		return nil, err
	}
	r, err := h.Store.ReviewSheetByID(c.UserContext(), id)
	if err != nil {
		return nil, err
	}
	if !permOf(c).Can(auth.ReviewProject, auth.Record{OwnerID: r.ReviewerID}) {
		return nil, h.deny(c)
	}
	return r, nil
}

// showReview is the assignment's one page: the conflict declaration first,
// then the scoring form, then the submitted review, read-only.
func (h *Handler) showReview(c *fiber.Ctx) error {
	r, err := h.loadReviewSheet(c)
	if err != nil {
		return err
	}
	v := h.reviewFormView(c, r, nil)
	switch c.Query("done") {
	case "declared", "saved", "submitted":
		v.Notice = "review.notice." + c.Query("done")
	}
	return render(c, pages.ReviewForm(v))
}

// saveReview takes the declaration (action=declare) or the scores
// (action=save keeps a draft, action=submit hands the review in). Invalid
// input comes back, 422, with everything typed; a review closed meanwhile
// answers 409, still with everything typed.
func (h *Handler) saveReview(c *fiber.Ctx) error {
	r, err := h.loadReviewSheet(c)
	if err != nil {
		return err
	}
	typed := readReviewForm(c, r)
	m := meta(c)
	uid := currentUser(c).UserID
	if typed.Action == "declare" {
		if typed.Conflict != "yes" && typed.Conflict != "no" {
			typed.Errors["conflict"] = "review.error.declare_choice"
		}
		if typed.Conflict == "yes" && typed.ConflictNote == "" {
			typed.Errors["conflict_note"] = models.ErrKeyConflictNote
		}
		if utf8.RuneCountInString(typed.ConflictNote) > 2000 {
			typed.Errors["conflict_note"] = "review.error.too_long"
		}
		if len(typed.Errors) > 0 {
			return h.rerenderReview(c, r, typed, fiber.StatusUnprocessableEntity, "")
		}
		err = h.Store.DeclareConflict(c.UserContext(), models.DeclarationInput{AssignmentID: r.AssignmentID, ReviewerID: uid,
			Conflict: typed.Conflict == "yes", Note: typed.ConflictNote, IP: m.IP, RequestID: m.RequestID, Now: h.Now()})
		if err == nil {
			if typed.Conflict == "yes" {
				return c.Redirect("/reviews?done=conflict", fiber.StatusSeeOther)
			}
			return c.Redirect(reviewPath(r.AssignmentID)+"?done=declared", fiber.StatusSeeOther)
		}
		return h.reviewRefused(c, r, typed, err)
	}
	if typed.Action != "save" && typed.Action != "submit" {
		return fiber.ErrBadRequest
	}
	in := validateReviewForm(r, &typed)
	if len(typed.Errors) > 0 {
		return h.rerenderReview(c, r, typed, fiber.StatusUnprocessableEntity, "")
	}
	in.AssignmentID, in.ReviewerID, in.IP, in.RequestID, in.Now = r.AssignmentID, uid, m.IP, m.RequestID, h.Now()
	if _, err = h.Store.SaveReview(c.UserContext(), in); err != nil {
		return h.reviewRefused(c, r, typed, err)
	}
	done := "saved"
	if in.Submit {
		done = "submitted"
	}
	return c.Redirect(reviewPath(r.AssignmentID)+"?done="+done, fiber.StatusSeeOther)
}

// reviewRefused shows the store's refusal over the page as it is now, with
// what was typed.
func (h *Handler) reviewRefused(c *fiber.Ctx, r *models.ReviewSheet, typed pages.ReviewTyped, err error) error {
	var refusal *models.ReviewError
	if !errors.As(err, &refusal) {
		return err
	}
	fresh, lerr := h.Store.ReviewSheetByID(c.UserContext(), r.AssignmentID)
	if lerr != nil {
		return lerr
	}
	status := fiber.StatusConflict
	if refusal.Key != models.ErrKeyReviewClosed {
		status = fiber.StatusUnprocessableEntity
	}
	return h.rerenderReview(c, fresh, typed, status, refusal.Key)
}

func (h *Handler) rerenderReview(c *fiber.Ctx, r *models.ReviewSheet, typed pages.ReviewTyped, status int, key string) error {
	v := h.reviewFormView(c, r, &typed)
	v.Error = key
	return render(c.Status(status), pages.ReviewForm(v))
}

// readReviewForm reads the posted form as typed.
func readReviewForm(c *fiber.Ctx, r *models.ReviewSheet) pages.ReviewTyped {
	t := pages.ReviewTyped{Action: formString(c, "action"), Conflict: formString(c, "conflict"),
		ConflictNote: reviewText(c, "conflict_note"), Scores: map[string]string{}, Overall: formString(c, "score_overall"),
		Recommendation: formString(c, "recommendation"), CommentApplicant: reviewText(c, "comment_applicant"),
		CommentConfidential: reviewText(c, "comment_confidential"), Errors: map[string]string{}}
	for _, k := range r.Criteria {
		id := strconv.FormatInt(k.ID, 10)
		t.Scores[id] = formString(c, "score_"+id)
	}
	return t
}

// reviewText is a multi-line field, trimmed, with its line ends made plain.
func reviewText(c *fiber.Ctx, name string) string {
	return strings.TrimSpace(strings.ReplaceAll(strings.Clone(c.FormValue(name)), "\r\n", "\n"))
}

// validateReviewForm checks the typed review and builds the input to save;
// a submission must be complete, a draft only well-formed.
func validateReviewForm(r *models.ReviewSheet, t *pages.ReviewTyped) models.ReviewInput {
	in := models.ReviewInput{Submit: t.Action == "submit", Scores: map[int64]int{},
		CommentApplicant: t.CommentApplicant, CommentConfidential: t.CommentConfidential}
	score := func(field, s string) int {
		if s == "" {
			if in.Submit {
				t.Errors[field] = "review.error.score_required"
			}
			return 0
		}
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 || n > 5 {
			t.Errors[field] = "review.error.score"
			return 0
		}
		return n
	}
	for _, k := range r.Criteria {
		id := strconv.FormatInt(k.ID, 10)
		if n := score("score_"+id, t.Scores[id]); n > 0 {
			in.Scores[k.ID] = n
		}
	}
	if len(r.Criteria) == 0 {
		in.Overall = score("score_overall", t.Overall)
	}
	switch rec := models.Recommendation(t.Recommendation); {
	case t.Recommendation == "":
		if in.Submit {
			t.Errors["recommendation"] = "review.error.recommendation_required"
		}
	case !rec.Valid():
		t.Errors["recommendation"] = "form.invalid_choice"
	default:
		in.Recommendation = &rec
	}
	if in.Submit && t.CommentApplicant == "" {
		t.Errors["comment_applicant"] = "review.error.comment_required"
	}
	for _, f := range []struct{ name, value string }{{"comment_applicant", t.CommentApplicant}, {"comment_confidential", t.CommentConfidential}} {
		if len(f.value) > models.MaxReviewCommentLen {
			t.Errors[f.name] = "review.error.too_long"
		}
	}
	return in
}

// reviewFormView builds the page from the stored review, or from what was
// typed when typed is set.
func (h *Handler) reviewFormView(c *fiber.Ctx, r *models.ReviewSheet, typed *pages.ReviewTyped) pages.ReviewFormView {
	ctx := c.UserContext()
	lang := string(i18n.LangOf(ctx))
	loc := readerLocation(c)
	v := pages.ReviewFormView{AssignmentID: r.AssignmentID, ProjectHref: "/projects/" + strconv.FormatInt(r.ProjectID, 10),
		Code: r.ProjectCode, NoRubric: len(r.Criteria) == 0, Round: r.Round}
	v.Title, v.TitleLang = r.ProjectTitle.In(lang, r.ProjectLang)
	if r.CallCode != nil {
		title, _ := r.CallTitle.In(lang, "en")
		v.Call = *r.CallCode + " · " + title
	}
	if r.DueOn != nil {
		v.Due = i18n.Date(ctx, r.DueOn.Time())
		if r.Open() {
			v.DueNote, v.Overdue = dueNote(c.UserContext(), models.DateOf(h.Now().In(loc)), *r.DueOn)
		}
	}
	switch {
	case r.Status == models.AssignmentConflictDeclared:
		v.Stage = "conflict"
	case r.Status == models.AssignmentSubmitted:
		v.Stage = "submitted"
	case !r.Open():
		v.Stage = "closed"
	case !r.Declared():
		v.Stage = "declare"
	default:
		v.Stage = "score"
	}
	if r.ConflictNote != nil {
		v.ConflictNote = *r.ConflictNote
	}
	if r.SavedAt != nil && r.SubmittedAt == nil {
		v.Saved = i18n.DateTime(ctx, *r.SavedAt, loc)
	}
	if r.SubmittedAt != nil {
		v.SubmittedAt = i18n.DateTime(ctx, *r.SubmittedAt, loc)
		if r.WeightedScoreCenti != nil {
			v.WeightedScore = i18n.Decimal(ctx, float64(*r.WeightedScoreCenti)/100, 2)
		}
	}
	t := pages.ReviewTyped{Scores: map[string]string{}, Errors: map[string]string{}}
	if typed != nil {
		t = *typed
	} else {
		for id, s := range r.Scores {
			t.Scores[strconv.FormatInt(id, 10)] = strconv.Itoa(s)
		}
		if n := r.OverallScore(); n > 0 {
			t.Overall = strconv.Itoa(n)
		}
		if r.Recommendation != nil {
			t.Recommendation = string(*r.Recommendation)
		}
		if r.CommentApplicant != nil {
			t.CommentApplicant = *r.CommentApplicant
		}
		if r.CommentConfidential != nil {
			t.CommentConfidential = *r.CommentConfidential
		}
	}
	v.Form = t
	for _, k := range r.Criteria {
		it := pages.ReviewCriterion{ID: strconv.FormatInt(k.ID, 10), Weight: strconv.Itoa(k.Weight)}
		it.Name, it.NameLang = k.Name.In(lang, "en")
		it.Guidance, it.GuidanceLang = k.Guidance.In(lang, "en")
		if it.Guidance != "" && it.GuidanceLang != lang {
			it.Fallback = i18n.T(ctx, "review.guidance.fallback", "language", i18n.Lang(it.GuidanceLang).Name())
		}
		v.Criteria = append(v.Criteria, it)
	}
	return v
}
