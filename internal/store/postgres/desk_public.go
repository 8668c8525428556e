package postgres

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

// publishRow makes or updates the public article of the published desk
// article d (articleID, or 0 for none yet) and shows it, through the
// statements SaveArticles uses: the category found or created by name,
// the row inserted with its search vectors, and clustering to see it
// (cluster_pending starts true). It returns the public article's ID.
func (s *Store) publishRow(ctx context.Context, tx pgx.Tx, d model.DeskArticle, articleID int64, now time.Time, autoSlug bool) (int64, error) {
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
		if _, err := tx.Exec(ctx, `UPDATE desk_articles SET slug = $1 WHERE id = $2`, d.Slug, d.ID); err != nil {
			return 0, err
		}
	}
	b := &batch{tx: tx, analyzer: s.analyzer.Load()}
	a := store.DeskPublicArticle(d)
	if a.PublishedAt.IsZero() {
		a.PublishedAt, a.FetchedAt = now, now
	}
	var catID int64
	var err error
	if name := strings.TrimSpace(a.Category); name != "" {
		if catID, err = b.Category(ctx, name, model.Slugify(name, 60)); err != nil {
			return 0, fmt.Errorf("category %q: %w", name, err)
		}
	}
	id := int64(0)
	oldSlug, err := publicSlug(ctx, tx, articleID)
	if err != nil {
		return 0, err
	}
	if articleID != 0 {
		exact, stemmed := indexVectors(b.analyzer, a)
		tag, err := tx.Exec(ctx, `UPDATE articles SET slug = $1, title = $2, excerpt = $3, content_html = $4,
			content_text = $5, byline = $6, image_url = $7, image_credit = $8, credit = $9, category_id = $10,
			language = $11, updated_at = $12, search_exact = $13::tsvector, search_stemmed = $14::tsvector
			WHERE id = $15`,
			a.Slug, a.Title, a.Excerpt, a.ContentHTML, a.ContentText, a.Byline, a.ImageURL, a.ImageCredit,
			a.Credit, nullID(catID), a.Language, now, exact, stemmed, articleID)
		if err != nil {
			return 0, err
		}
		if tag.RowsAffected() > 0 {
			id = articleID
			// The old address redirects to the new one (SlugHistoryStore).
			if err := recordSlugChange(ctx, tx, id, oldSlug, a.Slug, now); err != nil {
				return 0, err
			}
		}
	}
	if id == 0 {
		if id, err = b.Insert(ctx, a, d.Slug, catID); err != nil {
			return 0, slugErr(err)
		}
	}
	var story *int64
	err = tx.QueryRow(ctx, `UPDATE articles SET credit_url = $1, image_caption = $2, tags = $3, based_on = $4,
		author_id = $5, hidden = FALSE WHERE id = $6 RETURNING story_id`, a.CreditURL, a.ImageCaption,
		store.JoinDeskTags(a.Tags), nullID(a.BasedOn), nullID(a.AuthorID), id).Scan(&story)
	if err != nil {
		return 0, err
	}
	// A story the article rejoins counts it again.
	if story != nil && id == articleID {
		return id, refreshStory(ctx, tx, *story, 0)
	}
	return id, nil
}

// deskSlugsTaken returns which of base and base-* articles or desk
// articles other than deskID hold, or keep as former slugs of an article
// other than own.
func deskSlugsTaken(ctx context.Context, tx pgx.Tx, base string, deskID, own int64) (map[string]bool, error) {
	rows, err := tx.Query(ctx, `SELECT slug FROM articles WHERE slug >= $1 AND slug < $2
		UNION SELECT slug FROM desk_articles WHERE slug >= $1 AND slug < $2 AND id <> $3
		UNION SELECT old_slug FROM slug_history WHERE old_slug >= $1 AND old_slug < $2 AND article_id <> $4`,
		base, base+".", deskID, own)
	if err != nil {
		return nil, err
	}
	found, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, err
	}
	taken := make(map[string]bool, len(found))
	for _, s := range found {
		taken[s] = true
	}
	return taken, nil
}
