package fetch

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// A server that drips one byte at a time must not hold a worker forever:
// the total deadline covers reading the body, not just the headers.
func TestClient_SlowDripIsCutOffByTheDeadline(t *testing.T) {
	stop := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		w.WriteHeader(http.StatusOK)
		flusher := w.(http.Flusher)
		for {
			select {
			case <-stop:
				return
			case <-r.Context().Done():
				return
			case <-time.After(50 * time.Millisecond):
				fmt.Fprint(w, "<")
				flusher.Flush()
			}
		}
	}))
	defer srv.Close()
	defer close(stop)
	allow, _ := ParseAllowList("127.0.0.1")
	c := New(Options{AllowPrivate: allow, Timeout: 300 * time.Millisecond})
	_, err := c.Get(context.Background(), Request{URL: srv.URL})
	if err == nil || !strings.Contains(err.Error(), "timed out") {
		t.Fatalf("error = %v, want a timeout", err)
	}
}

// A hostname that resolves to loopback is refused like the address
// itself: the check runs on the address dialed, after DNS.
func TestClient_HostnameResolvingToLoopbackIsRefused(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "internal")
	}))
	defer srv.Close()
	port := srv.URL[strings.LastIndex(srv.URL, ":")+1:]
	_, err := New(Options{}).Get(context.Background(), Request{URL: "http://localhost:" + port + "/"})
	if !errors.Is(err, ErrPrivateAddress) {
		t.Fatalf("error = %v, want ErrPrivateAddress", err)
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
