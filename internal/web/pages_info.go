package web

import (
	"fmt"
	"net/http"

	"github.com/newsdesk/newsdesk/internal/model"
)

// infoPage is the data of the about, contact, privacy and feeds pages,
// which are written from the site's settings and its sources.
type infoPage struct {
	Sources    []model.Source
	Categories []model.Category
}

func (s *server) handleAbout(w http.ResponseWriter, r *http.Request) error {
	p, err := s.infoPage(r)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "about", view{s.frame(r, "/about", "About"), p})
}

func (s *server) handleContact(w http.ResponseWriter, r *http.Request) error {
	return s.render(w, r, http.StatusOK, "contact", view{s.frame(r, "/contact", "Contact"), infoPage{}})
}

func (s *server) handlePrivacy(w http.ResponseWriter, r *http.Request) error {
	return s.render(w, r, http.StatusOK, "privacy", view{s.frame(r, "/privacy", "Privacy"), infoPage{}})
}

// handleFeeds lists every section and every source with the feed it is
// read from, so readers can follow the originals directly.
func (s *server) handleFeeds(w http.ResponseWriter, r *http.Request) error {
	p, err := s.infoPage(r)
	if err != nil {
		return err
	}
	fr := s.frame(r, "/feeds", "Feeds")
	fr.Feeds = siteCommentFeeds
	return s.render(w, r, http.StatusOK, "feeds", view{fr, p})
}

// siteCommentFeeds are the feeds of the whole site's newest comments.
var siteCommentFeeds = []feedLink{
	{Type: "application/rss+xml", Title: "Latest comments (RSS)", Href: "/comments/feed.rss"},
	{Type: "application/atom+xml", Title: "Latest comments (Atom)", Href: "/comments/feed.atom"},
}

func (s *server) infoPage(r *http.Request) (infoPage, error) {
	srcs, err := s.store.ListSources(r.Context())
	if err != nil {
		return infoPage{}, fmt.Errorf("web: list sources: %w", err)
	}
	cats, err := s.store.ListCategories(r.Context())
	if err != nil {
		return infoPage{}, fmt.Errorf("web: list categories: %w", err)
	}
	return infoPage{Sources: srcs, Categories: cats}, nil
}
