package handlers

import (
	"context"
	"errors"
	"slices"
	"strings"

	"github.com/gofiber/fiber/v2"
	"golang.org/x/text/message"
	"golang.org/x/text/number"

	"github.com/puente-science/puente/auth"
	"github.com/puente-science/puente/i18n"
	"github.com/puente-science/puente/models"
	"github.com/puente-science/puente/views/pages"
	"github.com/puente-science/puente/workflow"
)

// decidedStates are the states in which the applicant learns the decision
// and reads the reviewers' comments meant for them.
var decidedStates = []workflow.State{workflow.Approved, workflow.Rejected, workflow.RevisionRequested,
	workflow.Active, workflow.Suspended, workflow.Completed, workflow.Terminated}

// projectReviews is what the reader may see of a project's reviews:
// officers and directors every review, names, scores and confidential
// comments included; the applicant, once decided, the decision and the
// comments written for them, signed "Reviewer 1", "Reviewer 2"; a
// reviewer nothing of the others. It costs two statements at most, however
// many reviews, plus one for the call's cap when the approve form shows.
func (h *Handler) projectReviews(c *fiber.Ctx, p *models.ProjectPage, actions []pages.ProjectAction) (pages.ProjectReviewsView, error) {
	ctx := c.UserContext()
	perm := permOf(c)
	var v pages.ProjectReviewsView
	if slices.ContainsFunc(actions, func(a pages.ProjectAction) bool { return a.Award }) {
		v.Requested = i18n.Money(ctx, p.RequestedMinor, p.Currency)
		capMinor, cur, ok, err := h.Store.AwardLimit(ctx, p.CallID)
		if err != nil {
			return v, err
		}
		if ok {
			v.Cap = i18n.Money(ctx, capMinor, cur)
		}
	}
	switch {
	case perm.Can(auth.ReadReviews, projectRecord(p)):
		return h.staffReviews(c, p, v)
	case perm.SignedIn() && perm.UserID == p.PIUserID:
		return h.applicantReviews(c, p, v)
	}
	return v, nil
}

// staffReviews fills the bureau's panel: one section per round, the
// current one first.
func (h *Handler) staffReviews(c *fiber.Ctx, p *models.ProjectPage, v pages.ProjectReviewsView) (pages.ProjectReviewsView, error) {
	ctx := c.UserContext()
	rows, err := h.Store.ProjectReviews(ctx, p.ID)
	if err != nil || len(rows) == 0 {
		return v, err
	}
	scores, err := h.Store.ProjectReviewScores(ctx, p.ID)
	if err != nil {
		return v, err
	}
	lang := string(i18n.LangOf(ctx))
	byReview := map[int64][]pages.CriterionScore{}
	for _, s := range scores {
		name, _ := s.Name.In(lang, "en")
		byReview[s.ReviewID] = append(byReview[s.ReviewID], pages.CriterionScore{Name: name,
			Weight: i18n.Number(ctx, int64(s.Weight)), Score: i18n.Number(ctx, int64(s.Score))})
	}
	loc := readerLocation(c)
	var round *pages.ReviewRoundView
	var centis []int
	closeRound := func() {
		if round != nil {
			round.Summary = scoreSummary(ctx, centis)
			v.Rounds = append(v.Rounds, *round)
		}
	}
	for _, r := range rows {
		if round == nil || round.Round != r.Round {
			closeRound()
			round, centis = &pages.ReviewRoundView{Round: r.Round, Current: r.Round == r.CurrentRound}, nil
		}
		switch {
		case r.Submitted():
			rv := pages.ReviewView{Reviewer: r.ReviewerName, Recommendation: string(deref(r.Recommendation)),
				Scores: byReview[*r.ReviewID], Applicant: deref(r.CommentApplicant), Confidential: deref(r.CommentConfidential),
				Submitted: i18n.Date(ctx, r.SubmittedAt.In(loc))}
			if r.WeightedScoreCenti != nil {
				rv.Score = centi(ctx, *r.WeightedScoreCenti)
				centis = append(centis, *r.WeightedScoreCenti)
			}
			round.Reviews = append(round.Reviews, rv)
		case r.Status == models.AssignmentAssigned:
			pr := pages.PendingReview{Reviewer: r.ReviewerName}
			if r.DueOn != nil {
				pr.Due = i18n.Date(ctx, r.DueOn.Time())
			}
			round.Pending = append(round.Pending, pr)
		}
		// A declared conflict or a withdrawal holds no review: the
		// reviewers page lists them.
	}
	closeRound()
	v.Rounds = slices.DeleteFunc(v.Rounds, func(r pages.ReviewRoundView) bool {
		return len(r.Reviews) == 0 && len(r.Pending) == 0
	})
	return v, nil
}

// applicantReviews fills the applicant's view: nothing of the reviews
// while they run, the decision and the comments meant for them after.
func (h *Handler) applicantReviews(c *fiber.Ctx, p *models.ProjectPage, v pages.ProjectReviewsView) (pages.ProjectReviewsView, error) {
	ctx := c.UserContext()
	if p.State == workflow.InReview || p.State == workflow.ReviewComplete {
		v.UnderReview = true
		return v, nil
	}
	if !slices.Contains(decidedStates, p.State) {
		return v, nil
	}
	d, err := h.Store.LatestDecision(ctx, p.ID)
	if errors.Is(err, models.ErrNotFound) {
		return v, nil // an initiative older than Puente: decided on paper
	}
	if err != nil {
		return v, err
	}
	rows, err := h.Store.ProjectReviews(ctx, p.ID)
	if err != nil {
		return v, err
	}
	dv := pages.DecisionView{Kind: string(d.Decision), Comment: deref(d.Comment), Conditions: deref(d.Conditions),
		DecidedOn: i18n.Date(ctx, d.DecidedAt.In(readerLocation(c)))}
	if d.AwardMinor != nil {
		dv.Award = i18n.Money(ctx, *d.AwardMinor, p.Currency)
	}
	// Reviewers are numbered by the order of their assignment in the
	// decided round; nothing else of them is shown.
	n := 0
	for _, r := range rows {
		if r.Round != r.CurrentRound || !r.Submitted() {
			continue
		}
		n++
		if text := strings.TrimSpace(deref(r.CommentApplicant)); text != "" {
			dv.Comments = append(dv.Comments, pages.ReviewerComment{Number: int64(n), Text: text})
		}
	}
	v.Decision = &dv
	return v, nil
}

// scoreSummary is the mean and spread of weighted scores (× 100).
func scoreSummary(ctx context.Context, centis []int) pages.ScoreSummary {
	s := pages.ScoreSummary{Count: int64(len(centis))}
	if len(centis) == 0 {
		return s
	}
	sum := 0
	for _, c := range centis {
		sum += c
	}
	mean := (2*sum + len(centis)) / (2 * len(centis)) // rounded half up
	spread := slices.Max(centis) - slices.Min(centis)
	s.Mean, s.Spread, s.Disagree = centi(ctx, mean), centi(ctx, spread), spread >= disagreeCenti
	return s
}

// centi shows a score kept × 100 with two decimals in the reader's
// number format: 345 is 3.45, or 3,45.
func centi(ctx context.Context, n int) string {
	return message.NewPrinter(i18n.LangOf(ctx).Tag()).Sprint(number.Decimal(float64(n)/100, number.Scale(2)))
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}
