package sqlite

import (
	"context"
	"fmt"
	"strings"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

// searchSep joins the searched fields in search_text; terms holding it
// are refused, so no match can straddle two fields.
const searchSep = "\x1f"

// searchText is what the word search looks in: title, excerpt and text,
// lowercased by Go so case folding covers all of Unicode, not only the
// ASCII that SQLite's lower() and LIKE know.
func searchText(a model.Article) string {
	return strings.ToLower(a.Title + searchSep + a.Excerpt + searchSep + a.ContentText)
}

// searchTerms lowercases the terms and drops blank ones. ok is false
// when a term cannot occur in stored text, or holds searchSep.
func searchTerms(terms []string) (out []string, ok bool) {
	for _, t := range terms {
		t = strings.ToLower(strings.TrimSpace(t))
		if !store.Findable(t) || strings.Contains(t, searchSep) {
			return nil, false
		}
		if t != "" {
			out = append(out, t)
		}
	}
	return out, true
}

// addTerm adds the condition that term matches in the query's fields.
// A substring search of every field, the common case, is a plain instr()
// on search_text; anything else goes to searchMatch (matchFunc), behind
// an instr() for each word of the term: every match holds its words as
// substrings, and instr() rules out most rows before any Go is called.
// instr() is a substring test, so '%', '_' and '\' in user input are
// ordinary characters and never pattern syntax.
func addTerm(w *where, term string, fields store.SearchFields, exact bool) {
	everyField := fields.Has(store.FieldTitle) && fields.Has(store.FieldExcerpt) && fields.Has(store.FieldContent)
	if everyField && !exact {
		w.add(`instr(a.search_text, ?) > 0`, term)
		return
	}
	words := []string{term}
	if exact {
		words = strings.Fields(term)
	}
	for _, word := range words {
		w.add(`instr(a.search_text, ?) > 0`, word)
	}
	flag := int64(0)
	if exact {
		flag = 1
	}
	w.add(matchFunc+`(a.search_text, ?, ?, ?)`, matchTerm(term, exact), int64(fields), flag)
}

// SearchArticles finds the articles in which every term matches in one
// of the query's fields, by the rules of store.SearchQuery.
func (s *Store) SearchArticles(ctx context.Context, q store.SearchQuery) (store.SearchResult, error) {
	terms, ok := searchTerms(q.Terms)
	if !ok || len(terms) == 0 {
		return store.SearchResult{Items: []model.Article{}}, nil
	}
	var w where
	for _, t := range terms {
		addTerm(&w, t, q.Fields, q.Exact)
	}
	if q.CategorySlug != "" {
		w.add(`a.category_id = (SELECT id FROM categories WHERE slug = ?)`, q.CategorySlug)
	}
	if q.SourceID != 0 {
		w.add(`a.source_id = ?`, q.SourceID)
	}
	if !q.Since.IsZero() {
		w.add(`a.published_at >= ?`, q.Since.UnixMicro())
	}
	if !q.Until.IsZero() {
		w.add(`a.published_at < ?`, q.Until.UnixMicro())
	}
	res := store.SearchResult{Items: []model.Article{}}
	err := s.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM articles a`+w.String(), w.args...).Scan(&res.Total)
	if err != nil {
		return store.SearchResult{}, fmt.Errorf("sqlite: search articles: %w", err)
	}
	if res.Total == 0 {
		return res, nil
	}
	query := `SELECT ` + listCols + articleFrom + w.String() +
		` ORDER BY a.published_at DESC, a.id DESC LIMIT ? OFFSET ?`
	args := append(w.args, store.ClampLimit(q.Limit), max(q.Offset, 0))
	res.Items, err = s.queryArticles(ctx, query, args...)
	if err != nil {
		return store.SearchResult{}, fmt.Errorf("sqlite: search articles: %w", err)
	}
	return res, nil
}
