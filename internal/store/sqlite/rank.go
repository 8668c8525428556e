package sqlite

import (
	"cmp"
	"context"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/newsdesk/newsdesk/internal/store"
)

// Relevance on SQLite is computed here rather than by FTS5's bm25():
// bm25() counts the rows holding each query term by reading the term's
// whole doclist on every query, which for a common word at a million
// articles costs a hundred times the match itself. The score keeps what
// ranking news needs, BM25's ingredients without the full scan:
//
//   - each positive clause counts its inverse document frequency, from
//     the article counts search_terms keeps (a rare word outweighs a
//     common one);
//   - times the weight of the best field it occurs in: title 10, excerpt
//     4, content 1 (found with one FTS5 query per clause and field over
//     the window's row range, not per row);
//   - times the recency boost 1 + 2^(-age/half-life).
//
// Term frequency within a field is not counted: a field holds a term or
// not.

// lookupAlts is how many of a clause's alternatives (a typed prefix's
// completions, most common first) the field lookups read.
const lookupAlts = 4

// commonIDF is the inverse document frequency below which a clause
// counts as common: held by over a third of the articles.
const commonIDF = 1.0

// Field weights, in the order of the index's columns.
var fieldWeights = [3]float64{10, 4, 1}

// ftsPhrase is one alternative of a clause as FTS5 syntax: a quoted
// word, or a phrase quoted as the phrase of its word pairs.
type ftsPhrase struct {
	text   string
	tokens []string // the words (or stems) as the analyzer makes them
	exact  bool     // matched in the folded-words columns
	pairs  bool     // matched in the word-pair columns
}

// phrase makes the ftsPhrase of a word or phrase (tokens of one stream).
func phrase(tokens []string, exact bool) ftsPhrase {
	if len(tokens) == 1 {
		return ftsPhrase{text: quote(tokens), tokens: tokens, exact: exact}
	}
	ps := make([]string, len(tokens)-1)
	for i := range ps {
		ps[i] = tokens[i] + pairJoin + tokens[i+1]
	}
	return ftsPhrase{text: quote(ps), tokens: tokens, exact: exact, pairs: true}
}

// rankClause is one clause of a resolved plan.
type rankClause struct {
	alts []ftsPhrase
	df   float64 // articles holding it, estimated
	idf  float64
}

// resolvedPlan is a search plan made ready for FTS5: typed prefixes
// completed from the vocabulary, every positive clause's rarity known.
type resolvedPlan struct {
	positive, negative []rankClause
	filters            []rankClause // the filters' tags, one clause per dimension
	empty              bool         // a positive clause can match nothing
	articles           float64      // the size of the collection, for rarity
	maxID              int64        // the highest article ID
}

// quote makes an FTS5 string of tokens. internal/search makes tokens of
// letters and digits only, and a quote is doubled anyway, so nothing a
// reader types is FTS5 syntax.
func quote(tokens []string) string {
	return `"` + strings.ReplaceAll(strings.Join(tokens, " "), `"`, `""`) + `"`
}

// resolve completes the plan's prefixes and looks up the counts of its
// terms and of its filters' tags (queryTags).
func (s *Store) resolve(ctx context.Context, p store.SearchPlan, filters [][]string) (resolvedPlan, error) {
	var rp resolvedPlan
	if err := s.r.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM articles`).Scan(&rp.maxID); err != nil {
		return rp, err
	}
	n := float64(max(rp.maxID, 1))
	rp.articles = n
	// The counts of every whole token, in one query.
	key := func(t store.SearchTerm, tok string) string {
		if t.Exact {
			return tok
		}
		return stemKey(tok)
	}
	var toks []string
	for _, c := range slices.Concat(p.Positive, p.Negative) {
		for _, t := range c {
			for _, tok := range t.Tokens {
				toks = append(toks, key(t, tok))
			}
		}
	}
	for _, set := range filters {
		for _, tag := range set {
			toks = append(toks, tagKey(tag))
		}
	}
	counts, err := s.termCounts(ctx, toks)
	if err != nil {
		return rp, err
	}
	for _, set := range filters {
		var fc rankClause
		for _, tag := range set {
			fc.df += float64(counts[tagKey(tag)])
			fc.alts = append(fc.alts, ftsPhrase{text: tag})
		}
		fc.df = min(fc.df, n)
		rp.filters = append(rp.filters, fc)
	}
	clause := func(terms []store.SearchTerm) (rankClause, error) {
		var rc rankClause
		var df float64
		for _, t := range terms {
			// A phrase is at most as common as its rarest word.
			minDocs := func(tokens []string) float64 {
				d := n
				for _, tok := range tokens {
					d = min(d, float64(counts[key(t, tok)]))
				}
				return d
			}
			if !t.Prefix {
				rc.alts = append(rc.alts, phrase(t.Tokens, t.Exact))
				df += minDocs(t.Tokens)
				continue
			}
			// A word being typed stands for its commonest completions.
			words, err := s.completions(ctx, t.Tokens[len(t.Tokens)-1])
			if err != nil {
				return rc, err
			}
			head := t.Tokens[:len(t.Tokens)-1]
			for _, w := range words {
				rc.alts = append(rc.alts, phrase(append(slices.Clip(head), w.word), t.Exact))
				df += min(minDocs(head), float64(w.docs))
			}
		}
		rc.df = min(df, n)
		rc.idf = math.Log(1 + (n-rc.df+0.5)/(rc.df+0.5))
		return rc, nil
	}
	for _, c := range p.Positive {
		rc, err := clause(c)
		if err != nil {
			return rp, err
		}
		if len(rc.alts) == 0 {
			rp.empty = true
		}
		rp.positive = append(rp.positive, rc)
	}
	for _, c := range p.Negative {
		rc, err := clause(c)
		if err != nil {
			return rp, err
		}
		if len(rc.alts) > 0 {
			rp.negative = append(rp.negative, rc)
		}
	}
	return rp, nil
}

// fieldColumns names the index columns of the given fields for a phrase:
// its stream, words or pairs.
func fieldColumns(fields store.SearchFields, p ftsPhrase) string {
	var out []string
	for i, f := range []store.SearchFields{store.FieldTitle, store.FieldExcerpt, store.FieldContent} {
		if fields.Has(f) {
			out = append(out, indexColumns[p.exact][p.pairs][i])
		}
	}
	return strings.Join(out, " ")
}

// match renders one clause restricted to fields.
func (c rankClause) match(fields store.SearchFields) string {
	alts := make([]string, len(c.alts))
	for i, a := range c.alts {
		alts[i] = "{" + fieldColumns(fields, a) + "} : " + a.text
	}
	return "(" + strings.Join(alts, " OR ") + ")"
}

// match renders the whole plan as an FTS5 query over fields.
func (rp resolvedPlan) match(fields store.SearchFields) string {
	pos := make([]string, len(rp.positive))
	for i, c := range rp.positive {
		pos[i] = c.match(fields)
	}
	out := "(" + strings.Join(pos, " AND ") + ")"
	for _, c := range rp.negative {
		out += " NOT " + c.match(fields)
	}
	return out
}

// windowHit is one match in the ranking window.
type windowHit struct {
	id          int64
	publishedAt int64 // microseconds
	fields      uint64
	score       float64
}

// scoredFields are the fields whose presence is looked up per clause, and
// the weight of a clause found in none of them: the last field asked for
// (the doc matched the clause in one of the fields asked).
func scoredFields(fields store.SearchFields) (lookup []int, rest float64) {
	all := []store.SearchFields{store.FieldTitle, store.FieldExcerpt, store.FieldContent}
	var asked []int
	for i, f := range all {
		if fields.Has(f) {
			asked = append(asked, i)
		}
	}
	return asked[:len(asked)-1], fieldWeights[asked[len(asked)-1]]
}

// rank scores the window's hits (newest first, as the window query
// returns them) and sorts them best first. full is the whole query as
// FTS5 syntax, filters included.
func (s *Store) rank(ctx context.Context, hits []windowHit, rp resolvedPlan, full string, q store.SearchQuery) error {
	if len(hits) == 0 {
		return nil
	}
	lookup, rest := scoredFields(q.Fields)
	if len(lookup) > 0 {
		if err := s.markFields(ctx, hits, rp, full, lookup); err != nil {
			return err
		}
	}
	now, half := q.Now, q.HalfLife
	if now.IsZero() {
		now = time.Now()
	}
	if half <= 0 {
		half = store.DefaultHalfLife
	}
	nowUs, halfUs := float64(now.UnixMicro()), float64(half.Microseconds())
	for i := range hits {
		h := &hits[i]
		var text float64
		for ci, c := range rp.positive {
			w := rest
			for _, f := range lookup {
				if h.fields&(1<<(ci*2+f)) != 0 {
					w = fieldWeights[f]
					break
				}
			}
			text += c.idf * w
		}
		age := max(0, (nowUs-float64(h.publishedAt))/halfUs)
		h.score = text * (1 + math.Pow(2, -age))
	}
	slices.SortStableFunc(hits, func(a, b windowHit) int {
		return cmp.Or(cmp.Compare(b.score, a.score), cmp.Compare(b.publishedAt, a.publishedAt), cmp.Compare(b.id, a.id))
	})
	return nil
}
