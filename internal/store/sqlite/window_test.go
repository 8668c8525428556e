package sqlite

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/search"
	"github.com/newsdesk/newsdesk/internal/store"
)

// The ranges newestMatches reads find the same matches as reading the
// index newest first, however wrong the density it starts from: a wrong
// estimate costs ranges, never matches.
func TestNewestMatches_SameAsNewestFirstWhateverTheEstimate(t *testing.T) {
	s, _ := openTemp(t)
	at := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	var as []model.Article
	// "harbour" in every article, "ferry" in every seventh, "tide" in the
	// 40 oldest and the 3 newest only.
	for i := range 1200 {
		text := "The harbour"
		if i%7 == 0 {
			text += " ferry"
		}
		if i < 40 || i >= 1197 {
			text += " tide"
		}
		as = append(as, article(fmt.Sprint("a", i), "Port news "+strconv.Itoa(i), "", text, at.Add(time.Duration(i)*time.Minute)))
	}
	saveAll(t, s, as...)
	ctx := t.Context()
	var maxID int64
	if err := s.r.QueryRowContext(ctx, `SELECT MAX(id) FROM articles`).Scan(&maxID); err != nil {
		t.Fatal(err)
	}
	for _, query := range []string{`"harbour"`, `"ferry"`, `"tide"`, `"harbour" AND "tide"`, `"ferry" AND "tide"`, `"nowhere"`} {
		var w where
		w.add(`articles_fts MATCH ?`, query)
		want, err := s.queryIDs(ctx, `SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? ORDER BY rowid DESC`, query)
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range []int{1, 5, 50, 500, 2000} {
			for _, est := range []scanPlan{
				{density: 1, bound: 1e9}, {density: 1.0 / 7, bound: 1e9}, {density: 1e-6, bound: 1e9},
				{density: 0.5, bound: float64(n)}, {}, {density: 1, bound: 1e9, maxRows: 1e9},
			} {
				hits, more, err := s.newestMatches(ctx, w, n, 1, maxID, est)
				if err != nil {
					t.Fatal(err)
				}
				got := make([]int64, len(hits))
				for i, h := range hits {
					got[i] = h.id
					if h.publishedAt == 0 {
						t.Fatalf("%s: hit %d without its date", query, h.id)
					}
				}
				if exp := want[:min(n, len(want))]; !slices.Equal(got, exp) {
					t.Errorf("%s, n=%d, estimate %+v: %d hits %v…, want %d %v…", query, n, est,
						len(got), got[:min(3, len(got))], len(exp), exp[:min(3, len(exp))])
				}
				if more != (len(want) >= n && n > 0 && len(got) == n) {
					t.Errorf("%s, n=%d, estimate %+v: more = %v with %d matches in all", query, n, est, more, len(want))
				}
			}
		}
	}
	// A floor (the date filter's lowest ID) keeps older rows out.
	var w where
	w.add(`articles_fts MATCH ?`, `"tide"`)
	hits, more, err := s.newestMatches(ctx, w, 100, maxID-10, maxID, scanPlan{density: 1, bound: 1e9})
	if err != nil || len(hits) != 3 || more {
		t.Errorf("above the floor: %d hits (more %v), %v; want the 3 newest and no more", len(hits), more, err)
	}
	// The work bound keeps older rows out too, and says there may be
	// more: "ferry" in the newest 300 rows.
	w = where{}
	w.add(`articles_fts MATCH ?`, `"ferry"`)
	want, err := s.queryIDs(ctx, `SELECT rowid FROM articles_fts WHERE articles_fts MATCH '"ferry"' AND rowid > ? ORDER BY rowid DESC`, maxID-300)
	if err != nil {
		t.Fatal(err)
	}
	hits, more, err = s.newestMatches(ctx, w, 500, 1, maxID, scanPlan{density: 1, bound: 1e9, maxRows: 300})
	if err != nil || len(hits) != len(want) || !more || hits[len(hits)-1].id != want[len(want)-1] {
		t.Errorf("bounded to 300 rows: %d hits (more %v), %v; want the %d of those rows and more", len(hits), more, err, len(want))
	}
}

// The work bound follows the rarest term or filter and the number of
// terms a round of the match steps through.
func TestScanPlan_WorkBound(t *testing.T) {
	const n = 1e6
	clause := func(df float64, alts int) rankClause {
		return rankClause{df: df, alts: make([]ftsPhrase, alts)}
	}
	common := resolvedPlan{articles: n, positive: []rankClause{clause(n/2, 1), clause(n/3, 1)}}
	if p := common.scan(store.LiveWindow); p.maxRows != 0 && float64(p.maxRows)*p.density < store.LiveWindow {
		t.Errorf("common words: %+v cannot find a window", p)
	}
	rare := resolvedPlan{articles: n, positive: []rankClause{clause(100, 1), clause(n/2, 1)}}
	if p := rare.scan(store.LiveWindow); p.maxRows != 0 || p.bound != 100 {
		t.Errorf("a rare word: %+v, want every row read (at most 100 matches)", p)
	}
	filtered := resolvedPlan{articles: n, positive: []rankClause{clause(40000, 1), clause(n/2, 1), clause(n/2, 1)},
		filters: []rankClause{clause(n/10, 1)}}
	p := filtered.scan(store.LiveWindow)
	if want := int64(windowSeeks / 4 / 0.04); p.maxRows != want {
		t.Errorf("rare word, common words, a filter: maxRows %d, want %d", p.maxRows, want)
	}
	typing := filtered
	typing.positive = append(slices.Clone(filtered.positive), clause(n, 16))
	if q := typing.scan(store.LiveWindow); q.maxRows >= p.maxRows {
		t.Errorf("sixteen completions more read as far (%d rows) as without them (%d)", q.maxRows, p.maxRows)
	}
	if q := filtered.scan(4 * store.LiveWindow); q.maxRows != 4*p.maxRows {
		t.Errorf("a window four times larger reads %d rows, want %d", q.maxRows, 4*p.maxRows)
	}
}

func TestRangeRows_GrowsWithinBounds(t *testing.T) {
	for _, c := range []struct {
		rows float64
		prev int64
		want int64
	}{
		{10, 0, minRangeRows},
		{1000, 0, 1500},
		{10, 1000, 2000},                       // at least doubles
		{1e9, 1000, 16000},                     // at most sixteenfold
		{1e30, 0, math.MaxInt64 / 2},           // no overflow
		{5000, 1000, int64(5000 * rangeSlack)}, // as asked, within bounds
	} {
		if got := rangeRows(c.rows, c.prev); got != c.want {
			t.Errorf("rangeRows(%g, %d) = %d, want %d", c.rows, c.prev, got, c.want)
		}
	}
}

// A live search (its count from its window) stops at the work bound and
// says there may be more; the full results page, which counts every
// match, reads on to find them.
func TestSearch_WorkBoundOnlyWhereTheWindowCounts(t *testing.T) {
	s, _ := openTemp(t)
	at := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	var as []model.Article
	// "ferry" and "tide" each in half the articles, together only in the
	// three oldest.
	for i := range 600 {
		text := "The ferry."
		if i%2 == 1 {
			text = "The tide."
		}
		if i < 3 {
			text = "The ferry and the tide."
		}
		as = append(as, article(fmt.Sprint(i), "Port notes", "", text, at.Add(time.Duration(i)*time.Minute)))
	}
	saveAll(t, s, as...)
	an, _ := search.NewAnalyzer("english")
	q := store.SearchQuery{Query: an.Parse("ferry tide", search.ParseOptions{}), Window: 3, CountUpTo: 3}
	live, err := s.SearchArticles(t.Context(), q)
	if err != nil {
		t.Fatal(err)
	}
	if len(live.Items) != 0 || !live.Capped {
		t.Errorf("live: %d hits, capped %v; want none from the newest rows, and capped", len(live.Items), live.Capped)
	}
	q.CountUpTo = 0
	full, err := s.SearchArticles(t.Context(), q)
	if err != nil {
		t.Fatal(err)
	}
	if len(full.Items) != 3 || full.Total != 3 || full.Capped {
		t.Errorf("full page: %d hits, total %d, capped %v; want the 3 oldest", len(full.Items), full.Total, full.Capped)
	}
}
