package models

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// CallListing is a call as the /calls lists show it, with its types and
// highlighted countries.
type CallListing struct {
	ID             int64
	Code           string
	Title          Localized
	Channel        Localized
	Currency       string
	BudgetCapMinor int64
	OpensAt        time.Time
	ClosesAt       time.Time
	TimeZone       string
	Status         CallStatus
	Types          []ProjectType
	Countries      []Localized
}

type callListingScan struct {
	ID                                 int64
	Code                               string
	TitleEN, TitleES, TitlePT, TitleZH *string
	NameEN, NameES, NamePT, NameZH     string
	Currency                           string
	BudgetCapMinor                     int64
	OpensAt, ClosesAt                  time.Time
	TimeZone                           string
	Status                             CallStatus
}

// CallPhase picks which published calls a list shows at a moment.
type CallPhase int

const (
	CallsOpen     CallPhase = iota // opens_at ≤ now < closes_at
	CallsUpcoming                  // opens later
	CallsPast                      // closed, or past their closing time
)

// PublicCalls lists one phase's calls, page from 1 (perPage 0: all), with
// the total; three queries whatever the number of calls.
func (s *Store) PublicCalls(ctx context.Context, phase CallPhase, now time.Time, page, perPage int) ([]CallListing, int64, error) {
	db := s.db.WithContext(ctx)
	q := db.Table("calls c").Joins("JOIN funding_channels f ON f.id = c.channel_id")
	switch phase {
	case CallsOpen:
		q = q.Where("c.status = ? AND c.opens_at <= ? AND c.closes_at > ?", CallPublished, now, now).Order("c.closes_at, c.id")
	case CallsUpcoming:
		q = q.Where("c.status = ? AND c.opens_at > ?", CallPublished, now).Order("c.opens_at, c.id")
	default:
		q = q.Where("c.status = ? OR (c.status = ? AND c.closes_at <= ?)", CallClosed, CallPublished, now).Order("c.closes_at DESC, c.id DESC")
	}
	var total int64
	if err := q.Session(&gorm.Session{}).Count(&total).Error; err != nil {
		return nil, 0, fmt.Errorf("store: unable to count calls: %w", err)
	}
	if perPage > 0 {
		q = q.Limit(perPage).Offset(max(page-1, 0) * perPage)
	}
	var rows []callListingScan
	err := q.Select(`c.id, c.code, c.title_en, c.title_es, c.title_pt, c.title_zh,
		f.name_en, f.name_es, f.name_pt, f.name_zh, c.currency, c.budget_cap_minor,
		c.opens_at, c.closes_at, c.time_zone, c.status`).Scan(&rows).Error
	if err != nil {
		return nil, 0, fmt.Errorf("store: unable to list calls: %w", err)
	}
	out := make([]CallListing, len(rows))
	ids := make([]int64, len(rows))
	idx := map[int64]int{}
	for i, r := range rows {
		out[i] = CallListing{ID: r.ID, Code: r.Code, Title: localized(r.TitleEN, r.TitleES, r.TitlePT, r.TitleZH),
			Channel: Localized{r.NameEN, r.NameES, r.NamePT, r.NameZH}, Currency: r.Currency,
			BudgetCapMinor: r.BudgetCapMinor, OpensAt: r.OpensAt.UTC(), ClosesAt: r.ClosesAt.UTC(),
			TimeZone: r.TimeZone, Status: r.Status}
		ids[i] = r.ID
		idx[r.ID] = i
	}
	if len(ids) == 0 {
		return out, total, nil
	}
	types, err := s.callTypes(ctx, ids)
	if err != nil {
		return nil, 0, err
	}
	for _, t := range types {
		out[idx[t.CallID]].Types = append(out[idx[t.CallID]].Types, t.ProjectType)
	}
	countries, err := s.callCountries(ctx, ids)
	if err != nil {
		return nil, 0, err
	}
	for _, c := range countries {
		out[idx[c.CallID]].Countries = append(out[idx[c.CallID]].Countries, c.Name)
	}
	return out, total, nil
}

func localized(en, es, pt, zh *string) Localized {
	return Localized{deref(en), deref(es), deref(pt), deref(zh)}
}

func (s *Store) callTypes(ctx context.Context, ids []int64) ([]CallProjectType, error) {
	var out []CallProjectType
	err := s.db.WithContext(ctx).Where("call_id IN ?", ids).Order("call_id, project_type").Find(&out).Error
	if err != nil {
		return nil, fmt.Errorf("store: unable to load call types: %w", err)
	}
	return out, nil
}

type callNamed struct {
	CallID int64
	Code   string
	Name   Localized
}

func (s *Store) callCountries(ctx context.Context, ids []int64) ([]callNamed, error) {
	return s.callNamed(ctx, ids, "call_countries x JOIN countries n ON n.iso2 = x.country_iso2", "x.country_iso2")
}

func (s *Store) callDisciplines(ctx context.Context, ids []int64) ([]callNamed, error) {
	return s.callNamed(ctx, ids, "call_disciplines x JOIN disciplines n ON n.code = x.discipline_code", "x.discipline_code")
}

// callNamed loads a call's linked reference rows with their names; table
// and code are fixed strings from the two callers above, never user text.
func (s *Store) callNamed(ctx context.Context, ids []int64, table, code string) ([]callNamed, error) {
	var rows []struct {
		CallID                         int64
		Code                           string
		NameEN, NameES, NamePT, NameZH string
	}
	err := s.db.WithContext(ctx).Table(table).
		Select("x.call_id, "+code+" AS code, n.name_en, n.name_es, n.name_pt, n.name_zh").
		Where("x.call_id IN ?", ids).Order("x.call_id, n.name_en").Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("store: unable to load call links: %w", err)
	}
	out := make([]callNamed, len(rows))
	for i, r := range rows {
		out[i] = callNamed{r.CallID, r.Code, Localized{r.NameEN, r.NameES, r.NamePT, r.NameZH}}
	}
	return out, nil
}

// CallDetail is one call with everything its page and form show.
type CallDetail struct {
	Call
	Channel     Localized
	Types       []ProjectType
	Countries   []NamedCode
	Disciplines []NamedCode
	Criteria    []RubricCriterion
}

// NamedCode is a country or discipline code with its names.
type NamedCode struct {
	Code string
	Name Localized
}

// CallByID loads a call with its links and rubric.
func (s *Store) CallByID(ctx context.Context, id int64) (*CallDetail, error) {
	db := s.db.WithContext(ctx)
	var d CallDetail
	if err := db.Take(&d.Call, id).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return nil, ErrNotFound
		}
		return nil, fmt.Errorf("store: unable to load call %d: %w", id, err)
	}
	d.OpensAt, d.ClosesAt = d.OpensAt.UTC(), d.ClosesAt.UTC()
	var ch FundingChannel
	if err := db.Select("name_en, name_es, name_pt, name_zh").Take(&ch, d.ChannelID).Error; err != nil {
		return nil, fmt.Errorf("store: unable to load call channel: %w", err)
	}
	d.Channel = Localized{ch.Name.EN, ch.Name.ES, ch.Name.PT, ch.Name.ZH}
	types, err := s.callTypes(ctx, []int64{id})
	if err != nil {
		return nil, err
	}
	for _, t := range types {
		d.Types = append(d.Types, t.ProjectType)
	}
	for _, pair := range []struct {
		load func(context.Context, []int64) ([]callNamed, error)
		into *[]NamedCode
	}{{s.callCountries, &d.Countries}, {s.callDisciplines, &d.Disciplines}} {
		rows, err := pair.load(ctx, []int64{id})
		if err != nil {
			return nil, err
		}
		for _, r := range rows {
			*pair.into = append(*pair.into, NamedCode{r.Code, r.Name})
		}
	}
	if err := db.Where("call_id = ?", id).Order("position, id").Find(&d.Criteria).Error; err != nil {
		return nil, fmt.Errorf("store: unable to load rubric: %w", err)
	}
	return &d, nil
}

// CallChannel is a funding channel as the call form offers it.
type CallChannel struct {
	ID       int64
	Name     Localized
	Currency string
	Types    []ProjectType
}

// CallChannels lists the active channels with the project types each funds.
func (s *Store) CallChannels(ctx context.Context) ([]CallChannel, error) {
	rows, err := s.Channels(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]CallChannel, len(rows))
	for i, r := range rows {
		out[i] = CallChannel{ID: r.ID, Name: r.Name, Currency: r.Currency}
		for _, t := range r.ProjectTypes {
			out[i].Types = append(out[i].Types, ProjectType(t))
		}
	}
	return out, nil
}

// CallInput is what the call form saves: the call's own columns and the
// lists that hang off it.
type CallInput struct {
	Call        Call
	Types       []ProjectType
	Countries   []string
	Disciplines []string
	Criteria    []RubricCriterion
}

// CallCodeTaken reports whether another call (not except) uses code.
func (s *Store) CallCodeTaken(ctx context.Context, code string, except int64) (bool, error) {
	var n int64
	err := s.db.WithContext(ctx).Model(&Call{}).Where("code = ? AND id <> ?", code, except).Count(&n).Error
	if err != nil {
		return false, fmt.Errorf("store: unable to check call code: %w", err)
	}
	return n > 0, nil
}

// CreateCall stores a new draft call and its audit entry in one transaction.
func (s *Store) CreateCall(ctx context.Context, in CallInput, audit AuditEntry) (int64, error) {
	c := in.Call
	c.ID, c.Status, c.Version = 0, CallDraft, 1
	err := s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Omit("published_at").Create(&c).Error; err != nil {
			return fmt.Errorf("store: unable to create call: %w", err)
		}
		if err := s.replaceCallLinks(tx, c.ID, in); err != nil {
			return err
		}
		return s.auditCall(ctx, tx, audit, c.ID, "call.create", "", CallDraft)
	})
	return c.ID, err
}

// UpdateCall saves the form over the call when it is still at version; a
// call changed since is ErrConflict, and nothing is written.
func (s *Store) UpdateCall(ctx context.Context, id int64, version int, in CallInput, audit AuditEntry) error {
	c := in.Call
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		res := tx.Model(&Call{}).Where("id = ? AND version = ?", id, version).Updates(map[string]any{
			"channel_id": c.ChannelID, "code": c.Code,
			"title_en": c.Title.EN, "title_es": c.Title.ES, "title_pt": c.Title.PT, "title_zh": c.Title.ZH,
			"body_en": c.Body.EN, "body_es": c.Body.ES, "body_pt": c.Body.PT, "body_zh": c.Body.ZH,
			"opens_at": c.OpensAt.UTC(), "closes_at": c.ClosesAt.UTC(), "time_zone": c.TimeZone,
			"budget_cap_minor": c.BudgetCapMinor, "currency": c.Currency, "min_reviews": c.MinReviews,
			"report_frequency_months": c.ReportFrequencyMonths, "updated_at": audit.At,
			"version": gorm.Expr("version + 1"),
		})
		if err := s.versionResult(tx, res, id); err != nil {
			return err
		}
		if err := s.replaceCallLinks(tx, id, in); err != nil {
			return err
		}
		return s.auditCall(ctx, tx, audit, id, "call.update", "", "")
	})
}

// versionResult turns an update that touched no row into ErrNotFound or
// ErrConflict.
func (s *Store) versionResult(tx *gorm.DB, res *gorm.DB, id int64) error {
	if res.Error != nil {
		return fmt.Errorf("store: unable to update call %d: %w", id, res.Error)
	}
	if res.RowsAffected == 1 {
		return nil
	}
	var n int64
	if err := tx.Model(&Call{}).Where("id = ?", id).Count(&n).Error; err != nil {
		return fmt.Errorf("store: unable to check call %d: %w", id, err)
	}
	if n == 0 {
		return ErrNotFound
	}
	return ErrConflict
}

// replaceCallLinks rewrites the types, countries and disciplines, and the
// rubric in place by position, so criteria that reviews already score keep
// their ids.
func (s *Store) replaceCallLinks(tx *gorm.DB, id int64, in CallInput) error {
	for _, m := range []any{&CallProjectType{}, &CallCountry{}, &CallDiscipline{}} {
		if err := tx.Where("call_id = ?", id).Delete(m).Error; err != nil {
			return fmt.Errorf("store: unable to clear call links: %w", err)
		}
	}
	var types []CallProjectType
	for _, t := range in.Types {
		types = append(types, CallProjectType{id, t})
	}
	var countries []CallCountry
	for _, c := range in.Countries {
		countries = append(countries, CallCountry{id, c})
	}
	var discs []CallDiscipline
	for _, d := range in.Disciplines {
		discs = append(discs, CallDiscipline{id, d})
	}
	for _, rows := range []any{types, countries, discs} {
		if err := tx.Create(rows).Error; err != nil && !errors.Is(err, gorm.ErrEmptySlice) {
			return fmt.Errorf("store: unable to save call links: %w", err)
		}
	}
	var old []RubricCriterion
	if err := tx.Select("id").Where("call_id = ?", id).Order("position, id").Find(&old).Error; err != nil {
		return fmt.Errorf("store: unable to load rubric: %w", err)
	}
	for i, c := range in.Criteria {
		c.CallID, c.Position, c.ID = id, i+1, 0
		if i < len(old) {
			c.ID = old[i].ID
		}
		if err := tx.Save(&c).Error; err != nil {
			return fmt.Errorf("store: unable to save rubric criterion: %w", err)
		}
	}
	for _, o := range old[min(len(old), len(in.Criteria)):] {
		if err := tx.Delete(&RubricCriterion{}, o.ID).Error; err != nil {
			return fmt.Errorf("store: unable to remove rubric criterion: %w", err)
		}
	}
	return nil
}

// PublishCall moves a draft call at version to published.
func (s *Store) PublishCall(ctx context.Context, id int64, version int, audit AuditEntry) error {
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		res := tx.Model(&Call{}).Where("id = ? AND version = ? AND status = ?", id, version, CallDraft).
			Updates(map[string]any{"status": CallPublished, "published_at": audit.At, "updated_at": audit.At,
				"version": gorm.Expr("version + 1")})
		if err := s.versionResult(tx, res, id); err != nil {
			return err
		}
		return s.auditCall(ctx, tx, audit, id, "call.publish", CallDraft, CallPublished)
	})
}

// CloseCall ends a published call at version now: closes_at becomes now
// (and opens_at moves back when the call had not opened yet, so the
// schema's opens < closes holds).
func (s *Store) CloseCall(ctx context.Context, id int64, version int, audit AuditEntry) error {
	now := audit.At.UTC()
	return s.db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		var c Call
		if err := tx.Select("opens_at, closes_at").Take(&c, id).Error; err != nil {
			if errors.Is(err, gorm.ErrRecordNotFound) {
				return ErrNotFound
			}
			return fmt.Errorf("store: unable to load call %d: %w", id, err)
		}
		set := map[string]any{"status": CallClosed, "updated_at": now, "version": gorm.Expr("version + 1")}
		if c.ClosesAt.After(now) {
			set["closes_at"] = now
		}
		if !c.OpensAt.Before(now) {
			set["opens_at"] = now.Add(-time.Second)
		}
		res := tx.Model(&Call{}).Where("id = ? AND version = ? AND status = ?", id, version, CallPublished).Updates(set)
		if err := s.versionResult(tx, res, id); err != nil {
			return err
		}
		return s.auditCall(ctx, tx, audit, id, "call.close", CallPublished, CallClosed)
	})
}

func (s *Store) auditCall(ctx context.Context, tx *gorm.DB, e AuditEntry, id int64, action string, from, to CallStatus) error {
	e.Action, e.Entity, e.EntityID = action, "call", &id
	if from != "" {
		f := string(from)
		e.FromState = &f
	}
	if to != "" {
		t := string(to)
		e.ToState = &t
	}
	return s.Audit(ctx, tx, &e)
}
