package models

import (
	"context"
	"fmt"
	"slices"
	"time"

	"gorm.io/gorm"

	"github.com/puente-science/puente/workflow"
)

// The staff work queues: applications to screen, in review, and awaiting a
// director's decision. Each page costs a fixed number of statements: the
// counts, one page of rows with their aggregates, and the call filter's
// choices.

// QueueFilter narrows a queue; zero fields do not filter. The handler
// checks Sort against the queue's keys and CallID against the choices.
type QueueFilter struct {
	CallID int64
	Type   ProjectType
	Sort   string
	Desc   bool
}

// Sort keys of each queue; the first is the default.
var (
	ScreeningSortKeys = []string{"submitted", "code", "requested", "reviewers", "attachments"}
	InReviewSortKeys  = []string{"due", "submitted", "code", "received"}
	DecisionSortKeys  = []string{"waiting", "score", "spread", "requested", "code"}
)

// QueueRow is what every queue shows of an application.
type QueueRow struct {
	ID             int64
	Code           string
	Lang           string
	Title          Texts `gorm:"embedded;embeddedPrefix:title_"`
	Type           ProjectType
	PIName         string
	CountryISO2    *string
	Country        Names `gorm:"embedded;embeddedPrefix:country_"`
	CallID         *int64
	CallCode       *string
	Currency       string
	RequestedMinor int64
	SubmittedAt    *time.Time
	StateChangedAt time.Time
}

// ScreeningRow is a submitted application waiting to be screened.
type ScreeningRow struct {
	QueueRow
	Attachments int
	Reviewers   int // active assignments of the current round
	MinReviews  int // the call's minimum; 1 without a call
}

// InReviewRow is an application under review.
type InReviewRow struct {
	QueueRow
	Assigned    int   // active assignments of the current round
	Received    int   // of which submitted
	EarliestDue *Date // the earliest due date of a review still pending
}

// DecisionRow is a reviewed application awaiting a director, with its
// current round's submitted reviews summed up.
type DecisionRow struct {
	QueueRow
	CapMinor    *int64 // the call's cap per project; nil without a call
	CapCurrency *string
	Reviews     int
	ScoreSum    int64 // of weighted_score_centi
	ScoreMin    *int
	ScoreMax    *int
	Fund        int
	WithChanges int
	DoNotFund   int
}

// MeanCenti is the mean weighted score × 100, rounded half up; 0 without
// reviews.
func (r DecisionRow) MeanCenti() int {
	if r.Reviews == 0 {
		return 0
	}
	return int((2*r.ScoreSum + int64(r.Reviews)) / (2 * int64(r.Reviews)))
}

// SpreadCenti is the highest minus the lowest weighted score × 100.
func (r DecisionRow) SpreadCenti() int {
	if r.ScoreMin == nil || r.ScoreMax == nil {
		return 0
	}
	return *r.ScoreMax - *r.ScoreMin
}

// queueSelect is the columns of QueueRow.
const queueSelect = `p.id, p.code, p.lang, p.title_en, p.title_es, p.title_pt, p.title_zh, p.type,
	pi.name AS pi_name, p.lead_country_iso2 AS country_iso2,
	lc.name_en AS country_en, lc.name_es AS country_es, lc.name_pt AS country_pt, lc.name_zh AS country_zh,
	p.call_id, c.code AS call_code, p.currency, p.requested_minor, p.submitted_at, p.state_changed_at`

// slotStatuses are the statuses that hold a reviewer's slot.
var slotStatuses = []AssignmentStatus{AssignmentAssigned, AssignmentSubmitted}

// queueBase selects the projects of one state with the joins QueueRow needs
// and the filter applied.
func (s *Store) queueBase(ctx context.Context, state workflow.State, f QueueFilter) *gorm.DB {
	q := s.db.WithContext(ctx).Table("projects p").
		Joins("JOIN users pi ON pi.id = p.pi_user_id").
		Joins("LEFT JOIN countries lc ON lc.iso2 = p.lead_country_iso2").
		Joins("LEFT JOIN calls c ON c.id = p.call_id").
		Where("p.state = ?", state)
	if f.CallID != 0 {
		q = q.Where("p.call_id = ?", f.CallID)
	}
	if f.Type != "" {
		q = q.Where("p.type = ?", f.Type)
	}
	return q
}

// queueOrder applies an allow-listed sort: exprs maps each key to its ORDER BY
// expression; the key's absence falls back to the first key. The id
// breaks ties, so pages never overlap.
func queueOrder(q *gorm.DB, keys []string, exprs map[string]string, f QueueFilter) *gorm.DB {
	key := f.Sort
	if !slices.Contains(keys, key) {
		key = keys[0]
	}
	dir := " ASC"
	if f.Desc {
		dir = " DESC"
	}
	return q.Order(exprs[key] + dir).Order("p.id" + dir)
}

// QueueCounts counts the applications in each state of states that pass
// the filter, in one statement.
func (s *Store) QueueCounts(ctx context.Context, states []workflow.State, f QueueFilter) (map[workflow.State]int64, error) {
	var rows []struct {
		State workflow.State
		N     int64
	}
	q := s.db.WithContext(ctx).Table("projects p").Select("p.state, COUNT(*) AS n").Where("p.state IN ?", states)
	if f.CallID != 0 {
		q = q.Where("p.call_id = ?", f.CallID)
	}
	if f.Type != "" {
		q = q.Where("p.type = ?", f.Type)
	}
	if err := q.Group("p.state").Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: unable to count the queues: %w", err)
	}
	out := make(map[workflow.State]int64, len(states))
	for _, r := range rows {
		out[r.State] = r.N
	}
	return out, nil
}

// QueueCalls lists, newest first, the calls that have applications in any
// of states: the choices of the queues' call filter.
func (s *Store) QueueCalls(ctx context.Context, states []workflow.State) ([]ListOption, error) {
	var rows []struct {
		ID                                 int64
		Code                               string
		TitleEN, TitleES, TitlePT, TitleZH *string
	}
	err := s.db.WithContext(ctx).Table("calls c").
		Select("c.id, c.code, c.title_en, c.title_es, c.title_pt, c.title_zh").
		Where("EXISTS (SELECT 1 FROM projects p WHERE p.call_id = c.id AND p.state IN ?)", states).
		Order("c.opens_at DESC, c.id").Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("store: unable to list the queues' calls: %w", err)
	}
	out := make([]ListOption, len(rows))
	for i, r := range rows {
		t := Texts{EN: r.TitleEN, ES: r.TitleES, PT: r.TitlePT, ZH: r.TitleZH}
		name := func(l string) string { s, _ := t.In(l, "en"); return r.Code + " · " + s }
		out[i] = ListOption{Value: fmt.Sprint(r.ID), Name: Localized{name("en"), name("es"), name("pt"), name("zh")}}
	}
	return out, nil
}

// ScreeningPage lists one page (from 1) of submitted applications, oldest
// submission first unless sorted otherwise, with attachment and reviewer
// counts.
func (s *Store) ScreeningPage(ctx context.Context, f QueueFilter, page, perPage int) ([]ScreeningRow, error) {
	var rows []ScreeningRow
	q := s.queueBase(ctx, workflow.Submitted, f).Select(queueSelect+`,
		(SELECT COUNT(*) FROM attachments a WHERE a.project_id = p.id AND a.report_id IS NULL) AS attachments,
		(SELECT COUNT(*) FROM review_assignments ra WHERE ra.project_id = p.id AND ra.round = p.review_round
			AND ra.status IN ?) AS reviewers,
		COALESCE(c.min_reviews, 1) AS min_reviews`, slotStatuses)
	q = queueOrder(q, ScreeningSortKeys, map[string]string{
		"submitted": "p.submitted_at", "code": "p.code", "requested": "p.requested_minor",
		"reviewers": "reviewers", "attachments": "attachments",
	}, f)
	if err := q.Limit(perPage).Offset((max(page, 1) - 1) * perPage).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: unable to list applications to screen: %w", err)
	}
	return rows, nil
}

// InReviewPage lists one page of applications in review, the earliest
// pending due date first unless sorted otherwise.
func (s *Store) InReviewPage(ctx context.Context, f QueueFilter, page, perPage int) ([]InReviewRow, error) {
	var rows []InReviewRow
	q := s.queueBase(ctx, workflow.InReview, f).Select(queueSelect+`,
		COALESCE(ra.assigned, 0) AS assigned, COALESCE(ra.received, 0) AS received, ra.earliest_due`).
		Joins(`LEFT JOIN (SELECT a.project_id, COUNT(*) AS assigned,
				SUM(CASE WHEN a.status = ? THEN 1 ELSE 0 END) AS received,
				MIN(CASE WHEN a.status = ? THEN a.due_on END) AS earliest_due
			FROM review_assignments a JOIN projects rp ON rp.id = a.project_id
			WHERE rp.state = ? AND a.round = rp.review_round AND a.status IN ?
			GROUP BY a.project_id) ra ON ra.project_id = p.id`,
			AssignmentSubmitted, AssignmentAssigned, workflow.InReview, slotStatuses)
	q = queueOrder(q, InReviewSortKeys, map[string]string{
		// Applications with no pending due date come last either way.
		"due": "ra.earliest_due IS NULL, ra.earliest_due", "submitted": "p.submitted_at", "code": "p.code",
		"received": "COALESCE(ra.received, 0)",
	}, f)
	if err := q.Limit(perPage).Offset((max(page, 1) - 1) * perPage).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: unable to list applications in review: %w", err)
	}
	return rows, nil
}

// DecisionPage lists one page of applications awaiting a decision, the
// longest waiting first unless sorted otherwise, with the aggregates of
// their current round's submitted reviews computed by the database.
func (s *Store) DecisionPage(ctx context.Context, f QueueFilter, page, perPage int) ([]DecisionRow, error) {
	var rows []DecisionRow
	q := s.queueBase(ctx, workflow.ReviewComplete, f).Select(queueSelect+`,
		c.budget_cap_minor AS cap_minor, c.currency AS cap_currency,
		COALESCE(rv.reviews, 0) AS reviews, COALESCE(rv.score_sum, 0) AS score_sum, rv.score_min, rv.score_max,
		COALESCE(rv.fund, 0) AS fund, COALESCE(rv.with_changes, 0) AS with_changes, COALESCE(rv.do_not_fund, 0) AS do_not_fund`).
		Joins(`LEFT JOIN (SELECT a.project_id, COUNT(*) AS reviews, SUM(r.weighted_score_centi) AS score_sum,
				MIN(r.weighted_score_centi) AS score_min, MAX(r.weighted_score_centi) AS score_max,
				SUM(CASE WHEN r.recommendation = ? THEN 1 ELSE 0 END) AS fund,
				SUM(CASE WHEN r.recommendation = ? THEN 1 ELSE 0 END) AS with_changes,
				SUM(CASE WHEN r.recommendation = ? THEN 1 ELSE 0 END) AS do_not_fund
			FROM review_assignments a
			JOIN projects rp ON rp.id = a.project_id
			JOIN reviews r ON r.assignment_id = a.id
			WHERE rp.state = ? AND a.round = rp.review_round AND a.status = ? AND r.submitted_at IS NOT NULL
			GROUP BY a.project_id) rv ON rv.project_id = p.id`,
			RecommendFund, RecommendFundWithChanges, RecommendDoNotFund, workflow.ReviewComplete, AssignmentSubmitted)
	// Waiting longest is the earliest change of state: ascending time is
	// descending wait, so that key's direction is turned round.
	if f.Sort == "waiting" || !slices.Contains(DecisionSortKeys, f.Sort) {
		f.Sort, f.Desc = "waiting", !f.Desc
	}
	q = queueOrder(q, DecisionSortKeys, map[string]string{
		"waiting": "p.state_changed_at", "code": "p.code", "requested": "p.requested_minor",
		// Without reviews an application scores 0: last by score, first
		// when sorted ascending, the same on both databases.
		"score":  "COALESCE(rv.score_sum * 1.0 / rv.reviews, 0)",
		"spread": "COALESCE(rv.score_max - rv.score_min, 0)",
	}, f)
	if err := q.Limit(perPage).Offset((max(page, 1) - 1) * perPage).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: unable to list applications awaiting a decision: %w", err)
	}
	return rows, nil
}
