package e2e

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/puente-science/puente/auth"
	"github.com/puente-science/puente/models"
	"github.com/puente-science/puente/testdb"
)

// TestBrowserApplication: an applicant applies to an open call, fills part
// of the form, makes a mistake and fixes it, and attaches a PDF, at a
// desktop and a phone width.
func TestBrowserApplication(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		seed(t, s, 0)
		ctx0 := context.Background()
		hash, err := auth.HashPassword("un puente entre continentes")
		if err != nil {
			t.Fatal(err)
		}
		verified := fixedNow.Add(-time.Hour)
		pi := &models.User{Email: "ana@example.org", Name: "Ana Souza", PasswordHash: &hash, EmailVerifiedAt: &verified,
			Locale: "en", TimeZone: "America/Sao_Paulo", Active: true}
		if err := s.CreateUser(ctx0, pi, []models.Role{models.RoleApplicant}); err != nil {
			t.Fatal(err)
		}
		chans, err := s.CallChannels(ctx0)
		if err != nil || len(chans) == 0 {
			t.Fatal("no channels")
		}
		c := models.Call{ChannelID: chans[0].ID, Code: "PIFI-2027-1", OpensAt: fixedNow.AddDate(0, 0, -3),
			ClosesAt: fixedNow.AddDate(0, 1, 0), TimeZone: "Asia/Shanghai", BudgetCapMinor: 25_000_000, Currency: chans[0].Currency,
			MinReviews: 2, ReportFrequencyMonths: 6, Status: models.CallPublished, CreatedBy: pi.ID, Version: 1}
		c.Title.Set("en", "Talent exchange 2027")
		if err := s.DB().Omit("published_at").Create(&c).Error; err != nil {
			t.Fatal(err)
		}
		for _, pt := range []models.ProjectType{models.TypeTalentExchange, models.TypeResearchProject} {
			s.DB().Create(&models.CallProjectType{CallID: c.ID, ProjectType: pt})
		}
		base := serve(t, s)
		ctx := browser(t)
		prefix := s.Dialect() + "-application-"
		pdf := filepath.Join(t.TempDir(), "proposal.pdf")
		if err := os.WriteFile(pdf, []byte("%PDF-1.4\n1 0 obj << >> endobj\n%%EOF\n"), 0o600); err != nil {
			t.Fatal(err)
		}

		do(t, ctx, goTo(base+"/login"), waitVisible("#f-email"),
			fill("#f-email", "ana@example.org"), fill("#f-password", "un puente entre continentes"),
			press("form.form button.btn-primary"), waitVisible(`form[action="/logout"]`))
		do(t, ctx, goTo(base+"/calls/"+strconv.FormatInt(c.ID, 10)), waitVisible("#apply"))
		shot(t, ctx, prefix+"call")
		do(t, ctx, chromedp.SetValue("#f-apply-type", "research_project"), fill("#f-apply-title", "Mangroves and blue carbon"),
			press("#apply button[type=submit]"), waitVisible("#application-form"))
		do(t, ctx, fill("#f-summary", "How mangrove forests in Brazil and Ecuador store carbon."),
			press("#f-countries-BR"), press("#f-lead-BR"), press("#f-countries-EC"),
			fill("#f-budget_travel", "12,5x"), chromedp.SetValue("#f-planned_start", "2027-03-01"), chromedp.SetValue("#f-planned_end", "2026-03-01"),
			chromedp.SetUploadFiles("#f-file_proposal", []string{pdf}))
		// A step of its own: on a loaded machine the post and the new page
		// take a while, and each step has its own deadline.
		do(t, ctx, press(".app-savebar button"), waitVisible("#error-summary"))
		if got := value(t, ctx, "#f-summary"); !strings.Contains(got, "mangrove forests") {
			t.Errorf("summary lost after the error: %q", got)
		}
		shot(t, ctx, prefix+"errors")
		do(t, ctx, chromedp.SetValue("#f-budget_travel", "12,500"), chromedp.SetValue("#f-planned_end", "2028-03-01"),
			chromedp.SetUploadFiles("#f-file_proposal", []string{pdf}),
			press(".app-savebar button"), waitVisible(".alert-success"))
		if got := text(t, ctx, ".app-files-table"); !strings.Contains(got, "proposal.pdf") {
			t.Errorf("file list: %q", got)
		}
		shot(t, ctx, prefix+"form")
		do(t, ctx, chromedp.EmulateViewport(390, 844), chromedp.Reload(), waitVisible("#application-form"))
		shot(t, ctx, prefix+"form-phone")
	})
}
