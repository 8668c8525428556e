package postgres

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

// saveLock is the advisory lock key that serializes SaveArticles
// ("articles" in ASCII).
const saveLock = 0x61727469636c6573

// SaveArticles stores the new articles of one feed in one transaction.
// sourceID 0 files them as newsroom originals. Defaults: Kind
// "aggregated", FetchedAt now, PublishedAt = FetchedAt when unknown (the
// newest-first order needs a date), Slug from the title.
func (s *Store) SaveArticles(ctx context.Context, sourceID int64, articles []model.Article) (store.SaveResult, error) {
	var res store.SaveResult
	if len(articles) == 0 {
		return res, nil
	}
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return res, fmt.Errorf("postgres: save articles: %w", err)
	}
	defer tx.Rollback(ctx)
	// Batches take turns, as on SQLite. Two batches sharing headlines or
	// canonical URLs in different orders would otherwise wait on each
	// other's uncommitted rows and deadlock, failing a whole feed. A batch
	// takes milliseconds, so the queue stays short; readers never wait.
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(saveLock)); err != nil {
		return res, fmt.Errorf("postgres: save articles: lock: %w", err)
	}
	b := newBatch(tx, sourceID)
	if err := b.checkSource(ctx); err != nil {
		return res, fmt.Errorf("postgres: save articles: %w", err)
	}
	for _, a := range articles {
		id, err := b.save(ctx, store.CleanArticle(a))
		if err != nil {
			return store.SaveResult{}, fmt.Errorf("postgres: save article %q: %w", a.Title, err)
		}
		if id == 0 {
			res.Duplicates++
			continue
		}
		res.Inserted++
		res.IDs = append(res.IDs, id)
	}
	if err := tx.Commit(ctx); err != nil {
		return store.SaveResult{}, fmt.Errorf("postgres: save articles: %w", err)
	}
	return res, nil
}

// batch is the state of one SaveArticles call.
type batch struct {
	tx         pgx.Tx
	sourceID   int64
	now        time.Time
	guids      map[string]bool // GUIDs seen earlier in the batch
	canonicals map[string]bool // canonical URLs seen earlier in the batch
	categories map[string]int64
}

func newBatch(tx pgx.Tx, sourceID int64) *batch {
	return &batch{
		tx: tx, sourceID: sourceID, now: time.Now().UTC().Truncate(time.Microsecond),
		guids: map[string]bool{}, canonicals: map[string]bool{}, categories: map[string]int64{},
	}
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

// save inserts one article and returns its ID, or 0 for a duplicate.
func (b *batch) save(ctx context.Context, a model.Article) (int64, error) {
	if (a.GUID != "" && b.guids[a.GUID]) || (a.CanonicalURL != "" && b.canonicals[a.CanonicalURL]) {
		return 0, nil
	}
	dup, err := b.stored(ctx, a)
	if err != nil || dup {
		return 0, err
	}
	if a.Kind == "" {
		a.Kind = model.KindAggregated
	}
	if a.FetchedAt.IsZero() {
		a.FetchedAt = b.now
	}
	if a.PublishedAt.IsZero() {
		a.PublishedAt = a.FetchedAt
	}
	catID, err := b.category(ctx, a.Category)
	if err != nil {
		return 0, err
	}
	base := a.Slug
	if base == "" {
		base = a.Title
	}
	slug, err := b.freeSlug(ctx, model.Slugify(base, 80))
	if err != nil {
		return 0, err
	}
	id, err := b.insert(ctx, a, slug, catID)
	if err != nil {
		return 0, err
	}
	if a.GUID != "" {
		b.guids[a.GUID] = true
	}
	if a.CanonicalURL != "" {
		b.canonicals[a.CanonicalURL] = true
	}
	return id, nil
}

// stored reports whether the article's (source, GUID) or canonical URL
// is in the database already.
func (b *batch) stored(ctx context.Context, a model.Article) (bool, error) {
	sourceCond := `source_id = $2`
	args := []any{a.GUID, b.sourceID, a.CanonicalURL}
	if b.sourceID == 0 {
		sourceCond = `source_id IS NULL AND $2::bigint = 0`
	}
	var dup bool
	err := b.tx.QueryRow(ctx, `SELECT
		EXISTS (SELECT 1 FROM articles WHERE guid <> '' AND guid = $1 AND `+sourceCond+`) OR
		EXISTS (SELECT 1 FROM articles WHERE canonical_url <> '' AND canonical_url = $3)`, args...).Scan(&dup)
	if err != nil {
		return false, fmt.Errorf("check duplicate: %w", err)
	}
	return dup, nil
}

// category finds or creates the category named name; "" is no category.
func (b *batch) category(ctx context.Context, name string) (*int64, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return nil, nil
	}
	slug := model.Slugify(name, 60)
	if id, ok := b.categories[slug]; ok {
		return &id, nil
	}
	// Three statements, each with a fresh snapshot: a category committed
	// by another transaction while our INSERT waited on it is visible to
	// the last SELECT.
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
	if err != nil {
		return nil, fmt.Errorf("category %q: %w", name, err)
	}
	b.categories[slug] = id
	return &id, nil
}

// freeSlug returns base, or base-2, base-3... whichever is free first.
// One index range fetches base and every slug of the form base-*: slugs
// hold only [a-z0-9-], and '.' sorts right after '-' in the "C" collation
// the column uses, so [base, base.) holds exactly those.
func (b *batch) freeSlug(ctx context.Context, base string) (string, error) {
	rows, err := b.tx.Query(ctx, `SELECT slug FROM articles WHERE slug >= $1 AND slug < $2`, base, base+".")
	if err != nil {
		return "", fmt.Errorf("slug: %w", err)
	}
	found, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return "", fmt.Errorf("slug: %w", err)
	}
	taken := make(map[string]bool, len(found))
	for _, s := range found {
		taken[s] = true
	}
	if !taken[base] {
		return base, nil
	}
	for n := 2; ; n++ {
		if s := base + "-" + strconv.Itoa(n); !taken[s] {
			return s, nil
		}
	}
}

func (b *batch) insert(ctx context.Context, a model.Article, slug string, catID *int64) (int64, error) {
	var id int64
	err := b.tx.QueryRow(ctx, `INSERT INTO articles (source_id, guid, url, canonical_url, slug,
		title, excerpt, content_html, content_text, byline, published_at, fetched_at, image_url,
		image_credit, credit, category_id, language, content_hash, kind, story_id)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)
		RETURNING id`,
		nullID(b.sourceID), a.GUID, a.URL, a.CanonicalURL, slug,
		a.Title, a.Excerpt, a.ContentHTML, a.ContentText, a.Byline, a.PublishedAt.UTC(), a.FetchedAt.UTC(),
		a.ImageURL, a.ImageCredit, a.Credit, catID, a.Language, a.ContentHash, string(a.Kind),
		nullID(a.StoryID)).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("insert: %w", err)
	}
	return id, nil
}
