package extract

import (
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// maxHeadings bounds how many visible headings are kept as title
// candidates; the article's own comes early in the page.
const maxHeadings = 12

// maxTitleBytes and maxTitleParts bound the document titles searched for
// a headline; real ones are a line with a few separators.
const (
	maxTitleBytes = 1000
	maxTitleParts = 12
)

// maxHeadlineRunes bounds a visible headline: longer text is a paragraph
// set in a heading, not a title.
const maxHeadlineRunes = 300

// visibleHeadings lists the texts of the elements marked as the headline
// (itemprop="headline") and then of the <h1> elements, in document order,
// skipping those hidden from readers and those inside navigation.
func visibleHeadings(doc *html.Node) []string {
	var marked, h1s []string
	walk(doc, func(n *html.Node) bool {
		if n.Type != html.ElementNode {
			return true
		}
		switch n.DataAtom {
		case atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Svg, atom.Nav, atom.Head:
			return false
		}
		if hiddenFromReaders(n) {
			return false
		}
		if n.DataAtom == atom.Meta || n.DataAtom == atom.Link {
			return false
		}
		headline := hasToken(attr(n, "itemprop"), "headline")
		if !headline && n.DataAtom != atom.H1 {
			return true
		}
		t := textOf(n)
		if t == "" || utf8.RuneCountInString(t) > maxHeadlineRunes {
			return false
		}
		if headline {
			marked = append(marked, t)
		} else {
			h1s = append(h1s, t)
		}
		return false
	})
	out := append(marked, h1s...)
	return out[:min(len(out), maxHeadings)]
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

// chooseTitle picks the article's title. A title the page declares as
// metadata (readability's reading of JSON-LD, Dublin Core and OpenGraph,
// then ours) wins, with the site's name trimmed. Without one, the
// document's <title> is a browser tab's label, often with the site,
// section or author around the headline: the headline shown on the page
// is taken instead when the <title> holds it as a separated part.
func chooseTitle(m pageMeta, readabilityTitle string, isSite func(string) bool) string {
	if m.declaresTitle() {
		// readability chooses among the declared titles much as we
		// would, but reads only content= attributes; its choice stands
		// when it is one of them.
		t := firstNonEmpty(m.ld.headline, m.declaredTitle())
		if m.isDeclaredTitle(readabilityTitle) {
			t = readabilityTitle
		}
		return withoutSiteName(t, isSite)
	}
	for _, tab := range []string{m.title, readabilityTitle} {
		for _, h := range m.headings {
			if !isSite(h) && headlineOf(h, collapse(tab), isSite) {
				return h
			}
		}
	}
	return withoutSiteName(firstNonEmpty(readabilityTitle, m.title), isSite)
}

// headlineOf reports whether a heading shown on the page is the document
// title, or one side of it around a separator ("Head | Site", "Section:
// Head"). That side must be the longer one unless the other names the
// site: a short heading beside a long title is the site's logo or a
// section name, not the article.
func headlineOf(heading, title string, isSite func(string) bool) bool {
	h, t := letters(heading), letters(title)
	if utf8.RuneCountInString(h) < 2 || len(h) > len(t) || len(title) > maxTitleBytes {
		return false
	}
	if h == t {
		return true
	}
	for _, sep := range titleSeparators {
		parts := strings.Split(title, sep)
		if len(parts) > maxTitleParts {
			continue
		}
		for i := 1; i < len(parts); i++ {
			head, tail := strings.Join(parts[:i], sep), strings.Join(parts[i:], sep)
			if letters(head) == h && (longer(head, tail, 1) || isSite(tail)) {
				return true
			}
			// A heading after the separator follows a section or
			// kicker, which is short; otherwise it is the site's name.
			if letters(tail) == h && (longer(tail, head, 2) || isSite(head)) {
				return true
			}
		}
	}
	return false
}

// longer reports whether a holds more than factor times the letters of b.
func longer(a, b string, factor int) bool {
	return utf8.RuneCountInString(letters(a)) > factor*utf8.RuneCountInString(letters(b))
}

// letters is s folded to lower case with everything but letters and
// digits removed, so typographic quotes, dashes and spacing compare equal.
func letters(s string) string {
	var b strings.Builder
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// siteMatcher reports whether a title segment names the site: its
// stated name, or the name its host spells ("Pastebin.com" on
// pastebin.com, "Raw Story" on rawstory.com).
func siteMatcher(site string, hostNames []string) func(string) bool {
	ls := letters(site)
	return func(segment string) bool {
		l := letters(segment)
		if l == "" {
			return false
		}
		if l == ls {
			return true
		}
		for _, h := range hostNames {
			if l == h {
				return true
			}
		}
		return false
	}
}

// hostNames are the names a site's host spells, as letters():
// "www.rawstory.com" gives "rawstory" and "rawstorycom".
func hostNames(base *url.URL) []string {
	if base == nil {
		return nil
	}
	labels := strings.Split(strings.ToLower(base.Hostname()), ".")
	if len(labels) < 2 {
		return nil
	}
	// Skip a second-level label under a country code ("co.jp", "com.au").
	i := len(labels) - 2
	if i > 0 && len(labels[len(labels)-1]) == 2 && len(labels[i]) <= 3 {
		i--
	}
	name := letters(labels[i])
	if len(name) < 3 {
		return nil
	}
	return []string{name, name + letters(strings.Join(labels[i+1:], ""))}
}
