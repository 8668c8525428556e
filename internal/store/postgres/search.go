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

// searchColumns are the columns of the searchable fields.
var searchColumns = []struct {
	field  store.SearchFields
	column string
}{
	{store.FieldTitle, "a.title"},
	{store.FieldExcerpt, "a.excerpt"},
	{store.FieldContent, "a.content_text"},
}

// termCond is the condition that term matches in one of the chosen
// fields. A substring term is an ILIKE pattern with '%', '_' and '\'
// escaped; an exact term is a case-insensitive regular expression
// (wordPattern). Either way the pattern is a parameter, so user input
// is never SQL, and it is matched against each column apart, so no
// match spans two fields.
func termCond(w *where, term string, fields store.SearchFields, exact bool) string {
	var p, match string
	if exact {
		p, match = w.arg(wordPattern(term)), ` ~* `
	} else {
		p, match = w.arg("%"+likeEscaper.Replace(term)+"%"), ` ILIKE `
	}
	var ors []string
	for _, c := range searchColumns {
		if !fields.Has(c.field) {
			continue
		}
		cond := c.column + match + p
		if !exact {
			cond += ` ESCAPE '\'`
		}
		ors = append(ors, cond)
	}
	return "(" + strings.Join(ors, " OR ") + ")"
}

// SearchArticles finds the articles in which every term matches in one
// of the query's fields, by the rules of store.SearchQuery. ILIKE and ~*
// fold case by the database's locale (all of Unicode under a UTF-8
// locale).
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
		w.add(termCond(&w, t, q.Fields, q.Exact))
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
