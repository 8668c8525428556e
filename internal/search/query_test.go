package search

import (
	"reflect"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	a, _ := NewAnalyzer("english")
	phrase40 := `"` + strings.Repeat("w ", 40) + `"`
	tests := []struct {
		name  string
		in    string
		live  bool // ParseOptions.PrefixLast
		want  string
		trunc bool
	}{
		{"empty", "", false, "", false},
		{"blank", " \t\n ", false, "", false},
		{"words", "harbor strike", false, "harbor strike", false},
		{"case and spaces", "  Harbor \t STRIKE ", false, "harbor strike", false},
		{"diacritics", "Café CRÈME", false, "cafe creme", false},
		{"phrase", `"ferry line" harbor`, false, `"ferry line" harbor`, false},
		{"one-word phrase is a word", `"harbor"`, false, "harbor", false},
		{"unbalanced quote", `harbor "ferry line`, false, `harbor "ferry line"`, false},
		{"lone quote", `"`, false, "", false},
		{"empty phrase", `a "" b`, false, "a b", false},
		{"exclusion", "-strike harbor", false, "-strike harbor", false},
		{"excluded phrase", `port -"night shift"`, false, `port -"night shift"`, false},
		{"double dash", "--strike", false, "-strike", false},
		{"dash alone", "a - b", false, "a b", false},
		{"trailing dash", "a -", false, "a", false},
		{"hyphenated word", "x-ray covid-19", false, "x ray covid 19", false},
		{"exclusion after separator", "a,-b", false, "a -b", false},
		{"or", "a OR b OR c", false, "(a OR b OR c)", false},
		{"or with phrase", `"ferry line" OR bus`, false, `("ferry line" OR bus)`, false},
		{"or binds terms only", "x a OR b y", false, "x (a OR b) y", false},
		{"lowercase or is a word", "a or b", false, "a or b", false},
		{"or at start", "OR a", false, "a", false},
		{"or at end", "a OR", false, "a", false},
		{"or doubled", "a OR OR b", false, "(a OR b)", false},
		{"or alone", "OR", false, "", false},
		{"or before exclusion", "a OR -b", false, "a -b", false},
		{"or after exclusion", "-a OR b", false, "-a b", false},
		{"or star is a word", "a OR* b", false, "a or* b", false},
		{"excluded or is a word", "a -OR", false, "a -or", false},
		{"parentheses are separators", "-(a OR b)", false, "(a OR b)", false},
		{"prefix", "harb*", false, "harb*", false},
		{"star inside word", "ab*cd", false, "ab cd", false},
		{"star alone", "*", false, "", false},
		{"stars", "** * ***", false, "", false},
		{"double star", "harb**", false, "harb*", false},
		{"phrase prefix", `"ferry li*"`, false, `"ferry li*"`, false},
		{"star inside phrase", `"fer* line"`, false, `"fer line"`, false},
		{"near", "NEAR(harbor strike, 5)", false, "near harbor strike 5", false},
		{"caret", "^harbor strike^2", false, "harbor strike 2", false},
		{"column filter", "title:harbor content:strike", false, "title harbor content strike", false},
		{"fts5 syntax", `{title content}: "a" + b AND c NOT d`, false, "title content a b and c not d", false},
		{"sql", "'; DROP TABLE articles; --", false, "drop table articles", false},
		{"sql or", `" OR 1=1 --`, false, `"or 1 1"`, false},
		{"tsquery syntax", "a & !b | c:* <-> d", false, "a b c d", false},
		{"nul bytes", "harbor\x00strike\x00", false, "harbor strike", false},
		{"control chars", "\x01a\x1b[31mb\x7f", false, "a 31mb", false},
		{"invalid utf-8", "caf\xe9 bar\xff\xfe", false, "caf bar", false},
		{"only stop words", "the of and", false, "the of and", false},
		{"stop words phrase", `"to be or not to be"`, false, `"to be or not to be"`, false},
		{"cjk run is a phrase", "東京", false, `"東 京"`, false},
		{"long word dropped", strings.Repeat("x", 65) + " ok", false, "ok", true},
		{"longest word kept", strings.Repeat("x", 64), false, strings.Repeat("x", 64), false},
		{"apostrophe separates", "harbor's", false, "harbor s", false},

		{"10000 characters", strings.Repeat("harbor ", 1500), false, strings.TrimSpace(strings.Repeat("harbor ", MaxClauses)), true},
		{"invalid bytes count once replaced", strings.Repeat("\x91", 1200) + "a", false, "a", false},
		{"10000 letters", strings.Repeat("a", 10000), false, "", true},
		{"too many clauses", strings.Repeat("w ", 20), false, strings.TrimSpace(strings.Repeat("w ", MaxClauses)), true},
		{"too many words", phrase40, false, `"` + strings.TrimSpace(strings.Repeat("w ", MaxQueryWords)) + `"`, true},
		{"words over or", strings.Repeat("a OR ", 40) + "b", false, "(" + strings.TrimSuffix(strings.Repeat("a OR ", MaxQueryWords), " OR ") + ")", true},
		{"cut phrase loses prefix", phrase40 + "*", false, `"` + strings.TrimSpace(strings.Repeat("w ", MaxQueryWords)) + `"`, true},

		{"live word", "harb", true, "harb*", false},
		{"live after space", "harbor ", true, "harbor", false},
		{"live two words", "harbor stri", true, "harbor stri*", false},
		{"live phrase open", `"ferry li`, true, `"ferry li*"`, false},
		{"live phrase closed", `"ferry line"`, true, `"ferry line"`, false},
		{"live exclusion", "harbor -stri", true, "harbor -stri*", false},
		{"live or", "a OR", true, "a", false},
		{"live or then word", "a OR b", true, "(a OR b*)", false},
		{"live punctuation", "harbor.", true, "harbor*", false},
		{"live space then quote", `harbor "`, true, "harbor", false},
		{"live star", "harb*", true, "harb*", false},
		{"live after long word", "a " + strings.Repeat("x", 70), true, "a", true},
		{"live cut phrase", phrase40[:len(phrase40)-1], true, `"` + strings.TrimSpace(strings.Repeat("w ", MaxQueryWords)) + `"`, true},
		{"live cut input", strings.Repeat("a", 995) + " bcdefgh", true, "bcde*", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			q := a.Parse(tc.in, ParseOptions{PrefixLast: tc.live})
			if got := q.String(); got != tc.want {
				t.Errorf("Parse(%.60q) = %q, want %q", tc.in, got, tc.want)
			}
			if q.Truncated != tc.trunc {
				t.Errorf("Parse(%.60q).Truncated = %v, want %v", tc.in, q.Truncated, tc.trunc)
			}
			checkQuery(t, a, q)
		})
	}
}

// checkQuery asserts what must hold of every parsed query: the limits, its
// tokens, its stems, and that its canonical form parses back to it.
func checkQuery(t *testing.T, a *Analyzer, q Query) {
	t.Helper()
	words := 0
	if len(q.Clauses) > MaxClauses {
		t.Errorf("%d clauses", len(q.Clauses))
	}
	for _, c := range q.Clauses {
		if len(c.Any) == 0 {
			t.Errorf("clause without terms in %q", q)
		}
		if c.Negate && len(c.Any) != 1 {
			t.Errorf("excluded clause of %d terms in %q", len(c.Any), q)
		}
		for _, term := range c.Any {
			if len(term.Words) == 0 || len(term.Stems) != len(term.Words) {
				t.Errorf("term %+v in %q", term, q)
			}
			words += len(term.Words)
			for i, w := range term.Words {
				if !isToken(w) || len(w) > maxWordBytes || Fold(w) != w {
					t.Errorf("word %q is not a folded token", w)
				}
				if i < len(term.Stems) && (term.Stems[i] != a.Stem(w) || !isToken(term.Stems[i])) {
					t.Errorf("stem %q of %q", term.Stems[i], w)
				}
			}
		}
	}
	if words > MaxQueryWords {
		t.Errorf("%d words in %q", words, q)
	}
	s := q.String()
	if len(s) > MaxQueryBytes {
		t.Errorf("canonical form of %d bytes", len(s))
	}
	back := a.Parse(s, ParseOptions{})
	if !reflect.DeepEqual(back.Clauses, q.Clauses) {
		t.Errorf("%q parses back to %q (%+v, want %+v)", s, back, back.Clauses, q.Clauses)
	}
	if back.Truncated {
		t.Errorf("canonical form %q is truncated", s)
	}
}

func TestParseStems(t *testing.T) {
	a, _ := NewAnalyzer("english")
	q := a.Parse(`Ferries "running strikes" -harbors`, ParseOptions{})
	want := []Clause{
		{Any: []Term{{Words: []string{"ferries"}, Stems: []string{"ferri"}}}},
		{Any: []Term{{Words: []string{"running", "strikes"}, Stems: []string{"run", "strike"}}}},
		{Any: []Term{{Words: []string{"harbors"}, Stems: []string{"harbor"}}}, Negate: true},
	}
	if !reflect.DeepEqual(q.Clauses, want) {
		t.Errorf("Parse = %+v, want %+v", q.Clauses, want)
	}
}

func TestQueryEmptyPositive(t *testing.T) {
	a, _ := NewAnalyzer("")
	tests := []struct {
		in              string
		empty, positive bool
	}{
		{"", true, false},
		{"*** ^ :", true, false},
		{"-strike", false, false},
		{`-strike -"night shift"`, false, false},
		{"harbor -strike", false, true},
		{"a OR b", false, true},
	}
	for _, tc := range tests {
		q := a.Parse(tc.in, ParseOptions{})
		if q.Empty() != tc.empty || q.Positive() != tc.positive {
			t.Errorf("Parse(%q): Empty %v Positive %v, want %v %v", tc.in, q.Empty(), q.Positive(), tc.empty, tc.positive)
		}
	}
}

func TestQueryString(t *testing.T) {
	w := func(prefix bool, words ...string) Term { return Term{Words: words, Stems: words, Prefix: prefix} }
	q := Query{Clauses: []Clause{
		{Any: []Term{w(false, "harbor")}},
		{Any: []Term{w(false, "ferri", "line")}},
		{Any: []Term{w(false, "strike")}, Negate: true},
		{Any: []Term{w(false, "a"), w(false, "b")}},
		{Any: []Term{w(true, "harb")}},
		{Any: []Term{w(false, "x"), w(true, "y", "z")}, Negate: true}, // not made by Parse
		{Any: []Term{{}}},
	}}
	want := `harbor "ferri line" -strike (a OR b) harb* -x -"y z*"`
	if got := q.String(); got != want {
		t.Errorf("String() = %q, want %q", got, want)
	}
}
