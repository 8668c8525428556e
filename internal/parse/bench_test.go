package parse

import (
	"fmt"
	"strings"
	"testing"
)

// benchFeed builds an RSS feed of n items shaped like a news site's:
// media image, categories, and a few paragraphs of content.
func benchFeed(n int) []byte {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:media="http://search.yahoo.com/mrss/" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Bench</title><link>https://bench.example/</link>`)
	para := strings.Repeat("The council met on Tuesday to discuss the harbour and the bridge. ", 6)
	for i := range n {
		fmt.Fprintf(&b, `<item><title>Story number %d &amp; more</title><link>/story/%d</link><guid>bench-%d</guid>`+
			`<pubDate>Sat, 22 Jun 2024 09:30:00 +0100</pubDate><dc:creator>Reporter %d</dc:creator><category>World</category>`+
			`<description>Summary of story %d.</description><content:encoded><![CDATA[<p>%s</p><p>%s</p><p>%s</p>]]></content:encoded>`+
			`<media:content url="https://cdn.bench.example/%d.jpg" medium="image" width="1200"><media:credit>Photographer %d</media:credit></media:content></item>`,
			i, i, i, i, i, para, para, para, i, i)
	}
	b.WriteString(`</channel></rss>`)
	return []byte(b.String())
}

func BenchmarkParse(b *testing.B) {
	data := benchFeed(100)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		f, err := Parse(data, "https://bench.example/feed")
		if err != nil || len(f.Items) != 100 {
			b.Fatalf("Parse: %v", err)
		}
	}
	b.ReportMetric(float64(b.N*100)/b.Elapsed().Seconds(), "items/s")
}
