package postgres

import (
	"testing"

	"github.com/newsdesk/newsdesk/internal/store"
)

// A search over every field carries no weight restriction, so the GIN
// index answers it without rechecking each row; fewer fields restrict
// each lexeme, and a phrase to one field at a time.
func TestTermQuery_WeightsOnlyWhenFieldsAreLeftOut(t *testing.T) {
	word := store.SearchTerm{Tokens: []string{"harbour"}}
	typing := store.SearchTerm{Tokens: []string{"lig"}, Prefix: true}
	phrase := store.SearchTerm{Tokens: []string{"ferry", "lig"}, Prefix: true}
	all := store.FieldTitle | store.FieldExcerpt | store.FieldContent
	for _, c := range []struct {
		term   store.SearchTerm
		fields store.SearchFields
		want   string
	}{
		{word, all, `'harbour'`},
		{word, store.FieldTitle, `'harbour':A`},
		{word, store.FieldTitle | store.FieldContent, `'harbour':AC`},
		{typing, all, `'lig':*`},
		{typing, store.FieldExcerpt, `'lig':*B`},
		{phrase, all, `('ferry' <-> 'lig':*)`},
		{phrase, store.FieldTitle | store.FieldContent, `(('ferry':A <-> 'lig':*A) | ('ferry':C <-> 'lig':*C))`},
	} {
		var w where
		ts := planQuery(&w, store.SearchPlan{Positive: [][]store.SearchTerm{{c.term}}}, c.fields)
		if len(ts.rankStem) != 1 || ts.rankStem[0] != c.want {
			t.Errorf("%v over fields %b: %q, want %q", c.term.Tokens, c.fields, ts.rankStem, c.want)
		}
	}
}
