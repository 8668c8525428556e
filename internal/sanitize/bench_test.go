package sanitize

import (
	"net/url"
	"strings"
	"testing"
)

func BenchmarkHTML(b *testing.B) {
	base, _ := url.Parse("https://bench.example/story/1")
	para := `<p class="x" style="color:red">The council met on <a href="/tuesday" onclick="t()">Tuesday</a> to discuss the <b>harbour</b> and the bridge.</p>`
	raw := `<h1>Title</h1><figure><img src="/a.jpg" srcset="/a-1x.jpg 1x, /a-2x.jpg 2x" width="640" height="360"><figcaption>Photo: X</figcaption></figure>` +
		strings.Repeat(para, 12) + `<script>track()</script><img src="/px.gif" width="1" height="1">`
	b.SetBytes(int64(len(raw)))
	for b.Loop() {
		if out := HTML(raw, base); out == "" {
			b.Fatal("empty output")
		}
	}
}

func BenchmarkText(b *testing.B) {
	html := strings.Repeat(`<p>The council met on <a href="https://x.example/">Tuesday</a> to discuss the <b>harbour</b>.</p>`, 12)
	b.SetBytes(int64(len(html)))
	for b.Loop() {
		if Text(html) == "" {
			b.Fatal("empty text")
		}
	}
}
