package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

// ArticleSources returns the sources that carried an article, the one
// it was stored from first, then the others as they brought it.
func (s *Store) ArticleSources(ctx context.Context, articleID int64) ([]model.ArticleSource, error) {
	rows, err := s.pool.Query(ctx, `
		SELECT a.source_id, src.name, a.url, a.fetched_at, 0 AS later FROM articles a
			JOIN sources src ON src.id = a.source_id WHERE a.id = $1
		UNION ALL SELECT l.source_id, src.name, l.url, l.seen_at, 1 FROM article_sources l
			JOIN sources src ON src.id = l.source_id WHERE l.article_id = $1
		ORDER BY later, 4, 1`, articleID)
	if err != nil {
		return nil, fmt.Errorf("postgres: article %d sources: %w", articleID, err)
	}
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (model.ArticleSource, error) {
		var as model.ArticleSource
		var later int
		err := r.Scan(&as.SourceID, &as.SourceName, &as.URL, &as.SeenAt, &later)
		as.SeenAt = as.SeenAt.UTC()
		return as, err
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: article %d sources: %w", articleID, err)
	}
	if len(out) == 0 {
		// A newsroom original nobody else carried, or no article at all.
		var one int
		err := s.pool.QueryRow(ctx, `SELECT 1 FROM articles WHERE id = $1`, articleID).Scan(&one)
		if err != nil {
			return nil, fmt.Errorf("postgres: article %d sources: %w", articleID, notFound(err))
		}
		out = []model.ArticleSource{}
	}
	return out, nil
}

// SourceArticleURLs reports which of urls the source has carried
// already (store.ArticleSourceStore). Each arm looks urls up in its own
// index.
func (s *Store) SourceArticleURLs(ctx context.Context, sourceID int64, urls []string) (map[string]bool, error) {
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
	rows, err := s.pool.Query(ctx, `
		SELECT url FROM articles WHERE source_id = $1 AND url = ANY($2::text[])
		UNION SELECT canonical_url FROM articles
			WHERE source_id = $1 AND canonical_url <> '' AND canonical_url = ANY($2::text[])
		UNION SELECT url FROM article_sources WHERE source_id = $1 AND url = ANY($2::text[])
		UNION SELECT a.url FROM articles a
			JOIN article_sources l ON l.article_id = a.id AND l.source_id = $1
			WHERE a.url = ANY($2::text[])
		UNION SELECT a.canonical_url FROM articles a
			JOIN article_sources l ON l.article_id = a.id AND l.source_id = $1
			WHERE a.canonical_url <> '' AND a.canonical_url = ANY($2::text[])`, sourceID, want)
	if err != nil {
		return nil, fmt.Errorf("postgres: source %d article urls: %w", sourceID, err)
	}
	found, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, fmt.Errorf("postgres: source %d article urls: %w", sourceID, err)
	}
	for _, u := range found {
		known[u] = true
	}
	return known, nil
}
