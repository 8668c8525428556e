package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

// exists1 turns an UPDATE that matched no row into ErrNotFound.
func exists1(tag pgconn.CommandTag, err error) error {
	if err != nil {
		return err
	}
	if tag.RowsAffected() == 0 {
		return store.ErrNotFound
	}
	return nil
}

// SetArticleHidden hides an article or shows it again. Searches filter
// hidden rows out, so the index stays as it is; the story is recomputed
// without the article.
func (s *Store) SetArticleHidden(ctx context.Context, id int64, hidden bool) error {
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error { return setHidden(ctx, tx, id, hidden) })
	if err != nil {
		return fmt.Errorf("postgres: hide article %d: %w", id, err)
	}
	return nil
}

// setHidden hides or shows article id inside tx and recomputes its
// story; the desk hides an unpublished original through it too.
func setHidden(ctx context.Context, tx pgx.Tx, id int64, hidden bool) error {
	var story *int64
	err := tx.QueryRow(ctx, `UPDATE articles SET hidden = $2 WHERE id = $1 RETURNING story_id`, id, hidden).Scan(&story)
	if err != nil {
		return notFound(err)
	}
	if story != nil {
		return refreshStory(ctx, tx, *story, 0)
	}
	return nil
}

// SetArticleFeatured features or unfeatures an article.
func (s *Store) SetArticleFeatured(ctx context.Context, id int64, featured bool, at time.Time) error {
	var err error
	if featured {
		err = exists1(s.pool.Exec(ctx, `UPDATE articles SET featured_at = COALESCE(featured_at, $2) WHERE id = $1`,
			id, at.UTC()))
	} else {
		err = exists1(s.pool.Exec(ctx, `UPDATE articles SET featured_at = NULL WHERE id = $1`, id))
	}
	if err != nil {
		return fmt.Errorf("postgres: feature article %d: %w", id, err)
	}
	return nil
}

// FeaturedArticles returns the visible featured articles, latest first.
func (s *Store) FeaturedArticles(ctx context.Context, limit int) ([]model.Article, error) {
	items, err := s.queryArticles(ctx, `SELECT `+listCols+articleFrom+
		` WHERE a.featured_at IS NOT NULL AND NOT a.hidden ORDER BY a.featured_at DESC, a.id DESC LIMIT $1`,
		store.ClampLimit(limit))
	if err != nil {
		return nil, fmt.Errorf("postgres: featured articles: %w", err)
	}
	return items, nil
}

// HiddenArticles returns a page of hidden articles, newest first.
func (s *Store) HiddenArticles(ctx context.Context, f store.ArticleFilter) ([]model.Article, string, error) {
	return s.listArticles(ctx, f, true)
}

// SetArticleCategory files an article under a category and recomputes
// its story's.
func (s *Store) SetArticleCategory(ctx context.Context, id int64, name string) (model.Category, error) {
	name, slug, err := store.CategoryName(name)
	if err != nil {
		return model.Category{}, fmt.Errorf("postgres: file article %d: %w", id, err)
	}
	var cat model.Category
	err = pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if slug != "" {
			// The no-op update returns the row when it exists already.
			err := tx.QueryRow(ctx, `INSERT INTO categories (name, slug) VALUES ($1, $2)
				ON CONFLICT (slug) DO UPDATE SET slug = excluded.slug RETURNING id, name, slug`, name, slug).
				Scan(&cat.ID, &cat.Name, &cat.Slug)
			if err != nil {
				return err
			}
		}
		var story *int64
		err := tx.QueryRow(ctx, `UPDATE articles SET category_id = $2 WHERE id = $1 RETURNING story_id`,
			id, nullID(cat.ID)).Scan(&story)
		if err != nil {
			return notFound(err)
		}
		if story != nil {
			return refreshStory(ctx, tx, *story, 0)
		}
		return nil
	})
	if err != nil {
		return model.Category{}, fmt.Errorf("postgres: file article %d: %w", id, err)
	}
	return cat, nil
}

// SetStoryHidden hides a story or shows it again.
func (s *Store) SetStoryHidden(ctx context.Context, id int64, hidden bool) error {
	if err := exists1(s.pool.Exec(ctx, `UPDATE stories SET hidden = $2 WHERE id = $1`, id, hidden)); err != nil {
		return fmt.Errorf("postgres: hide story %d: %w", id, err)
	}
	return nil
}

// PinStory pins a story after the pinned ones.
func (s *Store) PinStory(ctx context.Context, id int64, at time.Time) error {
	err := exists1(s.pool.Exec(ctx, `UPDATE stories SET pinned_at = COALESCE(pinned_at,
		GREATEST($2, (SELECT MAX(pinned_at) + interval '1 microsecond' FROM stories))) WHERE id = $1`, id, at.UTC()))
	if err != nil {
		return fmt.Errorf("postgres: pin story %d: %w", id, err)
	}
	return nil
}

// UnpinStory unpins a story.
func (s *Store) UnpinStory(ctx context.Context, id int64) error {
	if err := exists1(s.pool.Exec(ctx, `UPDATE stories SET pinned_at = NULL WHERE id = $1`, id)); err != nil {
		return fmt.Errorf("postgres: unpin story %d: %w", id, err)
	}
	return nil
}

// reorderLock serializes reorderings, which read the pins then rewrite
// them.
const reorderLock = 0x6e6473_10

// ReorderPins rewrites the pin times from the earliest on, one
// microsecond apart, in the order asked for.
func (s *Store) ReorderPins(ctx context.Context, ids []int64) error {
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(reorderLock)); err != nil {
			return err
		}
		rows, err := tx.Query(ctx, `SELECT id, pinned_at FROM stories WHERE pinned_at IS NOT NULL ORDER BY pinned_at, id`)
		if err != nil {
			return err
		}
		var pinned []int64
		var base time.Time
		var id int64
		var at time.Time
		_, err = pgx.ForEachRow(rows, []any{&id, &at}, func() error {
			if len(pinned) == 0 {
				base = at
			}
			pinned = append(pinned, id)
			return nil
		})
		if err != nil {
			return err
		}
		for i, id := range store.PinOrder(pinned, ids) {
			if _, err := tx.Exec(ctx, `UPDATE stories SET pinned_at = $2 WHERE id = $1`,
				id, base.Add(time.Duration(i)*time.Microsecond)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("postgres: reorder pinned stories: %w", err)
	}
	return nil
}

// PinnedStories returns the visible pinned stories in pin order.
func (s *Store) PinnedStories(ctx context.Context) ([]model.Story, error) {
	items, err := s.queryStories(ctx, `SELECT `+storyCols+storyFrom+` WHERE st.pinned_at IS NOT NULL
		AND NOT st.hidden AND st.merged_into IS NULL AND st.articles > 0 ORDER BY st.pinned_at, st.id`)
	if err != nil {
		return nil, fmt.Errorf("postgres: pinned stories: %w", err)
	}
	return items, nil
}

// HiddenStories returns hidden stories, most recently updated first.
func (s *Store) HiddenStories(ctx context.Context, limit int) ([]model.Story, error) {
	items, err := s.queryStories(ctx, `SELECT `+storyCols+storyFrom+` WHERE st.hidden
		ORDER BY st.last_published DESC NULLS LAST, st.id DESC LIMIT $1`, store.ClampLimit(limit))
	if err != nil {
		return nil, fmt.Errorf("postgres: hidden stories: %w", err)
	}
	return items, nil
}

func (s *Store) queryStories(ctx context.Context, q string, args ...any) ([]model.Story, error) {
	rows, err := s.pool.Query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (model.Story, error) { return scanStory(r) })
	if out == nil && err == nil {
		out = []model.Story{}
	}
	return out, err
}

// SetSourceDisabled disables a source or enables it, due at once.
func (s *Store) SetSourceDisabled(ctx context.Context, id int64, disabled bool, now time.Time) error {
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if err := exists1(tx.Exec(ctx, `UPDATE sources SET disabled = $2 WHERE id = $1`, id, disabled)); err != nil {
			return err
		}
		if disabled {
			return nil
		}
		_, err := tx.Exec(ctx, `UPDATE fetch_jobs SET run_at = LEAST(run_at, $2) WHERE source_id = $1`, id, now.UTC())
		return err
	})
	if err != nil {
		return fmt.Errorf("postgres: disable source %d: %w", id, err)
	}
	return nil
}

// SetSourceCategory sets the category a source's new articles are filed
// under.
func (s *Store) SetSourceCategory(ctx context.Context, id int64, category string) error {
	name, _, err := store.CategoryName(category)
	if err == nil {
		err = exists1(s.pool.Exec(ctx, `UPDATE sources SET category = $2 WHERE id = $1`, id, name))
	}
	if err != nil {
		return fmt.Errorf("postgres: set category of source %d: %w", id, err)
	}
	return nil
}
