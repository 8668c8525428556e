package ingest_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"

	"github.com/newsdesk/newsdesk/internal/fetch"
	"github.com/newsdesk/newsdesk/internal/ingest"
	"github.com/newsdesk/newsdesk/internal/parse"
	"github.com/newsdesk/newsdesk/internal/store/storetest"
)

const benchItems = 500

// benchFeed builds an RSS feed of n full-content items of about 300
// words each, so no article page needs fetching.
func benchFeed(base string, n int) []byte {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:media="http://search.yahoo.com/mrss/"><channel><title>Bench</title><link>` + base + `/</link>`)
	para := strings.Repeat("The council met on Tuesday to weigh the harbour budget and the ferry timetable for the coming season. ", 6)
	for i := range n {
		fmt.Fprintf(&b, `<item><title>Bench story number %d about the harbour</title><link>%s/story/%d</link><guid>g%d</guid>`+
			`<pubDate>Sat, 22 Jun 2024 09:30:00 +0000</pubDate><description>Summary of story %d.</description>`+
			`<content:encoded><![CDATA[<p>%s</p><p>%s</p><p><a href="/more/%d">More</a></p>]]></content:encoded>`+
			`<media:content url="/img/%d.jpg" medium="image"><media:credit>Photographer %d</media:credit></media:content></item>`,
			i, base, i, i, i, para, para, i, i, i)
	}
	b.WriteString(`</channel></rss>`)
	return []byte(b.String())
}

// BenchmarkIngest_EndToEnd fetches a 500-item feed over loopback HTTP,
// parses, sanitizes, dedupes and commits it to a fresh SQLite store.
func BenchmarkIngest_EndToEnd(b *testing.B) {
	var feed []byte
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write(feed)
	}))
	defer srv.Close()
	feed = benchFeed(srv.URL, benchItems)
	client := fetch.New(fetch.Options{AllowPrivate: []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}})
	ctx := context.Background()
	for b.Loop() {
		b.StopTimer()
		st := storetest.NewSQLiteCopy(b)
		in := ingest.New(st, client, ingest.Options{})
		src, err := in.Subscribe(ctx, srv.URL+"/feed.xml", "", "")
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		if res := in.FetchSource(ctx, src); res.Err != nil || res.Inserted != benchItems {
			b.Fatalf("inserted %d, err %v", res.Inserted, res.Err)
		}
	}
	b.ReportMetric(float64(benchItems*b.N)/b.Elapsed().Seconds(), "items/s")
}

// BenchmarkIngest_ParseOnly is the reference: parsing the same feed.
func BenchmarkIngest_ParseOnly(b *testing.B) {
	feed := benchFeed("http://127.0.0.1:1", benchItems)
	for b.Loop() {
		f, err := parse.Parse(feed, "http://127.0.0.1:1/feed.xml")
		if err != nil || len(f.Items) != benchItems {
			b.Fatalf("items %d err %v", len(f.Items), err)
		}
	}
	b.ReportMetric(float64(benchItems*b.N)/b.Elapsed().Seconds(), "items/s")
}
