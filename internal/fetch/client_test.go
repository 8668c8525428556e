package fetch

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"
)

func loopbackOnly(t *testing.T) *Client {
	t.Helper()
	allow, err := ParseAllowList("127.0.0.1/32")
	if err != nil {
		t.Fatal(err)
	}
	return New(Options{AllowPrivate: allow})
}

func TestClient_RefusesLoopbackUnlessAllowed(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "secret")
	}))
	defer srv.Close()

	_, err := New(Options{}).Get(context.Background(), Request{URL: srv.URL})
	assertRefusedAsPrivate(t, err)
	if !strings.Contains(err.Error(), "--allow-private 127.0.0.1/32") {
		t.Errorf("error %q does not name the address to allow", err)
	}

	resp, err := loopbackOnly(t).Get(context.Background(), Request{URL: srv.URL})
	if err != nil {
		t.Fatalf("allow-listed fetch: %v", err)
	}
	if string(resp.Body) != "secret" {
		t.Errorf("body = %q", resp.Body)
	}
}

func TestGuard_Check(t *testing.T) {
	g := guard{allow: mustPrefixes("10.1.0.0/16", "fd12:3456::/32")}
	tests := []struct {
		addr    string
		refused bool
	}{
		{"93.184.216.34", false},
		{"2606:2800:220:1:248:1893:25c8:1946", false},
		{"1.1.1.1", false},
		{"0.0.0.0", true},
		{"0.255.255.255", true},
		{"127.0.0.1", true},
		{"127.255.255.254", true},
		{"10.0.0.1", true},
		{"10.1.2.3", false},        // allow-listed
		{"::ffff:10.1.2.3", false}, // allow-listed, IPv4-mapped
		{"172.15.255.255", false},
		{"172.16.0.1", true},
		{"172.31.255.255", true},
		{"172.32.0.1", false},
		{"192.168.1.1", true},
		{"100.63.255.255", false},
		{"100.64.0.1", true},
		{"100.127.255.255", true},
		{"100.128.0.1", false},
		{"169.254.169.254", true},
		{"169.254.0.1", true},
		{"192.0.0.170", true},
		{"192.0.2.1", true},
		{"198.18.0.1", true},
		{"224.0.0.1", true},
		{"239.255.255.250", true},
		{"255.255.255.255", true},
		{"::", true},
		{"::1", true},
		{"::127.0.0.1", true}, // IPv4-compatible
		{"fc00::1", true},
		{"fd00::1", true},
		{"fd12:3456::1", false}, // allow-listed
		{"fe80::1%eth0", true},
		{"fec0::1", true},
		{"ff02::1", true},
		{"::ffff:127.0.0.1", true},
		{"::ffff:8.8.8.8", true}, // IPv4-mapped is refused whatever it maps
		{"64:ff9b::7f00:1", true},
		{"64:ff9b::808:808", true},
		{"64:ff9b:1::1", true},
		{"2002:7f00:1::", true},
		{"2001:0:4136:e378::1", true}, // Teredo
		{"2001:db8::1", true},
		{"100::1", true},
	}
	for _, tt := range tests {
		err := g.check(netip.MustParseAddr(tt.addr))
		if (err != nil) != tt.refused {
			t.Errorf("check(%s) = %v, refused want %v", tt.addr, err, tt.refused)
		}
	}
}

// At most five redirects are followed: the sixth is refused.
func TestClient_RedirectLimit(t *testing.T) {
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var n, left int
		if _, err := fmt.Sscanf(r.URL.Path, "/%d/%d", &n, &left); err != nil {
			http.NotFound(w, r)
			return
		}
		if left == 0 {
			fmt.Fprintf(w, "after %d redirects", n)
			return
		}
		http.Redirect(w, r, fmt.Sprintf("%s/%d/%d", srv.URL, n+1, left-1), http.StatusFound)
	}))
	defer srv.Close()
	for _, hops := range []int{0, 1, 5, 6, 20} {
		t.Run(fmt.Sprintf("%d redirects", hops), func(t *testing.T) {
			resp, err := loopbackOnly(t).Get(context.Background(), Request{URL: fmt.Sprintf("%s/0/%d", srv.URL, hops)})
			if hops > maxRedirects {
				if !errors.Is(err, ErrTooManyHops) {
					t.Fatalf("error = %v, want ErrTooManyHops", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if want := fmt.Sprintf("after %d redirects", hops); string(resp.Body) != want {
				t.Errorf("body = %q, want %q", resp.Body, want)
			}
		})
	}
	if maxRedirects != 5 {
		t.Errorf("maxRedirects = %d, want 5", maxRedirects)
	}
}

func TestClient_ConditionalGetAndStatus(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.UserAgent() != DefaultUserAgent {
			t.Errorf("User-Agent = %q", r.UserAgent())
		}
		switch {
		case r.URL.Path == "/broken":
			http.Error(w, "boom", http.StatusInternalServerError)
		case r.Header.Get("If-None-Match") == `"v1"`:
			w.WriteHeader(http.StatusNotModified)
		default:
			w.Header().Set("ETag", `"v1"`)
			fmt.Fprint(w, "fresh")
		}
	}))
	defer srv.Close()
	c := loopbackOnly(t)
	resp, err := c.Get(context.Background(), Request{URL: srv.URL})
	if err != nil || resp.ETag != `"v1"` {
		t.Fatalf("first get: %v, etag %q", err, resp.ETag)
	}
	resp, err = c.Get(context.Background(), Request{URL: srv.URL, ETag: resp.ETag})
	if err != nil || !resp.NotModified() {
		t.Fatalf("conditional get: err %v, not modified %v", err, resp != nil && resp.NotModified())
	}
	_, err = c.Get(context.Background(), Request{URL: srv.URL + "/broken"})
	var se *StatusError
	if !errors.As(err, &se) || se.Status != 500 {
		t.Fatalf("error = %v, want a 500 StatusError", err)
	}
}

func TestValidateURL(t *testing.T) {
	for _, raw := range []string{"", "ftp://x/y", "file:///etc/passwd", "javascript:alert(1)", "http://", "::"} {
		if _, err := ValidateURL(raw); !errors.Is(err, ErrBadURL) {
			t.Errorf("ValidateURL(%q) = %v, want ErrBadURL", raw, err)
		}
	}
}

func TestParseAllowList(t *testing.T) {
	got, err := ParseAllowList(" 127.0.0.1, 10.0.0.0/8 ,")
	if err != nil || len(got) != 2 || got[0].String() != "127.0.0.1/32" {
		t.Fatalf("got %v, %v", got, err)
	}
	if _, err := ParseAllowList("localhost"); err == nil {
		t.Fatal("a hostname was accepted")
	}
}
