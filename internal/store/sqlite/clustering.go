package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

// PendingClustering returns up to limit articles clustering has not seen,
// first published first, with their plain text.
func (s *Store) PendingClustering(ctx context.Context, limit int) ([]model.Article, error) {
	rows, err := s.r.QueryContext(ctx, `SELECT `+fullCols+articleFrom+`
		WHERE a.cluster_pending = 1 ORDER BY a.published_at, a.id LIMIT ?`, max(limit, 1))
	if err != nil {
		return nil, fmt.Errorf("sqlite: pending clustering: %w", err)
	}
	defer rows.Close()
	var out []model.Article
	for rows.Next() {
		a, err := scanArticle(rows, true)
		if err != nil {
			return nil, fmt.Errorf("sqlite: pending clustering: %w", err)
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: pending clustering: %w", err)
	}
	return out, nil
}

// EachClustered replays the assigned articles published since since,
// oldest first.
func (s *Store) EachClustered(ctx context.Context, since time.Time, fn func(model.Article) error) error {
	rows, err := s.r.QueryContext(ctx, `SELECT `+fullCols+articleFrom+`
		WHERE a.published_at >= ? AND a.story_id IS NOT NULL AND a.cluster_pending = 0
		ORDER BY a.published_at, a.id`, since.UnixMicro())
	if err != nil {
		return fmt.Errorf("sqlite: replay clustered articles: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		a, err := scanArticle(rows, true)
		if err != nil {
			return fmt.Errorf("sqlite: replay clustered articles: %w", err)
		}
		if err := fn(a); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("sqlite: replay clustered articles: %w", err)
	}
	return nil
}

// MaxStoryID returns the highest story ID in use, by stories or articles.
func (s *Store) MaxStoryID(ctx context.Context) (int64, error) {
	var n int64
	err := s.r.QueryRowContext(ctx, `SELECT MAX(
		COALESCE((SELECT MAX(id) FROM stories), 0),
		COALESCE((SELECT MAX(story_id) FROM articles), 0))`).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("sqlite: max story id: %w", err)
	}
	return n, nil
}

// ApplyClustering stores one batch of clustering decisions.
func (s *Store) ApplyClustering(ctx context.Context, batch []store.StoryAssignment) error {
	if len(batch) == 0 {
		return nil
	}
	sqlTx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("sqlite: apply clustering: %w", err)
	}
	defer sqlTx.Rollback()
	tx := newPrepTx(sqlTx)
	leads := map[int64]int64{} // touched story -> lead asked for (0: keep)
	var order []int64
	touch := func(story, lead int64) {
		if _, ok := leads[story]; !ok {
			order = append(order, story)
		}
		if lead != 0 || leads[story] == 0 {
			leads[story] = lead
		}
	}
	for _, as := range batch {
		res, err := tx.ExecContext(ctx, `UPDATE articles SET story_id = ?, dup_of = ?, cluster_pending = 0
			WHERE id = ?`, nullID(as.StoryID), nullID(as.DupOf), as.ArticleID)
		if err != nil {
			return fmt.Errorf("sqlite: apply clustering to article %d: %w", as.ArticleID, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			continue // deleted since it was read
		}
		if as.StoryID == 0 {
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
		touch(as.StoryID, as.Lead)
	}
	for _, id := range order {
		lead, ok := leads[id]
		if !ok {
			continue // merged away later in the batch
		}
		if err := refreshStory(ctx, tx, id, lead); err != nil {
			return err
		}
	}
	if err := sqlTx.Commit(); err != nil {
		return fmt.Errorf("sqlite: apply clustering: %w", err)
	}
	return nil
}

// prepTx runs a transaction's statements prepared once each: a batch
// runs the same few statements hundreds of times, and SQLite takes
// longer to compile them than to run them.
type prepTx struct {
	tx    *sql.Tx
	stmts map[string]*sql.Stmt
}

func newPrepTx(tx *sql.Tx) *prepTx { return &prepTx{tx: tx, stmts: map[string]*sql.Stmt{}} }

func (p *prepTx) stmt(ctx context.Context, q string) (*sql.Stmt, error) {
	if st, ok := p.stmts[q]; ok {
		return st, nil
	}
	st, err := p.tx.PrepareContext(ctx, q)
	if err != nil {
		return nil, err
	}
	p.stmts[q] = st
	return st, nil
}

func (p *prepTx) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	st, err := p.stmt(ctx, q)
	if err != nil {
		return nil, err
	}
	return st.ExecContext(ctx, args...)
}

func (p *prepTx) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	st, err := p.stmt(ctx, q)
	if err != nil {
		return p.tx.QueryRowContext(ctx, q, args...) // reports the error
	}
	return st.QueryRowContext(ctx, args...)
}

// mergeStory moves old's articles to into and marks old (and anything
// folded into it before) as folded into into.
func mergeStory(ctx context.Context, tx *prepTx, old, into int64) error {
	if _, err := tx.ExecContext(ctx, `UPDATE articles SET story_id = ? WHERE story_id = ?`, into, old); err != nil {
		return fmt.Errorf("sqlite: merge story %d into %d: %w", old, into, err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO stories (id, merged_into) VALUES (?, ?)
		ON CONFLICT (id) DO UPDATE SET merged_into = excluded.merged_into`, old, into); err != nil {
		return fmt.Errorf("sqlite: merge story %d into %d: %w", old, into, err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE stories SET merged_into = ? WHERE merged_into = ?`, into, old); err != nil {
		return fmt.Errorf("sqlite: merge story %d into %d: %w", old, into, err)
	}
	return nil
}

// tagEntities links an article to its entities, creating them as needed
// and counting each article once per entity.
func tagEntities(ctx context.Context, tx *prepTx, articleID int64, ms []store.EntityMention) error {
	for _, m := range ms {
		slug := store.EntitySlug(m.Name)
		var id int64
		err := tx.QueryRowContext(ctx, `INSERT INTO entities (slug, name, kind) VALUES (?, ?, ?)
			ON CONFLICT (slug) DO UPDATE SET slug = excluded.slug RETURNING id`,
			slug, m.Name, string(m.Kind)).Scan(&id)
		if err != nil {
			return fmt.Errorf("sqlite: tag article %d with %q: %w", articleID, m.Name, err)
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO article_entities (article_id, entity_id, mentions)
			VALUES (?, ?, ?) ON CONFLICT DO NOTHING`, articleID, id, m.Count)
		if err != nil {
			return fmt.Errorf("sqlite: tag article %d with %q: %w", articleID, m.Name, err)
		}
		if n, _ := res.RowsAffected(); n > 0 {
			if _, err := tx.ExecContext(ctx, `UPDATE entities SET articles = articles + 1 WHERE id = ?`, id); err != nil {
				return fmt.Errorf("sqlite: tag article %d with %q: %w", articleID, m.Name, err)
			}
		}
	}
	return nil
}

// refreshStory recomputes a story's counts, first report, lead, image and
// category from its articles. lead is the article clustering chose to
// represent it (0: keep the current one, else the first report).
func refreshStory(ctx context.Context, tx *prepTx, id, lead int64) error {
	if _, err := tx.ExecContext(ctx, `INSERT INTO stories (id) VALUES (?) ON CONFLICT (id) DO NOTHING`, id); err != nil {
		return fmt.Errorf("sqlite: refresh story %d: %w", id, err)
	}
	// Articles an editor hid do not count: the story is what readers
	// see of it (curation refreshes a story when one of its articles is
	// hidden, shown or filed elsewhere).
	_, err := tx.ExecContext(ctx, `UPDATE stories SET
		articles = (SELECT COUNT(*) FROM articles WHERE story_id = ?1 AND hidden = 0),
		sources = (SELECT COUNT(*) FROM (SELECT COALESCE(source_id, 0) FROM articles WHERE story_id = ?1 AND hidden = 0
			UNION SELECT l.source_id FROM article_sources l JOIN articles a ON a.id = l.article_id
			WHERE a.story_id = ?1 AND a.hidden = 0)),
		independent = (SELECT COUNT(DISTINCT COALESCE(source_id, 0)) FROM articles
			WHERE story_id = ?1 AND dup_of IS NULL AND hidden = 0),
		first_article_id = (SELECT id FROM articles WHERE story_id = ?1 AND hidden = 0 ORDER BY published_at, id LIMIT 1),
		first_published = COALESCE((SELECT MIN(published_at) FROM articles WHERE story_id = ?1 AND hidden = 0), 0),
		last_published = COALESCE((SELECT MAX(published_at) FROM articles WHERE story_id = ?1 AND hidden = 0), 0),
		category_id = (SELECT category_id FROM articles WHERE story_id = ?1 AND category_id IS NOT NULL AND hidden = 0
			GROUP BY category_id ORDER BY COUNT(*) DESC, MIN(id) LIMIT 1),
		lead_article_id = COALESCE(
			(SELECT id FROM articles WHERE id = ?2 AND story_id = ?1 AND hidden = 0),
			(SELECT id FROM articles WHERE id = lead_article_id AND story_id = ?1 AND hidden = 0),
			(SELECT id FROM articles WHERE story_id = ?1 AND hidden = 0 ORDER BY published_at, id LIMIT 1)),
		merged_into = NULL
		WHERE id = ?1`, id, lead)
	if err != nil {
		return fmt.Errorf("sqlite: refresh story %d: %w", id, err)
	}
	// The photo: the lead's own, else the newest of the story's photos.
	_, err = tx.ExecContext(ctx, `UPDATE stories SET image_article_id = COALESCE(
			(SELECT id FROM articles WHERE id = lead_article_id AND image_url <> '' AND hidden = 0),
			(SELECT id FROM articles WHERE story_id = ?1 AND image_url <> '' AND hidden = 0 ORDER BY published_at DESC, id DESC LIMIT 1))
		WHERE id = ?1`, id)
	if err != nil {
		return fmt.Errorf("sqlite: refresh story %d: %w", id, err)
	}
	return nil
}
