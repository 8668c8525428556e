package schedule_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync"
	"testing"

	"github.com/newsdesk/newsdesk/internal/fetch"
	"github.com/newsdesk/newsdesk/internal/ingest"
	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/parse"
	"github.com/newsdesk/newsdesk/internal/schedule"
	"github.com/newsdesk/newsdesk/internal/store/storetest"
)

const (
	benchFeeds   = 500
	benchPerFeed = 50
	benchWorkers = 4
)

// benchFarm renders benchFeeds RSS feeds of benchPerFeed full-content
// items (about 200 words, a Media RSS photo with its credit), so no
// article page needs fetching.
func benchFarm(base string) map[string][]byte {
	para := strings.Repeat("The council met on Tuesday to weigh the harbour budget and the ferry timetable for the coming season. ", 6)
	feeds := make(map[string][]byte, benchFeeds)
	for f := range benchFeeds {
		var b strings.Builder
		fmt.Fprintf(&b, `<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:media="http://search.yahoo.com/mrss/"><channel><title>Outlet %d</title><link>%s/o%d/</link>`, f, base, f)
		for i := range benchPerFeed {
			fmt.Fprintf(&b, `<item><title>Outlet %d story %d about the harbour</title><link>%s/o%d/story/%d</link><guid>o%d-%d</guid>`+
				`<pubDate>Sat, 22 Jun 2024 09:30:00 +0000</pubDate><description>Summary of story %d.</description>`+
				`<content:encoded><![CDATA[<p>%s</p><p>%s</p><p><a href="/more/%d?utm_source=feed">More</a></p>]]></content:encoded>`+
				`<media:content url="/img/%d.jpg" medium="image"><media:credit>Photographer %d</media:credit></media:content></item>`,
				f, i, base, f, i, f, i, i, para, para, i, i, i)
		}
		b.WriteString(`</channel></rss>`)
		feeds[fmt.Sprintf("/o%d/feed.xml", f)] = []byte(b.String())
	}
	return feeds
}

// BenchmarkFarm_EndToEnd runs one scheduler pass over 500 loopback feeds
// of 50 items into a fresh SQLite store: lease the jobs, fetch through
// the guarded client, parse, sanitize, dedupe, index, commit one
// transaction per feed, record each outcome.
func BenchmarkFarm_EndToEnd(b *testing.B) {
	var feeds map[string][]byte
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write(feeds[r.URL.Path])
	}))
	defer srv.Close()
	feeds = benchFarm(srv.URL)
	client := fetch.New(fetch.Options{AllowPrivate: []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}})
	ctx := context.Background()
	for b.Loop() {
		b.StopTimer()
		st := storetest.NewSQLiteCopy(b)
		for path := range feeds {
			if _, err := st.AddSource(ctx, model.Source{FeedURL: srv.URL + path, Extract: model.ExtractNever}); err != nil {
				b.Fatal(err)
			}
		}
		// One loopback server stands for 500 hosts: no per-host limit.
		in := ingest.New(st, client, ingest.Options{PerHost: benchWorkers})
		inserted := 0
		r := schedule.New(st, in, schedule.Options{Workers: benchWorkers, OnResult: func(res ingest.Result) {
			if res.Err != nil {
				b.Errorf("%s: %v", res.Source.FeedURL, res.Err)
			}
			inserted += res.Inserted
		}})
		b.StartTimer()
		r.Pass(ctx, 0, nil)
		b.StopTimer()
		if inserted != benchFeeds*benchPerFeed {
			b.Fatalf("inserted %d, want %d", inserted, benchFeeds*benchPerFeed)
		}
		b.StartTimer()
	}
	b.ReportMetric(float64(benchFeeds*benchPerFeed*b.N)/b.Elapsed().Seconds(), "items/s")
}

// BenchmarkFarm_ParseOnly is the reference: parsing the same 500 feeds
// with the same number of workers.
func BenchmarkFarm_ParseOnly(b *testing.B) {
	feeds := benchFarm("http://127.0.0.1:1")
	for b.Loop() {
		jobs := make(chan string)
		var wg sync.WaitGroup
		for range benchWorkers {
			wg.Go(func() {
				for path := range jobs {
					f, err := parse.Parse(feeds[path], "http://127.0.0.1:1"+path)
					if err != nil || len(f.Items) != benchPerFeed {
						b.Errorf("%s: %d items, %v", path, len(f.Items), err)
					}
				}
			})
		}
		for path := range feeds {
			jobs <- path
		}
		close(jobs)
		wg.Wait()
	}
	b.ReportMetric(float64(benchFeeds*benchPerFeed*b.N)/b.Elapsed().Seconds(), "items/s")
}
