package web

import (
	"context"
	"encoding/xml"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

// robots.txt and the sitemaps search engines crawl the site by.
//
// The articles' sitemaps are one per day of publication (UTC),
// /sitemaps/articles-2026-11-29.xml: a day's address never changes as
// articles arrive, unlike numbered pages of a newest-first list, and the
// index finds the days with one single-row keyset query each (the newest
// article before the day it just listed), so it never walks the
// articles themselves. /sitemaps/pages.xml holds the home page,
// sections, sources and recent stories; /sitemap-news.xml is the Google
// News sitemap of the last two days.

// Sitemap limits (sitemaps.org and Google News).
const (
	maxSitemapURLs   = 50_000 // per sitemap, and sitemaps per index
	maxNewsURLs      = 1_000
	newsWindow       = 48 * time.Hour
	sitemapStories   = 1_000 // newest stories listed in pages.xml
	sitemapBatch     = store.MaxLimit
	sitemapType      = "application/xml; charset=utf-8"
	sitemapNS        = "http://www.sitemaps.org/schemas/sitemap/0.9"
	newsNS           = "http://www.google.com/schemas/sitemap-news/0.9"
	articleSitemapFx = "articles-"
)

type sitemapIndex struct {
	XMLName  xml.Name       `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 sitemapindex"`
	Sitemaps []sitemapEntry `xml:"sitemap"`
}

type sitemapEntry struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod,omitempty"`
}

type urlSet struct {
	XMLName xml.Name     `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	News    string       `xml:"xmlns:news,attr,omitempty"`
	URLs    []sitemapURL `xml:"url"`
}

type sitemapURL struct {
	Loc     string    `xml:"loc"`
	LastMod string    `xml:"lastmod,omitempty"`
	News    *newsItem `xml:"news:news"`
}

type newsItem struct {
	Publication newsPublication `xml:"news:publication"`
	Date        string          `xml:"news:publication_date"`
	Title       string          `xml:"news:title"`
}

type newsPublication struct {
	Name     string `xml:"news:name"`
	Language string `xml:"news:language"`
}

func (s *server) sitemapRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /robots.txt", s.handleRobots)
	mux.HandleFunc("GET /sitemap.xml", s.page(s.handleSitemapIndex))
	mux.HandleFunc("GET /sitemap-news.xml", s.page(s.handleNewsSitemap))
	mux.HandleFunc("GET /sitemaps/{file}", s.page(s.handleSitemap))
}

// handleRobots lets crawlers read the site but not the newsroom's area,
// the API or search results (endless combinations of the same articles).
func (s *server) handleRobots(w http.ResponseWriter, r *http.Request) {
	base := s.settings().BaseURL
	body := "User-agent: *\nAllow: /\nDisallow: /admin/\nDisallow: /api/\nDisallow: /search\n\n" +
		"Sitemap: " + base + "/sitemap.xml\nSitemap: " + base + "/sitemap-news.xml\n"
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	if r.Method != http.MethodHead {
		w.Write([]byte(body))
	}
}

// w3cTime is a sitemap's date format (W3C Datetime, RFC 3339 in UTC).
func w3cTime(t time.Time) string {
	return t.UTC().Format(time.RFC3339)
}

// lastChange is when an article last changed.
func lastChange(a model.Article) time.Time {
	if a.UpdatedAt.After(a.PublishedAt) {
		return a.UpdatedAt
	}
	return a.PublishedAt
}

func (s *server) handleSitemapIndex(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	idx := sitemapIndex{}
	days, err := s.articleDays(ctx)
	if err != nil {
		return err
	}
	pages := sitemapEntry{Loc: s.absURL("/sitemaps/pages.xml")}
	if len(days) > 0 {
		pages.LastMod = days[0].LastMod
	}
	idx.Sitemaps = append(idx.Sitemaps, pages)
	idx.Sitemaps = append(idx.Sitemaps, days...)
	return s.writeFeed(w, r, sitemapType, idx)
}

// articleDays lists the days articles were published on, newest first,
// as sitemap entries; each is dated by its newest article.
func (s *server) articleDays(ctx context.Context) ([]sitemapEntry, error) {
	var out []sitemapEntry
	cursor := ""
	for len(out) < maxSitemapURLs-1 {
		items, _, err := s.store.ListArticles(ctx, store.ArticleFilter{Limit: 1, Cursor: cursor})
		if err != nil {
			return nil, fmt.Errorf("web: sitemap days: %w", err)
		}
		if len(items) == 0 {
			break
		}
		a := items[0]
		day := a.PublishedAt.UTC().Truncate(24 * time.Hour)
		out = append(out, sitemapEntry{
			Loc:     s.absURL("/sitemaps/" + articleSitemapFx + day.Format(time.DateOnly) + ".xml"),
			LastMod: w3cTime(lastChange(a)),
		})
		// The newest article published before this day: (time, id) <
		// (midnight, 1) takes none of the day's own articles.
		cursor = store.Cursor{PublishedAt: day, ID: 1}.Encode()
	}
	return out, nil
}

// handleSitemap serves /sitemaps/pages.xml and a day's articles.
func (s *server) handleSitemap(w http.ResponseWriter, r *http.Request) error {
	file := r.PathValue("file")
	if file == "pages.xml" {
		set, err := s.pagesSitemap(r.Context())
		if err != nil {
			return err
		}
		return s.writeFeed(w, r, sitemapType, set)
	}
	date, ok := strings.CutPrefix(file, articleSitemapFx)
	date, ok2 := strings.CutSuffix(date, ".xml")
	day, err := time.Parse(time.DateOnly, date)
	if !ok || !ok2 || err != nil {
		return errNotFound
	}
	set := urlSet{URLs: []sitemapURL{}}
	cursor := store.Cursor{PublishedAt: day.Add(24 * time.Hour), ID: 1}.Encode()
	for cursor != "" && len(set.URLs) < maxSitemapURLs {
		items, next, err := s.store.ListArticles(r.Context(), store.ArticleFilter{
			Since: day, Cursor: cursor, Limit: min(sitemapBatch, maxSitemapURLs-len(set.URLs)),
		})
		if err != nil {
			return fmt.Errorf("web: sitemap %s: %w", date, err)
		}
		for _, a := range items {
			set.URLs = append(set.URLs, sitemapURL{Loc: s.absURL(s.permalink(a)), LastMod: w3cTime(lastChange(a))})
		}
		cursor = next
	}
	return s.writeFeed(w, r, sitemapType, set)
}

// pagesSitemap lists the pages other than articles: the home page, the
// informational pages, the sections and sources, and the newest stories.
func (s *server) pagesSitemap(ctx context.Context) (urlSet, error) {
	set := urlSet{}
	for _, p := range []string{"/", "/about", "/contact", "/privacy", "/feeds"} {
		set.URLs = append(set.URLs, sitemapURL{Loc: s.absURL(p)})
	}
	cats, err := s.store.ListCategories(ctx)
	if err != nil {
		return urlSet{}, fmt.Errorf("web: sitemap categories: %w", err)
	}
	for _, c := range cats {
		if c.Articles > 0 {
			set.URLs = append(set.URLs, sitemapURL{Loc: s.absURL("/category/" + url.PathEscape(c.Slug))})
		}
	}
	srcs, err := s.store.ListSources(ctx)
	if err != nil {
		return urlSet{}, fmt.Errorf("web: sitemap sources: %w", err)
	}
	for _, src := range srcs {
		set.URLs = append(set.URLs, sitemapURL{Loc: s.absURL("/source/" + strconv.FormatInt(src.ID, 10))})
	}
	cursor := ""
	for n := 0; n < sitemapStories; {
		stories, next, err := s.store.ListStories(ctx, store.StoryFilter{Limit: sitemapBatch, Cursor: cursor})
		if err != nil {
			return urlSet{}, fmt.Errorf("web: sitemap stories: %w", err)
		}
		for _, st := range stories {
			set.URLs = append(set.URLs, sitemapURL{Loc: s.absURL(storyPath(st.ID)), LastMod: w3cTime(st.LastPublished)})
		}
		n += len(stories)
		if next == "" || len(stories) == 0 {
			break
		}
		cursor = next
	}
	return set, nil
}

// handleNewsSitemap serves the Google News sitemap: the articles
// published in the last two days, newest first, at most a thousand.
func (s *server) handleNewsSitemap(w http.ResponseWriter, r *http.Request) error {
	st := s.settings()
	pub := newsPublication{Name: st.Name, Language: siteLanguageCode(st.Language)}
	set := urlSet{News: newsNS, URLs: []sitemapURL{}}
	since := s.now().Add(-newsWindow)
	cursor := ""
	for len(set.URLs) < maxNewsURLs {
		items, next, err := s.store.ListArticles(r.Context(), store.ArticleFilter{
			Since: since, Cursor: cursor, Limit: min(sitemapBatch, maxNewsURLs-len(set.URLs)),
		})
		if err != nil {
			return fmt.Errorf("web: news sitemap: %w", err)
		}
		for _, a := range items {
			set.URLs = append(set.URLs, sitemapURL{
				Loc:     s.absURL(s.permalink(a)),
				LastMod: w3cTime(lastChange(a)),
				News:    &newsItem{Publication: pub, Date: w3cTime(a.PublishedAt), Title: a.Title},
			})
		}
		if next == "" {
			break
		}
		cursor = next
	}
	return s.writeFeed(w, r, sitemapType, set)
}
