package models

import (
	"context"
	"fmt"
	"strings"
)

// ReviewerCandidate is a reviewer who may be assigned to a project's
// current round, with what the suggestion is based on.
//
// A user's expertise is not declared anywhere, so it is read from what
// they have done: the disciplines of the projects they have reviewed (a
// submitted review) or led as principal investigator. Matches counts the
// project's disciplines found there; MatchedCodes names them.
type ReviewerCandidate struct {
	ID                int64
	Name              string
	Email             string
	InstitutionName   *string
	CountryISO2       *string
	OpenReviews       int                   // assignments still pending on projects under review: the load
	Matches           int                   // the project's disciplines in the reviewer's record
	SharesInstitution bool                  // with the applicant, the host or a partner institution
	Matched           []CandidateDiscipline `gorm:"-"`
}

// Suggested reports whether the candidate is one to propose: a discipline
// in common and no institution in common.
func (c ReviewerCandidate) Suggested() bool { return c.Matches > 0 && !c.SharesInstitution }

// CandidateDiscipline is a discipline a candidate shares with the project.
type CandidateDiscipline struct {
	ReviewerID int64
	Code       string
	Name       Names `gorm:"embedded;embeddedPrefix:name_"`
}

// CandidateQuery selects the candidates of one project's current round.
type CandidateQuery struct {
	ProjectID int64
	Search    string // name, e-mail, institution or discipline; "" for all
	Limit     int
}

// reviewerHistory is the projects a reviewer (u.id) has reviewed or led.
const reviewerHistory = `SELECT ha.project_id FROM review_assignments ha WHERE ha.reviewer_id = u.id AND ha.status = 'submitted'
	UNION SELECT hp.id FROM projects hp WHERE hp.pi_user_id = u.id`

// ReviewerCandidates lists the active reviewers who may be assigned to the
// project's current round: not its applicant, not already assigned in it
// (a withdrawn assignment may be renewed), not having declared a conflict
// in it. They come ranked: no shared institution first, then by the
// number of the project's disciplines in their record, then by the fewest
// open reviews, then by name. Four queries, however many candidates.
func (s *Store) ReviewerCandidates(ctx context.Context, q CandidateQuery) ([]ReviewerCandidate, error) {
	db := s.db.WithContext(ctx)
	var p reviewProject
	if err := db.Table("projects").Select("id, pi_user_id, review_round, host_institution_id").Where("id = ?", q.ProjectID).Take(&p).Error; err != nil {
		return nil, fmt.Errorf("store: unable to load project %d: %w", q.ProjectID, notFound(err))
	}
	var facts []struct {
		Kind  string
		Value string
	}
	err := db.Raw(`SELECT 'd' AS kind, discipline_code AS value FROM project_disciplines WHERE project_id = ?
		UNION SELECT 'd', primary_discipline_code FROM projects WHERE id = ? AND primary_discipline_code IS NOT NULL
		UNION SELECT 'i', CAST(institution_id AS TEXT) FROM project_institutions WHERE project_id = ?
		UNION SELECT 'i', CAST(host_institution_id AS TEXT) FROM projects WHERE id = ? AND host_institution_id IS NOT NULL
		UNION SELECT 'i', CAST(u.institution_id AS TEXT) FROM users u WHERE u.id = ? AND u.institution_id IS NOT NULL`,
		p.ID, p.ID, p.ID, p.ID, p.PIUserID).Scan(&facts).Error
	if err != nil {
		return nil, fmt.Errorf("store: unable to load disciplines and institutions of project %d: %w", p.ID, err)
	}
	codes, insts := []string{}, []string{}
	for _, f := range facts {
		if f.Kind == "d" {
			codes = append(codes, f.Value)
		} else {
			insts = append(insts, f.Value)
		}
	}
	limit := q.Limit
	if limit <= 0 {
		limit = 30
	}
	// Empty lists still bind as one value that matches nothing.
	codesArg, instsArg := append(codes, ""), append(insts, "")
	sel := db.Table("users u").Select(`u.id, u.name, u.email, i.name AS institution_name, u.country_iso2,
		(SELECT COUNT(*) FROM review_assignments oa JOIN projects op ON op.id = oa.project_id
			WHERE oa.reviewer_id = u.id AND oa.status = ? AND op.state IN ? AND oa.round = op.review_round) AS open_reviews,
		(SELECT COUNT(DISTINCT hd.discipline_code) FROM project_disciplines hd
			WHERE hd.discipline_code IN ? AND hd.project_id IN (`+reviewerHistory+`)) AS matches,
		CASE WHEN CAST(u.institution_id AS TEXT) IN ? THEN 1 ELSE 0 END AS shares_institution`,
		AssignmentAssigned, reviewStates, codesArg, instsArg).
		Joins("JOIN user_roles r ON r.user_id = u.id AND r.role = ?", RoleReviewer).
		Joins("LEFT JOIN institutions i ON i.id = u.institution_id").
		Where("u.active = ? AND u.id <> ?", true, p.PIUserID).
		Where(`NOT EXISTS (SELECT 1 FROM review_assignments x WHERE x.project_id = ? AND x.round = ? AND x.reviewer_id = u.id AND x.status <> ?)`,
			p.ID, p.ReviewRound, AssignmentWithdrawn)
	if t := strings.TrimSpace(q.Search); t != "" {
		like := "%" + strings.ToLower(escapeLike(t)) + "%"
		sel = sel.Where(`(LOWER(u.name) LIKE ? ESCAPE '\' OR u.email LIKE ? ESCAPE '\' OR LOWER(i.name) LIKE ? ESCAPE '\'
			OR EXISTS (SELECT 1 FROM project_disciplines sd JOIN disciplines sdd ON sdd.code = sd.discipline_code
				WHERE (LOWER(sdd.name_en) LIKE ? ESCAPE '\' OR LOWER(sdd.name_es) LIKE ? ESCAPE '\'
					OR LOWER(sdd.name_pt) LIKE ? ESCAPE '\' OR sdd.name_zh LIKE ? ESCAPE '\')
				AND sd.project_id IN (`+reviewerHistory+`)))`, like, like, like, like, like, like, like)
	}
	var out []ReviewerCandidate
	err = sel.Order("shares_institution, matches DESC, open_reviews, u.name, u.id").Limit(limit).Scan(&out).Error
	if err != nil {
		return nil, fmt.Errorf("store: unable to list reviewer candidates of project %d: %w", p.ID, err)
	}
	var ids []int64
	for _, c := range out {
		if c.Matches > 0 {
			ids = append(ids, c.ID)
		}
	}
	if len(ids) == 0 {
		return out, nil
	}
	var matched []CandidateDiscipline
	err = db.Raw(`SELECT DISTINCT h.reviewer_id, d.code, d.name_en, d.name_es, d.name_pt, d.name_zh
		FROM (SELECT ha.reviewer_id, ha.project_id FROM review_assignments ha WHERE ha.reviewer_id IN ? AND ha.status = ?
			UNION SELECT hp.pi_user_id, hp.id FROM projects hp WHERE hp.pi_user_id IN ?) h
		JOIN project_disciplines pd ON pd.project_id = h.project_id AND pd.discipline_code IN ?
		JOIN disciplines d ON d.code = pd.discipline_code
		ORDER BY h.reviewer_id, d.code`, ids, AssignmentSubmitted, ids, codesArg).Scan(&matched).Error
	if err != nil {
		return nil, fmt.Errorf("store: unable to load the disciplines of reviewer candidates: %w", err)
	}
	at := map[int64]int{}
	for i, c := range out {
		at[c.ID] = i
	}
	for _, m := range matched {
		if i, ok := at[m.ReviewerID]; ok {
			out[i].Matched = append(out[i].Matched, m)
		}
	}
	return out, nil
}
