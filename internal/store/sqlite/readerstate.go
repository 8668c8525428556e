package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

// The reading apps' state (store.ReaderStateStore): read horizons per
// account and scope in reader_horizons, explicit marks in reader_items.
// An article's read state is its explicit mark when it has one, else
// whether it was fetched at or before the highest horizon over it: the
// account's own ('all', raised to the caller's floor, passed in as one
// parameter), its source's and its section's.

// readerVisible keeps the articles a reader may see: not hidden, and not
// from a disabled source (s is the article's source, joined).
const readerVisible = `a.hidden = 0 AND COALESCE(s.disabled, 0) = 0`

// readerJoins joins an article (a) to the account's marks and horizons;
// its three parameters are the account's ID.
const readerJoins = `
	LEFT JOIN reader_horizons hs ON hs.user_id = ? AND hs.scope = 'source' AND hs.ref = COALESCE(a.source_id, 0)
	LEFT JOIN reader_horizons hc ON hc.user_id = ? AND hc.scope = 'category' AND hc.ref = a.category_id`

// readerBelow is true when the horizons cover the article; its one
// parameter is the account's overall horizon in microseconds.
const readerBelow = `(a.fetched_at <= MAX(?, COALESCE(hs.read_before, 0), COALESCE(hc.read_before, 0)))`

// readerRead is the article's read state (1 or 0), under readerBelow's
// parameter.
const readerRead = `COALESCE(ri.read, ` + readerBelow + `)`

// idList passes IDs as one JSON array parameter, read with json_each, so
// the statement's text (and the prepared statement cache) does not
// depend on how many there are.
func idList(ids []int64) string {
	b, _ := json.Marshal(ids)
	return string(b)
}

// readerHorizon is the account's overall horizon: its 'all' row raised to
// the floor, in microseconds (0: none).
func readerHorizon(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}, u store.ReaderUser) (int64, error) {
	var h int64
	err := q.QueryRowContext(ctx, `SELECT read_before FROM reader_horizons WHERE user_id = ? AND scope = 'all' AND ref = 0`, u.ID).Scan(&h)
	if err != nil && err != sql.ErrNoRows {
		return 0, err
	}
	if !u.Floor.IsZero() {
		h = max(h, u.Floor.UnixMicro())
	}
	return h, nil
}

// ReaderItems lists the articles q selects with the account's state.
func (s *Store) ReaderItems(ctx context.Context, q store.ReaderQuery) ([]model.ReaderItem, error) {
	const what = "sqlite: reader items"
	if q.Limit < 0 || q.Limit > store.MaxReaderLimit || len(q.IDs) > store.MaxReaderIDs {
		return nil, fmt.Errorf("%s: limit %d or %d IDs out of bounds", what, q.Limit, len(q.IDs))
	}
	limit := q.Limit
	if limit == 0 {
		limit = store.DefaultLimit
	}
	h, err := readerHorizon(ctx, s.r, q.User)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	cols := listCols
	if q.Bodies {
		cols = fullCols
	}
	args := []any{h} // readerRead in the selected columns
	from := articleFrom + ` LEFT JOIN reader_items ri ON ri.user_id = ? AND ri.article_id = a.id`
	if q.Starred {
		// The account's stars are few: start from them.
		from = ` FROM reader_items ri JOIN articles a ON a.id = ri.article_id
	LEFT JOIN sources s ON s.id = a.source_id
	LEFT JOIN categories c ON c.id = a.category_id`
	} else {
		args = append(args, q.User.ID)
	}
	args = append(args, q.User.ID, q.User.ID)
	var w where
	w.add(readerVisible)
	if q.Starred {
		w.add(`ri.user_id = ? AND ri.starred = 1`, q.User.ID)
	}
	if q.Unread {
		w.add(`(a.fetched_at > ? OR ri.read = 0) AND NOT `+readerRead, h, h)
	}
	if q.Read {
		w.add(readerRead, h)
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
	query := `SELECT ` + cols + `, COALESCE(a.category_id, 0), ` + readerRead + `, COALESCE(ri.starred, 0)` +
		from + readerJoins + w.String() + order + ` LIMIT ?`
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
// narrower horizon reads (a range of articles_fetched), plus the older
// ones explicitly marked unread (a few of the account's own rows).
func (s *Store) ReaderUnreadCounts(ctx context.Context, u store.ReaderUser) ([]store.ReaderCount, error) {
	const what = "sqlite: reader unread counts"
	h, err := readerHorizon(ctx, s.r, u)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	query := `SELECT src, cat, COUNT(*), MAX(fetched) FROM (
	SELECT COALESCE(a.source_id, 0) AS src, COALESCE(a.category_id, 0) AS cat, a.fetched_at AS fetched
	FROM articles a LEFT JOIN sources s ON s.id = a.source_id
	LEFT JOIN reader_items ri ON ri.user_id = ? AND ri.article_id = a.id` + readerJoins + `
	WHERE a.fetched_at > ? AND ` + readerVisible + ` AND NOT ` + readerRead + `
	UNION ALL
	SELECT COALESCE(a.source_id, 0), COALESCE(a.category_id, 0), a.fetched_at
	FROM reader_items ri JOIN articles a ON a.id = ri.article_id LEFT JOIN sources s ON s.id = a.source_id
	WHERE ri.user_id = ? AND ri.read = 0 AND a.fetched_at <= ? AND ` + readerVisible + `
) GROUP BY src, cat ORDER BY src, cat`
	rows, err := s.r.QueryContext(ctx, query, u.ID, u.ID, u.ID, h, h, u.ID, h)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	defer rows.Close()
	var out []store.ReaderCount
	for rows.Next() {
		var c store.ReaderCount
		var newest sql.NullInt64
		if err := rows.Scan(&c.SourceID, &c.CategoryID, &c.Unread, &newest); err != nil {
			return nil, fmt.Errorf("%s: %w", what, err)
		}
		c.Newest = fromMicros(newest)
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
	err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM articles a LEFT JOIN sources s ON s.id = a.source_id WHERE `+readerVisible).Scan(&n)
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
		err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM articles a LEFT JOIN sources s ON s.id = a.source_id
			WHERE a.id IN (SELECT value FROM json_each(?)) AND `+readerVisible, list).Scan(&found)
		if err != nil {
			return err
		}
		if c.Read != nil {
			h, err := readerHorizon(ctx, tx, u)
			if err != nil {
				return err
			}
			want := 0
			if *c.Read {
				want = 1
			}
			_, err = tx.ExecContext(ctx, `INSERT INTO reader_items (user_id, article_id, read, starred)
				SELECT ?, a.id, CASE WHEN `+readerBelow+` = ? THEN NULL ELSE ? END, 0
				FROM articles a LEFT JOIN sources s ON s.id = a.source_id`+readerJoins+`
				WHERE a.id IN (SELECT value FROM json_each(?)) AND `+readerVisible+`
				ON CONFLICT (user_id, article_id) DO UPDATE SET read = excluded.read`,
				u.ID, h, want, want, u.ID, u.ID, list)
			if err != nil {
				return err
			}
		}
		if c.Starred != nil {
			_, err := tx.ExecContext(ctx, `INSERT INTO reader_items (user_id, article_id, read, starred)
				SELECT ?, a.id, NULL, ? FROM articles a LEFT JOIN sources s ON s.id = a.source_id
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
