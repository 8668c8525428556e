package sqlite

import (
	"context"
	"fmt"
	"maps"
	"slices"

	"github.com/newsdesk/newsdesk/internal/store"
)

// Settings returns every setting stored, by key.
func (s *Store) Settings(ctx context.Context) (map[string]string, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT key, value FROM settings`)
	if err != nil {
		return nil, fmt.Errorf("sqlite: settings: %w", err)
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var k, v string
		if err := rows.Scan(&k, &v); err != nil {
			return nil, fmt.Errorf("sqlite: settings: %w", err)
		}
		out[k] = v
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: settings: %w", err)
	}
	return out, nil
}

// SetSettings writes every key of kv, replacing stored values, in one
// transaction: either all of them are written or none.
func (s *Store) SetSettings(ctx context.Context, kv map[string]string) error {
	if err := store.CheckSettings(kv); err != nil {
		return fmt.Errorf("sqlite: set settings: %w", err)
	}
	if len(kv) == 0 {
		return nil
	}
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("sqlite: set settings: %w", err)
	}
	defer tx.Rollback()
	for _, k := range slices.Sorted(maps.Keys(kv)) {
		_, err := tx.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES (?, ?)
			ON CONFLICT (key) DO UPDATE SET value = excluded.value`, k, kv[k])
		if err != nil {
			return fmt.Errorf("sqlite: set setting %q: %w", k, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("sqlite: set settings: %w", err)
	}
	return nil
}

// InitSetting stores value under key unless the key is set, and returns
// the stored value.
func (s *Store) InitSetting(ctx context.Context, key, value string) (string, error) {
	if err := store.CheckSettings(map[string]string{key: value}); err != nil {
		return "", fmt.Errorf("sqlite: init setting: %w", err)
	}
	var stored string
	err := s.w.QueryRowContext(ctx, `INSERT INTO settings (key, value) VALUES (?, ?)
		ON CONFLICT (key) DO UPDATE SET value = value RETURNING value`, key, value).Scan(&stored)
	if err != nil {
		return "", fmt.Errorf("sqlite: init setting %q: %w", key, err)
	}
	return stored, nil
}
