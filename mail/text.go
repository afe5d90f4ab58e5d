package mail

import (
	"strings"

	mailview "github.com/puente-science/puente/views/mail"
)

// plainText renders the text/plain part from the same values as the HTML,
// with every address written out, for clients that show no HTML and for
// readers who prefer it.
func plainText(e mailview.Email) string {
	var b strings.Builder
	para := func(s string) {
		if s != "" {
			b.WriteString(s)
			b.WriteString("\n\n")
		}
	}
	para(e.Brand)
	para(e.Greeting)
	for _, p := range e.Paragraphs {
		para(p)
	}
	// A label over its address, no punctuation between: a colon would need
	// translating (Chinese uses a full-width one).
	if e.Button.URL != "" {
		para(e.Button.Label + "\n" + e.Button.URL)
	}
	if e.Secondary.URL != "" {
		para(e.Secondary.Label + "\n" + e.Secondary.URL)
	}
	for _, n := range e.Notes {
		para(n)
	}
	// "-- " on its own line is the signature separator clients recognise.
	b.WriteString("-- \n")
	for _, f := range e.Footer {
		b.WriteString(f)
		b.WriteString("\n")
	}
	b.WriteString(e.SiteURL)
	b.WriteString("\n")
	return b.String()
}
