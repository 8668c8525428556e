package sqlite

import (
	"context"
	"math"
	"slices"

	"github.com/newsdesk/newsdesk/internal/store"
)

// How a search finds its newest matches. The obvious query, FTS5's match
// ORDER BY rowid DESC LIMIT n, reads the index backwards, and FTS5 can
// only skip through a doclist going forwards: a rare word ANDed with
// words nearly every article holds made it step back through the common
// words' whole doclists (73 ms at a million articles, against 24 ms
// reading forwards). So the matches are read forwards, a range of row IDs
// at a time, from the newest range back, until n are found:
//
//   - the first range is sized from the rarest clause's share of the
//     articles (search_terms counts them), so that it should hold about
//     n matches;
//   - each next range from the share of matches seen so far, growing at
//     least twofold and at most sixteenfold, so a query whose matches are
//     sparser than estimated (a filter, words that seldom meet) takes a
//     few ranges, not many;
//   - when the rarest clause is held by at most n articles, the matches
//     are at most n: one range covers every row.
//
// IDs rise with the time articles are stored, so the newest ranges hold
// the newest matches, as the ranking window wants.

// windowQuery is the SELECT of a window: the matches' row IDs and
// publication times, from the index that holds both. cond is the
// search's WHERE (FTS5 match, filters) to which a row range is added.
const windowQuery = `SELECT articles_fts.rowid, a.published_at FROM articles_fts
	JOIN articles a INDEXED BY articles_id_published ON a.id = articles_fts.rowid`

// Range growth bounds and the slack a range is sized with.
const (
	minRangeGrowth = 2
	maxRangeGrowth = 16
	rangeSlack     = 1.5
	minRangeRows   = 256
)

// windowSeeks bounds the index work of finding a window of LiveWindow
// matches (in proportion for other sizes), counted in the entries FTS5
// steps to: one per term for each article holding the rarest of the
// query's terms and filters. A query of common words reaches its window
// long before; a rare word ANDed with common ones under a narrow filter
// stops there, with the newest matches of the stretch of the archive
// that work covers (and "more" set: the full results page reads on).
const windowSeeks = 6000

// scanPlan is what newestMatches knows of a search before reading it.
type scanPlan struct {
	density float64 // the share of rows expected to match
	bound   float64 // at most this many rows match
	maxRows int64   // the newest rows the work bound lets it read; 0: all
}

// scan estimates, from the counts of the plan's terms and filters, how
// densely its matches lie and how far back n of them may be sought.
// Terms are taken as independent: an estimate wrong either way costs
// reads, not matches.
func (rp resolvedPlan) scan(n int) scanPlan {
	p := scanPlan{density: 1, bound: rp.articles}
	rarest, seeks := 1.0, 0
	for _, cs := range [][]rankClause{rp.positive, rp.filters} {
		for _, c := range cs {
			d := min(c.df/rp.articles, 1)
			p.density *= d
			p.bound = min(p.bound, c.df)
			rarest = min(rarest, d)
			seeks += len(c.alts)
		}
	}
	for _, c := range rp.negative {
		seeks += len(c.alts)
	}
	if rarest > 0 {
		rows := float64(windowSeeks) * float64(n) / store.LiveWindow / float64(max(seeks, 1)) / rarest
		if rows < rp.articles {
			p.maxRows = max(int64(rows), minRangeRows)
		}
	}
	return p
}

// newestMatches returns the newest n matches of w (the search's
// conditions) in the rows from floor (the date filter's lowest ID) to
// top (the highest), newest first, and whether there may be more.
func (s *Store) newestMatches(ctx context.Context, w where, n int, floor, top int64, p scanPlan) ([]windowHit, bool, error) {
	floor = max(floor, 1)
	bounded := p.maxRows > 0 && top-p.maxRows+1 > floor
	if bounded {
		floor = top - p.maxRows + 1
	}
	newest := top
	size := int64(math.MaxInt64)
	if p.bound > float64(n) && p.density > 0 {
		size = rangeRows(float64(n)/p.density, 0)
	}
	var hits, chunk []windowHit
	for top >= floor {
		bottom := floor
		if size < top-floor+1 {
			bottom = top - size + 1
		}
		var err error
		if chunk, err = s.windowRange(ctx, w, bottom, top, chunk[:0]); err != nil {
			return nil, false, err
		}
		slices.Reverse(chunk)
		hits = append(hits, chunk...)
		if len(hits) >= n {
			return hits[:n], true, nil
		}
		top = bottom - 1
		// The next range, sized from the share of rows that matched so
		// far (growing sixteenfold while none has).
		read := float64(newest - top)
		need := float64(n - len(hits))
		if len(hits) > 0 {
			size = rangeRows(need*read/float64(len(hits)), size)
		} else {
			size = rangeRows(read*maxRangeGrowth, size)
		}
	}
	// Stopped by the work bound, older rows unread: there may be more.
	return hits, bounded, nil
}

// rangeRows sizes the next range to read: rows, with slack, at least
// minRangeGrowth and at most maxRangeGrowth times prev (prev 0: none).
func rangeRows(rows float64, prev int64) int64 {
	r := max(rows*rangeSlack, minRangeRows)
	if prev > 0 {
		r = min(max(r, float64(prev)*minRangeGrowth), float64(prev)*maxRangeGrowth)
	}
	if r >= math.MaxInt64/2 {
		return math.MaxInt64 / 2
	}
	return int64(r)
}

// windowRange appends the matches of w with row IDs in [lo, hi] to out,
// oldest first: FTS5 reads forwards, skipping.
func (s *Store) windowRange(ctx context.Context, w where, lo, hi int64, out []windowHit) ([]windowHit, error) {
	rw := where{conds: slices.Clip(w.conds), args: slices.Clip(w.args)}
	rw.add(`articles_fts.rowid BETWEEN ? AND ?`, lo, hi)
	rows, err := s.r.QueryContext(ctx, windowQuery+rw.String()+` ORDER BY articles_fts.rowid`, rw.args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var h windowHit
		if err := rows.Scan(&h.id, &h.publishedAt); err != nil {
			return nil, err
		}
		out = append(out, h)
	}
	return out, rows.Err()
}
