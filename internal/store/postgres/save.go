package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/search"
	"github.com/newsdesk/newsdesk/internal/store"
)

// saveLock is the advisory lock key that serializes SaveArticles
// ("articles" in ASCII).
const saveLock = 0x61727469636c6573

// SaveArticles stores the new articles of one feed in one transaction,
// by the rules of store.SaveBatch. sourceID 0 files them as newsroom
// originals.
func (s *Store) SaveArticles(ctx context.Context, sourceID int64, articles []model.Article) (store.SaveResult, error) {
	if len(articles) == 0 {
		return store.SaveResult{}, nil
	}
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return store.SaveResult{}, fmt.Errorf("postgres: save articles: %w", err)
	}
	defer tx.Rollback(ctx)
	// Batches take turns, as on SQLite. Two batches sharing headlines or
	// canonical URLs in different orders would otherwise wait on each
	// other's uncommitted rows and deadlock, failing a whole feed. A batch
	// takes milliseconds, so the queue stays short; readers never wait.
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(saveLock)); err != nil {
		return store.SaveResult{}, fmt.Errorf("postgres: save articles: lock: %w", err)
	}
	b := &batch{tx: tx, sourceID: sourceID, analyzer: s.analyzer.Load()}
	if err := b.checkSource(ctx); err != nil {
		return store.SaveResult{}, fmt.Errorf("postgres: save articles: %w", err)
	}
	res, err := store.SaveBatch(ctx, b, articles, time.Now())
	if err != nil {
		return store.SaveResult{}, fmt.Errorf("postgres: %w", err)
	}
	res.Linked = b.linked
	if err := tx.Commit(ctx); err != nil {
		return store.SaveResult{}, fmt.Errorf("postgres: save articles: %w", err)
	}
	if res.Inserted > 0 {
		s.maybeAnalyze()
	}
	return res, nil
}

// batch is the store.ArticleWriter of one SaveArticles call.
type batch struct {
	tx       pgx.Tx
	sourceID int64
	analyzer *search.Analyzer
	linked   int // duplicates recorded as carried by this source too
}

func (b *batch) checkSource(ctx context.Context) error {
	if b.sourceID == 0 {
		return nil
	}
	var one int
	err := b.tx.QueryRow(ctx, `SELECT 1 FROM sources WHERE id = $1`, b.sourceID).Scan(&one)
	if err != nil {
		return fmt.Errorf("source %d: %w", b.sourceID, notFound(err))
	}
	return nil
}

// Stored reports whether the article is in the database already, by
// the rule of store.LinkDuplicate, which also records this source as
// carrying another source's article.
func (b *batch) Stored(ctx context.Context, a model.Article) (bool, error) {
	stored, linked, err := store.LinkDuplicate(ctx, b, b.sourceID, a)
	if linked {
		b.linked++
	}
	return stored, err
}

// Duplicated finds the stored article a repeats (store.SourceLinker), in
// the order the interface gives: the source's own GUID ($1, $2), the
// canonical URL ($3), the URL ($4). Each arm repeats its index's
// condition so the planner uses it.
func (b *batch) Duplicated(ctx context.Context, a model.Article) (store.StoredArticle, bool, error) {
	sourceCond := `source_id = $2`
	if b.sourceID == 0 {
		sourceCond = `source_id IS NULL AND $2::bigint = 0`
	}
	var found store.StoredArticle
	err := b.tx.QueryRow(ctx, `SELECT id, source FROM (
		(SELECT id, COALESCE(source_id, 0) AS source, 1 AS rank FROM articles
			WHERE guid <> '' AND guid = $1 AND `+sourceCond+` LIMIT 1)
		UNION ALL (SELECT article_id, source_id, 1 FROM article_sources
			WHERE guid <> '' AND guid = $1 AND source_id = $2 LIMIT 1)
		UNION ALL (SELECT id, COALESCE(source_id, 0), 2 FROM articles
			WHERE canonical_url <> '' AND canonical_url = $3 LIMIT 1)
		UNION ALL (SELECT id, COALESCE(source_id, 0), 3 FROM articles
			WHERE $3 <> '' AND $4 <> '' AND url = $4 LIMIT 1)
	) AS found ORDER BY rank LIMIT 1`, a.GUID, b.sourceID, a.CanonicalURL, a.URL).Scan(&found.ID, &found.SourceID)
	if errors.Is(err, pgx.ErrNoRows) {
		return store.StoredArticle{}, false, nil
	}
	return found, err == nil, err
}

// Link records the batch's source as carrying the article id too
// (store.SourceLinker).
func (b *batch) Link(ctx context.Context, id int64, a model.Article) (bool, error) {
	tag, err := b.tx.Exec(ctx, `INSERT INTO article_sources (article_id, source_id, url, guid, seen_at)
		VALUES ($1, $2, $3, $4, $5) ON CONFLICT (article_id, source_id) DO NOTHING`,
		id, b.sourceID, a.URL, a.GUID, a.FetchedAt)
	if err != nil || tag.RowsAffected() == 0 {
		return false, err
	}
	// The article's story gains a source.
	var story *int64
	if err := b.tx.QueryRow(ctx, `SELECT story_id FROM articles WHERE id = $1`, id).Scan(&story); err != nil {
		return false, err
	}
	if story != nil {
		if err := refreshStory(ctx, b.tx, *story, 0); err != nil {
			return false, err
		}
	}
	return true, nil
}

// Category finds or creates the category with this slug. Three
// statements, each with a fresh snapshot: a category committed by
// another transaction while our INSERT waited on it is visible to the
// last SELECT.
func (b *batch) Category(ctx context.Context, name, slug string) (int64, error) {
	var id int64
	const find = `SELECT id FROM categories WHERE slug = $1`
	err := b.tx.QueryRow(ctx, find, slug).Scan(&id)
	if errors.Is(err, pgx.ErrNoRows) {
		err = b.tx.QueryRow(ctx, `INSERT INTO categories (name, slug) VALUES ($1, $2)
			ON CONFLICT (slug) DO NOTHING RETURNING id`, name, slug).Scan(&id)
	}
	if errors.Is(err, pgx.ErrNoRows) {
		err = b.tx.QueryRow(ctx, find, slug).Scan(&id)
	}
	return id, err
}

// TakenSlugs fetches base and every slug of the form base-* in one index
// range: slugs hold only [a-z0-9-], and '.' sorts right after '-' in the
// "C" collation the column uses, so [base, base.) holds exactly those.
func (b *batch) TakenSlugs(ctx context.Context, base string) (map[string]bool, error) {
	// Former slugs count as taken: they stay their article's
	// (store.SlugHistoryStore).
	rows, err := b.tx.Query(ctx, `SELECT slug FROM articles WHERE slug >= $1 AND slug < $2
		UNION ALL SELECT old_slug FROM slug_history WHERE old_slug >= $1 AND old_slug < $2`, base, base+".")
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

// Insert stores one article.
func (b *batch) Insert(ctx context.Context, a model.Article, slug string, catID int64) (int64, error) {
	exact, stemmed := indexVectors(b.analyzer, a)
	var id int64
	err := b.tx.QueryRow(ctx, `INSERT INTO articles (source_id, guid, url, canonical_url, slug,
		title, excerpt, content_html, content_text, byline, published_at, fetched_at, image_url,
		image_credit, credit, category_id, language, content_hash, kind, story_id,
		search_exact, search_stemmed)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20,
		$21::tsvector, $22::tsvector)
		RETURNING id`,
		nullID(b.sourceID), a.GUID, a.URL, a.CanonicalURL, slug,
		a.Title, a.Excerpt, a.ContentHTML, a.ContentText, a.Byline, a.PublishedAt.UTC(), a.FetchedAt.UTC(),
		a.ImageURL, a.ImageCredit, a.Credit, nullID(catID), a.Language, a.ContentHash, string(a.Kind),
		nullID(a.StoryID), exact, stemmed).Scan(&id)
	return id, err
}
