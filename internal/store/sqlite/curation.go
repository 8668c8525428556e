package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

// indexedRow is what the search index holds of one article.
type indexedRow struct {
	story, cat, src sql.NullInt64
	hidden          bool
	a               model.Article
}

// readIndexed reads an article's indexed fields inside tx.
func readIndexed(ctx context.Context, tx *sql.Tx, id int64) (indexedRow, error) {
	var r indexedRow
	var kind string
	err := tx.QueryRowContext(ctx, `SELECT story_id, category_id, source_id, hidden, title, excerpt, content_text, kind
		FROM articles WHERE id = ?`, id).Scan(&r.story, &r.cat, &r.src, &r.hidden,
		&r.a.Title, &r.a.Excerpt, &r.a.ContentText, &kind)
	r.a.Kind = model.Kind(kind)
	return r, notFound(err)
}

// unindex takes an article out of the search index, and its tokens out
// of the term counts, so a hidden article costs searches nothing.
func (s *Store) unindex(ctx context.Context, tx *sql.Tx, id int64, r indexedRow, terms termDocs) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM articles_fts WHERE rowid = ?`, id); err != nil {
		return err
	}
	old := termDocs{}
	old.addArgs(indexArgs(s.analyzer.Load(), id, r.a, r.cat.Int64, r.src.Int64))
	for t, n := range old {
		terms[t] -= n
	}
	return nil
}

// index adds an article to the search index and its tokens to terms.
func (s *Store) index(ctx context.Context, tx *sql.Tx, id int64, r indexedRow, terms termDocs) error {
	args := indexArgs(s.analyzer.Load(), id, r.a, r.cat.Int64, r.src.Int64)
	if _, err := tx.ExecContext(ctx, ftsInsertSQL, args...); err != nil {
		return err
	}
	terms.addArgs(args)
	return nil
}

// flushDelta writes the net changes of terms, skipping the tokens whose
// count did not move.
func flushDelta(ctx context.Context, tx *sql.Tx, terms termDocs) error {
	for t, n := range terms {
		if n == 0 {
			delete(terms, t)
		}
	}
	return terms.flush(ctx, tx)
}

// SetArticleHidden hides an article or shows it again: it leaves or
// rejoins the search index, and its story is recomputed without it.
func (s *Store) SetArticleHidden(ctx context.Context, id int64, hidden bool) error {
	err := s.curationTx(ctx, func(tx *sql.Tx) error {
		r, err := readIndexed(ctx, tx, id)
		if err != nil || r.hidden == hidden {
			return err
		}
		if _, err := tx.ExecContext(ctx, `UPDATE articles SET hidden = ? WHERE id = ?`, hidden, id); err != nil {
			return err
		}
		terms := termDocs{}
		if hidden {
			err = s.unindex(ctx, tx, id, r, terms)
		} else {
			err = s.index(ctx, tx, id, r, terms)
		}
		if err != nil {
			return err
		}
		if err := flushDelta(ctx, tx, terms); err != nil {
			return err
		}
		if r.story.Valid {
			return refreshStory(ctx, newPrepTx(tx), r.story.Int64, 0)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("sqlite: hide article %d: %w", id, err)
	}
	return nil
}

// curationTx runs fn in a write transaction and commits it when fn succeeds.
func (s *Store) curationTx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit()
}

// exists1 turns an UPDATE that matched no row into ErrNotFound.
func exists1(res sql.Result, err error) error {
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return store.ErrNotFound
	}
	return nil
}

// SetArticleFeatured features or unfeatures an article.
func (s *Store) SetArticleFeatured(ctx context.Context, id int64, featured bool, at time.Time) error {
	var err error
	if featured {
		err = exists1(s.w.ExecContext(ctx, `UPDATE articles SET featured_at = COALESCE(featured_at, ?) WHERE id = ?`,
			at.UnixMicro(), id))
	} else {
		err = exists1(s.w.ExecContext(ctx, `UPDATE articles SET featured_at = NULL WHERE id = ?`, id))
	}
	if err != nil {
		return fmt.Errorf("sqlite: feature article %d: %w", id, err)
	}
	return nil
}

// FeaturedArticles returns the visible featured articles, latest first.
func (s *Store) FeaturedArticles(ctx context.Context, limit int) ([]model.Article, error) {
	items, err := s.queryArticles(ctx, `SELECT `+listCols+articleFrom+
		` WHERE a.featured_at IS NOT NULL AND a.hidden = 0 ORDER BY a.featured_at DESC, a.id DESC LIMIT ?`,
		store.ClampLimit(limit))
	if err != nil {
		return nil, fmt.Errorf("sqlite: featured articles: %w", err)
	}
	return items, nil
}

// HiddenArticles returns a page of hidden articles, newest first.
func (s *Store) HiddenArticles(ctx context.Context, f store.ArticleFilter) ([]model.Article, string, error) {
	return s.listArticles(ctx, f, true)
}

// SetArticleCategory files an article under a category. The search
// index filters by category with a tag, so a visible article's entry is
// rewritten with the new one.
func (s *Store) SetArticleCategory(ctx context.Context, id int64, name string) (model.Category, error) {
	name, slug, err := store.CategoryName(name)
	if err != nil {
		return model.Category{}, fmt.Errorf("sqlite: file article %d: %w", id, err)
	}
	var cat model.Category
	err = s.curationTx(ctx, func(tx *sql.Tx) error {
		r, err := readIndexed(ctx, tx, id)
		if err != nil {
			return err
		}
		if slug != "" {
			err := tx.QueryRowContext(ctx, `SELECT id, name, slug FROM categories WHERE slug = ?`, slug).
				Scan(&cat.ID, &cat.Name, &cat.Slug)
			if err == sql.ErrNoRows {
				cat = model.Category{Name: name, Slug: slug}
				err = tx.QueryRowContext(ctx, `INSERT INTO categories (name, slug) VALUES (?, ?) RETURNING id`,
					name, slug).Scan(&cat.ID)
			}
			if err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, `UPDATE articles SET category_id = ? WHERE id = ?`, nullID(cat.ID), id); err != nil {
			return err
		}
		if !r.hidden && r.cat.Int64 != cat.ID {
			terms := termDocs{}
			if err := s.unindex(ctx, tx, id, r, terms); err != nil {
				return err
			}
			r.cat = sql.NullInt64{Int64: cat.ID, Valid: cat.ID != 0}
			if err := s.index(ctx, tx, id, r, terms); err != nil {
				return err
			}
			if err := flushDelta(ctx, tx, terms); err != nil {
				return err
			}
		}
		if r.story.Valid {
			return refreshStory(ctx, newPrepTx(tx), r.story.Int64, 0)
		}
		return nil
	})
	if err != nil {
		return model.Category{}, fmt.Errorf("sqlite: file article %d: %w", id, err)
	}
	return cat, nil
}

// SetStoryHidden hides a story or shows it again.
func (s *Store) SetStoryHidden(ctx context.Context, id int64, hidden bool) error {
	if err := exists1(s.w.ExecContext(ctx, `UPDATE stories SET hidden = ? WHERE id = ?`, hidden, id)); err != nil {
		return fmt.Errorf("sqlite: hide story %d: %w", id, err)
	}
	return nil
}

// PinStory pins a story after the pinned ones.
func (s *Store) PinStory(ctx context.Context, id int64, at time.Time) error {
	err := exists1(s.w.ExecContext(ctx, `UPDATE stories SET pinned_at = COALESCE(pinned_at,
		MAX(?1, COALESCE((SELECT MAX(pinned_at) + 1 FROM stories), ?1))) WHERE id = ?2`, at.UnixMicro(), id))
	if err != nil {
		return fmt.Errorf("sqlite: pin story %d: %w", id, err)
	}
	return nil
}

// UnpinStory unpins a story.
func (s *Store) UnpinStory(ctx context.Context, id int64) error {
	if err := exists1(s.w.ExecContext(ctx, `UPDATE stories SET pinned_at = NULL WHERE id = ?`, id)); err != nil {
		return fmt.Errorf("sqlite: unpin story %d: %w", id, err)
	}
	return nil
}

// ReorderPins rewrites the pin times from the earliest on, one
// microsecond apart, in the order asked for.
func (s *Store) ReorderPins(ctx context.Context, ids []int64) error {
	err := s.curationTx(ctx, func(tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, `SELECT id, pinned_at FROM stories WHERE pinned_at IS NOT NULL
			ORDER BY pinned_at, id`)
		if err != nil {
			return err
		}
		var pinned []int64
		var base int64
		for rows.Next() {
			var id, at int64
			if err := rows.Scan(&id, &at); err != nil {
				rows.Close()
				return err
			}
			if len(pinned) == 0 {
				base = at
			}
			pinned = append(pinned, id)
		}
		if err := rows.Close(); err != nil {
			return err
		}
		for i, id := range store.PinOrder(pinned, ids) {
			if _, err := tx.ExecContext(ctx, `UPDATE stories SET pinned_at = ? WHERE id = ?`, base+int64(i), id); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("sqlite: reorder pinned stories: %w", err)
	}
	return nil
}

// PinnedStories returns the visible pinned stories in pin order.
func (s *Store) PinnedStories(ctx context.Context) ([]model.Story, error) {
	items, err := s.queryStories(ctx, `SELECT `+storyCols+storyFrom+` WHERE st.pinned_at IS NOT NULL
		AND st.hidden = 0 AND st.merged_into IS NULL AND st.articles > 0 ORDER BY st.pinned_at, st.id`)
	if err != nil {
		return nil, fmt.Errorf("sqlite: pinned stories: %w", err)
	}
	return items, nil
}

// HiddenStories returns hidden stories, most recently updated first.
func (s *Store) HiddenStories(ctx context.Context, limit int) ([]model.Story, error) {
	items, err := s.queryStories(ctx, `SELECT `+storyCols+storyFrom+` WHERE st.hidden = 1
		ORDER BY st.last_published DESC, st.id DESC LIMIT ?`, store.ClampLimit(limit))
	if err != nil {
		return nil, fmt.Errorf("sqlite: hidden stories: %w", err)
	}
	return items, nil
}

func (s *Store) queryStories(ctx context.Context, q string, args ...any) ([]model.Story, error) {
	rows, err := s.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []model.Story{}
	for rows.Next() {
		st, err := scanStory(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, st)
	}
	return out, rows.Err()
}

// SetSourceDisabled disables a source or enables it, due at once.
func (s *Store) SetSourceDisabled(ctx context.Context, id int64, disabled bool, now time.Time) error {
	err := s.curationTx(ctx, func(tx *sql.Tx) error {
		if err := exists1(tx.ExecContext(ctx, `UPDATE sources SET disabled = ? WHERE id = ?`, disabled, id)); err != nil {
			return err
		}
		if disabled {
			return nil
		}
		_, err := tx.ExecContext(ctx, `UPDATE fetch_jobs SET run_at = MIN(run_at, ?) WHERE source_id = ?`, now.UnixMicro(), id)
		return err
	})
	if err != nil {
		return fmt.Errorf("sqlite: disable source %d: %w", id, err)
	}
	return nil
}

// SetSourceCategory sets the category a source's new articles are filed
// under.
func (s *Store) SetSourceCategory(ctx context.Context, id int64, category string) error {
	name, _, err := store.CategoryName(category)
	if err == nil {
		err = exists1(s.w.ExecContext(ctx, `UPDATE sources SET category = ? WHERE id = ?`, name, id))
	}
	if err != nil {
		return fmt.Errorf("sqlite: set category of source %d: %w", id, err)
	}
	return nil
}
