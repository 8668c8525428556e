package demo

import (
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"
)

// testNow is a fixed clock so failures are reproducible.
var testNow = time.Date(2024, 6, 22, 12, 30, 0, 0, time.UTC)

// serve starts the world on a loopback port for the test's lifetime.
func serve(t *testing.T, w *World) *httptest.Server {
	t.Helper()
	srv := httptest.NewUnstartedServer(w.Handler())
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listen: %v", err)
	}
	srv.Listener = l
	srv.Start()
	t.Cleanup(srv.Close)
	return srv
}

type response struct {
	status int
	header http.Header
	body   []byte
}

func get(t *testing.T, srv *httptest.Server, url string) response {
	t.Helper()
	resp, err := srv.Client().Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("read %s: %v", url, err)
	}
	return response{status: resp.StatusCode, header: resp.Header, body: body}
}

// mustGet fetches a URL that has to answer 200.
func mustGet(t *testing.T, srv *httptest.Server, url string) response {
	t.Helper()
	r := get(t, srv, url)
	if r.status != http.StatusOK {
		t.Fatalf("GET %s: status %d, want 200", url, r.status)
	}
	return r
}

// articlesByOutlet groups the world's articles by outlet slug, in order.
func articlesByOutlet(w *World) map[string][]Article {
	out := map[string][]Article{}
	for _, a := range w.Articles() {
		out[a.Outlet] = append(out[a.Outlet], a)
	}
	return out
}

// shared is one world reused by the tests that only read it, so the
// images it renders lazily are drawn once for the whole package.
var shared = sync.OnceValue(func() *World { return NewWorld(21, testNow) })
