package postgres

import (
	"context"
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
	rows, err := s.pool.Query(ctx, `SELECT seq, kind, ref_id, story_id, category, at
		FROM change_log WHERE seq > $1 ORDER BY seq LIMIT $2`, after, limit)
	if err != nil {
		return nil, fmt.Errorf("postgres: changes: %w", err)
	}
	defer rows.Close()
	var out []store.Change
	for rows.Next() {
		var c store.Change
		var kind string
		if err := rows.Scan(&c.Seq, &kind, &c.Ref, &c.Story, &c.Category, &c.At); err != nil {
			return nil, fmt.Errorf("postgres: changes: %w", err)
		}
		c.Kind, c.At = store.ChangeKind(kind), c.At.UTC()
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("postgres: changes: %w", err)
	}
	return out, nil
}

// ChangeBounds returns the oldest and newest sequence numbers kept.
func (s *Store) ChangeBounds(ctx context.Context) (oldest, newest int64, err error) {
	err = s.pool.QueryRow(ctx, `SELECT COALESCE(MIN(seq), 0), COALESCE(MAX(seq), 0) FROM change_log`).
		Scan(&oldest, &newest)
	if err != nil {
		return 0, 0, fmt.Errorf("postgres: change bounds: %w", err)
	}
	return oldest, newest, nil
}

// PruneChanges deletes changes written before t but the newest.
func (s *Store) PruneChanges(ctx context.Context, before time.Time) (int64, error) {
	tag, err := s.pool.Exec(ctx, `DELETE FROM change_log WHERE at < $1
		AND seq < (SELECT MAX(seq) FROM change_log)`, before)
	if err != nil {
		return 0, fmt.Errorf("postgres: prune changes: %w", err)
	}
	return tag.RowsAffected(), nil
}
