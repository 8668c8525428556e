package ingest

import (
	"net/url"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/newsdesk/newsdesk/internal/extract"
)

// liftLeadFigure takes the picture that opens a feed item's content out
// of it when that picture is the article's lead image (or the article has
// none yet): the page shows the lead photo in its own captioned figure,
// and showing it twice would be a defect. The caption's credit is kept.
// It runs before sanitizing, on the raw content; anything it does not
// recognize is returned unchanged.
func liftLeadFigure(raw string, base *url.URL, lead string) (rest, image, credit string) {
	if !strings.Contains(raw, "<img") && !strings.Contains(raw, "<IMG") {
		return raw, "", ""
	}
	body := &html.Node{Type: html.ElementNode, Data: "body", DataAtom: atom.Body}
	nodes, err := html.ParseFragment(strings.NewReader(raw), body)
	if err != nil {
		return raw, "", ""
	}
	first := -1
	for i, n := range nodes {
		if n.Type == html.ElementNode {
			first = i
			break
		}
		if n.Type == html.TextNode && strings.TrimSpace(n.Data) != "" {
			return raw, "", "" // the content opens with words, not a picture
		}
	}
	if first < 0 {
		return raw, "", ""
	}
	img := openingImage(nodes[first])
	if img == nil {
		return raw, "", ""
	}
	src := resolveRef(base, attrOf(img, "src"))
	if src == "" || (lead != "" && src != lead) {
		return raw, "", ""
	}
	if cap := findElem(nodes[first], atom.Figcaption); cap != nil {
		credit = extract.CaptionCredit(textContent(cap))
	}
	var b strings.Builder
	for i, n := range nodes {
		if i != first {
			if err := html.Render(&b, n); err != nil {
				return raw, "", ""
			}
		}
	}
	return b.String(), src, credit
}

// openingImage returns the <img> that n is, or that n holds as its only
// content (a figure, or a paragraph or link wrapping just the picture).
func openingImage(n *html.Node) *html.Node {
	switch n.DataAtom {
	case atom.Img:
		return n
	case atom.Figure:
		return findElem(n, atom.Img)
	case atom.P, atom.Div, atom.A, atom.Picture:
		img := findElem(n, atom.Img)
		if img != nil && strings.TrimSpace(textContent(n)) == "" {
			return img
		}
	}
	return nil
}

func findElem(n *html.Node, a atom.Atom) *html.Node {
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && c.DataAtom == a {
			return c
		}
		if found := findElem(c, a); found != nil {
			return found
		}
	}
	return nil
}

func attrOf(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return strings.TrimSpace(a.Val)
		}
	}
	return ""
}

func textContent(n *html.Node) string {
	if n.Type == html.TextNode {
		return n.Data
	}
	var b strings.Builder
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		b.WriteString(textContent(c))
	}
	return b.String()
}

func resolveRef(base *url.URL, ref string) string {
	u, err := url.Parse(ref)
	if err != nil || ref == "" {
		return ""
	}
	if base != nil {
		u = base.ResolveReference(u)
	}
	return httpURL(u.String())
}
