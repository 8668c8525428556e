package search

import (
	"html"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Matcher finds the words of a text that a query's positive terms match,
// to highlight them. It is safe for concurrent use.
type Matcher struct {
	a        *Analyzer
	exact    bool
	words    map[string]bool // one-word terms, folded
	stems    map[string]bool // one-word terms, stemmed (when !exact)
	prefixes []string        // one-word prefix terms
	phrases  []Term          // terms of several words
}

// Matcher returns a Matcher for the positive terms of q. A word of a text
// matches a one-word term when its folded form equals the term's word, or,
// unless exact, its stem equals the term's stem; it matches a prefix term
// when it starts with the term's word. The words of a phrase match when
// they follow one another in the text, each matching its word of the
// phrase in the same way. A prefix term's words are matched as written,
// never by stem, as the index matches them.
func (a *Analyzer) Matcher(q Query, exact bool) *Matcher {
	m := &Matcher{a: a, exact: exact, words: map[string]bool{}, stems: map[string]bool{}}
	for _, c := range q.Clauses {
		if c.Negate {
			continue
		}
		for _, t := range c.Any {
			switch {
			case len(t.Words) == 0:
			case len(t.Words) > 1:
				m.phrases = append(m.phrases, t)
			case t.Prefix:
				m.prefixes = append(m.prefixes, t.Words[0])
			default:
				m.words[t.Words[0]] = true
				if !exact && len(t.Stems) == 1 {
					m.stems[t.Stems[0]] = true
				}
			}
		}
	}
	return m
}

// empty reports whether the Matcher can match nothing.
func (m *Matcher) empty() bool {
	return m == nil || (len(m.words) == 0 && len(m.prefixes) == 0 && len(m.phrases) == 0)
}

// needStems reports whether matching compares stems.
func (m *Matcher) needStems() bool {
	if m.exact {
		return false
	}
	if len(m.stems) > 0 {
		return true
	}
	for _, p := range m.phrases {
		if !p.Prefix {
			return true
		}
	}
	return false
}

// span is one word of a text: where it is (bytes and runes) and its folded
// form and stem.
type span struct {
	b0, b1 int // byte offsets
	r0, r1 int // rune offsets
	word   string
	stem   string
}

// spans splits text into words with their offsets.
func (m *Matcher) spans(text string) []span {
	// About one word in six bytes of text: room enough to grow rarely.
	out := make([]span, 0, len(text)/6+1)
	// The folded words go into one buffer, made a string once.
	folded := make([]byte, 0, len(text))
	ends := make([]int, 0, cap(out))
	runes, last := 0, 0
	scanWords(text, func(start, end int, word []byte) {
		runes += utf8.RuneCountInString(text[last:start])
		r0 := runes
		runes += utf8.RuneCountInString(text[start:end])
		last = end
		folded = append(folded, word...)
		ends = append(ends, len(folded))
		out = append(out, span{b0: start, b1: end, r0: r0, r1: runes})
	})
	all := string(folded)
	// A stem begins as its word does (see Stem): only the words that
	// begin as one of the stems compared do need theirs.
	var first [256]bool
	stems := false
	if m.needStems() {
		for st := range m.stems {
			first[st[0]], stems = true, true
		}
		for _, p := range m.phrases {
			for _, st := range p.Stems {
				if st != "" {
					first[st[0]], stems = true, true
				}
			}
		}
	}
	from := 0
	for i := range out {
		out[i].word = all[from:ends[i]]
		from = ends[i]
		if stems && out[i].word != "" && first[out[i].word[0]] {
			out[i].stem = m.a.Stem(out[i].word)
		}
	}
	return out
}

// match reports which spans the Matcher matches.
func (m *Matcher) match(spans []span) []bool {
	matched := make([]bool, len(spans))
	if m.empty() {
		return matched
	}
	for i, s := range spans {
		if m.words[s.word] || (!m.exact && m.stems[s.stem]) {
			matched[i] = true
			continue
		}
		for _, p := range m.prefixes {
			if strings.HasPrefix(s.word, p) {
				matched[i] = true
				break
			}
		}
	}
	for _, p := range m.phrases {
		n := len(p.Words)
		for i := 0; i+n <= len(spans); i++ {
			if m.phraseAt(p, spans[i:i+n]) {
				for k := i; k < i+n; k++ {
					matched[k] = true
				}
			}
		}
	}
	return matched
}

// phraseAt reports whether the phrase p matches the words ws, one for one.
func (m *Matcher) phraseAt(p Term, ws []span) bool {
	last := len(p.Words) - 1
	for k, s := range ws {
		switch {
		case p.Prefix && k == last:
			if !strings.HasPrefix(s.word, p.Words[k]) {
				return false
			}
		case s.word == p.Words[k]:
		case !m.exact && !p.Prefix && k < len(p.Stems) && s.stem == p.Stems[k]:
		default:
			return false
		}
	}
	return true
}

// cleanText makes text safe to escape and show: invalid UTF-8 replaced,
// control characters other than white space turned into spaces.
func cleanText(text string) string {
	text = strings.ToValidUTF8(text, "\uFFFD")
	if !strings.ContainsFunc(text, isStrayControl) {
		return text
	}
	return strings.Map(func(r rune) rune {
		if isStrayControl(r) {
			return ' '
		}
		return r
	}, text)
}

func isStrayControl(r rune) bool {
	return unicode.IsControl(r) && r != '\t' && r != '\n' && r != '\r'
}

// Highlight returns text HTML-escaped with every word the Matcher matches
// wrapped in <mark>…</mark>. Text is plain text, not HTML: markup in it is
// escaped like any other character.
func (m *Matcher) Highlight(text string) string {
	text = cleanText(text)
	spans := m.spans(text)
	var b strings.Builder
	render(&b, text, spans, m.match(spans), 0, len(text))
	return b.String()
}

// render writes text[from:to] escaped, with the matched spans marked.
// Spans partly inside the range are marked for the part inside it.
func render(b *strings.Builder, text string, spans []span, matched []bool, from, to int) {
	b.Grow(to - from + 32)
	pos := from
	for i, s := range spans {
		if !matched[i] || s.b1 <= from || s.b0 >= to {
			continue
		}
		s0, s1 := max(s.b0, from), min(s.b1, to)
		b.WriteString(html.EscapeString(text[pos:s0]))
		b.WriteString("<mark>")
		b.WriteString(html.EscapeString(text[s0:s1]))
		b.WriteString("</mark>")
		pos = s1
	}
	b.WriteString(html.EscapeString(text[pos:to]))
}

// Ellipsis marks where a snippet cuts its text.
const Ellipsis = "…"

// pos is a place in a text, in bytes and in runes.
type pos struct{ b, r int }

// Snippet returns a passage of text of at most maxRunes runes, escaped and
// highlighted like Highlight, with "…" at each end where the text goes on.
// White space is collapsed first. The passage is the window that holds the
// most matching words (the earliest such, with some words before the first
// match when there is room), or the start of the text when nothing matches;
// it starts and ends at word boundaries, keeping punctuation attached to
// its ends when it fits. A leading "…" counts against maxRunes, a trailing
// one does not, so the result shows at most maxRunes+1 runes. Only a
// single word longer than the whole window is cut inside the word.
func (m *Matcher) Snippet(text string, maxRunes int) string {
	if maxRunes <= 0 {
		return ""
	}
	t := collapseSpace(text) // also replaces invalid UTF-8 and controls
	spans := m.spans(t)
	matched := m.match(spans)
	n := utf8.RuneCountInString(t)
	var b strings.Builder
	if n <= maxRunes {
		render(&b, t, spans, matched, 0, len(t))
		return b.String()
	}
	start := m.snippetStart(t, spans, matched, maxRunes-1)
	limit := maxRunes
	if start.b > 0 {
		limit--
	}
	end := snippetEnd(t, spans, start, start.r+limit)
	if end.b == len(t) && start.b > 0 {
		// The window reaches the end of the text with room to spare:
		// spend it on words before the start.
		start = widenStart(spans, start, end.r-(maxRunes-1))
	}
	if start.b > 0 {
		b.WriteString(Ellipsis)
	}
	render(&b, t, spans, matched, start.b, end.b)
	if end.b < len(t) {
		b.WriteString(Ellipsis)
	}
	return b.String()
}

// snippetStart chooses where a snippet of t begins, for a window of budget
// runes.
func (m *Matcher) snippetStart(t string, spans []span, matched []bool, budget int) pos {
	var hits []int
	for i, ok := range matched {
		if ok {
			hits = append(hits, i)
		}
	}
	if len(hits) == 0 || budget <= 0 {
		return pos{}
	}
	// The most matches within budget runes: two pointers over the hits.
	bestA, bestB := -1, -1
	b := 0
	for a := range hits {
		if b < a {
			b = a
		}
		for b+1 < len(hits) && spans[hits[b+1]].r1-spans[hits[a]].r0 <= budget {
			b++
		}
		if spans[hits[b]].r1-spans[hits[a]].r0 > budget {
			continue // this match alone is longer than the window
		}
		if bestA < 0 || b-a > bestB-bestA {
			bestA, bestB = a, b
		}
	}
	if bestA < 0 {
		s := spans[hits[0]]
		return pos{s.b0, s.r0}
	}
	first, lastEnd := spans[hits[bestA]], spans[hits[bestB]].r1
	if lastEnd <= budget+1 {
		// The text's start holds these matches (with no leading "…" the
		// window has one more rune): begin there.
		return pos{}
	}
	// Some context before the first match: up to a third of the room left.
	back := (budget - (lastEnd - first.r0)) / 3
	k := hits[bestA]
	for k > 0 && spans[k-1].r0 >= first.r0-back {
		k--
	}
	start := pos{spans[k].b0, spans[k].r0}
	// Punctuation attached before the first word ("(harbor", "“harbor")
	// comes along when the window still holds the matches.
	for start.b > 0 {
		r, size := utf8.DecodeLastRuneInString(t[:start.b])
		if r == ' ' || runeClassOf(r) != classSep || lastEnd-(start.r-1) > budget {
			break
		}
		start = pos{start.b - size, start.r - 1}
	}
	if start.b == 0 {
		return pos{}
	}
	return start
}

// widenStart moves start back to the earliest word that begins at rune
// minRune or later, or to the text's start when minRune is not after it.
func widenStart(spans []span, start pos, minRune int) pos {
	if minRune <= 0 {
		return pos{}
	}
	for _, s := range spans {
		if s.r0 >= start.r {
			break
		}
		if s.r0 >= minRune {
			return pos{s.b0, s.r0}
		}
	}
	return start
}

// snippetEnd chooses where a snippet of t that begins at start ends, at
// most at rune limit: the end of the text if it fits, else the end of the
// last word that fits, with the punctuation attached after it that fits,
// else (a single word longer than the window) the limit itself.
func snippetEnd(t string, spans []span, start pos, limit int) pos {
	end := start
	for _, s := range spans {
		if s.b0 < start.b {
			continue
		}
		if s.r1 > limit {
			break
		}
		end = pos{s.b1, s.r1}
	}
	if end == start {
		// No whole word fits: cut at the limit.
		for end.b < len(t) && end.r < limit {
			_, size := utf8.DecodeRuneInString(t[end.b:])
			end = pos{end.b + size, end.r + 1}
		}
		return end
	}
	for end.b < len(t) && end.r < limit {
		r, size := utf8.DecodeRuneInString(t[end.b:])
		if r == ' ' || runeClassOf(r) != classSep {
			break
		}
		end = pos{end.b + size, end.r + 1}
	}
	return end
}
