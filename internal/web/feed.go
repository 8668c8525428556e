package web

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"net/http"
	"strconv"
	"time"
)

// feed is a feed's content, whatever its format: the comment feeds and
// the story feeds fill one and encode it as RSS 2.0 or Atom 1.0.
type feed struct {
	Title    string
	SiteLink string // the page the feed follows, absolute
	SelfLink string // the feed's own address, absolute
	Updated  time.Time
	Entries  []feedEntry
}

// feedEntry is one item of a feed.
type feedEntry struct {
	Title     string
	Link      string // absolute; also the entry's permanent ID unless ID is set
	Published time.Time
	Author    string // a name, never an email address
	HTML      string // the content, as HTML

	// Optional, for the article feeds (see feeds_out.go): a permanent ID
	// that survives a slug change (a tag: URI), the plain-text summary,
	// the last edit, the section and the lead picture (absolute).
	ID       string
	Summary  string
	Updated  time.Time
	Category string
	Image    string
}

// entryID is the entry's permanent ID.
func (e feedEntry) entryID() string {
	if e.ID != "" {
		return e.ID
	}
	return e.Link
}

// entryUpdated is when the entry last changed.
func (e feedEntry) entryUpdated() time.Time {
	if e.Updated.After(e.Published) {
		return e.Updated
	}
	return e.Published
}

// Feed content types.
const (
	rssType  = "application/rss+xml; charset=utf-8"
	atomType = "application/atom+xml; charset=utf-8"
)

// writeFeed encodes a feed. encoding/xml escapes every text and replaces
// characters XML cannot hold (control characters, U+FFFE, U+FFFF) with
// U+FFFD, so the feed is well-formed whatever an entry contains.
func (s *server) writeFeed(w http.ResponseWriter, r *http.Request, contentType string, doc any) error {
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("web: encode feed: %w", err)
	}
	buf.WriteByte('\n')
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(buf.Bytes())
	}
	return nil
}

// RSS 2.0, with the author's name as dc:creator: RSS's own <author> must
// be an email address, which our feeds never show.

type rssDoc struct {
	XMLName xml.Name   `xml:"rss"`
	Version string     `xml:"version,attr"`
	DC      string     `xml:"xmlns:dc,attr"`
	Atom    string     `xml:"xmlns:atom,attr"`
	Content string     `xml:"xmlns:content,attr"`
	Media   string     `xml:"xmlns:media,attr"`
	Channel rssChannel `xml:"channel"`
}

type rssChannel struct {
	Title         string    `xml:"title"`
	Link          string    `xml:"link"`
	Description   string    `xml:"description"`
	Self          rssSelf   `xml:"atom:link"`
	LastBuildDate string    `xml:"lastBuildDate"`
	Items         []rssItem `xml:"item"`
}

type rssSelf struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr"`
}

type rssItem struct {
	Title       string  `xml:"title"`
	Link        string  `xml:"link"`
	GUID        rssGUID `xml:"guid"`
	PubDate     string  `xml:"pubDate"`
	Creator     string  `xml:"dc:creator"`
	Category    string  `xml:"category,omitempty"`
	Description string  `xml:"description"`
	// Encoded is the full content when Description holds the summary.
	Encoded   string        `xml:"content:encoded,omitempty"`
	Enclosure *rssEnclosure `xml:"enclosure"`
	Media     *rssMedia     `xml:"media:content"`
}

// rssEnclosure is the lead picture. RSS requires a length, which we do
// not know without fetching the picture: 0 is the usual way to say so.
type rssEnclosure struct {
	URL    string `xml:"url,attr"`
	Length string `xml:"length,attr"`
	Type   string `xml:"type,attr"`
}

// rssMedia is the lead picture as Media RSS, which readers show as the
// item's thumbnail.
type rssMedia struct {
	URL    string `xml:"url,attr"`
	Medium string `xml:"medium,attr"`
	Type   string `xml:"type,attr,omitempty"`
}

type rssGUID struct {
	IsPermaLink string `xml:"isPermaLink,attr"`
	Value       string `xml:",chardata"`
}

func rssOf(f feed) rssDoc {
	doc := rssDoc{
		Version: "2.0",
		DC:      "http://purl.org/dc/elements/1.1/",
		Atom:    "http://www.w3.org/2005/Atom",
		Content: "http://purl.org/rss/1.0/modules/content/",
		Media:   "http://search.yahoo.com/mrss/",
		Channel: rssChannel{
			Title:         f.Title,
			Link:          f.SiteLink,
			Description:   f.Title,
			Self:          rssSelf{Href: f.SelfLink, Rel: "self", Type: "application/rss+xml"},
			LastBuildDate: f.Updated.UTC().Format(time.RFC1123Z),
		},
	}
	for _, e := range f.Entries {
		it := rssItem{
			Title:       e.Title,
			Link:        e.Link,
			GUID:        rssGUID{IsPermaLink: "true", Value: e.Link},
			PubDate:     e.Published.UTC().Format(time.RFC1123Z),
			Creator:     e.Author,
			Category:    e.Category,
			Description: e.HTML,
		}
		if id := e.entryID(); id != e.Link {
			it.GUID = rssGUID{IsPermaLink: "false", Value: id}
		}
		if e.Summary != "" {
			it.Description, it.Encoded = e.Summary, e.HTML
		}
		if e.Image != "" {
			typ := imageType(e.Image)
			it.Enclosure = &rssEnclosure{URL: e.Image, Length: "0", Type: typ}
			it.Media = &rssMedia{URL: e.Image, Medium: "image", Type: typ}
		}
		doc.Channel.Items = append(doc.Channel.Items, it)
	}
	return doc
}

// Atom 1.0 (RFC 4287).

type atomDoc struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Title   string      `xml:"title"`
	ID      string      `xml:"id"`
	Updated string      `xml:"updated"`
	Links   []atomLink  `xml:"link"`
	Entries []atomEntry `xml:"entry"`
}

type atomLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr,omitempty"`
}

type atomEntry struct {
	Title     string        `xml:"title"`
	ID        string        `xml:"id"`
	Links     []atomLink    `xml:"link"`
	Published string        `xml:"published"`
	Updated   string        `xml:"updated"`
	Author    atomPerson    `xml:"author"`
	Category  *atomCategory `xml:"category"`
	Summary   *atomText     `xml:"summary"`
	Content   atomText      `xml:"content"`
}

type atomCategory struct {
	Term string `xml:"term,attr"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomText struct {
	Type string `xml:"type,attr"`
	Body string `xml:",chardata"`
}

func atomOf(f feed) atomDoc {
	doc := atomDoc{
		Title:   f.Title,
		ID:      f.SelfLink,
		Updated: f.Updated.UTC().Format(time.RFC3339),
		Links: []atomLink{
			{Href: f.SelfLink, Rel: "self", Type: "application/atom+xml"},
			{Href: f.SiteLink, Rel: "alternate", Type: "text/html"},
		},
	}
	for _, e := range f.Entries {
		en := atomEntry{
			Title:     e.Title,
			ID:        e.entryID(),
			Links:     []atomLink{{Href: e.Link, Rel: "alternate", Type: "text/html"}},
			Published: e.Published.UTC().Format(time.RFC3339),
			Updated:   e.entryUpdated().UTC().Format(time.RFC3339),
			Author:    atomPerson{Name: e.Author},
			Content:   atomText{Type: "html", Body: e.HTML},
		}
		if e.Image != "" {
			en.Links = append(en.Links, atomLink{Href: e.Image, Rel: "enclosure", Type: imageType(e.Image)})
		}
		if e.Category != "" {
			en.Category = &atomCategory{Term: e.Category}
		}
		if e.Summary != "" {
			en.Summary = &atomText{Type: "text", Body: e.Summary}
		}
		doc.Entries = append(doc.Entries, en)
	}
	return doc
}
