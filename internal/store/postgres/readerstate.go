package postgres

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

// The reading apps' state (store.ReaderStateStore), as in the SQLite
// backend: read horizons per account and scope in reader_horizons,
// explicit marks in reader_items; an article is read by its mark, else
// when it was fetched at or before the highest horizon over it. The
// account's few horizons are read first and written into the query as a
// CASE over the sources and sections that have one above its own, so
// counting reads articles_fetched alone.

// readerVisible keeps the articles a reader may see: not hidden, and not
// from a disabled source, from the article's own columns.
const readerVisible = `NOT a.hidden AND COALESCE(a.source_id, 0) NOT IN (SELECT id FROM sources WHERE disabled)`

// querier is a pool or a transaction.
type querier interface {
	Query(context.Context, string, ...any) (pgx.Rows, error)
}

// horizons are an account's read horizons: its overall one (raised to
// the floor; the Unix epoch for none) and those of sources (0: the
// newsroom) and sections that lie above it.
type horizons struct {
	all      time.Time
	sources  map[int64]time.Time
	sections map[int64]time.Time
}

// readerHorizons reads u's horizons.
func readerHorizons(ctx context.Context, q querier, u store.ReaderUser) (horizons, error) {
	h := horizons{all: time.Unix(0, 0).UTC(), sources: map[int64]time.Time{}, sections: map[int64]time.Time{}}
	if u.Floor.After(h.all) {
		h.all = u.Floor.UTC()
	}
	rows, err := q.Query(ctx, `SELECT scope, ref, read_before FROM reader_horizons WHERE user_id = $1`, u.ID)
	if err != nil {
		return h, err
	}
	defer rows.Close()
	for rows.Next() {
		var scope string
		var ref int64
		var before time.Time
		if err := rows.Scan(&scope, &ref, &before); err != nil {
			return h, err
		}
		switch scope {
		case "all":
			if before.After(h.all) {
				h.all = before.UTC()
			}
		case "source":
			h.sources[ref] = before.UTC()
		case "category":
			h.sections[ref] = before.UTC()
		}
	}
	if err := rows.Err(); err != nil {
		return h, err
	}
	for id, b := range h.sources {
		if !b.After(h.all) {
			delete(h.sources, id)
		}
	}
	for id, b := range h.sections {
		if !b.After(h.all) {
			delete(h.sections, id)
		}
	}
	return h, nil
}

// expr is the horizon over article a as SQL, its parameters added to w.
func (h horizons) expr(w *where) string {
	all := w.arg(h.all) + `::timestamptz`
	if len(h.sources) == 0 && len(h.sections) == 0 {
		return all
	}
	var b strings.Builder
	b.WriteString(`GREATEST(` + all)
	for _, part := range []struct {
		col string
		m   map[int64]time.Time
	}{{`COALESCE(a.source_id, 0)`, h.sources}, {`a.category_id`, h.sections}} {
		if len(part.m) == 0 {
			continue
		}
		b.WriteString(`, CASE ` + part.col)
		for _, id := range slices.Sorted(maps.Keys(part.m)) {
			b.WriteString(` WHEN ` + w.arg(id) + ` THEN ` + w.arg(part.m[id]) + `::timestamptz`)
		}
		b.WriteString(` END`)
	}
	b.WriteString(`)`)
	return b.String()
}

// ReaderItems lists the articles q selects with the account's state.
func (s *Store) ReaderItems(ctx context.Context, q store.ReaderQuery) ([]model.ReaderItem, error) {
	const what = "postgres: reader items"
	if q.Limit < 0 || q.Limit > store.MaxReaderLimit || len(q.IDs) > store.MaxReaderIDs {
		return nil, fmt.Errorf("%s: limit %d or %d IDs out of bounds", what, q.Limit, len(q.IDs))
	}
	limit := q.Limit
	if limit == 0 {
		limit = store.DefaultLimit
	}
	h, err := readerHorizons(ctx, s.pool, q.User)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	var w where
	u := w.arg(q.User.ID)
	hx := h.expr(&w)
	read := `COALESCE(ri.read, a.fetched_at <= ` + hx + `)`
	cols, joins := listCols, `
	LEFT JOIN sources s ON s.id = a.source_id
	LEFT JOIN categories c ON c.id = a.category_id`
	switch {
	case q.IDsOnly:
		cols, joins = `a.id, a.source_id, a.published_at, a.fetched_at`, ``
	case q.Bodies:
		cols = fullCols
	}
	from := ` FROM articles a` + joins + ` LEFT JOIN reader_items ri ON ri.user_id = ` + u + ` AND ri.article_id = a.id`
	if q.Starred {
		// The account's stars are few: start from them.
		from = ` FROM reader_items ri JOIN articles a ON a.id = ri.article_id` + joins
		w.add(`ri.user_id = ` + u + ` AND ri.starred`)
	}
	w.add(readerVisible)
	if q.Unread {
		all := w.arg(h.all)
		w.add(`(a.fetched_at > ` + all + ` OR ri.read = false) AND NOT ` + read)
		if q.Oldest {
			w.add(`a.id >= (SELECT MIN(m) FROM (SELECT MIN(id) AS m FROM articles WHERE fetched_at > ` + all + `
				UNION ALL SELECT MIN(article_id) FROM reader_items WHERE user_id = ` + u + ` AND read = false) AS first)`)
		}
	}
	if q.Read {
		w.add(read)
	}
	switch {
	case q.Newsroom:
		w.add(`a.source_id IS NULL`)
	case q.SourceID != 0:
		w.add(`a.source_id = ` + w.arg(q.SourceID))
	}
	if q.CategoryID != 0 {
		w.add(`a.category_id = ` + w.arg(q.CategoryID))
	}
	if len(q.IDs) > 0 {
		w.add(`a.id = ANY(` + w.arg(q.IDs) + `::bigint[])`)
	}
	if q.AfterID != 0 {
		w.add(`a.id > ` + w.arg(q.AfterID))
	}
	if q.BeforeID != 0 {
		w.add(`a.id < ` + w.arg(q.BeforeID))
	}
	if !q.FetchedAfter.IsZero() {
		w.add(`a.fetched_at > ` + w.arg(q.FetchedAfter.UTC()))
	}
	if !q.FetchedBefore.IsZero() {
		w.add(`a.fetched_at < ` + w.arg(q.FetchedBefore.UTC()))
	}
	order := ` ORDER BY a.id DESC`
	if q.Oldest {
		order = ` ORDER BY a.id`
	}
	query := `SELECT ` + cols + `, COALESCE(a.category_id, 0), ` + read + `, COALESCE(ri.starred, false)` +
		from + w.String() + order + ` LIMIT ` + w.arg(limit)
	rows, err := s.pool.Query(ctx, query, w.args...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	defer rows.Close()
	var out []model.ReaderItem
	for rows.Next() {
		var it model.ReaderItem
		if q.IDsOnly {
			var src *int64
			err = rows.Scan(&it.Article.ID, &src, &it.Article.PublishedAt, &it.Article.FetchedAt, &it.CategoryID, &it.Read, &it.Starred)
			if src != nil {
				it.Article.SourceID = *src
			}
			it.Article.PublishedAt, it.Article.FetchedAt = it.Article.PublishedAt.UTC(), it.Article.FetchedAt.UTC()
		} else {
			it.Article, err = scanArticle(rows, q.Bodies, &it.CategoryID, &it.Read, &it.Starred)
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", what, err)
		}
		out = append(out, it)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	return out, nil
}

// ReaderUnreadCounts counts unread articles per source and section: the
// articles fetched after their horizon, from articles_fetched alone, then
// corrected by the account's explicit marks that disagree with it.
func (s *Store) ReaderUnreadCounts(ctx context.Context, u store.ReaderUser) ([]store.ReaderCount, error) {
	const what = "postgres: reader unread counts"
	h, err := readerHorizons(ctx, s.pool, u)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	var tally store.UnreadTally
	var w where
	hx := h.expr(&w)
	rows, err := s.pool.Query(ctx, `SELECT COALESCE(a.source_id, 0), COALESCE(a.category_id, 0), COUNT(*), MAX(a.fetched_at)
		FROM articles a WHERE a.fetched_at > `+w.arg(h.all)+` AND a.fetched_at > `+hx+` AND `+readerVisible+`
		GROUP BY 1, 2`, w.args...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	for rows.Next() {
		var source, section int64
		var n int
		var newest time.Time
		if err := rows.Scan(&source, &section, &n, &newest); err != nil {
			rows.Close()
			return nil, fmt.Errorf("%s: %w", what, err)
		}
		tally.Counted(source, section, n, newest)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	// The marks that disagree with the horizons: read above them, unread
	// below.
	w = where{}
	hx = h.expr(&w)
	rows, err = s.pool.Query(ctx, `SELECT COALESCE(a.source_id, 0), COALESCE(a.category_id, 0), a.fetched_at, ri.read
		FROM reader_items ri JOIN articles a ON a.id = ri.article_id
		WHERE ri.user_id = `+w.arg(u.ID)+` AND ri.read = (a.fetched_at > `+hx+`) AND `+readerVisible, w.args...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	defer rows.Close()
	for rows.Next() {
		var source, section int64
		var fetched time.Time
		var read bool
		if err := rows.Scan(&source, &section, &fetched, &read); err != nil {
			return nil, fmt.Errorf("%s: %w", what, err)
		}
		tally.Marked(source, section, fetched, read)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	return tally.Counts(), nil
}

// ReaderTotal counts the visible articles: all of them less the hidden
// ones and the disabled sources', three index reads instead of testing
// every article (1.6 ms against 14 ms at 100,000 on SQLite).
func (s *Store) ReaderTotal(ctx context.Context) (int, error) {
	var n int
	err := s.pool.QueryRow(ctx, `SELECT (SELECT COUNT(*) FROM articles)
		- (SELECT COUNT(*) FROM articles WHERE hidden)
		- (SELECT COUNT(*) FROM articles WHERE NOT hidden AND source_id IN (SELECT id FROM sources WHERE disabled))`).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("postgres: reader total: %w", err)
	}
	return n, nil
}

// ReaderSetState marks articles read, unread, starred or not; a read
// mark the horizons already imply is stored as NULL, and rows left with
// neither a mark nor a star are deleted.
func (s *Store) ReaderSetState(ctx context.Context, u store.ReaderUser, ids []int64, c store.ReaderChange) (int, error) {
	const what = "postgres: reader set state"
	if len(ids) > store.MaxReaderIDs {
		return 0, fmt.Errorf("%s: %d IDs, at most %d", what, len(ids), store.MaxReaderIDs)
	}
	if len(ids) == 0 {
		return 0, nil
	}
	var found int
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM articles a
			WHERE a.id = ANY($1::bigint[]) AND `+readerVisible, ids).Scan(&found)
		if err != nil {
			return err
		}
		if c.Read != nil {
			h, err := readerHorizons(ctx, tx, u)
			if err != nil {
				return err
			}
			var w where
			uid := w.arg(u.ID)
			hx := h.expr(&w)
			want := w.arg(*c.Read)
			_, err = tx.Exec(ctx, `INSERT INTO reader_items (user_id, article_id, read, starred)
				SELECT `+uid+`, a.id, CASE WHEN (a.fetched_at <= `+hx+`) = `+want+` THEN NULL ELSE `+want+` END, false
				FROM articles a
				WHERE a.id = ANY(`+w.arg(ids)+`::bigint[]) AND `+readerVisible+`
				ON CONFLICT (user_id, article_id) DO UPDATE SET read = excluded.read`, w.args...)
			if err != nil {
				return err
			}
		}
		if c.Starred != nil {
			_, err := tx.Exec(ctx, `INSERT INTO reader_items (user_id, article_id, read, starred)
				SELECT $1, a.id, NULL, $2 FROM articles a
				WHERE a.id = ANY($3::bigint[]) AND `+readerVisible+`
				ON CONFLICT (user_id, article_id) DO UPDATE SET starred = excluded.starred`,
				u.ID, *c.Starred, ids)
			if err != nil {
				return err
			}
		}
		_, err = tx.Exec(ctx, `DELETE FROM reader_items WHERE user_id = $1 AND read IS NULL AND NOT starred
			AND article_id = ANY($2::bigint[])`, u.ID, ids)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("%s: %w", what, err)
	}
	return found, nil
}

// ReaderMarkRead raises the scope's horizon to before and drops the
// account's marks it now covers; marking everything read also drops the
// narrower horizons it passes.
func (s *Store) ReaderMarkRead(ctx context.Context, userID int64, scope store.ReaderScope, before time.Time) error {
	const what = "postgres: reader mark read"
	kind, ref, cover := "all", int64(0), `true`
	switch {
	case scope.Source:
		kind, ref, cover = "source", scope.SourceID, `COALESCE(a.source_id, 0) = $3`
	case scope.CategoryID != 0:
		kind, ref, cover = "category", scope.CategoryID, `a.category_id = $3`
	}
	b := before.UTC()
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `INSERT INTO reader_horizons (user_id, scope, ref, read_before) VALUES ($1, $2, $3, $4)
			ON CONFLICT (user_id, scope, ref) DO UPDATE SET read_before = GREATEST(reader_horizons.read_before, excluded.read_before)`,
			userID, kind, ref, b)
		if err != nil {
			return err
		}
		if kind == "all" {
			_, err := tx.Exec(ctx, `DELETE FROM reader_horizons WHERE user_id = $1 AND scope <> 'all' AND read_before <= $2`, userID, b)
			if err != nil {
				return err
			}
		}
		args := []any{userID, b}
		if kind != "all" {
			args = append(args, ref)
		}
		_, err = tx.Exec(ctx, `UPDATE reader_items SET read = NULL WHERE user_id = $1 AND read IS NOT NULL
			AND EXISTS (SELECT 1 FROM articles a WHERE a.id = reader_items.article_id AND a.fetched_at <= $2 AND `+cover+`)`, args...)
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `DELETE FROM reader_items WHERE user_id = $1 AND read IS NULL AND NOT starred`, userID)
		return err
	})
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return nil
}
