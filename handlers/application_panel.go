package handlers

import (
	"github.com/gofiber/fiber/v2"

	"github.com/puente-science/puente/auth"
	"github.com/puente-science/puente/models"
	"github.com/puente-science/puente/views/pages"
	"github.com/puente-science/puente/workflow"
)

// applicationPanel is the project page's view of the application: the
// files for every reader, and for its applicant, while editable, the
// checklist and the way back to the form. Two queries at most.
func (h *Handler) applicationPanel(c *fiber.Ctx, p *models.ProjectPage) (pages.ApplicationPanel, error) {
	var out pages.ApplicationPanel
	ctx := c.UserContext()
	atts, err := h.Store.ProjectAttachments(ctx, p.ID)
	if err != nil {
		return out, err
	}
	out.Attachments = h.attachmentRows(c, p.ID, atts)
	perm := permOf(c)
	owner := perm.Can(auth.EditApplication, auth.Record{OwnerID: p.PIUserID})
	out.ShowFiles = len(atts) > 0 || owner
	if !owner || (p.State != workflow.Draft && p.State != workflow.RevisionRequested) {
		return out, nil
	}
	out.EditHref = applicationPath(p.ID)
	proj := &models.Project{ID: p.ID, Type: p.Type, Title: p.Title, Summary: p.Summary,
		PrimaryDisciplineCode: p.DisciplineCode}
	for _, pc := range p.Countries {
		if pc.Lead {
			iso := pc.ISO2
			proj.LeadCountryISO2 = &iso
		}
	}
	missing, err := h.Store.MissingForSubmit(ctx, nil, proj)
	if err != nil {
		return out, err
	}
	for _, m := range missing {
		out.Missing = append(out.Missing, pages.MissingItem{Key: m, Anchor: missingAnchor(m)})
	}
	return out, nil
}
