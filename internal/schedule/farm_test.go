package schedule_test

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/newsdesk/newsdesk/internal/fetch"
	"github.com/newsdesk/newsdesk/internal/ingest"
	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/schedule"
	"github.com/newsdesk/newsdesk/internal/store"
	"github.com/newsdesk/newsdesk/internal/store/storetest"
)

// farmFeed renders an RSS feed of n items whose titles start with name.
func farmFeed(name string, n int) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>%s</title><link>http://example.com/%s/</link>`, name, name)
	for i := range n {
		fmt.Fprintf(&b, `<item><title>%s story %d</title><link>http://example.com/%s/%d</link><guid>%s-%d</guid><description>%s</description></item>`,
			name, i, name, i, name, i, strings.Repeat("Plenty of words in the full text of this story. ", 15))
	}
	b.WriteString(`</channel></rss>`)
	return b.Bytes()
}

// gzipBomb is a small gzip stream that inflates to size bytes: one
// member holding 1 MiB of one letter, repeated. A gzip reader reads
// concatenated members as one stream, as RFC 1952 allows.
func gzipBomb(t *testing.T, size int) []byte {
	t.Helper()
	var member bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&member, gzip.BestCompression)
	zw.Write(bytes.Repeat([]byte{'A'}, 1<<20))
	zw.Close()
	var b bytes.Buffer
	head, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
	head.Write([]byte(`<?xml version="1.0"?><rss version="2.0"><channel><title>`))
	head.Close()
	for range size >> 20 {
		b.Write(member.Bytes())
	}
	return b.Bytes()
}

// farmSource is one server of the farm and what its source must end as.
type farmSource struct {
	name    string
	handler http.HandlerFunc
	wantErr string // "" for a healthy source
	slow    bool   // ends only when the client gives up
}

// TestFarm_FaultySourcesEndInTheRightStateHealthyOnesAreNotDelayed runs
// the scheduler over a farm of loopback servers, one host each: healthy
// feeds beside servers that fail in every way the web does. Each faulty
// source must end in a backing-off state with a readable error, the
// healthy ones must all be stored before the hanging ones give up, and
// the heap must stay far below what the bomb and the huge body would
// take if read whole.
func TestFarm_FaultySourcesEndInTheRightStateHealthyOnesAreNotDelayed(t *testing.T) {
	if testing.Short() {
		t.Skip("the farm waits for client timeouts")
	}
	bomb := gzipBomb(t, 1<<30)
	var notModified atomic.Int32
	latin1Feed := []byte("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Caf\xe9 News</title><link>http://example.com/</link>" +
		"<item><title>Caf\xe9 cr\xe8me story</title><link>http://example.com/cafe</link><description>" +
		strings.Repeat("Words. ", 120) + "</description></item></channel></rss>")
	sources := []farmSource{
		{name: "server-error", wantErr: "500", handler: func(w http.ResponseWriter, r *http.Request) {
			http.Error(w, "boom", http.StatusInternalServerError)
		}},
		{name: "rate-limited", wantErr: "429", handler: func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Retry-After", "3600")
			http.Error(w, "slow down", http.StatusTooManyRequests)
		}},
		{name: "timeout", wantErr: "timed out", slow: true, handler: func(w http.ResponseWriter, r *http.Request) {
			<-r.Context().Done() // never answers
		}},
		{name: "slow-drip", wantErr: "timed out", slow: true, handler: func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/rss+xml")
			w.Write([]byte(`<?xml version="1.0"?><rss version="2.0"><channel><title>`))
			for {
				select {
				case <-r.Context().Done():
					return
				case <-time.After(200 * time.Millisecond):
				}
				if _, err := w.Write([]byte("x")); err != nil {
					return
				}
				w.(http.Flusher).Flush()
			}
		}},
		{name: "redirect-loop", wantErr: "redirect", handler: func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, "/loop?n="+fmt.Sprint(len(r.URL.RawQuery)), http.StatusFound)
		}},
		{name: "garbage", wantErr: "not a feed", handler: func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/rss+xml")
			garbage := make([]byte, 64<<10)
			for i := range garbage {
				garbage[i] = byte(i*7919 + i>>3)
			}
			w.Write(garbage)
		}},
		{name: "gzip-bomb", wantErr: "too large", handler: func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/rss+xml")
			w.Header().Set("Content-Encoding", "gzip")
			w.Write(bomb)
		}},
		{name: "huge-body", wantErr: "too large", handler: func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/rss+xml")
			w.Write(farmFeed("huge", 1)[:100])
			filler := bytes.Repeat([]byte("<!-- filler -->"), 1<<16)
			for written := 0; written < 30<<20; written += len(filler) {
				if _, err := w.Write(filler); err != nil {
					return
				}
			}
		}},
		{name: "wrong-charset", handler: func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8") // it is not
			w.Write(latin1Feed)
		}},
		{name: "not-modified", handler: func(w http.ResponseWriter, r *http.Request) {
			if r.Header.Get("If-None-Match") == `"v1"` {
				notModified.Add(1)
				w.WriteHeader(http.StatusNotModified)
				return
			}
			w.Header().Set("ETag", `"v1"`)
			w.Header().Set("Content-Type", "application/rss+xml")
			w.Write(farmFeed("not-modified", 5))
		}},
	}
	for i := range 8 {
		name := fmt.Sprintf("healthy-%d", i)
		feed := farmFeed(name, 30)
		sources = append(sources, farmSource{name: name, handler: func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/rss+xml")
			w.Write(feed)
		}})
	}

	st := storetest.NewSQLite(t)
	client := fetch.New(fetch.Options{
		AllowPrivate: []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")},
		// Long enough that the healthy sources, on the workers the hanging
		// ones leave free, are done well before it, even under -race on
		// two cores shared with the rest of the suite (6 s was once too
		// short there: healthy fetches finished after it).
		Timeout: 15 * time.Second,
	})
	in := ingest.New(st, client, ingest.Options{PerHost: 1})
	byURL := map[string]farmSource{}
	ids := map[string]int64{}
	due := time.Now().Add(-time.Hour)
	for i, fs := range sources {
		srv := httptest.NewServer(fs.handler)
		t.Cleanup(srv.Close)
		// The slow ones are due first, so they take workers first.
		next := due.Add(time.Duration(i) * time.Second)
		if fs.slow {
			next = due.Add(-time.Minute)
		}
		src, err := st.AddSource(context.Background(), model.Source{FeedURL: srv.URL + "/feed.xml", Name: fs.name,
			Extract: model.ExtractNever, State: model.FetchState{NextFetchAt: next}})
		if err != nil {
			t.Fatal(err)
		}
		byURL[src.FeedURL] = fs
		ids[fs.name] = src.ID
	}

	var peak atomic.Uint64
	stopSampling := make(chan struct{})
	var sampler sync.WaitGroup
	sampler.Go(func() {
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > peak.Load() {
				peak.Store(ms.HeapInuse)
			}
			select {
			case <-stopSampling:
				return
			case <-time.After(10 * time.Millisecond):
			}
		}
	})

	var mu sync.Mutex
	var order []string
	r := schedule.New(st, in, schedule.Options{Workers: 6, Poll: 20 * time.Millisecond,
		OnResult: func(res ingest.Result) {
			mu.Lock()
			order = append(order, byURL[res.Source.FeedURL].name)
			mu.Unlock()
		}})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { r.Run(ctx); close(done) }()
	eventually(t, "every source fetched once", func() bool {
		mu.Lock()
		defer mu.Unlock()
		return len(order) == len(sources)
	})
	cancel()
	<-done
	close(stopSampling)
	sampler.Wait()

	// Healthy sources are not held up by the hanging ones.
	firstSlow := len(order)
	for i, name := range order {
		if strings.HasPrefix(name, "timeout") || strings.HasPrefix(name, "slow-drip") {
			firstSlow = min(firstSlow, i)
		}
	}
	for _, name := range order[firstSlow:] {
		if strings.HasPrefix(name, "healthy") {
			t.Errorf("%s finished after a hanging source gave up: order %v", name, order)
		}
	}

	for _, fs := range sources {
		got, err := st.GetSource(context.Background(), ids[fs.name])
		if err != nil {
			t.Fatal(err)
		}
		status := got.State.Status()
		if fs.wantErr == "" {
			if got.State.LastError != "" || got.Articles == 0 {
				t.Errorf("%s: %d articles, status %q", fs.name, got.Articles, status)
			}
			continue
		}
		if !strings.HasPrefix(status, "backing off until ") || !strings.Contains(got.State.LastError, fs.wantErr) {
			t.Errorf("%s: status %q, want backing off with %q in the error", fs.name, status, fs.wantErr)
		}
		if got.Articles != 0 {
			t.Errorf("%s: %d articles stored from a failed fetch", fs.name, got.Articles)
		}
		if fs.name == "rate-limited" {
			if wait := got.State.NextFetchAt.Sub(got.State.LastFetchedAt); wait != time.Hour {
				t.Errorf("rate-limited: next fetch in %v, want the hour Retry-After asked", wait)
			}
		}
	}

	// A feed in Latin-1 that claims to be UTF-8 is read as what it is.
	arts, _, err := st.ListArticles(context.Background(), store.ArticleFilter{SourceID: ids["wrong-charset"], Limit: 10})
	if err != nil || len(arts) != 1 || !utf8.ValidString(arts[0].Title) || arts[0].Title != "Café crème story" {
		t.Errorf("wrong charset: %+v, %v", arts, err)
	}

	// The conditional fetch of an unchanged feed stores nothing new.
	src, _ := st.GetSource(context.Background(), ids["not-modified"])
	again := in.FetchSource(context.Background(), src)
	if again.Err != nil || !again.NotModified || again.Inserted != 0 || notModified.Load() != 1 {
		t.Errorf("304: %+v (304s answered: %d)", again, notModified.Load())
	}
	if got, _ := st.GetSource(context.Background(), src.ID); got.Articles != 5 || got.State.Status() != "ok" {
		t.Errorf("after a 304: %d articles, status %q", got.Articles, got.State.Status())
	}

	const limit = 256 << 20
	t.Logf("peak heap in use: %d MiB", peak.Load()>>20)
	if peak.Load() > limit {
		t.Errorf("peak heap %d MiB, want under %d MiB: a body was read past its cap", peak.Load()>>20, limit>>20)
	}
}
