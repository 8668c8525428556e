package fetch

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// A server that drips one byte a second must not hold a worker forever:
// the total deadline covers reading the body, not just the headers. The
// server sends its headers at once, so the deadline strikes mid-body.
func TestClient_SlowDripIsCutOffByTheDeadline(t *testing.T) {
	var sent atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		w.WriteHeader(http.StatusOK)
		flusher := w.(http.Flusher)
		tick := time.NewTicker(time.Second)
		defer tick.Stop()
		for {
			if _, err := fmt.Fprint(w, "<"); err != nil {
				return
			}
			flusher.Flush()
			sent.Add(1)
			select {
			case <-r.Context().Done():
				return
			case <-tick.C:
			}
		}
	}))
	defer srv.Close()
	allow, _ := ParseAllowList("127.0.0.1")
	c := New(Options{AllowPrivate: allow, Timeout: 1500 * time.Millisecond})
	resp, err := c.Get(context.Background(), Request{URL: srv.URL})
	if err == nil || !strings.Contains(err.Error(), "timed out") {
		t.Fatalf("error = %v (response %v), want a timeout", err, resp)
	}
	if sent.Load() == 0 {
		t.Errorf("the server sent no body byte: the deadline was not tested mid-body")
	}
}

// A redirect loop ends with a clear error, not a hang.
func TestClient_RedirectLoop(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/loop", http.StatusFound)
	}))
	defer srv.Close()
	_, err := loopbackOnly(t).Get(context.Background(), Request{URL: srv.URL + "/loop"})
	if !errors.Is(err, ErrTooManyHops) {
		t.Fatalf("error = %v, want ErrTooManyHops", err)
	}
}

// A redirect to another scheme (file:, ftp:) is refused.
func TestClient_RedirectToOtherSchemeIsRefused(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "file:///etc/passwd", http.StatusFound)
	}))
	defer srv.Close()
	_, err := loopbackOnly(t).Get(context.Background(), Request{URL: srv.URL})
	if !errors.Is(err, ErrBadURL) {
		t.Fatalf("error = %v, want ErrBadURL", err)
	}
}
