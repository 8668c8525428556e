package postgres

import (
	"context"
	"fmt"
	"maps"
	"slices"

	"github.com/jackc/pgx/v5"

	"github.com/newsdesk/newsdesk/internal/store"
)

// Settings returns every setting stored, by key.
func (s *Store) Settings(ctx context.Context) (map[string]string, error) {
	rows, err := s.pool.Query(ctx, `SELECT key, value FROM settings`)
	if err != nil {
		return nil, fmt.Errorf("postgres: settings: %w", err)
	}
	out := map[string]string{}
	var k, v string
	if _, err := pgx.ForEachRow(rows, []any{&k, &v}, func() error {
		out[k] = v
		return nil
	}); err != nil {
		return nil, fmt.Errorf("postgres: settings: %w", err)
	}
	return out, nil
}

// SetSettings writes every key of kv, replacing stored values, in one
// transaction: either all of them are written or none.
func (s *Store) SetSettings(ctx context.Context, kv map[string]string) error {
	if err := store.CheckSettings(kv); err != nil {
		return fmt.Errorf("postgres: set settings: %w", err)
	}
	if len(kv) == 0 {
		return nil
	}
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		// Keys in order, so concurrent writers lock rows in one order.
		for _, k := range slices.Sorted(maps.Keys(kv)) {
			_, err := tx.Exec(ctx, `INSERT INTO settings (key, value) VALUES ($1, $2)
				ON CONFLICT (key) DO UPDATE SET value = excluded.value`, k, kv[k])
			if err != nil {
				return fmt.Errorf("%q: %w", k, err)
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("postgres: set settings: %w", err)
	}
	return nil
}

// InitSetting stores value under key unless the key is set, and returns
// the stored value. The no-op update locks and returns the row that won.
func (s *Store) InitSetting(ctx context.Context, key, value string) (string, error) {
	if err := store.CheckSettings(map[string]string{key: value}); err != nil {
		return "", fmt.Errorf("postgres: init setting: %w", err)
	}
	var stored string
	err := s.pool.QueryRow(ctx, `INSERT INTO settings (key, value) VALUES ($1, $2)
		ON CONFLICT (key) DO UPDATE SET value = settings.value RETURNING value`, key, value).Scan(&stored)
	if err != nil {
		return "", fmt.Errorf("postgres: init setting %q: %w", key, err)
	}
	return stored, nil
}
