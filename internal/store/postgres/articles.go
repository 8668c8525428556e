package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

// listCols is what listings return: everything but the content bodies.
const listCols = `a.id, a.source_id, a.guid, a.url, a.canonical_url, a.slug, a.title,
	a.excerpt, a.byline, a.published_at, a.fetched_at, a.image_url, a.image_credit,
	a.credit, a.language, a.content_hash, a.kind, a.story_id,
	COALESCE(s.name, ''), COALESCE(c.name, ''), COALESCE(c.slug, ''),
	a.comment_count, a.comments_closed, a.dup_of, a.hidden, a.featured_at`

// fullCols adds the bodies, for single-article reads.
const fullCols = listCols + `, a.content_html, a.content_text`

const articleFrom = ` FROM articles a
	LEFT JOIN sources s ON s.id = a.source_id
	LEFT JOIN categories c ON c.id = a.category_id`

// scanArticle reads listCols (fullCols when full), then any extra
// columns into extra.
func scanArticle(row pgx.Row, full bool, extra ...any) (model.Article, error) {
	var a model.Article
	var src, story, dup *int64
	var pub, fetched time.Time
	var featured *time.Time
	var kind string
	dest := []any{&a.ID, &src, &a.GUID, &a.URL, &a.CanonicalURL, &a.Slug, &a.Title,
		&a.Excerpt, &a.Byline, &pub, &fetched, &a.ImageURL, &a.ImageCredit,
		&a.Credit, &a.Language, &a.ContentHash, &kind, &story,
		&a.SourceName, &a.Category, &a.CategorySlug,
		&a.Comments, &a.CommentsClosed, &dup, &a.Hidden, &featured}
	if full {
		dest = append(dest, &a.ContentHTML, &a.ContentText)
	}
	dest = append(dest, extra...)
	if err := row.Scan(dest...); err != nil {
		return model.Article{}, err
	}
	if src != nil {
		a.SourceID = *src
	}
	if story != nil {
		a.StoryID = *story
	}
	if dup != nil {
		a.DupOf = *dup
	}
	a.PublishedAt = pub.UTC()
	a.FetchedAt = fetched.UTC()
	a.FeaturedAt = fromTS(featured)
	a.Kind = model.Kind(kind)
	return a, nil
}

// GetArticle returns one article with its content.
func (s *Store) GetArticle(ctx context.Context, id int64) (model.Article, error) {
	row := s.pool.QueryRow(ctx, `SELECT `+fullCols+originalCols+articleFrom+` WHERE a.id = $1`, id)
	var o originalFields
	a, err := scanArticle(row, true, o.dest()...)
	o.apply(&a)
	if err != nil {
		return model.Article{}, fmt.Errorf("postgres: get article %d: %w", id, notFound(err))
	}
	return a, nil
}

// GetArticleBySlug returns one article with its content, unless an
// editor hid it.
func (s *Store) GetArticleBySlug(ctx context.Context, slug string) (model.Article, error) {
	if !store.Findable(slug) {
		return model.Article{}, fmt.Errorf("postgres: get article %q: %w", slug, store.ErrNotFound)
	}
	row := s.pool.QueryRow(ctx, `SELECT `+fullCols+originalCols+articleFrom+` WHERE a.slug = $1 AND NOT a.hidden`, slug)
	var o originalFields
	a, err := scanArticle(row, true, o.dest()...)
	o.apply(&a)
	if err != nil {
		return model.Article{}, fmt.Errorf("postgres: get article %q: %w", slug, notFound(err))
	}
	return a, nil
}

// ListArticles returns one page of articles, newest first. The order is
// total, (published_at, id) descending, so the keyset cursor never skips
// or repeats a row, even among articles published at the same instant.
func (s *Store) ListArticles(ctx context.Context, f store.ArticleFilter) ([]model.Article, string, error) {
	return s.listArticles(ctx, f, false)
}

// listArticles lists the visible articles, or the hidden ones (for the
// desk's curation pages, copies included).
func (s *Store) listArticles(ctx context.Context, f store.ArticleFilter, hidden bool) ([]model.Article, string, error) {
	what := "list articles"
	var w where
	if hidden {
		what = "hidden articles"
		w.add(`a.hidden`)
	} else {
		w.add(`NOT a.hidden`)
	}
	if f.Cursor != "" {
		cur, err := store.DecodeCursor(f.Cursor)
		if err != nil {
			return nil, "", fmt.Errorf("postgres: %s: %w", what, err)
		}
		w.add(`(a.published_at, a.id) < (` + w.arg(cur.PublishedAt) + `::timestamptz, ` + w.arg(cur.ID) + `::bigint)`)
	}
	if f.CategorySlug != "" {
		if !store.Findable(f.CategorySlug) {
			return []model.Article{}, "", nil
		}
		w.add(`a.category_id = (SELECT id FROM categories WHERE slug = ` + w.arg(f.CategorySlug) + `)`)
	}
	if f.SourceID != 0 {
		w.add(`a.source_id = ` + w.arg(f.SourceID))
	} else if !hidden {
		// A text republished by several outlets is listed once, as its
		// first publication; a source's own listing keeps its copies.
		w.add(`a.dup_of IS NULL`)
	}
	if f.WithImage {
		w.add(`a.image_url <> ''`)
	}
	if len(f.ExcludeIDs) > 0 {
		w.add(`a.id <> ALL(` + w.arg(f.ExcludeIDs) + `::bigint[])`)
	}
	if !f.Since.IsZero() {
		w.add(`a.published_at >= ` + w.arg(f.Since.UTC()))
	}
	limit := store.ClampLimit(f.Limit)
	q := `SELECT ` + listCols + articleFrom + w.String() +
		` ORDER BY a.published_at DESC, a.id DESC LIMIT ` + w.arg(limit+1)
	items, err := s.queryArticles(ctx, q, w.args...)
	if err != nil {
		return nil, "", fmt.Errorf("postgres: %s: %w", what, err)
	}
	items, next := store.NextPage(items, limit)
	return items, next, nil
}

// queryArticles runs a listing query and scans its rows without bodies.
func (s *Store) queryArticles(ctx context.Context, q string, args ...any) ([]model.Article, error) {
	rows, err := s.pool.Query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	return pgx.CollectRows(rows, func(r pgx.CollectableRow) (model.Article, error) { return scanArticle(r, false) })
}

// KnownArticleURLs reports which urls are stored as an article's URL or
// canonical URL. Empty strings are never known.
func (s *Store) KnownArticleURLs(ctx context.Context, urls []string) (map[string]bool, error) {
	known := make(map[string]bool)
	var want []string
	for _, u := range urls {
		if u != "" && store.Findable(u) {
			want = append(want, u)
		}
	}
	if len(want) == 0 {
		return known, nil
	}
	// Two arms so each can use its own index; the canonical_url arm
	// repeats the partial index's condition for the planner.
	rows, err := s.pool.Query(ctx, `SELECT url FROM articles WHERE url = ANY($1::text[])
		UNION SELECT canonical_url FROM articles WHERE canonical_url <> '' AND canonical_url = ANY($1::text[])`, want)
	if err != nil {
		return nil, fmt.Errorf("postgres: known article urls: %w", err)
	}
	found, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, fmt.Errorf("postgres: known article urls: %w", err)
	}
	for _, u := range found {
		known[u] = true
	}
	return known, nil
}
