package extract

import (
	"net/url"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// LiftLeadFigure takes the picture that opens a feed item's content out
// of it when that picture is the article's lead image (or lead is empty):
// the page shows the lead photo in its own captioned figure, and showing
// it twice would be a defect. It returns the rest of the content, the
// picture's absolute URL and the credit its caption names. It works on
// raw content, before sanitizing; content it does not recognize comes
// back unchanged with empty image and credit.
func LiftLeadFigure(raw string, base *url.URL, lead string) (rest, image, credit string) {
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
	src := absoluteHTTP(base, attr(img, "src"))
	if src == "" || (lead != "" && src != lead) {
		return raw, "", ""
	}
	if caption := find(nodes[first], isElem(atom.Figcaption)); caption != nil {
		credit = CaptionCredit(textOf(caption))
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
		return find(n, isElem(atom.Img))
	case atom.P, atom.Div, atom.A, atom.Picture:
		if img := find(n, isElem(atom.Img)); img != nil && textOf(n) == "" {
			return img
		}
	}
	return nil
}
