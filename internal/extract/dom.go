package extract

import (
	"net/url"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// walk calls fn on n and its descendants in document order, skipping the
// descendants of a node for which fn returns false.
func walk(n *html.Node, fn func(*html.Node) bool) {
	if !fn(n) {
		return
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walk(c, fn)
	}
}

// find returns the first element for which match is true.
func find(n *html.Node, match func(*html.Node) bool) *html.Node {
	var found *html.Node
	walk(n, func(c *html.Node) bool {
		if found != nil {
			return false
		}
		if c.Type == html.ElementNode && match(c) {
			found = c
			return false
		}
		return true
	})
	return found
}

func isElem(a atom.Atom) func(*html.Node) bool {
	return func(n *html.Node) bool { return n.DataAtom == a }
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Namespace == "" && a.Key == key {
			return a.Val
		}
	}
	return ""
}

// textOf is the collapsed text of n, without script or style contents.
func textOf(n *html.Node) string {
	var b strings.Builder
	walk(n, func(c *html.Node) bool {
		switch {
		case c.Type == html.ElementNode && (c.DataAtom == atom.Script || c.DataAtom == atom.Style):
			return false
		case c.Type == html.TextNode:
			b.WriteString(c.Data)
			b.WriteByte(' ')
		}
		return true
	})
	return collapse(b.String())
}

func collapse(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// absoluteHTTP resolves raw against base and keeps http(s) URLs only.
func absoluteHTTP(base *url.URL, raw string) string {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return ""
	}
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	if base != nil {
		u = base.ResolveReference(u)
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return ""
	}
	return u.String()
}

func firstNonEmpty(values ...string) string {
	for _, v := range values {
		if v = strings.TrimSpace(v); v != "" {
			return v
		}
	}
	return ""
}

// hiddenFromReaders reports an element a browser does not show: the
// hidden attribute, aria-hidden, or a class that screen-reader-only and
// hidden utility styles use.
func hiddenFromReaders(n *html.Node) bool {
	if hasAttr(n, "hidden") || attr(n, "aria-hidden") == "true" {
		return true
	}
	for _, c := range strings.Fields(strings.ToLower(attr(n, "class"))) {
		c = strings.Trim(c, "-_")
		switch c {
		case "hidden", "is-hidden", "visuallyhidden", "visually-hidden", "sr-only", "screen-reader-text", "screenreader-only", "offscreen", "u-hidden":
			return true
		}
	}
	return strings.Contains(strings.ReplaceAll(strings.ToLower(attr(n, "style")), " ", ""), "display:none")
}

func hasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if a.Namespace == "" && a.Key == key {
			return true
		}
	}
	return false
}
