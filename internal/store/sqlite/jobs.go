package sqlite

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/newsdesk/newsdesk/internal/store"
)

// maxParams bounds the IDs bound in one statement, well under SQLite's
// limit on parameters.
const maxParams = 500

// ClaimFetches leases up to limit due fetch jobs to owner, the longest
// due first. A job is due when its time has come and nobody holds a
// live lease on it; an expired lease is a worker that died mid-fetch.
func (s *Store) ClaimFetches(ctx context.Context, owner string, now time.Time, lease time.Duration, limit int) ([]store.FetchJob, error) {
	if limit <= 0 {
		return nil, nil
	}
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("sqlite: claim fetches: %w", err)
	}
	defer tx.Rollback()
	rows, err := tx.QueryContext(ctx, `UPDATE fetch_jobs
		SET locked_by = ?, locked_until = ?, attempts = attempts + 1
		WHERE source_id IN (
			SELECT source_id FROM fetch_jobs
			WHERE run_at <= ? AND (locked_until IS NULL OR locked_until < ?)
				AND source_id NOT IN (SELECT id FROM sources WHERE disabled = 1)
			ORDER BY run_at, source_id LIMIT ?)
		RETURNING source_id, attempts`,
		owner, now.Add(lease).UnixMicro(), now.UnixMicro(), now.UnixMicro(), limit)
	if err != nil {
		return nil, fmt.Errorf("sqlite: claim fetches: %w", err)
	}
	attempts := map[int64]int{}
	var ids []any
	for rows.Next() {
		var id int64
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			rows.Close()
			return nil, fmt.Errorf("sqlite: claim fetches: %w", err)
		}
		attempts[id] = n
		ids = append(ids, id)
	}
	if err := rows.Close(); err != nil {
		return nil, fmt.Errorf("sqlite: claim fetches: %w", err)
	}
	if len(ids) == 0 {
		return nil, nil
	}
	rows, err = tx.QueryContext(ctx, `SELECT `+sourceCols+sourceFrom+
		` WHERE s.id IN (`+placeholders(len(ids))+`) ORDER BY j.run_at, s.id`, ids...)
	if err != nil {
		return nil, fmt.Errorf("sqlite: claim fetches: %w", err)
	}
	defer rows.Close()
	var jobs []store.FetchJob
	for rows.Next() {
		src, err := scanSource(rows)
		if err != nil {
			return nil, fmt.Errorf("sqlite: claim fetches: %w", err)
		}
		jobs = append(jobs, store.FetchJob{Source: src, Attempts: attempts[src.ID]})
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: claim fetches: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return nil, fmt.Errorf("sqlite: claim fetches: %w", err)
	}
	return jobs, nil
}

// ExtendLeases moves the end of owner's leases on ids to until. Leases
// owner no longer holds are left alone.
func (s *Store) ExtendLeases(ctx context.Context, owner string, ids []int64, until time.Time) error {
	for chunk := range slices.Chunk(ids, maxParams) {
		args := []any{until.UnixMicro(), owner}
		for _, id := range chunk {
			args = append(args, id)
		}
		_, err := s.w.ExecContext(ctx, `UPDATE fetch_jobs SET locked_until = ?
			WHERE locked_by = ? AND source_id IN (`+placeholders(len(chunk))+`)`, args...)
		if err != nil {
			return fmt.Errorf("sqlite: extend leases: %w", err)
		}
	}
	return nil
}

// ReleaseFetches ends owner's leases on ids without recording an
// outcome: the fetches stay due as they were, and the claim that was
// given up does not count as an attempt.
func (s *Store) ReleaseFetches(ctx context.Context, owner string, ids []int64) error {
	for chunk := range slices.Chunk(ids, maxParams) {
		args := []any{owner}
		for _, id := range chunk {
			args = append(args, id)
		}
		_, err := s.w.ExecContext(ctx, `UPDATE fetch_jobs
			SET locked_by = '', locked_until = NULL, attempts = MAX(attempts - 1, 0)
			WHERE locked_by = ? AND source_id IN (`+placeholders(len(chunk))+`)`, args...)
		if err != nil {
			return fmt.Errorf("sqlite: release fetches: %w", err)
		}
	}
	return nil
}
