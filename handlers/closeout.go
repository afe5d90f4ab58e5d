package handlers

import (
	"strconv"

	"github.com/puente-science/puente/models"
	"github.com/puente-science/puente/views/pages"
)

// readCloseout checks what complete asks for beyond its guard: an outcome
// rating from 1 to 5 and closing remarks (typed in the form's comment, so
// the timeline shows them too). Errors go into form.Errors.
func readCloseout(form *pages.ProjectEventForm, in *models.EventInput) bool {
	rating, err := strconv.Atoi(form.Rating)
	if err != nil || rating < 1 || rating > 5 {
		form.Errors["outcome_rating"] = "closeout.error.rating"
	} else {
		in.OutcomeRating = &rating
	}
	switch n := len([]rune(form.Comment)); {
	case n == 0:
		form.Errors["comment"] = "closeout.error.remarks"
	case n > 4000:
		form.Errors["comment"] = "form.too_long"
	}
	in.ClosingRemarks = form.Comment
	return len(form.Errors) == 0
}
