package parse

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"html"
	"io"
	"net/url"
	"strings"
	"time"

	"github.com/mmcdole/gofeed"
)

// CDF is Microsoft's Channel Definition Format (a 1997 W3C submission):
// a CHANNEL root with HREF (the site), BASE (for relative HREFs) and
// LASTMOD attributes and TITLE and ABSTRACT children, holding ITEMs with
// the same attributes and children, and possibly sub-channels whose items
// belong to the feed too. Element and attribute names are matched without
// regard to case, as CDF's HTML-era publishers wrote both.

// rootElement returns the first element of an XML document, or false
// when there is none before the first syntax error.
func rootElement(data []byte) (xml.StartElement, bool) {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = false
	for {
		tok, err := d.RawToken()
		if err != nil {
			return xml.StartElement{}, false
		}
		if se, ok := tok.(xml.StartElement); ok {
			return se, true
		}
	}
}

// isCDF reports whether the document's root is a CDF channel.
func isCDF(data []byte) bool {
	root, ok := rootElement(data)
	return ok && root.Name.Space == "" && strings.EqualFold(root.Name.Local, "channel")
}

// cdfNode is one element of a CDF document.
type cdfNode struct {
	name     string // lower case
	attrs    map[string]string
	text     strings.Builder
	children []*cdfNode
}

// maxCDFDepth bounds the nesting of sub-channels and unknown elements.
const maxCDFDepth = 64

func decodeCDF(data []byte) (*document, error) {
	root, err := readCDFTree(data)
	if err != nil {
		return nil, fmt.Errorf("parse: malformed CDF: %w", err)
	}
	base := cdfBase(root, nil)
	gf := &gofeed.Feed{
		FeedType:    "cdf",
		Title:       root.childText("title"),
		Description: html.EscapeString(root.childText("abstract")),
		Link:        cdfResolve(base, root.attrs["href"]),
	}
	if t, ok := isoTime(root.attrs["lastmod"]); ok {
		gf.Updated, gf.UpdatedParsed = root.attrs["lastmod"], &t
	}
	var walk func(ch *cdfNode, base *url.URL)
	walk = func(ch *cdfNode, base *url.URL) {
		for _, c := range ch.children {
			switch c.name {
			case "item":
				gf.Items = append(gf.Items, cdfItem(c, cdfBase(c, base)))
			case "channel":
				walk(c, cdfBase(c, base))
			}
		}
	}
	walk(root, base)
	return &document{feed: gf, plainTitles: true}, nil
}

func cdfItem(n *cdfNode, base *url.URL) *gofeed.Item {
	it := &gofeed.Item{
		Title:       n.childText("title"),
		Description: html.EscapeString(n.childText("abstract")),
		Link:        cdfResolve(base, n.attrs["href"]),
	}
	if t, ok := isoTime(n.attrs["lastmod"]); ok {
		it.Updated, it.UpdatedParsed = n.attrs["lastmod"], &t
	}
	return it
}

// readCDFTree reads the document into a tree of lower-cased elements.
func readCDFTree(data []byte) (*cdfNode, error) {
	d := xml.NewDecoder(bytes.NewReader(data))
	d.Strict = false
	d.Entity = xml.HTMLEntity
	var stack []*cdfNode
	var root *cdfNode
	for {
		tok, err := d.RawToken()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			n := &cdfNode{name: strings.ToLower(t.Name.Local), attrs: map[string]string{}}
			for _, a := range t.Attr {
				if a.Name.Space == "" {
					n.attrs[strings.ToLower(a.Name.Local)] = strings.TrimSpace(a.Value)
				}
			}
			if len(stack) >= maxCDFDepth {
				return nil, fmt.Errorf("elements nested deeper than %d", maxCDFDepth)
			}
			if len(stack) == 0 {
				if root != nil {
					return nil, errors.New("a second root element")
				}
				root = n
			} else {
				parent := stack[len(stack)-1]
				parent.children = append(parent.children, n)
			}
			stack = append(stack, n)
		case xml.EndElement:
			// Close the innermost open element of that name; an end tag
			// that matches none is ignored.
			name := strings.ToLower(t.Name.Local)
			for i := len(stack) - 1; i >= 0; i-- {
				if stack[i].name == name {
					stack = stack[:i]
					break
				}
			}
		case xml.CharData:
			if len(stack) > 0 {
				stack[len(stack)-1].text.Write(t)
			}
		}
	}
	if root == nil {
		return nil, errors.New("no root element")
	}
	return root, nil
}

func (n *cdfNode) childText(name string) string {
	for _, c := range n.children {
		if c.name == name {
			return strings.TrimSpace(c.text.String())
		}
	}
	return ""
}

// cdfBase is the base URL for a channel's or item's HREFs: its own BASE
// attribute, resolved against the enclosing base, or the enclosing base.
func cdfBase(n *cdfNode, parent *url.URL) *url.URL {
	raw := n.attrs["base"]
	if raw == "" {
		return parent
	}
	u, err := url.Parse(raw)
	if err != nil {
		return parent
	}
	if parent != nil {
		u = parent.ResolveReference(u)
	}
	if !u.IsAbs() {
		return parent
	}
	return u
}

// cdfResolve resolves an HREF against the channel's BASE; without one it
// is left for Parse to resolve against the feed's URL.
func cdfResolve(base *url.URL, href string) string {
	if href == "" || base == nil {
		return href
	}
	u, err := url.Parse(href)
	if err != nil {
		return href
	}
	return base.ResolveReference(u).String()
}

// isoTime reads an ISO 8601 (W3C-DTF) date, with or without time and
// zone (UTC when none is given), as CDF's LASTMOD and Dublin Core terms
// write them.
func isoTime(raw string) (time.Time, bool) {
	for _, layout := range []string{time.RFC3339, "2006-01-02T15:04Z07:00", "2006-01-02T15:04:05", "2006-01-02T15:04", "2006-01-02"} {
		if t, err := time.Parse(layout, strings.TrimSpace(raw)); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}
