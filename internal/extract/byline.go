package extract

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// maxBylineRunes bounds a byline: longer text is a biography or a
// paragraph that mentions the author.
const maxBylineRunes = 100

// metaAuthors are the authors a page states in its meta tags, in the
// order readability reads them: Dublin Core, the author meta tag and its
// CMS variants, article:author when it is a name rather than a profile
// URL, and Twitter's "Written by" label.
func (m pageMeta) metaAuthors() []string {
	out := m.tagAll("dc:creator", "dc.creator", "dcterm:creator", "dcterms:creator", "dcterms.creator", "author", "parsely-author", "sailthru.author", "byl")
	for _, a := range m.tagAll("article:author", "og:article:author") {
		if !looksLikeURL(a) {
			out = append(out, a)
		}
	}
	for _, n := range []string{"1", "2"} {
		if strings.EqualFold(strings.TrimSpace(m.tag("twitter:label"+n)), "written by") {
			out = append(out, m.tag("twitter:data"+n))
		}
	}
	return out
}

// isPublisher reports an author that names the publisher rather than a
// writer: the site itself or its desk ("Gazette Staff"), the holder of
// the page's copyright, or a company ("Example Media Inc.").
func (m pageMeta) isPublisher(author, site string, isSite func(string) bool) bool {
	a := letters(html.UnescapeString(author))
	if a == "" {
		return false
	}
	if isSite(author) {
		return true
	}
	if ls := letters(site); len(ls) >= 3 && strings.HasPrefix(a, ls) && staffWords[a[len(ls):]] {
		return true
	}
	for _, c := range m.tagAll("copyright", "dc.rights", "rights") {
		if len(a) >= 3 && strings.Contains(letters(html.UnescapeString(c)), a) {
			return true
		}
	}
	return company.MatchString(author)
}

// staffWords follow a site's name in the byline of its desk ("Us Weekly
// Staff").
var staffWords = map[string]bool{"staff": true, "editors": true, "editorial": true, "team": true, "desk": true, "newsdesk": true, "redaktion": true, "redaction": true, "rédaction": true}

// company spots an organization's legal form at the end of a name.
var company = regexp.MustCompile(`(?i)(?:\b(?:inc|ltd|llc|gmbh|corp|co|plc|s\.?a|ag)\.?|株式会社|有限会社)\s*$|^(?:株式会社|有限会社)`)

func looksLikeURL(s string) bool {
	s = strings.ToLower(strings.TrimSpace(s))
	return strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://") || strings.HasPrefix(s, "//") || strings.HasPrefix(s, "www.")
}

// bylineClass spots elements that hold the byline by their class or id.
var bylineClass = regexp.MustCompile(`(?i)byline|writtenby|(?:^|[^a-z])(?:author|writer)(?:s|name)?(?:[^a-z]|$)`)

// notBylineClass spots author-related elements that are not the byline:
// pictures, biographies, follow buttons, comment authors.
var notBylineClass = regexp.MustCompile(`(?i)avatar|image|img|photo|picture|headshot|bio|about|desc|social|follow|twitter|facebook|email|comment|reply|more|related|title|role|job|position|label|icon|count`)

// authorLink spots links to an author's page.
var authorLink = regexp.MustCompile(`(?i)/(?:authors?|by|people|person|staff|profiles?|writers?|contributors?|journalists?|redaction|autor(?:en)?|auteurs?)/`)

// domByline finds the byline in the page's markup: an element marked as
// the author (itemprop, rel) or classed as a byline. Inside it, the names
// themselves (itemprop="name", author links) are preferred to the whole
// text, which carries labels, dates and roles around them.
func domByline(doc *html.Node) string {
	// The article's byline follows its headline; one before the first
	// <h1> belongs to a teaser or a sidebar unless nothing follows.
	var before, after string
	seenH1 := false
	walk(doc, func(n *html.Node) bool {
		if after != "" {
			return false
		}
		if n.Type != html.ElementNode {
			return true
		}
		switch n.DataAtom {
		case atom.Head, atom.Script, atom.Style, atom.Noscript, atom.Template, atom.Svg, atom.Nav, atom.Footer, atom.Img, atom.Picture, atom.Figure:
			return false
		case atom.H1:
			seenH1 = true
		}
		if hiddenFromReaders(n) {
			return false
		}
		if !isBylineElement(n) {
			return true
		}
		if b := bylineText(n); b != "" {
			if seenH1 {
				after = b
			} else if before == "" {
				before = b
			}
		}
		return false
	})
	return firstNonEmpty(after, before)
}

func isBylineElement(n *html.Node) bool {
	if n.DataAtom == atom.Meta || n.DataAtom == atom.Link {
		return false
	}
	if hasToken(attr(n, "itemprop"), "author") || hasToken(attr(n, "rel"), "author") {
		return true
	}
	class := attr(n, "class") + " " + attr(n, "id")
	return bylineClass.MatchString(class) && !notBylineClass.MatchString(class)
}

// bylineText is the cleaned byline an element holds: the span of its
// text from the first name in it to the last ("By Jane Doe and John Roe,
// Staff Writers, June 3" gives "Jane Doe and John Roe"), or its whole
// text when it marks no names.
func bylineText(n *html.Node) string {
	var b strings.Builder
	first, last := -1, -1
	var visit func(c *html.Node, inName bool)
	visit = func(c *html.Node, inName bool) {
		if c.Type == html.ElementNode {
			switch c.DataAtom {
			case atom.Script, atom.Style, atom.Svg, atom.Img, atom.Button, atom.Time:
				return
			}
			if hiddenFromReaders(c) {
				return
			}
		}
		name := !inName && c != n && isNameNode(c)
		if name && first < 0 {
			first = b.Len()
		}
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
		}
		// Every element boundary separates words: bylines set their
		// parts apart by style ("By<span>Jane Doe</span>").
		if c.Type == html.ElementNode {
			b.WriteByte(' ')
		}
		for k := c.FirstChild; k != nil; k = k.NextSibling {
			visit(k, inName || name)
		}
		if c.Type == html.ElementNode {
			b.WriteByte(' ')
		}
		if name {
			last = b.Len()
		}
	}
	visit(n, false)
	text := b.String()
	if first >= 0 && last > first {
		text = text[first:last]
	}
	return cleanByline(text)
}

// isNameNode reports an element that holds one author's name.
func isNameNode(n *html.Node) bool {
	if n.Type != html.ElementNode {
		return false
	}
	if hasToken(attr(n, "itemprop"), "name") || hasToken(attr(n, "rel"), "author") {
		return true
	}
	if n.DataAtom == atom.A && authorLink.MatchString(attr(n, "href")) {
		return true
	}
	for _, c := range strings.Fields(attr(n, "class")) {
		if nameClass.MatchString(c) {
			return true
		}
	}
	return false
}

// nameClass spots, by one of its classes, the element holding a name
// inside a byline: hCard's "fn", "author", "author-name", "byline__link".
var nameClass = regexp.MustCompile(`(?i)^(?:fn|authors?|writers?|.*(?:author|writer|byline)[-_]*(?:name|link))$`)

// bylineLabel is the word that introduces the names: "By", "Written by",
// "Par", "Von", "Por", "Door", "投稿者", "著者".
var bylineLabel = regexp.MustCompile(`(?i)^(?:(?:written|posted|reported|words|story|text)\s+by|by|par|von|por|door)\b\s*[:：]?\s*|^(?:投稿者|著者|作者|記者)\s*[:：]?\s*`)

// gluedBy is a "By" stuck to the name, in markup that sets them apart
// only by style ("ByJane Doe").
var gluedBy = regexp.MustCompile(`^By(\p{Lu}\p{Ll})`)

// bylineTail starts what follows the names: a date or time, a reading
// time, an update note, a handle or a separator.
var bylineTail = regexp.MustCompile(`(?i)\s*(?:\s[|·•]\s|\s/\s|\bupdated\b|\bpublished\b|\bposted\b|\blast updated\b|\d+\s*min(?:ute)?s?\s+read\b|\bshare\b|\blink copied\b|\bfollow\b|\bview author\b|\s(?:in|on|at)\s|\b(?:twitter|facebook|instagram|linkedin|e-?mail|bio)\b|(?:^|\s)@\w|\s(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|jun(?:e)?|jul(?:y)?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?\s+\d|\s(?:mon|tues|wednes|thurs|fri|satur|sun)day\b|\s\d|\d{1,4}[-/.年]\d{1,2}|\d{1,2}:\d{2})`)

// handleGlued is a social handle written straight after the name
// ("Jane Doe@janedoe").
var handleGlued = regexp.MustCompile(`\p{L}(@[A-Za-z0-9_]{2,})(?:$|[^A-Za-z0-9_.])`)

// cleanByline reduces a byline to its names: without the "By" label, the
// date, reading time or handle after them, and the separators around
// them. It returns "" for text too long to be a byline, or a URL.
func cleanByline(s string) string {
	s = collapse(html.UnescapeString(s))
	if utf8.RuneCountInString(s) > 3*maxBylineRunes {
		return ""
	}
	// A byline that opens with the date names the author after "by"
	// ("June 3, 2024 at 9:00 by Jane Doe").
	if i := byWord.FindStringIndex(s); i != nil && i[0] > 0 && bylineTail.MatchString(" "+s[:i[0]]) {
		s = s[i[1]:]
	}
	for {
		t := strings.TrimSpace(bylineLabel.ReplaceAllString(s, ""))
		t = gluedBy.ReplaceAllString(t, "$1")
		if t == s {
			break
		}
		s = t
	}
	if loc := handleGlued.FindStringSubmatchIndex(s); loc != nil {
		s = s[:loc[2]]
	}
	if loc := bylineTail.FindStringIndex(s); loc != nil {
		s = s[:loc[0]]
	}
	// A job title after the name ("Jane Doe Staff Writer"), when a name
	// of two words or more stays before it.
	if loc := jobTitle.FindStringIndex(s); loc != nil && len(strings.Fields(s[:loc[0]])) >= 2 {
		s = s[:loc[0]]
	}
	// The same name twice, as a link and as text.
	if f := strings.Fields(s); len(f)%2 == 0 && len(f) > 0 && len(f) <= 12 && strings.Join(f[:len(f)/2], " ") == strings.Join(f[len(f)/2:], " ") {
		s = strings.Join(f[:len(f)/2], " ")
	}
	s = trimBrackets(strings.TrimFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || unicode.IsSymbol(r) ||
			unicode.IsPunct(r) && r != '.' && !unicode.In(r, unicode.Ps, unicode.Pe)
	}))
	if s == "" || looksLikeURL(s) || utf8.RuneCountInString(s) > maxBylineRunes || !hasLetter(s) {
		return ""
	}
	return s
}

// jobTitle is a role written after the author's name.
var jobTitle = regexp.MustCompile(`(?i)\s(?:(?:senior|staff|contributing|chief|deputy|managing|associate|executive|opinion|news|politics|political|games|sports|tech|technology|business|science|national|foreign|special|white house|culture|[a-z]+ &)\s+)*(?:writer|editor|reporter|correspondent|contributor|columnist|producer|critic)s?\b`)

// trimBrackets removes an opening bracket at the start or a closing one
// at the end that has no partner, keeping "(AP)" and "《KT》" whole.
func trimBrackets(s string) string {
	for s != "" {
		first, firstSize := utf8.DecodeRuneInString(s)
		last, lastSize := utf8.DecodeLastRuneInString(s)
		opens, closes := countIn(s, unicode.Ps), countIn(s, unicode.Pe)
		switch {
		case unicode.Is(unicode.Pe, first):
			s = s[firstSize:]
		case unicode.Is(unicode.Ps, last):
			s = s[:len(s)-lastSize]
		case unicode.Is(unicode.Ps, first) && opens > closes:
			s = s[firstSize:]
		case unicode.Is(unicode.Pe, last) && closes > opens:
			s = s[:len(s)-lastSize]
		default:
			return strings.TrimSpace(s)
		}
		s = strings.TrimSpace(s)
	}
	return s
}

func countIn(s string, t *unicode.RangeTable) int {
	n := 0
	for _, r := range s {
		if unicode.Is(t, r) {
			n++
		}
	}
	return n
}

// byWord finds "by" inside a byline.
var byWord = regexp.MustCompile(`(?i)\bby\s+`)

func hasLetter(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) {
			return true
		}
	}
	return false
}
