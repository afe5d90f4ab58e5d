package i18n_test

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/puente-science/puente/auth"
	"github.com/puente-science/puente/i18n"
	"github.com/puente-science/puente/models"
	"github.com/puente-science/puente/workflow"
)

// TestCatalogsComplete fails when a key exists in one language and not in
// another, or when a message is empty.
func TestCatalogsComplete(t *testing.T) {
	c, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	en := c.Keys(i18n.EN)
	if len(en) < 100 {
		t.Fatalf("English catalog has only %d keys", len(en))
	}
	for _, l := range i18n.Langs {
		for _, k := range en {
			if !c.Has(l, k) {
				t.Errorf("%s: missing key %q", l, k)
			} else if strings.TrimSpace(c.Message(l, k)) == "" {
				t.Errorf("%s: empty message for %q", l, k)
			}
		}
		for _, k := range c.Keys(l) {
			if !c.Has(i18n.EN, k) {
				t.Errorf("%s: key %q is not in the English catalog", l, k)
			}
		}
	}
}

// TestPlaceholdersAgree fails when a translation drops or invents a {name}.
func TestPlaceholdersAgree(t *testing.T) {
	c, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	ph := regexp.MustCompile(`\{[a-z_]+\}`)
	for _, k := range c.Keys(i18n.EN) {
		want := strings.Join(sortedUnique(ph.FindAllString(c.Message(i18n.EN, k), -1)), ",")
		for _, l := range i18n.Langs[1:] {
			got := strings.Join(sortedUnique(ph.FindAllString(c.Message(l, k), -1)), ",")
			if got != want {
				t.Errorf("%s %q: placeholders %q, English has %q", l, k, got, want)
			}
		}
	}
}

// keyUse finds literal keys passed to T and TN in Go and templ code.
var keyUse = regexp.MustCompile(`\bTN?\(ctx, "([a-z0-9_.A-Z]+)"`)

// TestKeysUsedInCodeExist scans the source for T(ctx, "key") and
// TN(ctx, "key", n) and fails on any key absent from the catalogs. Keys
// built at run time (state labels, enums) are checked from their value lists.
func TestKeysUsedInCodeExist(t *testing.T) {
	c, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	root := filepath.Join("..")
	used := map[string]string{}
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "node_modules" || d.Name() == ".git" || d.Name() == "i18n") {
			return filepath.SkipDir
		}
		if d.IsDir() || strings.HasSuffix(path, "_templ.go") ||
			!(strings.HasSuffix(path, ".go") || strings.HasSuffix(path, ".templ")) {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range keyUse.FindAllStringSubmatch(string(b), -1) {
			used[m[1]] = path
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(used) < 50 {
		t.Fatalf("found only %d keys in the source; is the scanner broken?", len(used))
	}
	for key, path := range used {
		if strings.HasSuffix(key, ".") {
			continue // a prefix completed at run time; checked below
		}
		if c.Has(i18n.EN, key) || (c.Has(i18n.EN, key+".one") && c.Has(i18n.EN, key+".other")) {
			continue
		}
		t.Errorf("%s uses key %q, which is not in the catalogs", path, key)
	}
	var dynamic []string
	for _, s := range workflow.States {
		dynamic = append(dynamic, s.LabelKey())
	}
	for _, e := range workflow.Events {
		dynamic = append(dynamic, e.LabelKey())
	}
	for _, k := range []string{workflow.ErrUnknownEvent, workflow.ErrNotFromState, workflow.ErrNotYours, workflow.ErrNeedComment,
		workflow.ErrCallClosed, workflow.ErrIncomplete, workflow.ErrReviewers, workflow.ErrReviewsDue, workflow.ErrAward,
		workflow.ErrAgreement, workflow.ErrNotClosedOut, workflow.ErrFinalNotReady} {
		dynamic = append(dynamic, k)
	}
	for _, st := range workflow.Stages {
		dynamic = append(dynamic, st.LabelKey())
	}
	for _, r := range auth.Roles {
		dynamic = append(dynamic, r.LabelKey())
	}
	for _, k := range models.OutputKinds {
		dynamic = append(dynamic, "output.count."+string(k)+".one", "output.count."+string(k)+".other")
	}
	for _, k := range []string{"not_found", "forbidden", "unauthorized", "csrf", "method", "too_large", "rate_limited", "bad_request", "unavailable", "server"} {
		dynamic = append(dynamic, "error."+k+".title", "error."+k+".body")
	}
	for _, k := range dynamic {
		if !c.Has(i18n.EN, k) {
			t.Errorf("dynamic key %q is not in the catalogs", k)
		}
	}
}

func sortedUnique(xs []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, x := range xs {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	for i := 1; i < len(out); i++ {
		for j := i; j > 0 && out[j] < out[j-1]; j-- {
			out[j], out[j-1] = out[j-1], out[j]
		}
	}
	return out
}

func TestMatchAcceptLanguage(t *testing.T) {
	c := i18n.Default()
	cases := map[string]i18n.Lang{
		"":                        i18n.EN,
		"es-MX,es;q=0.9,en;q=0.8": i18n.ES,
		"pt-BR":                   i18n.PT,
		"pt-PT,pt;q=0.9":          i18n.PT,
		"zh-CN,zh;q=0.9":          i18n.ZH,
		"fr-FR,fr;q=0.9":          i18n.EN,
		"de, es;q=0.5":            i18n.ES,
		"garbage;;;q=":            i18n.EN,
	}
	for header, want := range cases {
		if got := c.Match(header); got != want {
			t.Errorf("Match(%q) = %s, want %s", header, got, want)
		}
	}
}

func TestFormatting(t *testing.T) {
	ctx := func(l i18n.Lang) context.Context {
		return i18n.WithLocalizer(context.Background(), i18n.Localizer{Lang: l, Catalog: i18n.Default()})
	}
	cases := []struct {
		lang               i18n.Lang
		number, money, pct string
	}{
		{i18n.EN, "1,234,567", "US$1,234.56", "24.5%"},
		{i18n.ES, "1.234.567", "1.234,56\u00a0US$", "24,5\u00a0%"},
		{i18n.PT, "1.234.567", "US$1.234,56", "24,5%"},
		{i18n.ZH, "1,234,567", "US$1,234.56", "24.5%"},
	}
	for _, tc := range cases {
		c := ctx(tc.lang)
		if got := i18n.Number(c, 1234567); got != tc.number {
			t.Errorf("%s Number = %q, want %q", tc.lang, got, tc.number)
		}
		if got := i18n.Money(c, 123456, "USD"); got != tc.money {
			t.Errorf("%s Money = %q, want %q", tc.lang, got, tc.money)
		}
		if got := i18n.Percent(c, 0.245); got != tc.pct {
			t.Errorf("%s Percent = %q, want %q", tc.lang, got, tc.pct)
		}
	}
	// Headline money in the language's large units; small amounts as Money.
	compact := []struct {
		lang  i18n.Lang
		minor int64
		want  string
	}{
		{i18n.EN, 32803594300000, "CN¥328.0 billion"},
		{i18n.EN, 4567890000, "CN¥45.7 million"},
		{i18n.EN, 480000, "CN¥4,800.00"},
		{i18n.ES, 32803594300000, "328,0 mil millones\u00a0CNY"},
		{i18n.PT, 4567890000, "CN¥45,7 milhões"},
		{i18n.ZH, 32803594300000, "￥3,280.4亿"},
		{i18n.ZH, 4567890000, "￥4,567.9万"},
		{i18n.EN, 150000, "CLP\u00a0150,000"}, // CLP has no decimals: below a million
		{i18n.EN, 1500000000, "CLP\u00a01.5 billion"},
	}
	for _, tc := range compact {
		code := "CNY"
		if strings.Contains(tc.want, "CLP") {
			code = "CLP"
		}
		if got := i18n.MoneyCompact(ctx(tc.lang), tc.minor, code); got != tc.want {
			t.Errorf("%s MoneyCompact(%d %s) = %q, want %q", tc.lang, tc.minor, code, got, tc.want)
		}
	}
	if got := i18n.TN(ctx(i18n.PT), "countries.count", 0); !strings.HasPrefix(got, "0 ") {
		t.Errorf("pt plural of 0 = %q", got)
	}
}
