package sanitize

import (
	"net/url"
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
		r.resolveAttr(n, "src")
		r.srcset(n)
	case atom.Blockquote, atom.Q, atom.Del, atom.Ins:
		r.resolveAttr(n, "cite")
	}
	r.resolveAttr(n, "poster")
}

// link resolves href and sets our rel. A link whose target is not a web or
// mail address loses its href, so the policy reduces it to its text.
func (r rewriter) link(n *html.Node) {
	href, ok := r.absolute(attr(n, "href"))
	removeAttr(n, "rel")
	if !ok || !linkScheme(href) {
		removeAttr(n, "href")
		return
	}
	setAttr(n, "href", StripTracking(href))
	setAttr(n, "rel", linkRel)
}

// img resolves the image's sources, promoting lazy-loading attributes, and
// reports whether the image is worth keeping: one with no usable source
// or a 1x1 tracking pixel is not.
func (r rewriter) img(n *html.Node) bool {
	src, ok := r.absolute(attr(n, "src"))
	if !ok || !webScheme(src) {
		src = ""
		for _, lazy := range []string{"data-src", "data-original", "data-lazy-src", "data-url"} {
			if u, ok := r.absolute(attr(n, lazy)); ok && webScheme(u) {
				src = u
				break
			}
		}
	}
	if src == "" {
		return false
	}
	setAttr(n, "src", src)
	r.srcset(n)
	return !isPixel(n)
}

// iframe keeps only embeds from the allow-list, sandboxed, without the
// fallback content (which the HTML parser stores as raw text).
func (r rewriter) iframe(n *html.Node) bool {
	src, ok := r.absolute(attr(n, "src"))
	if !ok || !allowedEmbed(src) {
		return false
	}
	for n.FirstChild != nil {
		n.RemoveChild(n.FirstChild)
	}
	setAttr(n, "src", src)
	setAttr(n, "sandbox", "allow-scripts allow-same-origin allow-presentation allow-popups")
	return true
}

// allowedEmbed checks the parsed URL, not just the string, so userinfo
// and odd encodings cannot smuggle another host in.
func allowedEmbed(raw string) bool {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "https" || u.User != nil || u.Port() != "" {
		return false
	}
	switch strings.ToLower(u.Host) {
	case "www.youtube.com":
		return strings.HasPrefix(u.Path, "/embed/")
	case "www.youtube-nocookie.com":
		return strings.HasPrefix(u.Path, "/embed/")
	case "player.vimeo.com":
		return strings.HasPrefix(u.Path, "/video/")
	}
	return false
}

// srcset rewrites the candidate list with absolute http(s) URLs only.
// Candidates whose URL holds a comma are dropped: the srcset grammar
// cannot tell such a comma from a separator reliably.
func (r rewriter) srcset(n *html.Node) {
	raw := attr(n, "srcset")
	if raw == "" {
		return
	}
	var out []string
	for _, cand := range strings.Split(raw, ",") {
		fields := strings.Fields(cand)
		if len(fields) == 0 || len(fields) > 2 {
			continue
		}
		u, ok := r.absolute(fields[0])
		if !ok || !webScheme(u) || strings.ContainsAny(u, ", ") {
			continue
		}
		if len(fields) == 2 {
			u += " " + fields[1]
		}
		out = append(out, u)
	}
	if len(out) == 0 {
		removeAttr(n, "srcset")
		return
	}
	setAttr(n, "srcset", strings.Join(out, ", "))
}

// resolveAttr makes a URL attribute absolute, removing it when it cannot
// be made so.
func (r rewriter) resolveAttr(n *html.Node, key string) {
	raw := attr(n, key)
	if raw == "" {
		return
	}
	if u, ok := r.absolute(raw); ok {
		setAttr(n, key, u)
		return
	}
	removeAttr(n, key)
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

// isPixel spots the 1x1 (or 0x0) images analytics services use to count
// readers: they show nothing and report the reader to a third party.
func isPixel(n *html.Node) bool {
	w, h := strings.TrimSpace(attr(n, "width")), strings.TrimSpace(attr(n, "height"))
	tiny := func(v string) bool { return v == "0" || v == "1" || v == "0px" || v == "1px" }
	return tiny(w) && tiny(h)
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
