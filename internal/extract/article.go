// Package extract finds the article in a web page: its readable content,
// passed through the one sanitizer, and its metadata (title, byline, date,
// lead image and its credit), preferring what the page states as data
// (JSON-LD, OpenGraph) over what has to be guessed from its layout.
package extract

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	readability "codeberg.org/readeck/go-readability/v2"
	"github.com/itlightning/dateparse"
	"golang.org/x/net/html"

	"github.com/newsdesk/newsdesk/internal/sanitize"
)

// ErrNoContent reports a page with nothing readable in it: empty, or all
// navigation and chrome.
var ErrNoContent = errors.New("extract: no readable content")

// maxElements bounds the documents handed to readability, whose scoring
// passes grow with the node count; real articles stay far below it.
const maxElements = 200_000

// excerptRunes bounds the excerpt; descriptions longer than this are
// page summaries rather than excerpts.
const excerptRunes = 500

// Result is an extracted article. ContentHTML is sanitized; every other
// text field is plain text.
//
// Byline and Author are two readings of who wrote it. Byline is the
// byline as the page states it, the way Mozilla Readability reports it:
// the author named in the page's metadata, else the text of the byline
// element, label, date and all ("By Jane Doe, June 3, 2024"). Author is
// the writers' names alone ("Jane Doe"), with a publisher named as the
// author only when nothing else names anyone; it is what a reader is
// shown.
type Result struct {
	Title        string    `json:"title"`
	Byline       string    `json:"byline"`
	Author       string    `json:"author"`
	SiteName     string    `json:"site_name"`
	PublishedAt  time.Time `json:"published_at"` // zero when unknown; null in JSON
	LeadImage    string    `json:"lead_image"`
	ImageCredit  string    `json:"image_credit"`
	Excerpt      string    `json:"excerpt"`
	ContentHTML  string    `json:"content_html"`
	ContentText  string    `json:"content_text"`
	Language     string    `json:"language"`
	CanonicalURL string    `json:"canonical_url"` // the page's own address; never its site's root
}

// MarshalJSON writes an unknown publication date as null rather than as
// the year 1.
func (r Result) MarshalJSON() ([]byte, error) {
	type plain Result
	out := struct {
		plain
		PublishedAt *time.Time `json:"published_at"`
	}{plain: plain(r)}
	if !r.PublishedAt.IsZero() {
		out.PublishedAt = &r.PublishedAt
	}
	return json.Marshal(out)
}

// Article extracts the article from page, an HTML document (UTF-8)
// fetched from pageURL. Relative URLs in the content are resolved against
// pageURL.
func Article(page []byte, pageURL string) (Result, error) {
	if len(bytes.TrimSpace(page)) == 0 {
		return Result{}, fmt.Errorf("%w: empty page", ErrNoContent)
	}
	base, err := url.Parse(strings.TrimSpace(pageURL))
	if err != nil {
		return Result{}, fmt.Errorf("extract: page url %q: %w", pageURL, err)
	}
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		return Result{}, fmt.Errorf("extract: parse page: %w", err)
	}
	meta := readPageMeta(doc, base)
	lead := meta.leadImage(base)
	credit := firstNonEmpty(meta.imageCredit(), figureCredit(doc, base, lead))

	art, err := readable(doc, base)
	if err != nil {
		return Result{}, err
	}
	if art.Node == nil {
		return Result{}, ErrNoContent
	}
	var raw strings.Builder
	if err := art.RenderHTML(&raw); err != nil {
		return Result{}, fmt.Errorf("extract: render content: %w", err)
	}
	content := sanitize.HTML(raw.String(), base)
	text := sanitize.Text(content)
	if text == "" {
		return Result{}, ErrNoContent
	}
	if lead == "" {
		lead = firstImage(content)
	}
	site := collapse(firstNonEmpty(meta.ld.siteName, art.SiteName(), meta.tag("og:site_name")))
	isSite := siteMatcher(site, hostNames(base))
	return Result{
		Title:        chooseTitle(meta, art.Title(), isSite),
		Byline:       meta.statedByline(art.Byline()),
		Author:       meta.author(art.Byline(), site, isSite),
		SiteName:     site,
		PublishedAt:  publishedAt(art, meta),
		LeadImage:    lead,
		ImageCredit:  credit,
		Excerpt:      excerpt(art.Excerpt(), text),
		ContentHTML:  content,
		ContentText:  text,
		Language:     firstNonEmpty(art.Language(), meta.language()),
		CanonicalURL: pageCanonical(meta.canonical, absoluteHTTP(base, meta.tag("og:url")), absoluteHTTP(base, meta.ld.url)),
	}, nil
}

// titleSeparators join a headline and a site name in <title>.
var titleSeparators = []string{" | ", " - ", " – ", " — ", " : ", ": ", "：", " · ", "·", " ｜ ", "｜", " » ", " / ", " :: ", " _ ", "_"}

// withoutSiteName removes the site's name from the start or end of a
// title ("Ferry returns | The Gazette"): our pages show the source apart.
func withoutSiteName(title string, isSite func(string) bool) string {
	title = collapse(title)
	if isSite(title) {
		return title
	}
	for _, sep := range titleSeparators {
		if i := strings.LastIndex(title, sep); i > 0 && namesSite(title[i+len(sep):], title[:i], isSite) {
			return strings.TrimSpace(title[:i])
		}
		if i := strings.Index(title, sep); i > 0 && namesSite(title[:i], title[i+len(sep):], isSite) {
			return strings.TrimSpace(title[i+len(sep):])
		}
	}
	return title
}

// maxSiteWords bounds a title segment that names the site and its desk
// or publisher ("CBC News", "IPA 独立行政法人 情報処理推進機構").
const maxSiteWords = 4

// namesSite reports whether segment, one end of a title, names the site:
// the site's name itself, or a short segment led by it ("CBC News" on
// cbc.ca) beside a longer rest, which is the headline.
func namesSite(segment, rest string, isSite func(string) bool) bool {
	if isSite(segment) {
		return true
	}
	words := strings.Fields(segment)
	if len(words) > maxSiteWords || !longer(rest, segment, 1) {
		return false
	}
	for k := 1; k < len(words); k++ {
		if isSite(strings.Join(words[:k], " ")) {
			return true
		}
	}
	return false
}

// readable runs readability on doc. A panic inside the library on some
// unforeseen page becomes an error: one bad page must not take down the
// ingest worker that fetched it.
func readable(doc *html.Node, base *url.URL) (art readability.Article, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("extract: readability failed on this page: %v", p)
		}
	}()
	parser := readability.NewParser()
	parser.MaxElemsToParse = maxElements
	art, err = parser.ParseAndMutate(doc, base)
	if err != nil {
		return art, fmt.Errorf("extract: %w", err)
	}
	return art, nil
}

// publishedAt takes readability's date (which reads JSON-LD first), then
// our own reading of JSON-LD, the article meta tags and the markup. A
// date without a time of day gives way to a later statement of the same
// day that has one.
func publishedAt(art readability.Article, meta pageMeta) time.Time {
	var found time.Time
	dayOnly := false
	if t, err := art.PublishedTime(); err == nil && !t.IsZero() {
		found = t.UTC()
		// readability reads a statement it does not return; a bare
		// date comes back as midnight UTC.
		dayOnly = found.Equal(found.Truncate(24 * time.Hour))
	}
	for _, s := range meta.publishedCandidates() {
		if !found.IsZero() && !dayOnly {
			break
		}
		t, ok := parseDate(s)
		if !ok {
			continue
		}
		if found.IsZero() {
			found, dayOnly = t, !strings.Contains(s, ":")
			continue
		}
		if strings.Contains(s, ":") && sameDay(found, s) {
			return t
		}
	}
	return found
}

// sameDay reports whether the date stated in s, read in its own zone,
// falls on the calendar day of day (a bare date, read as UTC midnight).
func sameDay(day time.Time, s string) bool {
	t, err := dateparse.ParseAny(strings.TrimSpace(fixOffset(s)))
	if err != nil {
		return false
	}
	y1, m1, d1 := day.Date()
	y2, m2, d2 := t.Date()
	return y1 == y2 && m1 == m2 && d1 == d2
}

func parseDate(s string) (time.Time, bool) {
	s = fixOffset(strings.TrimSpace(s))
	if s == "" {
		return time.Time{}, false
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.UTC(), true
	}
	t, err := dateparse.ParseAny(s)
	if err != nil || t.Year() < 1900 {
		return time.Time{}, false
	}
	// dateparse keeps a zone abbreviation it cannot place at offset 0.
	if name, off := t.Zone(); off == 0 {
		if o, ok := zoneOffsets[name]; ok {
			t = time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.FixedZone(name, o))
		}
	}
	return t.UTC(), true
}

// zoneOffsets are the zone abbreviations news pages print, with their
// offsets from UTC in seconds. Ambiguous ones (IST, CST outside the US)
// are read the way English-language sites use them.
var zoneOffsets = map[string]int{
	"EST": -5 * 3600, "EDT": -4 * 3600, "CST": -6 * 3600, "CDT": -5 * 3600,
	"MST": -7 * 3600, "MDT": -6 * 3600, "PST": -8 * 3600, "PDT": -7 * 3600,
	"AKST": -9 * 3600, "AKDT": -8 * 3600, "HST": -10 * 3600,
	"BST": 3600, "CET": 3600, "CEST": 2 * 3600, "EET": 2 * 3600, "EEST": 3 * 3600,
	"MSK": 3 * 3600, "JST": 9 * 3600, "KST": 9 * 3600,
	"AEST": 10 * 3600, "AEDT": 11 * 3600, "NZST": 12 * 3600, "NZDT": 13 * 3600,
}

// shortOffset is a UTC offset written with three digits ("-500").
var shortOffset = regexp.MustCompile(`(T\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)([+-])(\d{3})$`)

// fixOffset pads a three-digit UTC offset to four ("-500" to "-0500").
func fixOffset(s string) string {
	return shortOffset.ReplaceAllString(s, "${1}${2}0${3}")
}

// excerpt is the page's own description when it has one, else the start
// of the text; plain text either way.
func excerpt(described, text string) string {
	e := collapse(html.UnescapeString(described))
	if e == "" {
		return sanitize.Excerpt(text, 280)
	}
	if utf8.RuneCountInString(e) > excerptRunes {
		return sanitize.Excerpt(e, excerptRunes)
	}
	return e
}

// firstImage returns the src of the first image in sanitized content.
func firstImage(content string) string {
	doc, err := html.Parse(strings.NewReader(content))
	if err != nil {
		return ""
	}
	if img := find(doc, func(n *html.Node) bool { return n.Data == "img" }); img != nil {
		return attr(img, "src")
	}
	return ""
}
