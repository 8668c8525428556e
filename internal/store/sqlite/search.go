package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

// The index's columns, in the order bm25() takes their weights.
var (
	exactCols   = [3]string{"title_x", "excerpt_x", "content_x"}
	stemmedCols = [3]string{"title_s", "excerpt_s", "content_s"}
)

// bm25Weights rank a match in the title over one in the excerpt over one
// in the content, in either stream.
const bm25Weights = `10.0, 4.0, 1.0, 10.0, 4.0, 1.0, 0.0`

// ftsMatch renders a search plan as an FTS5 query. Every token is a
// quoted string (internal/search makes tokens of letters and digits only,
// and a quote would be doubled anyway), so nothing a reader types is
// FTS5 syntax. Each term carries a column filter: the fields asked for,
// in the stream the plan chose.
func ftsMatch(p store.SearchPlan, fields store.SearchFields) string {
	clause := func(terms []store.SearchTerm) string {
		alts := make([]string, 0, len(terms))
		for _, t := range terms {
			cols := stemmedCols
			if t.Exact {
				cols = exactCols
			}
			var filter []string
			for i, f := range []store.SearchFields{store.FieldTitle, store.FieldExcerpt, store.FieldContent} {
				if fields.Has(f) {
					filter = append(filter, cols[i])
				}
			}
			phrase := `"` + strings.ReplaceAll(strings.Join(t.Tokens, " "), `"`, `""`) + `"`
			if t.Prefix {
				phrase += "*"
			}
			alts = append(alts, "{"+strings.Join(filter, " ")+"} : "+phrase)
		}
		return "(" + strings.Join(alts, " OR ") + ")"
	}
	pos := make([]string, len(p.Positive))
	for i, c := range p.Positive {
		pos[i] = clause(c)
	}
	out := "(" + strings.Join(pos, " AND ") + ")"
	for _, c := range p.Negative {
		out += " NOT " + clause(c)
	}
	return out
}

// searchFilters adds the query's filters to w; skip leaves out one
// dimension ("category" or "source") for its facet counts. With inIndex
// the category, source and kind filters are left to the index (see
// tagFilter), and only the dates are checked on the rows.
func searchFilters(w *where, q store.SearchQuery, skip string, inIndex bool) {
	if len(q.Categories) > 0 && skip != "category" && !inIndex {
		args := make([]any, len(q.Categories))
		for i, c := range q.Categories {
			args[i] = c
		}
		w.add(`a.category_id IN (SELECT id FROM categories WHERE slug IN (`+placeholders(len(args))+`))`, args...)
	}
	if len(q.Sources) > 0 && skip != "source" && !inIndex {
		args := make([]any, len(q.Sources))
		for i, id := range q.Sources {
			args[i] = id
		}
		w.add(`a.source_id IN (`+placeholders(len(args))+`)`, args...)
	}
	if !q.Since.IsZero() {
		w.add(`a.published_at >= ?`, q.Since.UnixMicro())
	}
	if !q.Until.IsZero() {
		w.add(`a.published_at < ?`, q.Until.UnixMicro())
	}
	if q.Kind != "" && !inIndex {
		w.add(`a.kind = ?`, string(q.Kind))
	}
}

// tagFilter renders a query's category, source and kind filters as FTS5
// clauses over the tags column, which FTS5 intersects with the words'
// doclists instead of checking every match's row. categoryIDs are the
// IDs of q.Categories; skip leaves one dimension out, as in
// searchFilters.
func tagFilter(q store.SearchQuery, categoryIDs []int64, skip string) string {
	var out string
	any := func(prefix string, values []string) {
		toks := make([]string, len(values))
		for i, v := range values {
			toks[i] = `"` + prefix + v + `"`
		}
		out += " AND {tags} : (" + strings.Join(toks, " OR ") + ")"
	}
	if len(q.Categories) > 0 && skip != "category" {
		ids := make([]string, len(categoryIDs))
		for i, id := range categoryIDs {
			ids[i] = strconv.FormatInt(id, 10)
		}
		any("zc", ids)
	}
	if len(q.Sources) > 0 && skip != "source" {
		ids := make([]string, len(q.Sources))
		for i, id := range q.Sources {
			ids[i] = strconv.FormatInt(id, 10)
		}
		any("zs", ids)
	}
	if q.Kind != "" {
		any("zk", []string{strings.ReplaceAll(string(q.Kind), `"`, "")})
	}
	return out
}

// sinceBound turns a "published since" filter into a bound FTS5 can seek
// to: the smallest ID of an article published on the filter's day or
// later (published_days keeps one per day). Every article published
// since then has an ID at least that, so the bound loses nothing, and as
// a site stores the news roughly as it comes, it skips most of the index
// for a recent window. It returns 0 without a filter and -1 when no
// article qualifies.
func (s *Store) sinceBound(ctx context.Context, since time.Time) (int64, error) {
	if since.IsZero() {
		return 0, nil
	}
	var id sql.NullInt64
	if err := s.r.QueryRowContext(ctx, `SELECT MIN(min_id) FROM published_days WHERE day >= ?`,
		since.UnixMicro()/microsPerDay).Scan(&id); err != nil {
		return 0, err
	}
	if !id.Valid {
		return -1, nil
	}
	return id.Int64, nil
}

// categoryIDs looks up the IDs of the given category slugs.
func (s *Store) categoryIDs(ctx context.Context, slugs []string) ([]int64, error) {
	if len(slugs) == 0 {
		return nil, nil
	}
	args := make([]any, len(slugs))
	for i, c := range slugs {
		args[i] = c
	}
	return s.queryIDs(ctx, `SELECT id FROM categories WHERE slug IN (`+placeholders(len(args))+`)`, args...)
}

// queryIDs runs a query selecting one integer column.
func (s *Store) queryIDs(ctx context.Context, query string, args ...any) ([]int64, error) {
	rows, err := s.r.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// SearchArticles runs a full-text search by the rules of
// store.SearchQuery: FTS5 finds the matches, bm25() with field weights
// scores them, and the score is boosted by recency.
func (s *Store) SearchArticles(ctx context.Context, q store.SearchQuery) (store.SearchResult, error) {
	res := store.SearchResult{Items: []model.Article{}, Categories: []store.Facet{}, Sources: []store.Facet{}}
	plan := store.PlanSearch(q.Query, q.Exact)
	text := !q.Query.Empty()
	if text && !plan.Runnable() {
		return res, nil
	}
	var catIDs []int64
	if text && len(q.Categories) > 0 {
		var err error
		if catIDs, err = s.categoryIDs(ctx, q.Categories); err != nil {
			return store.SearchResult{}, fmt.Errorf("sqlite: search articles: %w", err)
		}
		if len(catIDs) == 0 {
			return res, nil // no such category: nothing is filed under it
		}
	}
	minID, err := s.sinceBound(ctx, q.Since)
	if err != nil {
		return store.SearchResult{}, fmt.Errorf("sqlite: search articles: %w", err)
	}
	if minID < 0 {
		return res, nil // nothing published since then
	}
	build := func(skip string) where {
		var w where
		if text {
			w.add(`articles_fts MATCH ?`, ftsMatch(plan, q.Fields)+tagFilter(q, catIDs, skip))
			if minID > 0 {
				w.add(`articles_fts.rowid >= ?`, minID)
			}
		}
		searchFilters(&w, q, skip, text)
		return w
	}
	// matches selects the IDs (and what else cols names) of the hits; a
	// text search takes at most n of them, the ones stored last, reading
	// FTS5's doclists newest first and stopping there.
	matches := func(w where, cols string, n int) (string, []any) {
		if !text {
			return `SELECT ` + cols + ` FROM articles a` + w.String(), w.args
		}
		return `SELECT ` + cols + ` FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid` + w.String() +
			` ORDER BY articles_fts.rowid DESC LIMIT ` + strconv.Itoa(n), w.args
	}
	w := build("")
	countUpTo := q.CountUpTo
	if countUpTo <= 0 || countUpTo > store.MaxCount {
		countUpTo = store.MaxCount
	}
	window := store.MaxCount
	order := ` ORDER BY a.published_at DESC, a.id DESC`
	var rankArgs []any
	if text && !q.Newest {
		window = store.RankWindow
		order, rankArgs = relevanceOrder(q)
		order += `, a.published_at DESC, a.id DESC`
	}
	// When the count asked for fits in the window the hits are taken
	// from, the window counts itself: one pass over the index, not two.
	windowCounts := text && countUpTo <= window && !q.Facets && q.Offset <= 0
	if !windowCounts {
		countSQL, countArgs := matches(w, `1`, countUpTo+1)
		var n int
		if err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM (`+countSQL+`)`, countArgs...).Scan(&n); err != nil {
			return store.SearchResult{}, fmt.Errorf("sqlite: search articles: %w", err)
		}
		res.Total = n
		if text && n > countUpTo {
			res.Total, res.Capped = countUpTo, true
		}
		if res.Total == 0 {
			return res, nil
		}
	}
	if q.Facets {
		var err error
		if res.Categories, err = s.facets(ctx, matches, build("category"), `a.category_id AS key`,
			`c.slug, c.name`, `categories c ON c.id = m.key`); err != nil {
			return store.SearchResult{}, err
		}
		if res.Sources, err = s.facets(ctx, matches, build("source"), `a.source_id AS key`,
			`CAST(s.id AS TEXT), s.name`, `sources s ON s.id = m.key`); err != nil {
			return store.SearchResult{}, err
		}
	}
	hitSQL, args := matches(w, `a.id AS id`+scoreCol(text), window)
	windowSQL := `SELECT *, 0 AS n FROM (` + hitSQL + `)`
	if windowCounts {
		windowSQL = `SELECT *, COUNT(*) OVER () AS n FROM (` + hitSQL + `)`
	}
	query := `SELECT ` + hitCols + `, m.n FROM (` + windowSQL + `) m
		JOIN articles a ON a.id = m.id
		LEFT JOIN sources s ON s.id = a.source_id LEFT JOIN categories c ON c.id = a.category_id` +
		order + ` LIMIT ? OFFSET ?`
	args = append(append(args, rankArgs...), store.ClampLimit(q.Limit), max(q.Offset, 0))
	rows, err := s.r.QueryContext(ctx, query, args...)
	if err != nil {
		return store.SearchResult{}, fmt.Errorf("sqlite: search articles: %w", err)
	}
	defer rows.Close()
	var inWindow int
	for rows.Next() {
		a, err := scanArticle(rows, true, &inWindow)
		if err != nil {
			return store.SearchResult{}, fmt.Errorf("sqlite: search articles: %w", err)
		}
		res.Items = append(res.Items, a)
	}
	if err := rows.Err(); err != nil {
		return store.SearchResult{}, fmt.Errorf("sqlite: search articles: %w", err)
	}
	if windowCounts {
		// A full window may have more matches beyond it.
		res.Total, res.Capped = min(inWindow, countUpTo), inWindow > countUpTo || inWindow >= window
	}
	return res, nil
}

// scoreCol adds a text search's weighted bm25() to the columns of its
// matches; relevanceOrder reads it as m.score.
func scoreCol(text bool) string {
	if !text {
		return ""
	}
	return `, bm25(articles_fts, ` + bm25Weights + `) AS score`
}

// relevanceOrder is the ORDER BY of a relevance sort and its arguments:
// -bm25 is the text score (higher is better), and an article's age in
// half-lives sets its boost, 1 + 2^-(age/half), at most 2.
func relevanceOrder(q store.SearchQuery) (string, []any) {
	now, half := q.Now, q.HalfLife
	if now.IsZero() {
		now = time.Now()
	}
	if half <= 0 {
		half = store.DefaultHalfLife
	}
	return ` ORDER BY -m.score *
		(1.0 + pow(2.0, -max(0.0, (? - a.published_at) / ?))) DESC`,
		[]any{float64(now.UnixMicro()), float64(half.Microseconds())}
}

// facets counts the hits per category or source (key), among the
// matches a search counts.
func (s *Store) facets(ctx context.Context, matches func(where, string, int) (string, []any), w where,
	key, cols, join string) ([]store.Facet, error) {
	sub, args := matches(w, key, store.MaxCount)
	rows, err := s.r.QueryContext(ctx, `SELECT `+cols+`, COUNT(*) FROM (`+sub+`) m JOIN `+join+
		` GROUP BY m.key`, args...)
	if err != nil {
		return nil, fmt.Errorf("sqlite: search facets: %w", err)
	}
	defer rows.Close()
	out := []store.Facet{}
	for rows.Next() {
		var f store.Facet
		if err := rows.Scan(&f.Key, &f.Name, &f.Count); err != nil {
			return nil, fmt.Errorf("sqlite: search facets: %w", err)
		}
		out = append(out, f)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: search facets: %w", err)
	}
	store.SortFacets(out)
	return out, nil
}

// hitCols is what a search hit carries: the listing's columns and the
// plain text, for snippets, but not the HTML body.
const hitCols = listCols + `, '', a.content_text`

// MatchIDs runs only the engine's part of a search: the FTS5 match with
// the query's filters and the ranking, returning the IDs of the first
// limit hits, without counting them, loading articles or facets. The
// search benchmark measures the whole path against it.
func (s *Store) MatchIDs(ctx context.Context, q store.SearchQuery, limit int) ([]int64, error) {
	plan := store.PlanSearch(q.Query, q.Exact)
	if !plan.Runnable() {
		return nil, nil
	}
	catIDs, err := s.categoryIDs(ctx, q.Categories)
	if err != nil {
		return nil, fmt.Errorf("sqlite: match: %w", err)
	}
	if len(q.Categories) > 0 && len(catIDs) == 0 {
		return nil, nil
	}
	minID, err := s.sinceBound(ctx, q.Since)
	if err != nil || minID < 0 {
		return nil, err
	}
	var w where
	w.add(`articles_fts MATCH ?`, ftsMatch(plan, q.Fields)+tagFilter(q, catIDs, ""))
	if minID > 0 {
		w.add(`articles_fts.rowid >= ?`, minID)
	}
	searchFilters(&w, q, "", true)
	order, rankArgs := relevanceOrder(q)
	args := append(append(w.args, rankArgs...), limit)
	ids, err := s.queryIDs(ctx, `SELECT a.id FROM (SELECT articles_fts.rowid AS id`+scoreCol(true)+
		` FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid`+w.String()+
		` ORDER BY articles_fts.rowid DESC LIMIT `+strconv.Itoa(store.RankWindow)+`) m
		JOIN articles a ON a.id = m.id`+order+` LIMIT ?`, args...)
	if err != nil {
		return nil, fmt.Errorf("sqlite: match: %w", err)
	}
	return ids, nil
}
