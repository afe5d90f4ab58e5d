package files

import (
	"path"
	"strings"
	"unicode"
)

// maxNameRunes caps a kept file name.
const maxNameRunes = 150

// bidi are the invisible direction controls that can make "cv‮fdp.exe"
// read as "cvexe.pdf".
func bidi(r rune) bool {
	return (r >= '\u202a' && r <= '\u202e') || (r >= '\u2066' && r <= '\u2069') ||
		r == '\u200e' || r == '\u200f' || r == '\u061c'
}

func cleanSeparators(name string) string { return strings.ReplaceAll(name, `\`, "/") }

// CleanName makes a client's file name safe to show and to offer on
// download: only its last path element, without control or direction
// characters, at most 150 characters, ending in ext (the sniffed type's
// extension) — "file.<ext>" when nothing usable is left.
func CleanName(name, ext string) string {
	name = path.Base(cleanSeparators(name))
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || bidi(r) || r == utf8RuneError {
			return -1
		}
		return r
	}, name)
	name = strings.Trim(strings.TrimSpace(name), ".")
	if name == "" || name == "/" {
		return "file." + ext
	}
	if ext != "" && !matchesExt(name, ext) {
		name += "." + ext
	}
	if r := []rune(name); len(r) > maxNameRunes {
		suffix := []rune(path.Ext(name))
		if len(suffix) > 10 {
			suffix = nil
		}
		name = strings.TrimSpace(string(r[:maxNameRunes-len(suffix)])) + string(suffix)
	}
	return name
}

const utf8RuneError = '\uFFFD'

// matchesExt reports whether name already ends in an extension of the
// type (".jpeg" counts for "jpg", ".text" for "txt").
func matchesExt(name, ext string) bool {
	got := strings.ToLower(strings.TrimPrefix(path.Ext(name), "."))
	switch ext {
	case "jpg":
		return got == "jpg" || got == "jpeg"
	case "txt":
		return got == "txt" || got == "text" || got == "md"
	}
	return got == ext
}
