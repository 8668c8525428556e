package model

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Slugify turns a name or headline into a lowercase ASCII slug of at most
// maxLen bytes, cut at a word boundary: "Storm hits Coastline!" becomes
// "storm-hits-coastline". It returns "item" for input with no letters or
// digits, so a slug is never empty.
func Slugify(s string, maxLen int) string {
	var b strings.Builder
	dash := false
	for _, r := range norm.NFKD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
			// combining marks left by NFKD: "é" becomes "e".
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(unicode.ToLower(r))
		default:
			dash = true
		}
	}
	out := b.String()
	if maxLen > 0 && len(out) > maxLen {
		out = out[:maxLen]
		if i := strings.LastIndexByte(out, '-'); i > maxLen/2 {
			out = out[:i]
		}
		out = strings.Trim(out, "-")
	}
	if out == "" {
		return "item"
	}
	return out
}
