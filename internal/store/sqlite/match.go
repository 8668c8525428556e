package sqlite

import (
	"database/sql/driver"
	"fmt"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"modernc.org/sqlite"

	"github.com/newsdesk/newsdesk/internal/store"
)

// matchFunc is the SQL name of searchMatch. The driver keeps registered
// functions for the whole process, so the name carries our prefix to stay
// clear of anyone else's.
const matchFunc = "newsdesk_search_match"

// registerFuncs registers matchFunc once per process, before the first
// connection opens: the driver only adds functions to new connections.
var registerFuncs = sync.OnceValue(func() error {
	return sqlite.RegisterDeterministicScalarFunction(matchFunc, 4, sqlMatch)
})

// sqlMatch is matchFunc(search_text, term, fields, exact): 1 when term
// matches in one of the fields, else 0. term comes from matchTerm.
func sqlMatch(_ *sqlite.FunctionContext, args []driver.Value) (driver.Value, error) {
	text, ok1 := args[0].(string)
	term, ok2 := args[1].(string)
	fields, ok3 := args[2].(int64)
	exact, ok4 := args[3].(int64)
	if !ok1 || !ok2 || !ok3 || !ok4 {
		return nil, fmt.Errorf("sqlite: %s: want (text, text, integer, integer), got %T, %T, %T, %T",
			matchFunc, args[0], args[1], args[2], args[3])
	}
	if searchMatch(text, term, store.SearchFields(fields), exact != 0) {
		return int64(1), nil
	}
	return int64(0), nil
}

// matchTerm prepares a lowercased term for searchMatch: an exact term's
// whitespace runs become single spaces, which searchMatch reads as "one
// or more whitespace characters".
func matchTerm(term string, exact bool) string {
	if !exact {
		return term
	}
	return strings.Join(strings.Fields(term), " ")
}

// searchMatch reports whether term matches in one of the chosen fields
// of a search_text value, by the rules of store.SearchQuery. Both text
// and term are lowercased already, which makes the match case-insensitive.
func searchMatch(text, term string, fields store.SearchFields, exact bool) bool {
	title, rest, _ := strings.Cut(text, searchSep)
	excerpt, content, _ := strings.Cut(rest, searchSep)
	return fields.Has(store.FieldTitle) && fieldMatch(title, term, exact) ||
		fields.Has(store.FieldExcerpt) && fieldMatch(excerpt, term, exact) ||
		fields.Has(store.FieldContent) && fieldMatch(content, term, exact)
}

func fieldMatch(field, term string, exact bool) bool {
	if !exact {
		return strings.Contains(field, term)
	}
	return containsPhrase(field, term)
}

// containsPhrase reports whether phrase occurs in text as whole words.
// It tries every place the phrase's first word occurs.
func containsPhrase(text, phrase string) bool {
	first, _, _ := strings.Cut(phrase, " ")
	if first == "" {
		return false
	}
	for from := 0; from < len(text); {
		i := strings.Index(text[from:], first)
		if i < 0 {
			return false
		}
		start := from + i
		if n, ok := phraseAt(text[start:], phrase); ok && startsWord(text, start) && endsWord(text, start+n) {
			return true
		}
		_, size := utf8.DecodeRuneInString(text[start:])
		from = start + size
	}
	return false
}

// phraseAt reports whether text begins with phrase, each space of the
// phrase standing for one or more whitespace characters, and how many
// bytes of text the phrase covers.
func phraseAt(text, phrase string) (int, bool) {
	n := 0
	for word := range strings.SplitSeq(phrase, " ") {
		if n > 0 {
			gap := len(text[n:]) - len(strings.TrimLeftFunc(text[n:], unicode.IsSpace))
			if gap == 0 {
				return 0, false
			}
			n += gap
		}
		if !strings.HasPrefix(text[n:], word) {
			return 0, false
		}
		n += len(word)
	}
	return n, true
}

// startsWord reports whether a whole-word match may begin at byte i of
// text: at its start, or after a character that is not a letter or digit.
func startsWord(text string, i int) bool {
	r, _ := utf8.DecodeLastRuneInString(text[:i])
	return i == 0 || !isWordRune(r)
}

// endsWord reports whether a whole-word match may end at byte i of text:
// at its end, or before a character that is not a letter or digit.
func endsWord(text string, i int) bool {
	r, _ := utf8.DecodeRuneInString(text[i:])
	return i == len(text) || !isWordRune(r)
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}
