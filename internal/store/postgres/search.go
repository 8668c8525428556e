package postgres

import (
	"context"
	"fmt"
	"strings"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

// likeEscaper makes a term literal inside a LIKE pattern whose escape
// character is '\'.
var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

// SearchArticles finds the articles whose title, excerpt or text holds
// every term. ILIKE folds case by the database's locale (all of Unicode
// under a UTF-8 locale); '%', '_' and '\' in terms are escaped, so user
// input is never pattern syntax.
func (s *Store) SearchArticles(ctx context.Context, q store.SearchQuery) (store.SearchResult, error) {
	var w where
	for _, t := range q.Terms {
		t = strings.TrimSpace(t)
		if t == "" {
			continue
		}
		if !store.Findable(t) {
			// Such a term cannot occur in stored text.
			return store.SearchResult{Items: []model.Article{}}, nil
		}
		p := w.arg("%" + likeEscaper.Replace(t) + "%")
		w.add(`(a.title ILIKE ` + p + ` ESCAPE '\' OR a.excerpt ILIKE ` + p +
			` ESCAPE '\' OR a.content_text ILIKE ` + p + ` ESCAPE '\')`)
	}
	if len(w.conds) == 0 {
		return store.SearchResult{Items: []model.Article{}}, nil
	}
	if q.CategorySlug != "" {
		if !store.Findable(q.CategorySlug) {
			return store.SearchResult{Items: []model.Article{}}, nil
		}
		w.add(`a.category_id = (SELECT id FROM categories WHERE slug = ` + w.arg(q.CategorySlug) + `)`)
	}
	if q.SourceID != 0 {
		w.add(`a.source_id = ` + w.arg(q.SourceID))
	}
	if !q.Since.IsZero() {
		w.add(`a.published_at >= ` + w.arg(q.Since.UTC()))
	}
	if !q.Until.IsZero() {
		w.add(`a.published_at < ` + w.arg(q.Until.UTC()))
	}
	res := store.SearchResult{Items: []model.Article{}}
	var total int64
	err := s.pool.QueryRow(ctx, `SELECT COUNT(*) FROM articles a`+w.String(), w.args...).Scan(&total)
	if err != nil {
		return store.SearchResult{}, fmt.Errorf("postgres: search articles: %w", err)
	}
	res.Total = int(total)
	if total == 0 {
		return res, nil
	}
	query := `SELECT ` + listCols + articleFrom + w.String() +
		` ORDER BY a.published_at DESC, a.id DESC LIMIT ` + w.arg(store.ClampLimit(q.Limit)) +
		` OFFSET ` + w.arg(max(q.Offset, 0))
	res.Items, err = s.queryArticles(ctx, query, w.args...)
	if err != nil {
		return store.SearchResult{}, fmt.Errorf("postgres: search articles: %w", err)
	}
	return res, nil
}
