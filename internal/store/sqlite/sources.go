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
	s.last_fetched_at, s.last_success_at, s.last_error, s.error_count,
	s.failing_since, s.next_fetch_at, s.etag, s.last_modified,
	(SELECT COUNT(*) FROM articles a WHERE a.source_id = s.id)`

func scanSource(row interface{ Scan(...any) error }) (model.Source, error) {
	var src model.Source
	var created int64
	var fetched, success, failing, next sql.NullInt64
	st := &src.State
	err := row.Scan(&src.ID, &src.FeedURL, &src.SiteURL, &src.Name, &src.Category, &created,
		&fetched, &success, &st.LastError, &st.ErrorCount,
		&failing, &next, &st.ETag, &st.LastModified, &src.Articles)
	if err != nil {
		return model.Source{}, err
	}
	src.Created = time.UnixMicro(created).UTC()
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
	var id int64
	err = s.w.QueryRowContext(ctx, `INSERT INTO sources (feed_url, site_url, name, category, created_at,
		last_fetched_at, last_success_at, last_error, error_count, failing_since, next_fetch_at, etag, last_modified)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		src.FeedURL, src.SiteURL, src.Name, src.Category, src.Created.UnixMicro(),
		micros(st.LastFetchedAt), micros(st.LastSuccessAt), st.LastError, st.ErrorCount,
		micros(st.FailingSince), micros(st.NextFetchAt), st.ETag, st.LastModified).Scan(&id)
	if isUnique(err) {
		return model.Source{}, fmt.Errorf("sqlite: add source %q: %w", src.FeedURL, store.ErrDuplicate)
	}
	if err != nil {
		return model.Source{}, fmt.Errorf("sqlite: add source: %w", err)
	}
	return s.GetSource(ctx, id)
}

// GetSource returns one source with its article count.
func (s *Store) GetSource(ctx context.Context, id int64) (model.Source, error) {
	row := s.r.QueryRowContext(ctx, `SELECT `+sourceCols+` FROM sources s WHERE s.id = ?`, id)
	src, err := scanSource(row)
	if err != nil {
		return model.Source{}, fmt.Errorf("sqlite: get source %d: %w", id, notFound(err))
	}
	return src, nil
}

// ListSources returns every source ordered by ID.
func (s *Store) ListSources(ctx context.Context) ([]model.Source, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+sourceCols+` FROM sources s ORDER BY s.id`)
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
	res, err := s.w.ExecContext(ctx, `DELETE FROM sources WHERE id = ?`, id)
	if err != nil {
		return fmt.Errorf("sqlite: remove source %d: %w", id, err)
	}
	return affected(res, fmt.Sprintf("sqlite: remove source %d", id))
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

// RecordFetch overwrites the fetch state of a source.
func (s *Store) RecordFetch(ctx context.Context, id int64, st model.FetchState) error {
	st = store.CleanState(st)
	res, err := s.w.ExecContext(ctx, `UPDATE sources
		SET last_fetched_at = ?, last_success_at = ?, last_error = ?, error_count = ?,
		    failing_since = ?, next_fetch_at = ?, etag = ?, last_modified = ?
		WHERE id = ?`,
		micros(st.LastFetchedAt), micros(st.LastSuccessAt), st.LastError, st.ErrorCount,
		micros(st.FailingSince), micros(st.NextFetchAt), st.ETag, st.LastModified, id)
	if err != nil {
		return fmt.Errorf("sqlite: record fetch of source %d: %w", id, err)
	}
	return affected(res, fmt.Sprintf("sqlite: record fetch of source %d", id))
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
