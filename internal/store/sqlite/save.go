package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

// SaveArticles stores the new articles of one feed in one transaction.
// sourceID 0 files them as newsroom originals. Defaults: Kind
// "aggregated", FetchedAt now, PublishedAt = FetchedAt when unknown (the
// newest-first order needs a date), Slug from the title.
func (s *Store) SaveArticles(ctx context.Context, sourceID int64, articles []model.Article) (store.SaveResult, error) {
	var res store.SaveResult
	if len(articles) == 0 {
		return res, nil
	}
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return res, fmt.Errorf("sqlite: save articles: %w", err)
	}
	defer tx.Rollback()
	b, err := newBatch(ctx, tx, sourceID)
	if err != nil {
		return res, fmt.Errorf("sqlite: save articles: %w", err)
	}
	if err := b.checkSource(ctx); err != nil {
		return res, fmt.Errorf("sqlite: save articles: %w", err)
	}
	for _, a := range articles {
		id, err := b.save(ctx, store.CleanArticle(a))
		if err != nil {
			return store.SaveResult{}, fmt.Errorf("sqlite: save article %q: %w", a.Title, err)
		}
		if id == 0 {
			res.Duplicates++
			continue
		}
		res.Inserted++
		res.IDs = append(res.IDs, id)
	}
	if err := tx.Commit(); err != nil {
		return store.SaveResult{}, fmt.Errorf("sqlite: save articles: %w", err)
	}
	return res, nil
}

// batch is the state of one SaveArticles call.
type batch struct {
	tx         *sql.Tx
	stmts      batchStmts
	sourceID   int64
	now        time.Time
	guids      map[string]bool // GUIDs seen earlier in the batch
	canonicals map[string]bool // canonical URLs seen earlier in the batch
	categories map[string]sql.NullInt64
}

// batchStmts are the per-article statements, prepared once per batch:
// parsing SQL was a third of the time of saving an article.
type batchStmts struct {
	stored, slugs, insert *sql.Stmt
}

const (
	storedSQL = `SELECT
		(SELECT COUNT(*) FROM articles WHERE guid <> '' AND guid = ? AND source_id IS ?) +
		(SELECT COUNT(*) FROM articles WHERE canonical_url <> '' AND canonical_url = ?)`
	slugsSQL  = `SELECT slug FROM articles WHERE slug >= ? AND slug < ?`
	insertSQL = `INSERT INTO articles (source_id, guid, url, canonical_url, slug,
		title, excerpt, content_html, content_text, byline, published_at, fetched_at, image_url,
		image_credit, credit, category_id, language, content_hash, kind, story_id, search_text)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`
)

// newBatch prepares the batch's statements; they close with tx.
func newBatch(ctx context.Context, tx *sql.Tx, sourceID int64) (*batch, error) {
	b := &batch{
		tx: tx, sourceID: sourceID, now: time.Now().UTC().Truncate(time.Microsecond),
		guids: map[string]bool{}, canonicals: map[string]bool{}, categories: map[string]sql.NullInt64{},
	}
	for _, p := range []struct {
		stmt **sql.Stmt
		sql  string
	}{{&b.stmts.stored, storedSQL}, {&b.stmts.slugs, slugsSQL}, {&b.stmts.insert, insertSQL}} {
		st, err := tx.PrepareContext(ctx, p.sql)
		if err != nil {
			return nil, err
		}
		*p.stmt = st
	}
	return b, nil
}

func (b *batch) checkSource(ctx context.Context) error {
	if b.sourceID == 0 {
		return nil
	}
	var one int
	err := b.tx.QueryRowContext(ctx, `SELECT 1 FROM sources WHERE id = ?`, b.sourceID).Scan(&one)
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
	var n int
	err := b.stmts.stored.QueryRowContext(ctx, a.GUID, nullID(b.sourceID), a.CanonicalURL).Scan(&n)
	if err != nil {
		return false, fmt.Errorf("check duplicate: %w", err)
	}
	return n > 0, nil
}

// category finds or creates the category named name; "" is no category.
func (b *batch) category(ctx context.Context, name string) (sql.NullInt64, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return sql.NullInt64{}, nil
	}
	slug := model.Slugify(name, 60)
	if id, ok := b.categories[slug]; ok {
		return id, nil
	}
	var id int64
	err := b.tx.QueryRowContext(ctx, `SELECT id FROM categories WHERE slug = ?`, slug).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		err = b.tx.QueryRowContext(ctx, `INSERT INTO categories (name, slug) VALUES (?, ?) RETURNING id`,
			name, slug).Scan(&id)
	}
	if err != nil {
		return sql.NullInt64{}, fmt.Errorf("category %q: %w", name, err)
	}
	b.categories[slug] = sql.NullInt64{Int64: id, Valid: true}
	return b.categories[slug], nil
}

// freeSlug returns base, or base-2, base-3... whichever is free first.
// One index range fetches base and every slug of the form base-*: slugs
// hold only [a-z0-9-], and '.' sorts right after '-', so [base, base.)
// holds exactly those.
func (b *batch) freeSlug(ctx context.Context, base string) (string, error) {
	rows, err := b.stmts.slugs.QueryContext(ctx, base, base+".")
	if err != nil {
		return "", fmt.Errorf("slug: %w", err)
	}
	defer rows.Close()
	taken := map[string]bool{}
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return "", fmt.Errorf("slug: %w", err)
		}
		taken[s] = true
	}
	if err := rows.Err(); err != nil {
		return "", fmt.Errorf("slug: %w", err)
	}
	return pickSlug(base, taken), nil
}

func pickSlug(base string, taken map[string]bool) string {
	if !taken[base] {
		return base
	}
	for n := 2; ; n++ {
		if s := base + "-" + strconv.Itoa(n); !taken[s] {
			return s
		}
	}
}

func (b *batch) insert(ctx context.Context, a model.Article, slug string, catID sql.NullInt64) (int64, error) {
	var id int64
	err := b.stmts.insert.QueryRowContext(ctx, nullID(b.sourceID), a.GUID, a.URL, a.CanonicalURL, slug,
		a.Title, a.Excerpt, a.ContentHTML, a.ContentText, a.Byline, micros(a.PublishedAt), micros(a.FetchedAt),
		a.ImageURL, a.ImageCredit, a.Credit, catID, a.Language, a.ContentHash, string(a.Kind),
		nullID(a.StoryID), searchText(a)).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("insert: %w", err)
	}
	return id, nil
}
