package sanitize

import (
	"net/url"
	"testing"
	"unicode/utf8"
)

func FuzzHTML(f *testing.F) {
	seeds := []string{
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
	}
	for _, s := range seeds {
		f.Add(s)
	}
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
