package extract

import (
	"net/url"
	"path"
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// creditMarker finds where a caption starts naming who made the picture:
// "Photo: …", "Photograph: …", "Photo credit: …", "Credit: …", "© …".
var creditMarker = regexp.MustCompile(`(?i)(?:\b(?:photo(?:graph)?s?|image|picture|pic|foto)(?:\s+credit)?\s*[:/]\s*|\bcredits?\s*:\s*|©\s*|\(c\)\s+|\bcopyright\s+)`)

// creditClass spots elements marked up as a credit by class or itemprop.
var creditClass = regexp.MustCompile(`(?i)credit|copyright|photographer|byline|attribution`)

// maxCreditRunes bounds what can pass as a credit: longer text is a
// caption sentence that merely mentions a photo.
const maxCreditRunes = 120

// figureCredit finds the credit of the lead figure: the figure showing
// the lead image when one does, else the first figure of the article.
func figureCredit(doc *html.Node, base *url.URL, leadImage string) string {
	fig := leadFigure(doc, base, leadImage)
	if fig == nil {
		return ""
	}
	if el := find(fig, func(n *html.Node) bool {
		return creditClass.MatchString(attr(n, "class")+" "+attr(n, "itemprop")) || n.DataAtom == atom.Cite
	}); el != nil {
		if c := cleanCredit(stripMarker(textOf(el))); c != "" {
			return c
		}
	}
	caption := find(fig, isElem(atom.Figcaption))
	if caption == nil {
		return ""
	}
	return CaptionCredit(textOf(caption))
}

// leadFigure returns the figure holding the lead image, or the first
// figure with an image inside the article (or main) element.
func leadFigure(doc *html.Node, base *url.URL, leadImage string) *html.Node {
	var figures []*html.Node
	walk(doc, func(n *html.Node) bool {
		if n.Type == html.ElementNode && n.DataAtom == atom.Figure && find(n, isElem(atom.Img)) != nil {
			figures = append(figures, n)
			return false
		}
		return true
	})
	if want := imageStem(leadImage); want != "" {
		for _, f := range figures {
			img := find(f, isElem(atom.Img))
			if imageStem(absoluteHTTP(base, attr(img, "src"))) == want {
				return f
			}
		}
	}
	for _, f := range figures {
		for p := f.Parent; p != nil; p = p.Parent {
			if p.DataAtom == atom.Article || p.DataAtom == atom.Main {
				return f
			}
		}
	}
	return nil
}

// imageStem names an image file without size suffixes or query, so the
// 1200px og:image matches the 640px copy in the page.
func imageStem(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || raw == "" {
		return ""
	}
	name := strings.ToLower(path.Base(u.Path))
	name = strings.TrimSuffix(name, path.Ext(name))
	name = sizeSuffix.ReplaceAllString(name, "")
	if len(name) < 4 {
		return ""
	}
	return name
}

var sizeSuffix = regexp.MustCompile(`([-_.@](\d{2,4}x\d{2,4}|\d{2,4}w|\dx|large|medium|small|thumb))+$`)

// leadingMarker is a credit label at the start of a credit element, where
// the colon is often left out ("Credit Jane Doe/AFP").
var leadingMarker = regexp.MustCompile(`^(?i)(?:(?:photo(?:graph)?s?|image|picture|pic|foto)(?:\s+credits?)?\b|credits?\b|©|\(c\)|copyright\b)\s*[:/]?\s*`)

// stripMarker removes credit labels, however many are stacked
// ("Photo credit: © Jane Doe").
func stripMarker(s string) string {
	s = strings.TrimSpace(s)
	for {
		loc := leadingMarker.FindStringIndex(s)
		if loc == nil || loc[1] == 0 {
			return s
		}
		s = s[loc[1]:]
	}
}

// cleanCredit trims punctuation around a credit, and brackets that do not
// pair up inside it, and rejects text too long to be one.
func cleanCredit(s string) string {
	const punct = " .,;:-–—|"
	s = strings.Trim(collapse(s), punct)
	for {
		switch {
		case strings.HasPrefix(s, "(") && strings.HasSuffix(s, ")") && strings.Count(s, "(") == 1:
			s = s[1 : len(s)-1]
		case strings.HasSuffix(s, ")") && strings.Count(s, ")") > strings.Count(s, "("):
			s = s[:len(s)-1]
		case strings.HasPrefix(s, "(") && strings.Count(s, "(") > strings.Count(s, ")"):
			s = s[1:]
		default:
			if s == "" || utf8.RuneCountInString(s) > maxCreditRunes {
				return ""
			}
			return s
		}
		s = strings.Trim(s, punct)
	}
}
