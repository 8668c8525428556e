package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/newsdesk/newsdesk/internal/store"
)

// Changes returns the change log's rows after seq after (see
// store.ChangeStore).
func (s *Store) Changes(ctx context.Context, after int64, limit int) ([]store.Change, error) {
	if limit <= 0 {
		limit = 1000
	}
	rows, err := s.r.QueryContext(ctx, `SELECT seq, kind, ref_id, story_id, category, at
		FROM change_log WHERE seq > ? ORDER BY seq LIMIT ?`, after, limit)
	if err != nil {
		return nil, fmt.Errorf("sqlite: changes: %w", err)
	}
	defer rows.Close()
	var out []store.Change
	for rows.Next() {
		var c store.Change
		var at sql.NullInt64
		if err := rows.Scan(&c.Seq, &c.Kind, &c.Ref, &c.Story, &c.Category, &at); err != nil {
			return nil, fmt.Errorf("sqlite: changes: %w", err)
		}
		c.At = fromMicros(at)
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: changes: %w", err)
	}
	return out, nil
}

// ChangeBounds returns the oldest and newest sequence numbers kept.
func (s *Store) ChangeBounds(ctx context.Context) (oldest, newest int64, err error) {
	err = s.r.QueryRowContext(ctx, `SELECT COALESCE(MIN(seq), 0), COALESCE(MAX(seq), 0) FROM change_log`).
		Scan(&oldest, &newest)
	if err != nil {
		return 0, 0, fmt.Errorf("sqlite: change bounds: %w", err)
	}
	return oldest, newest, nil
}

// PruneChanges deletes changes written before t but the newest.
func (s *Store) PruneChanges(ctx context.Context, before time.Time) (int64, error) {
	res, err := s.w.ExecContext(ctx, `DELETE FROM change_log WHERE at < ?
		AND seq < (SELECT MAX(seq) FROM change_log)`, micros(before))
	if err != nil {
		return 0, fmt.Errorf("sqlite: prune changes: %w", err)
	}
	n, _ := res.RowsAffected()
	return n, nil
}
