package handlers

import (
	"context"

	"github.com/puente-science/puente/i18n"
	"github.com/puente-science/puente/models"
)

// dueNote says how a due date stands today — "due in 3 days", "due
// today", "3 days overdue" — and whether it has passed. Reviews and
// reports share it.
func dueNote(ctx context.Context, today, due models.Date) (string, bool) {
	n := today.DaysUntil(due)
	switch {
	case n < 0:
		return i18n.TN(ctx, "due.overdue", int64(-n)), true
	case n == 0:
		return i18n.T(ctx, "due.today"), false
	default:
		return i18n.TN(ctx, "due.in", int64(n)), false
	}
}
