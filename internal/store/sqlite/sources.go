package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

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

func scanSource(row interface{ Scan(...any) error }) (model.Source, error) {
	var src model.Source
	var created, interval int64
	var fetched, success, failing, next sql.NullInt64
	st := &src.State
	err := row.Scan(&src.ID, &src.FeedURL, &src.SiteURL, &src.Name, &src.Category, &created,
		&interval, &src.Extract,
		&fetched, &success, &st.LastError, &st.ErrorCount,
		&failing, &next, &st.ETag, &st.LastModified, &st.ExtractError, &src.Articles, &src.Disabled)
	if err != nil {
		return model.Source{}, err
	}
	src.Created = time.UnixMicro(created).UTC()
	src.Interval = time.Duration(interval) * time.Second
	st.LastFetchedAt = fromMicros(fetched)
	st.LastSuccessAt = fromMicros(success)
	st.FailingSince = fromMicros(failing)
	st.NextFetchAt = fromMicros(next)
	return src, nil
}

// AddSource stores src with its fetch state; Created defaults to now.
func (s *Store) AddSource(ctx context.Context, src model.Source) (model.Source, error) {
	src, err := store.PrepareSource(src, time.Now())
	if err != nil {
		return model.Source{}, fmt.Errorf("sqlite: add source: %w", err)
	}
	st := src.State
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return model.Source{}, fmt.Errorf("sqlite: add source: %w", err)
	}
	defer tx.Rollback()
	var id int64
	err = tx.QueryRowContext(ctx, `INSERT INTO sources (feed_url, site_url, name, category, created_at,
		fetch_interval, extract_mode,
		last_fetched_at, last_success_at, last_error, error_count, failing_since, etag, last_modified, extract_error)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		src.FeedURL, src.SiteURL, src.Name, src.Category, src.Created.UnixMicro(),
		int64(src.Interval/time.Second), string(src.Extract),
		micros(st.LastFetchedAt), micros(st.LastSuccessAt), st.LastError, st.ErrorCount,
		micros(st.FailingSince), st.ETag, st.LastModified, st.ExtractError).Scan(&id)
	if isUnique(err) {
		return model.Source{}, fmt.Errorf("sqlite: add source %q: %w", src.FeedURL, store.ErrDuplicate)
	}
	if err != nil {
		return model.Source{}, fmt.Errorf("sqlite: add source: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO fetch_jobs (source_id, run_at) VALUES (?, ?)`,
		id, st.NextFetchAt.UnixMicro()); err != nil {
		return model.Source{}, fmt.Errorf("sqlite: add source: schedule its fetch: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return model.Source{}, fmt.Errorf("sqlite: add source: %w", err)
	}
	return s.GetSource(ctx, id)
}

// GetSource returns one source with its article count.
func (s *Store) GetSource(ctx context.Context, id int64) (model.Source, error) {
	row := s.r.QueryRowContext(ctx, `SELECT `+sourceCols+sourceFrom+` WHERE s.id = ?`, id)
	src, err := scanSource(row)
	if err != nil {
		return model.Source{}, fmt.Errorf("sqlite: get source %d: %w", id, notFound(err))
	}
	return src, nil
}

// ListSources returns every source ordered by ID.
func (s *Store) ListSources(ctx context.Context) ([]model.Source, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+sourceCols+sourceFrom+` ORDER BY s.id`)
	if err != nil {
		return nil, fmt.Errorf("sqlite: list sources: %w", err)
	}
	defer rows.Close()
	out := []model.Source{}
	for rows.Next() {
		src, err := scanSource(rows)
		if err != nil {
			return nil, fmt.Errorf("sqlite: list sources: %w", err)
		}
		out = append(out, src)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: list sources: %w", err)
	}
	return out, nil
}

// RemoveSource deletes the source; its articles go with it through the
// ON DELETE CASCADE foreign key.
func (s *Store) RemoveSource(ctx context.Context, id int64) error {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("sqlite: remove source %d: %w", id, err)
	}
	defer tx.Rollback()
	// The stories its articles belonged to are counted again without them.
	var touched []int64
	rows, err := tx.QueryContext(ctx, `SELECT DISTINCT story_id FROM articles
		WHERE source_id = ? AND story_id IS NOT NULL`, id)
	if err != nil {
		return fmt.Errorf("sqlite: remove source %d: %w", id, err)
	}
	for rows.Next() {
		var story int64
		if err := rows.Scan(&story); err != nil {
			rows.Close()
			return fmt.Errorf("sqlite: remove source %d: %w", id, err)
		}
		touched = append(touched, story)
	}
	rows.Close()
	res, err := tx.ExecContext(ctx, `DELETE FROM sources WHERE id = ?`, id)
	if err != nil {
		return fmt.Errorf("sqlite: remove source %d: %w", id, err)
	}
	if err := affected(res, fmt.Sprintf("sqlite: remove source %d", id)); err != nil {
		return err
	}
	ptx := newPrepTx(tx)
	for _, story := range touched {
		if err := refreshStory(ctx, ptx, story, 0); err != nil {
			return err
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("sqlite: remove source %d: %w", id, err)
	}
	return nil
}

// UpdateSourceMeta sets the name and site URL, keeping the stored value
// where the new one is blank.
func (s *Store) UpdateSourceMeta(ctx context.Context, id int64, name, siteURL string) error {
	res, err := s.w.ExecContext(ctx, `UPDATE sources
		SET name = COALESCE(NULLIF(?, ''), name), site_url = COALESCE(NULLIF(?, ''), site_url)
		WHERE id = ?`, store.Clean(strings.TrimSpace(name)), store.Clean(strings.TrimSpace(siteURL)), id)
	if err != nil {
		return fmt.Errorf("sqlite: update source %d: %w", id, err)
	}
	return affected(res, fmt.Sprintf("sqlite: update source %d", id))
}

// RecordFetch overwrites the fetch state of a source and completes its
// fetch job: the next fetch is due at st.NextFetchAt, and any lease on
// the job ends.
func (s *Store) RecordFetch(ctx context.Context, id int64, st model.FetchState) error {
	st = store.CleanState(st)
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("sqlite: record fetch of source %d: %w", id, err)
	}
	defer tx.Rollback()
	res, err := tx.ExecContext(ctx, `UPDATE sources
		SET last_fetched_at = ?, last_success_at = ?, last_error = ?, error_count = ?,
		    failing_since = ?, etag = ?, last_modified = ?, extract_error = ?
		WHERE id = ?`,
		micros(st.LastFetchedAt), micros(st.LastSuccessAt), st.LastError, st.ErrorCount,
		micros(st.FailingSince), st.ETag, st.LastModified, st.ExtractError, id)
	if err != nil {
		return fmt.Errorf("sqlite: record fetch of source %d: %w", id, err)
	}
	if err := affected(res, fmt.Sprintf("sqlite: record fetch of source %d", id)); err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO fetch_jobs (source_id, run_at) VALUES (?, ?)
		ON CONFLICT (source_id) DO UPDATE
		SET run_at = excluded.run_at, attempts = 0, locked_by = '', locked_until = NULL`,
		id, st.NextFetchAt.UnixMicro())
	if err != nil {
		return fmt.Errorf("sqlite: record fetch of source %d: schedule the next: %w", id, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("sqlite: record fetch of source %d: %w", id, err)
	}
	return nil
}

// SetSourceOptions sets how often a source is fetched and when its
// articles are extracted.
func (s *Store) SetSourceOptions(ctx context.Context, id int64, interval time.Duration, mode model.ExtractMode) error {
	if err := store.CheckSourceOptions(interval, mode); err != nil {
		return fmt.Errorf("sqlite: set options of source %d: %w", id, err)
	}
	res, err := s.w.ExecContext(ctx, `UPDATE sources SET fetch_interval = ?, extract_mode = ? WHERE id = ?`,
		int64(interval/time.Second), string(store.ModeOrAuto(mode)), id)
	if err != nil {
		return fmt.Errorf("sqlite: set options of source %d: %w", id, err)
	}
	return affected(res, fmt.Sprintf("sqlite: set options of source %d", id))
}

// affected turns "no row changed" into ErrNotFound.
func affected(res sql.Result, what string) error {
	n, err := res.RowsAffected()
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	if n == 0 {
		return fmt.Errorf("%s: %w", what, store.ErrNotFound)
	}
	return nil
}
