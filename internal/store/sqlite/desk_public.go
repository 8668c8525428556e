package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

// publishRow makes or updates the public article of the published desk
// article d (articleID, or 0 for none yet) and shows it, through the
// statements SaveArticles uses: the category found or created by name,
// the row inserted with its search index entry, its publication day and
// its search terms counted, and clustering to see it (cluster_pending
// starts at 1). It returns the public article's ID.
func (s *Store) publishRow(ctx context.Context, tx *sql.Tx, d model.DeskArticle, articleID int64, now time.Time, autoSlug bool) (int64, error) {
	if err := checkSlug(ctx, tx, d.Slug, d.ID, articleID); err != nil {
		if !autoSlug || !errors.Is(err, store.ErrSlugTaken) {
			return 0, err
		}
		// Published by the scheduler, with nobody to ask: a slug taken
		// since the article was scheduled gets a numeric suffix.
		taken, err := deskSlugsTaken(ctx, tx, d.Slug, d.ID, articleID)
		if err != nil {
			return 0, err
		}
		d.Slug = store.FreeSlug(d.Slug, taken)
		if _, err := tx.ExecContext(ctx, `UPDATE desk_articles SET slug = ? WHERE id = ?`, d.Slug, d.ID); err != nil {
			return 0, err
		}
	}
	b, err := newBatch(ctx, tx, 0, s.analyzer.Load())
	if err != nil {
		return 0, err
	}
	a := store.DeskPublicArticle(d)
	if a.PublishedAt.IsZero() {
		a.PublishedAt, a.FetchedAt = now, now
	}
	var catID int64
	if name := strings.TrimSpace(a.Category); name != "" {
		if catID, err = b.Category(ctx, name, model.Slugify(name, 60)); err != nil {
			return 0, fmt.Errorf("category %q: %w", name, err)
		}
	}
	oldSlug, err := publicSlug(ctx, tx, articleID)
	if err != nil {
		return 0, err
	}
	id, err := s.updatePublic(ctx, tx, b, a, articleID, catID, now)
	if err != nil {
		return 0, err
	}
	if id != 0 {
		// The old address redirects to the new one (SlugHistoryStore).
		if err := recordSlugChange(ctx, tx, id, oldSlug, a.Slug, now); err != nil {
			return 0, err
		}
	} else if id, err = b.Insert(ctx, a, d.Slug, catID); err != nil {
		return 0, err
	}
	if err := flushDelta(ctx, tx, b.terms); err != nil {
		return 0, err
	}
	var story sql.NullInt64
	err = tx.QueryRowContext(ctx, `UPDATE articles SET credit_url = ?, image_caption = ?, tags = ?, based_on = ?,
		author_id = ?, hidden = 0 WHERE id = ? RETURNING story_id`, a.CreditURL, a.ImageCaption,
		store.JoinDeskTags(a.Tags), nullID(a.BasedOn), nullID(a.AuthorID), id).Scan(&story)
	if err != nil {
		return 0, err
	}
	// A story the article rejoins counts it again.
	if story.Valid && id == articleID {
		return id, refreshStory(ctx, newPrepTx(tx), story.Int64, 0)
	}
	return id, nil
}

// hidePublic hides a public article as curation hides one (readers no
// longer find it; it leaves the search index and its story's counts),
// unless it is hidden already.
func (s *Store) hidePublic(ctx context.Context, tx *sql.Tx, id int64) error {
	r, err := readIndexed(ctx, tx, id)
	if err != nil || r.hidden {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE articles SET hidden = 1 WHERE id = ?`, id); err != nil {
		return err
	}
	terms := termDocs{}
	if err := s.unindex(ctx, tx, id, r, terms); err != nil {
		return err
	}
	if err := flushDelta(ctx, tx, terms); err != nil {
		return err
	}
	if r.story.Valid {
		return refreshStory(ctx, newPrepTx(tx), r.story.Int64, 0)
	}
	return nil
}

// updatePublic writes a over the public row articleID, marks it updated
// and indexes it again; it returns 0 when there is no such row.
func (s *Store) updatePublic(ctx context.Context, tx *sql.Tx, b *batch, a model.Article, articleID, catID int64, now time.Time) (int64, error) {
	if articleID == 0 {
		return 0, nil
	}
	old, err := readIndexed(ctx, tx, articleID)
	if errors.Is(err, store.ErrNotFound) {
		return 0, nil
	}
	if err != nil {
		return 0, err
	}
	if !old.hidden {
		// The index holds an article's tokens once: the old ones go
		// first, out of the term counts too.
		if err := s.unindex(ctx, tx, articleID, old, b.terms); err != nil {
			return 0, err
		}
	}
	res, err := tx.ExecContext(ctx, `UPDATE articles SET slug = ?, title = ?, excerpt = ?, content_html = ?,
		content_text = ?, byline = ?, image_url = ?, image_credit = ?, credit = ?, category_id = ?,
		language = ?, updated_at = ? WHERE id = ?`,
		a.Slug, a.Title, a.Excerpt, a.ContentHTML, a.ContentText, a.Byline, a.ImageURL, a.ImageCredit,
		a.Credit, nullID(catID), a.Language, micros(now), articleID)
	if err != nil {
		return 0, err
	}
	if n, err := res.RowsAffected(); err != nil || n == 0 {
		return 0, err
	}
	args := indexArgs(b.analyzer, articleID, a, catID, 0)
	if _, err := b.stmts.index.ExecContext(ctx, args...); err != nil {
		return 0, fmt.Errorf("index article %d: %w", articleID, err)
	}
	b.terms.addArgs(args)
	return articleID, nil
}
