package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

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
func scanArticle(row interface{ Scan(...any) error }, full bool, extra ...any) (model.Article, error) {
	var a model.Article
	var src, story, dup sql.NullInt64
	var pub, fetched, featured sql.NullInt64
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
	a.SourceID = src.Int64
	a.StoryID = story.Int64
	a.DupOf = dup.Int64
	a.PublishedAt = fromMicros(pub)
	a.FetchedAt = fromMicros(fetched)
	a.FeaturedAt = fromMicros(featured)
	a.Kind = model.Kind(kind)
	return a, nil
}

// GetArticle returns one article with its content.
func (s *Store) GetArticle(ctx context.Context, id int64) (model.Article, error) {
	row := s.r.QueryRowContext(ctx, `SELECT `+fullCols+originalCols+articleFrom+` WHERE a.id = ?`, id)
	var o originalFields
	a, err := scanArticle(row, true, o.dest()...)
	o.apply(&a)
	if err != nil {
		return model.Article{}, fmt.Errorf("sqlite: get article %d: %w", id, notFound(err))
	}
	return a, nil
}

// GetArticleBySlug returns one article with its content, unless an
// editor hid it.
func (s *Store) GetArticleBySlug(ctx context.Context, slug string) (model.Article, error) {
	row := s.r.QueryRowContext(ctx, `SELECT `+fullCols+originalCols+articleFrom+` WHERE a.slug = ? AND a.hidden = 0`, slug)
	var o originalFields
	a, err := scanArticle(row, true, o.dest()...)
	o.apply(&a)
	if err != nil {
		return model.Article{}, fmt.Errorf("sqlite: get article %q: %w", slug, notFound(err))
	}
	return a, nil
}

// where collects the conditions and arguments of one query.
type where struct {
	conds []string
	args  []any
}

func (w *where) add(cond string, args ...any) {
	w.conds = append(w.conds, cond)
	w.args = append(w.args, args...)
}

func (w *where) String() string {
	if len(w.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(w.conds, " AND ")
}

// placeholders returns "?, ?, ?" for n values.
func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
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
		w.add(`a.hidden = 1`)
	} else {
		w.add(`a.hidden = 0`)
	}
	if f.Cursor != "" {
		cur, err := store.DecodeCursor(f.Cursor)
		if err != nil {
			return nil, "", fmt.Errorf("sqlite: %s: %w", what, err)
		}
		w.add(`(a.published_at, a.id) < (?, ?)`, cur.PublishedAt.UnixMicro(), cur.ID)
	}
	if f.CategorySlug != "" {
		w.add(`a.category_id = (SELECT id FROM categories WHERE slug = ?)`, f.CategorySlug)
	}
	if f.SourceID != 0 {
		w.add(`a.source_id = ?`, f.SourceID)
	} else if !hidden {
		// A text republished by several outlets is listed once, as its
		// first publication; a source's own listing keeps its copies.
		w.add(`a.dup_of IS NULL`)
	}
	if f.WithImage {
		w.add(`a.image_url <> ''`)
	}
	if len(f.ExcludeIDs) > 0 {
		args := make([]any, len(f.ExcludeIDs))
		for i, id := range f.ExcludeIDs {
			args[i] = id
		}
		w.add(`a.id NOT IN (`+placeholders(len(args))+`)`, args...)
	}
	if !f.Since.IsZero() {
		w.add(`a.published_at >= ?`, f.Since.UnixMicro())
	}
	limit := store.ClampLimit(f.Limit)
	q := `SELECT ` + listCols + articleFrom + w.String() +
		` ORDER BY a.published_at DESC, a.id DESC LIMIT ?`
	items, err := s.queryArticles(ctx, q, append(w.args, limit+1)...)
	if err != nil {
		return nil, "", fmt.Errorf("sqlite: %s: %w", what, err)
	}
	items, next := store.NextPage(items, limit)
	return items, next, nil
}

// queryArticles runs a listing query and scans its rows without bodies.
func (s *Store) queryArticles(ctx context.Context, q string, args ...any) ([]model.Article, error) {
	rows, err := s.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := []model.Article{}
	for rows.Next() {
		a, err := scanArticle(rows, false)
		if err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// knownChunk keeps each look-up well under SQLite's bound-parameter limit.
const knownChunk = 500

// KnownArticleURLs reports which urls are stored as an article's URL or
// canonical URL. Empty strings are never known.
func (s *Store) KnownArticleURLs(ctx context.Context, urls []string) (map[string]bool, error) {
	known := make(map[string]bool)
	var want []any
	for _, u := range urls {
		if u != "" {
			want = append(want, u)
		}
	}
	for start := 0; start < len(want); start += knownChunk {
		part := want[start:min(start+knownChunk, len(want))]
		in := placeholders(len(part))
		// Two arms so each can use its own index; the canonical_url arm
		// repeats the partial index's condition for the planner.
		q := `SELECT url FROM articles WHERE url IN (` + in + `)
			UNION SELECT canonical_url FROM articles WHERE canonical_url <> '' AND canonical_url IN (` + in + `)`
		rows, err := s.r.QueryContext(ctx, q, append(append([]any{}, part...), part...)...)
		if err != nil {
			return nil, fmt.Errorf("sqlite: known article urls: %w", err)
		}
		for rows.Next() {
			var u string
			if err := rows.Scan(&u); err != nil {
				rows.Close()
				return nil, fmt.Errorf("sqlite: known article urls: %w", err)
			}
			known[u] = true
		}
		err = rows.Err()
		rows.Close()
		if err != nil {
			return nil, fmt.Errorf("sqlite: known article urls: %w", err)
		}
	}
	return known, nil
}
