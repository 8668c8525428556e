package store

import (
	"cmp"
	"slices"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/search"
)

// SearchTerm is one term of a query as a backend matches it.
type SearchTerm struct {
	Tokens []string // the term's words in the stream it is matched in
	// Exact is set when the term is matched in the folded-words stream;
	// otherwise it is matched in the stemmed stream.
	Exact  bool
	Prefix bool // the last token matches the start of a word
}

// SearchPlan is a parsed query in the shape both backends translate into
// their own syntax: every positive clause must hold (one of its terms),
// no negative clause may.
type SearchPlan struct {
	Positive [][]SearchTerm
	Negative [][]SearchTerm
}

// Runnable reports whether the plan can select anything: a plan of only
// exclusions cannot.
func (p SearchPlan) Runnable() bool { return len(p.Positive) > 0 }

// PlanSearch decides which token stream each term of q is matched in:
// the stems, unless the search is exact or the term is a prefix (a word
// still being typed is the start of a word as written, and its stem is
// not the start of the full word's stem: "runni" and "run").
func PlanSearch(q search.Query, exact bool) SearchPlan {
	var p SearchPlan
	for _, c := range q.Clauses {
		var terms []SearchTerm
		for _, t := range c.Any {
			x := exact || t.Prefix
			toks := t.Stems
			if x {
				toks = t.Words
			}
			if len(toks) == 0 {
				continue
			}
			terms = append(terms, SearchTerm{Tokens: toks, Exact: x, Prefix: t.Prefix})
		}
		switch {
		case len(terms) == 0:
		case c.Negate:
			p.Negative = append(p.Negative, terms)
		default:
			p.Positive = append(p.Positive, terms)
		}
	}
	return p
}

// SortFacets orders facets by count, most first, then by name and key.
func SortFacets(fs []Facet) {
	slices.SortFunc(fs, func(a, b Facet) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(a.Name, b.Name), cmp.Compare(a.Key, b.Key))
	})
}

// IndexFields analyzes the searchable fields of a (title, excerpt, plain
// text, in that order) into the two token streams every backend indexes.
func IndexFields(an *search.Analyzer, a model.Article) (exact, stemmed [3]string) {
	for i, text := range [3]string{a.Title, a.Excerpt, a.ContentText} {
		exact[i], stemmed[i] = an.IndexText(text)
	}
	return exact, stemmed
}
