package sanitize

import (
	"net/url"
	"testing"
	"unicode/utf8"
)

// hostileSeeds are known sanitizer bypass shapes; with trickyInputs they
// seed both fuzz targets.
var hostileSeeds = []string{
	`<p>plain</p>`,
	`<ScRiPt>alert(1)</ScRiPt>`,
	`<a href="javascript&#58;alert(1)">x</a>`,
	`<a href="&#106;avascript:alert(1)">x</a>`,
	`<img src=x onerror=alert(1)>`,
	`<svg><style><img src=x onerror=alert(1)></style></svg>`,
	`<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>`,
	`<iframe src="https://www.youtube.com/embed/x"><iframe src="//evil"></iframe></iframe>`,
	`<noscript><p title="</noscript><img src=x onerror=alert(1)>">`,
	`<a href="  jav&#x09;ascript:alert(1)">x</a>`,
	`<img srcset="javascript:a 1x, data:image/png;base64,AAAA 2x">`,
	`<div style="background:url(javascript:alert(1))">x</div>`,
	`<p o<script>nclick=alert(1)>x</p>`,
	`<<p>>onload=alert(1)`,
	"<a href=\"java\x00script:alert(1)\">x</a>",
	`<xmp><p onclick=alert(1)></xmp>`,
	`<textarea></textarea><img src=x onerror=alert(1)>`,
	`<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">`,
	`<a href="data:text/html,<script>alert(1)</script>">x</a>`,
	`<iframe src="https://player.vimeo.com/video/1" srcdoc="<script>alert(1)</script>" sandbox="allow-top-navigation"></iframe>`,
	`<iframe src="https://www.youtube.com/embed/%2e%2e/x"></iframe>`,
	`<img data-src="vbscript:x" data-srcset="javascript:y 1x" src="data:image/png;base64,iVBORw0KGgo=">`,
	`<base href="javascript:alert(1)//"><a href="x">x</a>`,
	`<meta http-equiv="refresh" content="0;url=javascript:alert(1)">`,
	`<form><button formaction="javascript:alert(1)">x</button></form>`,
}

func fuzzSeeds(f *testing.F) {
	for _, s := range hostileSeeds {
		f.Add(s)
	}
	for _, s := range trickyInputs {
		f.Add(s)
	}
}

// FuzzHTML asserts that no executable content survives, whatever the
// input: the output, parsed as a browser would, holds no script, style,
// unlisted or unsandboxed iframe, event handler, or script or non-image
// data: URL in any URL attribute.
func FuzzHTML(f *testing.F) {
	fuzzSeeds(f)
	base, _ := url.Parse("https://news.example.org/a/b.html")
	f.Fuzz(func(t *testing.T, in string) {
		out := HTML(in, base)
		assertSafe(t, in, out)
		if !utf8.ValidString(in) {
			return
		}
		text := Text(out)
		if utf8.RuneCountInString(Excerpt(text, 40)) > 40 {
			t.Fatalf("excerpt over its limit for %q", in)
		}
	})
}

// FuzzHTMLIdempotent asserts that sanitizing twice gives the same HTML as
// sanitizing once, with and without a base URL.
func FuzzHTMLIdempotent(f *testing.F) {
	fuzzSeeds(f)
	base, _ := url.Parse("https://news.example.org/a/b.html")
	f.Fuzz(func(t *testing.T, in string) {
		for _, b := range []*url.URL{base, nil} {
			once := HTML(in, b)
			if twice := HTML(once, b); twice != once {
				t.Fatalf("base %v: sanitizing %q twice changed it:\n once %q\ntwice %q", b, in, once, twice)
			}
		}
	})
}
