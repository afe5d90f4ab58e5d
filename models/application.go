package models

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/puente-science/puente/workflow"
)

// MaxAttachments caps the files one application carries.
const MaxAttachments = 20

// EditableStates are the states in which the applicant may change the form.
var EditableStates = []workflow.State{workflow.Draft, workflow.RevisionRequested}

// Application is everything an application's form shows and saves, loaded
// in a fixed number of queries however many countries or files it has.
type Application struct {
	Project      Project
	Call         *Call // nil for initiatives older than calls
	Details      ApplicationDetails
	Countries    []ProjectCountry
	Disciplines  []ProjectDiscipline
	Institutions []ProjectInstitution
	Budget       []BudgetLine
	Attachments  []Attachment
	// Request is the comment that sent the application back to its
	// applicant (an officer's return or a director's revision request),
	// when it is in draft or revision_requested because of one.
	Request *AuditEntry
}

// ApplicationDetails holds the type-specific row of the project's type;
// the others stay nil.
type ApplicationDetails struct {
	TalentExchange     *TalentExchangeDetails
	JointLab           *JointLabDetails
	Platform           *PlatformDetails
	ResearchProject    *ResearchProjectDetails
	TechnologyTransfer *TechnologyTransferDetails
	Dialogue           *DialogueDetails
}

// Editable reports whether the applicant may still change the form.
func (a *Application) Editable() bool {
	for _, s := range EditableStates {
		if a.Project.State == s {
			return true
		}
	}
	return false
}

// row returns the details row of a type, allocated when missing, for
// loading and saving.
func (d *ApplicationDetails) row(t ProjectType, projectID int64) any {
	switch t {
	case TypeTalentExchange:
		if d.TalentExchange == nil {
			d.TalentExchange = &TalentExchangeDetails{}
		}
		d.TalentExchange.ProjectID = projectID
		return d.TalentExchange
	case TypeJointLab:
		if d.JointLab == nil {
			d.JointLab = &JointLabDetails{}
		}
		d.JointLab.ProjectID = projectID
		return d.JointLab
	case TypePlatform:
		if d.Platform == nil {
			d.Platform = &PlatformDetails{}
		}
		d.Platform.ProjectID = projectID
		return d.Platform
	case TypeResearchProject:
		if d.ResearchProject == nil {
			d.ResearchProject = &ResearchProjectDetails{}
		}
		d.ResearchProject.ProjectID = projectID
		return d.ResearchProject
	case TypeTechnologyTransfer:
		if d.TechnologyTransfer == nil {
			d.TechnologyTransfer = &TechnologyTransferDetails{}
		}
		d.TechnologyTransfer.ProjectID = projectID
		return d.TechnologyTransfer
	case TypeDialogue:
		if d.Dialogue == nil {
			d.Dialogue = &DialogueDetails{}
		}
		d.Dialogue.ProjectID = projectID
		return d.Dialogue
	}
	return nil
}

// ApplicationByID loads an application's form.
func (s *Store) ApplicationByID(ctx context.Context, id int64) (*Application, error) {
	db := s.db.WithContext(ctx)
	var a Application
	if err := db.Take(&a.Project, id).Error; err != nil {
		return nil, fmt.Errorf("store: unable to load application %d: %w", id, notFound(err))
	}
	p := &a.Project
	if p.CallID != nil {
		var c Call
		if err := db.Take(&c, *p.CallID).Error; err != nil {
			return nil, fmt.Errorf("store: unable to load the call of application %d: %w", id, err)
		}
		c.OpensAt, c.ClosesAt = c.OpensAt.UTC(), c.ClosesAt.UTC()
		a.Call = &c
	}
	if err := s.loadDetails(db, &a); err != nil {
		return nil, err
	}
	for _, q := range []struct {
		into  any
		order string
	}{
		{&a.Countries, "lead DESC, country_iso2"},
		{&a.Disciplines, "is_primary DESC, discipline_code"},
		{&a.Institutions, "role, institution_id"},
		{&a.Budget, "id"},
	} {
		if err := db.Where("project_id = ?", id).Order(q.order).Find(q.into).Error; err != nil {
			return nil, fmt.Errorf("store: unable to load application %d: %w", id, err)
		}
	}
	err := db.Where("project_id = ? AND report_id IS NULL", id).Order("created_at, id").Find(&a.Attachments).Error
	if err != nil {
		return nil, fmt.Errorf("store: unable to load attachments of application %d: %w", id, err)
	}
	if a.Editable() {
		var req []AuditEntry
		err := db.Where("project_id = ? AND to_state = ? AND comment IS NOT NULL", id, string(p.State)).
			Order("at DESC, id DESC").Limit(1).Find(&req).Error
		if err != nil {
			return nil, fmt.Errorf("store: unable to load the request on application %d: %w", id, err)
		}
		if len(req) == 1 {
			a.Request = &req[0]
		}
	}
	return &a, nil
}

func (s *Store) loadDetails(db *gorm.DB, a *Application) error {
	row := a.Details.row(a.Project.Type, a.Project.ID)
	if row == nil {
		return nil
	}
	res := db.Where("project_id = ?", a.Project.ID).Limit(1).Find(row)
	if res.Error != nil {
		return fmt.Errorf("store: unable to load details of application %d: %w", a.Project.ID, res.Error)
	}
	if res.RowsAffected == 0 {
		a.Details = ApplicationDetails{}
	}
	return nil
}

// AttachmentOf loads one attachment of a project (not of its reports'),
// or ErrNotFound when it belongs elsewhere.
func (s *Store) AttachmentOf(ctx context.Context, projectID, id int64) (*Attachment, error) {
	var a Attachment
	err := s.db.WithContext(ctx).Where("id = ? AND project_id = ?", id, projectID).Take(&a).Error
	if err != nil {
		return nil, fmt.Errorf("store: unable to load attachment %d: %w", id, notFound(err))
	}
	return &a, nil
}

// ProjectAttachments lists a project's own files, oldest first, in one query.
func (s *Store) ProjectAttachments(ctx context.Context, projectID int64) ([]Attachment, error) {
	var out []Attachment
	err := s.db.WithContext(ctx).Where("project_id = ? AND report_id IS NULL", projectID).
		Order("created_at, id").Find(&out).Error
	if err != nil {
		return nil, fmt.Errorf("store: unable to list attachments of project %d: %w", projectID, err)
	}
	return out, nil
}

// OpenApplication finds the applicant's application to a call that is not
// closed yet (0 when there is none), so a second Apply leads to it.
func (s *Store) OpenApplication(ctx context.Context, tx *gorm.DB, callID, piUserID int64) (int64, workflow.State, error) {
	var rows []Project
	err := s.tx(ctx, tx).Select("id, state").
		Where("call_id = ? AND pi_user_id = ? AND state NOT IN ?", callID, piUserID, workflow.StatesIn(workflow.StageClosed)).
		Order("id").Limit(1).Find(&rows).Error
	if err != nil {
		return 0, "", fmt.Errorf("store: unable to look up applications to call %d: %w", callID, err)
	}
	if len(rows) == 0 {
		return 0, "", nil
	}
	return rows[0].ID, rows[0].State, nil
}

// applicantAudit stamps a copy of e for one change an applicant made.
func applicantAudit(e AuditEntry, action, entity string, entityID, projectID int64, at time.Time) AuditEntry {
	e.ID, e.Action, e.Entity, e.At = 0, action, entity, at
	e.EntityID, e.ProjectID = &entityID, &projectID
	return e
}

// InstitutionChoice is an institution as the application form offers it.
type InstitutionChoice struct {
	ID           int64
	Name         string
	NameLocal    *string
	CountryISO2  string
	OwnInstitute bool
}

// InstitutionChoices lists every institution by country and name, in one
// query; the form filters them as the applicant searches.
func (s *Store) InstitutionChoices(ctx context.Context) ([]InstitutionChoice, error) {
	var out []InstitutionChoice
	err := s.db.WithContext(ctx).Model(&Institution{}).Select("id, name, name_local, country_iso2, own_institute").
		Order("country_iso2, name, id").Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("store: unable to list institutions: %w", err)
	}
	return out, nil
}
