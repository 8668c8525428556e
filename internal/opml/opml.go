// Package opml reads and writes OPML subscription lists, the format feed
// readers exchange their sources in.
package opml

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
)

// Outline is one subscription.
type Outline struct {
	Title    string
	FeedURL  string
	SiteURL  string
	Category string // the enclosing folder, if any
}

type document struct {
	XMLName xml.Name `xml:"opml"`
	Version string   `xml:"version,attr"`
	Head    struct {
		Title       string `xml:"title"`
		DateCreated string `xml:"dateCreated,omitempty"`
	} `xml:"head"`
	Body struct {
		Outlines []outline `xml:"outline"`
	} `xml:"body"`
}

type outline struct {
	Text     string    `xml:"text,attr"`
	Title    string    `xml:"title,attr,omitempty"`
	Type     string    `xml:"type,attr,omitempty"`
	XMLURL   string    `xml:"xmlUrl,attr,omitempty"`
	HTMLURL  string    `xml:"htmlUrl,attr,omitempty"`
	Outlines []outline `xml:"outline"`
}

// ErrNoOutlines is returned for an OPML file that lists no feeds.
var ErrNoOutlines = errors.New("opml: no feeds in the file")

// Read parses an OPML document, flattening folders into categories.
func Read(r io.Reader) ([]Outline, error) {
	var doc document
	dec := xml.NewDecoder(io.LimitReader(r, 10<<20))
	dec.Strict = false
	if err := dec.Decode(&doc); err != nil {
		return nil, fmt.Errorf("opml: not a valid OPML file: %w", err)
	}
	var out []Outline
	var walk func(os []outline, folder string)
	walk = func(os []outline, folder string) {
		for _, o := range os {
			name := strings.TrimSpace(firstNonEmpty(o.Title, o.Text))
			if o.XMLURL != "" {
				out = append(out, Outline{Title: name, FeedURL: strings.TrimSpace(o.XMLURL), SiteURL: o.HTMLURL, Category: folder})
			}
			if len(o.Outlines) > 0 {
				walk(o.Outlines, firstNonEmpty(name, folder))
			}
		}
	}
	walk(doc.Body.Outlines, "")
	if len(out) == 0 {
		return nil, ErrNoOutlines
	}
	return out, nil
}

// Write renders outlines as OPML 2.0, grouped in folders by category.
func Write(w io.Writer, title string, outlines []Outline, now time.Time) error {
	doc := document{Version: "2.0"}
	doc.Head.Title = title
	doc.Head.DateCreated = now.UTC().Format(time.RFC1123Z)
	folders := map[string]int{}
	for _, o := range outlines {
		item := outline{Text: o.Title, Title: o.Title, Type: "rss", XMLURL: o.FeedURL, HTMLURL: o.SiteURL}
		if o.Category == "" {
			doc.Body.Outlines = append(doc.Body.Outlines, item)
			continue
		}
		i, ok := folders[o.Category]
		if !ok {
			i = len(doc.Body.Outlines)
			folders[o.Category] = i
			doc.Body.Outlines = append(doc.Body.Outlines, outline{Text: o.Category, Title: o.Category})
		}
		doc.Body.Outlines[i].Outlines = append(doc.Body.Outlines[i].Outlines, item)
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("opml: write: %w", err)
	}
	_, err := io.WriteString(w, "\n")
	return err
}

func firstNonEmpty(a, b string) string {
	if strings.TrimSpace(a) != "" {
		return a
	}
	return b
}
