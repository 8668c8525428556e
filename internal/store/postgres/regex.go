package postgres

import (
	"fmt"
	"strings"
	"unicode"
)

// PostgreSQL's regular expressions have no \p{...} classes, so the two
// character sets of an exact search are spelled out:
//
//   - a word character is [[:alnum:]], a letter or digit by the
//     database's locale: under a UTF-8 locale (C.UTF-8, en_US.UTF-8)
//     that is all of Unicode's letters and digits, as Go's unicode
//     package counts them for SQLite. Unlike \m, \M and \y, it leaves out
//     '_', which store.SearchQuery counts as punctuation.
//   - whitespace is Unicode's White_Space, built from the same table Go's
//     unicode.IsSpace reads, so a no-break space separates a phrase's
//     words on both backends; the locale's [[:space:]] leaves it out.
const notWordChar = `[^[:alnum:]]`

// regexSpace is a bracket expression of every White_Space character.
var regexSpace = whiteSpaceClass()

func whiteSpaceClass() string {
	var b strings.Builder
	b.WriteString("[")
	for _, rg := range unicode.White_Space.R16 {
		for r := rg.Lo; r <= rg.Hi; r += rg.Stride {
			fmt.Fprintf(&b, `\u%04x`, r)
		}
	}
	for _, rg := range unicode.White_Space.R32 {
		for r := rg.Lo; r <= rg.Hi; r += rg.Stride {
			fmt.Fprintf(&b, `\U%08x`, r)
		}
	}
	b.WriteString("]")
	return b.String()
}

// wordPattern is the regular expression of an exact term, by the rules
// of store.SearchQuery: the term's words, each run of whitespace between
// them matching one or more whitespace characters, with a field edge or
// a non-word character on either side. Every ASCII character that is not
// a letter or digit is escaped, since all of the syntax is ASCII and a
// backslash before any such character stands for the character itself;
// other characters are always literal.
func wordPattern(term string) string {
	var b strings.Builder
	b.WriteString(`(^|` + notWordChar + `)`)
	for i, word := range strings.Fields(term) {
		if i > 0 {
			b.WriteString(regexSpace + "+")
		}
		for _, r := range word {
			if r <= unicode.MaxASCII && !isASCIIAlnum(r) {
				b.WriteByte('\\')
			}
			b.WriteRune(r)
		}
	}
	b.WriteString(`($|` + notWordChar + `)`)
	return b.String()
}

func isASCIIAlnum(r rune) bool {
	return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
}
