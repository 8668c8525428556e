package web_test

import (
	"net/http"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/newsdesk/newsdesk/internal/web"
)

func TestSecurity_HeadersOnEveryResponse(t *testing.T) {
	f := newFixture(t)
	seedArticle(f)
	css, _ := f.page("/", http.StatusOK).Find(`link[rel="stylesheet"]`).Attr("href")
	paths := []string{"/", "/2024/06/21/storm-hits-the-coast/", "/nowhere", "/search?q=storm",
		"/api/v1/articles", "/api/v1/articles/abc", "/healthz", css, "/static/missing.css"}
	for _, p := range paths {
		r := f.get(p)
		csp := r.header.Get("Content-Security-Policy")
		for _, directive := range []string{"script-src 'self'", "style-src 'self'", "img-src 'self' https: http: data:", "frame-ancestors 'none'"} {
			if !strings.Contains(csp, directive) {
				t.Errorf("%s: CSP %q lacks %q", p, csp, directive)
			}
		}
		if got := r.header.Get("X-Content-Type-Options"); got != "nosniff" {
			t.Errorf("%s: X-Content-Type-Options = %q", p, got)
		}
		if got := r.header.Get("Referrer-Policy"); got != "strict-origin-when-cross-origin" {
			t.Errorf("%s: Referrer-Policy = %q", p, got)
		}
	}
}

func TestSecurity_StaticAssets(t *testing.T) {
	f := newFixture(t)
	doc := f.page("/", http.StatusOK)
	css, _ := doc.Find(`link[rel="stylesheet"]`).Attr("href")
	js, _ := doc.Find(`script[src]`).Attr("src")
	for path, ctype := range map[string]string{css: "text/css", js: "text/javascript"} {
		if !strings.HasPrefix(path, "/static/") || strings.Count(path, ".") != 2 {
			t.Errorf("asset %q is not fingerprinted", path)
		}
		r := f.get(path)
		if r.status != http.StatusOK || !strings.HasPrefix(r.header.Get("Content-Type"), ctype) || r.body == "" {
			t.Errorf("%s = %d %q", path, r.status, r.header.Get("Content-Type"))
		}
		if cc := r.header.Get("Cache-Control"); !strings.Contains(cc, "max-age=31536000") {
			t.Errorf("%s Cache-Control = %q", path, cc)
		}
	}
	if r := f.get("/static/site.css"); r.status != http.StatusNotFound {
		t.Errorf("unfingerprinted name served: %d", r.status)
	}
	// Nothing the page loads may come from another machine.
	for _, ref := range append(attrs(doc.Find("link[href]"), "href"), attrs(doc.Find("script[src]"), "src")...) {
		if strings.Contains(ref, "//") && !strings.HasPrefix(ref, "https://news.example.org/") {
			t.Errorf("page references outside resource %q", ref)
		}
	}
}

func TestSecurity_HostileTitleIsEscaped(t *testing.T) {
	f := newFixture(t)
	src := f.addSource("Harbor Wire")
	hostile := `<script>alert("x")</script><img src=x onerror=alert(1)>`
	a := article(hostile, "World", published)
	a.Excerpt = hostile
	a.ContentHTML = "<p>The body passed the sanitizer.</p>"
	saved := f.save(src.ID, a)[0]
	path := web.Permalink(saved, testSettings().Location)
	for _, p := range []string{"/", path, "/search?q=alert", "/category/world"} {
		r := f.get(p)
		if r.status != http.StatusOK {
			t.Fatalf("%s = %d", p, r.status)
		}
		if strings.Contains(r.body, "<script>alert") || strings.Contains(r.body, "<img src=x") {
			t.Errorf("%s: hostile title reached the page unescaped", p)
		}
	}
	doc := f.page(path, http.StatusOK)
	if got := doc.Find("main h1").Text(); got != hostile {
		t.Errorf("h1 text = %q, want the title shown as text", got)
	}
	if doc.Find("main script, main img[onerror]").Length() != 0 {
		t.Error("hostile title became markup")
	}
}

func TestSecurity_CrossOriginPostRefused(t *testing.T) {
	f := newFixture(t)
	req := mustRequest(t, http.MethodPost, f.srv.URL+"/search")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	if r := f.do(req); r.status != http.StatusForbidden {
		t.Errorf("cross-site POST = %d, want 403", r.status)
	}
	req = mustRequest(t, http.MethodPost, f.srv.URL+"/api/v1/articles")
	if r := f.do(req); r.status != http.StatusMethodNotAllowed || r.header.Get("Allow") != "GET, HEAD" ||
		!strings.Contains(r.body, `"error"`) {
		t.Errorf("same-site POST to the API = %d %q", r.status, r.body)
	}
	req = mustRequest(t, http.MethodGet, f.srv.URL+"/search")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	if r := f.do(req); r.status != http.StatusOK {
		t.Errorf("cross-site GET = %d, want 200", r.status)
	}
}

func TestSecurity_FailingStoreGives500WithoutDetails(t *testing.T) {
	f := newFixture(t)
	seedArticle(f)
	if err := f.store.Close(); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"/", "/2024/06/21/storm-hits-the-coast/", "/api/v1/articles"} {
		r := f.get(p)
		if r.status != http.StatusInternalServerError {
			t.Errorf("%s with a closed store = %d, want 500", p, r.status)
		}
		low := strings.ToLower(r.body)
		for _, leak := range []string{"sql", "closed", "database", "goroutine"} {
			if strings.Contains(low, leak) {
				t.Errorf("%s: 500 page leaks %q: %s", p, leak, r.body)
			}
		}
	}
	if r := f.get("/"); !strings.Contains(r.body, "The Harbor Gazette") {
		t.Error("500 page is not framed by the site")
	}
}

func TestHealthz(t *testing.T) {
	var ready atomic.Bool
	f := newFixture(t, func(o *web.Options) { o.Ready = ready.Load })
	if r := f.get("/healthz"); r.status != http.StatusServiceUnavailable {
		t.Errorf("before ready: %d, want 503", r.status)
	}
	ready.Store(true)
	if r := f.get("/healthz"); r.status != http.StatusOK || r.body != "ok\n" {
		t.Errorf("ready: %d %q", r.status, r.body)
	}
	if err := f.store.Close(); err != nil {
		t.Fatal(err)
	}
	if r := f.get("/healthz"); r.status != http.StatusServiceUnavailable {
		t.Errorf("database closed: %d, want 503", r.status)
	}
}

func TestNew_RequiresStore(t *testing.T) {
	if _, err := web.New(web.Options{}); err == nil {
		t.Error("New without a store succeeded")
	}
}
