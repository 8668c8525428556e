package web_test

import (
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/newsdesk/newsdesk/internal/web"
)

func TestAdmin_MountedBehindTheSiteMiddleware(t *testing.T) {
	var calls atomic.Int32
	f := newFixture(t, func(o *web.Options) {
		o.Admin = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			calls.Add(1)
			w.Write([]byte("admin saw " + r.Method + " " + r.URL.Path))
		})
	})
	seedArticle(f)
	for _, p := range []string{"/admin", "/admin/", "/admin/comments", "/admin/2024/06/21/storm-hits-the-coast/"} {
		r := f.get(p)
		if r.status != http.StatusOK || r.body != "admin saw GET "+p {
			t.Errorf("GET %s = %d %q, want the admin handler", p, r.status, r.body)
		}
		if r.header.Get("Content-Security-Policy") == "" || r.header.Get("X-Frame-Options") != "DENY" {
			t.Errorf("GET %s lacks the site's security headers", p)
		}
	}
	// The admin area gets same-site posts; cross-origin ones never reach it.
	n := calls.Load()
	req := mustRequest(t, http.MethodPost, f.srv.URL+"/admin/comments")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	if r := f.do(req); r.status != http.StatusForbidden || !strings.Contains(r.body, "came from another site") {
		t.Errorf("cross-site POST to the admin = %d", r.status)
	}
	req = mustRequest(t, http.MethodPost, f.srv.URL+"/admin/comments")
	req.Header.Set("Origin", "https://evil.example")
	if r := f.do(req); r.status != http.StatusForbidden {
		t.Errorf("POST with a foreign Origin to the admin = %d", r.status)
	}
	if calls.Load() != n {
		t.Error("a cross-origin request reached the admin handler")
	}
	req = mustRequest(t, http.MethodPost, f.srv.URL+"/admin/comments")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	if r := f.do(req); r.body != "admin saw POST /admin/comments" {
		t.Errorf("same-origin POST to the admin = %d %q", r.status, r.body)
	}
	// The rest of the site is unchanged.
	if r := f.get("/2024/06/21/storm-hits-the-coast/"); r.status != http.StatusOK {
		t.Errorf("article with the admin mounted = %d", r.status)
	}
}

func TestAdmin_AbsentIsNotFound(t *testing.T) {
	f := newFixture(t)
	for _, p := range []string{"/admin", "/admin/comments"} {
		if r := f.get(p); r.status != http.StatusNotFound {
			t.Errorf("GET %s without an admin = %d, want 404", p, r.status)
		}
	}
}

func TestClientAddr_ForMountedHandlers(t *testing.T) {
	trusted, err := web.ParseTrustedProxies("10.0.0.0/8")
	if err != nil {
		t.Fatal(err)
	}
	req := mustRequest(t, http.MethodGet, "http://example.org/admin/")
	req.RemoteAddr = "10.1.2.3:5555"
	req.Header.Set("X-Forwarded-For", "192.0.2.9, 10.0.0.7")
	if ip, ok := web.ClientAddr(req, trusted); !ok || ip.String() != "192.0.2.9" {
		t.Errorf("behind a trusted proxy: %v %v, want 192.0.2.9", ip, ok)
	}
	req.RemoteAddr = "198.51.100.4:5555"
	if ip, ok := web.ClientAddr(req, trusted); !ok || ip.String() != "198.51.100.4" {
		t.Errorf("from an untrusted peer: %v %v, want the peer", ip, ok)
	}
}
