package sqlite

import (
	"context"
	"strconv"
	"strings"
)

// Ranking weighs each clause by the best field it occurs in (rank.go).
// Which hits hold a clause in their title or excerpt is found one of two
// ways, whichever reads less:
//
//   - FTS5 lookups, one per clause and field, over the window's row
//     range: cheap when that range is dense with hits or the clause is
//     rare, since FTS5 reads a term's doclist across all columns;
//   - the hits' own title and excerpt, analyzed again as the index was
//     built and searched for the clause's tokens: cheap when the hits are
//     few, however widely spread (a rare word ANDed with common ones under
//     a narrow filter, where each lookup would cost what the window did).

// textFieldsMax is the most hits whose fields are found from their text.
const textFieldsMax = 256

// markFields sets, on each hit, the bit ci*2+f for each positive clause
// ci found in field f of lookup. full is the whole query as FTS5 syntax.
func (s *Store) markFields(ctx context.Context, hits []windowHit, rp resolvedPlan, full string, lookup []int) error {
	hi, lo := hits[0].id, hits[len(hits)-1].id
	budget := float64(8 * len(hits))
	span := float64(hi - lo + 1)
	clauses := rp.rankedClauses()
	// A clause alone is looked up over the window's row range when that
	// reads few entries: a dense window, or a rare clause.
	alone := make([]bool, len(clauses))
	allAlone := true
	for i, ci := range clauses {
		alone[i] = span <= budget || rp.positive[ci].df*span/rp.articles <= budget
		allAlone = allAlone && alone[i]
	}
	if !allAlone && len(hits) <= textFieldsMax {
		return s.textFields(ctx, hits, rp, clauses, lookup)
	}
	return s.ftsFields(ctx, hits, rp, full, clauses, alone, lookup)
}

// ftsFields marks the fields of hits with FTS5 lookups over the hits' row
// range, for each clause alone or, where alone[i] is false, among the
// matches of full.
func (s *Store) ftsFields(ctx context.Context, hits []windowHit, rp resolvedPlan, full string, clauses []int, alone []bool, lookup []int) error {
	hi, lo := hits[0].id, hits[len(hits)-1].id
	byID := make(map[int64]*windowHit, len(hits))
	for i := range hits {
		byID[hits[i].id] = &hits[i]
	}
	var parts []string
	var args []any
	for i, ci := range clauses {
		lc := rp.positive[ci]
		lc.alts = lc.alts[:min(len(lc.alts), lookupAlts)]
		for k, f := range lookup {
			m := lc.match(1 << f)
			if !alone[i] {
				// Among the query's own matches, which FTS5 finds by
				// seeking: each such lookup costs about what the window
				// did, so only the title, the weightiest field, is.
				if k > 0 {
					break
				}
				m = "(" + full + ") AND " + m
			}
			parts = append(parts, `SELECT rowid, `+strconv.Itoa(ci*2+f)+
				` FROM articles_fts WHERE articles_fts MATCH ? AND rowid BETWEEN ? AND ?`)
			args = append(args, m, lo, hi)
		}
	}
	return s.lookupFields(ctx, parts, args, byID)
}

// rankedClauses are the indexes of the positive clauses whose fields are
// looked up. A common clause next to a rarer one hardly moves the ranking
// (its IDF is a fraction of the other's): it is not, and counts as found
// in the last field.
func (rp resolvedPlan) rankedClauses() []int {
	rare := false
	for _, c := range rp.positive {
		rare = rare || c.idf >= commonIDF
	}
	var out []int
	for ci, c := range rp.positive {
		if c.idf >= commonIDF || !rare {
			out = append(out, ci)
		}
	}
	return out
}

// textFields marks the fields of hits from their stored title and
// excerpt: each is analyzed into the token streams the index holds, and a
// clause is in a field when one of its (first lookupAlts) alternatives'
// tokens follow one another there, as FTS5 would match them.
func (s *Store) textFields(ctx context.Context, hits []windowHit, rp resolvedPlan, clauses, lookup []int) error {
	args := make([]any, len(hits))
	at := make(map[int64]int, len(hits))
	for i, h := range hits {
		args[i], at[h.id] = h.id, i
	}
	rows, err := s.r.QueryContext(ctx, `SELECT id, title, excerpt FROM articles WHERE id IN (`+placeholders(len(args))+`)`, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	// Each clause's alternatives as the text searched for: tokens
	// space-joined and padded, in the stream they are matched in.
	type needle struct {
		text  string
		exact bool
	}
	needles := make([][]needle, len(rp.positive))
	for _, ci := range clauses {
		alts := rp.positive[ci].alts
		for _, a := range alts[:min(len(alts), lookupAlts)] {
			needles[ci] = append(needles[ci], needle{" " + strings.Join(a.tokens, " ") + " ", a.exact})
		}
	}
	an := s.analyzer.Load()
	for rows.Next() {
		var id int64
		var texts [2]string
		if err := rows.Scan(&id, &texts[0], &texts[1]); err != nil {
			return err
		}
		h := &hits[at[id]]
		for _, f := range lookup {
			exact, stemmed := an.IndexText(texts[f])
			streams := [2]string{" " + stemmed + " ", " " + exact + " "}
			for _, ci := range clauses {
				for _, n := range needles[ci] {
					stream := streams[0]
					if n.exact {
						stream = streams[1]
					}
					if strings.Contains(stream, n.text) {
						h.fields |= 1 << (ci*2 + f)
						break
					}
				}
			}
		}
	}
	return rows.Err()
}

// lookupFields runs the field lookups (parts, UNION ALL'ed, each selecting
// a row ID and the bit to set) and marks the hits found.
func (s *Store) lookupFields(ctx context.Context, parts []string, args []any, byID map[int64]*windowHit) error {
	if len(parts) == 0 {
		return nil
	}
	rows, err := s.r.QueryContext(ctx, strings.Join(parts, " UNION ALL "), args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var bit uint
		if err := rows.Scan(&id, &bit); err != nil {
			return err
		}
		if h := byID[id]; h != nil {
			h.fields |= 1 << bit
		}
	}
	return rows.Err()
}
