package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

// The reading apps' state (store.ReaderStateStore): read horizons per
// account and scope in reader_horizons, explicit marks in reader_items.
// An article's read state is its explicit mark when it has one, else
// whether it was fetched at or before the highest horizon over it: the
// account's own ('all', raised to the caller's floor), its source's and
// its section's.
//
// An account has few horizons, so they are read first and written into
// the query as constants (a CASE over the sources and sections that have
// one above the account's own): the per-article work is then arithmetic
// on the covering index articles_fetched, not lookups in other tables.
// That took counting 50,000 unread articles of 100,000 from 290 ms to
// tens of milliseconds (BenchmarkReaderState).

// readerVisible keeps the articles a reader may see: not hidden, and not
// from a disabled source. It reads only the article's own columns, so a
// scan of articles_fetched needs no other table.
const readerVisible = `a.hidden = 0 AND COALESCE(a.source_id, 0) NOT IN (SELECT id FROM sources WHERE disabled = 1)`

// horizons are an account's read horizons: its overall one (raised to
// the floor; microseconds, 0 for none) and those of sources (0: the
// newsroom) and sections that lie above it.
type horizons struct {
	all      int64
	sources  map[int64]int64
	sections map[int64]int64
}

// readerHorizons reads u's horizons.
func readerHorizons(ctx context.Context, q interface {
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
}, u store.ReaderUser) (horizons, error) {
	h := horizons{sources: map[int64]int64{}, sections: map[int64]int64{}}
	if !u.Floor.IsZero() {
		h.all = u.Floor.UnixMicro()
	}
	rows, err := q.QueryContext(ctx, `SELECT scope, ref, read_before FROM reader_horizons WHERE user_id = ?`, u.ID)
	if err != nil {
		return h, err
	}
	defer rows.Close()
	for rows.Next() {
		var scope string
		var ref, before int64
		if err := rows.Scan(&scope, &ref, &before); err != nil {
			return h, err
		}
		switch scope {
		case "all":
			h.all = max(h.all, before)
		case "source":
			h.sources[ref] = before
		case "category":
			h.sections[ref] = before
		}
	}
	if err := rows.Err(); err != nil {
		return h, err
	}
	for id, b := range h.sources {
		if b <= h.all {
			delete(h.sources, id)
		}
	}
	for id, b := range h.sections {
		if b <= h.all {
			delete(h.sections, id)
		}
	}
	return h, nil
}

// expr is the horizon over article a as SQL, with its parameters.
func (h horizons) expr() (string, []any) {
	if len(h.sources) == 0 && len(h.sections) == 0 {
		return `?`, []any{h.all}
	}
	var b strings.Builder
	args := []any{h.all}
	b.WriteString(`MAX(?`)
	for _, part := range []struct {
		col string
		m   map[int64]int64
	}{{`COALESCE(a.source_id, 0)`, h.sources}, {`a.category_id`, h.sections}} {
		if len(part.m) == 0 {
			continue
		}
		b.WriteString(`, CASE ` + part.col)
		for _, id := range slices.Sorted(maps.Keys(part.m)) {
			b.WriteString(` WHEN ? THEN ?`)
			args = append(args, id, part.m[id])
		}
		b.WriteString(` ELSE 0 END`)
	}
	b.WriteString(`)`)
	return b.String(), args
}

// ReaderItems lists the articles q selects with the account's state, by
// walking the IDs in order: unread articles are the newest, and an
// oldest-first walk starts at the first that can be unread.
func (s *Store) ReaderItems(ctx context.Context, q store.ReaderQuery) ([]model.ReaderItem, error) {
	const what = "sqlite: reader items"
	if q.Limit < 0 || q.Limit > store.MaxReaderLimit || len(q.IDs) > store.MaxReaderIDs {
		return nil, fmt.Errorf("%s: limit %d or %d IDs out of bounds", what, q.Limit, len(q.IDs))
	}
	limit := q.Limit
	if limit == 0 {
		limit = store.DefaultLimit
	}
	h, err := readerHorizons(ctx, s.r, q.User)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	hx, hargs := h.expr()
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
	args := slices.Clone(hargs) // the read state in the selected columns
	from := ` FROM articles a` + joins + ` LEFT JOIN reader_items ri ON ri.user_id = ? AND ri.article_id = a.id`
	if q.Starred {
		// The account's stars are few: start from them.
		from = ` FROM reader_items ri JOIN articles a ON a.id = ri.article_id` + joins
	} else {
		args = append(args, q.User.ID)
	}
	var w where
	w.add(readerVisible)
	if q.Starred {
		w.add(`ri.user_id = ? AND ri.starred = 1`, q.User.ID)
	}
	if q.Unread {
		w.add(`(a.fetched_at > ? OR ri.read = 0) AND NOT `+read, append([]any{h.all}, hargs...)...)
		if q.Oldest {
			// Newest first, the walk down the IDs meets the unread
			// articles at once; oldest first, it starts at the first
			// candidate rather than wading through the read archive.
			w.add(`a.id >= (SELECT MIN(m) FROM (SELECT MIN(id) AS m FROM articles INDEXED BY articles_fetched WHERE fetched_at > ?
				UNION ALL SELECT MIN(article_id) FROM reader_items WHERE user_id = ? AND read = 0))`, h.all, q.User.ID)
		}
	}
	if q.Read {
		w.add(read, hargs...)
	}
	switch {
	case q.Newsroom:
		w.add(`a.source_id IS NULL`)
	case q.SourceID != 0:
		w.add(`a.source_id = ?`, q.SourceID)
	}
	if q.CategoryID != 0 {
		w.add(`a.category_id = ?`, q.CategoryID)
	}
	if len(q.IDs) > 0 {
		w.add(`a.id IN (SELECT value FROM json_each(?))`, idList(q.IDs))
	}
	if q.AfterID != 0 {
		w.add(`a.id > ?`, q.AfterID)
	}
	if q.BeforeID != 0 {
		w.add(`a.id < ?`, q.BeforeID)
	}
	if !q.FetchedAfter.IsZero() {
		w.add(`a.fetched_at > ?`, q.FetchedAfter.UnixMicro())
	}
	if !q.FetchedBefore.IsZero() {
		w.add(`a.fetched_at < ?`, q.FetchedBefore.UnixMicro())
	}
	order := ` ORDER BY a.id DESC`
	if q.Oldest {
		order = ` ORDER BY a.id`
	}
	query := `SELECT ` + cols + `, COALESCE(a.category_id, 0), ` + read + `, COALESCE(ri.starred, 0)` +
		from + w.String() + order + ` LIMIT ?`
	args = append(args, w.args...)
	args = append(args, limit)
	rows, err := s.r.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	defer rows.Close()
	var out []model.ReaderItem
	for rows.Next() {
		var it model.ReaderItem
		if q.IDsOnly {
			var src sql.NullInt64
			var pub, fetched int64
			err = rows.Scan(&it.Article.ID, &src, &pub, &fetched, &it.CategoryID, &it.Read, &it.Starred)
			it.Article.SourceID = src.Int64
			it.Article.PublishedAt, it.Article.FetchedAt = time.UnixMicro(pub).UTC(), time.UnixMicro(fetched).UTC()
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
// articles fetched after their horizon, counted from articles_fetched
// alone, then corrected by the account's explicit marks (a few of its
// own rows).
func (s *Store) ReaderUnreadCounts(ctx context.Context, u store.ReaderUser) ([]store.ReaderCount, error) {
	const what = "sqlite: reader unread counts"
	h, err := readerHorizons(ctx, s.r, u)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	hx, hargs := h.expr()
	var tally store.UnreadTally
	rows, err := s.r.QueryContext(ctx, `SELECT COALESCE(a.source_id, 0), COALESCE(a.category_id, 0), COUNT(*), MAX(a.fetched_at)
		FROM articles a WHERE a.fetched_at > ? AND a.fetched_at > `+hx+` AND `+readerVisible+`
		GROUP BY 1, 2`, append([]any{h.all}, hargs...)...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	for rows.Next() {
		var source, section int64
		var n int
		var newest int64
		if err := rows.Scan(&source, &section, &n, &newest); err != nil {
			rows.Close()
			return nil, fmt.Errorf("%s: %w", what, err)
		}
		tally.Counted(source, section, n, time.UnixMicro(newest))
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	// The marks that disagree with the horizons: read above them, unread
	// below.
	rows, err = s.r.QueryContext(ctx, `SELECT COALESCE(a.source_id, 0), COALESCE(a.category_id, 0), a.fetched_at, ri.read
		FROM reader_items ri JOIN articles a ON a.id = ri.article_id
		WHERE ri.user_id = ? AND ri.read = (a.fetched_at > `+hx+`) AND `+readerVisible,
		append([]any{u.ID}, hargs...)...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	defer rows.Close()
	for rows.Next() {
		var source, section int64
		var fetched int64
		var read bool
		if err := rows.Scan(&source, &section, &fetched, &read); err != nil {
			return nil, fmt.Errorf("%s: %w", what, err)
		}
		tally.Marked(source, section, time.UnixMicro(fetched), read)
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
	err := s.r.QueryRowContext(ctx, `SELECT (SELECT COUNT(*) FROM articles)
		- (SELECT COUNT(*) FROM articles WHERE hidden = 1)
		- (SELECT COUNT(*) FROM articles WHERE hidden = 0 AND source_id IN (SELECT id FROM sources WHERE disabled = 1))`).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("sqlite: reader total: %w", err)
	}
	return n, nil
}

// ReaderSetState marks articles read, unread, starred or not. A read
// mark that the horizons already imply is stored as NULL, and rows left
// with neither a mark nor a star are deleted, so the table holds
// exceptions only.
func (s *Store) ReaderSetState(ctx context.Context, u store.ReaderUser, ids []int64, c store.ReaderChange) (int, error) {
	const what = "sqlite: reader set state"
	if len(ids) > store.MaxReaderIDs {
		return 0, fmt.Errorf("%s: %d IDs, at most %d", what, len(ids), store.MaxReaderIDs)
	}
	if len(ids) == 0 {
		return 0, nil
	}
	list := idList(ids)
	var found int
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM articles a
			WHERE a.id IN (SELECT value FROM json_each(?)) AND `+readerVisible, list).Scan(&found)
		if err != nil {
			return err
		}
		if c.Read != nil {
			h, err := readerHorizons(ctx, tx, u)
			if err != nil {
				return err
			}
			hx, hargs := h.expr()
			args := append([]any{u.ID}, hargs...)
			args = append(args, *c.Read, *c.Read, list)
			_, err = tx.ExecContext(ctx, `INSERT INTO reader_items (user_id, article_id, read, starred)
				SELECT ?, a.id, CASE WHEN (a.fetched_at <= `+hx+`) = ? THEN NULL ELSE ? END, 0
				FROM articles a
				WHERE a.id IN (SELECT value FROM json_each(?)) AND `+readerVisible+`
				ON CONFLICT (user_id, article_id) DO UPDATE SET read = excluded.read`, args...)
			if err != nil {
				return err
			}
		}
		if c.Starred != nil {
			_, err := tx.ExecContext(ctx, `INSERT INTO reader_items (user_id, article_id, read, starred)
				SELECT ?, a.id, NULL, ? FROM articles a
				WHERE a.id IN (SELECT value FROM json_each(?)) AND `+readerVisible+`
				ON CONFLICT (user_id, article_id) DO UPDATE SET starred = excluded.starred`,
				u.ID, *c.Starred, list)
			if err != nil {
				return err
			}
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM reader_items WHERE user_id = ? AND read IS NULL AND starred = 0
			AND article_id IN (SELECT value FROM json_each(?))`, u.ID, list)
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
	const what = "sqlite: reader mark read"
	kind, ref, cover := "all", int64(0), `1`
	switch {
	case scope.Source:
		kind, ref, cover = "source", scope.SourceID, `COALESCE(a.source_id, 0) = ?`
	case scope.CategoryID != 0:
		kind, ref, cover = "category", scope.CategoryID, `a.category_id = ?`
	}
	b := before.UnixMicro()
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO reader_horizons (user_id, scope, ref, read_before) VALUES (?, ?, ?, ?)
			ON CONFLICT (user_id, scope, ref) DO UPDATE SET read_before = MAX(read_before, excluded.read_before)`,
			userID, kind, ref, b)
		if err != nil {
			return err
		}
		if kind == "all" {
			_, err := tx.ExecContext(ctx, `DELETE FROM reader_horizons WHERE user_id = ? AND scope <> 'all' AND read_before <= ?`, userID, b)
			if err != nil {
				return err
			}
		}
		args := []any{userID, b}
		if kind != "all" {
			args = append(args, ref)
		}
		_, err = tx.ExecContext(ctx, `UPDATE reader_items SET read = NULL WHERE user_id = ? AND read IS NOT NULL
			AND EXISTS (SELECT 1 FROM articles a WHERE a.id = reader_items.article_id AND a.fetched_at <= ? AND `+cover+`)`, args...)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `DELETE FROM reader_items WHERE user_id = ? AND read IS NULL AND starred = 0`, userID)
		return err
	})
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return nil
}

// idList passes IDs as one JSON array parameter, read with json_each, so
// the statement's text (and the prepared statement cache) does not
// depend on how many there are.
func idList(ids []int64) string {
	b, _ := json.Marshal(ids)
	return string(b)
}
