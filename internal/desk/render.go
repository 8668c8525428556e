// Package desk holds the rules of the newsroom's own articles that need
// no database: Markdown rendered to the site's safe HTML, plain text for
// search and excerpts, slugs, tags, the diff revisions are compared
// with, and the Publisher that publishes scheduled articles on time.
package desk

import (
	"bytes"
	"net/url"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"

	"github.com/newsdesk/newsdesk/internal/sanitize"
)

// markdown is CommonMark with GitHub's tables, strikethrough and
// autolinks. It is built without html.WithUnsafe, so raw HTML in the
// text and links with dangerous schemes (javascript:, vbscript:...) are
// left out by goldmark itself; the sanitizer then checks everything
// again, so a goldmark bug alone cannot let markup through.
var markdown = goldmark.New(
	goldmark.WithExtensions(extension.Table, extension.Strikethrough, extension.Linkify),
)

// MaxBodyBytes bounds an article's Markdown: far beyond any news
// article (a long feature is 50 KB), small enough that rendering and
// diffing it stay quick.
const MaxBodyBytes = 512 << 10

// Rendered is an article body made ready for the site.
type Rendered struct {
	HTML string // sanitized; shown exactly as it is
	Text string // plain text, for the search index and excerpts
}

// Render turns Markdown into the HTML the site shows, through the one
// sanitizer every piece of HTML passes (internal/sanitize), and its
// plain text. Relative links and images ("/2024/06/22/storm/",
// "/media/3/800.webp") are resolved against base, the site's address;
// with a nil base they are dropped.
func Render(md string, base *url.URL) Rendered {
	md = strings.ReplaceAll(md, "\r\n", "\n")
	if strings.TrimSpace(md) == "" {
		return Rendered{}
	}
	var buf bytes.Buffer
	// Converting to a bytes.Buffer fails only on writer errors, which a
	// Buffer never returns.
	_ = markdown.Convert([]byte(md), &buf)
	h := sanitize.HTML(buf.String(), base)
	return Rendered{HTML: h, Text: sanitize.Text(h)}
}
