package demo

import (
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/puente-science/puente/models"
	"github.com/puente-science/puente/workflow"
)

// addInitiatives records the study's four initiatives that are not there
// yet (matched by code), through GORM: four projects need no bulk path.
// An initiative whose institutions or channel are not seeded, or whose
// history lies after Now, is skipped.
func addInitiatives(tx *gorm.DB, ref *refs, st staff, now time.Time) (int, error) {
	added := 0
	for i := range initiatives {
		in := &initiatives[i]
		var n int64
		if err := tx.Model(&models.Project{}).Where("code = ?", in.code).Count(&n).Error; err != nil {
			return added, fmt.Errorf("demo: unable to look for %s: %w", in.code, err)
		}
		last := in.signed
		if in.state == workflow.Completed {
			last = in.completed
		}
		if n > 0 || last.Time().After(now) {
			continue
		}
		ok, err := addInitiative(tx, ref, st, in, now)
		if err != nil {
			return added, err
		}
		if ok {
			added++
		}
	}
	return added, nil
}

func at(d models.Date, hour int) time.Time { return d.Time().Add(time.Duration(hour) * time.Hour) }

func addInitiative(tx *gorm.DB, ref *refs, st staff, in *initiative, now time.Time) (bool, error) {
	host, okHost := ref.byROR[in.host]
	partner, okPartner := ref.byROR[in.partner]
	ch := ref.channel(in.channel)
	if !okHost || !okPartner || ch == nil {
		return false, nil
	}
	pi, err := initiativePI(tx, in)
	if err != nil {
		return false, err
	}
	evs := initiativeEvents(in, pi, st)
	last := evs[len(evs)-1].at
	award := in.awardedY * yuan
	p := models.Project{
		Code: in.code, ChannelID: ch.id, Type: in.typ, State: in.state, Version: len(evs), Lang: "en",
		Title: texts4(in.title), Summary: texts4(in.summary), PIUserID: pi, OfficerID: &st.officer,
		HostInstitutionID: &host.id, LeadCountryISO2: &in.countries[0], PrimaryDisciplineCode: &in.primary,
		Currency: "CNY", RequestedMinor: in.requestedY * yuan, AwardedMinor: &award, Year: in.year,
		PlannedStart: &in.start, PlannedEnd: &in.end, ActualStart: &in.start,
		SubmittedAt: ptr(at(in.submitted, 10)), DecidedAt: ptr(at(in.decided, 11)),
		StateChangedAt: last, CreatedAt: evs[0].at, UpdatedAt: last,
	}
	if a := ref.areaBySlug[in.area]; a != nil {
		p.PriorityAreaID = &a.id
	}
	if in.state == workflow.Completed {
		p.ActualEnd, p.OutcomeRating = &in.actualEnd, ptr(5)
		p.ClosingRemarks = ptr("Delivered and commissioned as contracted.")
	}
	if err := tx.Create(&p).Error; err != nil {
		return false, fmt.Errorf("demo: unable to add %s: %w", in.code, err)
	}
	w := &initiativeWriter{tx: tx, p: &p, in: in, st: st, now: now}
	w.links(host, partner)
	w.budget()
	w.details(partner)
	w.agreement(award)
	w.reportsAndOutputs()
	w.audit(evs)
	if w.err != nil {
		return false, fmt.Errorf("demo: unable to add %s: %w", in.code, w.err)
	}
	// Disbursed is the sum of the tranches paid, known once they are written.
	if err := tx.Model(&p).Update("disbursed_minor", w.paid).Error; err != nil {
		return false, fmt.Errorf("demo: unable to add %s: %w", in.code, err)
	}
	return true, nil
}

// initiativePI returns the placeholder principal investigator, created as
// an applicant who cannot sign in (no password).
func initiativePI(tx *gorm.DB, in *initiative) (int64, error) {
	var u models.User
	err := tx.Where("email = ?", in.piEmail).Take(&u).Error
	if err == nil {
		return u.ID, nil
	}
	if !errors.Is(err, gorm.ErrRecordNotFound) {
		return 0, fmt.Errorf("demo: unable to look up %s: %w", in.piEmail, err)
	}
	created := at(in.submitted, 8).AddDate(0, 0, -30)
	u = models.User{Email: in.piEmail, Name: in.pi, Locale: "en", TimeZone: "UTC", Active: true, CreatedAt: created, UpdatedAt: created}
	if err := tx.Create(&u).Error; err != nil {
		return 0, fmt.Errorf("demo: unable to add %s: %w", in.piEmail, err)
	}
	if err := tx.Create(&models.UserRole{UserID: u.ID, Role: models.RoleApplicant, GrantedAt: created}).Error; err != nil {
		return 0, fmt.Errorf("demo: unable to add %s: %w", in.piEmail, err)
	}
	return u.ID, nil
}

// initiativeEvents is the history of an initiative approved before
// Puente existed: recorded, reviewed, approved, agreed, perhaps completed.
func initiativeEvents(in *initiative, pi int64, st staff) []event {
	note := "Recorded from the study's description of the existing initiatives."
	evs := []event{
		{"create", "", workflow.Draft, at(in.submitted, 9).AddDate(0, 0, -14), pi, note},
		{"submit", workflow.Draft, workflow.Submitted, at(in.submitted, 10), pi, ""},
		{"start_review", workflow.Submitted, workflow.InReview, at(in.submitted, 10).AddDate(0, 0, 20), st.officer, ""},
		{"complete_review", workflow.InReview, workflow.ReviewComplete, at(in.decided, 9).AddDate(0, 0, -15), 0, ""},
		{"approve", workflow.ReviewComplete, workflow.Approved, at(in.decided, 11), st.director, ""},
		{"record_agreement", workflow.Approved, workflow.Active, at(in.signed, 10), st.officer, ""},
	}
	if in.state == workflow.Completed {
		evs = append(evs, event{"complete", workflow.Active, workflow.Completed, at(in.completed, 10), st.officer, ""})
	}
	return evs
}

func texts4(s [4]string) models.Texts {
	var t models.Texts
	for i, lang := range models.Languages {
		t.Set(lang, s[i])
	}
	return t
}

func ptr[T any](v T) *T { return &v }
