// Package sanitize is the one gate every piece of third-party HTML passes
// before it can reach a page: it resolves relative URLs against the page
// the HTML came from, reshapes what our layout cannot host (h1, tracking
// pixels, unlisted embeds), then applies a strict allow-list policy.
package sanitize

import (
	"encoding/base64"
	"net/url"
	"regexp"
	"strings"
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
	embedSrc = regexp.MustCompile(`^https://(` + embedAlternatives() + `)[^\s"'<>]*$`)
	// hrefValue, citeValue and imgSrcValue repeat the rewrite step's scheme
	// rules: the policy's data: scheme is for images only.
	hrefValue   = regexp.MustCompile(`^(https?://|mailto:)`)
	citeValue   = regexp.MustCompile(`^https?://`)
	imgSrcValue = regexp.MustCompile(`^(https?://[^\s"<>]+|data:image/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/]+={0,2})$`)
	sandboxList = regexp.MustCompile(`^[a-z -]*$`)
	// srcsetValue accepts only the shape the rewrite step produces: absolute
	// http(s) URLs without commas, each with an optional width or density.
	srcsetValue = regexp.MustCompile(`^https?://[^\s,]+(\s+\d+(\.\d+)?[wx])?(,\s*https?://[^\s,]+(\s+\d+(\.\d+)?[wx])?)*$`)
	dimension   = regexp.MustCompile(`^\d{1,5}%?$`)
	plainValue  = regexp.MustCompile(`^[\p{L}\p{N}\s.,:;'/+\-_()@#&?=%!]*$`)
	relValue    = regexp.MustCompile(`^` + linkRel + `$`)
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

	p.AllowURLSchemeWithCustomPolicy("data", rasterImage)
	p.AllowAttrs("href").Matching(hrefValue).OnElements("a")
	p.AllowAttrs("rel").Matching(relValue).OnElements("a")
	p.RequireNoFollowOnLinks(true)
	p.RequireNoReferrerOnLinks(true)

	p.AllowAttrs("src").Matching(imgSrcValue).OnElements("img")
	p.AllowAttrs("srcset").Matching(srcsetValue).OnElements("img", "source")
	p.AllowAttrs("alt").OnElements("img")
	p.AllowAttrs("width", "height").Matching(dimension).OnElements("img", "iframe")
	p.AllowAttrs("type", "media").Matching(plainValue).OnElements("source")

	p.AllowAttrs("src").Matching(embedSrc).OnElements("iframe")
	p.AllowAttrs("allowfullscreen").Matching(regexp.MustCompile(`^(allowfullscreen|true|)$`)).OnElements("iframe")
	p.AllowAttrs("title").Matching(plainValue).OnElements("iframe", "abbr")
	// The policy keeps only the listed sandbox tokens, and adds an empty
	// (fully closed) sandbox to an iframe that has none.
	p.AllowAttrs("sandbox").Matching(sandboxList).OnElements("iframe")
	p.RequireSandboxOnIFrame(bluemonday.SandboxAllowScripts, bluemonday.SandboxAllowSameOrigin,
		bluemonday.SandboxAllowPresentation, bluemonday.SandboxAllowPopups)

	p.AllowAttrs("datetime").Matching(plainValue).OnElements("time", "del", "ins")
	p.AllowAttrs("cite").Matching(citeValue).OnElements("blockquote", "q", "del", "ins")
	p.AllowAttrs("colspan", "rowspan").Matching(regexp.MustCompile(`^\d{1,3}$`)).OnElements("td", "th")
	p.AllowAttrs("scope").Matching(regexp.MustCompile(`^(row|col|rowgroup|colgroup)$`)).OnElements("th")
	p.AllowAttrs("span").Matching(regexp.MustCompile(`^\d{1,3}$`)).OnElements("col", "colgroup")
	p.AllowAttrs("start").Matching(regexp.MustCompile(`^-?\d{1,6}$`)).OnElements("ol")
	p.AllowElements("td", "th")
	return p
}

// embedAlternatives is the embed allow-list as regexp alternatives.
func embedAlternatives() string {
	alts := make([]string, len(embedPlayers))
	for i, e := range embedPlayers {
		alts[i] = regexp.QuoteMeta(e.host + e.path)
	}
	return strings.Join(alts, "|")
}

// rasterImage is the policy's rule for data: URLs: a base64 PNG, JPEG,
// GIF or WebP image, never SVG (which can carry script) nor anything else.
func rasterImage(u *url.URL) bool {
	m := dataImagePrefix.FindString("data:" + u.Opaque)
	if m == "" || u.RawQuery != "" || u.Fragment != "" {
		return false
	}
	_, err := base64.StdEncoding.DecodeString(u.Opaque[len(m)-len("data:"):])
	return err == nil
}
