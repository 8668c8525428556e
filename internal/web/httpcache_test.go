package web_test

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/newsdesk/newsdesk/internal/store/storetest"
	"github.com/newsdesk/newsdesk/internal/web"
)

// rawResponse is a response as it came over the wire, never decoded.
type rawResponse struct {
	status int
	header http.Header
	body   []byte
}

// raw sends a request with the given headers through a transport that
// neither asks for nor decodes gzip, so the test sees what was sent.
func raw(t *testing.T, method, u string, header ...string) rawResponse {
	t.Helper()
	req := mustRequest(t, method, u)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Add(header[i], header[i+1])
	}
	client := &http.Client{
		Transport:     &http.Transport{DisableCompression: true},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, u, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return rawResponse{resp.StatusCode, resp.Header, body}
}

func formToken(t *testing.T, body []byte) string {
	t.Helper()
	doc, err := goquery.NewDocumentFromReader(bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	tok, _ := doc.Find(`input[name="comment_token"]`).Attr("value")
	if tok == "" {
		t.Fatal("the page has no comment token")
	}
	return tok
}

// An article page carries a fresh comment token on every view, yet its
// ETag stays the same, a matching If-None-Match gets an empty 304, and
// the tag moves on after the hour a revalidated token is held to.
func TestHTTPCache_ArticleTagIgnoresFormToken(t *testing.T) {
	cs := newCommentSite(t, storetest.NewSQLite(t), nil)
	u := cs.srv.URL + cs.path
	a, b := raw(t, "GET", u), raw(t, "GET", u)
	if a.status != 200 || b.status != 200 {
		t.Fatalf("statuses %d %d", a.status, b.status)
	}
	if formToken(t, a.body) == formToken(t, b.body) {
		t.Fatal("two views got the same token; the test would prove nothing")
	}
	tag := a.header.Get("ETag")
	if tag == "" || !strings.HasPrefix(tag, `"`) || tag != b.header.Get("ETag") {
		t.Fatalf("ETags %q and %q, want one strong tag", tag, b.header.Get("ETag"))
	}
	if got := a.header.Get("Content-Length"); got != strconv.Itoa(len(a.body)) {
		t.Errorf("Content-Length %s for %d bytes", got, len(a.body))
	}

	nm := raw(t, "GET", u, "If-None-Match", tag)
	if nm.status != http.StatusNotModified || len(nm.body) != 0 {
		t.Fatalf("conditional GET = %d with %d bytes, want an empty 304", nm.status, len(nm.body))
	}
	if nm.header.Get("ETag") != tag || nm.header.Get("Cache-Control") == "" || nm.header.Get("Content-Type") != "" {
		t.Errorf("304 headers: %v", nm.header)
	}

	head := raw(t, "HEAD", u)
	if head.status != 200 || len(head.body) != 0 || head.header.Get("ETag") != tag ||
		head.header.Get("Content-Length") != strconv.Itoa(len(a.body)) {
		t.Errorf("HEAD = %d, %d bytes, ETag %q, length %s; want GET's tag and length",
			head.status, len(head.body), head.header.Get("ETag"), head.header.Get("Content-Length"))
	}
	if r := raw(t, "HEAD", u, "If-None-Match", tag); r.status != http.StatusNotModified {
		t.Errorf("conditional HEAD = %d, want 304", r.status)
	}

	cs.clock.Advance(time.Hour)
	later := raw(t, "GET", u, "If-None-Match", tag)
	if later.status != 200 || later.header.Get("ETag") == tag {
		t.Errorf("an hour later: %d with ETag %q; a cached token must not be revalidated forever", later.status, later.header.Get("ETag"))
	}
}

// Changed content gets a new tag; If-None-Match takes lists, weak tags
// and "*", and anything that matches nothing gets the page.
func TestHTTPCache_IfNoneMatch(t *testing.T) {
	f := newFixture(t)
	seedArticle(f)
	u := f.srv.URL + "/"
	first := raw(t, "GET", u)
	old := first.header.Get("ETag")
	if old == "" {
		t.Fatal("home page has no ETag")
	}
	src := f.addSource("Second Wire")
	f.save(src.ID, article("Harbor bridge reopens", "Local", published.Add(time.Hour)))
	now := raw(t, "GET", u, "If-None-Match", old)
	tag := now.header.Get("ETag")
	if now.status != 200 || tag == old || !bytes.Contains(now.body, []byte("Harbor bridge reopens")) {
		t.Fatalf("after a new article: %d, ETag %q (was %q)", now.status, tag, old)
	}
	for _, c := range []struct {
		header string
		want   int
	}{
		{tag, 304},
		{`"other", ` + tag, 304},
		{`"a,b" , W/` + tag, 304}, // a comma inside a tag, and the weak form
		{"*", 304},
		{old, 200},
		{`"other"`, 200},
		{strings.Trim(tag, `"`), 200}, // unquoted: malformed
	} {
		if r := raw(t, "GET", u, "If-None-Match", c.header); r.status != c.want {
			t.Errorf("If-None-Match %s = %d, want %d", c.header, r.status, c.want)
		}
	}
}

// Each kind of response gets its Cache-Control; only public 200s get
// tags.
func TestHTTPCache_CacheControl(t *testing.T) {
	f := newFixture(t, func(o *web.Options) {
		o.Admin = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.Write([]byte("<p>signed in as you</p>"))
		})
	})
	a := seedArticle(f)
	css := cssPath(t, f)
	for _, c := range []struct {
		method, path string
		status       int
		cache        string
		tagged       bool
	}{
		{"GET", "/", 200, "public, max-age=0, s-maxage=60, stale-while-revalidate=300, stale-if-error=86400", true},
		{"GET", web.Permalink(a, newYork), 200, "public, max-age=0, s-maxage=60, stale-while-revalidate=300, stale-if-error=86400", true},
		{"GET", "/comments/feed.rss", 200, "public, max-age=300, stale-while-revalidate=600, stale-if-error=86400", true},
		{"GET", "/feed.json", 200, "public, max-age=300, stale-while-revalidate=600, stale-if-error=86400", true},
		{"GET", "/api/v1/categories", 200, "public, max-age=0, s-maxage=30, stale-while-revalidate=60", true},
		{"GET", "/no/such/page", 404, "public, max-age=30", false},
		{"GET", "/api/v1/articles/999999", 404, "public, max-age=30", false},
		{"GET", "/api/v1/articles?limit=zero", 400, "no-store", false},
		{"POST", "/about", 405, "no-store", false},
		{"GET", "/healthz", 200, "no-store", false},
		{"GET", "/admin/", 200, "no-store", false},
		{"GET", css, 200, "public, max-age=31536000, immutable", true},
		{"GET", "/favicon.ico", 200, "public, max-age=86400", true},
	} {
		r := raw(t, c.method, f.srv.URL+c.path)
		if r.status != c.status || r.header.Get("Cache-Control") != c.cache {
			t.Errorf("%s %s = %d %q, want %d %q", c.method, c.path, r.status, r.header.Get("Cache-Control"), c.status, c.cache)
		}
		if tagged := r.header.Get("ETag") != ""; tagged != c.tagged {
			t.Errorf("%s %s: ETag %q, want tagged=%v", c.method, c.path, r.header.Get("ETag"), c.tagged)
		}
	}
}

// cssPath reads the stylesheet's address from the home page.
func cssPath(t *testing.T, f *fixture) string {
	t.Helper()
	doc := f.page("/", 200)
	href, _ := doc.Find(`link[rel="stylesheet"]`).Attr("href")
	return href
}

// Templates name the fingerprinted stylesheet, served under no other
// name but its own.
func TestHTTPCache_FingerprintedAssets(t *testing.T) {
	f := newFixture(t)
	css := cssPath(t, f)
	if !strings.HasPrefix(css, "/static/site.") || !strings.HasSuffix(css, ".css") || css == "/static/site.css" {
		t.Fatalf("stylesheet at %q, want a fingerprinted name", css)
	}
	fp := raw(t, "GET", f.srv.URL+css)
	if fp.status != 200 || len(fp.body) < 1000 || !strings.Contains(fp.header.Get("Cache-Control"), "immutable") {
		t.Fatalf("fingerprinted = %d (%d bytes), %q", fp.status, len(fp.body), fp.header.Get("Cache-Control"))
	}
	for _, p := range []string{"/static/site.0000beef.css", "/static/site.css"} {
		if r := raw(t, "GET", f.srv.URL+p); r.status != 404 || r.header.Get("Cache-Control") != "public, max-age=30" {
			t.Errorf("%s = %d %q, want a short-lived 404", p, r.status, r.header.Get("Cache-Control"))
		}
	}
}

// gunzip decodes a gzip body.
func gunzip(t *testing.T, b []byte) []byte {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("not gzip: %v", err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		t.Fatalf("gunzip: %v", err)
	}
	return out
}

// Text is gzipped for clients that take it, with its own tag and the
// right length; small bodies and images are not; Vary says so.
func TestHTTPCache_Gzip(t *testing.T) {
	png := bytes.Repeat([]byte("\x89PNG-not-really"), 400)
	f := newFixture(t, func(o *web.Options) {
		o.Admin = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "image/png")
			w.Write(png)
		})
	})
	seedArticle(f)
	for _, path := range []string{"/", "/api/v1/articles", cssPath(t, f)} {
		u := f.srv.URL + path
		id := raw(t, "GET", u)
		gz := raw(t, "GET", u, "Accept-Encoding", "br;q=0.5, gzip;q=0.8")
		if len(id.body) < 1024 {
			t.Fatalf("%s: %d bytes is too small to test", path, len(id.body))
		}
		if id.header.Get("Content-Encoding") != "" || gz.header.Get("Content-Encoding") != "gzip" {
			t.Fatalf("%s: encodings %q and %q", path, id.header.Get("Content-Encoding"), gz.header.Get("Content-Encoding"))
		}
		if got := gz.header.Get("Content-Length"); got != strconv.Itoa(len(gz.body)) || len(gz.body) >= len(id.body) {
			t.Errorf("%s: Content-Length %s, %d gzipped bytes for %d", path, got, len(gz.body), len(id.body))
		}
		if !bytes.Equal(gunzip(t, gz.body), id.body) {
			t.Errorf("%s: the gzipped body is not the identity one", path)
		}
		for _, r := range []rawResponse{id, gz} {
			if r.header.Get("Vary") != "Accept-Encoding" {
				t.Errorf("%s: Vary %q", path, r.header.Get("Vary"))
			}
		}
		idTag, gzTag := id.header.Get("ETag"), gz.header.Get("ETag")
		if gzTag != strings.TrimSuffix(idTag, `"`)+`-gz"` {
			t.Errorf("%s: ETags %s and %s, want the gzip one marked", path, idTag, gzTag)
		}
		// Each tag revalidates its own representation only.
		if r := raw(t, "GET", u, "Accept-Encoding", "gzip", "If-None-Match", gzTag); r.status != 304 || r.header.Get("ETag") != gzTag {
			t.Errorf("%s: gzip revalidation = %d %q", path, r.status, r.header.Get("ETag"))
		}
		if r := raw(t, "GET", u, "Accept-Encoding", "gzip", "If-None-Match", idTag); r.status != 200 {
			t.Errorf("%s: the identity tag revalidated the gzip variant (%d)", path, r.status)
		}
		if r := raw(t, "GET", u, "If-None-Match", gzTag); r.status != 200 {
			t.Errorf("%s: the gzip tag revalidated the identity variant (%d)", path, r.status)
		}
	}

	// Refused, small, and not text.
	home := f.srv.URL + "/"
	if r := raw(t, "GET", home, "Accept-Encoding", "*, gzip;q=0, br;q=0"); r.header.Get("Content-Encoding") != "" {
		t.Errorf("gzip;q=0, br;q=0 got %q", r.header.Get("Content-Encoding"))
	}
	if r := raw(t, "GET", home, "Accept-Encoding", "*"); r.header.Get("Content-Encoding") != "br" {
		t.Errorf("Accept-Encoding * got %q", r.header.Get("Content-Encoding"))
	}
	small := raw(t, "GET", f.srv.URL+"/api/v1/articles/999999", "Accept-Encoding", "gzip")
	if small.header.Get("Content-Encoding") != "" || !bytes.Contains(small.body, []byte(`"error"`)) {
		t.Errorf("a %d-byte body got %q", len(small.body), small.header.Get("Content-Encoding"))
	}
	img := raw(t, "GET", f.srv.URL+"/admin/photo.png", "Accept-Encoding", "gzip")
	if img.header.Get("Content-Encoding") != "" || img.header.Get("Vary") != "" || !bytes.Equal(img.body, png) {
		t.Errorf("an image got Content-Encoding %q, Vary %q", img.header.Get("Content-Encoding"), img.header.Get("Vary"))
	}
	if r := raw(t, "HEAD", home, "Accept-Encoding", "gzip"); r.header.Get("Content-Encoding") != "gzip" || len(r.body) != 0 {
		t.Errorf("HEAD with gzip: %q, %d bytes", r.header.Get("Content-Encoding"), len(r.body))
	}
}
