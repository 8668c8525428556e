package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/newsdesk/newsdesk/internal/store"
)

// ClaimFetches leases up to limit due fetch jobs to owner, the longest
// due first. SKIP LOCKED lets several workers, in several processes,
// claim at once without waiting on each other or taking the same job.
func (s *Store) ClaimFetches(ctx context.Context, owner string, now time.Time, lease time.Duration, limit int) ([]store.FetchJob, error) {
	if limit <= 0 {
		return nil, nil
	}
	var jobs []store.FetchJob
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `UPDATE fetch_jobs
			SET locked_by = $1, locked_until = $2, attempts = attempts + 1
			WHERE source_id IN (
				SELECT source_id FROM fetch_jobs
				WHERE run_at <= $3 AND (locked_until IS NULL OR locked_until < $3)
					AND source_id NOT IN (SELECT id FROM sources WHERE disabled)
				ORDER BY run_at, source_id LIMIT $4
				FOR UPDATE SKIP LOCKED)
			RETURNING source_id, attempts`,
			owner, now.Add(lease).UTC(), now.UTC(), limit)
		if err != nil {
			return err
		}
		attempts := map[int64]int{}
		var ids []int64
		var id int64
		var n int
		_, err = pgx.ForEachRow(rows, []any{&id, &n}, func() error {
			attempts[id] = n
			ids = append(ids, id)
			return nil
		})
		if err != nil || len(ids) == 0 {
			return err
		}
		rows, err = tx.Query(ctx, `SELECT `+sourceCols+sourceFrom+
			` WHERE s.id = ANY($1) ORDER BY j.run_at, s.id`, ids)
		if err != nil {
			return err
		}
		srcs, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (store.FetchJob, error) {
			src, err := scanSource(r)
			return store.FetchJob{Source: src, Attempts: attempts[src.ID]}, err
		})
		jobs = srcs
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: claim fetches: %w", err)
	}
	return jobs, nil
}

// ExtendLeases moves the end of owner's leases on ids to until. Leases
// owner no longer holds are left alone.
func (s *Store) ExtendLeases(ctx context.Context, owner string, ids []int64, until time.Time) error {
	if len(ids) == 0 {
		return nil
	}
	_, err := s.pool.Exec(ctx, `UPDATE fetch_jobs SET locked_until = $1
		WHERE locked_by = $2 AND source_id = ANY($3)`, until.UTC(), owner, ids)
	if err != nil {
		return fmt.Errorf("postgres: extend leases: %w", err)
	}
	return nil
}

// ReleaseFetches ends owner's leases on ids without recording an
// outcome: the fetches stay due as they were, and the claim that was
// given up does not count as an attempt.
func (s *Store) ReleaseFetches(ctx context.Context, owner string, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	_, err := s.pool.Exec(ctx, `UPDATE fetch_jobs
		SET locked_by = '', locked_until = NULL, attempts = GREATEST(attempts - 1, 0)
		WHERE locked_by = $1 AND source_id = ANY($2)`, owner, ids)
	if err != nil {
		return fmt.Errorf("postgres: release fetches: %w", err)
	}
	return nil
}
