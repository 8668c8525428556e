package sanitize

import (
	"net/url"
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
// the way a browser does: as a tree of elements with attributes. Text that
// merely mentions "javascript:" or "onload=" is harmless and allowed.
func assertSafe(t testing.TB, in, out string) {
	t.Helper()
	if strings.Contains(strings.ToLower(out), "<script") {
		t.Fatalf("HTML(%q) = %q: contains <script", in, out)
	}
	doc, err := html.Parse(strings.NewReader(out))
	if err != nil {
		t.Fatalf("output does not parse: %v", err)
	}
	var check func(n *html.Node)
	check = func(n *html.Node) {
		if n.Type == html.ElementNode {
			if forbiddenElements[n.Data] {
				t.Fatalf("HTML(%q) = %q: contains <%s>", in, out, n.Data)
			}
			for _, a := range n.Attr {
				checkAttr(t, in, out, n.Data, a)
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			check(c)
		}
	}
	check(doc)
}

var forbiddenElements = map[string]bool{
	"script": true, "style": true, "form": true, "input": true, "object": true, "embed": true,
	"svg": true, "math": true, "base": true, "meta": true, "link": true, "frame": true, "template": true,
}

func checkAttr(t testing.TB, in, out, elem string, a html.Attribute) {
	t.Helper()
	key, val := strings.ToLower(a.Key), strings.ToLower(a.Val)
	switch {
	case strings.HasPrefix(key, "on"), key == "style", key == "class", key == "id":
		t.Fatalf("HTML(%q) = %q: <%s> has attribute %s", in, out, elem, a.Key)
	case strings.Contains(val, "javascript:"), strings.Contains(val, "vbscript:"), strings.Contains(val, "data:"):
		t.Fatalf("HTML(%q) = %q: <%s %s> holds a script or data URL", in, out, elem, a.Key)
	case elem == "iframe" && key == "src" && !embedSrc.MatchString(a.Val):
		t.Fatalf("HTML(%q) = %q: unlisted iframe %s", in, out, a.Val)
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
		{"data image refused", `<img src="data:image/png;base64,iVBORw0KGgo=" alt="a">`, nil, []string{"<img"}},
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
		{"link rel forced", `<a href="https://x.example/" rel="opener" target="_blank">x</a>`, []string{`rel="nofollow noopener noreferrer ugc"`, `target="_blank"`}, []string{`"opener"`}},
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
