package search

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Limits of a parsed query. Anything beyond them is dropped and the Query
// says it was truncated.
const (
	MaxQueryBytes = 1000 // input bytes read; the rest is cut at a rune boundary
	MaxClauses    = 16   // clauses kept
	MaxQueryWords = 32   // words kept, over all terms
)

// Term is one word or one phrase of a query.
type Term struct {
	Words  []string // folded words; more than one is a phrase
	Stems  []string // Words stemmed, same length
	Prefix bool     // the last word matches as a prefix (exact-word prefix of an indexed folded word)
}

// Clause is one or more alternatives (OR), or an exclusion.
type Clause struct {
	Any    []Term
	Negate bool
}

// Query is a parsed search: every clause must hold.
type Query struct {
	Clauses   []Clause
	Truncated bool // input was longer than the limits and was cut
}

// ParseOptions change how Parse reads its input.
type ParseOptions struct {
	// PrefixLast is for live search: the last word typed is a prefix when
	// nothing after it is white space or a closing quote (the reader may
	// still be typing it).
	PrefixLast bool
}

// Empty reports whether q has no clauses.
func (q Query) Empty() bool { return len(q.Clauses) == 0 }

// Positive reports whether q has a clause that is not an exclusion; a
// query of only exclusions cannot be run on its own.
func (q Query) Positive() bool {
	for _, c := range q.Clauses {
		if !c.Negate && len(c.Any) > 0 {
			return true
		}
	}
	return false
}

// String returns q in the query language, canonically: clauses separated
// by single spaces, alternatives as "(a OR b)", phrases quoted, exclusions
// led by "-", prefixes followed by "*". Parsing it gives q's clauses back.
// An excluded clause of several alternatives is written as one exclusion
// each, which means the same.
func (q Query) String() string {
	var b strings.Builder
	for _, c := range q.Clauses {
		var terms []string
		for _, t := range c.Any {
			if s := t.String(); s != "" {
				terms = append(terms, s)
			}
		}
		if len(terms) == 0 {
			continue
		}
		if b.Len() > 0 {
			b.WriteByte(' ')
		}
		switch {
		case c.Negate:
			for i, s := range terms {
				if i > 0 {
					b.WriteByte(' ')
				}
				b.WriteByte('-')
				b.WriteString(s)
			}
		case len(terms) == 1:
			b.WriteString(terms[0])
		default:
			b.WriteByte('(')
			b.WriteString(strings.Join(terms, " OR "))
			b.WriteByte(')')
		}
	}
	return b.String()
}

// String returns t in the query language: a word, or a quoted phrase, with
// "*" after a prefix.
func (t Term) String() string {
	if len(t.Words) == 0 {
		return ""
	}
	star := ""
	if t.Prefix {
		star = "*"
	}
	if len(t.Words) == 1 {
		return t.Words[0] + star
	}
	return `"` + strings.Join(t.Words, " ") + star + `"`
}

// item is one lexical item of a query: a word, a run of words written
// together (CJK), a phrase, or the OR operator.
type item struct {
	or     bool
	negate bool
	words  []string
	prefix bool
	end    int // byte offset in the input just past the item's last word
}

// Parse reads a query written in the query language:
//
//   - words are ANDed: harbor strike
//   - "quoted phrases"; an unbalanced quote runs to the end of the input
//   - a leading - excludes a word or a phrase: -strike -"night shift"
//   - OR in capitals between two terms makes alternatives: a OR b OR c
//     (OR at the start or the end, doubled, or next to an exclusion is
//     ignored)
//   - a trailing * makes a word (or a phrase's last word) a prefix: harb*
//
// Every other character (parentheses, colons, carets, quotes of other
// kinds, control characters, SQL or FTS syntax) only separates words: no
// input is ever syntax for the storage engine. Invalid UTF-8 is replaced.
// Input beyond MaxQueryBytes, clauses beyond MaxClauses and words beyond
// MaxQueryWords are dropped and the Query is marked Truncated; so are words
// longer than 64 bytes. A word that folds to nothing, a phrase without
// words and a clause without terms are dropped.
func (a *Analyzer) Parse(input string, opts ParseOptions) Query {
	var q Query
	if len(input) > 4*MaxQueryBytes {
		// Far over the limit whatever replacing invalid bytes does to it:
		// do not read all of it.
		input = input[:4*MaxQueryBytes]
		q.Truncated = true
	}
	s := strings.ToValidUTF8(input, "\uFFFD")
	if len(s) > MaxQueryBytes {
		cut := MaxQueryBytes
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut]
		q.Truncated = true
	}
	items, long := lex(s)
	if long {
		q.Truncated = true
	}
	if opts.PrefixLast {
		markPrefixLast(s, items)
	}
	a.build(&q, items)
	// The canonical form of a query must parse back to it, so it too must
	// fit in MaxQueryBytes (quotes and parentheses can make it longer
	// than the input).
	for len(q.String()) > MaxQueryBytes {
		q.dropLastTerm()
		q.Truncated = true
	}
	return q
}

// lex splits s into items. long reports a word dropped for its length.
func lex(s string) (items []item, long bool) {
	prevWord := false // the last rune that was not a skip rune was part of a word
	negate := false
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == '"':
			content := s[i+1:]
			next := len(s)
			if j := strings.IndexByte(content, '"'); j >= 0 {
				content = content[:j]
				next = i + 1 + j + 1
			}
			it := item{negate: negate}
			lastEnd := -1
			scanWords(content, func(_, end int, folded []byte) {
				it.words = append(it.words, string(folded))
				lastEnd = end
			})
			long = long || hasLongWord(content)
			if lastEnd >= 0 {
				it.end = i + 1 + lastEnd
				// A star right after the last word makes it a prefix.
				it.prefix = strings.HasPrefix(content[lastEnd:], "*") && !hasWordRune(content[lastEnd:])
				items = append(items, it)
			}
			negate = false
			prevWord = false
			i = next
		case r == '-' && !prevWord && startsTerm(s[i+size:]):
			negate = true
			prevWord = false
			i += size
		default:
			switch runeClassOf(r) {
			case classSkip:
				i += size
				continue
			case classSep:
				negate = false
				prevWord = false
				i += size
				continue
			}
			// A run of word runes (and the marks inside it).
			j := i
			for j < len(s) {
				c, n := utf8.DecodeRuneInString(s[j:])
				if runeClassOf(c) == classSep {
					break
				}
				j += n
			}
			run := s[i:j]
			it := item{negate: negate, end: j}
			star := j < len(s) && s[j] == '*' && !startsWord(s[j+1:])
			if run == "OR" && !negate && !star {
				it.or = true
			} else {
				it.words = splitWords(run)
				long = long || hasLongWord(run)
				it.prefix = star
			}
			if it.or || len(it.words) > 0 {
				items = append(items, it)
			}
			negate = false
			prevWord = true
			i = j
			if star {
				prevWord = false
				i++
			}
		}
	}
	return items, long
}

// runeClassOf classifies one rune of a query.
func runeClassOf(r rune) runeClass {
	var buf [16]byte
	_, class := appendFoldRune(buf[:0], r)
	return class
}

// startsWord reports whether s starts with a letter or digit, passing over
// combining marks.
func startsWord(s string) bool {
	for _, r := range s {
		switch runeClassOf(r) {
		case classSkip:
			continue
		case classSep:
			return false
		}
		return true
	}
	return false
}

// startsTerm reports whether s starts with a word or a phrase, so that a
// "-" before it is an exclusion.
func startsTerm(s string) bool {
	return strings.HasPrefix(s, `"`) || startsWord(s)
}

// hasWordRune reports whether s holds a letter or digit.
func hasWordRune(s string) bool {
	for _, r := range s {
		if c := runeClassOf(r); c == classWord || c == classSingle {
			return true
		}
	}
	return false
}

// hasLongWord reports whether s holds a word longer than maxWordBytes,
// which the splitter drops.
func hasLongWord(s string) bool {
	if len(s) <= maxWordBytes {
		return false
	}
	n := 0
	var buf [16]byte
	for _, r := range s {
		folded, class := appendFoldRune(buf[:0], r)
		switch class {
		case classWord:
			n += len(folded)
			if n > maxWordBytes {
				return true
			}
		case classSkip:
		default:
			n = 0
		}
	}
	return false
}

// markPrefixLast makes the last word of the input a prefix when it ends
// the input: nothing after it is white space, a quote or another word.
func markPrefixLast(s string, items []item) {
	if len(items) == 0 {
		return
	}
	last := &items[len(items)-1]
	if last.or {
		return
	}
	tail := s[last.end:]
	if strings.ContainsFunc(tail, unicode.IsSpace) || strings.Contains(tail, `"`) || hasWordRune(tail) {
		return
	}
	last.prefix = true
}

// build turns items into q's clauses within the limits.
func (a *Analyzer) build(q *Query, items []item) {
	words := 0
	joinNext := false // an OR stands between the last clause and the next item
	for _, it := range items {
		if it.or {
			joinNext = len(q.Clauses) > 0 && !q.Clauses[len(q.Clauses)-1].Negate
			continue
		}
		join := joinNext && !it.negate
		joinNext = false
		if !join && len(q.Clauses) >= MaxClauses {
			q.Truncated = true
			return
		}
		t := Term{Words: it.words, Prefix: it.prefix}
		cut := false
		if room := MaxQueryWords - words; len(t.Words) > room {
			if room == 0 {
				q.Truncated = true
				return
			}
			// The phrase loses its end, and with it the word the prefix
			// was for.
			t.Words = t.Words[:room:room]
			t.Prefix = false
			cut = true
		}
		words += len(t.Words)
		t.Stems = make([]string, len(t.Words))
		for i, w := range t.Words {
			t.Stems[i] = a.Stem(w)
		}
		if join {
			c := &q.Clauses[len(q.Clauses)-1]
			c.Any = append(c.Any, t)
		} else {
			q.Clauses = append(q.Clauses, Clause{Any: []Term{t}, Negate: it.negate})
		}
		if cut {
			q.Truncated = true
			return
		}
	}
}

// dropLastTerm removes the last term of q, and its clause if it was the
// only one.
func (q *Query) dropLastTerm() {
	n := len(q.Clauses)
	if n == 0 {
		return
	}
	c := &q.Clauses[n-1]
	if len(c.Any) <= 1 {
		q.Clauses = q.Clauses[:n-1]
		return
	}
	c.Any = c.Any[:len(c.Any)-1]
}
