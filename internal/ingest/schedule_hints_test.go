package ingest_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

const hintFeed = `<?xml version="1.0"?><rss version="2.0"><channel><title>Hints</title><link>http://127.0.0.1/</link>
<item><title>One story</title><link>http://127.0.0.1/one</link><guid>one</guid>
<description>A story with a few words of summary.</description></item></channel></rss>`

// The server's own word on when to come back sets the next fetch: a
// Cache-Control max-age longer than the interval, and a 429 with
// Retry-After longer than the backoff.
func TestIngester_HonoursMaxAgeAndRetryAfter(t *testing.T) {
	var busy atomic.Bool
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if busy.Load() {
			w.Header().Set("Retry-After", "7200")
			http.Error(w, "slow down", http.StatusTooManyRequests)
			return
		}
		w.Header().Set("Cache-Control", "public, max-age=3600")
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write([]byte(hintFeed))
	}))
	defer srv.Close()
	in, _ := newIngester(t) // interval: the default 15 minutes
	src := subscribe(t, in, srv.URL+"/feed.xml")

	ok := in.FetchSource(context.Background(), src)
	if ok.Err != nil {
		t.Fatal(ok.Err)
	}
	wait := ok.Source.State.NextFetchAt.Sub(ok.Source.State.LastFetchedAt)
	if wait != time.Hour {
		t.Errorf("after max-age=3600 the next fetch is in %v, want 1h", wait)
	}

	busy.Store(true)
	limited := in.FetchSource(context.Background(), ok.Source)
	if limited.Err == nil {
		t.Fatal("a 429 was not an error")
	}
	wait = limited.Source.State.NextFetchAt.Sub(limited.Source.State.LastFetchedAt)
	if wait != 2*time.Hour {
		t.Errorf("after 429 with Retry-After: 7200 the next fetch is in %v, want 2h", wait)
	}
}

// An RSS <ttl> longer than the interval is honoured like max-age.
func TestIngester_HonoursRSSTTL(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write([]byte(strings.Replace(hintFeed, "<title>Hints</title>", "<title>Hints</title><ttl>180</ttl>", 1)))
	}))
	defer srv.Close()
	in, _ := newIngester(t)
	res := in.FetchSource(context.Background(), subscribe(t, in, srv.URL+"/feed.xml"))
	if res.Err != nil {
		t.Fatal(res.Err)
	}
	if wait := res.Source.State.NextFetchAt.Sub(res.Source.State.LastFetchedAt); wait != 3*time.Hour {
		t.Errorf("after <ttl>180</ttl> the next fetch is in %v, want 3h", wait)
	}
}
