package fetch

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync/atomic"
	"testing"
)

// A live allow-list applies to the next fetch both ways: adding the
// network lets the fetch through, removing it refuses the next one even
// though a kept-alive connection to the server is in the pool.
func TestClient_LiveAllowList(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte("inside"))
	}))
	t.Cleanup(srv.Close)
	var allow atomic.Pointer[[]netip.Prefix]
	none := []netip.Prefix{}
	allow.Store(&none)
	c := New(Options{AllowPrivateFunc: func() []netip.Prefix { return *allow.Load() }})
	get := func() (string, error) {
		resp, err := c.Get(context.Background(), Request{URL: srv.URL + "/feed"})
		if err != nil {
			return "", err
		}
		return string(resp.Body), nil
	}
	if _, err := get(); err == nil || !strings.Contains(err.Error(), "private") {
		t.Fatalf("before the loopback is allowed: %v, want a refusal", err)
	}
	loop := mustPrefixes("127.0.0.0/8")
	allow.Store(&loop)
	for range 2 {
		if body, err := get(); err != nil || body != "inside" {
			t.Fatalf("once allowed: %q, %v", body, err)
		}
	}
	allow.Store(&none)
	if _, err := get(); err == nil {
		t.Fatal("after the allow-list dropped the loopback, a pooled connection still fetched")
	}
}
