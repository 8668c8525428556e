package fetch

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
)

// gzipMember compresses n zero bytes into one gzip member. Members can be
// concatenated: a gzip reader inflates them as one stream.
func gzipMember(t testing.TB, n int) []byte {
	t.Helper()
	var b bytes.Buffer
	gz, err := gzip.NewWriterLevel(&b, gzip.BestCompression)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := gz.Write(make([]byte, n)); err != nil {
		t.Fatal(err)
	}
	if err := gz.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// A small gzip body that inflates past the cap fails with "too large",
// and the client stops inflating at the cap: it never allocates anything
// near the inflated size.
func TestClient_GzipBombIsCutOffAtTheCap(t *testing.T) {
	const inflated = 1 << 30 // 1 GiB of zeros, sent as about 1 MiB
	member := gzipMember(t, 1<<20)
	bomb := bytes.Repeat(member, inflated>>20)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
			t.Errorf("Accept-Encoding = %q: the client no longer asks for gzip, so this test tests nothing", r.Header.Get("Accept-Encoding"))
		}
		w.Header().Set("Content-Encoding", "gzip")
		w.Header().Set("Content-Type", "application/rss+xml")
		_, _ = w.Write(bomb)
	}))
	defer srv.Close()

	tests := []struct {
		name     string
		maxBytes int64
		cap      int64
	}{
		{"page (default cap)", 0, MaxPageBytes},
		{"feed", MaxFeedBytes, MaxFeedBytes},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := loopbackOnly(t)
			var before, after runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			_, err := c.Get(context.Background(), Request{URL: srv.URL, MaxBytes: tt.maxBytes})
			runtime.ReadMemStats(&after)
			if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), "too large") {
				t.Fatalf("error = %v, want a \"too large\" ErrTooLarge", err)
			}
			// Reading up to the cap may allocate a few times the cap as the
			// buffer grows; inflating the whole bomb would allocate 1 GiB.
			got := after.TotalAlloc - before.TotalAlloc
			t.Logf("allocated %.1f MiB reading a 1 GiB bomb capped at %d MiB", float64(got)/(1<<20), tt.cap>>20)
			if limit := uint64(8 * tt.cap); got > limit {
				t.Errorf("allocated %d MiB reading a bomb capped at %d MiB", got>>20, tt.cap>>20)
			}
		})
	}
}

// The caps count decompressed bytes: a body exactly at the cap is read
// whole, one byte more is refused, compressed or not; a Content-Length
// over the cap is refused without reading the body.
func TestClient_SizeCaps(t *testing.T) {
	const limit = 4096
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n, _ := strconv.Atoi(r.URL.Query().Get("n"))
		body := bytes.Repeat([]byte("a"), n)
		switch r.URL.Path {
		case "/gzip":
			w.Header().Set("Content-Encoding", "gzip")
			gz := gzip.NewWriter(w)
			_, _ = gz.Write(body)
			_ = gz.Close()
		case "/declared":
			w.Header().Set("Content-Length", strconv.Itoa(n))
			_, _ = w.Write(body)
		default:
			_, _ = w.Write(body)
		}
	}))
	defer srv.Close()
	tests := []struct {
		path    string
		n       int
		tooBig  bool
		message string
	}{
		{"/plain", limit, false, ""},
		{"/plain", limit + 1, true, "larger than 4 KiB"},
		{"/gzip", limit, false, ""},
		{"/gzip", limit + 1, true, "larger than 4 KiB"},
		{"/declared", limit + 1, true, "larger than 4 KiB"},
	}
	for _, tt := range tests {
		t.Run(tt.path+"/"+strconv.Itoa(tt.n), func(t *testing.T) {
			resp, err := loopbackOnly(t).Get(context.Background(),
				Request{URL: srv.URL + tt.path + "?n=" + strconv.Itoa(tt.n), MaxBytes: limit})
			if tt.tooBig {
				if !errors.Is(err, ErrTooLarge) || !strings.Contains(err.Error(), tt.message) {
					t.Fatalf("error = %v, want ErrTooLarge saying %q", err, tt.message)
				}
				return
			}
			if err != nil || len(resp.Body) != tt.n {
				t.Fatalf("got %d bytes, error %v; want %d bytes", len(resp.Body), err, tt.n)
			}
		})
	}
	if MaxFeedBytes != 15<<20 || MaxPageBytes != 5<<20 {
		t.Errorf("caps are %d and %d bytes, want 15 MiB for feeds and 5 MiB for pages", MaxFeedBytes, MaxPageBytes)
	}
}

// The connect timeout bounds the connect phase on its own: a DNS server
// that never answers, or a server that accepts TCP but never completes the
// TLS handshake, fails the request while the total timeout and the
// caller's context still have long to run.
func TestClient_ConnectTimeout(t *testing.T) {
	silent, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer silent.Close()
	go func() {
		var held []net.Conn // accepted and never answered
		defer func() {
			for _, c := range held {
				c.Close()
			}
		}()
		for {
			c, err := silent.Accept()
			if err != nil {
				return
			}
			held = append(held, c)
		}
	}()
	// The stuck DNS server ignores the resolver's own per-query timeout, so
	// only a deadline on the dial as a whole can end the lookup.
	stuck := make(chan struct{})
	defer close(stuck)
	stuckDNS := &net.Resolver{PreferGo: true, Dial: func(context.Context, string, string) (net.Conn, error) {
		<-stuck
		return nil, errors.New("test over")
	}}
	tests := []struct {
		name     string
		url      string
		resolver *net.Resolver
	}{
		{"TLS handshake never completes", "https://" + silent.Addr().String() + "/", nil},
		{"DNS never answers", "http://stuck.example.com/", stuckDNS},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			c := New(Options{
				AllowPrivate:   mustPrefixes("127.0.0.1/32"),
				ConnectTimeout: 200 * time.Millisecond,
				Timeout:        time.Hour,
				resolver:       tt.resolver,
			})
			_, err := c.Get(ctx, Request{URL: tt.url})
			if err == nil || !strings.Contains(err.Error(), "timed out") {
				t.Fatalf("error = %v, want a timeout", err)
			}
			if ctx.Err() != nil {
				t.Fatalf("the caller's context ran out first: the connect timeout did not apply")
			}
		})
	}
}

func TestClient_UserAgent(t *testing.T) {
	for _, want := range []string{"newsdesk", "https://github.com/newsdesk/newsdesk"} {
		if !strings.Contains(DefaultUserAgent, want) {
			t.Errorf("DefaultUserAgent %q does not name %q", DefaultUserAgent, want)
		}
	}
	got := make(chan string, 2)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got <- r.UserAgent()
	}))
	defer srv.Close()
	tests := []struct{ option, want string }{
		{"", DefaultUserAgent},
		{"newsdesk-test/2 (+https://example.org/bot)", "newsdesk-test/2 (+https://example.org/bot)"},
	}
	for _, tt := range tests {
		c := New(Options{AllowPrivate: mustPrefixes("127.0.0.1/32"), UserAgent: tt.option})
		if _, err := c.Get(context.Background(), Request{URL: srv.URL}); err != nil {
			t.Fatal(err)
		}
		if ua := <-got; ua != tt.want {
			t.Errorf("User-Agent = %q, want %q", ua, tt.want)
		}
	}
}
