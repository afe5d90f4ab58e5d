package models

import (
	"context"
	"fmt"
	"slices"

	"github.com/puente-science/puente/workflow"
)

// ProjectPage is what the page of one project shows, loaded in a fixed
// number of queries however long its history.
type ProjectPage struct {
	ID             int64
	Code           string
	CallID         *int64
	CallCode       *string
	CallTitle      Texts `gorm:"embedded;embeddedPrefix:call_title_"`
	ChannelName    Names `gorm:"embedded;embeddedPrefix:channel_name_"`
	Type           ProjectType
	State          workflow.State
	Version        int
	Lang           string
	Title          Texts `gorm:"embedded;embeddedPrefix:title_"`
	Summary        Texts `gorm:"embedded;embeddedPrefix:summary_"`
	PIUserID       int64
	PIName         string
	OfficerName    *string
	Discipline     Names `gorm:"embedded;embeddedPrefix:discipline_name_"`
	DisciplineCode *string
	Currency       string
	RequestedMinor int64
	AwardedMinor   *int64
	DisbursedMinor int64

	// ReviewRound is the review round under way; MinReviews the call's
	// minimum number of reviews (nil: no call, and one review will do).
	ReviewRound int
	MinReviews  *int

	Countries []PageCountry `gorm:"-"`
	// Reviewers are the users who may read the page as reviewers: those
	// assigned in the current round, and those who submitted a review in
	// any round (they may reread the application they judged). A declared
	// conflict or a withdrawal ends the access.
	Reviewers []int64 `gorm:"-"`
	// Assignments are those same assignments, to link each reviewer to
	// their review and count the current round's.
	Assignments []PageAssignment `gorm:"-"`
}

// PageAssignment is one live or submitted review assignment of the page's
// project.
type PageAssignment struct {
	ID         int64
	ReviewerID int64
	Status     AssignmentStatus
	Round      int
}

// ReviewersNeeded is how many active reviewers start_review asks for.
func (p *ProjectPage) ReviewersNeeded() int {
	if p.MinReviews == nil {
		return 1
	}
	return *p.MinReviews
}

// ReviewersActive counts the current round's active assignments, the
// number start_review judges.
func (p *ProjectPage) ReviewersActive() int {
	n := 0
	for _, a := range p.Assignments {
		if a.Round == p.ReviewRound {
			n++
		}
	}
	return n
}

// AssignmentOf returns the reviewer's assignment in the current round, else
// their latest submitted one.
func (p *ProjectPage) AssignmentOf(reviewerID int64) (PageAssignment, bool) {
	var best PageAssignment
	found := false
	for _, a := range p.Assignments {
		if a.ReviewerID == reviewerID && (!found || a.Round > best.Round) {
			best, found = a, true
		}
	}
	return best, found
}

// PageCountry is one country a project serves.
type PageCountry struct {
	ISO2 string
	Name Names `gorm:"embedded;embeddedPrefix:name_"`
	Lead bool
}

// ProjectPageByID loads a project's page; its history comes separately
// (ProjectTimeline), as the reader may see it.
func (s *Store) ProjectPageByID(ctx context.Context, id int64) (*ProjectPage, error) {
	db := s.db.WithContext(ctx)
	var p ProjectPage
	res := db.Table("projects p").Select(`p.id, p.code, p.call_id, c.code AS call_code,
		c.title_en AS call_title_en, c.title_es AS call_title_es, c.title_pt AS call_title_pt, c.title_zh AS call_title_zh,
		ch.name_en AS channel_name_en, ch.name_es AS channel_name_es, ch.name_pt AS channel_name_pt, ch.name_zh AS channel_name_zh,
		p.type, p.state, p.version, p.lang, p.title_en, p.title_es, p.title_pt, p.title_zh,
		p.summary_en, p.summary_es, p.summary_pt, p.summary_zh, p.pi_user_id, pi.name AS pi_name, o.name AS officer_name,
		d.name_en AS discipline_name_en, d.name_es AS discipline_name_es, d.name_pt AS discipline_name_pt,
		d.name_zh AS discipline_name_zh, p.primary_discipline_code AS discipline_code,
		p.currency, p.requested_minor, p.awarded_minor, p.disbursed_minor, p.review_round, c.min_reviews`).
		Joins("LEFT JOIN calls c ON c.id = p.call_id").
		Joins("JOIN funding_channels ch ON ch.id = p.channel_id").
		Joins("JOIN users pi ON pi.id = p.pi_user_id").
		Joins("LEFT JOIN users o ON o.id = p.officer_id").
		Joins("LEFT JOIN disciplines d ON d.code = p.primary_discipline_code").
		Where("p.id = ?", id).Scan(&p)
	if res.Error != nil {
		return nil, fmt.Errorf("store: unable to load project %d: %w", id, res.Error)
	}
	if res.RowsAffected == 0 {
		return nil, fmt.Errorf("store: unable to load project %d: %w", id, ErrNotFound)
	}
	err := db.Table("project_countries pc").
		Select("pc.country_iso2 AS iso2, pc.lead, c.name_en, c.name_es, c.name_pt, c.name_zh").
		Joins("JOIN countries c ON c.iso2 = pc.country_iso2").
		Where("pc.project_id = ?", id).Order("pc.lead DESC, c.name_en").Scan(&p.Countries).Error
	if err != nil {
		return nil, fmt.Errorf("store: unable to load countries of project %d: %w", id, err)
	}
	err = db.Model(&ReviewAssignment{}).Select("id, reviewer_id, status, round").
		Where("project_id = ? AND (status = ? OR (status = ? AND round = ?))", id, AssignmentSubmitted, AssignmentAssigned, p.ReviewRound).
		Order("round, id").Scan(&p.Assignments).Error
	if err != nil {
		return nil, fmt.Errorf("store: unable to load reviewers of project %d: %w", id, err)
	}
	for _, a := range p.Assignments {
		if !slices.Contains(p.Reviewers, a.ReviewerID) {
			p.Reviewers = append(p.Reviewers, a.ReviewerID)
		}
	}
	return &p, nil
}
