// Package parse reads RSS (0.9x, 1.0, 2.0), Atom (0.3, 1.0), JSON Feed
// (1.0, 1.1) and CDF documents into one normalized shape, tolerating the
// XML faults feed readers tolerate (see repairXML). It does not sanitize:
// the HTML it returns is the publisher's, to be passed through
// sanitize.HTML with the item URL as base.
package parse

import (
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// ErrNotFeed reports bytes that are not a feed at all, such as an HTML page.
// Callers branch on it to try feed discovery instead.
var ErrNotFeed = errors.New("parse: not a feed")

// Feed is a parsed, normalized feed.
type Feed struct {
	Title    string
	SiteURL  string // absolute; empty when the feed names no site
	Language string
	Format   string // "rss 2.0", "atom 1.0", "json 1.1", "cdf"...
	// TTL is how long the feed may be cached (RSS <ttl>, in minutes in
	// the feed); 0 when it does not say.
	TTL time.Duration
	// Items holds every entry of the feed, in order, including entries
	// with neither a link nor a title: parse describes the feed, and
	// leaves to its caller what it can store.
	Items []Item
	// Skipped holds one reason per item left out because it cannot be
	// represented: a link that is not an http(s) URL.
	Skipped []string
}

// Item is one normalized feed entry. URLs are absolute; HTML fields are
// raw and unsanitized.
type Item struct {
	GUID         string // the feed's id for the item; the link when it has none
	URL          string
	Title        string // plain text
	ContentHTML  string // full content: content:encoded, Atom content, content_html
	SummaryHTML  string // description, Atom summary, JSON summary (escaped to HTML)
	Author       string
	Published    time.Time // zero when unknown; falls back to Updated
	Updated      time.Time
	Categories   []string
	ImageURL     string
	ImageCredit  string
	ImageCaption string
	Language     string
}

// Parse reads data, fetched from feedURL, as a feed. Relative links are
// resolved against the feed's own site link, then against feedURL. An item
// that cannot be represented is left out and explained in Feed.Skipped;
// the rest of the feed is kept.
func Parse(data []byte, feedURL string) (*Feed, error) {
	return ParseHTTP(data, feedURL, "")
}

// ParseHTTP is Parse for a feed fetched over HTTP, whose Content-Type
// header value (contentType, "" when there was none) may name the
// document's charset. A byte-order mark outranks that charset, and the
// charset outranks the encoding in the XML declaration; without either, the
// declaration applies, then UTF-8. A text/xml type without a charset is
// not taken as us-ascii (see toUTF8 for why). The media type itself is not
// checked: feeds are served as text/html and text/plain too.
func ParseHTTP(data []byte, feedURL, contentType string) (*Feed, error) {
	doc, err := decode(data, charsetParam(contentType))
	if err != nil {
		return nil, err
	}
	gf := doc.feed
	base, _ := url.Parse(strings.TrimSpace(feedURL))
	if base != nil && !base.IsAbs() {
		base = nil
	}
	out := &Feed{
		Title:    cleanTitle(gf.Title, doc.plainTitles),
		Language: cleanLanguage(gf.Language),
		Format:   format(gf.FeedType, gf.FeedVersion),
	}
	if doc.rss != nil {
		out.TTL = rssTTL(doc.rss.TTL)
	}
	if site, ok := resolve(base, gf.Link); ok {
		out.SiteURL = site
		base, _ = url.Parse(site)
	}
	for i, gi := range gf.Items {
		if gi == nil {
			continue
		}
		it, reason := newItem(doc, i, gi, base)
		if reason != "" {
			out.Skipped = append(out.Skipped, fmt.Sprintf("item %d: %s", i+1, reason))
			continue
		}
		out.Items = append(out.Items, it)
	}
	return out, nil
}

// format names the format and version in one short string. JSON Feed
// states its version as a URL; only its last segment is the version.
func format(typ, version string) string {
	version = strings.TrimSpace(version)
	if i := strings.LastIndex(version, "/version/"); i >= 0 {
		version = strings.Trim(version[i+len("/version/"):], "/")
	}
	return strings.TrimSpace(typ + " " + version)
}

// rssTTL reads RSS 2.0's <ttl>: minutes the feed may be cached. Values
// past a week are taken as a week; anything unreadable as unset.
func rssTTL(raw string) time.Duration {
	n, err := strconv.Atoi(strings.TrimSpace(raw))
	if err != nil || n <= 0 {
		return 0
	}
	return time.Duration(min(n, 7*24*60)) * time.Minute
}
