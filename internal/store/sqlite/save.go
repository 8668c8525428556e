package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/search"
	"github.com/newsdesk/newsdesk/internal/store"
)

// SaveArticles stores the new articles of one feed in one transaction,
// by the rules of store.SaveBatch. sourceID 0 files them as newsroom
// originals.
func (s *Store) SaveArticles(ctx context.Context, sourceID int64, articles []model.Article) (store.SaveResult, error) {
	if len(articles) == 0 {
		return store.SaveResult{}, nil
	}
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return store.SaveResult{}, fmt.Errorf("sqlite: save articles: %w", err)
	}
	defer tx.Rollback()
	b, err := newBatch(ctx, tx, sourceID, s.analyzer.Load())
	if err != nil {
		return store.SaveResult{}, fmt.Errorf("sqlite: save articles: %w", err)
	}
	if err := b.checkSource(ctx); err != nil {
		return store.SaveResult{}, fmt.Errorf("sqlite: save articles: %w", err)
	}
	res, err := store.SaveBatch(ctx, b, articles, time.Now())
	if err != nil {
		return store.SaveResult{}, fmt.Errorf("sqlite: %w", err)
	}
	res.Linked = b.linked
	if err := b.terms.flush(ctx, tx); err != nil {
		return store.SaveResult{}, fmt.Errorf("sqlite: save articles: count search terms: %w", err)
	}
	if err := tx.Commit(); err != nil {
		return store.SaveResult{}, fmt.Errorf("sqlite: save articles: %w", err)
	}
	if res.Inserted > 0 {
		s.merge.nudge()
	}
	return res, nil
}

// batch is the store.ArticleWriter of one SaveArticles call.
type batch struct {
	tx       *sql.Tx
	stmts    batchStmts
	sourceID int64
	analyzer *search.Analyzer
	terms    termDocs // the tokens of the articles indexed so far
	linked   int      // duplicates recorded as carried by this source too
}

// batchStmts are the per-article statements, prepared once per batch:
// parsing SQL was a third of the time of saving an article.
type batchStmts struct {
	duplicated, link, slugs, insert, index, day *sql.Stmt
}

const (
	// duplicatedSQL finds the stored article an incoming one repeats, in
	// the order store.SourceLinker.Duplicated gives: the source's own
	// GUID (?1, ?2), the canonical URL (?3), the URL (?4). Each arm
	// repeats its index's condition so the planner uses it.
	duplicatedSQL = `SELECT id, source FROM (
		SELECT id, COALESCE(source_id, 0) AS source, 1 AS rank FROM articles
			WHERE guid <> '' AND guid = ?1 AND source_id IS ?2
		UNION ALL SELECT article_id, source_id, 1 FROM article_sources
			WHERE guid <> '' AND guid = ?1 AND source_id = ?2
		UNION ALL SELECT id, COALESCE(source_id, 0), 2 FROM articles
			WHERE canonical_url <> '' AND canonical_url = ?3
		UNION ALL SELECT id, COALESCE(source_id, 0), 3 FROM articles
			WHERE ?3 <> '' AND ?4 <> '' AND url = ?4
	) ORDER BY rank LIMIT 1`
	linkSQL = `INSERT INTO article_sources (article_id, source_id, url, guid, seen_at)
		VALUES (?, ?, ?, ?, ?) ON CONFLICT (article_id, source_id) DO NOTHING`
	// slugsSQL counts former slugs as taken: they stay their article's
	// (store.SlugHistoryStore).
	slugsSQL = `SELECT slug FROM articles WHERE slug >= ?1 AND slug < ?2
		UNION ALL SELECT old_slug FROM slug_history WHERE old_slug >= ?1 AND old_slug < ?2`
	insertSQL = `INSERT INTO articles (source_id, guid, url, canonical_url, slug,
		title, excerpt, content_html, content_text, byline, published_at, fetched_at, image_url,
		image_credit, credit, category_id, language, content_hash, kind, story_id)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`
)

// daySQL records an article's ID against its publication day.
const daySQL = `INSERT INTO published_days (day, min_id) VALUES (?, ?)
	ON CONFLICT (day) DO UPDATE SET min_id = MIN(min_id, excluded.min_id)`

// microsPerDay converts stored times (microseconds) to days.
const microsPerDay = 24 * 60 * 60 * 1000 * 1000

// newBatch prepares the batch's statements; they close with tx.
func newBatch(ctx context.Context, tx *sql.Tx, sourceID int64, an *search.Analyzer) (*batch, error) {
	b := &batch{tx: tx, sourceID: sourceID, analyzer: an, terms: termDocs{}}
	for _, p := range []struct {
		stmt **sql.Stmt
		sql  string
	}{{&b.stmts.duplicated, duplicatedSQL}, {&b.stmts.link, linkSQL}, {&b.stmts.slugs, slugsSQL}, {&b.stmts.insert, insertSQL}, {&b.stmts.index, ftsInsertSQL}, {&b.stmts.day, daySQL}} {
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

// Duplicated finds the stored article a repeats (store.SourceLinker).
func (b *batch) Duplicated(ctx context.Context, a model.Article) (store.StoredArticle, bool, error) {
	var found store.StoredArticle
	err := b.stmts.duplicated.QueryRowContext(ctx, a.GUID, nullID(b.sourceID), a.CanonicalURL, a.URL).
		Scan(&found.ID, &found.SourceID)
	if errors.Is(err, sql.ErrNoRows) {
		return store.StoredArticle{}, false, nil
	}
	return found, err == nil, err
}

// Link records the batch's source as carrying the article id too
// (store.SourceLinker).
func (b *batch) Link(ctx context.Context, id int64, a model.Article) (bool, error) {
	res, err := b.stmts.link.ExecContext(ctx, id, b.sourceID, a.URL, a.GUID, micros(a.FetchedAt))
	if err != nil {
		return false, err
	}
	n, err := res.RowsAffected()
	if err != nil || n == 0 {
		return false, err
	}
	// The article's story gains a source.
	var story sql.NullInt64
	if err := b.tx.QueryRowContext(ctx, `SELECT story_id FROM articles WHERE id = ?`, id).Scan(&story); err != nil {
		return false, err
	}
	if story.Valid {
		if err := refreshStory(ctx, newPrepTx(b.tx), story.Int64, 0); err != nil {
			return false, err
		}
	}
	return true, nil
}

// Category finds or creates the category with this slug.
func (b *batch) Category(ctx context.Context, name, slug string) (int64, error) {
	var id int64
	err := b.tx.QueryRowContext(ctx, `SELECT id FROM categories WHERE slug = ?`, slug).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		err = b.tx.QueryRowContext(ctx, `INSERT INTO categories (name, slug) VALUES (?, ?) RETURNING id`,
			name, slug).Scan(&id)
	}
	return id, err
}

// TakenSlugs fetches base and every slug of the form base-* in one index
// range: slugs hold only [a-z0-9-], and '.' sorts right after '-', so
// [base, base.) holds exactly those.
func (b *batch) TakenSlugs(ctx context.Context, base string) (map[string]bool, error) {
	rows, err := b.stmts.slugs.QueryContext(ctx, base, base+".")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	taken := map[string]bool{}
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		taken[s] = true
	}
	return taken, rows.Err()
}

// Insert stores one article and adds it to the search index.
func (b *batch) Insert(ctx context.Context, a model.Article, slug string, catID int64) (int64, error) {
	var id int64
	err := b.stmts.insert.QueryRowContext(ctx, nullID(b.sourceID), a.GUID, a.URL, a.CanonicalURL, slug,
		a.Title, a.Excerpt, a.ContentHTML, a.ContentText, a.Byline, micros(a.PublishedAt), micros(a.FetchedAt),
		a.ImageURL, a.ImageCredit, a.Credit, nullID(catID), a.Language, a.ContentHash, string(a.Kind),
		nullID(a.StoryID)).Scan(&id)
	if err != nil {
		return 0, err
	}
	args := indexArgs(b.analyzer, id, a, catID, b.sourceID)
	if _, err := b.stmts.index.ExecContext(ctx, args...); err != nil {
		return 0, fmt.Errorf("index article %d: %w", id, err)
	}
	b.terms.addArgs(args)
	if _, err := b.stmts.day.ExecContext(ctx, a.PublishedAt.UnixMicro()/microsPerDay, id); err != nil {
		return 0, fmt.Errorf("index article %d: %w", id, err)
	}
	return id, nil
}
