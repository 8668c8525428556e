// Package model holds newsdesk's domain types. They carry data only: no
// I/O, no database or HTTP knowledge, so every layer can share them.
package model

import "time"

// Kind tells an article written by the newsroom from one gathered from a source.
type Kind string

const (
	KindAggregated Kind = "aggregated"
	KindOriginal   Kind = "original"
)

// Category is a section of the site ("World", "Business"...).
type Category struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
	Slug string `json:"slug"`
	// Articles is the number of articles filed under the category; filled
	// by listings that count, zero otherwise.
	Articles int `json:"articles"`
}

// Source is a feed newsdesk aggregates.
type Source struct {
	ID       int64      `json:"id"`
	FeedURL  string     `json:"feed_url"`
	SiteURL  string     `json:"site_url"`
	Name     string     `json:"name"`
	Category string     `json:"category"` // default category name for its items; may be empty
	Created  time.Time  `json:"created_at"`
	Articles int        `json:"articles"` // number of stored articles; filled by listings
	State    FetchState `json:"state"`
}

// FetchState is what the last fetches of a source left behind. A source
// is never dropped for failing: its state says how it is doing.
type FetchState struct {
	LastFetchedAt time.Time `json:"last_fetched_at,omitzero"`
	LastSuccessAt time.Time `json:"last_success_at,omitzero"`
	// LastError is empty when the last fetch succeeded.
	LastError    string    `json:"last_error,omitempty"`
	ErrorCount   int       `json:"error_count"`
	FailingSince time.Time `json:"failing_since,omitzero"`
	NextFetchAt  time.Time `json:"next_fetch_at,omitzero"`
	ETag         string    `json:"-"`
	LastModified string    `json:"-"`
}

// Status renders the state in one line for people: "ok", "never fetched"
// or "failing since ...: reason".
func (s FetchState) Status() string {
	switch {
	case s.LastError != "":
		return "failing since " + s.FailingSince.UTC().Format(time.RFC3339) + ": " + s.LastError
	case s.LastFetchedAt.IsZero():
		return "never fetched"
	default:
		return "ok"
	}
}

// Article is one news article, aggregated or written by the newsroom.
type Article struct {
	ID           int64     `json:"id"`
	SourceID     int64     `json:"source_id,omitempty"` // 0 for newsroom originals
	SourceName   string    `json:"source"`              // the outlet credited
	GUID         string    `json:"guid,omitempty"`
	URL          string    `json:"url"` // the original's address
	CanonicalURL string    `json:"canonical_url,omitempty"`
	Slug         string    `json:"slug"`
	Title        string    `json:"title"`
	Excerpt      string    `json:"excerpt"` // plain text
	ContentHTML  string    `json:"content_html,omitempty"`
	ContentText  string    `json:"content_text,omitempty"`
	Byline       string    `json:"byline,omitempty"`
	PublishedAt  time.Time `json:"published_at"`
	FetchedAt    time.Time `json:"fetched_at"`
	ImageURL     string    `json:"image"`
	ImageCredit  string    `json:"image_credit"`
	// Credit names the source credited on the page ("Credit: <source>").
	Credit       string `json:"credit"`
	Category     string `json:"category"`      // category name
	CategorySlug string `json:"category_slug"` // category slug
	Language     string `json:"language,omitempty"`
	ContentHash  string `json:"content_hash,omitempty"`
	Kind         Kind   `json:"kind"`
	StoryID      int64  `json:"story_id,omitempty"` // 0 until clustering assigns one
}
