// Package model holds newsdesk's domain types. They carry data only: no
// I/O, no database or HTTP knowledge, so every layer can share them.
package model

import (
	"fmt"
	"time"
)

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
	ID       int64     `json:"id"`
	FeedURL  string    `json:"feed_url"`
	SiteURL  string    `json:"site_url"`
	Name     string    `json:"name"`
	Category string    `json:"category"` // default category name for its items; may be empty
	Created  time.Time `json:"created_at"`
	// Interval is the time between two fetches while the source is
	// healthy; zero means the site's default. See MinInterval.
	Interval time.Duration `json:"-"`
	// Extract says when the article pages of the source's items are
	// fetched and extracted; "" reads as ExtractAuto.
	Extract  ExtractMode `json:"extract"`
	Articles int         `json:"articles"` // number of stored articles; filled by listings
	State    FetchState  `json:"state"`
	// Disabled sources are kept, with their articles, but not fetched.
	Disabled bool `json:"disabled,omitempty"`
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
	// ExtractError is set when the last fetch stored articles but could
	// not extract some of their pages: the feed is fine, yet readers get
	// summaries only. Empty when every extraction worked.
	ExtractError string `json:"extract_error,omitempty"`
	ETag         string `json:"-"`
	LastModified string `json:"-"`
}

// FailingAfter is the number of consecutive errors after which a source
// reads "failing" rather than "backing off": one or two errors are the
// ordinary weather of the web, three in a row are worth a look.
const FailingAfter = 3

// Status renders the state in one line for people: "ok", "never
// fetched", "backing off until T: reason", "failing since T: reason
// (next try T)", or "ok; extraction failed: reason".
func (s FetchState) Status() string {
	const layout = time.RFC3339
	switch {
	case s.LastError != "" && s.ErrorCount < FailingAfter:
		return "backing off until " + s.NextFetchAt.UTC().Format(layout) + ": " + s.LastError
	case s.LastError != "":
		msg := "failing since " + s.FailingSince.UTC().Format(layout) + ": " + s.LastError
		if !s.NextFetchAt.IsZero() {
			msg += " (next try " + s.NextFetchAt.UTC().Format(layout) + ")"
		}
		return msg
	case s.LastFetchedAt.IsZero():
		return "never fetched"
	case s.ExtractError != "":
		return "ok; extraction failed: " + s.ExtractError
	default:
		return "ok"
	}
}

// MinInterval is the shortest interval a source may be fetched at.
const MinInterval = time.Minute

// ExtractMode says when ingest fetches an item's page and extracts the
// full article from it.
type ExtractMode string

const (
	// ExtractAuto extracts when the feed carries only a summary or a
	// photo without its credit.
	ExtractAuto ExtractMode = "auto"
	// ExtractAlways extracts every new item's page.
	ExtractAlways ExtractMode = "always"
	// ExtractNever stores what the feed carries and fetches no page.
	ExtractNever ExtractMode = "never"
)

// ParseExtractMode reads a mode as given on a command line or in a
// config file; "" is ExtractAuto.
func ParseExtractMode(s string) (ExtractMode, error) {
	switch m := ExtractMode(s); m {
	case "":
		return ExtractAuto, nil
	case ExtractAuto, ExtractAlways, ExtractNever:
		return m, nil
	}
	return "", fmt.Errorf("extraction mode %q: want auto, always or never", s)
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
	// DupOf is the earlier article whose text this one republishes (a
	// wire report run by another outlet); 0 for original work.
	DupOf int64 `json:"dup_of,omitempty"`
	// Comments is the number of approved comments; the store keeps it.
	Comments int `json:"comments"`
	// CommentsClosed is set when the article takes no more comments.
	CommentsClosed bool `json:"comments_closed"`
	// What the newsroom's originals carry besides (empty or zero for
	// aggregated articles): the credit line's link, the lead photo's
	// caption, tags, the aggregated article an original was written from,
	// its author's account, and when it was last edited after publication.
	CreditURL    string    `json:"credit_url,omitempty"`
	ImageCaption string    `json:"image_caption,omitempty"`
	Tags         []string  `json:"tags,omitempty"`
	BasedOn      int64     `json:"based_on,omitempty"`
	AuthorID     int64     `json:"-"`
	UpdatedAt    time.Time `json:"updated_at,omitzero"`
	// Hidden articles are kept but left out of every public page, feed
	// and API answer; editors can show them again.
	Hidden bool `json:"-"`
	// FeaturedAt is when an editor featured the article among the
	// editors' picks; zero when it is not featured.
	FeaturedAt time.Time `json:"featured_at,omitzero"`
}
