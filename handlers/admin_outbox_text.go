package handlers

import (
	"net/url"
	"regexp"
	"strings"

	"github.com/puente-science/puente/views/pages"
)

// urlInText finds web addresses in a plain-text e-mail body.
var urlInText = regexp.MustCompile(`https?://[^\s<>"'` + "`" + `]+`)

// linkify splits a plain-text body into text and links. Only http(s)
// addresses on Puente's own host become links: the body is mail content,
// and an admin reading the outbox should not be one click from wherever a
// message's text points. The template escapes every part.
func linkify(text string, base *url.URL) []pages.TextPart {
	var parts []pages.TextPart
	last := 0
	for _, loc := range urlInText.FindAllStringIndex(text, -1) {
		raw := strings.TrimRight(text[loc[0]:loc[1]], ".,;:!?)]}")
		end := loc[0] + len(raw)
		if !ownLink(raw, base) {
			continue
		}
		if loc[0] > last {
			parts = append(parts, pages.TextPart{Text: text[last:loc[0]]})
		}
		parts = append(parts, pages.TextPart{Text: raw, Href: raw})
		last = end
	}
	if last < len(text) {
		parts = append(parts, pages.TextPart{Text: text[last:]})
	}
	return parts
}

// ownLink reports whether raw is an http(s) address on the base URL's host
// (port included).
func ownLink(raw string, base *url.URL) bool {
	if base == nil {
		return false
	}
	u, err := url.Parse(raw)
	if err != nil || u.User != nil {
		return false
	}
	return (u.Scheme == "http" || u.Scheme == "https") && strings.EqualFold(u.Host, base.Host)
}
