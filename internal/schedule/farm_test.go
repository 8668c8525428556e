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
	"slices"
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

// farmPatience bounds each wait of the farm test, so a broken scheduler
// fails it instead of hanging the package; it is no performance budget.
const farmPatience = 3 * time.Minute

// farmSource is one server of the farm and what its source must end as.
type farmSource struct {
	name    string
	handler http.HandlerFunc
	wantErr string // "" for a healthy source
	hangs   bool   // never finishes its answer: ends only when the client gives up
}

// TestFarm_FaultySourcesEndInTheRightStateHealthyOnesAreNotDelayed runs
// the scheduler over a farm of loopback servers, one host each: healthy
// feeds beside servers that fail in every way the web does. Each faulty
// source must end in a backing-off state with a readable error, every
// other source must be done while the hanging ones still hold their
// workers, and the heap must stay far below what the bomb and the huge
// body would take if read whole.
//
// Nothing here races the clock. The first runner's client has a timeout
// that never fires, so the hanging servers hold their requests (and the
// runner's workers) until the test stops that runner, which it does only
// after every other source has been recorded. A second runner, whose
// client gives up after a second, then fetches the hanging sources again
// to show they end timed out.
func TestFarm_FaultySourcesEndInTheRightStateHealthyOnesAreNotDelayed(t *testing.T) {
	if testing.Short() {
		t.Skip("the farm inflates a gigabyte gzip bomb and waits for client timeouts")
	}
	bomb := gzipBomb(t, 1<<30)
	var notModified atomic.Int32
	// hanging counts the requests the hanging servers hold open; arrived
	// hears of each one as it starts.
	var hanging atomic.Int32
	arrived := make(chan string, 16)
	hold := func(name string) {
		hanging.Add(1)
		arrived <- name
	}
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
		{name: "timeout", wantErr: "timed out", hangs: true, handler: func(w http.ResponseWriter, r *http.Request) {
			hold("timeout")
			defer hanging.Add(-1)
			<-r.Context().Done() // never answers
		}},
		{name: "slow-drip", wantErr: "timed out", hangs: true, handler: func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/rss+xml")
			w.Write([]byte(`<?xml version="1.0"?><rss version="2.0"><channel><title>`))
			w.(http.Flusher).Flush()
			hold("slow-drip")
			defer hanging.Add(-1)
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
	var hangers, others []farmSource
	for _, fs := range sources {
		if fs.hangs {
			hangers = append(hangers, fs)
		} else {
			others = append(others, fs)
		}
	}
	// Two workers more than there are hanging sources: the others all
	// have to pass through the workers the hanging ones leave free.
	workers := len(hangers) + 2

	st := storetest.NewSQLiteCopy(t)
	var mu sync.Mutex // guards byURL and the runners' lists of finished sources
	allow := []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}
	byURL := map[string]farmSource{}
	ids := map[string]int64{}
	due := time.Now().Add(-time.Hour)
	add := func(fs farmSource, next time.Time) {
		t.Helper()
		srv := httptest.NewServer(fs.handler)
		t.Cleanup(srv.Close)
		src, err := st.AddSource(context.Background(), model.Source{FeedURL: srv.URL + "/feed.xml", Name: fs.name,
			Extract: model.ExtractNever, State: model.FetchState{NextFetchAt: next}})
		if err != nil {
			t.Fatal(err)
		}
		mu.Lock()
		byURL[src.FeedURL] = fs
		mu.Unlock()
		ids[fs.name] = src.ID
	}
	for _, fs := range hangers {
		add(fs, due)
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

	// run starts a runner whose client gives up after timeout and returns
	// the names of the sources it has finished so far, and its stop.
	run := func(timeout time.Duration) (finished func() []string, stop func()) {
		var order []string
		client := fetch.New(fetch.Options{AllowPrivate: allow, Timeout: timeout})
		in := ingest.New(st, client, ingest.Options{PerHost: 1})
		r := schedule.New(st, in, schedule.Options{Workers: workers, Poll: 20 * time.Millisecond,
			OnResult: func(res ingest.Result) {
				if res.Interrupted {
					return // the runner is stopping; nothing was recorded
				}
				mu.Lock()
				order = append(order, byURL[res.Source.FeedURL].name)
				mu.Unlock()
			}})
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan struct{})
		go func() { r.Run(ctx); close(done) }()
		stopped := false
		stop = func() {
			if !stopped {
				stopped = true
				cancel()
				<-done
			}
		}
		t.Cleanup(stop)
		return func() []string {
			mu.Lock()
			defer mu.Unlock()
			return slices.Clone(order)
		}, stop
	}

	// Phase one: the hanging sources take their workers first, and only
	// then do the others fall due.
	finished, stop := run(time.Hour)
	for range hangers {
		select {
		case <-arrived:
		case <-time.After(farmPatience):
			t.Fatalf("the hanging servers never saw their requests (%d of %d arrived)", hanging.Load(), len(hangers))
		}
	}
	for i, fs := range others {
		add(fs, due.Add(time.Duration(i)*time.Second))
	}
	eventuallyWithin(t, farmPatience, "every source but the hanging ones fetched", func() bool {
		return len(finished()) == len(others)
	})
	// Every other source is done while the hanging requests are still
	// open, each holding its worker: they held up nobody.
	got := finished()
	if n := hanging.Load(); n != int32(len(hangers)) {
		t.Errorf("%d hanging requests still open once the others were done, want %d", n, len(hangers))
	}
	for _, name := range got {
		if slices.ContainsFunc(hangers, func(fs farmSource) bool { return fs.name == name }) {
			t.Errorf("hanging source %s finished in phase one: %v", name, got)
		}
	}
	stop()
	close(stopSampling)
	sampler.Wait()

	// Phase two: a client that gives up after a second. Only the hanging
	// sources are still due, given back unrecorded when the first runner
	// stopped.
	finished, stop = run(time.Second)
	eventuallyWithin(t, farmPatience, "the hanging sources fetched again", func() bool {
		return len(finished()) == len(hangers)
	})
	stop()
	if again := finished(); len(again) != len(hangers) {
		t.Errorf("phase two finished %v, want only the hanging sources", again)
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
	in := ingest.New(st, fetch.New(fetch.Options{AllowPrivate: allow}), ingest.Options{})
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
