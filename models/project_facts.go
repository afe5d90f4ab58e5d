package models

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/puente-science/puente/workflow"
)

// gatherFacts reads what the guards of this one transition judge, and
// nothing else: the workflow table says which guards apply.
func (s *Store) gatherFacts(ctx context.Context, tx *gorm.DB, p *Project, in EventInput) (workflow.Facts, error) {
	f := workflow.Facts{Comment: in.Comment, Award: in.Award, Requested: p.RequestedMinor}
	t, ok := workflow.Find(p.State, in.Event)
	if !ok {
		return f, nil // the workflow refuses it anyway
	}
	db := s.tx(ctx, tx)
	var err error
	for _, g := range t.Guards {
		switch g {
		case workflow.NeedCallOpen, workflow.NeedReviewers, workflow.NeedValidAward:
			err = s.callFacts(ctx, db, p, in.Now, &f)
		case workflow.NeedComplete:
			f.Missing, err = s.MissingForSubmit(ctx, tx, p)
		case workflow.NeedAllReviews:
			f.ReviewersAssigned, f.ReviewsPending, err = s.reviewCounts(ctx, tx, p.ID)
		case workflow.NeedAgreement:
			f.AgreementProblems, err = s.agreementProblems(db, p)
		case workflow.NeedClosedOut:
			err = s.closeoutFacts(db, p.ID, &f)
		}
		if err != nil {
			return f, fmt.Errorf("store: unable to gather facts for project %d: %w", p.ID, err)
		}
	}
	return f, nil
}

// callFacts fills what the project's call says: whether it is open now, its
// cap and its minimum reviews, and the reviewers assigned. A project
// without a call (an initiative older than Puente) has no deadline to meet
// and needs one review.
func (s *Store) callFacts(ctx context.Context, db *gorm.DB, p *Project, now time.Time, f *workflow.Facts) error {
	f.MinReviews = 1
	if p.CallID != nil {
		var c Call
		err := db.Select("status, opens_at, closes_at, budget_cap_minor, min_reviews").Where("id = ?", *p.CallID).Take(&c).Error
		if err != nil {
			return err
		}
		f.CallOpen = c.Status == CallPublished && !now.Before(c.OpensAt) && now.Before(c.ClosesAt)
		f.Cap, f.MinReviews = c.BudgetCapMinor, c.MinReviews
	}
	var err error
	f.ReviewersAssigned, f.ReviewsPending, err = s.reviewCounts(ctx, db, p.ID)
	return err
}

// reviewCounts counts a project's active assignments (assigned or
// submitted; a declared conflict or a withdrawal frees the slot) in its
// current review round, and those still without a submitted review.
// Earlier rounds' reviews judged an earlier version of the application.
func (s *Store) reviewCounts(ctx context.Context, tx *gorm.DB, projectID int64) (assigned, pending int, err error) {
	var row struct{ Assigned, Pending int }
	err = s.tx(ctx, tx).Model(&ReviewAssignment{}).
		Select("COUNT(*) AS assigned, COALESCE(SUM(CASE WHEN status = ? THEN 1 ELSE 0 END), 0) AS pending", AssignmentAssigned).
		Where("project_id = ? AND status IN ?", projectID, []AssignmentStatus{AssignmentAssigned, AssignmentSubmitted}).
		Where("round = (SELECT review_round FROM projects WHERE id = ?)", projectID).
		Scan(&row).Error
	if err != nil {
		return 0, 0, fmt.Errorf("store: unable to count reviews of project %d: %w", projectID, err)
	}
	return row.Assigned, row.Pending, nil
}

// MissingForSubmit lists, as message keys, what a project still lacks
// before it can be submitted: the checklist its form shows and the guard
// of submit and resubmit.
func (s *Store) MissingForSubmit(ctx context.Context, tx *gorm.DB, p *Project) ([]string, error) {
	var out []string
	if p.Title.Empty() {
		out = append(out, "project.missing.title")
	}
	if p.Summary.Empty() {
		out = append(out, "project.missing.summary")
	}
	if p.LeadCountryISO2 == nil {
		out = append(out, "project.missing.lead_country")
	}
	if p.PrimaryDisciplineCode == nil {
		out = append(out, "project.missing.primary_discipline")
	}
	db := s.tx(ctx, tx)
	var lines int64
	if err := db.Model(&BudgetLine{}).Where("project_id = ? AND amount_minor > 0", p.ID).Count(&lines).Error; err != nil {
		return nil, fmt.Errorf("store: unable to count budget lines of project %d: %w", p.ID, err)
	}
	if lines == 0 {
		out = append(out, "project.missing.budget")
	}
	ok, err := s.typeDetailsComplete(db, p)
	if err != nil {
		return nil, fmt.Errorf("store: unable to check details of project %d: %w", p.ID, err)
	}
	if !ok {
		out = append(out, "project.missing.type_details")
	}
	more, err := s.missingDatesAndFiles(db, p.ID)
	if err != nil {
		return nil, fmt.Errorf("store: unable to check dates and files of project %d: %w", p.ID, err)
	}
	return append(out, more...), nil
}

// missingDatesAndFiles checks the planned dates and the two files every
// application needs, a proposal and a CV, in one query.
func (s *Store) missingDatesAndFiles(db *gorm.DB, id int64) ([]string, error) {
	var row struct {
		Dates     int64 `gorm:"column:dates"`
		Proposals int64 `gorm:"column:proposals"`
		CVs       int64 `gorm:"column:cvs"`
	}
	err := db.Raw(`SELECT CASE WHEN p.planned_start IS NOT NULL AND p.planned_end IS NOT NULL THEN 1 ELSE 0 END AS dates,
		(SELECT COUNT(*) FROM attachments a WHERE a.project_id = p.id AND a.report_id IS NULL AND a.kind = ?) AS proposals,
		(SELECT COUNT(*) FROM attachments a WHERE a.project_id = p.id AND a.report_id IS NULL AND a.kind = ?) AS cvs
		FROM projects p WHERE p.id = ?`, AttachmentProposal, AttachmentCV, id).Scan(&row).Error
	if err != nil {
		return nil, err
	}
	var out []string
	if row.Dates == 0 {
		out = append(out, "project.missing.planned_dates")
	}
	if row.Proposals == 0 {
		out = append(out, "project.missing.attachment_proposal")
	}
	if row.CVs == 0 {
		out = append(out, "project.missing.attachment_cv")
	}
	return out, nil
}

// typeDetailsComplete checks the fields each type cannot do without.
func (s *Store) typeDetailsComplete(db *gorm.DB, p *Project) (bool, error) {
	var q *gorm.DB
	switch p.Type {
	case TypeTalentExchange:
		q = db.Model(&TalentExchangeDetails{}).Where("career_level IS NOT NULL AND direction IS NOT NULL AND months IS NOT NULL")
	case TypeJointLab:
		q = db.Model(&JointLabDetails{}).Where("lab_name <> '' AND research_lines <> ''")
	case TypePlatform:
		q = db.Model(&PlatformDetails{}).Where("site_country_iso2 IS NOT NULL AND facilities <> ''")
	case TypeResearchProject:
		q = db.Model(&ResearchProjectDetails{}).Where("work_packages <> '' AND expected_outputs <> ''")
	case TypeTechnologyTransfer:
		q = db.Model(&TechnologyTransferDetails{}).Where("deliverables <> '' AND delivery_milestones <> ''")
	case TypeDialogue:
		q = db.Model(&DialogueDetails{}).Where("format IS NOT NULL AND participants <> ''")
	default:
		return false, nil
	}
	var n int64
	err := q.Where("project_id = ?", p.ID).Count(&n).Error
	return n > 0, err
}

// agreementProblems checks the recorded agreement: it exists and its
// tranches add up to the award.
func (s *Store) agreementProblems(db *gorm.DB, p *Project) ([]string, error) {
	var row struct{ Agreements, Total int64 }
	err := db.Raw(`SELECT (SELECT COUNT(*) FROM agreements WHERE project_id = ?) AS agreements,
		(SELECT COALESCE(SUM(amount_minor), 0) FROM tranches WHERE project_id = ? AND status <> ?) AS total`,
		p.ID, p.ID, TrancheCancelled).Scan(&row).Error
	if err != nil {
		return nil, err
	}
	if row.Agreements == 0 {
		return []string{"project.agreement.missing"}, nil
	}
	if p.AwardedMinor == nil || row.Total != *p.AwardedMinor {
		return []string{"project.agreement.tranches"}, nil
	}
	return nil, nil
}

// closeoutFacts counts what must be settled before a project completes.
func (s *Store) closeoutFacts(db *gorm.DB, projectID int64, f *workflow.Facts) error {
	var row struct {
		OpenReports, FinalAccepted, OpenTranches int
	}
	err := db.Raw(`SELECT
		(SELECT COUNT(*) FROM reports WHERE project_id = ? AND status <> ?) AS open_reports,
		(SELECT COUNT(*) FROM reports WHERE project_id = ? AND kind = ? AND status = ?) AS final_accepted,
		(SELECT COUNT(*) FROM tranches WHERE project_id = ? AND status = ?) AS open_tranches`,
		projectID, ReportAccepted, projectID, ReportFinal, ReportAccepted, projectID, TranchePlanned).Scan(&row).Error
	if err != nil {
		return err
	}
	f.OpenReports, f.FinalAccepted, f.OpenTranches = row.OpenReports, row.FinalAccepted > 0, row.OpenTranches
	return nil
}
