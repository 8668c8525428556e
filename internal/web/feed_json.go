package web

import (
	"bytes"
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"
	"time"
)

// jsonFeedType is JSON Feed's registered media type.
const jsonFeedType = "application/feed+json; charset=utf-8"

// JSON Feed 1.1 (https://jsonfeed.org/version/1.1).

type jsonFeedDoc struct {
	Version  string         `json:"version"`
	Title    string         `json:"title"`
	HomePage string         `json:"home_page_url"`
	FeedURL  string         `json:"feed_url"`
	Language string         `json:"language,omitempty"`
	Items    []jsonFeedItem `json:"items"`
}

type jsonFeedItem struct {
	ID            string           `json:"id"`
	URL           string           `json:"url"`
	Title         string           `json:"title"`
	ContentHTML   string           `json:"content_html"`
	Summary       string           `json:"summary,omitempty"`
	Image         string           `json:"image,omitempty"`
	DatePublished string           `json:"date_published"`
	DateModified  string           `json:"date_modified,omitempty"`
	Authors       []jsonFeedAuthor `json:"authors,omitempty"`
	Tags          []string         `json:"tags,omitempty"`
}

type jsonFeedAuthor struct {
	Name string `json:"name"`
}

func jsonFeedOf(f feed, lang string) jsonFeedDoc {
	doc := jsonFeedDoc{
		Version:  "https://jsonfeed.org/version/1.1",
		Title:    f.Title,
		HomePage: f.SiteLink,
		FeedURL:  f.SelfLink,
		Language: lang,
		Items:    []jsonFeedItem{}, // "items" is required, even empty
	}
	for _, e := range f.Entries {
		it := jsonFeedItem{
			ID:            e.entryID(),
			URL:           e.Link,
			Title:         e.Title,
			ContentHTML:   e.HTML,
			Summary:       e.Summary,
			Image:         e.Image,
			DatePublished: e.Published.UTC().Format(time.RFC3339),
		}
		if u := e.entryUpdated(); u.After(e.Published) {
			it.DateModified = u.UTC().Format(time.RFC3339)
		}
		if e.Author != "" {
			it.Authors = []jsonFeedAuthor{{Name: e.Author}}
		}
		if e.Category != "" {
			it.Tags = []string{e.Category}
		}
		doc.Items = append(doc.Items, it)
	}
	return doc
}

// writeJSONFeed encodes a JSON Feed. encoding/json escapes <, > and &
// inside strings, which JSON readers decode back: the HTML arrives whole
// and the document is safe to sniff.
func writeJSONFeed(w http.ResponseWriter, r *http.Request, doc jsonFeedDoc) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("web: encode json feed: %w", err)
	}
	h := w.Header()
	h.Set("Content-Type", jsonFeedType)
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(buf.Bytes())
	}
	return nil
}

// serveFeedAs writes a feed in the format its address ends in: "rss",
// "atom" or "json".
func (s *server) serveFeedAs(w http.ResponseWriter, r *http.Request, ext string, f feed) error {
	switch ext {
	case "atom":
		return s.writeFeed(w, r, atomType, atomOf(f))
	case "json":
		return writeJSONFeed(w, r, jsonFeedOf(f, siteLanguageCode(s.settings().Language)))
	}
	return s.writeFeed(w, r, rssType, rssOf(f))
}

// imageType guesses a picture's media type from its address, for the
// enclosures; uploads served at /media/ end in their format's extension.
func imageType(u string) string {
	p := u
	if i := strings.IndexAny(p, "?#"); i >= 0 {
		p = p[:i]
	}
	if t := mime.TypeByExtension(strings.ToLower(path.Ext(p))); strings.HasPrefix(t, "image/") {
		return t
	}
	return "image/jpeg"
}

// siteLanguageCode is the ISO 639-1 code of the site's language setting,
// which names a search language ("english") or gives its code.
func siteLanguageCode(lang string) string {
	l := strings.ToLower(strings.TrimSpace(lang))
	if len(l) == 2 {
		return l
	}
	if c, ok := languageISO[l]; ok {
		return c
	}
	return "en"
}

// languageISO maps the search languages' names to their ISO 639-1 codes.
var languageISO = map[string]string{
	"english": "en", "french": "fr", "hungarian": "hu", "norwegian": "no",
	"russian": "ru", "spanish": "es", "swedish": "sv",
}
