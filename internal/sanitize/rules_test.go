package sanitize

import (
	"strings"
	"testing"
)

// A tiny valid PNG payload and its forms, for the data: URL rules.
const (
	pngB64  = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGP4z8DwHwAFAAH/iZk9HQAAAABJRU5ErkJggg=="
	gifB64  = "R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7"
	svgB64  = "PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciIG9ubG9hZD0iYWxlcnQoMSkiLz4="
	storyIn = "https://news.example.org/world/story.html"
)

func TestHTML_DataURLsOnlyForRasterImages(t *testing.T) {
	base := mustURL(t, storyIn)
	tests := []struct {
		name string
		in   string
		want string
	}{
		{"png kept", `<img src="data:image/png;base64,` + pngB64 + `" alt="dot">`,
			`<img src="data:image/png;base64,` + pngB64 + `" alt="dot"/>`},
		{"jpeg kept", `<img src="data:image/jpeg;base64,/9j/4AAQSkZJRg==">`, `<img src="data:image/jpeg;base64,/9j/4AAQSkZJRg=="/>`},
		{"gif kept", `<img src="data:image/gif;base64,` + gifB64 + `">`, `<img src="data:image/gif;base64,` + gifB64 + `"/>`},
		{"webp kept", `<img src="data:image/webp;base64,UklGRhoAAABXRUJQ">`, `<img src="data:image/webp;base64,UklGRhoAAABXRUJQ"/>`},
		{"case and whitespace normalized", "<img src=\"DATA:Image/PNG;BASE64,iVBO\n Rw0K\tGgo=\">",
			`<img src="data:image/png;base64,iVBORw0KGgo="/>`},
		{"missing padding completed", `<img src="data:image/png;base64,iVBORw0KGgo">`, `<img src="data:image/png;base64,iVBORw0KGgo="/>`},
		{"svg refused", `<img src="data:image/svg+xml;base64,` + svgB64 + `">`, ``},
		{"svg utf8 refused", `<img src="data:image/svg+xml,<svg onload=alert(1)>">`, ``},
		{"html refused", `<img src="data:text/html;base64,PHA+">`, ``},
		{"not base64 refused", `<img src="data:image/png,rawbytes">`, ``},
		{"bad base64 refused", `<img src="data:image/png;base64,@@@@">`, ``},
		{"empty payload refused", `<img src="data:image/png;base64,">`, ``},
		{"data in a link refused", `<a href="data:image/png;base64,` + pngB64 + `">x</a>`, `x`},
		{"data in srcset refused", `<img src="/a.jpg" srcset="data:image/png;base64,` + pngB64 + ` 1x, /b.jpg 2x">`,
			`<img src="https://news.example.org/a.jpg" srcset="https://news.example.org/b.jpg 2x"/>`},
		{"data in cite refused", `<blockquote cite="data:image/png;base64,` + pngB64 + `">q</blockquote>`, `<blockquote>q</blockquote>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := HTML(tt.in, base)
			assertSafe(t, tt.in, got)
			if got != tt.want {
				t.Errorf("HTML(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestHTML_Embeds(t *testing.T) {
	const sandbox = `sandbox="allow-scripts allow-same-origin allow-presentation allow-popups"`
	tests := []struct {
		name string
		in   string
		want string // "" when the iframe must go
	}{
		{"youtube", `<iframe src="https://www.youtube.com/embed/abc" width="560" height="315" allowfullscreen></iframe>`,
			`<iframe src="https://www.youtube.com/embed/abc" width="560" height="315" allowfullscreen="" ` + sandbox + `></iframe>`},
		{"youtube without www", `<iframe src="https://youtube.com/embed/abc"></iframe>`,
			`<iframe src="https://youtube.com/embed/abc" ` + sandbox + `></iframe>`},
		{"youtube-nocookie", `<iframe src="https://www.youtube-nocookie.com/embed/abc?start=3"></iframe>`,
			`<iframe src="https://www.youtube-nocookie.com/embed/abc?start=3" ` + sandbox + `></iframe>`},
		{"vimeo", `<iframe src="https://player.vimeo.com/video/76979871"></iframe>`,
			`<iframe src="https://player.vimeo.com/video/76979871" ` + sandbox + `></iframe>`},
		{"dailymotion", `<iframe src="https://www.dailymotion.com/embed/video/x8abc"></iframe>`,
			`<iframe src="https://www.dailymotion.com/embed/video/x8abc" ` + sandbox + `></iframe>`},
		{"dailymotion player", `<iframe src="https://geo.dailymotion.com/player.html?video=x8abc"></iframe>`,
			`<iframe src="https://geo.dailymotion.com/player.html?video=x8abc" ` + sandbox + `></iframe>`},
		{"protocol relative resolved to https", `<iframe src="//player.vimeo.com/video/1"></iframe>`,
			`<iframe src="https://player.vimeo.com/video/1" ` + sandbox + `></iframe>`},
		{"host case folded", `<ifrAme srC=//plAYer.vimeo.Com/video/00>`,
			`<iframe src="https://player.vimeo.com/video/00" ` + sandbox + `></iframe>`},
		{"wider sandbox narrowed", `<iframe src="https://player.vimeo.com/video/1" sandbox="allow-top-navigation allow-forms allow-scripts"></iframe>`,
			`<iframe src="https://player.vimeo.com/video/1" ` + sandbox + `></iframe>`},
		{"dangerous attributes dropped", `<iframe src="https://player.vimeo.com/video/1" srcdoc="<script>alert(1)</script>" allow="camera; microphone" name="x" onload="alert(2)" style="position:fixed" referrerpolicy="unsafe-url" credentialless></iframe>`,
			`<iframe src="https://player.vimeo.com/video/1" ` + sandbox + `></iframe>`},
		{"fallback content dropped", `<iframe src="https://player.vimeo.com/video/1"><img src=x onerror=alert(1)></iframe>`,
			`<iframe src="https://player.vimeo.com/video/1" ` + sandbox + `></iframe>`},
		{"http refused", `<iframe src="http://player.vimeo.com/video/1"></iframe>`, ``},
		{"unlisted host", `<iframe src="https://player.example.com/video/1"></iframe>`, ``},
		{"listed host, other path", `<iframe src="https://www.youtube.com/watch?v=abc"></iframe>`, ``},
		{"dot segments", `<iframe src="https://www.youtube.com/embed/../redirect?q=https://evil.example"></iframe>`, ``},
		{"encoded dot segments", `<iframe src="https://www.youtube.com/embed/%2e%2e/redirect"></iframe>`, ``},
		{"port", `<iframe src="https://www.youtube.com:8443/embed/abc"></iframe>`, ``},
		{"userinfo", `<iframe src="https://www.youtube.com:x@evil.example/embed/abc"></iframe>`, ``},
		{"suffix host", `<iframe src="https://evil-youtube.com/embed/abc"></iframe>`, ``},
		{"no src", `<iframe srcdoc="<p>x</p>"></iframe>`, ``},
	}
	base := mustURL(t, storyIn)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := HTML(tt.in, base)
			assertSafe(t, tt.in, got)
			if got != tt.want {
				t.Errorf("HTML(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestHTML_Links(t *testing.T) {
	base := mustURL(t, storyIn)
	const rel = `rel="nofollow noopener noreferrer ugc"`
	tests := []struct{ name, in, want string }{
		{"rel added", `<a href="https://other.example/x">x</a>`, `<a href="https://other.example/x" ` + rel + `>x</a>`},
		{"rel replaced", `<a rel="opener author" href="https://other.example/x">x</a>`, `<a href="https://other.example/x" ` + rel + `>x</a>`},
		{"target _blank dropped", `<a href="https://other.example/x" target="_blank">x</a>`, `<a href="https://other.example/x" ` + rel + `>x</a>`},
		{"named target dropped", `<a href="https://other.example/x" target="main">x</a>`, `<a href="https://other.example/x" ` + rel + `>x</a>`},
		{"tracking stripped", `<a href="https://other.example/x?id=1&amp;utm_source=rss&amp;gclid=2&amp;_hsenc=3&amp;mc_cid=4">x</a>`,
			`<a href="https://other.example/x?id=1" ` + rel + `>x</a>`},
		{"no href, no rel", `<a name="top">x</a>`, `x`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := HTML(tt.in, base); got != tt.want {
				t.Errorf("HTML(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestHTML_LazyImages(t *testing.T) {
	base := mustURL(t, storyIn)
	tests := []struct{ name, in, want string }{
		{"data-src", `<img data-src="/big.jpg" alt="b">`, `<img alt="b" src="https://news.example.org/big.jpg"/>`},
		{"data-src beats a placeholder src", `<img src="/placeholder.jpg" data-src="/big.jpg">`,
			`<img src="https://news.example.org/big.jpg"/>`},
		{"data-src beats an inline placeholder", `<img src="data:image/gif;base64,` + gifB64 + `" data-src="/big.jpg">`,
			`<img src="https://news.example.org/big.jpg"/>`},
		{"data-lazy-src", `<img data-lazy-src="big.jpg">`, `<img src="https://news.example.org/world/big.jpg"/>`},
		{"data-original", `<img data-original="/o.jpg">`, `<img src="https://news.example.org/o.jpg"/>`},
		{"unusable lazy source ignored", `<img src="/real.jpg" data-src="javascript:alert(1)">`, `<img src="https://news.example.org/real.jpg"/>`},
		{"data-srcset promoted", `<img src="/a.jpg" data-srcset="/a-1x.jpg 1x, /a-2x.jpg 2x">`,
			`<img src="https://news.example.org/a.jpg" srcset="https://news.example.org/a-1x.jpg 1x, https://news.example.org/a-2x.jpg 2x"/>`},
		{"data-srcset beats srcset", `<img src="/a.jpg" srcset="/blank.jpg 1x" data-srcset="/a-2x.jpg 2x">`,
			`<img src="https://news.example.org/a.jpg" srcset="https://news.example.org/a-2x.jpg 2x"/>`},
		{"data-lazy-srcset", `<img data-src="/a.jpg" data-lazy-srcset="/a-640.jpg 640w">`,
			`<img src="https://news.example.org/a.jpg" srcset="https://news.example.org/a-640.jpg 640w"/>`},
		{"srcset alone gives src", `<img srcset="/s-320.jpg 320w, /s-640.jpg 640w" alt="s">`,
			`<img srcset="https://news.example.org/s-320.jpg 320w, https://news.example.org/s-640.jpg 640w" alt="s" src="https://news.example.org/s-320.jpg"/>`},
		{"data-srcset alone gives src and srcset", `<img data-srcset="/d.jpg 2x">`,
			`<img src="https://news.example.org/d.jpg" srcset="https://news.example.org/d.jpg 2x"/>`},
		{"picture source data-srcset", `<picture><source data-srcset="/p.webp" type="image/webp"><img data-src="/p.jpg"></picture>`,
			`<picture><source type="image/webp" srcset="https://news.example.org/p.webp"/><img src="https://news.example.org/p.jpg"/></picture>`},
		{"nothing usable", `<img data-src="javascript:x" srcset="javascript:y 1x">`, ``},
		{"bad descriptor dropped", `<img src="/a.jpg" srcset="/b.jpg 2x 300w, /c.jpg 3q, /d.jpg 640w">`,
			`<img src="https://news.example.org/a.jpg" srcset="https://news.example.org/d.jpg 640w"/>`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := HTML(tt.in, base); got != tt.want {
				t.Errorf("HTML(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestHTML_ImagesLoseTrackingParameters(t *testing.T) {
	base := mustURL(t, storyIn)
	in := `<img src="/a.jpg?w=640&amp;utm_source=rss&amp;fbclid=x" srcset="/a.jpg?w=1280&amp;utm_medium=feed 2x">` +
		`<picture><source srcset="/b.webp?gclid=1"><img data-src="/b.jpg?igshid=2&amp;h=3"></picture>`
	want := `<img src="https://news.example.org/a.jpg?w=640" srcset="https://news.example.org/a.jpg?w=1280 2x"/>` +
		`<picture><source srcset="https://news.example.org/b.webp"/><img src="https://news.example.org/b.jpg?h=3"/></picture>`
	if got := HTML(in, base); got != want {
		t.Errorf("HTML(%q)\n got %q\nwant %q", in, got, want)
	}
}

func TestHTML_TrackingPixels(t *testing.T) {
	base := mustURL(t, storyIn)
	tests := []struct {
		name string
		img  string
		kept bool
	}{
		{"1x1", `<img src="https://t.example/p.gif" width="1" height="1">`, false},
		{"0x0", `<img src="https://t.example/p.gif" width="0" height="0">`, false},
		{"1px units", `<img src="https://t.example/p.gif" width="1px" height="1px">`, false},
		{"width 1 only", `<img src="https://t.example/p.gif" width="1">`, false},
		{"height 0 only", `<img src="https://t.example/p.gif" height="0">`, false},
		{"inline style 1px", `<img src="https://t.example/p.gif" style="width:1px;height:1px">`, false},
		{"inline style zero", `<img src="https://t.example/p.gif" style="border:0; WIDTH: 0 !important">`, false},
		{"wordpress stats", `<img src="https://pixel.wp.com/b.gif?v=noscript" alt="">`, false},
		{"google analytics", `<img src="https://www.google-analytics.com/collect?v=1&tid=UA-1">`, false},
		{"facebook pixel", `<img src="https://www.facebook.com/tr?id=1&ev=PageView">`, false},
		{"feedburner counter", `<img src="https://feeds.feedburner.com/~r/Example/~4/AbCdEf">`, false},
		{"medium counter", `<img src="https://medium.com/_/stat?event=post.clientViewed&postId=1">`, false},
		{"pixel file name", `<img src="https://cdn.example/img/1x1.gif">`, false},
		{"lazy pixel", `<img data-src="https://pixel.quantserve.com/pixel/p-1.gif">`, false},
		{"real photo", `<img src="https://cdn.example/photo.jpg" width="640" height="360">`, true},
		{"width 10", `<img src="https://cdn.example/icon.png" width="10" height="10">`, true},
		{"percent width", `<img src="https://cdn.example/photo.jpg" width="100%">`, true},
		{"facebook photo", `<img src="https://www.facebook.com/photos/1.jpg">`, true},
		{"no size", `<img src="https://cdn.example/photo.jpg">`, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := HTML("<p>text"+tt.img+"</p>", base)
			if kept := strings.Contains(got, "<img"); kept != tt.kept {
				t.Errorf("HTML(%q) = %q: image kept %v, want %v", tt.img, got, kept, tt.kept)
			}
			if !strings.Contains(got, "text") {
				t.Errorf("HTML(%q) = %q: the text around the image was lost", tt.img, got)
			}
		})
	}
}
