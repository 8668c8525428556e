package sanitize

import (
	"encoding/base64"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// droppedWhole lists elements removed with everything inside them: their
// content is code, chrome or a parser-differential trap (svg switches the
// HTML parser into foreign-content rules), never article text.
var droppedWhole = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Template: true, atom.Noembed: true,
	atom.Noframes: true, atom.Textarea: true, atom.Xmp: true, atom.Plaintext: true,
	atom.Title: true, atom.Select: true, atom.Form: true, atom.Input: true,
	atom.Button: true, atom.Object: true, atom.Embed: true, atom.Applet: true,
	atom.Svg: true, atom.Head: true, atom.Meta: true,
	atom.Link: true, atom.Base: true, atom.Frame: true, atom.Frameset: true,
	atom.Dialog: true, atom.Canvas: true, atom.Audio: true, atom.Video: true,
}

// rewriter reshapes a parsed fragment before the policy sees it.
type rewriter struct {
	base *url.URL
}

// walk rewrites n's children, removing or unwrapping some of them.
func (r rewriter) walk(n *html.Node) {
	for c := n.FirstChild; c != nil; {
		next := c.NextSibling
		switch {
		case c.Type == html.CommentNode:
			n.RemoveChild(c)
		case c.Type != html.ElementNode:
		case c.DataAtom == atom.Math && c.Namespace == "math":
			// A formula is article text, but MathML is foreign content
			// whose parsing rules are a classic sanitizer bypass: keep
			// only its text.
			n.InsertBefore(&html.Node{Type: html.TextNode, Data: " " + leafText(c) + " "}, c)
			n.RemoveChild(c)
		case droppedWhole[c.DataAtom] || c.Namespace != "":
			n.RemoveChild(c)
		case c.DataAtom == atom.Noscript:
			// Parsed with scripting off, a noscript holds real markup:
			// usually the plain <img> behind a lazy-loading script.
			r.walk(c)
			unwrap(c)
		case c.DataAtom == atom.Iframe:
			if !r.iframe(c) {
				n.RemoveChild(c)
			}
		case c.DataAtom == atom.Img:
			if !r.img(c) {
				n.RemoveChild(c)
			}
		default:
			r.element(c)
			r.walk(c)
		}
		c = next
	}
}

// element handles everything that is kept in place.
func (r rewriter) element(n *html.Node) {
	switch n.DataAtom {
	case atom.H1:
		// The page around this fragment has its own h1.
		n.DataAtom, n.Data = atom.H2, "h2"
	case atom.A:
		r.link(n)
	case atom.Source:
		removeAttr(n, "src")
		r.setSrcset(n, r.lazySrcset(n))
	case atom.Blockquote, atom.Q, atom.Del, atom.Ins:
		if u, ok := r.webURL(attr(n, "cite")); ok {
			setAttr(n, "cite", u)
		} else {
			removeAttr(n, "cite")
		}
	}
}

// link resolves href and sets our rel. A link whose target is not a web
// or mail address loses its href, so the policy reduces it to its text.
// The source page's target goes: links in articles open where the site's
// own links to sources do (the credit line, the feeds page), in the same
// tab, whatever each publisher's markup asked for.
func (r rewriter) link(n *html.Node) {
	href, ok := r.absolute(attr(n, "href"))
	removeAttr(n, "rel")
	removeAttr(n, "target")
	if !ok || !linkScheme(href) {
		removeAttr(n, "href")
		return
	}
	setAttr(n, "href", StripTracking(href))
	setAttr(n, "rel", linkRel)
}

// lazySrc and lazySrcset list the attributes lazy-loading scripts copy
// into src and srcset once the image scrolls into view, in the order
// they are tried (srcset itself last). What they hold wins over src and
// srcset, which then usually hold a placeholder.
var (
	lazySrc    = []string{"data-src", "data-lazy-src", "data-original", "data-url"}
	lazySrcset = []string{"data-srcset", "data-lazy-srcset", "srcset"}
)

// img resolves the image's sources, promoting lazy-loading attributes and
// dropping tracking parameters, and reports whether the image is worth
// keeping: one with no usable source or a tracking pixel is not. src may
// be an inline raster image (data:image/png, jpeg, gif or webp).
func (r rewriter) img(n *html.Node) bool {
	set := r.lazySrcset(n)
	var src string
	for _, key := range lazySrc {
		if u, ok := r.webURL(attr(n, key)); ok {
			src = u
			break
		}
	}
	if src == "" {
		if u, ok := r.webURL(attr(n, "src")); ok {
			src = u
		} else if d, ok := dataImage(attr(n, "src")); ok {
			src = d
		} else if len(set) > 0 {
			src, _, _ = strings.Cut(set[0], " ")
		}
	}
	for _, key := range lazySrc {
		removeAttr(n, key)
	}
	if src == "" {
		return false
	}
	setAttr(n, "src", src)
	r.setSrcset(n, set)
	return !isPixel(n, src)
}

// lazySrcset returns the usable candidates of the first of an element's
// lazy srcset attributes, or of srcset, that has any, and removes the
// lazy attributes.
func (r rewriter) lazySrcset(n *html.Node) []string {
	var set []string
	for _, key := range lazySrcset {
		if set == nil {
			set = r.srcset(attr(n, key))
		}
		if key != "srcset" {
			removeAttr(n, key)
		}
	}
	return set
}

func (r rewriter) setSrcset(n *html.Node, set []string) {
	if len(set) == 0 {
		removeAttr(n, "srcset")
		return
	}
	setAttr(n, "srcset", strings.Join(set, ", "))
}

// iframe keeps only embeds from the allow-list, sandboxed, without the
// fallback content (which the HTML parser stores as raw text).
func (r rewriter) iframe(n *html.Node) bool {
	src, ok := r.absolute(attr(n, "src"))
	if ok {
		src, ok = embedURL(src)
	}
	if !ok {
		return false
	}
	for n.FirstChild != nil {
		n.RemoveChild(n.FirstChild)
	}
	setAttr(n, "src", src)
	setAttr(n, "sandbox", iframeSandbox)
	return true
}

// embedPlayers is the allow-list of video players that may be embedded:
// each host with the path its player URLs start with. Only https.
var embedPlayers = []struct{ host, path string }{
	{"www.youtube.com", "/embed/"},
	{"youtube.com", "/embed/"},
	{"www.youtube-nocookie.com", "/embed/"},
	{"player.vimeo.com", "/video/"},
	{"www.dailymotion.com", "/embed/video/"},
	{"geo.dailymotion.com", "/player/"},
	{"geo.dailymotion.com", "/player.html"},
	{"embed.ted.com", "/talks/"},
}

// iframeSandbox lets a video player run (scripts, its own origin's
// cookies and storage), go full screen and open its site in a new tab,
// and nothing more: no top navigation, no forms, no downloads.
const iframeSandbox = "allow-scripts allow-same-origin allow-presentation allow-popups"

// embedURL returns the URL of an allow-listed player, with its host in
// lower case as the policy expects, or false. It checks the parsed URL,
// not just the string, so userinfo, ports, odd encodings and dot segments
// cannot reach another host or another page of a listed one.
func embedURL(raw string) (string, bool) {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "https" || u.User != nil || u.Port() != "" || u.Opaque != "" {
		return "", false
	}
	p := u.EscapedPath()
	if strings.Contains(p, "..") || strings.Contains(strings.ToLower(p), "%2e") || strings.Contains(p, "\\") {
		return "", false
	}
	u.Host = strings.ToLower(u.Host)
	for _, e := range embedPlayers {
		if u.Host == e.host && strings.HasPrefix(p, e.path) {
			// The policy would strip a src it does not match (one with a
			// quote, say) and leave an empty frame: drop the frame instead.
			s := u.String()
			return s, embedSrc.MatchString(s)
		}
	}
	return "", false
}

// srcset returns the usable candidates of a srcset value: absolute http(s)
// URLs without tracking parameters, each with its descriptor. It splits
// the value as browsers do: a URL runs to the next whitespace (so a data:
// URL's comma stays inside it) and loses trailing commas, and its
// descriptor runs to the next comma. Candidates whose URL holds a comma
// are dropped, since the policy cannot tell such a comma from a separator,
// and so are those whose descriptor is not one width or density.
func (r rewriter) srcset(raw string) []string {
	var out []string
	isSpace := func(c rune) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r' }
	rest := raw
	for {
		rest = strings.TrimLeftFunc(rest, func(c rune) bool { return isSpace(c) || c == ',' })
		if rest == "" {
			return out
		}
		end := strings.IndexFunc(rest, isSpace)
		if end < 0 {
			end = len(rest)
		}
		rawURL, desc := rest[:end], ""
		rest = rest[end:]
		if trimmed := strings.TrimRight(rawURL, ","); trimmed != rawURL {
			rawURL = trimmed
		} else {
			desc, rest, _ = strings.Cut(rest, ",")
		}
		u, ok := r.webURL(rawURL)
		if !ok || strings.ContainsAny(u, ", ") {
			continue
		}
		switch fields := strings.Fields(desc); {
		case len(fields) == 0:
			out = append(out, u)
		case len(fields) == 1 && descriptor.MatchString(fields[0]):
			out = append(out, u+" "+fields[0])
		}
	}
}

// descriptor is a srcset width ("640w") or pixel density ("2x", "1.5x").
var descriptor = regexp.MustCompile(`^\d+(\.\d+)?[wx]$`)

// webURL resolves raw and returns it without tracking parameters when it
// is an http(s) URL.
func (r rewriter) webURL(raw string) (string, bool) {
	u, ok := r.absolute(raw)
	if !ok || !webScheme(u) {
		return "", false
	}
	return StripTracking(u), true
}

// dataImagePrefix is the start of the only data: URLs kept: base64 raster
// images. SVG is left out because an SVG document can carry script.
var dataImagePrefix = regexp.MustCompile(`^(?i)data:image/(png|jpeg|gif|webp);base64,`)

// dataImage returns an inline raster image's URL in canonical form (lower
// case media type, whitespace removed, padded base64), or false when raw
// is not one or its payload is not base64.
func dataImage(raw string) (string, bool) {
	s := strings.Map(func(c rune) rune {
		if c <= 0x20 || c == 0x7f {
			return -1
		}
		return c
	}, raw)
	m := dataImagePrefix.FindStringSubmatch(s)
	if m == nil {
		return "", false
	}
	payload := s[len(m[0]):]
	data, err := base64.StdEncoding.DecodeString(payload)
	if err != nil {
		if data, err = base64.RawStdEncoding.DecodeString(strings.TrimRight(payload, "=")); err != nil {
			return "", false
		}
	}
	if len(data) == 0 {
		return "", false
	}
	return "data:image/" + strings.ToLower(m[1]) + ";base64," + base64.StdEncoding.EncodeToString(data), true
}

// absolute resolves raw against the base. Browsers strip ASCII control
// characters and surrounding spaces from URLs; doing the same here keeps
// "java\tscript:" from slipping past scheme checks.
func (r rewriter) absolute(raw string) (string, bool) {
	raw = strings.Map(func(c rune) rune {
		if c < 0x20 || c == 0x7f {
			return -1
		}
		return c
	}, strings.TrimSpace(raw))
	if raw == "" {
		return "", false
	}
	u, err := url.Parse(raw)
	if err != nil {
		return "", false
	}
	if r.base != nil && !u.IsAbs() {
		u = r.base.ResolveReference(u)
	}
	if !u.IsAbs() {
		return "", false
	}
	return u.String(), true
}

func webScheme(u string) bool {
	l := strings.ToLower(u)
	return strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://")
}

func linkScheme(u string) bool {
	return webScheme(u) || strings.HasPrefix(strings.ToLower(u), "mailto:")
}

// isPixel spots the images analytics services use to count readers: an
// image declared 0 or 1 pixel wide or high (by attribute or inline style,
// which the policy strips), or one from a known counter. They show nothing
// and report the reader to a third party.
func isPixel(n *html.Node, src string) bool {
	if tinyLength(attr(n, "width")) || tinyLength(attr(n, "height")) {
		return true
	}
	for _, decl := range strings.Split(attr(n, "style"), ";") {
		name, val, _ := strings.Cut(decl, ":")
		switch strings.ToLower(strings.TrimSpace(name)) {
		case "width", "height", "max-width", "max-height":
			if tinyLength(strings.TrimSuffix(strings.TrimSpace(val), "!important")) {
				return true
			}
		}
	}
	return isPixelURL(src)
}

// tinyLength reports whether a length is at most one pixel: "0", "1",
// "1px", "0.5".
func tinyLength(v string) bool {
	v = strings.TrimSuffix(strings.ToLower(strings.TrimSpace(v)), "px")
	f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
	return err == nil && f >= 0 && f <= 1
}

// leafText joins the text of n's descendants with spaces: in MathML each
// leaf (mi, mo, mn) is a separate token. Code and the TeX annotations
// that repeat the formula are left out.
func leafText(n *html.Node) string {
	var parts []string
	var visit func(*html.Node)
	visit = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "script", "style", "annotation", "annotation-xml", "template":
				return
			}
		}
		if n.Type == html.TextNode {
			if t := strings.TrimSpace(n.Data); t != "" {
				parts = append(parts, t)
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			visit(c)
		}
	}
	visit(n)
	return strings.Join(parts, " ")
}

// unwrap replaces n with its children.
func unwrap(n *html.Node) {
	parent := n.Parent
	for n.FirstChild != nil {
		c := n.FirstChild
		n.RemoveChild(c)
		parent.InsertBefore(c, n)
	}
	parent.RemoveChild(n)
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Namespace == "" && a.Key == key {
			return a.Val
		}
	}
	return ""
}

func setAttr(n *html.Node, key, val string) {
	for i, a := range n.Attr {
		if a.Namespace == "" && a.Key == key {
			n.Attr[i].Val = val
			return
		}
	}
	n.Attr = append(n.Attr, html.Attribute{Key: key, Val: val})
}

func removeAttr(n *html.Node, key string) {
	kept := n.Attr[:0]
	for _, a := range n.Attr {
		if a.Key != key {
			kept = append(kept, a)
		}
	}
	n.Attr = kept
}
