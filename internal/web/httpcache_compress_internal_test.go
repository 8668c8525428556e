package web

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"strings"
	"testing"

	"github.com/andybalholm/brotli"
)

// benchPage is about 40 KB of article-page-like HTML.
func benchPage() []byte {
	var b strings.Builder
	b.WriteString(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Harbour budget</title></head><body><header><nav>`)
	for i := range 12 {
		fmt.Fprintf(&b, `<a href="/category/section-%d">Section %d</a>`, i, i)
	}
	b.WriteString(`</nav></header><main><article class="story"><h1>Council weighs the harbour budget</h1>`)
	for i := 0; b.Len() < 40<<10; i++ {
		fmt.Fprintf(&b, `<p>Paragraph %d: the council met on Tuesday to weigh the harbour budget, the ferry timetable and %d other items raised by residents.</p>`, i, i*7)
		if i%6 == 0 {
			fmt.Fprintf(&b, `<aside class="card"><a href="/2024/06/%02d/related-story-%d/"><img src="https://img.example/%d.jpg" alt=""> Related story %d</a></aside>`, i%28+1, i, i, i)
		}
	}
	b.WriteString(`</article></main><footer>© 2024 Harbour Gazette</footer></body></html>`)
	return []byte(b.String())
}

// BenchmarkCompress compares the levels a response can be compressed
// at; "ratio" is compressed size over the page's. The live levels
// (gzipLevelLive, brotliLevelLive) are paid on every uncached response,
// the cached ones once per render cache fill.
func BenchmarkCompress(b *testing.B) {
	page := benchPage()
	for _, c := range []struct {
		name string
		enc  string
		lvl  int
	}{
		{"gzip-6", encGzip, 6}, {"gzip-9", encGzip, 9},
		{"br-4", encBrotli, 4}, {"br-5", encBrotli, 5}, {"br-6", encBrotli, 6}, {"br-7", encBrotli, 7}, {"br-9", encBrotli, 9}, {"br-10", encBrotli, 10}, {"br-11", encBrotli, 11},
	} {
		b.Run(c.name, func(b *testing.B) {
			var buf bytes.Buffer
			b.SetBytes(int64(len(page)))
			for b.Loop() {
				buf.Reset()
				if c.enc == encGzip {
					zw, _ := gzip.NewWriterLevel(&buf, c.lvl)
					zw.Write(page)
					zw.Close()
				} else {
					bw := brotli.NewWriterLevel(&buf, c.lvl)
					bw.Write(page)
					bw.Close()
				}
			}
			b.ReportMetric(float64(buf.Len())/float64(len(page)), "ratio")
		})
	}
}
