package web

import (
	"context"
	"errors"
	"fmt"
	"html"
	"maps"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

// The site's news feeds: the latest articles of the whole site, of a
// section, of a source and of a search, and the latest stories naming an
// entity, each as RSS 2.0, Atom 1.0 and JSON Feed 1.1. They carry the
// same articles as the pages they follow (hidden articles and
// republished copies left out as there), with their full stored text.

// feedFormats are the formats every feed is served in, by extension.
var feedFormats = []string{"rss", "atom", "json"}

// feedRoutes registers the feeds on the site's routes.
func (s *server) feedRoutes(mux *http.ServeMux) {
	for _, ext := range feedFormats {
		mux.HandleFunc("GET /feed."+ext, s.page(s.feedHandler(ext, s.homeFeed)))
		mux.HandleFunc("GET /category/{slug}/feed."+ext, s.page(s.feedHandler(ext, s.categoryFeed)))
		mux.HandleFunc("GET /source/{id}/feed."+ext, s.page(s.feedHandler(ext, s.sourceFeed)))
		mux.HandleFunc("GET /entity/{slug}/feed."+ext, s.page(s.feedHandler(ext, s.entityFeed)))
		mux.HandleFunc("GET /search/feed."+ext, s.limitSearch(s.page(s.feedHandler(ext, s.searchFeed))))
	}
	mux.HandleFunc("GET /story/{id}/feed.json", s.page(s.handleStoryJSON))
	s.sitemapRoutes(mux)
}

// feedBuilder reads a feed's content; self is its address for ext.
type feedBuilder func(r *http.Request, ext string) (feed, error)

func (s *server) feedHandler(ext string, build feedBuilder) func(http.ResponseWriter, *http.Request) error {
	return func(w http.ResponseWriter, r *http.Request) error {
		f, err := build(r, ext)
		if err != nil {
			return err
		}
		return s.serveFeedAs(w, r, ext, f)
	}
}

func (s *server) homeFeed(r *http.Request, ext string) (feed, error) {
	items, _, err := s.store.ListArticles(r.Context(), store.ArticleFilter{Limit: feedItems})
	if err != nil {
		return feed{}, fmt.Errorf("web: home feed: %w", err)
	}
	return s.articleFeed(r.Context(), s.settings().Name, "/", "/feed."+ext, items)
}

func (s *server) categoryFeed(r *http.Request, ext string) (feed, error) {
	cat, err := s.store.GetCategoryBySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		return feed{}, err
	}
	items, _, err := s.store.ListArticles(r.Context(), store.ArticleFilter{CategorySlug: cat.Slug, Limit: feedItems})
	if err != nil {
		return feed{}, fmt.Errorf("web: category feed: %w", err)
	}
	base := "/category/" + url.PathEscape(cat.Slug)
	return s.articleFeed(r.Context(), s.settings().Name+": "+cat.Name, base, base+"/feed."+ext, items)
}

func (s *server) sourceFeed(r *http.Request, ext string) (feed, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return feed{}, errNotFound
	}
	src, err := s.store.GetSource(r.Context(), id)
	if err != nil {
		return feed{}, err
	}
	items, _, err := s.store.ListArticles(r.Context(), store.ArticleFilter{SourceID: src.ID, Limit: feedItems})
	if err != nil {
		return feed{}, fmt.Errorf("web: source feed: %w", err)
	}
	base := "/source/" + strconv.FormatInt(src.ID, 10)
	return s.articleFeed(r.Context(), s.settings().Name+": "+sourceLabel(src), base, base+"/feed."+ext, items)
}

// searchFeed follows a search: the newest articles matching the same
// parameters as /search, whatever order the page was sorted in, since a
// feed reader shows what is new.
func (s *server) searchFeed(r *http.Request, ext string) (feed, error) {
	v := r.URL.Query()
	q := strings.TrimSpace(v.Get("q"))
	if q == "" {
		return feed{}, badRequest("A search feed follows a search: add its words, as in /search/feed.%s?q=harbor.", ext)
	}
	req, err := s.readSearch(r.Context(), v, false)
	if err != nil {
		return feed{}, err
	}
	if !req.query.Query.Positive() {
		return feed{}, badRequest("%s", noWordsNotice)
	}
	req.query.Newest = true
	req.query.Limit = feedItems
	res, err := s.store.SearchArticles(r.Context(), req.query)
	if err != nil {
		return feed{}, fmt.Errorf("web: search feed: %w", err)
	}
	qs := searchFeedQuery(v)
	return s.articleFeed(r.Context(), s.settings().Name+": search for “"+shorten(q, 80)+"”",
		"/search?"+qs, "/search/feed."+ext+"?"+qs, res.Items)
}

// searchFeedQuery is a search's parameters without the page number, the
// part a search's page and its feeds share.
func searchFeedQuery(v url.Values) string {
	v = maps.Clone(v)
	v.Del("page")
	v.Del("cursor")
	return v.Encode()
}

// entityFeed follows a person, organization or place: the stories that
// mention it, most recently updated first, as the entity page lists them.
func (s *server) entityFeed(r *http.Request, ext string) (feed, error) {
	e, err := s.store.GetEntityBySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		return feed{}, err
	}
	stories, _, err := s.store.EntityStories(r.Context(), e.ID, store.StoryFilter{Limit: feedItems})
	if err != nil {
		return feed{}, fmt.Errorf("web: entity feed %d: %w", e.ID, err)
	}
	base := entityPath(e.Slug)
	f := feed{
		Title:    s.settings().Name + ": " + e.Name,
		SiteLink: s.absURL(base),
		SelfLink: s.absURL(base + "/feed." + ext),
	}
	for _, st := range stories {
		var b strings.Builder
		if st.Excerpt != "" {
			b.WriteString("<p>" + html.EscapeString(st.Excerpt) + "</p>")
		}
		b.WriteString("<p>" + html.EscapeString(plural(st.Articles, "article", "articles")+" from "+plural(st.Sources, "source", "sources")) + ".</p>")
		if st.ImageCredit != "" {
			b.WriteString("<p>Photo: " + html.EscapeString(st.ImageCredit) + "</p>")
		}
		f.Entries = append(f.Entries, feedEntry{
			Title:     storyTitle(st),
			Link:      s.absURL(storyPath(st.ID)),
			ID:        s.tagURI(st.FirstPublished, "story", st.ID),
			Published: st.LastPublished,
			Author:    st.FirstSource,
			HTML:      b.String(),
			Summary:   st.Excerpt,
			Category:  st.Category,
			Image:     s.absImage(st.ImageURL),
		})
	}
	f.Updated = s.feedUpdated(f.Entries)
	return f, nil
}

// articleFeed builds a feed of articles, reading each one's stored text:
// listings leave the bodies out.
func (s *server) articleFeed(ctx context.Context, title, sitePath, selfPath string, items []model.Article) (feed, error) {
	f := feed{Title: title, SiteLink: s.absURL(sitePath), SelfLink: s.absURL(selfPath)}
	for _, a := range items[:min(len(items), feedItems)] {
		full, err := s.store.GetArticle(ctx, a.ID)
		if errors.Is(err, store.ErrNotFound) || err == nil && full.Hidden {
			continue // deleted or hidden since the listing was read
		}
		if err != nil {
			return feed{}, fmt.Errorf("web: feed article %d: %w", a.ID, err)
		}
		f.Entries = append(f.Entries, s.articleEntry(full))
	}
	f.Updated = s.feedUpdated(f.Entries)
	return f, nil
}

// articleEntry is an article as a feed item. Its content is the
// sanitized HTML the store holds (the excerpt when there is none), with
// the lead photo's caption and credit after it.
func (s *server) articleEntry(a model.Article) feedEntry {
	var b strings.Builder
	if a.ContentHTML != "" {
		b.WriteString(a.ContentHTML)
	} else if a.Excerpt != "" {
		b.WriteString("<p>" + html.EscapeString(a.Excerpt) + "</p>")
	}
	if a.ImageURL != "" && (a.ImageCaption != "" || a.ImageCredit != "") {
		b.WriteString("<p>")
		if a.ImageCaption != "" {
			b.WriteString(html.EscapeString(a.ImageCaption) + " ")
		}
		if a.ImageCredit != "" {
			b.WriteString("Photo: " + html.EscapeString(a.ImageCredit))
		}
		b.WriteString("</p>")
	}
	return feedEntry{
		Title:     a.Title,
		Link:      s.absURL(s.permalink(a)),
		ID:        s.tagURI(a.PublishedAt, "article", a.ID),
		Published: a.PublishedAt,
		Updated:   a.UpdatedAt,
		Author:    firstNonEmpty(a.Byline, a.SourceName, a.Credit, hostOf(a.URL)),
		HTML:      b.String(),
		Summary:   a.Excerpt,
		Category:  a.Category,
		Image:     s.absImage(a.ImageURL),
	}
}

// tagURI is an entry's permanent ID (RFC 4151): the site's host, the
// day the thing first appeared and its ID, so an edited slug or title
// does not make readers see an article twice.
func (s *server) tagURI(when time.Time, kind string, id int64) string {
	host := hostOf(s.settings().BaseURL)
	if host == "" {
		host = "newsdesk.invalid"
	}
	return fmt.Sprintf("tag:%s,%s:%s/%d", host, when.UTC().Format(time.DateOnly), kind, id)
}

// absImage makes a picture's address absolute: uploads are stored as
// site paths (/media/...). Anything but a web address is dropped.
func (s *server) absImage(u string) string {
	switch {
	case strings.HasPrefix(u, "/") && !strings.HasPrefix(u, "//"):
		return s.absURL(u)
	case isWebURL(u):
		return u
	}
	return ""
}

// feedUpdated is when a feed last changed: its newest entry, or now for
// an empty feed.
func (s *server) feedUpdated(entries []feedEntry) time.Time {
	var t time.Time
	for _, e := range entries {
		if u := e.entryUpdated(); u.After(t) {
			t = u
		}
	}
	if t.IsZero() {
		return s.now()
	}
	return t
}

// handleStoryJSON serves a story's feed as JSON Feed, next to its RSS
// and Atom feeds (story_feed.go).
func (s *server) handleStoryJSON(w http.ResponseWriter, r *http.Request) error {
	return s.serveStoryFeed(w, r, "json")
}

// feedLinks are the alternate links of a page whose feeds live at
// base+"/feed.EXT" (base "" for the home page), titled after title.
func feedLinks(base, query, title string) []feedLink {
	if query != "" {
		query = "?" + query
	}
	return []feedLink{
		{Type: "application/rss+xml", Title: title + " (RSS)", Href: base + "/feed.rss" + query},
		{Type: "application/atom+xml", Title: title + " (Atom)", Href: base + "/feed.atom" + query},
		{Type: "application/feed+json", Title: title + " (JSON Feed)", Href: base + "/feed.json" + query},
	}
}

// pageFeeds are the feeds a listing page announces, found from its
// canonical path: the home page, sections, sources, entities, and a
// search with words. Other pages set their own (story, article) or have
// none.
func (s *server) pageFeeds(r *http.Request, canonicalPath, title string) []feedLink {
	switch {
	case canonicalPath == "/":
		return feedLinks("", "", "Latest news")
	case strings.HasPrefix(canonicalPath, "/category/"),
		strings.HasPrefix(canonicalPath, "/source/"),
		strings.HasPrefix(canonicalPath, "/entity/"):
		return feedLinks(canonicalPath, "", title)
	case canonicalPath == "" && r.URL.Path == "/search" && strings.TrimSpace(r.URL.Query().Get("q")) != "":
		return feedLinks("/search", searchFeedQuery(r.URL.Query()), "Search results")
	}
	return nil
}
