package mail_test

import (
	"errors"
	"regexp"
	"strings"
	"testing"

	"github.com/puente-science/puente/i18n"
	pmail "github.com/puente-science/puente/mail"
)

const evil = `<script>alert("x")</script>`

func sampleData() map[string]string {
	return map[string]string{
		pmail.DataToken:      "tok-123_abc",
		pmail.DataInviter:    "Li Wei " + evil,
		pmail.DataRoles:      "officer, reviewer",
		pmail.DataBaseURL:    "https://puente.example.org/",
		pmail.DataMessageKey: "notify.project.approved",
		pmail.DataParams:     `{"code":"PU-2026-0042"}`,
		pmail.DataPath:       "/projects/42",
	}
}

// wantLink is the address each kind must carry.
var wantLink = map[string]string{
	pmail.KindVerifyEmail:     "https://puente.example.org/verify/tok-123_abc",
	pmail.KindResetPassword:   "https://puente.example.org/password/reset/tok-123_abc",
	pmail.KindInvite:          "https://puente.example.org/invite/tok-123_abc",
	pmail.KindPasswordChanged: "https://puente.example.org/password/forgot",
	pmail.KindAccountExists:   "https://puente.example.org/login",
	pmail.KindNotification:    "https://puente.example.org/projects/42",
}

var (
	placeholder = regexp.MustCompile(`\{[a-z_]+\}`)
	rawKey      = regexp.MustCompile(`\b(mail|role)\.[a-z_]+(\.[a-z_]+)*\b`)
)

func TestRenderEveryKindInEveryLanguage(t *testing.T) {
	if len(wantLink) != len(pmail.Kinds) {
		t.Fatalf("the test covers %d kinds, Render knows %d", len(wantLink), len(pmail.Kinds))
	}
	for _, kind := range pmail.Kinds {
		subjects := map[string]i18n.Lang{}
		for _, lang := range i18n.Langs {
			t.Run(kind+"/"+string(lang), func(t *testing.T) {
				subject, text, html, err := pmail.Render(pmail.Message{
					To: "ana@example.org", ToName: "Ana " + evil, Lang: lang, Kind: kind, Data: sampleData(),
				})
				if err != nil {
					t.Fatalf("Render: %v", err)
				}
				if strings.TrimSpace(subject) == "" || strings.ContainsAny(subject, "\r\n") {
					t.Errorf("subject %q", subject)
				}
				if prev, dup := subjects[subject]; dup {
					t.Errorf("subject %q is the same in %s and %s: not translated?", subject, prev, lang)
				}
				subjects[subject] = lang
				link := wantLink[kind]
				if !strings.Contains(text, link) {
					t.Errorf("text lacks %s:\n%s", link, text)
				}
				if !strings.Contains(html, `href="`+link+`"`) {
					t.Errorf("html lacks a link to %s", link)
				}
				if strings.Contains(html, "<script") {
					t.Error("html contains an unescaped <script>")
				}
				if !strings.Contains(html, "&lt;script&gt;") {
					t.Error("html does not show the escaped name")
				}
				if !strings.Contains(html, `lang="`+lang.HTMLLang()+`"`) {
					t.Errorf("html lacks lang=%q", lang.HTMLLang())
				}
				for part, s := range map[string]string{"subject": subject, "text": text, "html": html} {
					if m := placeholder.FindString(s); m != "" {
						t.Errorf("%s keeps the placeholder %s", part, m)
					}
					if m := rawKey.FindString(s); m != "" {
						t.Errorf("%s shows the untranslated key %s", part, m)
					}
				}
			})
		}
	}
}

func TestRenderInviteNamesInviterAndRoles(t *testing.T) {
	subject, text, _, err := pmail.Render(pmail.Message{To: "a@example.org", Lang: i18n.ES, Kind: pmail.KindInvite, Data: sampleData()})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(subject, "Li Wei") || !strings.Contains(text, "Li Wei") {
		t.Errorf("inviter missing: %q", subject)
	}
	c := i18n.Default()
	for _, key := range []string{"role.officer", "role.reviewer"} {
		if label := c.Message(i18n.ES, key); !strings.Contains(text, label) {
			t.Errorf("text lacks the role %q", label)
		}
	}
}

func TestRenderKeepsHeadersOnOneLine(t *testing.T) {
	d := sampleData()
	d[pmail.DataInviter] = "Eve\r\nBcc: victim@example.org"
	subject, _, _, err := pmail.Render(pmail.Message{To: "a@example.org", Lang: i18n.EN, Kind: pmail.KindInvite, Data: d})
	if err != nil {
		t.Fatal(err)
	}
	if strings.ContainsAny(subject, "\r\n") {
		t.Errorf("subject %q spans lines", subject)
	}
}

func TestRenderFallsBackToEnglish(t *testing.T) {
	fr, _, _, err := pmail.Render(pmail.Message{Lang: "fr", Kind: pmail.KindAccountExists, Data: sampleData()})
	if err != nil {
		t.Fatal(err)
	}
	en, _, _, _ := pmail.Render(pmail.Message{Lang: i18n.EN, Kind: pmail.KindAccountExists, Data: sampleData()})
	if fr != en {
		t.Errorf("unknown language rendered %q, want the English %q", fr, en)
	}
}

func TestRenderRejectsBadMessages(t *testing.T) {
	without := func(key string) map[string]string {
		d := sampleData()
		delete(d, key)
		return d
	}
	with := func(key, v string) map[string]string {
		d := sampleData()
		d[key] = v
		return d
	}
	cases := []struct {
		name string
		msg  pmail.Message
		want error
	}{
		{"unknown kind", pmail.Message{Kind: "newsletter", Data: sampleData()}, pmail.ErrUnknownKind},
		{"no token", pmail.Message{Kind: pmail.KindVerifyEmail, Data: without(pmail.DataToken)}, pmail.ErrMissingData},
		{"no base", pmail.Message{Kind: pmail.KindAccountExists, Data: without(pmail.DataBaseURL)}, pmail.ErrMissingData},
		{"relative base", pmail.Message{Kind: pmail.KindAccountExists, Data: with(pmail.DataBaseURL, "/puente")}, pmail.ErrMissingData},
		{"no inviter", pmail.Message{Kind: pmail.KindInvite, Data: without(pmail.DataInviter)}, pmail.ErrMissingData},
		{"no roles", pmail.Message{Kind: pmail.KindInvite, Data: without(pmail.DataRoles)}, pmail.ErrMissingData},
		{"unknown role", pmail.Message{Kind: pmail.KindInvite, Data: with(pmail.DataRoles, "officer,king")}, pmail.ErrMissingData},
	}
	for _, c := range cases {
		if _, _, _, err := pmail.Render(c.msg); !errors.Is(err, c.want) {
			t.Errorf("%s: err = %v, want %v", c.name, err, c.want)
		}
	}
}
