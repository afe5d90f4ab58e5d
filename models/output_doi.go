package models

import (
	"regexp"
	"strings"
)

// doiRE is a DOI as Crossref and DataCite issue them: the directory
// indicator 10, a registrant code of dotted digits, a slash and a suffix
// of printable characters without spaces.
var doiRE = regexp.MustCompile(`^10\.[0-9]{4,9}(\.[0-9]+)*/[!-~]+$`)

// doiPrefixes are the ways people write a DOI in front of the bare one.
var doiPrefixes = []string{"https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "http://dx.doi.org/",
	"doi.org/", "dx.doi.org/", "doi:", "doi "}

// NormalizeDOI returns a DOI in the form a project stores it — lower case,
// without a resolver or "doi:" prefix — and whether it is one at all.
// "https://doi.org/10.1234/ABC", "doi:10.1234/abc" and "10.1234/abc" are
// all "10.1234/abc": DOIs are case-insensitive, so lower case makes the
// same publication compare equal however it was typed.
func NormalizeDOI(s string) (string, bool) {
	s = strings.ToLower(strings.TrimSpace(s))
	for _, p := range doiPrefixes {
		if strings.HasPrefix(s, p) {
			s = strings.TrimSpace(s[len(p):])
			break
		}
	}
	if len(s) > 300 || !doiRE.MatchString(s) {
		return "", false
	}
	return s, true
}
