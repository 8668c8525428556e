// Package discover finds the feeds a web page announces, so a reader can
// subscribe with the address of a site rather than of its feed.
package discover

import (
	"bytes"
	"mime"
	"net/url"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Link is a feed announced by a page.
type Link struct {
	URL   string // absolute
	Title string
	Type  string // media type, lower case, without parameters
}

// feedTypes are the media types of feeds announced with rel="alternate".
// Plain application/json is also how sites announce REST endpoints, so
// those links come after the ones typed as feeds.
var feedTypes = map[string]bool{
	"application/rss+xml":   true,
	"application/atom+xml":  true,
	"application/feed+json": true,
	"application/rdf+xml":   true,
}

// FeedLinks returns the feeds announced in the head of page, fetched from
// pageURL, in document order (generic application/json links last),
// resolved against <base href> when there is one and de-duplicated.
func FeedLinks(page []byte, pageURL string) []Link {
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		return nil
	}
	head := findHead(doc)
	if head == nil {
		return nil
	}
	base, _ := url.Parse(strings.TrimSpace(pageURL))
	base = documentBase(head, base)

	var typed, generic []Link
	seen := map[string]bool{}
	for c := head.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode || c.DataAtom != atom.Link || !isAlternate(attr(c, "rel")) {
			continue
		}
		typ := mediaType(attr(c, "type"))
		if !feedTypes[typ] && typ != "application/json" {
			continue
		}
		u, ok := absolute(base, attr(c, "href"))
		if !ok || seen[u] {
			continue
		}
		seen[u] = true
		l := Link{URL: u, Title: strings.Join(strings.Fields(attr(c, "title")), " "), Type: typ}
		if feedTypes[typ] {
			typed = append(typed, l)
		} else {
			generic = append(generic, l)
		}
	}
	return append(typed, generic...)
}

func findHead(n *html.Node) *html.Node {
	if n.Type == html.ElementNode && n.DataAtom == atom.Head {
		return n
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if h := findHead(c); h != nil {
			return h
		}
	}
	return nil
}

// documentBase applies the first <base href>, as browsers do; a base that
// is not absolute after resolution is ignored.
func documentBase(head *html.Node, pageURL *url.URL) *url.URL {
	for c := head.FirstChild; c != nil; c = c.NextSibling {
		if c.Type != html.ElementNode || c.DataAtom != atom.Base {
			continue
		}
		href := strings.TrimSpace(attr(c, "href"))
		if href == "" {
			continue
		}
		b, err := url.Parse(href)
		if err != nil {
			return pageURL
		}
		if pageURL != nil {
			b = pageURL.ResolveReference(b)
		}
		if b.IsAbs() {
			return b
		}
		return pageURL
	}
	return pageURL
}

// isAlternate reads rel as the space-separated, case-insensitive token
// list HTML defines.
func isAlternate(rel string) bool {
	for _, tok := range strings.Fields(rel) {
		if strings.EqualFold(tok, "alternate") {
			return true
		}
	}
	return false
}

func mediaType(raw string) string {
	t, _, err := mime.ParseMediaType(raw)
	if err != nil {
		t = strings.TrimSpace(strings.SplitN(raw, ";", 2)[0])
	}
	return strings.ToLower(t)
}

func absolute(base *url.URL, href string) (string, bool) {
	href = strings.TrimSpace(href)
	if href == "" {
		return "", false
	}
	u, err := url.Parse(href)
	if err != nil {
		return "", false
	}
	if base != nil {
		u = base.ResolveReference(u)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", false
	}
	u.Fragment = ""
	return u.String(), true
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}
