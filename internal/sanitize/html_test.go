package sanitize

import (
	"net/url"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

func mustURL(t testing.TB, raw string) *url.URL {
	t.Helper()
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// assertSafe checks the promises HTML makes about any output, reading it
// the way a browser does: as a tree of elements with attributes, values
// entity-decoded. Text that merely mentions "javascript:" or "onload=" is
// harmless and allowed. The rules here are the test's own, written
// independently of the policy, so that a mistake in one shows in the other.
func assertSafe(t testing.TB, in, out string) {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(out))
	if err != nil {
		t.Fatalf("output does not parse: %v", err)
	}
	var check func(n *html.Node)
	check = func(n *html.Node) {
		if n.Type == html.ElementNode {
			if forbiddenElements[n.Data] || n.Namespace != "" {
				t.Fatalf("HTML(%q) = %q: contains <%s>", in, out, n.Data)
			}
			for _, a := range n.Attr {
				checkAttr(t, in, out, n.Data, a)
			}
			if n.Data == "iframe" {
				checkIframe(t, in, out, n)
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			check(c)
		}
	}
	check(doc)
}

var forbiddenElements = map[string]bool{
	"script": true, "style": true, "form": true, "input": true, "button": true, "select": true,
	"textarea": true, "object": true, "embed": true, "applet": true, "svg": true, "math": true,
	"base": true, "meta": true, "link": true, "frame": true, "frameset": true, "template": true,
	"noscript": true,
}

// urlAttrs are the attributes a browser loads or navigates to.
var urlAttrs = map[string]bool{
	"href": true, "src": true, "srcset": true, "cite": true, "poster": true, "action": true,
	"formaction": true, "data": true, "background": true, "longdesc": true, "usemap": true,
	"lowsrc": true, "dynsrc": true, "ping": true, "manifest": true, "icon": true, "codebase": true,
	"archive": true, "classid": true, "profile": true, "xlink:href": true, "imagesrcset": true,
}

// rasterDataURL is the only data: URL an output may hold, and only in <img src>.
var rasterDataURL = regexp.MustCompile(`^data:image/(png|jpeg|gif|webp);base64,`)

// scheme returns a URL's scheme the way a browser finds it: ASCII
// whitespace and control characters removed, case folded.
func scheme(raw string) string {
	s := strings.ToLower(strings.Map(func(c rune) rune {
		if c <= 0x20 || c == 0x7f {
			return -1
		}
		return c
	}, raw))
	name, _, found := strings.Cut(s, ":")
	if !found || name == "" || strings.ContainsAny(name, "/?#") {
		return ""
	}
	return name
}

func checkAttr(t testing.TB, in, out, elem string, a html.Attribute) {
	t.Helper()
	key := strings.ToLower(a.Key)
	switch {
	case strings.HasPrefix(key, "on"), key == "style", key == "class", key == "id", key == "srcdoc", key == "target":
		t.Fatalf("HTML(%q) = %q: <%s> has attribute %s", in, out, elem, a.Key)
	case !urlAttrs[key]:
		return
	}
	urls := []string{a.Val}
	if key == "srcset" || key == "imagesrcset" {
		urls = nil
		for _, cand := range strings.Split(a.Val, ",") {
			if f := strings.Fields(cand); len(f) > 0 {
				urls = append(urls, f[0])
			}
		}
	}
	for _, u := range urls {
		switch scheme(u) {
		case "javascript", "vbscript":
			t.Fatalf("HTML(%q) = %q: <%s %s> holds a script URL", in, out, elem, a.Key)
		case "data":
			if elem != "img" || key != "src" || !rasterDataURL.MatchString(u) {
				t.Fatalf("HTML(%q) = %q: <%s %s=%q> holds a data URL", in, out, elem, a.Key, u)
			}
		}
	}
}

// videoHosts is the test's own list of the players an iframe may show.
var videoHosts = map[string]bool{
	"www.youtube.com": true, "youtube.com": true, "www.youtube-nocookie.com": true,
	"player.vimeo.com": true, "www.dailymotion.com": true, "geo.dailymotion.com": true,
	"embed.ted.com": true,
}

// checkIframe asserts an iframe shows an https page of a listed video
// host, sandboxed with at most the tokens a player needs, and carries no
// attribute beyond the few the policy lists.
func checkIframe(t testing.TB, in, out string, n *html.Node) {
	t.Helper()
	var src, sandbox string
	var hasSrc, hasSandbox bool
	for _, a := range n.Attr {
		switch a.Key {
		case "src":
			src, hasSrc = a.Val, true
		case "sandbox":
			sandbox, hasSandbox = a.Val, true
		case "width", "height", "allowfullscreen", "title":
		default:
			t.Fatalf("HTML(%q) = %q: iframe has attribute %s", in, out, a.Key)
		}
	}
	u, err := url.Parse(src)
	if !hasSrc || err != nil || u.Scheme != "https" || u.User != nil || u.Port() != "" || !videoHosts[u.Host] {
		t.Fatalf("HTML(%q) = %q: iframe with unlisted source %q", in, out, src)
	}
	if !hasSandbox {
		t.Fatalf("HTML(%q) = %q: iframe without sandbox", in, out)
	}
	for _, tok := range strings.Fields(sandbox) {
		switch tok {
		case "allow-scripts", "allow-same-origin", "allow-popups", "allow-presentation":
		default:
			t.Fatalf("HTML(%q) = %q: iframe sandbox allows %s", in, out, tok)
		}
	}
}

func TestHTML_HostileInput(t *testing.T) {
	base := mustURL(t, "https://news.example.org/world/story.html")
	tests := []struct {
		name     string
		in       string
		mustHave []string
		mustNot  []string
	}{
		{"script removed with content", `<p>a</p><script>alert(1)</script><p>b</p>`, []string{"<p>a</p>", "<p>b</p>"}, []string{"alert"}},
		{"mixed case script", `<ScRiPt>alert(1)</sCrIpT><p>ok</p>`, []string{"<p>ok</p>"}, []string{"alert"}},
		{"javascript href", `<a href="javascript:alert(1)">x</a>`, []string{"x"}, []string{"href", "alert"}},
		{"entity encoded javascript", `<a href="javascript&#58;alert(1)">x</a>`, []string{"x"}, []string{"href"}},
		{"tab split javascript", "<a href=\"java\tscript:alert(1)\">x</a>", []string{"x"}, []string{"href"}},
		{"upper case scheme", `<a href="JAVASCRIPT:alert(1)">x</a>`, []string{"x"}, []string{"href"}},
		{"vbscript", `<a href="vbscript:msgbox(1)">x</a>`, []string{"x"}, []string{"href"}},
		{"svg data image refused", `<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+" alt="a">`, nil, []string{"<img", "svg"}},
		{"data link refused", `<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>`, []string{"x"}, []string{"href", "data:"}},
		{"data image link refused", `<a href="data:image/png;base64,iVBORw0KGgo=">x</a>`, []string{"x"}, []string{"href", "data:"}},
		{"data iframe refused", `<iframe src="data:text/html,<script>alert(1)</script>"></iframe>`, nil, []string{"iframe", "alert"}},
		{"data cite refused", `<blockquote cite="data:text/html,x">q</blockquote>`, []string{"<blockquote>q</blockquote>"}, []string{"data:"}},
		{"data srcset refused", `<img src="/a.jpg" srcset="data:image/png;base64,iVBORw0KGgo= 2x">`, []string{`src="https://news.example.org/a.jpg"`}, []string{"data:", "srcset"}},
		{"hex entity javascript", `<a href="&#x6A;&#x61;vascript:alert(1)">x</a>`, []string{"x"}, []string{"href", "alert"}},
		{"named entity colon", `<a href="javascript&colon;alert(1)">x</a>`, []string{"x"}, []string{"href", "alert"}},
		{"entity tab", `<a href="java&Tab;script:alert(1)">x</a>`, []string{"x"}, []string{"href", "alert"}},
		{"newline split", "<a href=\"java\nscript:alert(1)\">x</a>", []string{"x"}, []string{"href", "alert"}},
		{"leading space and control", "<a href=\" \x01javascript:alert(1)\">x</a>", []string{"x"}, []string{"href", "alert"}},
		{"mixed case vbscript", `<a href="VbScRiPt:msgbox(1)">x</a>`, []string{"x"}, []string{"href", "msgbox"}},
		{"javascript img src", `<img src="jaVasCript:alert(1)">`, nil, []string{"<img", "alert"}},
		{"javascript iframe src", `<iframe src="javascript:alert(1)"></iframe>`, nil, []string{"iframe", "alert"}},
		{"javascript cite", `<q cite="javascript:alert(1)">q</q>`, []string{"<q>q</q>"}, []string{"alert"}},
		{"javascript source srcset", `<picture><source srcset="javascript:alert(1)"><img src="/a.jpg"></picture>`, []string{`src="https://news.example.org/a.jpg"`}, []string{"alert", "<source"}},
		{"base and meta", `<base href="https://evil.example/"><meta charset="x"><meta name="a" content="b"><p>x</p>`, []string{"<p>x</p>"}, []string{"<base", "<meta", "evil"}},
		{"link stylesheet", `<link rel="stylesheet" href="https://evil.example/x.css"><p>x</p>`, []string{"<p>x</p>"}, []string{"<link", "evil"}},
		{"formaction", `<button formaction="javascript:alert(1)">b</button><p>x</p>`, []string{"<p>x</p>"}, []string{"alert", "formaction"}},
		{"handler attribute", `<p onclick="alert(1)" onmouseover=alert(2)>hi</p>`, []string{"<p>hi</p>"}, []string{"alert"}},
		{"img onerror", `<img src="/a.jpg" onerror="alert(1)">`, []string{`src="https://news.example.org/a.jpg"`}, []string{"onerror"}},
		{"svg onload", `<svg onload="alert(1)"><circle r="2"/></svg><p>t</p>`, []string{"<p>t</p>"}, []string{"alert", "circle"}},
		{"svg style breakout", `<svg><style><img src=x onerror=alert(1)></style></svg>`, nil, []string{"alert"}},
		{"math mglyph trick", `<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>`, nil, []string{"alert"}},
		{"noscript breakout", `<noscript><p title="</noscript><img src=x onerror=alert(1)>">`, nil, []string{"alert"}},
		{"style attribute and tag", `<p style="position:fixed">x</p><style>body{}</style>`, []string{"<p>x</p>"}, []string{"position", "body{"}},
		{"class and id stripped", `<p class="header" id="top">x</p>`, []string{"<p>x</p>"}, nil},
		{"form and input", `<form action="/x"><input name="q"><button>go</button></form><p>k</p>`, []string{"<p>k</p>"}, []string{"go", "<input"}},
		{"object and embed", `<object data="x.swf"></object><embed src="x.swf"><p>k</p>`, []string{"<p>k</p>"}, []string{"swf"}},
		{"unlisted iframe host", `<iframe src="https://evil.example/embed/x"></iframe>`, nil, []string{"iframe", "evil"}},
		{"youtube lookalike host", `<iframe src="https://www.youtube.com.evil.example/embed/x"></iframe>`, nil, []string{"iframe"}},
		{"userinfo trick", `<iframe src="https://www.youtube.com@evil.example/embed/x"></iframe>`, nil, []string{"iframe"}},
		{"http youtube refused", `<iframe src="http://www.youtube.com/embed/x"></iframe>`, nil, []string{"iframe"}},
		{"nested iframes", `<iframe src="https://www.youtube.com/embed/a"><iframe src="https://evil.example/"></iframe></iframe>`, []string{`src="https://www.youtube.com/embed/a"`}, []string{"evil"}},
		{"listed iframe sandboxed", `<iframe src="https://player.vimeo.com/video/1" width="640" height="360" onload="x()"></iframe>`, []string{`src="https://player.vimeo.com/video/1"`, `sandbox="`, `width="640"`}, []string{"onload"}},
		{"meta refresh", `<meta http-equiv="refresh" content="0;url=javascript:alert(1)"><p>x</p>`, []string{"<p>x</p>"}, []string{"refresh"}},
		{"base hijack", `<base href="https://evil.example/"><a href="/a">a</a>`, []string{`href="https://news.example.org/a"`}, []string{"evil"}},
		{"srcset javascript", `<img src="/a.jpg" srcset="javascript:alert(1) 1x, /b.jpg 2x">`, []string{`srcset="https://news.example.org/b.jpg 2x"`}, []string{"javascript"}},
		{"template content", `<template><img src=x onerror=alert(1)></template><p>x</p>`, []string{"<p>x</p>"}, []string{"alert"}},
		{"comment", `<!-- <script>alert(1)</script> --><p>x</p>`, []string{"<p>x</p>"}, []string{"alert"}},
		{"link rel forced", `<a href="https://x.example/" rel="opener" target="_blank">x</a>`, []string{`rel="nofollow noopener noreferrer ugc"`}, []string{`"opener"`, "target"}},
		{"mailto kept", `<a href="mailto:desk@example.org">mail</a>`, []string{`href="mailto:desk@example.org"`}, nil},
		{"target other than blank", `<a href="/x" target="_top">x</a>`, []string{`href="https://news.example.org/x"`}, []string{"_top"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := HTML(tt.in, base)
			assertSafe(t, tt.in, out)
			for _, want := range tt.mustHave {
				if !strings.Contains(out, want) {
					t.Errorf("HTML(%q) = %q, want it to contain %q", tt.in, out, want)
				}
			}
			for _, bad := range tt.mustNot {
				if strings.Contains(out, bad) {
					t.Errorf("HTML(%q) = %q, must not contain %q", tt.in, out, bad)
				}
			}
		})
	}
}

func TestHTML_ResolvesAndReshapes(t *testing.T) {
	base := mustURL(t, "https://news.example.org/world/story.html")
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"relative link", `<a href="../politics/vote.html">vote</a>`,
			`<a href="https://news.example.org/politics/vote.html" rel="nofollow noopener noreferrer ugc">vote</a>`},
		{"root relative image", `<img src="/img/a.jpg" alt="A harbour" width="640" height="480">`,
			`<img src="https://news.example.org/img/a.jpg" alt="A harbour" width="640" height="480"/>`},
		{"protocol relative", `<img src="//cdn.example.net/a.jpg">`, `<img src="https://cdn.example.net/a.jpg"/>`},
		{"srcset resolved", `<img src="a.jpg" srcset="a-320.jpg 320w, /b-640.jpg 640w">`,
			`<img src="https://news.example.org/world/a.jpg" srcset="https://news.example.org/world/a-320.jpg 320w, https://news.example.org/b-640.jpg 640w"/>`},
		{"picture source", `<picture><source srcset="w.webp" type="image/webp"><img src="w.jpg"></picture>`,
			`<picture><source srcset="https://news.example.org/world/w.webp" type="image/webp"/><img src="https://news.example.org/world/w.jpg"/></picture>`},
		{"h1 demoted", `<h1>Headline</h1><p>x</p>`, `<h2>Headline</h2><p>x</p>`},
		{"tracking pixel dropped", `<p>x<img src="https://t.example/p.gif" width="1" height="1"></p>`, `<p>x</p>`},
		{"lazy image promoted", `<img data-src="/big.jpg" alt="b">`, `<img alt="b" src="https://news.example.org/big.jpg"/>`},
		{"noscript image kept", `<noscript><img src="/n.jpg"></noscript>`, `<img src="https://news.example.org/n.jpg"/>`},
		{"fragment link", `<a href="#notes">n</a>`,
			`<a href="https://news.example.org/world/story.html#notes" rel="nofollow noopener noreferrer ugc">n</a>`},
		{"figure", `<figure><img src="p.jpg"><figcaption>Photo: A. Lens</figcaption></figure>`,
			`<figure><img src="https://news.example.org/world/p.jpg"/><figcaption>Photo: A. Lens</figcaption></figure>`},
		{"blockquote cite", `<blockquote cite="/src">q</blockquote>`, `<blockquote cite="https://news.example.org/src">q</blockquote>`},
		{"time kept", `<time datetime="2024-06-22T10:00:00Z">June 22</time>`, `<time datetime="2024-06-22T10:00:00Z">June 22</time>`},
		{"math kept as text", `<p>When <math><mi>a</mi><mo>≠</mo><mn>0</mn><annotation>a \neq 0</annotation></math>, two</p>`,
			`<p>When  a ≠ 0 , two</p>`},
		{"div and span unwrapped", `<div><span>text</span></div>`, `text`},
		{"table", `<table><tr><th scope="col">a</th></tr><tr><td colspan="2">b</td></tr></table>`,
			`<table><tbody><tr><th scope="col">a</th></tr><tr><td colspan="2">b</td></tr></tbody></table>`},
		{"empty", "   ", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := HTML(tt.in, base); got != tt.want {
				t.Errorf("HTML(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestHTML_NoBaseDropsRelativeURLs(t *testing.T) {
	out := HTML(`<a href="/a">a</a><img src="b.jpg"><img src="https://x.example/c.jpg">`, nil)
	if strings.Contains(out, `"/a"`) || strings.Contains(out, "b.jpg") {
		t.Errorf("relative URLs survived without a base: %q", out)
	}
	if !strings.Contains(out, `src="https://x.example/c.jpg"`) {
		t.Errorf("absolute image lost: %q", out)
	}
}

func TestHTML_Idempotent(t *testing.T) {
	base := mustURL(t, "https://news.example.org/a/")
	in := `<h1>T</h1><p>Some <b>bold</b> <a href="x">link</a></p><figure><img src="i.jpg" srcset="i2.jpg 2x"></figure>` +
		`<iframe src="https://www.youtube-nocookie.com/embed/v"></iframe>`
	once := HTML(in, base)
	if twice := HTML(once, base); twice != once {
		t.Errorf("sanitizing twice changed the output:\n once %q\ntwice %q", once, twice)
	}
}
