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
	Link      string // absolute; also the entry's permanent ID
	Published time.Time
	Author    string // a name, never an email address
	HTML      string // the content, as HTML
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
	Description string  `xml:"description"`
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
		Channel: rssChannel{
			Title:         f.Title,
			Link:          f.SiteLink,
			Description:   f.Title,
			Self:          rssSelf{Href: f.SelfLink, Rel: "self", Type: "application/rss+xml"},
			LastBuildDate: f.Updated.UTC().Format(time.RFC1123Z),
		},
	}
	for _, e := range f.Entries {
		doc.Channel.Items = append(doc.Channel.Items, rssItem{
			Title:       e.Title,
			Link:        e.Link,
			GUID:        rssGUID{IsPermaLink: "true", Value: e.Link},
			PubDate:     e.Published.UTC().Format(time.RFC1123Z),
			Creator:     e.Author,
			Description: e.HTML,
		})
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
	Title     string     `xml:"title"`
	ID        string     `xml:"id"`
	Link      atomLink   `xml:"link"`
	Published string     `xml:"published"`
	Updated   string     `xml:"updated"`
	Author    atomPerson `xml:"author"`
	Content   atomText   `xml:"content"`
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
		when := e.Published.UTC().Format(time.RFC3339)
		doc.Entries = append(doc.Entries, atomEntry{
			Title:     e.Title,
			ID:        e.Link,
			Link:      atomLink{Href: e.Link, Rel: "alternate", Type: "text/html"},
			Published: when,
			Updated:   when,
			Author:    atomPerson{Name: e.Author},
			Content:   atomText{Type: "html", Body: e.HTML},
		})
	}
	return doc
}
