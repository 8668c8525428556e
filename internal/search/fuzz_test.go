package search

import (
	"strings"
	"testing"
	"unicode/utf8"
)

var fuzzSeeds = []string{
	"",
	"harbor strike",
	`"ferry line" -strike (a OR b) harb*`,
	`harbor "ferry li`,
	`-"night shift" OR OR x`,
	"NEAR(a b, 3) ^c col:term * **",
	"'; DROP TABLE articles; --",
	"a\x00b\x01c",
	"caf\xe9 \xff\xfe",
	"the of and",
	"Café ẞ Ærø 東京タワー e\u0301 news\u00adpaper",
	strings.Repeat("harbor ", 200),
	strings.Repeat("\"a ", 100),
}

func FuzzParse(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s, false)
		f.Add(s, true)
	}
	a, _ := NewAnalyzer("english")
	f.Fuzz(func(t *testing.T, input string, live bool) {
		q := a.Parse(input, ParseOptions{PrefixLast: live})
		checkQuery(t, a, q)
		if n := len(strings.ToValidUTF8(input, "\uFFFD")); n > MaxQueryBytes && !q.Truncated {
			t.Errorf("input of %d bytes (once valid) not marked truncated", n)
		}
		folded := Fold(input)
		if Fold(folded) != folded {
			t.Errorf("Fold not idempotent: %q -> %q -> %q", input, folded, Fold(folded))
		}
		for _, w := range a.Words(input) {
			if !isToken(w) || len(w) > maxWordBytes {
				t.Errorf("Words(%q) gives %q", input, w)
			}
		}
	})
}

func FuzzSnippet(f *testing.F) {
	for i, s := range fuzzSeeds {
		f.Add(s+" <b>harbor</b> & strike &amp; "+s, "harbor strike", uint16(i*7), i%2 == 0)
	}
	f.Add("ferry line. The ferry was late; line ferry line", `"ferry line"`, uint16(12), false)
	f.Add(strings.Repeat("x", 100), "x*", uint16(5), true)
	a, _ := NewAnalyzer("english")
	f.Fuzz(func(t *testing.T, text, query string, max uint16, exact bool) {
		maxRunes := int(max % 400)
		m := a.Matcher(a.Parse(query, ParseOptions{PrefixLast: true}), exact)

		out := m.Snippet(text, maxRunes)
		vis, err := visibleText(out)
		if err != nil {
			t.Fatal(err)
		}
		if n := utf8.RuneCountInString(vis); n > maxRunes+1 {
			t.Errorf("Snippet(%q, %d) = %q shows %d runes", text, maxRunes, out, n)
		}
		inner := strings.TrimSuffix(strings.TrimPrefix(vis, Ellipsis), Ellipsis)
		if !strings.Contains(collapseSpace(text), inner) {
			t.Errorf("Snippet(%q, %d) shows %q, not in the text", text, maxRunes, inner)
		}

		out = m.Highlight(text)
		vis, err = visibleText(out)
		if err != nil {
			t.Fatal(err)
		}
		want := strings.NewReplacer("\r\n", "\n", "\r", "\n").Replace(cleanText(text))
		if vis != want {
			t.Errorf("Highlight(%q) shows %q", text, vis)
		}
	})
}
