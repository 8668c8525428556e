package extract

import (
	"net/url"
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// pageMeta is what a page's head says about itself, read before
// readability rewrites the document.
type pageMeta struct {
	tags      map[string][]string // meta name/property (lower case) -> contents, in page order
	title     string              // <title>
	lang      string              // <html lang>
	canonical string              // <link rel=canonical>, absolute
	// itemDate is the first itemprop="datePublished" of the body; timeDate
	// the first <time datetime> inside an <article>; anyDate the first
	// datetime attribute outside navigation, asides and footers.
	itemDate, timeDate, anyDate string
	ld                          linkedData
	byline                      string // the byline in the markup, see domByline
}

func readPageMeta(doc *html.Node, base *url.URL) pageMeta {
	m := pageMeta{tags: map[string][]string{}, ld: readLinkedData(doc), byline: domByline(doc)}
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
	m.anyDate = firstDatetime(doc)
	return m
}

// firstDatetime is the first datetime attribute of the body outside
// navigation, asides and footers, where dates belong to other articles,
// and not on an element marked as the last update.
func firstDatetime(doc *html.Node) string {
	var found string
	walk(doc, func(n *html.Node) bool {
		if found != "" || n.Type != html.ElementNode {
			return found == ""
		}
		switch n.DataAtom {
		case atom.Head, atom.Nav, atom.Aside, atom.Footer, atom.Script, atom.Style, atom.Svg, atom.Template:
			return false
		}
		if d := strings.TrimSpace(attr(n, "datetime")); d != "" && !modifiedClass.MatchString(attr(n, "class")) {
			found = d
			return false
		}
		return true
	})
	return found
}

// modifiedClass marks a date as the last change rather than the
// publication.
var modifiedClass = regexp.MustCompile(`(?i)modif|updat|edited`)

func insideArticle(n *html.Node) bool {
	for p := n.Parent; p != nil; p = p.Parent {
		if p.DataAtom == atom.Article {
			return true
		}
	}
	return false
}

// author is the article's byline: JSON-LD first, then the meta tags,
// the byline in the markup and readability's own find, cleaned of the
// "By" label and of what follows the names. An author that is the
// publisher (the site, the copyright holder, a company) comes last: many
// sites put their own name in the author tag of every page.
func (m pageMeta) author(readabilityByline, site string, isSite func(string) bool) string {
	var candidates, publishers []string
	for _, c := range append([]string{m.ld.author}, m.metaAuthors()...) {
		if m.isPublisher(c, site, isSite) {
			publishers = append(publishers, c)
		} else {
			candidates = append(candidates, c)
		}
	}
	candidates = append(candidates, m.byline, readabilityByline)
	for _, c := range append(candidates, publishers...) {
		if b := cleanByline(c); b != "" {
			return b
		}
	}
	return ""
}

// statedByline is the byline as the page states it, as readability
// reads it: the author named in JSON-LD or in the author meta tags, else
// the text of the first byline element. When readability finds none, the
// authors our own reading of JSON-LD and the meta tags finds (value=
// attributes, more tag names) stand in. The text is taken as it stands,
// label and date included; only entities and spacing are normalized, and
// a URL or a text too long to be a byline is not taken.
func (m pageMeta) statedByline(readabilityByline string) string {
	for _, c := range append([]string{readabilityByline, m.ld.author}, m.metaAuthors()...) {
		c = collapse(html.UnescapeString(c))
		if c != "" && hasLetter(c) && !looksLikeURL(c) && utf8.RuneCountInString(c) <= 3*maxBylineRunes {
			return c
		}
	}
	return ""
}

// declaredTitle is the title a page states in its meta tags, the ones
// readability also reads.
func (m pageMeta) declaredTitle() string {
	return m.tag(declaredTitleTags...)
}

// declaredTitleTags are the meta tags that state a page's title, in the
// order readability reads them.
var declaredTitleTags = []string{"dc:title", "dc.title", "dcterm:title", "dcterms.title", "og:title", "weibo:article:title", "weibo:webpage:title", "title", "twitter:title", "parsely-title"}

// isDeclaredTitle reports whether t is one of the titles the page
// declares as data.
func (m pageMeta) isDeclaredTitle(t string) bool {
	t = collapse(html.UnescapeString(t))
	if t == "" {
		return false
	}
	for _, d := range append([]string{m.ld.headline, m.ld.name}, m.tagAll(declaredTitleTags...)...) {
		if collapse(html.UnescapeString(d)) == t {
			return true
		}
	}
	return false
}

// declaresTitle reports a title stated as data (JSON-LD or meta tags)
// rather than only in the <title> element.
func (m pageMeta) declaresTitle() bool {
	return m.ld.headline != "" || m.declaredTitle() != ""
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
		m.anyDate,
	}
}

// addTag records a meta tag's value under its name, property and
// itemprop; tag reads the first, as most pages put the primary value
// first.
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
			m.tags[k] = append(m.tags[k], content)
		}
	}
}

// tag returns the first non-empty value among the named meta tags.
func (m pageMeta) tag(names ...string) string {
	for _, n := range names {
		if v := m.tags[n]; len(v) > 0 {
			return v[0]
		}
	}
	return ""
}

// tagAll returns every value of the named meta tags, in order.
func (m pageMeta) tagAll(names ...string) []string {
	var out []string
	for _, n := range names {
		out = append(out, m.tags[n]...)
	}
	return out
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
