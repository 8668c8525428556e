package web

import (
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/internal/store"
)

// cacheOnly is a server with nothing but a render cache of budget bytes
// in front of httpCache, around h.
func cacheOnly(budget int64, h http.HandlerFunc) (*server, http.Handler) {
	s := &server{log: slog.New(slog.DiscardHandler), now: time.Now}
	s.rc = newRenderCache(budget, 0, s.now)
	return s, s.renderCached(s.httpCache(h))
}

func serve(h http.Handler, method, target string, header ...string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, target, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// Responses that are someone's own, or that vary by more than the key
// holds, are never kept: each request renders again.
func TestRenderCache_KeepsOnlyPublicAnswers(t *testing.T) {
	page := strings.Repeat("<p>public words</p>", 200)
	cases := []struct {
		name string
		set  func(h http.Header)
		keep bool
	}{
		{"plain page", func(http.Header) {}, true},
		{"Set-Cookie", func(h http.Header) { h.Set("Set-Cookie", "a=b") }, false},
		{"private", func(h http.Header) { h.Set("Cache-Control", "private, max-age=60") }, false},
		{"no-store", func(h http.Header) { h.Set("Cache-Control", "no-store") }, false},
		{"Vary: Cookie", func(h http.Header) { h.Set("Vary", "Cookie") }, false},
		{"own ETag", func(h http.Header) { h.Set("ETag", `W/"x"`) }, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var renders atomic.Int32
			_, h := cacheOnly(1<<20, func(w http.ResponseWriter, r *http.Request) {
				renders.Add(1)
				w.Header().Set("Content-Type", "text/html; charset=utf-8")
				tc.set(w.Header())
				io.WriteString(w, page)
			})
			for range 3 {
				if rec := serve(h, "GET", "/page"); rec.Code != 200 || rec.Body.String() != page {
					t.Fatalf("GET = %d, %d bytes", rec.Code, rec.Body.Len())
				}
			}
			want := int32(3)
			if tc.keep {
				want = 1
			}
			if got := renders.Load(); got != want {
				t.Errorf("3 GETs rendered %d times, want %d", got, want)
			}
		})
	}
	// Errors and POSTs are not kept either.
	var renders atomic.Int32
	_, h := cacheOnly(1<<20, func(w http.ResponseWriter, r *http.Request) {
		renders.Add(1)
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusNotFound)
		io.WriteString(w, page)
	})
	serve(h, "GET", "/gone")
	serve(h, "GET", "/gone")
	serve(h, "POST", "/gone")
	if renders.Load() != 3 {
		t.Errorf("a 404 was rendered %d times for 3 requests; it must not be kept", renders.Load())
	}
}

// Many distinct addresses never hold more than the budget.
func TestRenderCache_ByteBudget(t *testing.T) {
	const budget = 256 << 10
	page := strings.Repeat("x", 8<<10) // incompressible enough to count
	s, h := cacheOnly(budget, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		io.WriteString(w, r.URL.Path+page)
	})
	for i := range 400 {
		if rec := serve(h, "GET", fmt.Sprintf("/p/%d", i)); rec.Code != 200 {
			t.Fatalf("GET = %d", rec.Code)
		}
		if _, used := s.rc.stats(); used > budget {
			t.Fatalf("after %d pages the cache holds %d bytes, over its %d", i+1, used, budget)
		}
	}
	n, used := s.rc.stats()
	if n < 5 || used < budget/4 {
		t.Errorf("the cache holds %d entries in %d bytes: it should keep what fits", n, used)
	}
	// The most recent page is the one kept.
	if e, _, _ := s.rc.begin("/p/399?"); e == nil {
		t.Error("the newest page was evicted first")
	}
	// A page bigger than an eighth of the budget is served, not kept.
	_, h2 := cacheOnly(64<<10, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		io.WriteString(w, strings.Repeat("y", 32<<10))
	})
	if rec := serve(h2, "GET", "/big"); rec.Code != 200 || rec.Body.Len() != 32<<10 {
		t.Fatalf("big page = %d, %d bytes", rec.Code, rec.Body.Len())
	}
}

// Readers arriving while a page renders wait for that render.
func TestRenderCache_SingleFlight(t *testing.T) {
	const readers = 8
	var renders atomic.Int32
	entered, release := make(chan struct{}), make(chan struct{})
	s, h := cacheOnly(1<<20, func(w http.ResponseWriter, r *http.Request) {
		if renders.Add(1) == 1 {
			close(entered)
			<-release
		}
		w.Header().Set("Content-Type", "text/html")
		io.WriteString(w, strings.Repeat("<p>same</p>", 300))
	})
	var wg sync.WaitGroup
	bodies := make([]string, readers)
	wg.Go(func() { bodies[0] = serve(h, "GET", "/story").Body.String() })
	<-entered
	for i := 1; i < readers; i++ {
		wg.Go(func() { bodies[i] = serve(h, "GET", "/story", "Accept-Encoding", "identity").Body.String() })
	}
	// Wait (without a clock) until every other reader waits on the fill.
	for {
		s.rc.mu.Lock()
		f := s.rc.flights["/story?"]
		s.rc.mu.Unlock()
		if f != nil && f.waiters.Load() == readers-1 {
			break
		}
		runtimeYield()
	}
	close(release)
	wg.Wait()
	if got := renders.Load(); got != 1 {
		t.Errorf("%d concurrent readers caused %d renders, want 1", readers, got)
	}
	for i, b := range bodies {
		if b != bodies[0] || b == "" {
			t.Fatalf("reader %d got %d bytes, reader 0 %d", i, len(b), len(bodies[0]))
		}
	}
}

// A change to a tag drops the entries that carry it, and a listing
// change those that show a listing; a fill that overlapped a change is
// not kept.
func TestRenderCache_Invalidate(t *testing.T) {
	c := newRenderCache(1<<20, 0, time.Now)
	put := func(key string, tags []string, lists bool) {
		_, _, lead := c.begin(key)
		c.end(key, lead, &rcEntry{key: key, tags: tags, lists: lists, size: 100, expires: time.Now().Add(time.Hour)})
	}
	put("/a", []string{"a:1", "s:9"}, false)
	put("/b", []string{"a:2"}, false)
	put("/home", nil, true)
	c.invalidate([]string{"s:9"}, false)
	if e, _, lead := c.begin("/a"); e != nil {
		t.Error("/a survived a change to its story")
	} else {
		c.end("/a", lead, nil)
	}
	if e, _, _ := c.begin("/b"); e == nil {
		t.Error("/b was dropped by a change it does not depend on")
	}
	c.invalidate(nil, true)
	if e, _, lead := c.begin("/home"); e != nil {
		t.Error("/home survived a listing change")
	} else {
		c.end("/home", lead, nil)
	}
	_, _, lead := c.begin("/late")
	c.invalidate([]string{"a:7"}, false)
	// A reader arriving after the change does not wait for the old fill.
	if _, wait, newLead := c.begin("/late"); wait != nil || newLead == nil {
		t.Error("a reader after a change joined a fill that began before it")
	} else {
		c.end("/late", newLead, nil)
	}
	c.end("/late", lead, &rcEntry{key: "/late", size: 100, expires: time.Now().Add(time.Hour)})
	if lead.entry != nil {
		t.Error("the readers of a fill that overlapped a change were given its render")
	}
	if e, _, _ := c.begin("/late"); e != nil {
		t.Error("a fill that overlapped a change was kept")
	}
}

// runtimeYield lets the other goroutines run while a test waits for them.
func runtimeYield() { runtime.Gosched() }

// Every page shows today's date: an entry never outlives the site's day.
func TestRenderCache_ExpiresAtMidnight(t *testing.T) {
	s, _ := cacheOnly(1<<20, func(http.ResponseWriter, *http.Request) {})
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Skip("no time zone data")
	}
	s.site.Location = paris
	late := time.Date(2024, 6, 22, 23, 40, 0, 0, paris)
	if got, want := s.expiry(late), time.Date(2024, 6, 23, 0, 0, 0, 0, paris); !got.Equal(want) {
		t.Errorf("filled at %v, expires %v; want the next midnight %v", late, got, want)
	}
	noon := time.Date(2024, 6, 22, 12, 0, 0, 0, paris)
	if got := s.expiry(noon); !got.Equal(noon.Add(defaultRenderCacheAge)) {
		t.Errorf("filled at noon, expires %v; want an hour later", got)
	}
}

// A missing sequence number (a PostgreSQL transaction that wrote its row
// but has not committed) holds the cursor back until it shows up or
// gapWait passes; changes past it are applied once.
func TestRenderCache_WatcherGaps(t *testing.T) {
	s, _ := cacheOnly(1<<20, func(http.ResponseWriter, *http.Request) {})
	w := newWatcher(nil, s.rc, s, 0)
	w.cursor, w.ready = 5, true
	ch := func(seqs ...int64) []store.Change {
		var cs []store.Change
		for _, q := range seqs {
			cs = append(cs, store.Change{Seq: q, Kind: store.ChangeComment, Ref: q})
		}
		return cs
	}
	w.advance(ch(6, 8))
	if w.cursor != 6 || !w.seen[8] {
		t.Fatalf("after 6 and 8: cursor %d, seen %v; want 6 with 8 seen", w.cursor, w.seen)
	}
	w.advance(ch(8)) // read again while 7 is missing
	if w.cursor != 6 {
		t.Fatalf("cursor moved to %d past the gap at 7", w.cursor)
	}
	w.advance(ch(7, 8))
	if w.cursor != 8 || len(w.seen) != 0 || len(w.gaps) != 0 {
		t.Fatalf("after 7 arrived: cursor %d, seen %v, gaps %v; want 8 and nothing pending", w.cursor, w.seen, w.gaps)
	}
	w.advance(ch(10))
	w.gaps[9] = time.Now().Add(-gapWait - time.Second)
	w.advance(nil)
	if w.cursor != 10 {
		t.Errorf("a gap older than gapWait still holds the cursor at %d", w.cursor)
	}
}
