package browser_test

import (
	"fmt"
	"strings"
)

// The payloads below call one of the traps installed in every page the
// tests load (alert, confirm, prompt, print) or set window.__pwned: a
// vector that runs anywhere is recorded.

// xssVectors are filter-evasion shapes in the manner of the OWASP XSS
// filter evasion cheat sheet: tags, handlers, URL schemes, encodings,
// broken markup, and attempts to break out of every context the site
// writes reader text into (element text, attribute values, textarea,
// URLs, feeds' XML).
var xssVectors = []string{
	`<script>alert("xss")</script>`,
	`<SCRIPT>window.__pwned=1</SCRIPT>`,
	`<scRipT src="//attacker.example/x.js"></scRipT>`,
	`<script>/*</script><script>*/alert(1)</script>`,
	`<img src=x onerror=alert(1)>`,
	`<img src="x" onerror="window.__pwned=1">`,
	`<IMG SRC=javascript:alert(1)>`,
	`<img src=JaVaScRiPt:alert('x')>`,
	"<img src=`javascript:alert(1)`>",
	`<img """><script>alert(1)</script>">`,
	`<img src=x:alert(1) onerror=eval(src)>`,
	`<img src=/ onerror="&#97;&#108;&#101;&#114;&#116;(1)">`,
	`<img src=&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1)>`,
	"<img src=\"jav\tascript:alert(1)\">",
	"<img src=\"jav&#x0D;ascript:alert(1)\">",
	`<svg onload=alert(1)>`,
	`<svg><script>window.__pwned=1</script></svg>`,
	`<svg><animate onbegin=alert(1) attributeName=x dur=1s>`,
	`<math><maction actiontype="statusline" xlink:href="javascript:alert(1)">x</maction></math>`,
	`<body onload=alert(1)>`,
	`<iframe src="javascript:alert(1)"></iframe>`,
	`<iframe srcdoc="&lt;script&gt;parent.alert(1)&lt;/script&gt;"></iframe>`,
	`<object data="javascript:alert(1)"></object>`,
	`<embed src="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">`,
	`<details open ontoggle=alert(1)>`,
	`<video><source onerror="alert(1)"></video>`,
	`<audio src=x onerror=alert(1)>`,
	`<input autofocus onfocus=alert(1)>`,
	`<select autofocus onfocus=alert(1)>`,
	`<textarea autofocus onfocus=alert(1)>`,
	`<marquee onstart=alert(1)>x</marquee>`,
	`<a href="javascript:alert(1)">click</a>`,
	`<a href="&#106;avascript:alert(1)">click</a>`,
	`<a href=" javascript:alert(1)">click</a>`,
	`<a href="data:text/html,<script>alert(1)</script>">click</a>`,
	`<a href="#" onclick="alert(1)">click</a>`,
	`<form action="javascript:alert(1)"><button>go</button></form>`,
	`<button formaction="javascript:alert(1)">go</button>`,
	`<meta http-equiv="refresh" content="0;url=javascript:alert(1)">`,
	`<base href="javascript:/a/-alert(1)///////">`,
	`<link rel=stylesheet href="javascript:alert(1)">`,
	`<style>*{background:url("javascript:alert(1)")}</style>`,
	`<div style="width:expression(alert(1))">x</div>`,
	`<table background="javascript:alert(1)">`,
	`<noscript><p title="</noscript><img src=x onerror=alert(1)>">`,
	`<title><img src=x onerror=alert(1)></title>`,
	`</textarea><script>alert(1)</script>`,
	`</title><script>alert(1)</script>`,
	`</style><script>alert(1)</script>`,
	`<!--><script>alert(1)</script>-->`,
	`<![CDATA[<script>alert(1)</script>]]>`,
	`]]><script>alert(1)</script>`,
	`<?xml-stylesheet href="javascript:alert(1)"?>`,
	`<x:script xmlns:x="http://www.w3.org/1999/xhtml">alert(1)</x:script>`,
	`<html:script xmlns:html="http://www.w3.org/1999/xhtml">window.__pwned=1</html:script>`,
	`"><script>alert(1)</script>`,
	`'><img src=x onerror=alert(1)>`,
	`" onmouseover="alert(1)" x="`,
	`' autofocus onfocus='alert(1)`,
	`" autofocus onfocus=alert(1) x="`,
	"`-alert(1)-`",
	`javascript:alert(1)`,
	`JaVaScRiPt:window.__pwned=1`,
	`data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==`,
	`vbscript:msgbox(1)`,
	`https://example.org/"><script>alert(1)</script>`,
	`https://example.org/" onmouseover="alert(1)`,
	`https://example.org/'><img src=x onerror=alert(1)>`,
	`http://example.org/?q=<svg/onload=alert(1)>`,
	`https://example.org/#"><img src=x onerror=alert(1)>`,
	`www.example.org/"onfocus="alert(1)"autofocus="`,
	`https://user:pass@example.org/`,
	// Addresses the website field takes, with hostile parts.
	`https://example.org/'onmouseover='alert(1)'`,
	`http://example.org/?a='><img/src=x/onerror=alert(1)>`,
	`https://example.org/?q=%22%3E%3Cscript%3Ealert(1)%3C/script%3E`,
	`https://example.org/#javascript:alert(1)`,
	`https://example.org/javascript:alert(1)`,
	`https://example.org/&quot;onmouseover=&quot;alert(1)`,
	`https://example.org/&#x27;onfocus=&#x27;alert(1)`,
	`https://example.org/(alert)(1)`,
	`http://127.0.0.1:1/'-alert(1)-'`,
	`&lt;script&gt;alert(1)&lt;/script&gt;`,
	`&#60;script&#62;alert(1)&#60;/script&#62;`,
	`%3Cscript%3Ealert(1)%3C%2Fscript%3E`,
	`\x3cscript\x3ealert(1)\x3c/script\x3e`,
	`\u003cimg src=x onerror=alert(1)\u003e`,
	`＜script＞alert(1)＜/script＞`,
	"<scr\x00ipt>alert(1)</script>",
	"<img src=x\x0bonerror=alert(1)>",
	"<img\x0csrc=x\x0conerror=alert(1)>",
	"<img src=x onerror=alert(1)\u2028>",
	"\u202e<script>alert(1)</script>",
	`<scr<script>ipt>alert(1)</scr</script>ipt>`,
	`<<script>alert(1);//<</script>`,
	`<img src=x onerror=alert(1)//`,
	`<a/href="javascript&colon;alert(1)">x</a>`,
	`<a href="java&Tab;script:alert(1)">x</a>`,
	`{{constructor.constructor('alert(1)')()}}`,
	`${alert(1)}`,
	`<template><script>alert(1)</script></template>`,
	`<isindex action="javascript:alert(1)" type=image>`,
	`<portal src="javascript:alert(1)">`,
}

// generatedVectors are variants: each tag with each event handler and
// payload, in several shapes, letter cases and encodings of "<".
func generatedVectors() []string {
	tags := []string{"script", "img", "svg", "iframe", "body", "a", "video", "input", "details", "object", "math", "p", "style"}
	handlers := []string{"onerror", "onload", "onfocus", "onmouseover", "ontoggle", "onanimationstart", "onpointerenter", "onbegin"}
	payloads := []string{"alert(1)", "window.__pwned=1", "confirm`1`", "eval(atob('YWxlcnQoMSk='))", "top['al'+'ert'](1)", "javascript:prompt(1)"}
	shapes := []string{"<%s %s=%s>", "<%s src=x %s=\"%s\">", "\"><%s/%s='%s'>", "<%s\n%s=%s//", "'><%s autofocus %s=%s x='"}
	cases := []func(string) string{
		func(s string) string { return s },
		strings.ToUpper,
		func(s string) string {
			var b strings.Builder
			for i, r := range s {
				if i%2 == 1 {
					b.WriteString(strings.ToUpper(string(r)))
				} else {
					b.WriteRune(r)
				}
			}
			return b.String()
		},
	}
	wraps := []func(string) string{
		func(s string) string { return s },
		func(s string) string { return strings.ReplaceAll(s, "<", "&lt;") },
		func(s string) string { return strings.ReplaceAll(s, "<", "&#x3c;") },
		func(s string) string { return "https://example.org/" + s },
		func(s string) string { return "Nice article!\n\n" + s + "\nThanks." },
	}
	var out []string
	for _, tag := range tags {
		for _, h := range handlers {
			for _, p := range payloads {
				for _, shape := range shapes {
					base := fmt.Sprintf(shape, tag, h, p)
					for _, c := range cases {
						for _, w := range wraps {
							out = append(out, w(c(base)))
						}
					}
				}
			}
		}
	}
	return out
}

// sample takes every step-th vector, starting at offset, so a browser
// test covers every tag, handler and shape without loading them all.
func sample(vs []string, step, offset int) []string {
	var out []string
	for i := offset; i < len(vs); i += step {
		out = append(out, vs[i])
	}
	return out
}
