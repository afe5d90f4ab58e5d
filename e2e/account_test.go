package e2e

import (
	"context"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/puente-science/puente/i18n"
	"github.com/puente-science/puente/models"
	"github.com/puente-science/puente/testdb"
)

// fill types into a field, as a person would.
func fill(sel, value string) chromedp.Action[chromedp.Void] {
	return chromedp.SendKeys(sel, value)
}

func TestBrowserAccount(t *testing.T) {
	testdb.Each(t, func(t *testing.T, s *models.Store) {
		seed(t, s, 0)
		base := serve(t, s)
		ctx := browser(t)
		prefix := s.Dialect() + "-"
		cat := i18n.Default()
		step := func(name string, actions ...chromedp.Action[chromedp.Void]) {
			t.Helper()
			tctx, cancel := context.WithTimeout(ctx, 20*time.Second)
			defer cancel()
			if err := chromedp.Do(tctx, actions...); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
		}

		// Register, first with a password that is too short: the message
		// appears next to the field and nothing typed is lost.
		step("open register", goTo(base+"/register"), waitVisible("#f-name"))
		step("fill", fill("#f-name", "Lucía Fernández"), fill("#f-email", "lucia@example.org"),
			fill("#f-password", "short"), press(`button[type="submit"]:not(.visually-hidden)`, chromedp.NodeVisible),
			waitVisible(".field-error"))
		if got := text(t, ctx, "#f-password-error"); got != cat.Message(i18n.EN, "password.too_short") {
			t.Errorf("password error = %q", got)
		}
		if v := value(t, ctx, "#f-name"); v != "Lucía Fernández" {
			t.Errorf("name lost after the error: %q", v)
		}
		shot(t, ctx, prefix+"register-error")
		step("fix", fill("#f-password", "un puente entre continentes"),
			press("form.form button.btn-primary"), waitVisible(".alert-success"))
		shot(t, ctx, prefix+"register-done")

		// The verification link from the outbox.
		var msg models.MailOutbox
		if err := s.DB().Where("to_address = ?", "lucia@example.org").Order("id DESC").Take(&msg).Error; err != nil {
			t.Fatal(err)
		}
		link := regexp.MustCompile(`https?://[^\s]+/verify/[A-Za-z0-9_-]+`).FindString(msg.BodyText)
		if !strings.HasPrefix(link, base) {
			t.Fatalf("no verification link in %q", msg.BodyText)
		}
		step("verify", goTo(link), waitVisible("form.form button"), press("form.form button"),
			waitVisible("#f-email"))
		if got := text(t, ctx, ".alert-success"); got != cat.Message(i18n.EN, "login.notice.verified") {
			t.Errorf("after verifying: %q", got)
		}

		// Sign in.
		step("sign in", fill("#f-email", "lucia@example.org"), fill("#f-password", "un puente entre continentes"),
			press("form.form button.btn-primary"), waitVisible(`form[action="/logout"]`))
		shot(t, ctx, prefix+"signed-in-en")

		// Change the language to Chinese; it sticks as a preference.
		chooseLanguage(t, ctx, i18n.ZH)
		if got := text(t, ctx, `form[action="/logout"] button`); got != cat.Message(i18n.ZH, "nav.logout") {
			t.Errorf("Chinese sign-out button = %q", got)
		}
		shot(t, ctx, prefix+"signed-in-zh")
		var locale string
		s.DB().Model(&models.User{}).Where("email = ?", "lucia@example.org").Pluck("locale", &locale)
		if locale != "zh" {
			t.Errorf("saved language = %q, want zh", locale)
		}

		// Sign out.
		step("sign out", press(`form[action="/logout"] button`), waitVisible(".alert-success"))
		if got := text(t, ctx, ".alert-success"); got != cat.Message(i18n.ZH, "login.notice.signed_out") {
			t.Errorf("after signing out: %q", got)
		}
		shot(t, ctx, prefix+"signed-out-zh")
	})
}

func value(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	tctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	v, err := chromedp.Run(tctx, chromedp.Value(sel))
	if err != nil {
		t.Fatalf("value of %s: %v", sel, err)
	}
	return v
}
