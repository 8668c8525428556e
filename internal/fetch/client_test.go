package fetch

import (
	"compress/gzip"
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
	if !errors.Is(err, ErrPrivateAddress) {
		t.Fatalf("error = %v, want ErrPrivateAddress", err)
	}
	if !strings.Contains(err.Error(), "--allow-private") {
		t.Errorf("error %q does not say how to allow the address", err)
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
	g := guard{allow: mustPrefixes("10.1.0.0/16")}
	tests := []struct {
		addr    string
		refused bool
	}{
		{"93.184.216.34", false},
		{"2606:2800:220:1:248:1893:25c8:1946", false},
		{"127.0.0.1", true},
		{"10.0.0.1", true},
		{"10.1.2.3", false}, // allow-listed
		{"172.20.0.1", true},
		{"192.168.1.1", true},
		{"100.64.0.1", true},
		{"169.254.169.254", true},
		{"::1", true},
		{"fd00::1", true},
		{"fe80::1%eth0", true},
		{"::ffff:127.0.0.1", true},
		{"64:ff9b::7f00:1", true},
		{"2002:7f00:1::", true},
		{"0.0.0.0", true},
	}
	for _, tt := range tests {
		err := g.check(netip.MustParseAddr(tt.addr))
		if (err != nil) != tt.refused {
			t.Errorf("check(%s) = %v, refused want %v", tt.addr, err, tt.refused)
		}
	}
}

func TestClient_RedirectToPrivateIsRefused(t *testing.T) {
	// The first hop is allowed (127.0.0.1), the redirect target (127.0.0.2)
	// is not: every hop is checked at connect time.
	target := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	target.Start()
	defer target.Close()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, strings.Replace(target.URL, "127.0.0.1", "127.0.0.2", 1), http.StatusFound)
	}))
	defer srv.Close()
	_, err := loopbackOnly(t).Get(context.Background(), Request{URL: srv.URL})
	if !errors.Is(err, ErrPrivateAddress) {
		t.Fatalf("error = %v, want ErrPrivateAddress", err)
	}
}

func TestClient_RedirectLimit(t *testing.T) {
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var n int
		fmt.Sscanf(r.URL.Path, "/%d", &n)
		http.Redirect(w, r, fmt.Sprintf("%s/%d", srv.URL, n+1), http.StatusFound)
	}))
	defer srv.Close()
	_, err := loopbackOnly(t).Get(context.Background(), Request{URL: srv.URL + "/0"})
	if !errors.Is(err, ErrTooManyHops) {
		t.Fatalf("error = %v, want ErrTooManyHops", err)
	}
}

func TestClient_SizeCapAfterDecompression(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Encoding", "gzip")
		gz := gzip.NewWriter(w)
		gz.Write([]byte(strings.Repeat("a", 2048)))
		gz.Close()
	}))
	defer srv.Close()
	_, err := loopbackOnly(t).Get(context.Background(), Request{URL: srv.URL, MaxBytes: 1024})
	if !errors.Is(err, ErrTooLarge) {
		t.Fatalf("error = %v, want ErrTooLarge", err)
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

func TestResponse_HTMLUTF8(t *testing.T) {
	r := &Response{Body: []byte("<p>caf\xe9</p>"), ContentType: "text/html; charset=iso-8859-1"}
	if got := string(r.HTMLUTF8()); got != "<p>café</p>" {
		t.Errorf("got %q", got)
	}
	r = &Response{Body: []byte("<meta charset=\"windows-1252\"><p>\x93hi\x94</p>"), ContentType: "text/html"}
	if got := string(r.HTMLUTF8()); !strings.Contains(got, "“hi”") {
		t.Errorf("got %q", got)
	}
}
