package web

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/newsdesk/newsdesk/internal/store"
)

// listPageSize is how many articles a section or source page shows.
const listPageSize = 20

// listPage is the data of the list template, shared by sections and sources.
type listPage struct {
	Heading  string
	Intro    string // one line under the heading; may be empty
	SiteURL  string // the source's own site, for source pages
	Articles []card
	Older    string // link to the next page, empty on the last
	First    string // link back to the first page, when not on it
}

func (s *server) handleCategory(w http.ResponseWriter, r *http.Request) error {
	cursor, err := cursorParam(r)
	if err != nil {
		return err
	}
	cat, err := s.store.GetCategoryBySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		return err
	}
	base := "/category/" + url.PathEscape(cat.Slug)
	p := listPage{Heading: cat.Name}
	if err := s.fillList(r, &p, base, store.ArticleFilter{CategorySlug: cat.Slug, Cursor: cursor}); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "list", view{s.frame(r, base, cat.Name), p})
}

func (s *server) handleSource(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return badRequest("A source is identified by a number, like /source/12.")
	}
	cursor, err := cursorParam(r)
	if err != nil {
		return err
	}
	src, err := s.store.GetSource(r.Context(), id)
	if err != nil {
		return err
	}
	base := "/source/" + strconv.FormatInt(src.ID, 10)
	p := listPage{Heading: sourceLabel(src), SiteURL: src.SiteURL}
	if src.Category != "" {
		p.Intro = "Filed under " + src.Category + " by default."
	}
	if err := s.fillList(r, &p, base, store.ArticleFilter{SourceID: src.ID, Cursor: cursor}); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "list", view{s.frame(r, base, p.Heading), p})
}

// fillList reads one page of a listing and its navigation links.
func (s *server) fillList(r *http.Request, p *listPage, base string, f store.ArticleFilter) error {
	f.Limit = listPageSize
	items, next, err := s.store.ListArticles(r.Context(), f)
	if err != nil {
		return err
	}
	p.Articles = s.cards(items)
	if next != "" {
		p.Older = base + "?cursor=" + url.QueryEscape(next)
	}
	if f.Cursor != "" {
		p.First = base
	}
	return nil
}

// cursorParam reads and checks the cursor query parameter, so a mangled
// link is a 400 whatever the store would make of it.
func cursorParam(r *http.Request) (string, error) {
	c := r.URL.Query().Get("cursor")
	if c == "" {
		return "", nil
	}
	if _, err := store.DecodeCursor(c); err != nil {
		return "", badRequest("That page link is not valid; start again from the first page.")
	}
	return c, nil
}
