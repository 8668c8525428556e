package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

// ArticleByFormerSlug returns the visible article that once had slug,
// with its content.
func (s *Store) ArticleByFormerSlug(ctx context.Context, slug string) (model.Article, error) {
	if !store.Findable(slug) {
		return model.Article{}, fmt.Errorf("postgres: article by former slug %q: %w", slug, store.ErrNotFound)
	}
	row := s.pool.QueryRow(ctx, `SELECT `+fullCols+originalCols+articleFrom+`
		WHERE a.id = (SELECT article_id FROM slug_history WHERE old_slug = $1) AND NOT a.hidden`, slug)
	var o originalFields
	a, err := scanArticle(row, true, o.dest()...)
	o.apply(&a)
	if err != nil {
		return model.Article{}, fmt.Errorf("postgres: article by former slug %q: %w", slug, notFound(err))
	}
	return a, nil
}

// publicSlug returns the slug of the public article id, "" when there
// is no such row.
func publicSlug(ctx context.Context, tx pgx.Tx, id int64) (string, error) {
	if id == 0 {
		return "", nil
	}
	var slug string
	err := tx.QueryRow(ctx, `SELECT slug FROM articles WHERE id = $1`, id).Scan(&slug)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", nil
	}
	return slug, err
}

// recordSlugChange keeps old as a former slug of article id, which now
// answers at slug. A former slug equal to the live one is dropped: the
// live slug is looked up first, and an article moving back to an old
// address must not redirect to itself.
func recordSlugChange(ctx context.Context, tx pgx.Tx, id int64, old, slug string, now time.Time) error {
	if old == "" || old == slug {
		return nil
	}
	if _, err := tx.Exec(ctx, `DELETE FROM slug_history WHERE old_slug = $1`, slug); err != nil {
		return fmt.Errorf("slug history: %w", err)
	}
	// The old slug was this article's live one, so it is this article's
	// to keep whatever a stale row says.
	_, err := tx.Exec(ctx, `INSERT INTO slug_history (old_slug, article_id, changed_at) VALUES ($1, $2, $3)
		ON CONFLICT (old_slug) DO UPDATE SET article_id = EXCLUDED.article_id, changed_at = EXCLUDED.changed_at`,
		old, id, now)
	if err != nil {
		return fmt.Errorf("slug history: %w", err)
	}
	return nil
}

var _ store.SlugHistoryStore = (*Store)(nil)
