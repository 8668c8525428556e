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
type Result struct {
	Title        string    `json:"title"`
	Byline       string    `json:"byline"`
	SiteName     string    `json:"site_name"`
	PublishedAt  time.Time `json:"published_at"` // zero when unknown; null in JSON
	LeadImage    string    `json:"lead_image"`
	ImageCredit  string    `json:"image_credit"`
	Excerpt      string    `json:"excerpt"`
	ContentHTML  string    `json:"content_html"`
	ContentText  string    `json:"content_text"`
	Language     string    `json:"language"`
	CanonicalURL string    `json:"canonical_url"`
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
	return Result{
		Title:        withoutSiteName(firstNonEmpty(art.Title(), meta.ld.headline, meta.tag("og:title"), meta.title), site),
		Byline:       collapse(firstNonEmpty(art.Byline(), meta.ld.author)),
		SiteName:     site,
		PublishedAt:  publishedAt(art, meta),
		LeadImage:    lead,
		ImageCredit:  credit,
		Excerpt:      excerpt(art.Excerpt(), text),
		ContentHTML:  content,
		ContentText:  text,
		Language:     firstNonEmpty(art.Language(), meta.language()),
		CanonicalURL: firstNonEmpty(meta.canonical, absoluteHTTP(base, meta.tag("og:url")), absoluteHTTP(base, meta.ld.url)),
	}, nil
}

// titleSeparators join a headline and a site name in <title>.
var titleSeparators = []string{" | ", " - ", " – ", " — ", " : ", ": ", " · ", " ｜ ", "｜", " » ", " / ", " :: "}

// withoutSiteName removes the site's name from the start or end of a
// title ("Ferry returns | The Gazette"): our pages show the source apart.
func withoutSiteName(title, site string) string {
	title = collapse(title)
	if site == "" || strings.EqualFold(title, site) {
		return title
	}
	lt, ls := strings.ToLower(title), strings.ToLower(site)
	for _, sep := range titleSeparators {
		lsep := strings.ToLower(sep)
		if strings.HasSuffix(lt, lsep+ls) {
			return strings.TrimSpace(title[:len(title)-len(sep)-len(site)])
		}
		if strings.HasPrefix(lt, ls+lsep) {
			return strings.TrimSpace(title[len(site)+len(sep):])
		}
	}
	return title
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
// our own reading of JSON-LD and the article meta tags.
func publishedAt(art readability.Article, meta pageMeta) time.Time {
	if t, err := art.PublishedTime(); err == nil && !t.IsZero() {
		return t.UTC()
	}
	for _, s := range meta.publishedCandidates() {
		if t, ok := parseDate(s); ok {
			return t
		}
	}
	return time.Time{}
}

func parseDate(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
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
	return t.UTC(), true
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
