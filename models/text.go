package models

// Names holds a reference record's name in every language; all four are
// required (name_en, name_es, name_pt, name_zh). Embed it with
// `gorm:"embedded;embeddedPrefix:name_"`.
type Names struct {
	EN string `gorm:"column:en"`
	ES string `gorm:"column:es"`
	PT string `gorm:"column:pt"`
	ZH string `gorm:"column:zh"`
}

// In returns the name in lang, falling back to English.
func (n Names) In(lang string) string {
	var s string
	switch lang {
	case "es":
		s = n.ES
	case "pt":
		s = n.PT
	case "zh":
		s = n.ZH
	}
	if s == "" {
		return n.EN
	}
	return s
}

// Texts holds user-written text in whichever languages the author gave
// (title_en … title_zh, each NULL when not given). Embed it with
// `gorm:"embedded;embeddedPrefix:title_"`; the tables CHECK that titles
// have at least one language.
type Texts struct {
	EN *string `gorm:"column:en"`
	ES *string `gorm:"column:es"`
	PT *string `gorm:"column:pt"`
	ZH *string `gorm:"column:zh"`
}

// Get returns the text in lang, or "" when not given.
func (t Texts) Get(lang string) string {
	var p *string
	switch lang {
	case "en":
		p = t.EN
	case "es":
		p = t.ES
	case "pt":
		p = t.PT
	case "zh":
		p = t.ZH
	}
	if p == nil {
		return ""
	}
	return *p
}

// Set stores s for lang; an empty s clears it, so the column goes back to NULL.
func (t *Texts) Set(lang, s string) {
	var p *string
	if s != "" {
		p = &s
	}
	switch lang {
	case "en":
		t.EN = p
	case "es":
		t.ES = p
	case "pt":
		t.PT = p
	case "zh":
		t.ZH = p
	}
}

// In returns the text in lang, else in orig (the language the author wrote
// in), else in the first language that has it. The second result is the
// language actually returned, so a page can mark untranslated text with
// its lang attribute.
func (t Texts) In(lang, orig string) (string, string) {
	for _, l := range append([]string{lang, orig}, Languages...) {
		if s := t.Get(l); s != "" {
			return s, l
		}
	}
	return "", lang
}

// Empty reports whether no language is given.
func (t Texts) Empty() bool {
	for _, l := range Languages {
		if t.Get(l) != "" {
			return false
		}
	}
	return true
}
