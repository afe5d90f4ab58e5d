// Package i18n holds Puente's message catalogs (en, es, pt, zh), chooses a
// reader's language, and formats messages, numbers, money and dates for it.
//
// Catalogs are flat JSON maps of dotted keys to messages. A message names
// its arguments in braces: "Showing {count} projects". Plural messages use
// two keys, "key.one" and "key.other", picked by TN.
package i18n

import (
	"context"
	"embed"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"sync"

	"golang.org/x/text/language"
)

//go:embed locales/*.json
var localeFiles embed.FS

// Lang is one of the languages Puente speaks.
type Lang string

const (
	EN Lang = "en"
	ES Lang = "es"
	PT Lang = "pt"
	ZH Lang = "zh"
)

// Langs lists the supported languages; the first is the fallback.
var Langs = []Lang{EN, ES, PT, ZH}

// Tag is the BCP 47 tag used for formatting and the html lang attribute.
func (l Lang) Tag() language.Tag {
	switch l {
	case ES:
		return language.Spanish
	case PT:
		return language.BrazilianPortuguese
	case ZH:
		return language.SimplifiedChinese
	default:
		return language.English
	}
}

// HTMLLang is the value of <html lang>.
func (l Lang) HTMLLang() string {
	switch l {
	case PT:
		return "pt-BR"
	case ZH:
		return "zh-Hans"
	default:
		return string(l)
	}
}

// Name is the language's own name, shown in the language switcher.
func (l Lang) Name() string {
	switch l {
	case ES:
		return "Español"
	case PT:
		return "Português"
	case ZH:
		return "中文"
	default:
		return "English"
	}
}

// Parse returns the language for a code such as "es", and false when Puente
// does not speak it.
func Parse(s string) (Lang, bool) {
	for _, l := range Langs {
		if string(l) == s {
			return l, true
		}
	}
	return EN, false
}

// Catalog is the set of messages for every language.
type Catalog struct {
	messages map[Lang]map[string]string
	matcher  language.Matcher
}

// Load parses the embedded catalogs.
func Load() (*Catalog, error) {
	c := &Catalog{messages: map[Lang]map[string]string{}}
	tags := make([]language.Tag, len(Langs))
	for i, l := range Langs {
		b, err := localeFiles.ReadFile("locales/" + string(l) + ".json")
		if err != nil {
			return nil, fmt.Errorf("i18n: unable to read catalog %s: %w", l, err)
		}
		m := map[string]string{}
		if err := json.Unmarshal(b, &m); err != nil {
			return nil, fmt.Errorf("i18n: unable to parse catalog %s: %w", l, err)
		}
		c.messages[l] = m
		tags[i] = l.Tag()
	}
	c.matcher = language.NewMatcher(tags)
	return c, nil
}

var (
	defaultOnce    sync.Once
	defaultCatalog *Catalog
)

// Default returns the embedded catalogs, parsed once. They are read-only
// data, so sharing one parsed copy is safe.
func Default() *Catalog {
	defaultOnce.Do(func() {
		c, err := Load()
		if err != nil {
			panic(err) // the catalogs are embedded; a parse error is a build defect caught by tests
		}
		defaultCatalog = c
	})
	return defaultCatalog
}

// Keys returns the sorted keys of one language's catalog.
func (c *Catalog) Keys(l Lang) []string {
	keys := make([]string, 0, len(c.messages[l]))
	for k := range c.messages[l] {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// Has reports whether the language's catalog holds key.
func (c *Catalog) Has(l Lang, key string) bool {
	_, ok := c.messages[l][key]
	return ok
}

// Match picks the best supported language for an Accept-Language header;
// English when nothing matches.
func (c *Catalog) Match(acceptLanguage string) Lang {
	tags, _, err := language.ParseAcceptLanguage(acceptLanguage)
	if err != nil || len(tags) == 0 {
		return EN
	}
	_, idx, conf := c.matcher.Match(tags...)
	if conf == language.No {
		return EN
	}
	return Langs[idx]
}

// Message returns the raw message for key in l, falling back to English and
// finally to the key itself so that a missing message is visible, not blank.
func (c *Catalog) Message(l Lang, key string) string {
	if m, ok := c.messages[l][key]; ok {
		return m
	}
	if m, ok := c.messages[EN][key]; ok {
		return m
	}
	return key
}

// Localizer is one reader's language with the catalogs; it travels in the
// request context.
type Localizer struct {
	Lang    Lang
	Catalog *Catalog
}

type ctxKey struct{}

// WithLocalizer returns a context carrying the reader's language.
func WithLocalizer(ctx context.Context, l Localizer) context.Context {
	return context.WithValue(ctx, ctxKey{}, l)
}

// From returns the context's localizer, or English.
func From(ctx context.Context) Localizer {
	if ctx != nil {
		if l, ok := ctx.Value(ctxKey{}).(Localizer); ok && l.Catalog != nil {
			return l
		}
	}
	return Localizer{Lang: EN, Catalog: Default()}
}

// LangOf returns the context's language.
func LangOf(ctx context.Context) Lang { return From(ctx).Lang }

// T translates key in the context's language. args are name/value pairs
// that fill {name} placeholders: T(ctx, "list.count", "count", 3).
func T(ctx context.Context, key string, args ...any) string {
	l := From(ctx)
	return l.format(l.Catalog.Message(l.Lang, key), args)
}

// TN translates a message that depends on a count, choosing "key.one" or
// "key.other" by the language's plural rule; {count} holds the formatted n.
func TN(ctx context.Context, key string, n int64, args ...any) string {
	l := From(ctx)
	form := "other"
	if pluralOne(l.Lang, n) {
		form = "one"
	}
	args = append([]any{"count", Number(ctx, n)}, args...)
	return l.format(l.Catalog.Message(l.Lang, key+"."+form), args)
}

// pluralOne applies the CLDR cardinal rules for the four languages.
func pluralOne(l Lang, n int64) bool {
	switch l {
	case ZH:
		return false
	case PT:
		return n == 0 || n == 1
	default:
		return n == 1
	}
}

func (l Localizer) format(msg string, args []any) string {
	if len(args) == 0 || !strings.Contains(msg, "{") {
		return msg
	}
	pairs := make([]string, 0, len(args))
	for i := 0; i+1 < len(args); i += 2 {
		name, _ := args[i].(string)
		pairs = append(pairs, "{"+name+"}", fmt.Sprint(args[i+1]))
	}
	return strings.NewReplacer(pairs...).Replace(msg)
}
