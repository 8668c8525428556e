package demo

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"
)

// JSON Feed 1.1 (https://jsonfeed.org/version/1.1).
type jsonFeedDoc struct {
	Version     string         `json:"version"`
	Title       string         `json:"title"`
	HomePageURL string         `json:"home_page_url"`
	FeedURL     string         `json:"feed_url"`
	Description string         `json:"description"`
	Language    string         `json:"language"`
	Authors     []jsonAuthor   `json:"authors"`
	Items       []jsonFeedItem `json:"items"`
}

type jsonAuthor struct {
	Name string `json:"name"`
}

type jsonFeedItem struct {
	ID            string       `json:"id"`
	URL           string       `json:"url"`
	Title         string       `json:"title"`
	ContentHTML   string       `json:"content_html"`
	Summary       string       `json:"summary"`
	Image         string       `json:"image"`
	DatePublished string       `json:"date_published"`
	DateModified  string       `json:"date_modified"`
	Authors       []jsonAuthor `json:"authors"`
	Tags          []string     `json:"tags"`
	// Extension object (JSON Feed allows keys starting with "_").
	Photo jsonPhoto `json:"_photo"`
}

type jsonPhoto struct {
	Credit  string `json:"credit"`
	Caption string `json:"caption,omitempty"`
}

// jsonFeed renders an outlet's JSON Feed.
func (w *World) jsonFeed(o outletSpec, base string) ([]byte, error) {
	doc := jsonFeedDoc{
		Version:     "https://jsonfeed.org/version/1.1",
		Title:       o.Name,
		HomePageURL: base + o.HomePath,
		FeedURL:     base + o.feedURLPath(),
		Description: o.tagline,
		Language:    "en",
		Authors:     []jsonAuthor{{Name: o.Name}},
		Items:       []jsonFeedItem{},
	}
	for _, i := range w.byOutlet[o.Slug] {
		a := &w.articles[i]
		var people []jsonAuthor
		for _, p := range authors(a.Byline) {
			people = append(people, jsonAuthor(p))
		}
		doc.Items = append(doc.Items, jsonFeedItem{
			ID:            base + a.Path,
			URL:           base + a.Path,
			Title:         a.Title,
			ContentHTML:   bodyHTML(a),
			Summary:       a.Summary,
			Image:         base + a.ImagePath,
			DatePublished: a.Published.Format(time.RFC3339),
			DateModified:  a.Published.Format(time.RFC3339),
			Authors:       people,
			Tags:          []string{a.Category},
			Photo:         jsonPhoto{Credit: a.ImageCredit, Caption: a.Caption},
		})
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	// HTML in content_html reads better unescaped; JSON does not need it.
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return nil, fmt.Errorf("demo: marshal json feed: %w", err)
	}
	return buf.Bytes(), nil
}
