package handlers

import (
	"context"
	"errors"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"github.com/puente-science/puente/auth"
	"github.com/puente-science/puente/models"
	"github.com/puente-science/puente/views/pages"
)

// saveReport saves the applicant's report as a draft, adds blank output
// rows, or submits it. Any malformed value brings the form back, 422, with
// everything typed and nothing saved; a form loaded before another change,
// 409 with everything typed.
func (h *Handler) saveReport(c *fiber.Ctx) error {
	r, err := h.loadReport(c)
	if err != nil {
		return err
	}
	if !permOf(c).Can(auth.WriteReport, auth.Record{OwnerID: r.PIUserID}) {
		return h.deny(c)
	}
	ctx := c.UserContext()
	if !r.Open() {
		return h.reportClosed(c, r)
	}
	v, err := h.reportView(c, r)
	if err != nil {
		return err
	}
	typed := readReportForm(c, &v)
	op := formString(c, "op")
	if kind, ok := strings.CutPrefix(op, "add_"); ok && (kind == "pub" || kind == "tr" || kind == "ot") {
		// Nothing is saved: the form comes back with more rows and
		// everything typed, as the reader left it.
		addBlankRows(&v, kind, addRowsStep)
		v.Info = "report.notice.rows_added"
		spendingRows(ctx, &v, r, typed)
		return render(c, pages.ReportPage(v))
	}
	submit := op == "submit"
	k := &reportChecker{v: &v, currency: r.Currency, maxYear: h.Now().Year() + 1, known: map[string]bool{}}
	for _, o := range v.CountryOpts {
		k.known[o.Value] = true
	}
	for _, o := range v.MoreCountryOpts {
		k.known[o.Value] = true
	}
	in := k.validate(typed, submit)
	if err := h.checkReportDOIs(ctx, k, r, in); err != nil {
		return err
	}
	if len(v.Errors) > 0 {
		spendingRows(ctx, &v, r, typed)
		return render(c.Status(fiber.StatusUnprocessableEntity), pages.ReportPage(v))
	}
	m := meta(c)
	in.ReportID, in.Version, in.Submit = r.ID, v.Version, submit
	in.ActorID, in.Now, in.IP, in.RequestID = currentUser(c).UserID, h.Now(), m.IP, m.RequestID
	err = h.Store.SaveReport(ctx, in)
	switch {
	case err == nil:
		done := "saved"
		if submit {
			done = "submitted"
		}
		return c.Redirect(reportPath(r.ID)+"?done="+done, fiber.StatusSeeOther)
	case errors.Is(err, models.ErrConflict):
		fresh, lerr := h.Store.ReportPageByID(ctx, r.ID)
		if lerr != nil {
			return lerr
		}
		if !fresh.Open() {
			return h.reportClosed(c, fresh)
		}
		// The form now carries the current version: saving again replaces
		// the other change knowingly.
		v.Error, v.Version = "report.error.conflict", fresh.Version
		spendingRows(ctx, &v, fresh, typed)
		return render(c.Status(fiber.StatusConflict), pages.ReportPage(v))
	case errors.Is(err, models.ErrReportClosed):
		fresh, lerr := h.Store.ReportPageByID(ctx, r.ID)
		if lerr != nil {
			return lerr
		}
		return h.reportClosed(c, fresh)
	case errors.Is(err, models.ErrDuplicate):
		// Another save listed one of these DOIs meanwhile.
		held, lerr := h.Store.DOIsElsewhere(ctx, r.ProjectID, r.ID, doisOf(in))
		if lerr != nil {
			return lerr
		}
		k.checkDOIs(held, func(kind models.ReportKind, seq int) string { return pages.ReportTitle(ctx, string(kind), seq) })
		if len(v.Errors) == 0 {
			k.fail("narrative", "report.error.doi_race")
		}
		spendingRows(ctx, &v, r, typed)
		return render(c.Status(fiber.StatusUnprocessableEntity), pages.ReportPage(v))
	default:
		return err
	}
}

// checkReportDOIs looks up, in one query, the typed DOIs the project
// already lists in its other reports.
func (h *Handler) checkReportDOIs(ctx context.Context, k *reportChecker, r *models.ReportPage, in models.ReportInput) error {
	dois := doisOf(in)
	if len(dois) == 0 {
		return nil
	}
	held, err := h.Store.DOIsElsewhere(ctx, r.ProjectID, r.ID, dois)
	if err != nil {
		return err
	}
	k.checkDOIs(held, func(kind models.ReportKind, seq int) string { return pages.ReportTitle(ctx, string(kind), seq) })
	return nil
}

func doisOf(in models.ReportInput) []string {
	var out []string
	for _, o := range in.Outputs {
		if o.DOI != nil {
			out = append(out, *o.DOI)
		}
	}
	return out
}

// reportClosed answers a save of a report no longer open (sent from
// another tab, or accepted): 409 with the report as it now stands.
func (h *Handler) reportClosed(c *fiber.Ctx, r *models.ReportPage) error {
	v, err := h.reportView(c, r)
	if err != nil {
		return err
	}
	reportFromStore(c.UserContext(), &v, r)
	v.Editable = false
	v.Error = "report.error.closed"
	return render(c.Status(fiber.StatusConflict), pages.ReportPage(v))
}

func reportPath(id int64) string { return "/reports/" + strconv.FormatInt(id, 10) }
