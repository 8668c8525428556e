package web_test

import (
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/internal/web"
)

// /readyz says whether to send readers here: not while starting, yes once
// ready with the database answering, and no (with Retry-After) once the
// database is gone; it is never cached.
func TestReadyz(t *testing.T) {
	var ready atomic.Bool
	f := newFixture(t, func(o *web.Options) { o.Ready = ready.Load; o.RenderCache = 1 << 20 })
	r := f.get("/readyz")
	if r.status != http.StatusServiceUnavailable || r.body != "starting\n" || r.header.Get("Retry-After") != "5" {
		t.Errorf("before ready: %d %q Retry-After %q", r.status, r.body, r.header.Get("Retry-After"))
	}
	ready.Store(true)
	r = f.get("/readyz")
	if r.status != http.StatusOK || r.body != "ready\n" || r.header.Get("Cache-Control") != "no-store" {
		t.Errorf("ready: %d %q Cache-Control %q", r.status, r.body, r.header.Get("Cache-Control"))
	}
	if err := f.store.Close(); err != nil {
		t.Fatal(err)
	}
	// One ping answers for a second; wait for the next.
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(50 * time.Millisecond) {
		r = f.get("/readyz")
		if r.status == http.StatusServiceUnavailable {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("database closed: /readyz still %d after a minute", r.status)
		}
	}
	if r.body != "database unavailable\n" || r.header.Get("Retry-After") != "5" {
		t.Errorf("database closed: %q Retry-After %q", r.body, r.header.Get("Retry-After"))
	}
}
