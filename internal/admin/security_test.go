package admin_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/newsdesk/newsdesk/internal/model"
)

func TestSecurityHeadersOnEveryResponse(t *testing.T) {
	f := newFixture(t)
	f.addComment(model.Comment{})
	mod, _ := f.signIn(model.RoleModerator, "Mo")
	author, _ := f.signIn(model.RoleAuthor, "Al")
	type req struct {
		method, path string
		c            *http.Cookie
		status       int
	}
	reqs := []req{
		{"GET", "/admin/login", nil, 200},
		{"GET", "/admin/", nil, 303},
		{"GET", "/admin/", mod, 200},
		{"GET", "/admin/comments", mod, 200},
		{"GET", "/admin/comments/1/edit", mod, 200},
		{"GET", "/admin/comments/1/reply", mod, 200},
		{"GET", "/admin/comments", author, 403},
		{"GET", "/admin/nothing-here", mod, 404},
		{"GET", "/admin/static/admin.css", nil, 200},
		{"POST", "/admin/login", nil, 401},
		{"POST", "/admin/comments/1/approve", mod, 403}, // no form token
	}
	nonces := map[string]bool{}
	for _, r := range reqs {
		var resp *http.Response
		var body string
		if r.method == "POST" {
			resp, body = f.post(r.path, r.c, url.Values{"email": {"x@example.org"}, "password": {"nope nope nope"}})
		} else {
			resp, body = f.get(r.path, r.c)
		}
		if resp.StatusCode != r.status {
			t.Errorf("%s %s: status %d, want %d", r.method, r.path, resp.StatusCode, r.status)
		}
		h := resp.Header
		csp := h.Get("Content-Security-Policy")
		if !strings.Contains(csp, "frame-ancestors 'none'") || !strings.Contains(csp, "default-src 'none'") ||
			strings.Contains(csp, "unsafe-") || strings.Contains(csp, "*") {
			t.Errorf("%s %s: CSP %q", r.method, r.path, csp)
		}
		m := cspNonce.FindStringSubmatch(csp)
		if m == nil {
			t.Errorf("%s %s: CSP %q allows scripts other than by a nonce", r.method, r.path, csp)
			continue
		}
		if nonces[m[1]] {
			t.Errorf("%s %s: nonce %s was used by an earlier response", r.method, r.path, m[1])
		}
		nonces[m[1]] = true
		for _, tag := range scriptTag.FindAllString(body, -1) {
			if !strings.Contains(tag, `nonce="`+m[1]+`"`) {
				t.Errorf("%s %s: script %s lacks the response's nonce", r.method, r.path, tag)
			}
		}
		for name, want := range map[string]string{"X-Frame-Options": "DENY", "Cache-Control": "no-store",
			"X-Robots-Tag": "noindex, nofollow", "X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"} {
			if got := h.Get(name); got != want {
				t.Errorf("%s %s: %s %q, want %q", r.method, r.path, name, got, want)
			}
		}
		if strings.Contains(body, " style=") || strings.Contains(strings.ToLower(body), " onclick=") {
			t.Errorf("%s %s: the page holds an inline style or event handler", r.method, r.path)
		}
	}
}

// cspNonce finds the one source scripts may come from: a nonce.
var cspNonce = regexp.MustCompile(`(?:^|; )script-src 'nonce-([A-Za-z0-9_-]{22})'(?:;|$)`)

// scriptTag finds the opening tags of scripts in a page.
var scriptTag = regexp.MustCompile(`(?i)<script[^>]*>`)

func TestCrossOriginPostsAreRefused(t *testing.T) {
	f := newFixture(t)
	c := f.addComment(model.Comment{})
	mod, _ := f.signIn(model.RoleModerator, "Mo")
	token := f.csrf(mod)
	req, _ := http.NewRequest(http.MethodPost, f.srv.URL+"/admin/comments/1/approve",
		strings.NewReader(url.Values{"csrf": {token}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	resp, body := f.do(req, mod)
	wantStatus(t, resp, http.StatusForbidden)
	if !strings.Contains(body, "another site") {
		t.Error("the refusal does not say why")
	}
	if got := f.comment(c.ID).Status; got != model.CommentPending {
		t.Errorf("a cross-site post changed the status to %s", got)
	}
}

func TestBigPostsAre413(t *testing.T) {
	f := newFixture(t)
	c := f.addComment(model.Comment{})
	mod, _ := f.signIn(model.RoleModerator, "Mo")
	resp, body := f.post("/admin/comments/1/edit", mod, url.Values{"csrf": {f.csrf(mod)}, "author": {"X"},
		"comment": {strings.Repeat("x", 70<<10)}})
	wantStatus(t, resp, http.StatusRequestEntityTooLarge)
	if !strings.Contains(body, "more than 64 KiB") {
		t.Errorf("the 413 page does not say the limit: %s", parse(t, body).Find("main").Text())
	}
	if got := f.comment(c.ID).Body; got != "A fine article." {
		t.Error("a refused post changed the comment")
	}
	resp, _ = f.post("/admin/login", nil, url.Values{"email": {"a@example.org"}, "password": {strings.Repeat("p", 70<<10)}})
	wantStatus(t, resp, http.StatusRequestEntityTooLarge)
}

func TestUnknownAddressesAndMethods(t *testing.T) {
	f := newFixture(t)
	mod, _ := f.signIn(model.RoleModerator, "Mo")
	for _, p := range []string{"/admin/nothing", "/admin/comments/abc/edit", "/admin/comments/0/edit", "/admin/comments/99999/edit",
		"/admin/comments/99999/reply"} {
		resp, _ := f.get(p, mod)
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("%s: status %d, want 404", p, resp.StatusCode)
		}
	}
	resp, _ := f.post("/admin/", mod, url.Values{"csrf": {f.csrf(mod)}})
	wantStatus(t, resp, http.StatusMethodNotAllowed)
}
