package extract

import (
	"net/url"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// pageMeta is what a page's head says about itself, read before
// readability rewrites the document.
type pageMeta struct {
	tags      map[string]string // meta name/property (lower case) -> first content
	title     string            // <title>
	lang      string            // <html lang>
	canonical string            // <link rel=canonical>, absolute
	// itemDate is the first itemprop="datePublished" of the body; timeDate
	// the first <time datetime> inside an <article>.
	itemDate, timeDate string
	ld                 linkedData
}

func readPageMeta(doc *html.Node, base *url.URL) pageMeta {
	m := pageMeta{tags: map[string]string{}, ld: readLinkedData(doc)}
	if h := find(doc, isElem(atom.Html)); h != nil {
		m.lang = strings.TrimSpace(attr(h, "lang"))
		if m.lang == "" {
			m.lang = strings.TrimSpace(attr(h, "xml:lang"))
		}
	}
	walk(doc, func(n *html.Node) bool {
		if n.Type != html.ElementNode {
			return true
		}
		switch n.DataAtom {
		case atom.Meta:
			m.addTag(n)
		case atom.Title:
			if m.title == "" {
				m.title = textOf(n)
			}
		case atom.Link:
			if m.canonical == "" && hasToken(attr(n, "rel"), "canonical") {
				m.canonical = absoluteHTTP(base, attr(n, "href"))
			}
		case atom.Time:
			if m.timeDate == "" && insideArticle(n) {
				m.timeDate = attr(n, "datetime")
			}
		case atom.Svg, atom.Script, atom.Style:
			return false
		}
		if m.itemDate == "" && hasToken(attr(n, "itemprop"), "datePublished") {
			m.itemDate = firstNonEmpty(attr(n, "datetime"), attr(n, "content"))
		}
		return true
	})
	return m
}

func insideArticle(n *html.Node) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if p.DataAtom == atom.Article {
			return true
		}
	}
	return false
}

// publishedCandidates lists the page's statements of its publication
// date, most explicit first.
func (m pageMeta) publishedCandidates() []string {
	return []string{
		m.ld.published,
		m.tag("article:published_time", "og:article:published_time", "article:published", "datepublished",
			"parsely-pub-date", "publish-date", "publishdate", "pubdate", "dc.date.issued", "dcterms.created", "dc.date", "date"),
		m.itemDate,
		m.timeDate,
	}
}

// addTag records a meta tag under its name, property or itemprop; the
// first occurrence wins, as most pages put the primary value first.
func (m pageMeta) addTag(n *html.Node) {
	content := strings.TrimSpace(attr(n, "content"))
	if content == "" {
		// Some server-side renderers (and the pages saved from them)
		// write the value of a meta tag as value= instead of content=.
		content = strings.TrimSpace(attr(n, "value"))
	}
	if content == "" {
		return
	}
	for _, key := range []string{"property", "name", "itemprop", "http-equiv"} {
		for _, k := range strings.Fields(strings.ToLower(attr(n, key))) {
			if _, seen := m.tags[k]; !seen {
				m.tags[k] = content
			}
		}
	}
}

// tag returns the first non-empty value among the named meta tags.
func (m pageMeta) tag(names ...string) string {
	for _, n := range names {
		if v := strings.TrimSpace(m.tags[n]); v != "" {
			return v
		}
	}
	return ""
}

// language is the page's language as a BCP 47 tag: og:locale writes
// "en_US" where HTML writes "en-US".
func (m pageMeta) language() string {
	l := firstNonEmpty(m.lang, m.tag("content-language", "og:locale", "language", "dc.language"), m.ld.language)
	return strings.ReplaceAll(l, "_", "-")
}

// leadImage prefers JSON-LD, then OpenGraph, then Twitter's card.
func (m pageMeta) leadImage(base *url.URL) string {
	for _, c := range []string{m.ld.image.url, m.tag("og:image", "og:image:url", "og:image:secure_url"), m.tag("twitter:image", "twitter:image:src")} {
		// A few sites put a srcset-like list in og:image; its first
		// entry is the image.
		if f := strings.Fields(c); len(f) > 1 {
			c = f[0]
		}
		if u := absoluteHTTP(base, c); u != "" {
			return u
		}
	}
	return ""
}

// imageCredit is a credit stated as metadata rather than in a caption.
func (m pageMeta) imageCredit() string {
	return firstNonEmpty(m.ld.image.credit,
		m.tag("image:credit", "og:image:credit", "twitter:image:credit", "image_credit", "photo:credit", "og:image:copyright"))
}

func hasToken(list, token string) bool {
	for _, t := range strings.Fields(list) {
		if strings.EqualFold(t, token) {
			return true
		}
	}
	return false
}
