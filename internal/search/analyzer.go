package search

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"unicode"
	"unicode/utf8"

	"github.com/kljensen/snowball/english"
	"github.com/kljensen/snowball/french"
	"github.com/kljensen/snowball/hungarian"
	"github.com/kljensen/snowball/norwegian"
	"github.com/kljensen/snowball/russian"
	"github.com/kljensen/snowball/spanish"
	"github.com/kljensen/snowball/swedish"
)

// DefaultLanguage is the language of an Analyzer made for "".
const DefaultLanguage = "english"

// stemmers are the snowball stemmers by language name. The second argument
// of each is false: stop words are left as they are rather than stemmed
// into other words ("does" would become "doe").
var stemmers = map[string]func(string, bool) string{
	"english":   english.Stem,
	"french":    french.Stem,
	"hungarian": hungarian.Stem,
	"norwegian": norwegian.Stem,
	"russian":   russian.Stem,
	"spanish":   spanish.Stem,
	"swedish":   swedish.Stem,
}

// languageCodes are the ISO 639-1 codes accepted for the languages.
var languageCodes = map[string]string{
	"en": "english",
	"fr": "french",
	"hu": "hungarian",
	"no": "norwegian",
	"nb": "norwegian",
	"nn": "norwegian",
	"ru": "russian",
	"es": "spanish",
	"sv": "swedish",
}

// Languages returns the names of the languages an Analyzer can stem,
// sorted.
func Languages() []string {
	names := make([]string, 0, len(stemmers))
	for name := range stemmers {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}

// Analyzer folds, splits and stems text for one language. It is safe for
// concurrent use. The zero Analyzer analyzes English.
type Analyzer struct {
	lang  string
	stem  func(string, bool) string
	cache atomic.Pointer[stemCache]
}

// NewAnalyzer returns the Analyzer for lang: a language name of Languages
// ("" means English) or its two-letter code, in any case.
func NewAnalyzer(lang string) (*Analyzer, error) {
	name := strings.ToLower(strings.TrimSpace(lang))
	if name == "" {
		name = DefaultLanguage
	}
	if full, ok := languageCodes[name]; ok {
		name = full
	}
	stem, ok := stemmers[name]
	if !ok {
		return nil, fmt.Errorf("search: unknown language %q (supported: %s)", lang, strings.Join(Languages(), ", "))
	}
	return &Analyzer{lang: name, stem: stem}, nil
}

// Language returns the name of the Analyzer's language.
func (a *Analyzer) Language() string {
	if a == nil || a.lang == "" {
		return DefaultLanguage
	}
	return a.lang
}

// Words splits text into folded words: the maximal runs of letters and
// digits once text is folded (see Fold), so an apostrophe or a hyphen
// splits a word ("harbor's" gives "harbor" and "s"). Combining marks and
// invisible joiners inside a word do not split it. A Han ideograph or a kana
// is a word by itself, since those scripts put no spaces between words.
// Words longer than 64 bytes are dropped. Stop words are kept: phrases need
// every position.
func (a *Analyzer) Words(text string) []string {
	return splitWords(text)
}

// Stem returns the stem of one folded word with the language's snowball
// stemmer. Words of one or two letters and words holding a digit are their
// own stems, and so is any word the stemmer would turn into something that
// is not a token (letters and digits only) or that begins otherwise.
func (a *Analyzer) Stem(word string) string {
	if word == "" || utf8.RuneCountInString(word) <= 2 || hasDigit(word) {
		return word
	}
	c := a.stemCache()
	if c != nil {
		if s, ok := c.get(word); ok {
			return s
		}
	}
	s := a.stemWord(word)
	if c != nil {
		a.put(c, word, s)
	}
	return s
}

// stemWord runs the stemmer on word and checks what it returns.
func (a *Analyzer) stemWord(word string) (stem string) {
	f := english.Stem
	if a != nil && a.stem != nil {
		f = a.stem
	}
	defer func() {
		// The stemmer is third-party code running on any text readers
		// send: a failure there costs the word its stem, never the request.
		if recover() != nil {
			stem = word
		}
	}()
	s := Fold(f(word, false))
	if !isToken(s) || !sameFirstRune(s, word) {
		return word
	}
	return s
}

// sameFirstRune reports whether a and b begin with the same character.
// Snowball stemmers change endings, so a stem begins as its word does;
// Stem holds to that (a stem that does not is not taken), and the
// highlighter relies on it to stem only the words that can match.
func sameFirstRune(a, b string) bool {
	ra, _ := utf8.DecodeRuneInString(a)
	rb, _ := utf8.DecodeRuneInString(b)
	return ra == rb
}

func hasDigit(s string) bool {
	for _, r := range s {
		if unicode.IsDigit(r) {
			return true
		}
	}
	return false
}

// IndexText returns the two token streams of one field for the index: the
// folded words of text joined by single spaces, and their stems joined the
// same way. Both hold the same number of tokens in the same order, so a
// phrase has the same positions in either.
func (a *Analyzer) IndexText(text string) (exact, stemmed string) {
	var x, s strings.Builder
	x.Grow(len(text))
	s.Grow(len(text))
	scanWords(text, func(_, _ int, folded []byte) {
		if x.Len() > 0 {
			x.WriteByte(' ')
			s.WriteByte(' ')
		}
		start := x.Len()
		x.Write(folded)
		// The word is read back from the builder: one copy, no allocation.
		word := x.String()[start:]
		s.WriteString(a.Stem(word))
	})
	return x.String(), s.String()
}

// stemCacheSize bounds the stems remembered per Analyzer. News text draws
// most of its words from a vocabulary far smaller than this; when the cache
// fills it starts again empty, so rare words cannot grow it without bound.
const stemCacheSize = 1 << 15

// stemCache remembers the stems of the words seen most recently.
type stemCache struct {
	mu sync.RWMutex
	m  map[string]string
}

func (c *stemCache) get(word string) (string, bool) {
	c.mu.RLock()
	s, ok := c.m[word]
	c.mu.RUnlock()
	return s, ok
}

// stemCache returns the Analyzer's cache, made on first use.
func (a *Analyzer) stemCache() *stemCache {
	if a == nil {
		return nil
	}
	if c := a.cache.Load(); c != nil {
		return c
	}
	a.cache.CompareAndSwap(nil, &stemCache{m: make(map[string]string)})
	return a.cache.Load()
}

// put remembers a stem; a full cache is replaced by an empty one.
func (a *Analyzer) put(c *stemCache, word, stem string) {
	c.mu.Lock()
	full := len(c.m) >= stemCacheSize
	if !full {
		// Both may share the memory of a larger text (IndexText's
		// builder); the cache keeps copies, not that text.
		c.m[strings.Clone(word)] = strings.Clone(stem)
	}
	c.mu.Unlock()
	if full {
		a.cache.CompareAndSwap(c, &stemCache{m: make(map[string]string)})
	}
}
