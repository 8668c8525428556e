package sanitize

import (
	"net/url"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// HTML makes third-party HTML safe to embed in our pages. Relative URLs
// (href, src, srcset, cite) are resolved against base first, so a
// fragment keeps working once it lives on our domain; base may be nil, in
// which case relative URLs are dropped. Lazy images are promoted, tracking
// pixels dropped, and link and image URLs lose their tracking parameters.
// HTML is idempotent: HTML(HTML(x, base), base) == HTML(x, base). The result is final: callers must
// not transform or truncate it, since that could undo the sanitizing.
func HTML(raw string, base *url.URL) string {
	if strings.TrimSpace(raw) == "" {
		return ""
	}
	if base != nil && !base.IsAbs() {
		base = nil
	}
	nodes := parseFragment(raw)
	root := &html.Node{Type: html.ElementNode, DataAtom: atom.Div, Data: "div"}
	for _, n := range nodes {
		root.AppendChild(n)
	}
	rewriter{base: base}.walk(root)

	var b strings.Builder
	for c := root.FirstChild; c != nil; c = c.NextSibling {
		// Render only fails on writer errors, which a Builder never returns.
		_ = html.Render(&b, c)
	}
	return strings.TrimSpace(policy().Sanitize(b.String()))
}

// parseFragment parses raw as the content of a <body>, with scripting off
// so <noscript> holds parsed markup rather than raw text. Parsing a string
// cannot fail on I/O; a parse error leaves nothing to keep.
func parseFragment(raw string) []*html.Node {
	ctx := &html.Node{Type: html.ElementNode, DataAtom: atom.Body, Data: "body"}
	nodes, err := html.ParseFragmentWithOptions(strings.NewReader(raw), ctx, html.ParseOptionEnableScripting(false))
	if err != nil {
		return nil
	}
	return nodes
}
