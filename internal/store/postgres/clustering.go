package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

// PendingClustering returns up to limit articles clustering has not seen,
// first published first, with their plain text.
func (s *Store) PendingClustering(ctx context.Context, limit int) ([]model.Article, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+fullCols+articleFrom+`
		WHERE a.cluster_pending ORDER BY a.published_at, a.id LIMIT $1`, max(limit, 1))
	if err != nil {
		return nil, fmt.Errorf("postgres: pending clustering: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (model.Article, error) { return scanArticle(r, true) })
	if err != nil {
		return nil, fmt.Errorf("postgres: pending clustering: %w", err)
	}
	return out, nil
}

// EachClustered replays the assigned articles published since since,
// oldest first.
func (s *Store) EachClustered(ctx context.Context, since time.Time, fn func(model.Article) error) error {
	rows, err := s.pool.Query(ctx, `SELECT `+fullCols+articleFrom+`
		WHERE a.published_at >= $1 AND a.story_id IS NOT NULL AND NOT a.cluster_pending
		ORDER BY a.published_at, a.id`, since.UTC())
	if err != nil {
		return fmt.Errorf("postgres: replay clustered articles: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		a, err := scanArticle(rows, true)
		if err != nil {
			return fmt.Errorf("postgres: replay clustered articles: %w", err)
		}
		if err := fn(a); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("postgres: replay clustered articles: %w", err)
	}
	return nil
}

// MaxStoryID returns the highest story ID in use, by stories or articles.
func (s *Store) MaxStoryID(ctx context.Context) (int64, error) {
	var n int64
	err := s.pool.QueryRow(ctx, `SELECT GREATEST(
		COALESCE((SELECT MAX(id) FROM stories), 0),
		COALESCE((SELECT MAX(story_id) FROM articles), 0))`).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("postgres: max story id: %w", err)
	}
	return n, nil
}

// ApplyClustering stores one batch of clustering decisions.
func (s *Store) ApplyClustering(ctx context.Context, batch []store.StoryAssignment) error {
	if len(batch) == 0 {
		return nil
	}
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("postgres: apply clustering: %w", err)
	}
	defer tx.Rollback(ctx)
	leads := map[int64]int64{}
	var order []int64
	for _, as := range batch {
		tag, err := tx.Exec(ctx, `UPDATE articles SET story_id = $1, dup_of = $2, cluster_pending = FALSE
			WHERE id = $3`, nullID(as.StoryID), nullID(as.DupOf), as.ArticleID)
		if err != nil {
			return fmt.Errorf("postgres: apply clustering to article %d: %w", as.ArticleID, err)
		}
		if tag.RowsAffected() == 0 || as.StoryID == 0 {
			continue
		}
		for _, old := range as.Merged {
			if old == as.StoryID || old == 0 {
				continue
			}
			if err := mergeStory(ctx, tx, old, as.StoryID); err != nil {
				return err
			}
			delete(leads, old)
		}
		if err := tagEntities(ctx, tx, as.ArticleID, store.CleanMentions(as.Entities)); err != nil {
			return err
		}
		if _, ok := leads[as.StoryID]; !ok {
			order = append(order, as.StoryID)
		}
		if as.Lead != 0 || leads[as.StoryID] == 0 {
			leads[as.StoryID] = as.Lead
		}
	}
	for _, id := range order {
		if lead, ok := leads[id]; ok {
			if err := refreshStory(ctx, tx, id, lead); err != nil {
				return err
			}
		}
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("postgres: apply clustering: %w", err)
	}
	return nil
}

func mergeStory(ctx context.Context, tx pgx.Tx, old, into int64) error {
	for _, q := range []string{
		`UPDATE articles SET story_id = $2 WHERE story_id = $1`,
		`INSERT INTO stories (id, merged_into) VALUES ($1, $2)
			ON CONFLICT (id) DO UPDATE SET merged_into = EXCLUDED.merged_into`,
		`UPDATE stories SET merged_into = $2 WHERE merged_into = $1`,
	} {
		if _, err := tx.Exec(ctx, q, old, into); err != nil {
			return fmt.Errorf("postgres: merge story %d into %d: %w", old, into, err)
		}
	}
	return nil
}

func tagEntities(ctx context.Context, tx pgx.Tx, articleID int64, ms []store.EntityMention) error {
	for _, m := range ms {
		slug := store.EntitySlug(m.Name)
		if !store.Findable(m.Name) {
			continue
		}
		var id int64
		err := tx.QueryRow(ctx, `INSERT INTO entities (slug, name, kind) VALUES ($1, $2, $3)
			ON CONFLICT (slug) DO UPDATE SET slug = EXCLUDED.slug RETURNING id`,
			slug, m.Name, string(m.Kind)).Scan(&id)
		if err != nil {
			return fmt.Errorf("postgres: tag article %d with %q: %w", articleID, m.Name, err)
		}
		tag, err := tx.Exec(ctx, `INSERT INTO article_entities (article_id, entity_id, mentions)
			VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, articleID, id, m.Count)
		if err != nil {
			return fmt.Errorf("postgres: tag article %d with %q: %w", articleID, m.Name, err)
		}
		if tag.RowsAffected() > 0 {
			if _, err := tx.Exec(ctx, `UPDATE entities SET articles = articles + 1 WHERE id = $1`, id); err != nil {
				return fmt.Errorf("postgres: tag article %d with %q: %w", articleID, m.Name, err)
			}
		}
	}
	return nil
}

// refreshStory recomputes a story's counts, first report, lead, photo and
// category from its articles (see the SQLite backend).
func refreshStory(ctx context.Context, tx pgx.Tx, id, lead int64) error {
	_, err := tx.Exec(ctx, `INSERT INTO stories (id) VALUES ($1) ON CONFLICT (id) DO NOTHING`, id)
	if err != nil {
		return fmt.Errorf("postgres: refresh story %d: %w", id, err)
	}
	// Articles an editor hid do not count: the story is what readers
	// see of it (curation refreshes a story when one of its articles is
	// hidden, shown or filed elsewhere).
	_, err = tx.Exec(ctx, `WITH m AS (SELECT id, source_id, dup_of, published_at, category_id, image_url
			FROM articles WHERE story_id = $1 AND NOT hidden)
		UPDATE stories SET
		articles = (SELECT COUNT(*) FROM m),
		sources = (SELECT COUNT(*) FROM (SELECT COALESCE(source_id, 0) FROM m
			UNION SELECT l.source_id FROM article_sources l JOIN m ON m.id = l.article_id) u),
		independent = (SELECT COUNT(DISTINCT COALESCE(source_id, 0)) FROM m WHERE dup_of IS NULL),
		first_article_id = (SELECT id FROM m ORDER BY published_at, id LIMIT 1),
		first_published = (SELECT MIN(published_at) FROM m),
		last_published = (SELECT MAX(published_at) FROM m),
		category_id = (SELECT category_id FROM m WHERE category_id IS NOT NULL
			GROUP BY category_id ORDER BY COUNT(*) DESC, MIN(id) LIMIT 1),
		lead_article_id = COALESCE(
			(SELECT id FROM m WHERE id = $2),
			(SELECT id FROM m WHERE id = stories.lead_article_id),
			(SELECT id FROM m ORDER BY published_at, id LIMIT 1)),
		merged_into = NULL
		WHERE id = $1`, id, lead)
	if err != nil {
		return fmt.Errorf("postgres: refresh story %d: %w", id, err)
	}
	_, err = tx.Exec(ctx, `UPDATE stories SET image_article_id = COALESCE(
			(SELECT id FROM articles WHERE id = stories.lead_article_id AND image_url <> '' AND NOT hidden),
			(SELECT id FROM articles WHERE story_id = $1 AND image_url <> '' AND NOT hidden ORDER BY published_at DESC, id DESC LIMIT 1))
		WHERE id = $1`, id)
	if err != nil {
		return fmt.Errorf("postgres: refresh story %d: %w", id, err)
	}
	return nil
}
