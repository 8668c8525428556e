package postgres

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

// sourceCols lists what scanSource reads, the article count last.
const sourceCols = `s.id, s.feed_url, s.site_url, s.name, s.category, s.created_at,
	s.fetch_interval, s.extract_mode,
	s.last_fetched_at, s.last_success_at, s.last_error, s.error_count,
	s.failing_since, j.run_at, s.etag, s.last_modified, s.extract_error,
	(SELECT COUNT(*) FROM articles a WHERE a.source_id = s.id), s.disabled`

// sourceFrom joins each source to its fetch job, which holds the time of
// its next fetch.
const sourceFrom = ` FROM sources s LEFT JOIN fetch_jobs j ON j.source_id = s.id`

func scanSource(row pgx.Row) (model.Source, error) {
	var src model.Source
	var created time.Time
	var fetched, success, failing, next *time.Time
	var count, interval int64
	st := &src.State
	err := row.Scan(&src.ID, &src.FeedURL, &src.SiteURL, &src.Name, &src.Category, &created,
		&interval, &src.Extract,
		&fetched, &success, &st.LastError, &st.ErrorCount,
		&failing, &next, &st.ETag, &st.LastModified, &st.ExtractError, &count, &src.Disabled)
	if err != nil {
		return model.Source{}, err
	}
	src.Created = created.UTC()
	src.Interval = time.Duration(interval) * time.Second
	src.Articles = int(count)
	st.LastFetchedAt = fromTS(fetched)
	st.LastSuccessAt = fromTS(success)
	st.FailingSince = fromTS(failing)
	st.NextFetchAt = fromTS(next)
	return src, nil
}

// AddSource stores src with its fetch state; Created defaults to now.
func (s *Store) AddSource(ctx context.Context, src model.Source) (model.Source, error) {
	src, err := store.PrepareSource(src, time.Now())
	if err != nil {
		return model.Source{}, fmt.Errorf("postgres: add source: %w", err)
	}
	st := src.State
	var id int64
	err = pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		err := tx.QueryRow(ctx, `INSERT INTO sources (feed_url, site_url, name, category, created_at,
			fetch_interval, extract_mode,
			last_fetched_at, last_success_at, last_error, error_count, failing_since, etag, last_modified, extract_error)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id`,
			src.FeedURL, src.SiteURL, src.Name, src.Category, src.Created.UTC(),
			int64(src.Interval/time.Second), string(src.Extract),
			ts(st.LastFetchedAt), ts(st.LastSuccessAt), st.LastError, st.ErrorCount,
			ts(st.FailingSince), st.ETag, st.LastModified, st.ExtractError).Scan(&id)
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO fetch_jobs (source_id, run_at) VALUES ($1, $2)`,
			id, st.NextFetchAt.UTC()); err != nil {
			return fmt.Errorf("schedule its fetch: %w", err)
		}
		return nil
	})
	if isUnique(err) {
		return model.Source{}, fmt.Errorf("postgres: add source %q: %w", src.FeedURL, store.ErrDuplicate)
	}
	if err != nil {
		return model.Source{}, fmt.Errorf("postgres: add source: %w", err)
	}
	return s.GetSource(ctx, id)
}

// GetSource returns one source with its article count.
func (s *Store) GetSource(ctx context.Context, id int64) (model.Source, error) {
	row := s.pool.QueryRow(ctx, `SELECT `+sourceCols+sourceFrom+` WHERE s.id = $1`, id)
	src, err := scanSource(row)
	if err != nil {
		return model.Source{}, fmt.Errorf("postgres: get source %d: %w", id, notFound(err))
	}
	return src, nil
}

// ListSources returns every source ordered by ID.
func (s *Store) ListSources(ctx context.Context) ([]model.Source, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+sourceCols+sourceFrom+` ORDER BY s.id`)
	if err != nil {
		return nil, fmt.Errorf("postgres: list sources: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (model.Source, error) { return scanSource(r) })
	if err != nil {
		return nil, fmt.Errorf("postgres: list sources: %w", err)
	}
	return out, nil
}

// RemoveSource deletes the source; its articles go with it through the
// ON DELETE CASCADE foreign key.
func (s *Store) RemoveSource(ctx context.Context, id int64) error {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("postgres: remove source %d: %w", id, err)
	}
	defer tx.Rollback(ctx)
	// The stories its articles belonged to are counted again without them.
	rows, err := tx.Query(ctx, `SELECT DISTINCT story_id FROM articles
		WHERE source_id = $1 AND story_id IS NOT NULL`, id)
	if err != nil {
		return fmt.Errorf("postgres: remove source %d: %w", id, err)
	}
	touched, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return fmt.Errorf("postgres: remove source %d: %w", id, err)
	}
	tag, err := tx.Exec(ctx, `DELETE FROM sources WHERE id = $1`, id)
	if err := changed(tag, err, fmt.Sprintf("postgres: remove source %d", id)); err != nil {
		return err
	}
	for _, story := range touched {
		if err := refreshStory(ctx, tx, story, 0); err != nil {
			return err
		}
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("postgres: remove source %d: %w", id, err)
	}
	return nil
}

// UpdateSourceMeta sets the name and site URL, keeping the stored value
// where the new one is blank.
func (s *Store) UpdateSourceMeta(ctx context.Context, id int64, name, siteURL string) error {
	tag, err := s.pool.Exec(ctx, `UPDATE sources
		SET name = COALESCE(NULLIF($2, ''), name), site_url = COALESCE(NULLIF($3, ''), site_url)
		WHERE id = $1`, id, store.Clean(strings.TrimSpace(name)), store.Clean(strings.TrimSpace(siteURL)))
	return changed(tag, err, fmt.Sprintf("postgres: update source %d", id))
}

// RecordFetch overwrites the fetch state of a source and completes its
// fetch job: the next fetch is due at st.NextFetchAt, and any lease on
// the job ends.
func (s *Store) RecordFetch(ctx context.Context, id int64, st model.FetchState) error {
	st = store.CleanState(st)
	what := fmt.Sprintf("postgres: record fetch of source %d", id)
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE sources
			SET last_fetched_at = $2, last_success_at = $3, last_error = $4, error_count = $5,
			    failing_since = $6, etag = $7, last_modified = $8, extract_error = $9
			WHERE id = $1`, id,
			ts(st.LastFetchedAt), ts(st.LastSuccessAt), st.LastError, st.ErrorCount,
			ts(st.FailingSince), st.ETag, st.LastModified, st.ExtractError)
		if err := changed(tag, err, what); err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `INSERT INTO fetch_jobs (source_id, run_at) VALUES ($1, $2)
			ON CONFLICT (source_id) DO UPDATE
			SET run_at = excluded.run_at, attempts = 0, locked_by = '', locked_until = NULL`,
			id, st.NextFetchAt.UTC())
		if err != nil {
			return fmt.Errorf("%s: schedule the next: %w", what, err)
		}
		return nil
	})
}

// SetSourceOptions sets how often a source is fetched and when its
// articles are extracted.
func (s *Store) SetSourceOptions(ctx context.Context, id int64, interval time.Duration, mode model.ExtractMode) error {
	what := fmt.Sprintf("postgres: set options of source %d", id)
	if err := store.CheckSourceOptions(interval, mode); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	tag, err := s.pool.Exec(ctx, `UPDATE sources SET fetch_interval = $2, extract_mode = $3 WHERE id = $1`,
		id, int64(interval/time.Second), string(store.ModeOrAuto(mode)))
	return changed(tag, err, what)
}

// changed wraps err, and turns "no row changed" into ErrNotFound.
func changed(tag pgconn.CommandTag, err error, what string) error {
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("%s: %w", what, store.ErrNotFound)
	}
	return nil
}
