package web

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/newsdesk/newsdesk/internal/store"
)

// api adapts a JSON handler: its value is written with 200 (an
// apiRedirect with 301), its error as {"error": "..."} with the status
// the error calls for.
func (s *server) api(h func(*http.Request) (any, error)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		v, err := h(r)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		if rd, ok := v.(apiRedirect); ok {
			w.Header().Set("Location", rd.Location)
			writeJSON(w, http.StatusMovedPermanently, rd.Body)
			return
		}
		writeJSON(w, http.StatusOK, v)
	}
}

// apiArticles lists articles newest first, optionally of one category
// (slug) or one source (id).
func (s *server) apiArticles(r *http.Request) (any, error) {
	q := r.URL.Query()
	var f store.ArticleFilter
	var err error
	if f.Limit, f.Cursor, err = pageParams(q); err != nil {
		return nil, err
	}
	if slug := q.Get("category"); slug != "" {
		if _, err := s.store.GetCategoryBySlug(r.Context(), slug); err != nil {
			return nil, notFoundAs(err, fmt.Sprintf("unknown category %q", slug))
		}
		f.CategorySlug = slug
	}
	if raw := q.Get("source"); raw != "" {
		id, err := strconv.ParseInt(raw, 10, 64)
		if err != nil || id <= 0 {
			return nil, badRequest("source must be a source id, a positive whole number")
		}
		if _, err := s.store.GetSource(r.Context(), id); err != nil {
			return nil, notFoundAs(err, fmt.Sprintf("unknown source %d", id))
		}
		f.SourceID = id
	}
	items, next, err := s.store.ListArticles(r.Context(), f)
	if err != nil {
		return nil, err
	}
	out := make([]articleJSON, 0, len(items))
	for _, a := range items {
		out = append(out, s.articleJSON(a))
	}
	return newList(out, next), nil
}

// apiArticle returns one article with its body and its sources.
func (s *server) apiArticle(r *http.Request) (any, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return nil, badRequest("article id must be a positive whole number")
	}
	a, err := s.publicArticle(r.Context(), id)
	if err != nil {
		return nil, notFoundAs(err, fmt.Sprintf("no article %d", id))
	}
	srcs, err := s.store.ArticleSources(r.Context(), id)
	if err != nil {
		return nil, notFoundAs(fmt.Errorf("web: sources of article %d: %w", id, err), fmt.Sprintf("no article %d", id))
	}
	return articleDetailJSON{articleJSON: s.articleJSON(a), ContentHTML: a.ContentHTML,
		Sources: articleSourcesJSON(srcs)}, nil
}

func (s *server) apiCategories(r *http.Request) (any, error) {
	cats, err := s.store.ListCategories(r.Context())
	if err != nil {
		return nil, fmt.Errorf("web: list categories: %w", err)
	}
	out := make([]categoryJSON, 0, len(cats))
	for _, c := range cats {
		out = append(out, s.categoryJSON(c))
	}
	return newList(out, ""), nil
}

func (s *server) apiSources(r *http.Request) (any, error) {
	srcs, err := s.store.ListSources(r.Context())
	if err != nil {
		return nil, fmt.Errorf("web: list sources: %w", err)
	}
	out := make([]sourceJSON, 0, len(srcs))
	for _, src := range srcs {
		out = append(out, s.sourceJSON(src))
	}
	return newList(out, ""), nil
}

// limitParam reads a list's page size: absent means the default, more
// than the maximum is clamped, and anything that is not a positive
// number is the client's mistake.
// pageParams reads a listing's limit and cursor, refusing a cursor that
// no earlier page handed out.
func pageParams(q url.Values) (limit int, cursor string, err error) {
	if limit, err = limitParam(q); err != nil {
		return 0, "", err
	}
	if cursor = q.Get("cursor"); cursor != "" {
		if _, err := store.DecodeCursor(cursor); err != nil {
			return 0, "", badRequest("invalid cursor: use the \"next\" value of a previous page")
		}
	}
	return limit, cursor, nil
}

func limitParam(q url.Values) (int, error) {
	raw := q.Get("limit")
	if raw == "" {
		return store.DefaultLimit, nil
	}
	n, err := strconv.Atoi(raw)
	if err != nil || n < 1 {
		return 0, badRequest("limit must be a whole number from 1 to %d", store.MaxLimit)
	}
	return min(n, store.MaxLimit), nil
}

// notFoundAs words a store's not-found for the client; other errors pass.
func notFoundAs(err error, msg string) error {
	if errors.Is(err, store.ErrNotFound) {
		return &httpError{http.StatusNotFound, msg}
	}
	return err
}
