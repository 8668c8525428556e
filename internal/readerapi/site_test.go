package readerapi_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/newsdesk/newsdesk/internal/auth"
	"github.com/newsdesk/newsdesk/internal/readerapi"
	"github.com/newsdesk/newsdesk/internal/site"
	"github.com/newsdesk/newsdesk/internal/store/storetest"
	"github.com/newsdesk/newsdesk/internal/web"
)

// TestMountedInTheSite calls the APIs through the whole site, security
// middleware and HTTP caches included (with and without the render
// cache): apps get through (no cross-origin refusal for their posts),
// and no answer is tagged, kept or made shareable.
func TestMountedInTheSite(t *testing.T) {
	for name, cache := range map[string]int64{"plain": 0, "render cache": 8 << 20} {
		t.Run(name, func(t *testing.T) { testMounted(t, cache) })
	}
}

func testMounted(t *testing.T, renderCache int64) {
	w := newWorld(t, storetest.NewSQLite(t))
	h, err := readerapi.New(readerapi.Options{Store: w.st, Tokens: w.tokens})
	if err != nil {
		t.Fatal(err)
	}
	settings := site.Settings{Name: "The Daily Test", BaseURL: "https://news.example"}
	siteHandler, err := web.New(web.Options{Site: settings, Store: w.st, Reader: h, RenderCache: renderCache})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(siteHandler)
	defer srv.Close()
	do := func(method, path string, form url.Values, authz string) (*http.Response, string) {
		t.Helper()
		var body io.Reader
		if form != nil {
			body = strings.NewReader(form.Encode())
		}
		req, err := http.NewRequestWithContext(t.Context(), method, srv.URL+path, body)
		if err != nil {
			t.Fatal(err)
		}
		if form != nil {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
		if authz != "" {
			req.Header.Set("Authorization", authz)
		}
		resp, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		if cc := resp.Header.Get("Cache-Control"); cc != "private, no-store" || resp.Header.Get("ETag") != "" {
			t.Errorf("%s %s: Cache-Control %q, ETag %q; want private, no-store and no tag", method, path, cc, resp.Header.Get("ETag"))
		}
		return resp, string(b)
	}
	resp, body := do(http.MethodPost, "/accounts/ClientLogin", url.Values{"Email": {w.author.Email}, "Passwd": {w.secret}}, "")
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, "Auth="+w.secret) {
		t.Fatalf("ClientLogin through the site: %d %s", resp.StatusCode, body)
	}
	for range 2 {
		resp, body = do(http.MethodGet, "/reader/api/0/subscription/list?output=json", nil, "GoogleLogin auth="+w.secret)
		if resp.StatusCode != http.StatusOK || !strings.Contains(body, `"title":"Alpha"`) {
			t.Fatalf("subscription/list through the site: %d %s", resp.StatusCode, body)
		}
	}
	resp, body = do(http.MethodPost, "/fever/?api&feeds", url.Values{"api_key": {auth.FeverKey(w.author.Email, w.secret)}}, "")
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, `"auth":1`) || !strings.Contains(body, `"feeds":[`) {
		t.Fatalf("fever through the site: %d %s", resp.StatusCode, body)
	}
	resp, body = do(http.MethodGet, "/fever/?api", nil, "")
	if resp.StatusCode != http.StatusOK || strings.TrimSpace(body) != `{"api_version":3,"auth":0}` {
		t.Fatalf("fever without a key: %d %s", resp.StatusCode, body)
	}
	if resp, _ = do(http.MethodGet, "/reader/api/0/no-such-call", nil, "GoogleLogin auth="+w.secret); resp.StatusCode != http.StatusNotFound {
		t.Fatalf("unknown call through the site: %d", resp.StatusCode)
	}
}
