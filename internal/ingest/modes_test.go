package ingest_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/internal/fetch"
	"github.com/newsdesk/newsdesk/internal/ingest"
	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store/storetest"
)

// pageSite serves a feed of three items and their pages, counting the
// page requests; /gone/ pages answer 404.
type pageSite struct {
	*httptest.Server
	pages atomic.Int32
}

func newPageSite(t *testing.T, longContent bool) *pageSite {
	t.Helper()
	s := &pageSite{}
	body := "A short summary."
	if longContent {
		body = strings.Repeat("The feed carries the whole story in many words. ", 30)
	}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path == "/feed.xml":
			w.Header().Set("Content-Type", "application/rss+xml")
			fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Pages</title><link>%[1]s/</link>`, s.URL)
			for _, p := range []string{"/news/one", "/news/two", "/gone/three"} {
				fmt.Fprintf(w, `<item><title>Story %[2]s</title><link>%[1]s%[2]s</link><description>%[3]s</description></item>`, s.URL, p, body)
			}
			fmt.Fprint(w, `</channel></rss>`)
		case strings.HasPrefix(r.URL.Path, "/news/"):
			s.pages.Add(1)
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprintf(w, `<html><head><title>Story</title></head><body><article><h1>Story</h1>%s</article></body></html>`,
				strings.Repeat("<p>The page holds the full article, paragraph after paragraph of reporting.</p>", 20))
		default:
			s.pages.Add(1)
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(s.Close)
	return s
}

func addSource(t *testing.T, in *ingest.Ingester, st interface {
	SetSourceOptions(context.Context, int64, time.Duration, model.ExtractMode) error
}, url string, interval time.Duration, mode model.ExtractMode) model.Source {
	t.Helper()
	src := subscribe(t, in, url)
	if err := st.SetSourceOptions(context.Background(), src.ID, interval, mode); err != nil {
		t.Fatal(err)
	}
	src.Interval, src.Extract = interval, mode
	return src
}

func TestIngester_ExtractionModes(t *testing.T) {
	tests := []struct {
		mode      model.ExtractMode
		long      bool
		wantPages int32
	}{
		{model.ExtractAuto, false, 3},  // summaries: every page is read
		{model.ExtractAuto, true, 0},   // full text in the feed: none
		{model.ExtractAlways, true, 3}, // asked for: every page
		{model.ExtractNever, false, 0}, // asked not to: none
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s/long=%v", tt.mode, tt.long), func(t *testing.T) {
			site := newPageSite(t, tt.long)
			in, st := newIngester(t)
			src := addSource(t, in, st, site.URL+"/feed.xml", 0, tt.mode)
			res := in.FetchSource(context.Background(), src)
			if res.Err != nil || res.Inserted != 3 {
				t.Fatalf("inserted %d, err %v", res.Inserted, res.Err)
			}
			if got := site.pages.Load(); got != tt.wantPages {
				t.Errorf("%d pages fetched, want %d", got, tt.wantPages)
			}
			got, err := st.GetSource(context.Background(), src.ID)
			if err != nil {
				t.Fatal(err)
			}
			// The one page that answers 404 is a failed extraction when
			// pages are read at all; the feed itself is fine.
			if tt.wantPages > 0 {
				if res.ExtractFailed != 1 || !strings.Contains(got.State.ExtractError, "1 of 3 article pages") ||
					!strings.Contains(got.State.ExtractError, "404") {
					t.Errorf("extract failed %d, state %q; want the 404 page reported", res.ExtractFailed, got.State.ExtractError)
				}
				if st := got.State.Status(); !strings.HasPrefix(st, "ok; extraction failed: ") {
					t.Errorf("status = %q", st)
				}
			} else if got.State.ExtractError != "" || got.State.Status() != "ok" {
				t.Errorf("no page read, yet state %q / %q", got.State.ExtractError, got.State.Status())
			}
		})
	}
}

func TestIngester_PerSourceIntervalWithJitter(t *testing.T) {
	site := newPageSite(t, true)
	in, st := newIngester(t)
	src := addSource(t, in, st, site.URL+"/feed.xml", 5*time.Minute, model.ExtractNever)
	for range 5 {
		res := in.FetchSource(context.Background(), src)
		if res.Err != nil {
			t.Fatal(res.Err)
		}
		wait := res.Source.State.NextFetchAt.Sub(res.Source.State.LastFetchedAt)
		if wait < 4*time.Minute+30*time.Second || wait > 5*time.Minute+30*time.Second {
			t.Errorf("next fetch in %v, want 5m within 10%% jitter", wait)
		}
		src = res.Source
	}
}

// A fetch cut short by its caller (shutdown, Ctrl-C) records nothing:
// the source is neither an error nor fetched, and stays due.
func TestIngester_InterruptedFetchLeavesSourceDue(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-release
	}))
	defer srv.Close()
	defer close(release)
	in, st := newIngester(t)
	src, err := st.AddSource(context.Background(), model.Source{FeedURL: srv.URL + "/feed.xml"})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	res := in.FetchSource(ctx, src)
	if !res.Interrupted || res.Err == nil {
		t.Fatalf("interrupted %v err %v", res.Interrupted, res.Err)
	}
	got, err := st.GetSource(context.Background(), src.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.State.LastError != "" || got.State.ErrorCount != 0 || !got.State.LastFetchedAt.IsZero() ||
		!got.State.NextFetchAt.Equal(src.State.NextFetchAt) {
		t.Errorf("state after an interrupted fetch = %+v, want it untouched", got.State)
	}
}

// No more than PerHost fetches of one host run at once, while another
// host's source is not held up behind them.
func TestIngester_PerHostLimit(t *testing.T) {
	var mu sync.Mutex
	inFlight, peak := 0, 0
	// Once pairing is on, a request waits until a second one is in
	// flight beside it, so the limit of two is surely reached however
	// slowly a loaded machine starts the fetches: a sleep alone once let
	// one fetch end before the next began. A limit stuck at one shows as
	// a peak of one after the wait's patience.
	var pairing atomic.Bool
	paired := make(chan struct{})
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		inFlight++
		peak = max(peak, inFlight)
		if peak == 2 && pairing.Load() {
			select {
			case <-paired:
			default:
				close(paired)
			}
		}
		mu.Unlock()
		if pairing.Load() {
			select {
			case <-paired:
			case <-time.After(time.Minute):
			}
		}
		time.Sleep(50 * time.Millisecond) // room for a third fetch to show, were the limit broken
		mu.Lock()
		inFlight--
		mu.Unlock()
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, hintFeed)
	}))
	defer slow.Close()
	st := storetest.NewSQLiteCopy(t)
	client := fetch.New(fetch.Options{AllowPrivate: []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}})
	in := ingest.New(st, client, ingest.Options{Workers: 8, PerHost: 2, PageWorkers: 1})
	var sources []model.Source
	for i := range 8 {
		src, err := st.AddSource(context.Background(), model.Source{FeedURL: fmt.Sprintf("%s/feed%d.xml", slow.URL, i), Extract: model.ExtractNever})
		if err != nil {
			t.Fatal(err)
		}
		sources = append(sources, src)
	}
	// TryFetch takes the same slots: with both taken it refuses.
	run1, ok1 := in.TryFetch(sources[0])
	run2, ok2 := in.TryFetch(sources[1])
	if _, ok3 := in.TryFetch(sources[2]); !ok1 || !ok2 || ok3 {
		t.Fatalf("TryFetch: %v %v %v, want two slots and a refusal", ok1, ok2, ok3)
	}
	run1(context.Background())
	run2(context.Background())
	mu.Lock()
	peak = 0
	mu.Unlock()
	pairing.Store(true)
	for _, r := range in.FetchAll(context.Background(), sources, nil) {
		if r.Err != nil {
			t.Fatal(r.Err)
		}
	}
	if peak > 2 {
		t.Errorf("%d fetches of one host at once, want at most 2", peak)
	}
	if peak < 2 {
		t.Errorf("peak %d: the limit of 2 was never used, so the test proves nothing", peak)
	}
}

// The charset an HTTP header names is how the feed is read when the
// document itself declares none.
func TestIngester_CharsetFromHTTPHeader(t *testing.T) {
	feed := "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Gazette</title><link>http://example.com/</link>" +
		"<item><title>Na\xefve caf\xe9 owners</title><link>http://example.com/a</link><description>" +
		strings.Repeat("Words. ", 120) + "</description></item></channel></rss>"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml; charset=ISO-8859-1")
		w.Write([]byte(feed))
	}))
	defer srv.Close()
	in, st := newIngester(t)
	res := in.FetchSource(context.Background(), subscribe(t, in, srv.URL+"/feed.xml"))
	if res.Err != nil || res.Inserted != 1 {
		t.Fatalf("inserted %d, err %v", res.Inserted, res.Err)
	}
	if got := articlesOf(t, st, res.Source.ID); len(got) != 1 || got["Naïve café owners"].Title == "" {
		t.Errorf("stored %v, want the title read as Latin-1", keys(got))
	}
}
