package handlers

import (
	"slices"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"github.com/puente-science/puente/auth"
	"github.com/puente-science/puente/i18n"
	"github.com/puente-science/puente/models"
	"github.com/puente-science/puente/views/pages"
	"github.com/puente-science/puente/workflow"
)

// projectNotice is the confirmation a redirect after an event asks for.
func projectNotice(done string) string {
	if done == "locked" {
		return "application.notice.locked"
	}
	switch done { // the agreement panels' own actions
	case "tranche_pay", "tranche_cancel", "officer":
		return "agreement.notice." + done
	}
	if workflow.Event(done).Valid() {
		return "project.notice." + done
	}
	return ""
}

func (h *Handler) showProject(c *fiber.Ctx) error {
	p, err := h.loadProject(c)
	if err != nil {
		return err
	}
	v, err := h.projectView(c, p, pages.ProjectEventForm{})
	if err != nil {
		return err
	}
	v.Notice = projectNotice(c.Query("done"))
	if v.Application, err = h.applicationPanel(c, p); err != nil {
		return err
	}
	return render(c, pages.ProjectShow(v))
}

// loadProject loads the project in the address and checks the reader may
// see it; anyone else gets 404, as if it did not exist.
func (h *Handler) loadProject(c *fiber.Ctx) (*models.ProjectPage, error) {
	id, err := paramID(c)
	if err != nil {
		return nil, err
	}
	p, err := h.Store.ProjectPageByID(c.UserContext(), id)
	if err != nil {
		return nil, err
	}
	if !permOf(c).Can(auth.ViewProject, projectRecord(p)) {
		return nil, h.deny(c)
	}
	return p, nil
}

func projectRecord(p *models.ProjectPage) auth.Record {
	return auth.Record{OwnerID: p.PIUserID, Assignees: p.Reviewers}
}

// projectActor is who the reader is to the workflow on this project.
func projectActor(c *fiber.Ctx, p *models.ProjectPage) workflow.Actor {
	perm := permOf(c)
	return workflow.Actor{Owner: perm.SignedIn() && perm.UserID == p.PIUserID,
		Officer: perm.Has(auth.Officer), Director: perm.Has(auth.Director)}
}

// projectView builds the page; form is what the reader typed into an event
// form that was refused, shown again.
func (h *Handler) projectView(c *fiber.Ctx, p *models.ProjectPage, form pages.ProjectEventForm) (pages.ProjectView, error) {
	ctx := c.UserContext()
	lang := string(i18n.LangOf(ctx))
	v := pages.ProjectView{ID: p.ID, Code: p.Code, State: p.State, Version: p.Version, Form: form,
		Currency: p.Currency}
	v.Title, v.TitleLang = p.Title.In(lang, p.Lang)
	v.Summary, v.SummaryLang = p.Summary.In(lang, p.Lang)
	v.Translated = v.TitleLang != lang
	facts := []pages.ProjectFact{}
	add := func(key, value, href string) {
		if value != "" {
			facts = append(facts, pages.ProjectFact{Label: i18n.T(ctx, key), Value: value, Href: href})
		}
	}
	if p.CallID != nil && p.CallCode != nil {
		title, _ := p.CallTitle.In(lang, "en")
		add("project.fact.call", *p.CallCode+" · "+title, "/calls/"+strconv.FormatInt(*p.CallID, 10))
	}
	add("project.fact.channel", p.ChannelName.In(lang), "")
	add("project.fact.type", i18n.T(ctx, "ptype."+string(p.Type)), "")
	for _, pc := range p.Countries {
		key := "project.fact.country"
		if pc.Lead {
			key = "project.fact.lead_country"
		}
		add(key, pc.Name.In(lang), "/countries/"+pc.ISO2)
	}
	if p.DisciplineCode != nil {
		add("project.fact.discipline", p.Discipline.In(lang), "")
	}
	add("project.fact.requested", i18n.Money(ctx, p.RequestedMinor, p.Currency), "")
	if p.AwardedMinor != nil {
		add("project.fact.awarded", i18n.Money(ctx, *p.AwardedMinor, p.Currency), "")
	}
	if p.DisbursedMinor > 0 {
		add("project.fact.disbursed", i18n.Money(ctx, p.DisbursedMinor, p.Currency), "")
	}
	add("project.fact.pi", p.PIName, "")
	if p.OfficerName != nil {
		add("project.fact.officer", *p.OfficerName, "")
	}
	v.Facts = facts
	timeline, older, terr := h.projectTimeline(c, p)
	if terr != nil {
		return v, terr
	}
	v.Timeline, v.TimelineMore = timeline, older
	if permOf(c).Can(auth.FireEvent, projectRecord(p)) {
		for _, e := range workflow.Allowed(p.State, projectActor(c, p)) {
			if !offeredHere[e] {
				continue
			}
			t, _ := workflow.Find(p.State, e)
			v.Actions = append(v.Actions, pages.ProjectAction{Event: string(e),
				NeedsComment: slices.Contains(t.Guards, workflow.NeedComment), Award: e == workflow.Approve})
		}
	}
	v.ReviewerPanel = reviewerPanel(c, p)
	if err := h.agreementPanels(c, p, &v); err != nil {
		return v, err
	}
	var err error
	if v.Reports, err = h.reportsPanel(c, p); err != nil {
		return v, err
	}
	v.Reviews, err = h.projectReviews(c, p, v.Actions)
	return v, err
}

// offeredHere are the events this page can fire with what it asks. The
// others need their own forms — an agreement with its tranches — and are
// offered there once those pages exist, never as a button that can only be
// refused. Submit and resubmit are here and on the application form, which
// lists what is still missing beside them.
var offeredHere = map[workflow.Event]bool{
	workflow.Submit: true, workflow.Resubmit: true,
	workflow.Withdraw: true, workflow.Return: true, workflow.ScreenOut: true, workflow.StartReview: true,
	workflow.Approve: true, workflow.Reject: true, workflow.RequestRevision: true, workflow.Suspend: true,
	workflow.Resume: true, workflow.Terminate: true, workflow.Complete: true,
}
