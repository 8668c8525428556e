// Package sanitize is the one gate every piece of third-party HTML passes
// before it can reach a page: it resolves relative URLs against the page
// the HTML came from, reshapes what our layout cannot host (h1, tracking
// pixels, unlisted embeds), then applies a strict allow-list policy.
package sanitize

import (
	"regexp"
	"sync"

	"github.com/microcosm-cc/bluemonday"
)

// linkRel is set on every link: the targets are not ours to vouch for
// (nofollow, ugc), and they must get neither our window (noopener) nor
// our readers' addresses in a Referer (noreferrer).
const linkRel = "nofollow noopener noreferrer ugc"

var (
	// embedSrc is the allow-list of iframe sources. The rewrite step drops
	// other iframes whole; the policy checks again so that a bug there
	// cannot let an unlisted frame through.
	embedSrc = regexp.MustCompile(`^https://(www\.youtube\.com/embed/|www\.youtube-nocookie\.com/embed/|player\.vimeo\.com/video/)[^\s"'<>]*$`)
	// srcsetValue accepts only the shape the rewrite step produces: absolute
	// http(s) URLs without commas, each with an optional width or density.
	srcsetValue = regexp.MustCompile(`^https?://[^\s,]+(\s+\d+(\.\d+)?[wx])?(,\s*https?://[^\s,]+(\s+\d+(\.\d+)?[wx])?)*$`)
	dimension   = regexp.MustCompile(`^\d{1,5}%?$`)
	plainValue  = regexp.MustCompile(`^[\p{L}\p{N}\s.,:;'/+\-_()@#&?=%!]*$`)
	relValue    = regexp.MustCompile(`^` + linkRel + `$`)
	targetBlank = regexp.MustCompile(`^_blank$`)
)

// policy is built once: a bluemonday policy is safe for concurrent use once
// constructed, and building it costs far more than one sanitization.
var policy = sync.OnceValue(newPolicy)

func newPolicy() *bluemonday.Policy {
	p := bluemonday.NewPolicy()
	p.AllowElements(
		"p", "h2", "h3", "h4", "h5", "h6", "blockquote", "ul", "ol", "li",
		"figure", "figcaption", "em", "strong", "b", "i", "u", "s", "sub", "sup",
		"code", "pre", "br", "hr", "table", "thead", "tbody", "tfoot", "tr",
		"caption", "colgroup", "col", "picture", "abbr", "cite", "q", "dl", "dt", "dd",
		"mark", "small", "del", "ins", "time",
	)
	p.AllowURLSchemes("http", "https", "mailto")
	p.RequireParseableURLs(true)
	p.AllowRelativeURLs(false)

	p.AllowAttrs("href").OnElements("a")
	p.AllowAttrs("rel").Matching(relValue).OnElements("a")
	p.AllowAttrs("target").Matching(targetBlank).OnElements("a")
	p.RequireNoFollowOnLinks(true)
	p.RequireNoReferrerOnLinks(true)

	p.AllowAttrs("src").OnElements("img")
	p.AllowAttrs("srcset").Matching(srcsetValue).OnElements("img", "source")
	p.AllowAttrs("alt").OnElements("img")
	p.AllowAttrs("width", "height").Matching(dimension).OnElements("img", "iframe")
	p.AllowAttrs("type", "media").Matching(plainValue).OnElements("source")

	p.AllowAttrs("src").Matching(embedSrc).OnElements("iframe")
	p.AllowAttrs("allowfullscreen").Matching(regexp.MustCompile(`^(allowfullscreen|true|)$`)).OnElements("iframe")
	p.AllowAttrs("title").Matching(plainValue).OnElements("iframe", "abbr")
	p.RequireSandboxOnIFrame(bluemonday.SandboxAllowScripts, bluemonday.SandboxAllowSameOrigin,
		bluemonday.SandboxAllowPresentation, bluemonday.SandboxAllowPopups)

	p.AllowAttrs("datetime").Matching(plainValue).OnElements("time", "del", "ins")
	p.AllowAttrs("cite").OnElements("blockquote", "q", "del", "ins")
	p.AllowAttrs("colspan", "rowspan").Matching(regexp.MustCompile(`^\d{1,3}$`)).OnElements("td", "th")
	p.AllowAttrs("scope").Matching(regexp.MustCompile(`^(row|col|rowgroup|colgroup)$`)).OnElements("th")
	p.AllowAttrs("span").Matching(regexp.MustCompile(`^\d{1,3}$`)).OnElements("col", "colgroup")
	p.AllowAttrs("start").Matching(regexp.MustCompile(`^-?\d{1,6}$`)).OnElements("ol")
	p.AllowElements("td", "th")
	return p
}
