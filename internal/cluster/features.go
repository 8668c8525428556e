package cluster

import (
	"cmp"
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/newsdesk/newsdesk/internal/entities"
	"github.com/newsdesk/newsdesk/internal/neardup"
	"github.com/newsdesk/newsdesk/internal/search"
)

// Limits that keep the work on one document bounded whatever arrives.
const (
	// maxTextBytes is how much of a body is read for terms and entities:
	// news articles are far shorter, and the opening is what the other
	// reports of an event share.
	maxTextBytes = 32 << 10
	// maxTitleBytes is how much of a headline is read.
	maxTitleBytes = 1 << 10
	// titleWeight is how many body occurrences a headline word counts for:
	// headlines name the event in its fewest words.
	titleWeight = 2
)

// analyzer folds and splits words and stems them (English snowball; words
// of other languages pass through mostly unchanged, which is enough for
// two texts in one language to share terms).
var analyzer, _ = search.NewAnalyzer(search.DefaultLanguage)

// features is what the engine keeps of one document: computed outside the
// engine's lock, from the text alone.
type features struct {
	// terms are the distinct term hashes with their weight 1+ln(tf),
	// headline words counted titleWeight times; sorted by hash.
	terms []termWeight
	// title is the set of distinct term hashes of the headline.
	title []uint64
	// ents are the distinct entity keys of the document (see entityKey).
	ents []uint64
	// mentions are the entities found, for the registry and for tags.
	mentions []entities.Mention
	// sig is the MinHash signature of the body, nil when it is too short.
	sig neardup.Signature
	// shouting is true when the headline is set in capitals.
	shouting bool
	// titleWords is the number of words in the headline.
	titleWords int
}

// termWeight is one term of a document and its weight in it.
type termWeight struct {
	term uint64
	w    float32
}

// usable reports whether the document has anything to cluster on.
func (f *features) usable() bool { return len(f.terms) > 0 }

// extract computes a document's features. It never fails: text that holds
// no words gives features that are not usable.
func extract(title, text string) *features {
	title = clip(title, maxTitleBytes)
	text = clip(text, maxTextBytes)
	f := &features{}
	counts := map[uint64]float32{}
	titleSet := map[uint64]bool{}
	tw := analyzer.Words(title)
	f.titleWords = len(tw)
	for _, w := range tw {
		if h, ok := termHash(w); ok {
			counts[h] += titleWeight
			if !titleSet[h] {
				titleSet[h] = true
				f.title = append(f.title, h)
			}
		}
	}
	for _, w := range analyzer.Words(text) {
		if h, ok := termHash(w); ok {
			counts[h]++
		}
	}
	f.terms = make([]termWeight, 0, len(counts))
	for h, c := range counts {
		f.terms = append(f.terms, termWeight{h, float32(1 + math.Log(float64(c)))})
	}
	sortTerms(f.terms)
	f.shouting = isShouting(title)
	body := text
	if strings.TrimSpace(body) == "" {
		body = title
	}
	f.sig = neardup.Sign(body)
	f.mentions = entities.Extract(title, text)
	seen := map[uint64]bool{}
	for _, m := range f.mentions {
		k := entityKey(m.Name)
		if k != 0 && !seen[k] {
			seen[k] = true
			f.ents = append(f.ents, k)
		}
	}
	return f
}

// clip cuts s to at most n bytes at a rune boundary.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// termHash returns the hash of the stemmed form of a folded word, false
// for words that say nothing about an event: stop words, single letters
// and numbers of one or two digits (days, scores, list items).
func termHash(w string) (uint64, bool) {
	if len(w) < 2 || stopwords[w] {
		return 0, false
	}
	if hasDigit(w) {
		if len(w) < 3 {
			return 0, false
		}
		return hashString(w), true
	}
	return hashString(analyzer.Stem(w)), true
}

func hasDigit(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			return true
		}
	}
	return false
}

// entityKey folds an entity's canonical name into a key: case and accents
// do not count, so "LUMORA TELECOM" in a shouted headline and "Lumora
// Telecom" in a body are one entity. It is 0 for a name with no words.
func entityKey(name string) uint64 {
	ws := analyzer.Words(name)
	if len(ws) == 0 {
		return 0
	}
	return hashString("\x00entity\x00" + strings.Join(ws, " "))
}

// hashString is FNV-1a 64 with a final mix, never 0.
func hashString(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	h ^= h >> 33
	h *= 0xff51afd7ed558ccd
	h ^= h >> 33
	if h == 0 {
		h = 1
	}
	return h
}

// isShouting reports whether a headline is set in capitals: most of its
// letters are upper case. Such headlines make poor story titles.
func isShouting(title string) bool {
	upper, lower := 0, 0
	for _, r := range title {
		switch {
		case unicode.IsUpper(r):
			upper++
		case unicode.IsLower(r):
			lower++
		}
	}
	return upper >= 8 && upper > 3*lower
}

// sortTerms sorts terms by hash, so two term lists merge in one pass.
func sortTerms(ts []termWeight) {
	slices.SortFunc(ts, func(a, b termWeight) int { return cmp.Compare(a.term, b.term) })
}
