package handlers

import (
	"errors"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"
	"golang.org/x/text/currency"

	"github.com/puente-science/puente/auth"
	"github.com/puente-science/puente/models"
	"github.com/puente-science/puente/views/pages"
	"github.com/puente-science/puente/workflow"
)

// fireProjectEvent fires one workflow event from the project page. Success
// redirects back to the page; a stale page answers 409 with the current
// state, a refusal 422 with its reason; both keep what was typed.
func (h *Handler) fireProjectEvent(c *fiber.Ctx) error {
	event := workflow.Event(strings.Clone(c.Params("event")))
	if !event.Valid() {
		return fiber.ErrNotFound
	}
	p, err := h.loadProject(c)
	if err != nil {
		return err
	}
	if !permOf(c).Can(auth.FireEvent, projectRecord(p)) {
		return fiber.ErrForbidden
	}
	form := pages.ProjectEventForm{Event: string(event), Comment: formString(c, "comment"),
		Award: formString(c, "award"), Conditions: formString(c, "conditions"), Rating: formString(c, "outcome_rating"),
		Errors: map[string]string{}}
	in := models.EventInput{ProjectID: p.ID, Version: int(formInt(c, "version")), Event: event,
		Actor: projectActor(c, p), ActorID: currentUser(c).UserID, Comment: form.Comment,
		Conditions: form.Conditions, IP: c.IP(), RequestID: requestIDOf(c), Now: h.Now()}
	if event == workflow.Approve {
		award, ok := parseMajor(form.Award, p.Currency)
		if !ok {
			form.Errors["award"] = "project.error.award_format"
			return h.rerenderProject(c, p, form, fiber.StatusUnprocessableEntity, "")
		}
		in.Award = award
	}
	if event == workflow.Complete && in.Actor.Officer && !readCloseout(&form, &in) {
		return h.rerenderProject(c, p, form, fiber.StatusUnprocessableEntity, "")
	}
	_, err = h.Store.FireEvent(c.UserContext(), in)
	var refusal *workflow.Error
	switch {
	case err == nil:
		return c.Redirect("/projects/"+strconv.FormatInt(p.ID, 10)+"?done="+string(event), fiber.StatusSeeOther)
	case errors.Is(err, models.ErrConflict):
		// Reload: the page must show the state that won, not the one the
		// reader saw.
		if p, err = h.Store.ProjectPageByID(c.UserContext(), p.ID); err != nil {
			return err
		}
		v, err := h.projectView(c, p, form)
		if err != nil {
			return err
		}
		v.Error = "project.error.conflict"
		if !slices.ContainsFunc(v.Actions, func(a pages.ProjectAction) bool { return a.Event == form.Event }) {
			v.Unsaved = form.Comment
		}
		return render(c.Status(fiber.StatusConflict), pages.ProjectShow(v))
	case errors.As(err, &refusal):
		switch refusal.Key {
		case workflow.ErrNeedComment:
			form.Errors["comment"] = refusal.Key
		case workflow.ErrAward:
			form.Errors["award"] = refusal.Key
		}
		form.Detail = refusal.Detail
		return h.rerenderProject(c, p, form, fiber.StatusUnprocessableEntity, refusal.Key)
	default:
		return err
	}
}

func (h *Handler) rerenderProject(c *fiber.Ctx, p *models.ProjectPage, form pages.ProjectEventForm, status int, key string) error {
	v, err := h.projectView(c, p, form)
	if err != nil {
		return err
	}
	v.Error = key
	return render(c.Status(status), pages.ProjectShow(v))
}

// moneyScale is how many decimals amounts of a currency have (2 for an
// unknown code).
func moneyScale(code string) int {
	if cur, err := currency.ParseISO(code); err == nil {
		scale, _ := currency.Standard.Rounding(cur)
		return scale
	}
	return 2
}

// parseMajor reads an amount typed in major units ("1234.50", "1 234,50")
// as minor units of the currency; the last '.' or ',' followed by at most
// the currency's decimals is the decimal mark, other separators group.
// static/js/app.js reads amounts the same way for the live totals.
func parseMajor(s, code string) (int64, bool) {
	scale := moneyScale(code)
	s = strings.NewReplacer(" ", "", "\u00a0", "", "\u202f", "").Replace(s)
	if s == "" {
		return 0, false
	}
	whole, frac := s, ""
	if i := strings.LastIndexAny(s, ".,"); i >= 0 && len(s)-i-1 <= scale && len(s)-i-1 > 0 {
		whole, frac = s[:i], s[i+1:]
	}
	whole = strings.NewReplacer(".", "", ",", "").Replace(whole)
	if whole == "" {
		whole = "0"
	}
	w, err := strconv.ParseInt(whole, 10, 64)
	if err != nil || w < 0 || w > math.MaxInt64/1_000_000 {
		return 0, false
	}
	frac += strings.Repeat("0", scale-len(frac))
	f, err := strconv.ParseInt(frac, 10, 64)
	if err != nil || f < 0 || (frac != "" && frac[0] == '-') {
		return 0, false
	}
	return w*int64(math.Pow10(scale)) + f, true
}
