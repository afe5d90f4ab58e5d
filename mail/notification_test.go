package mail_test

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/puente-science/puente/auth"
	"github.com/puente-science/puente/config"
	"github.com/puente-science/puente/i18n"
	pmail "github.com/puente-science/puente/mail"
	"github.com/puente-science/puente/models"
	"github.com/puente-science/puente/refdata"
	"github.com/puente-science/puente/testdb"
	"github.com/puente-science/puente/workflow"
)

// person creates an account speaking lang.
func person(t *testing.T, s *models.Store, email, lang string, active bool, roles ...auth.Role) *models.User {
	t.Helper()
	u := &models.User{Email: email, Name: strings.Split(email, "@")[0], Locale: lang, TimeZone: "UTC", Active: active}
	if err := s.CreateUser(context.Background(), u, roles); err != nil {
		t.Fatal(err)
	}
	if !active { // CreateUser may default it
		if err := s.DB().Model(&models.User{}).Where("id = ?", u.ID).Update("active", false).Error; err != nil {
			t.Fatal(err)
		}
	}
	return u
}

// reviewedProject is a project in review whose one reviewer has submitted,
// under an open call capped at 300 000.00.
func reviewedProject(t *testing.T, s *models.Store, pi, officer, reviewer int64) *models.Project {
	t.Helper()
	db := s.DB()
	chans, err := s.CallChannels(context.Background())
	if err != nil || len(chans) == 0 {
		t.Fatalf("channels: %v", err)
	}
	title := "Call"
	call := models.Call{ChannelID: chans[0].ID, Code: "N-1", Title: models.Texts{EN: &title},
		OpensAt: t0.AddDate(0, -1, 0), ClosesAt: t0.AddDate(0, 1, 0), TimeZone: "UTC", BudgetCapMinor: 30000000,
		Currency: "CNY", MinReviews: 1, ReportFrequencyMonths: 6, Status: models.CallPublished, CreatedBy: officer}
	if err := db.Create(&call).Error; err != nil {
		t.Fatal(err)
	}
	name, br := "Andean glaciers", "BR"
	p := models.Project{Code: "PU-N-1", CallID: &call.ID, ChannelID: chans[0].ID, Type: models.TypeResearchProject,
		State: workflow.InReview, Lang: "en", Title: models.Texts{EN: &name}, PIUserID: pi, LeadCountryISO2: &br,
		Currency: "CNY", RequestedMinor: 25000000, Year: 2025}
	if err := db.Create(&p).Error; err != nil {
		t.Fatal(err)
	}
	a := models.ReviewAssignment{ProjectID: p.ID, ReviewerID: reviewer, AssignedBy: officer, Status: models.AssignmentSubmitted}
	if err := db.Create(&a).Error; err != nil {
		t.Fatal(err)
	}
	return &p
}

func outboxTo(t *testing.T, s *models.Store, address string) []models.MailOutbox {
	t.Helper()
	var rows []models.MailOutbox
	if err := s.DB().Where("to_address = ?", address).Order("id").Find(&rows).Error; err != nil {
		t.Fatal(err)
	}
	return rows
}

// TestNotificationMail walks a project from the last review to approval:
// every notification's e-mail copy is queued in its recipient's language
// with a link to the project, once, and never to an inactive account.
func TestNotificationMail(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		if _, err := refdata.Seed(ctx, s); err != nil {
			t.Fatal(err)
		}
		m := pmail.New(config.Config{BaseURL: testBase}, s, slog.New(slog.DiscardHandler), func() time.Time { return t0 })
		s.SetNotifier(pmail.Notifier(m, s))
		pi := person(t, s, "lin@example.org", "zh", true, auth.Applicant)
		officer := person(t, s, "officer@example.org", "en", true, auth.Officer)
		rev := person(t, s, "rev@example.org", "en", true, auth.Reviewer)
		dir := person(t, s, "dir@example.org", "es", true, auth.Director)
		person(t, s, "gone@example.org", "en", false, auth.Director)
		p := reviewedProject(t, s, pi.ID, officer.ID, rev.ID)

		err := s.InTx(ctx, func(tx *gorm.DB) error {
			moved, err := s.CompleteReviewIfDone(ctx, tx, p.ID, time.Time{})
			if err == nil && !moved {
				err = errors.New("the project did not move")
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		got := outboxTo(t, s, "dir@example.org")
		wantES := i18n.Default().Message(i18n.ES, "notify.project.review_complete")
		wantES = strings.ReplaceAll(wantES, "{code}", "PU-N-1")
		if len(got) != 1 || got[0].Subject != wantES || got[0].Locale != "es" {
			t.Fatalf("director's mail: %+v, want one with subject %q", got, wantES)
		}
		if !strings.Contains(got[0].Subject, "decisión") {
			t.Errorf("the director is not told a decision awaits: %q", got[0].Subject)
		}
		if !strings.Contains(got[0].BodyText, "https://puente.example.org/projects/") ||
			got[0].DedupeKey == nil || !strings.HasPrefix(*got[0].DedupeKey, "notification:") {
			t.Errorf("director's mail lacks the project link or the dedupe key:\n%s", got[0].BodyText)
		}
		if n := len(outboxTo(t, s, "gone@example.org")); n != 0 {
			t.Errorf("an inactive director got %d mails", n)
		}

		_, err = s.FireEvent(ctx, models.EventInput{ProjectID: p.ID, Version: 2, Event: workflow.Approve,
			Actor: workflow.Actor{Director: true}, ActorID: dir.ID, Award: 20000000, Now: t0})
		if err != nil {
			t.Fatal(err)
		}
		mails := outboxTo(t, s, "lin@example.org")
		if len(mails) != 2 {
			t.Fatalf("the applicant got %d mails, want 2 (reviews complete, approved)", len(mails))
		}
		approved := mails[1]
		if approved.Subject != "项目 PU-N-1 已获批准。" || approved.Locale != "zh" {
			t.Errorf("approval mail subject %q (%s), want the Chinese one", approved.Subject, approved.Locale)
		}
		if !strings.Contains(approved.BodyHTML, `lang="zh-CN"`) && !strings.Contains(approved.BodyHTML, `lang="zh`) {
			t.Error("the HTML part is not marked Chinese")
		}
		if !strings.Contains(approved.BodyText, "https://puente.example.org/projects/") {
			t.Errorf("approval mail lacks the project link:\n%s", approved.BodyText)
		}

		// The hook running again over the same notifications queues nothing new.
		var rows []models.Notification
		if err := s.DB().Where("project_id = ?", p.ID).Find(&rows).Error; err != nil {
			t.Fatal(err)
		}
		var before, after int64
		s.DB().Model(&models.MailOutbox{}).Count(&before)
		if err := pmail.Notifier(m, s)(ctx, nil, rows); err != nil {
			t.Fatal(err)
		}
		s.DB().Model(&models.MailOutbox{}).Count(&after)
		if before != after || before != int64(len(rows)) {
			t.Errorf("outbox %d → %d for %d notifications", before, after, len(rows))
		}

		// An inactive applicant keeps the in-app notification, gets no mail.
		s.DB().Model(&models.User{}).Where("id = ?", pi.ID).Update("active", false)
		note := []models.Notification{{UserID: pi.ID, Kind: "project.state", ProjectID: &p.ID,
			MessageKey: "notify.project.active", Params: `{"code":"PU-N-1"}`, CreatedAt: t0}}
		if err := s.Notify(ctx, nil, note); err != nil {
			t.Fatal(err)
		}
		if n := len(outboxTo(t, s, "lin@example.org")); n != 2 {
			t.Errorf("an inactive applicant's mails: %d, want still 2", n)
		}
	})
}

// TestNotificationMailSkipsWhatCannotRender: a notification whose key is
// not in the catalogs stays in-app; the transaction goes through.
func TestNotificationMailSkipsWhatCannotRender(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		ctx := context.Background()
		m := pmail.New(config.Config{BaseURL: testBase}, s, slog.New(slog.DiscardHandler), nil)
		s.SetNotifier(pmail.Notifier(m, s))
		u := person(t, s, "ana@example.org", "pt", true, auth.Applicant)
		rows := []models.Notification{
			{UserID: u.ID, Kind: "x", MessageKey: "notify.nothing.like.this", Params: "{}", CreatedAt: t0},
			{UserID: u.ID, Kind: "review.assignment", MessageKey: "notify.project.submitted", Params: `{"code":"PU-9"}`, CreatedAt: t0},
		}
		if err := s.Notify(ctx, nil, rows); err != nil {
			t.Fatal(err)
		}
		got := outboxTo(t, s, "ana@example.org")
		if len(got) != 1 || !strings.Contains(got[0].Subject, "PU-9") {
			t.Fatalf("mails %+v, want only the renderable one", got)
		}
		if !strings.Contains(got[0].BodyText, "https://puente.example.org/notifications") {
			t.Errorf("a notification without a project links to the list:\n%s", got[0].BodyText)
		}
	})
}

func TestNotificationRender(t *testing.T) {
	data := func(key, params, path string) map[string]string {
		return map[string]string{pmail.DataMessageKey: key, pmail.DataParams: params, pmail.DataPath: path,
			pmail.DataBaseURL: "https://puente.example.org"}
	}
	// A date parameter is written the recipient's way; the link goes where asked.
	subject, text, _, err := pmail.Render(pmail.Message{Lang: i18n.ES, Kind: pmail.KindNotification,
		Data: data("notify.report.due_soon", `{"code":"PU-1","due_on":"2026-03-01"}`, "/projects/7")})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(subject, "PU-1") || strings.Contains(subject, "2026-03-01") || !strings.Contains(text, "/projects/7") {
		t.Errorf("subject %q, text:\n%s", subject, text)
	}
	for name, d := range map[string]map[string]string{
		"not a notify key": data("mail.brand", "{}", "/projects/1"),
		"unknown key":      data("notify.nope", "{}", "/projects/1"),
		"params not JSON":  data("notify.project.approved", "code=1", "/projects/1"),
		"missing param":    data("notify.project.approved", "{}", "/projects/1"),
		"foreign link":     data("notify.project.approved", `{"code":"PU-1"}`, "//evil.example.org/x"),
		"absolute link":    data("notify.project.approved", `{"code":"PU-1"}`, "https://evil.example.org/x"),
	} {
		if _, _, _, err := pmail.Render(pmail.Message{Kind: pmail.KindNotification, Data: d}); !errors.Is(err, pmail.ErrMissingData) {
			t.Errorf("%s: err = %v, want ErrMissingData", name, err)
		}
	}
	rev := int64(3)
	for n, want := range map[*models.Notification]string{
		{MessageKey: "notify.review.assigned", ProjectID: &rev}:  "/reviews",
		{MessageKey: "notify.review.reminder", ProjectID: &rev}:  "/reviews",
		{MessageKey: "notify.review.conflict", ProjectID: &rev}:  "/projects/3",
		{MessageKey: "notify.project.approved", ProjectID: &rev}: "/projects/3",
		{MessageKey: "notify.project.approved"}:                  "/notifications",
	} {
		if got := pmail.NotificationPath(*n); got != want {
			t.Errorf("%s: %s, want %s", n.MessageKey, got, want)
		}
	}
}
