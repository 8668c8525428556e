package search

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestFold(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"harbor", "harbor"},
		{"Café", "cafe"},
		{"CAFÉ au lait", "cafe au lait"},
		{"cafe\u0301", "cafe"}, // decomposed input
		{"Ærø Øre", "aero ore"},
		{"Œuvre", "oeuvre"},
		{"Straße ẞ", "strasse ss"},
		{"Łódź", "lodz"},
		{"Đorđe", "dorde"},
		{"İstanbul ılık", "istanbul ilik"},
		{"ΟΔΟΣ οδός", "οδοσ οδοσ"},
		{"Ёлка ЙОД", "елка иод"},
		{"Ångström, Zürich!", "angstrom, zurich!"},
		{"news\u00adpaper", "newspaper"},
		{"한국어", "한국어"},
		{"a\x00b\tc", "a\x00b\tc"},
		{"bad \xff byte", "bad \uFFFD byte"},
	}
	for _, tc := range tests {
		got := Fold(tc.in)
		if got != tc.want {
			t.Errorf("Fold(%q) = %q, want %q", tc.in, got, tc.want)
		}
		if again := Fold(got); again != got {
			t.Errorf("Fold is not idempotent on %q: %q then %q", tc.in, got, again)
		}
	}
}

func TestWords(t *testing.T) {
	long := strings.Repeat("x", 65)
	tests := []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"   ", nil},
		{"The harbor's ferry-line", []string{"the", "harbor", "s", "ferry", "line"}},
		{"Café CRÈME", []string{"cafe", "creme"}},
		{"e\u0301cole", []string{"ecole"}},         // mark inside a word does not split it
		{"news\u00adpaper", []string{"newspaper"}}, // nor does a soft hyphen
		{"COVID-19: 3.5%", []string{"covid", "19", "3", "5"}},
		{"a\x00b;c", []string{"a", "b", "c"}},
		{"NEAR(x y) col:term ^z", []string{"near", "x", "y", "col", "term", "z"}},
		{"東京タワー", []string{"東", "京", "タ", "ワ", "ー"}},
		{"go" + long + " ok", []string{"ok"}},
		{strings.Repeat("y", 64), []string{strings.Repeat("y", 64)}},
		{"Москва, 2024", []string{"москва", "2024"}},
		{"bad\xffbyte", []string{"bad", "byte"}},
	}
	a, _ := NewAnalyzer("")
	for _, tc := range tests {
		got := a.Words(tc.in)
		if !slices.Equal(got, tc.want) {
			t.Errorf("Words(%q) = %q, want %q", tc.in, got, tc.want)
		}
		for _, w := range got {
			if !isToken(w) || len(w) > 64 {
				t.Errorf("Words(%q): %q is not a token", tc.in, w)
			}
		}
	}
}

func TestStem(t *testing.T) {
	tests := []struct{ lang, word, want string }{
		{"english", "running", "run"},
		{"english", "ferries", "ferri"},
		{"english", "ferry", "ferri"},
		{"english", "connections", "connect"},
		{"english", "harbors", "harbor"},
		{"english", "the", "the"},    // stop words are kept as they are
		{"english", "does", "does"},  // not stemmed into "doe"
		{"english", "is", "is"},      // two letters
		{"english", "g20s", "g20s"},  // digits
		{"english", "2024", "2024"},  // digits
		{"", "strikes", "strike"},    // "" is English
		{"russian", "книги", "книг"}, // book's genitive
		{"russian", "книга", "книг"},
		{"spanish", "canciones", "cancion"},
		{"french", "continuellement", "continuel"},
	}
	for _, tc := range tests {
		a, err := NewAnalyzer(tc.lang)
		if err != nil {
			t.Fatal(err)
		}
		for range 2 { // the second time from the cache
			if got := a.Stem(tc.word); got != tc.want {
				t.Errorf("%s Stem(%q) = %q, want %q", a.Language(), tc.word, got, tc.want)
			}
		}
	}
}

func TestStemLanguagesDiffer(t *testing.T) {
	en, _ := NewAnalyzer("english")
	ru, _ := NewAnalyzer("ru")
	if got := en.Stem("книги"); got != "книги" {
		t.Errorf("English stems a Russian word: %q", got)
	}
	if got := ru.Stem("running"); got != "running" {
		t.Errorf("Russian stems an English word: %q", got)
	}
}

func TestNewAnalyzer(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", "english"},
		{"english", "english"},
		{" English ", "english"},
		{"FR", "french"},
		{"nb", "norwegian"},
		{"hungarian", "hungarian"},
		{"swedish", "swedish"},
		{"spanish", "spanish"},
		{"russian", "russian"},
	}
	for _, tc := range tests {
		a, err := NewAnalyzer(tc.in)
		if err != nil {
			t.Errorf("NewAnalyzer(%q): %v", tc.in, err)
			continue
		}
		if a.Language() != tc.want {
			t.Errorf("NewAnalyzer(%q).Language() = %q, want %q", tc.in, a.Language(), tc.want)
		}
	}
	_, err := NewAnalyzer("klingon")
	if err == nil {
		t.Fatal("NewAnalyzer(klingon) succeeded")
	}
	for _, name := range Languages() {
		if !strings.Contains(err.Error(), name) {
			t.Errorf("error %q does not name %s", err, name)
		}
	}
	var zero Analyzer
	if zero.Language() != "english" || zero.Stem("running") != "run" {
		t.Errorf("zero Analyzer is not English: %q %q", zero.Language(), zero.Stem("running"))
	}
}

func TestLanguages(t *testing.T) {
	want := []string{"english", "french", "hungarian", "norwegian", "russian", "spanish", "swedish"}
	if got := Languages(); !slices.Equal(got, want) {
		t.Errorf("Languages() = %q, want %q", got, want)
	}
}

func TestIndexText(t *testing.T) {
	a, _ := NewAnalyzer("english")
	tests := []struct{ in, exact, stemmed string }{
		{"", "", ""},
		{"Ferries CANCELLED at the harbor's gates!", "ferries cancelled at the harbor s gates", "ferri cancel at the harbor s gate"},
		{"Café\tcrème — 2024", "cafe creme 2024", "cafe creme 2024"},
		{"<p>Strikes</p>", "p strikes p", "p strike p"},
	}
	for _, tc := range tests {
		x, s := a.IndexText(tc.in)
		if x != tc.exact || s != tc.stemmed {
			t.Errorf("IndexText(%q) = %q, %q; want %q, %q", tc.in, x, s, tc.exact, tc.stemmed)
		}
	}
}

// IndexText's two streams hold the same number of tokens, each stream's
// token i being word i of the text and its stem, for any text.
func TestIndexTextAligned(t *testing.T) {
	texts := []string{
		"The ferry line's strikes, running for 3 days: Zürich, Łódź & 東京タワー.",
		"Москва — книги и журналы, 2024 год",
		strings.Repeat("word ", 100) + strings.Repeat("z", 80) + " end",
		"a\x00b\xffc e\u0301e",
	}
	for _, lang := range Languages() {
		a, _ := NewAnalyzer(lang)
		for _, text := range texts {
			x, s := a.IndexText(text)
			xs, ss := strings.Fields(x), strings.Fields(s)
			words := a.Words(text)
			if len(xs) != len(words) || len(ss) != len(words) {
				t.Errorf("%s IndexText(%q): %d exact and %d stemmed tokens for %d words", lang, text, len(xs), len(ss), len(words))
				continue
			}
			for i, w := range words {
				if xs[i] != w || ss[i] != a.Stem(w) {
					t.Errorf("%s IndexText(%q) token %d: %q/%q, want %q/%q", lang, text, i, xs[i], ss[i], w, a.Stem(w))
				}
				if !isToken(ss[i]) {
					t.Errorf("%s stem %q is not a token", lang, ss[i])
				}
			}
			if strings.Contains(x, "  ") || strings.HasPrefix(x, " ") || !utf8.ValidString(x) {
				t.Errorf("%s IndexText(%q) exact stream is not single-spaced: %q", lang, text, x)
			}
		}
	}
}

// Analyzers are shared by the ingest workers and the web handlers: the
// stem cache must hold under concurrent use (run with -race) and across
// its resets, which these distinct words force.
func TestAnalyzerConcurrent(t *testing.T) {
	a, _ := NewAnalyzer("english")
	fresh, _ := NewAnalyzer("english")
	letters := func(i int) string {
		var b []byte
		for ; i > 0; i /= 26 {
			b = append(b, byte('a'+i%26))
		}
		return string(b)
	}
	done := make(chan bool)
	for g := range 4 {
		go func() {
			defer func() { done <- true }()
			for i := range stemCacheSize/2 + 100 {
				w := "walk" + letters(i*4+g) + "ings"
				got := a.Stem(w)
				if !isToken(got) || got != a.Stem(w) || got != fresh.stemWord(w) {
					t.Errorf("Stem(%q) = %q, then %q; uncached %q", w, got, a.Stem(w), fresh.stemWord(w))
					return
				}
				if got := a.Stem("ferries"); got != "ferri" {
					t.Errorf("Stem(ferries) = %q", got)
					return
				}
			}
		}()
	}
	for range 4 {
		<-done
	}
	if c := a.cache.Load(); c == nil || len(c.m) > stemCacheSize {
		t.Errorf("stem cache not bounded")
	}
}

// A stem begins as its word does, or the word is its own stem: the
// highlighter stems only the words that begin as a query's stems do.
func TestStem_BeginsAsItsWord(t *testing.T) {
	a := &Analyzer{stem: func(w string, _ bool) string { return "x" + w[1:] }}
	if got := a.Stem("harbour"); got != "harbour" {
		t.Errorf("a stemmer changing the first letter: Stem = %q, want the word", got)
	}
	for _, lang := range Languages() {
		an, err := NewAnalyzer(lang)
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range []string{"dying", "skies", "yelling", "ugly", "arbol", "eleves", "apfel", "ёлка", "lighthouses"} {
			if st := an.Stem(w); !sameFirstRune(st, w) {
				t.Errorf("%s: Stem(%q) = %q", lang, w, st)
			}
		}
	}
	en, _ := NewAnalyzer("english")
	m := en.Matcher(en.Parse("keeping", ParseOptions{}), false)
	if got := m.Highlight("The keeper keeps keeping"); got != "The keeper <mark>keeps</mark> <mark>keeping</mark>" {
		t.Errorf("stems still matched: %s", got)
	}
}
