package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

// The reading apps' state (store.ReaderStateStore), as in the SQLite
// backend: read horizons per account and scope in reader_horizons,
// explicit marks in reader_items; an article is read by its mark, else
// when it was fetched at or before the highest horizon over it.

// readerVisible keeps the articles a reader may see: not hidden, and not
// from a disabled source (s is the article's source, joined).
const readerVisible = `NOT a.hidden AND NOT COALESCE(s.disabled, false)`

// readerJoins joins an article (a) to the account's source and section
// horizons; u is the account ID's placeholder.
func readerJoins(u string) string {
	return `
	LEFT JOIN reader_horizons hs ON hs.user_id = ` + u + ` AND hs.scope = 'source' AND hs.ref = COALESCE(a.source_id, 0)
	LEFT JOIN reader_horizons hc ON hc.user_id = ` + u + ` AND hc.scope = 'category' AND hc.ref = a.category_id`
}

// readerBelow is true when the horizons cover the article; h is the
// placeholder of the account's overall horizon (GREATEST skips NULLs).
func readerBelow(h string) string {
	return `(a.fetched_at <= GREATEST(` + h + `::timestamptz, hs.read_before, hc.read_before))`
}

// readerRead is the article's read state.
func readerRead(h string) string {
	return `COALESCE(ri.read, ` + readerBelow(h) + `, false)`
}

// querier is a pool or a transaction.
type querier interface {
	QueryRow(context.Context, string, ...any) pgx.Row
}

// readerHorizon is the account's overall horizon: its 'all' row raised to
// the floor (the zero time: none).
func readerHorizon(ctx context.Context, q querier, u store.ReaderUser) (time.Time, error) {
	var h time.Time
	err := q.QueryRow(ctx, `SELECT read_before FROM reader_horizons WHERE user_id = $1 AND scope = 'all' AND ref = 0`, u.ID).Scan(&h)
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return time.Time{}, err
	}
	if u.Floor.After(h) {
		h = u.Floor
	}
	if h.IsZero() {
		// Before any article: nothing is covered.
		h = time.Unix(0, 0)
	}
	return h.UTC(), nil
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
	h, err := readerHorizon(ctx, s.pool, q.User)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	cols := listCols
	if q.Bodies {
		cols = fullCols
	}
	var w where
	u, hp := w.arg(q.User.ID), w.arg(h)
	from := articleFrom + ` LEFT JOIN reader_items ri ON ri.user_id = ` + u + ` AND ri.article_id = a.id`
	if q.Starred {
		// The account's stars are few: start from them.
		from = ` FROM reader_items ri JOIN articles a ON a.id = ri.article_id
	LEFT JOIN sources s ON s.id = a.source_id
	LEFT JOIN categories c ON c.id = a.category_id`
		w.add(`ri.user_id = ` + u + ` AND ri.starred`)
	}
	w.add(readerVisible)
	if q.Unread {
		w.add(`(a.fetched_at > ` + hp + ` OR ri.read = false) AND NOT ` + readerRead(hp))
	}
	if q.Read {
		w.add(readerRead(hp))
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
	query := `SELECT ` + cols + `, COALESCE(a.category_id, 0), ` + readerRead(hp) + `, COALESCE(ri.starred, false)` +
		from + readerJoins(u) + w.String() + order + ` LIMIT ` + w.arg(limit)
	rows, err := s.pool.Query(ctx, query, w.args...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	defer rows.Close()
	var out []model.ReaderItem
	for rows.Next() {
		var it model.ReaderItem
		it.Article, err = scanArticle(rows, q.Bodies, &it.CategoryID, &it.Read, &it.Starred)
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
// ones fetched after the account's overall horizon that no mark or
// narrower horizon reads, plus the older ones explicitly marked unread.
func (s *Store) ReaderUnreadCounts(ctx context.Context, u store.ReaderUser) ([]store.ReaderCount, error) {
	const what = "postgres: reader unread counts"
	h, err := readerHorizon(ctx, s.pool, u)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	query := `SELECT src, cat, COUNT(*), MAX(fetched) FROM (
	SELECT COALESCE(a.source_id, 0) AS src, COALESCE(a.category_id, 0) AS cat, a.fetched_at AS fetched
	FROM articles a LEFT JOIN sources s ON s.id = a.source_id
	LEFT JOIN reader_items ri ON ri.user_id = $1 AND ri.article_id = a.id` + readerJoins("$1") + `
	WHERE a.fetched_at > $2 AND ` + readerVisible + ` AND NOT ` + readerRead("$2") + `
	UNION ALL
	SELECT COALESCE(a.source_id, 0), COALESCE(a.category_id, 0), a.fetched_at
	FROM reader_items ri JOIN articles a ON a.id = ri.article_id LEFT JOIN sources s ON s.id = a.source_id
	WHERE ri.user_id = $1 AND ri.read = false AND a.fetched_at <= $2 AND ` + readerVisible + `
) AS unread GROUP BY src, cat ORDER BY src, cat`
	rows, err := s.pool.Query(ctx, query, u.ID, h)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	defer rows.Close()
	var out []store.ReaderCount
	for rows.Next() {
		var c store.ReaderCount
		var newest time.Time
		if err := rows.Scan(&c.SourceID, &c.CategoryID, &c.Unread, &newest); err != nil {
			return nil, fmt.Errorf("%s: %w", what, err)
		}
		c.Newest = newest.UTC()
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	return out, nil
}

// ReaderTotal counts the visible articles.
func (s *Store) ReaderTotal(ctx context.Context) (int, error) {
	var n int
	err := s.pool.QueryRow(ctx, `SELECT COUNT(*) FROM articles a LEFT JOIN sources s ON s.id = a.source_id WHERE `+readerVisible).Scan(&n)
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
		err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM articles a LEFT JOIN sources s ON s.id = a.source_id
			WHERE a.id = ANY($1::bigint[]) AND `+readerVisible, ids).Scan(&found)
		if err != nil {
			return err
		}
		if c.Read != nil {
			h, err := readerHorizon(ctx, tx, u)
			if err != nil {
				return err
			}
			_, err = tx.Exec(ctx, `INSERT INTO reader_items (user_id, article_id, read, starred)
				SELECT $1, a.id, CASE WHEN `+readerBelow("$2")+` IS NOT DISTINCT FROM $3 THEN NULL ELSE $3 END, false
				FROM articles a LEFT JOIN sources s ON s.id = a.source_id`+readerJoins("$1")+`
				WHERE a.id = ANY($4::bigint[]) AND `+readerVisible+`
				ON CONFLICT (user_id, article_id) DO UPDATE SET read = excluded.read`,
				u.ID, h, *c.Read, ids)
			if err != nil {
				return err
			}
		}
		if c.Starred != nil {
			_, err := tx.Exec(ctx, `INSERT INTO reader_items (user_id, article_id, read, starred)
				SELECT $1, a.id, NULL, $2 FROM articles a LEFT JOIN sources s ON s.id = a.source_id
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
