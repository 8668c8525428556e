package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

// ArticleSources returns the sources that carried an article, the one
// it was stored from first, then the others as they brought it.
func (s *Store) ArticleSources(ctx context.Context, articleID int64) ([]model.ArticleSource, error) {
	rows, err := s.r.QueryContext(ctx, `
		SELECT a.source_id, src.name, a.url, a.fetched_at, 0 AS later FROM articles a
			JOIN sources src ON src.id = a.source_id WHERE a.id = ?1
		UNION ALL SELECT l.source_id, src.name, l.url, l.seen_at, 1 FROM article_sources l
			JOIN sources src ON src.id = l.source_id WHERE l.article_id = ?1
		ORDER BY later, 4, 1`, articleID)
	if err != nil {
		return nil, fmt.Errorf("sqlite: article %d sources: %w", articleID, err)
	}
	defer rows.Close()
	out := []model.ArticleSource{}
	for rows.Next() {
		var as model.ArticleSource
		var seen sql.NullInt64
		var later int
		if err := rows.Scan(&as.SourceID, &as.SourceName, &as.URL, &seen, &later); err != nil {
			return nil, fmt.Errorf("sqlite: article %d sources: %w", articleID, err)
		}
		as.SeenAt = fromMicros(seen)
		out = append(out, as)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlite: article %d sources: %w", articleID, err)
	}
	if len(out) == 0 {
		// A newsroom original nobody else carried, or no article at all.
		var one int
		err := s.r.QueryRowContext(ctx, `SELECT 1 FROM articles WHERE id = ?`, articleID).Scan(&one)
		if err != nil {
			return nil, fmt.Errorf("sqlite: article %d sources: %w", articleID, notFound(err))
		}
	}
	return out, nil
}

// SourceArticleURLs reports which of urls the source has carried
// already (store.ArticleSourceStore).
func (s *Store) SourceArticleURLs(ctx context.Context, sourceID int64, urls []string) (map[string]bool, error) {
	known := make(map[string]bool)
	var want []any
	for _, u := range urls {
		if u != "" && store.Findable(u) {
			want = append(want, u)
		}
	}
	for start := 0; start < len(want); start += knownChunk {
		part := want[start:min(start+knownChunk, len(want))]
		if err := s.sourceURLs(ctx, sourceID, part, known); err != nil {
			return nil, fmt.Errorf("sqlite: source %d article urls: %w", sourceID, err)
		}
	}
	return known, nil
}

// sourceURLs adds to known those of urls the source has carried. Each arm
// looks urls up in its own index: "+source_id" keeps the planner from
// walking every article of the source instead, and CROSS JOIN from
// scanning the source's links before the articles.
func (s *Store) sourceURLs(ctx context.Context, sourceID int64, urls []any, known map[string]bool) error {
	// ?2 .. ?n+1 are the urls, used by every arm.
	var in strings.Builder
	for i := range urls {
		if i > 0 {
			in.WriteString(", ")
		}
		in.WriteString("?" + strconv.Itoa(i+2))
	}
	q := `SELECT url FROM articles WHERE +source_id = ?1 AND url IN (` + in.String() + `)
		UNION SELECT canonical_url FROM articles
			WHERE +source_id = ?1 AND canonical_url <> '' AND canonical_url IN (` + in.String() + `)
		UNION SELECT url FROM article_sources WHERE source_id = ?1 AND url IN (` + in.String() + `)
		UNION SELECT a.url FROM articles a CROSS JOIN article_sources l
			ON l.article_id = a.id AND l.source_id = ?1
			WHERE a.url IN (` + in.String() + `)
		UNION SELECT a.canonical_url FROM articles a CROSS JOIN article_sources l
			ON l.article_id = a.id AND l.source_id = ?1
			WHERE a.canonical_url <> '' AND a.canonical_url IN (` + in.String() + `)`
	rows, err := s.r.QueryContext(ctx, q, append([]any{sourceID}, urls...)...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var u string
		if err := rows.Scan(&u); err != nil {
			return err
		}
		known[u] = true
	}
	return rows.Err()
}
