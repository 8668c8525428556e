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

// indexColumns names the index's columns of title, excerpt and content,
// by stream (exact: the folded words; else the stems) and by whether they
// hold the words or the word pairs.
var indexColumns = map[bool]map[bool][3]string{
	false: {false: {"title_s", "excerpt_s", "content_s"}, true: {"title_sp", "excerpt_sp", "content_sp"}},
	true:  {false: {"title_x", "excerpt_x", "content_x"}, true: {"title_xp", "excerpt_xp", "content_xp"}},
}

// searchFilters adds the query's filters to w; skip leaves out one
// dimension ("category" or "source") for its facet counts. With inIndex
// the category, source and kind filters are left to the index (see
// tagFilter), and only the dates are checked on the rows.
func searchFilters(w *where, q store.SearchQuery, skip string, inIndex bool) {
	// Hidden articles leave the index too (see curation.go); the check
	// here covers the searches that list rows without it.
	if !inIndex {
		w.add(`a.hidden = 0`)
	}
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
	for _, set := range queryTags(q, categoryIDs, skip) {
		toks := make([]string, len(set))
		for i, t := range set {
			toks[i] = `"` + strings.ReplaceAll(t, `"`, "") + `"`
		}
		out += " AND {tags} : (" + strings.Join(toks, " OR ") + ")"
	}
	return out
}

// queryTags returns the index tags of a query's filters, one set (any
// of which matches) per dimension filtered on.
func queryTags(q store.SearchQuery, categoryIDs []int64, skip string) [][]string {
	var out [][]string
	ids := func(prefix string, ids []int64) []string {
		toks := make([]string, len(ids))
		for i, id := range ids {
			toks[i] = prefix + strconv.FormatInt(id, 10)
		}
		return toks
	}
	if len(q.Categories) > 0 && skip != "category" {
		out = append(out, ids("zc", categoryIDs))
	}
	if len(q.Sources) > 0 && skip != "source" {
		out = append(out, ids("zs", q.Sources))
	}
	if q.Kind != "" {
		out = append(out, []string{"zk" + string(q.Kind)})
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
// store.SearchQuery: FTS5 finds the matches; a relevance sort ranks the
// newest of them (see rank.go), a newest-first sort orders them by date.
func (s *Store) SearchArticles(ctx context.Context, q store.SearchQuery) (store.SearchResult, error) {
	res := store.SearchResult{Items: []model.Article{}, Categories: []store.Facet{}, Sources: []store.Facet{}}
	fail := func(err error) (store.SearchResult, error) {
		return store.SearchResult{}, fmt.Errorf("sqlite: search articles: %w", err)
	}
	text := !q.Query.Empty()
	var sq searchSQL
	if text {
		var ok bool
		var err error
		if sq, ok, err = s.prepareSearch(ctx, q); err != nil {
			return fail(err)
		} else if !ok {
			return res, nil
		}
	}
	// build makes the search's conditions, skipping one filter for its
	// facet; floor adds the date filter's lowest ID, which the ranking
	// window applies itself (one lower bound on the row ID, which FTS5
	// seeks to, not two).
	build := func(skip string, floor bool) where {
		var w where
		if text {
			w.add(`articles_fts MATCH ?`, sq.match(q, skip))
			if floor && sq.minID > 0 {
				w.add(`articles_fts.rowid >= ?`, sq.minID)
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
	w := build("", true)
	countUpTo := q.CountUpTo
	if countUpTo <= 0 || countUpTo > store.MaxCount {
		countUpTo = store.MaxCount
	}
	relevance := text && !q.Newest
	window := store.MaxCount
	if relevance {
		window = q.RankWindow()
	}
	// When the count asked for fits in the window the hits are taken
	// from, the window counts itself: one pass over the index, not two.
	windowCounts := relevance && countUpTo <= window && !q.Facets && q.Offset <= 0
	if !windowCounts {
		// Which matches a capped count reaches does not matter: FTS5
		// reads them oldest first, where it can skip (see window.go).
		countSQL, countArgs := matches(w, `1`, countUpTo+1)
		if text {
			countSQL = `SELECT 1 FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid` + w.String() +
				` LIMIT ` + strconv.Itoa(countUpTo+1)
		}
		var n int
		if err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM (`+countSQL+`)`, countArgs...).Scan(&n); err != nil {
			return fail(err)
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
		if res.Categories, err = s.facets(ctx, matches, build("category", true), `a.category_id AS key`,
			`c.slug, c.name`, `categories c ON c.id = m.key`); err != nil {
			return store.SearchResult{}, err
		}
		if res.Sources, err = s.facets(ctx, matches, build("source", true), `a.source_id AS key`,
			`CAST(s.id AS TEXT), s.name`, `sources s ON s.id = m.key`); err != nil {
			return store.SearchResult{}, err
		}
	}
	limit, offset := store.ClampLimit(q.Limit), max(q.Offset, 0)
	if relevance {
		hits, more, err := s.rankedWindow(ctx, q, sq, build("", false), window, windowCounts)
		if err != nil {
			return fail(err)
		}
		if windowCounts {
			res.Total, res.Capped = min(len(hits), countUpTo), len(hits) > countUpTo || more
		}
		if offset >= len(hits) {
			return res, nil
		}
		page := hits[offset:min(len(hits), offset+limit)]
		ids := make([]int64, len(page))
		for i, h := range page {
			ids[i] = h.id
		}
		if res.Items, err = s.loadHits(ctx, ids); err != nil {
			return fail(err)
		}
		return res, nil
	}
	hitSQL, args := matches(w, `a.id AS id`, window)
	query := `SELECT ` + hitCols + ` FROM (` + hitSQL + `) m
		JOIN articles a ON a.id = m.id
		LEFT JOIN sources s ON s.id = a.source_id LEFT JOIN categories c ON c.id = a.category_id
		ORDER BY a.published_at DESC, a.id DESC LIMIT ? OFFSET ?`
	rows, err := s.r.QueryContext(ctx, query, append(args, limit, offset)...)
	if err != nil {
		return fail(err)
	}
	defer rows.Close()
	for rows.Next() {
		a, err := scanArticle(rows, true)
		if err != nil {
			return fail(err)
		}
		res.Items = append(res.Items, a)
	}
	if err := rows.Err(); err != nil {
		return fail(err)
	}
	return res, nil
}

// searchSQL is what a text search needs before its first FTS5 query:
// the resolved plan, the IDs of the category filter, and the lowest row
// ID the date filter allows.
type searchSQL struct {
	plan   resolvedPlan
	catIDs []int64
	minID  int64
}

// match is the search's FTS5 query with the filters the index applies;
// skip leaves one out, as in searchFilters.
func (sq searchSQL) match(q store.SearchQuery, skip string) string {
	return sq.plan.match(q.Fields) + tagFilter(q, sq.catIDs, skip)
}

// prepareSearch resolves a text search; ok is false when it can match
// nothing.
func (s *Store) prepareSearch(ctx context.Context, q store.SearchQuery) (sq searchSQL, ok bool, err error) {
	plan := store.PlanSearch(q.Query, q.Exact)
	if !plan.Runnable() {
		return sq, false, nil
	}
	if len(q.Categories) > 0 {
		if sq.catIDs, err = s.categoryIDs(ctx, q.Categories); err != nil || len(sq.catIDs) == 0 {
			return sq, false, err // no such category: nothing is filed under it
		}
	}
	if sq.minID, err = s.sinceBound(ctx, q.Since); err != nil || sq.minID < 0 {
		return sq, false, err // nothing published since then
	}
	if sq.plan, err = s.resolve(ctx, plan, queryTags(q, sq.catIDs, "")); err != nil || sq.plan.empty {
		return sq, false, err
	}
	return sq, true, nil
}

// rankedWindow takes the newest n matches of w (the search's conditions)
// with their publication times (see newestMatches) and ranks them; more
// says whether there may be matches beyond them. bounded lets the search
// stop at the work bound (windowSeeks): only where its count comes from
// the window too (live search), so a count never promises pages the
// window does not hold.
func (s *Store) rankedWindow(ctx context.Context, q store.SearchQuery, sq searchSQL, w where, n int, bounded bool) (hits []windowHit, more bool, err error) {
	p := sq.plan.scan(n)
	if !bounded {
		p.maxRows = 0
	}
	if hits, more, err = s.newestMatches(ctx, w, n, sq.minID, sq.plan.maxID, p); err != nil {
		return nil, false, err
	}
	return hits, more, s.rank(ctx, hits, sq.plan, sq.match(q, ""), q)
}

// loadHits reads the articles of a page of hits, in the order given.
func (s *Store) loadHits(ctx context.Context, ids []int64) ([]model.Article, error) {
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	rows, err := s.r.QueryContext(ctx, `SELECT `+hitCols+articleFrom+` WHERE a.id IN (`+placeholders(len(ids))+`)`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	byID := make(map[int64]model.Article, len(ids))
	for rows.Next() {
		a, err := scanArticle(rows, true)
		if err != nil {
			return nil, err
		}
		byID[a.ID] = a
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]model.Article, 0, len(ids))
	for _, id := range ids {
		if a, ok := byID[id]; ok { // removed meanwhile: skipped
			out = append(out, a)
		}
	}
	return out, nil
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
	sq, ok, err := s.prepareSearch(ctx, q)
	if err != nil || !ok {
		return nil, err
	}
	var w where
	w.add(`articles_fts MATCH ?`, sq.match(q, ""))
	searchFilters(&w, q, "", true)
	// Bounded as SearchArticles bounds the same search.
	bounded := q.CountUpTo > 0 && q.CountUpTo <= q.RankWindow()
	hits, _, err := s.rankedWindow(ctx, q, sq, w, q.RankWindow(), bounded)
	if err != nil {
		return nil, fmt.Errorf("sqlite: match: %w", err)
	}
	ids := make([]int64, 0, min(limit, len(hits)))
	for _, h := range hits[:min(limit, len(hits))] {
		ids = append(ids, h.id)
	}
	return ids, nil
}
