package models

// Localized holds one text in the four languages; Get falls back to the
// first language that has it, so a title written only in Spanish still
// shows to an English reader.
type Localized struct {
	EN, ES, PT, ZH string
}

// Get returns the text in lang ("en", "es", "pt", "zh") or a fallback, and
// whether the fallback was used.
func (l Localized) Get(lang string) (string, bool) {
	byLang := map[string]string{"en": l.EN, "es": l.ES, "pt": l.PT, "zh": l.ZH}
	if v := byLang[lang]; v != "" {
		return v, false
	}
	for _, k := range []string{"en", "es", "pt", "zh"} {
		if v := byLang[k]; v != "" {
			return v, true
		}
	}
	return "", false
}

// In returns the text in lang or its fallback.
func (l Localized) In(lang string) string {
	v, _ := l.Get(lang)
	return v
}
