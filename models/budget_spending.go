package models

import (
	"context"
	"fmt"
)

// CategorySpending is one budget category of a running or closed project:
// what the budget gives it and what the reports say was spent.
type CategorySpending struct {
	Category      BudgetCategory
	BudgetedMinor int64
	SpentMinor    int64
}

// BudgetSpending compares a project's budget with its reported spending,
// per category in form order, in one statement. Only reports the officer
// has in hand count (submitted or accepted; one sent back for revision
// is being corrected). A progress report states its period's spending; the
// final report covers the whole project (its period runs from the start to
// the end), so once it is in, its figures are the project's spending and
// replace the progress reports' sum rather than adding to it. finalIn
// says which of the two the figures are.
func (s *Store) BudgetSpending(ctx context.Context, projectID int64) (rows []CategorySpending, finalIn bool, err error) {
	var raw []struct {
		Category string
		Budgeted int64
		Progress int64
		Final    int64
		FinalIn  int64
	}
	counted := []ReportStatus{ReportSubmitted, ReportAccepted}
	err = s.db.WithContext(ctx).Raw(`SELECT x.category,
		CAST(SUM(x.budget) AS bigint) AS budgeted, CAST(SUM(x.progress) AS bigint) AS progress,
		CAST(SUM(x.fin) AS bigint) AS final, CAST(SUM(x.final_in) AS bigint) AS final_in
		FROM (
			SELECT b.category, b.amount_minor AS budget, 0 AS progress, 0 AS fin, 0 AS final_in
				FROM budget_lines b WHERE b.project_id = ?
			UNION ALL
			SELECT rs.category, 0, CASE WHEN r.kind = ? THEN rs.amount_minor ELSE 0 END,
				CASE WHEN r.kind = ? THEN rs.amount_minor ELSE 0 END, 0
				FROM report_spending rs JOIN reports r ON r.id = rs.report_id
				WHERE r.project_id = ? AND r.status IN ?
			UNION ALL
			SELECT '', 0, 0, 0, 1 FROM reports r WHERE r.project_id = ? AND r.kind = ? AND r.status IN ?
		) x GROUP BY x.category`,
		projectID, ReportProgress, ReportFinal, projectID, counted, projectID, ReportFinal, counted).Scan(&raw).Error
	if err != nil {
		return nil, false, fmt.Errorf("store: unable to compare budget and spending of project %d: %w", projectID, err)
	}
	by := map[BudgetCategory]CategorySpending{}
	for _, r := range raw {
		if r.Category == "" {
			finalIn = r.FinalIn > 0
			continue
		}
		c := BudgetCategory(r.Category)
		by[c] = CategorySpending{Category: c, BudgetedMinor: r.Budgeted, SpentMinor: r.Progress}
	}
	for _, r := range raw {
		if finalIn && r.Category != "" {
			c := by[BudgetCategory(r.Category)]
			c.SpentMinor = r.Final
			by[c.Category] = c
		}
	}
	for _, c := range BudgetCategories {
		if x, ok := by[c]; ok && (x.BudgetedMinor != 0 || x.SpentMinor != 0) {
			rows = append(rows, x)
		}
	}
	return rows, finalIn, nil
}
