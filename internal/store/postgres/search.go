package postgres

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

// rankWeights weigh a match in the title (A) over the excerpt (B) over
// the content (C), for ts_rank_cd ({D, C, B, A}).
const rankWeights = `'{0.05, 0.1, 0.4, 1.0}'`

// termQuery renders one term as a tsquery literal restricted to the
// weights of the fields asked for ("" when all are: no restriction, which
// lets the GIN index answer without rechecking each row's vector). A
// phrase is matched within one field: each of its words must carry the
// same field's weight (and without weights the gap between fields'
// positions keeps it in one).
func termQuery(t store.SearchTerm, weights string) string {
	lexeme := func(i int, w string) string {
		q := quoteLexeme(t.Tokens[i])
		if t.Prefix && i == len(t.Tokens)-1 {
			q += ":*" + w
		} else if w != "" {
			q += ":" + w
		}
		return q
	}
	phrase := func(w string) string {
		words := make([]string, len(t.Tokens))
		for i := range t.Tokens {
			words[i] = lexeme(i, w)
		}
		return "(" + strings.Join(words, " <-> ") + ")"
	}
	if len(t.Tokens) == 1 {
		return lexeme(0, weights)
	}
	if weights == "" {
		return phrase("")
	}
	var perField []string
	for _, w := range weights {
		perField = append(perField, phrase(string(w)))
	}
	return "(" + strings.Join(perField, " | ") + ")"
}

// tsSearch is a search plan rendered for PostgreSQL: a boolean SQL
// condition over the two tsvector columns, with every tsquery a
// parameter, and the queries the rank is computed from.
type tsSearch struct {
	cond                string
	filter              string   // cond as a row filter no index can serve
	rankExact, rankStem []string // positive terms' queries, by column
}

// planQuery renders a plan. Alternatives in the same column join into one
// tsquery with |; the condition ORs the columns' queries of a clause,
// ANDs the clauses and negates the exclusions.
func planQuery(w *where, p store.SearchPlan, fields store.SearchFields) tsSearch {
	var weights string
	for i, f := range []store.SearchFields{store.FieldTitle, store.FieldExcerpt, store.FieldContent} {
		if fields.Has(f) {
			weights += string(fieldWeights[i])
		}
	}
	if weights == fieldWeights {
		weights = "" // every field: no restriction
	}
	var ts tsSearch
	// Each test is rendered twice: with the @@ operator, which GIN
	// indexes serve, and with the function behind it, which they cannot,
	// for reading a stretch of rows by ID (see newestIDs).
	clause := func(terms []store.SearchTerm, rank bool) (cond, filter string) {
		var exact, stem []string
		for _, t := range terms {
			if t.Exact {
				exact = append(exact, termQuery(t, weights))
			} else {
				stem = append(stem, termQuery(t, weights))
			}
		}
		var ors, fns []string
		test := func(column, q string) {
			arg := w.arg(q)
			ors = append(ors, `a.`+column+` @@ `+arg+`::tsquery`)
			fns = append(fns, `ts_match_vq(a.`+column+`, `+arg+`::tsquery)`)
		}
		if len(exact) > 0 {
			q := strings.Join(exact, " | ")
			test("search_exact", q)
			if rank {
				ts.rankExact = append(ts.rankExact, q)
			}
		}
		if len(stem) > 0 {
			q := strings.Join(stem, " | ")
			test("search_stemmed", q)
			if rank {
				ts.rankStem = append(ts.rankStem, q)
			}
		}
		return "(" + strings.Join(ors, " OR ") + ")", "(" + strings.Join(fns, " OR ") + ")"
	}
	var conds, filters []string
	for _, c := range p.Positive {
		cond, filter := clause(c, true)
		conds, filters = append(conds, cond), append(filters, filter)
	}
	for _, c := range p.Negative {
		cond, filter := clause(c, false)
		conds, filters = append(conds, "NOT "+cond), append(filters, "NOT "+filter)
	}
	ts.cond, ts.filter = strings.Join(conds, " AND "), strings.Join(filters, " AND ")
	return ts
}

// searchFilters adds the query's filters to w; skip leaves out one
// dimension ("category" or "source") for its facet counts.
func searchFilters(w *where, q store.SearchQuery, skip string) {
	w.add(`NOT a.hidden`) // articles an editor hid are never found
	if len(q.Categories) > 0 && skip != "category" {
		var slugs []string
		for _, c := range q.Categories {
			if store.Findable(c) {
				slugs = append(slugs, c)
			}
		}
		w.add(`a.category_id IN (SELECT id FROM categories WHERE slug = ANY(` + w.arg(slugs) + `::text[]))`)
	}
	if len(q.Sources) > 0 && skip != "source" {
		w.add(`a.source_id = ANY(` + w.arg(q.Sources) + `::bigint[])`)
	}
	if !q.Since.IsZero() {
		w.add(`a.published_at >= ` + w.arg(q.Since.UTC()))
	}
	if !q.Until.IsZero() {
		w.add(`a.published_at < ` + w.arg(q.Until.UTC()))
	}
	if q.Kind != "" {
		w.add(`a.kind = ` + w.arg(string(q.Kind)))
	}
}

// SearchArticles runs a full-text search by the rules of
// store.SearchQuery: GIN indexes on the two tsvector columns find the
// matches, ts_rank_cd with field weights scores them, and the score is
// boosted by recency as on SQLite.
func (s *Store) SearchArticles(ctx context.Context, q store.SearchQuery) (store.SearchResult, error) {
	res := store.SearchResult{Items: []model.Article{}, Categories: []store.Facet{}, Sources: []store.Facet{}}
	plan := store.PlanSearch(q.Query, q.Exact)
	text := !q.Query.Empty()
	if text && !plan.Runnable() {
		return res, nil
	}
	plan = s.completeShortPrefixes(ctx, plan)
	build := func(skip string) (where, tsSearch) {
		var w where
		var ts tsSearch
		if text {
			ts = planQuery(&w, plan, q.Fields)
			w.add(ts.cond)
		}
		searchFilters(&w, q, skip)
		return w, ts
	}
	// matches selects cols of the hits; a text search takes at most n of
	// them, the ones stored last, as on SQLite.
	matches := func(w where, cols string, n int) string {
		sub := `SELECT ` + cols + ` FROM articles a` + w.String()
		if text {
			sub += ` ORDER BY a.id DESC LIMIT ` + strconv.Itoa(n)
		}
		return sub
	}
	w, ts := build("")
	countUpTo := q.CountUpTo
	if countUpTo <= 0 || countUpTo > store.MaxCount {
		countUpTo = store.MaxCount
	}
	relevance := text && !q.Newest && len(ts.rankExact)+len(ts.rankStem) > 0
	window := q.RankWindow()
	// When the count asked for fits in the window the hits are ranked
	// from, the window counts itself, as on SQLite.
	windowCounts := relevance && countUpTo <= window && !q.Facets && q.Offset <= 0
	if !windowCounts {
		var total int64
		if err := s.pool.QueryRow(ctx, `SELECT COUNT(*) FROM (`+matches(w, `1`, countUpTo+1)+`) m`, w.args...).Scan(&total); err != nil {
			return store.SearchResult{}, fmt.Errorf("postgres: search articles: %w", err)
		}
		res.Total = int(total)
		if text && res.Total > countUpTo {
			res.Total, res.Capped = countUpTo, true
		}
	}
	if q.Facets {
		var err error
		fw, _ := build("category")
		if res.Categories, err = s.facets(ctx, fw, matches(fw, `a.category_id AS key`, store.MaxCount),
			`c.slug, c.name`, `categories c ON c.id = m.key`, `c.id`); err != nil {
			return store.SearchResult{}, err
		}
		fw, _ = build("source")
		if res.Sources, err = s.facets(ctx, fw, matches(fw, `a.source_id AS key`, store.MaxCount),
			`s.id::text, s.name`, `sources s ON s.id = m.key`, `s.id`); err != nil {
			return store.SearchResult{}, err
		}
	}
	if !windowCounts && res.Total == 0 {
		return res, nil
	}
	var query string
	if relevance {
		ids, more, err := s.newestIDs(ctx, w, ts, window)
		if err != nil {
			return store.SearchResult{}, fmt.Errorf("postgres: search articles: %w", err)
		}
		if windowCounts {
			res.Total, res.Capped = min(len(ids), countUpTo), len(ids) > countUpTo || more
		}
		if len(ids) == 0 {
			return res, nil
		}
		w = where{}
		query = `SELECT ` + hitCols + articleFrom + ` WHERE a.id = ANY(` + w.arg(ids) + `::bigint[])` +
			relevanceOrder(&w, ts, q) + `, a.published_at DESC, a.id DESC`
	} else {
		query = `SELECT ` + hitCols + articleFrom + ` WHERE a.id IN (` + matches(w, `a.id`, store.MaxCount) + `)` +
			` ORDER BY a.published_at DESC, a.id DESC`
	}
	query += ` LIMIT ` + w.arg(store.ClampLimit(q.Limit)) + ` OFFSET ` + w.arg(max(q.Offset, 0))
	rows, err := s.pool.Query(ctx, query, w.args...)
	if err != nil {
		return store.SearchResult{}, fmt.Errorf("postgres: search articles: %w", err)
	}
	res.Items, err = pgx.CollectRows(rows, func(r pgx.CollectableRow) (model.Article, error) { return scanArticle(r, true) })
	if err != nil {
		return store.SearchResult{}, fmt.Errorf("postgres: search articles: %w", err)
	}
	return res, nil
}

// recentRows sizes the first stretch of the newest rows a relevance
// window is sought in: recentRows times the window's size, enough when
// one article in that many matches.
const recentRows = 8

// newestIDs returns the IDs of the newest n matches of w (whose text
// condition is ts's), newest first, and whether there are more. A GIN
// index reads every match of each term wherever it is, and PostgreSQL
// then fetches and sorts them all to keep the newest: for words most
// articles hold, the whole table. So the newest rows are read first, by
// ID, testing each row's vector (ts.filter: no index can serve it, so
// the planner cannot pick GIN there), which words of any frequency fill
// the window from when one article in recentRows matches; the index
// then finds the rest, if needed, in the older rows.
func (s *Store) newestIDs(ctx context.Context, w where, ts tsSearch, n int) ([]int64, bool, error) {
	var top int64
	if err := s.pool.QueryRow(ctx, `SELECT COALESCE(MAX(id), 0) FROM articles`).Scan(&top); err != nil {
		return nil, false, err
	}
	split := top - int64(n)*recentRows
	var ids []int64
	for _, older := range []bool{false, true} {
		if older && (len(ids) > n || split <= 0) {
			break
		}
		rw := where{conds: slices.Clone(w.conds), args: slices.Clone(w.args)}
		op := ` > `
		if older {
			op = ` <= `
		} else if i := slices.Index(rw.conds, ts.cond); i >= 0 {
			rw.conds[i] = ts.filter
		}
		rw.add(`a.id` + op + rw.arg(split))
		rows, err := s.pool.Query(ctx, `SELECT a.id FROM articles a`+rw.String()+` ORDER BY a.id DESC LIMIT `+
			strconv.Itoa(n+1-len(ids)), rw.args...)
		if err != nil {
			return nil, false, err
		}
		more, err := pgx.CollectRows(rows, pgx.RowTo[int64])
		if err != nil {
			return nil, false, err
		}
		ids = append(ids, more...)
	}
	if len(ids) > n {
		return ids[:n], true, nil
	}
	return ids, false, nil
}

// relevanceOrder is the ORDER BY of a relevance sort: the text score,
// boosted by 1 + 2^-(age/half), at most twice.
func relevanceOrder(w *where, ts tsSearch, q store.SearchQuery) string {
	now, half := q.Now, q.HalfLife
	if now.IsZero() {
		now = time.Now()
	}
	if half <= 0 {
		half = store.DefaultHalfLife
	}
	var ranks []string
	if len(ts.rankExact) > 0 {
		ranks = append(ranks, `ts_rank_cd(`+rankWeights+`, a.search_exact, `+w.arg(strings.Join(ts.rankExact, " | "))+`::tsquery)`)
	}
	if len(ts.rankStem) > 0 {
		ranks = append(ranks, `ts_rank_cd(`+rankWeights+`, a.search_stemmed, `+w.arg(strings.Join(ts.rankStem, " | "))+`::tsquery)`)
	}
	return ` ORDER BY (` + strings.Join(ranks, " + ") + `) *
		(1 + power(2.0::float8, -greatest(0::float8,
			extract(epoch FROM (` + w.arg(now.UTC()) + `::timestamptz - a.published_at))::float8 / ` +
		w.arg(half.Seconds()) + `::float8))) DESC`
}

// hitCols is what a search hit carries: the listing's columns and the
// plain text, for snippets, but not the HTML body.
const hitCols = listCols + `, '', a.content_text`

// facets counts the hits per category or source (key), among the
// matches a search counts (sub, whose parameters w holds).
func (s *Store) facets(ctx context.Context, w where, sub, cols, join, group string) ([]store.Facet, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+cols+`, COUNT(*) FROM (`+sub+`) m JOIN `+join+` GROUP BY `+group, w.args...)
	if err != nil {
		return nil, fmt.Errorf("postgres: search facets: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (store.Facet, error) {
		var f store.Facet
		var n int64
		err := r.Scan(&f.Key, &f.Name, &n)
		f.Count = int(n)
		return f, err
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: search facets: %w", err)
	}
	store.SortFacets(out)
	return out, nil
}

// MatchIDs runs only the engine's part of a search: the tsvector match
// with the query's filters and the ranking, returning the IDs of the
// first limit hits, without counting them, loading articles or facets.
// The search benchmark measures the whole path against it.
func (s *Store) MatchIDs(ctx context.Context, q store.SearchQuery, limit int) ([]int64, error) {
	plan := store.PlanSearch(q.Query, q.Exact)
	if !plan.Runnable() {
		return nil, nil
	}
	plan = s.completeShortPrefixes(ctx, plan)
	var w where
	ts := planQuery(&w, plan, q.Fields)
	w.add(ts.cond)
	searchFilters(&w, q, "")
	if len(ts.rankExact)+len(ts.rankStem) == 0 {
		return nil, nil
	}
	ids, _, err := s.newestIDs(ctx, w, ts, q.RankWindow())
	if err != nil || len(ids) == 0 {
		return nil, err
	}
	w = where{}
	query := `SELECT a.id FROM articles a WHERE a.id = ANY(` + w.arg(ids) + `::bigint[])` + relevanceOrder(&w, ts, q) + ` LIMIT ` + w.arg(limit)
	rows, err := s.pool.Query(ctx, query, w.args...)
	if err != nil {
		return nil, fmt.Errorf("postgres: match: %w", err)
	}
	return pgx.CollectRows(rows, pgx.RowTo[int64])
}
