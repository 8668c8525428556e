package demo

import (
	"bytes"
	"encoding/json"
	"html"
	"image"
	_ "image/jpeg"
	_ "image/png"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"
)

var (
	reH1        = regexp.MustCompile(`(?s)<h1[^>]*>(.*?)</h1>`)
	reTime      = regexp.MustCompile(`<time datetime="([^"]+)"`)
	reCanonical = regexp.MustCompile(`<link rel="canonical" href="([^"]+)"`)
	reOGImage   = regexp.MustCompile(`<meta property="og:image" content="([^"]+)"`)
	reFigImg    = regexp.MustCompile(`(?s)<figure[^>]*>\s*<img src="([^"]+)"`)
	reCaption   = regexp.MustCompile(`(?s)<figcaption>(.*?)</figcaption>`)
	reLD        = regexp.MustCompile(`(?s)<script type="application/ld\+json">(.*?)</script>`)
	reTags      = regexp.MustCompile(`<[^>]+>`)
	reAlternate = regexp.MustCompile(`<link rel="alternate" type="application/rss\+xml" title="[^"]*" href="([^"]+)"`)
)

func submatch(t *testing.T, re *regexp.Regexp, page []byte, what string) string {
	t.Helper()
	m := re.FindSubmatch(page)
	if m == nil {
		t.Fatalf("page has no %s", what)
	}
	return string(m[1])
}

func TestArticlePage_Anatomy(t *testing.T) {
	w := shared()
	srv := serve(t, w)
	for _, arts := range articlesByOutlet(w) {
		for _, a := range []Article{arts[0], arts[len(arts)/2], arts[len(arts)-1]} {
			t.Run(a.Path, func(t *testing.T) { checkArticlePage(t, srv, a) })
		}
	}
}

func checkArticlePage(t *testing.T, srv *httptest.Server, a Article) {
	base := srv.URL
	resp := mustGet(t, srv, base+a.Path)
	page := resp.body
	if ct := resp.header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	if got := html.UnescapeString(submatch(t, reH1, page, "h1")); got != a.Title {
		t.Errorf("h1 %q, want %q", got, a.Title)
	}
	if got, _ := time.Parse(time.RFC3339, submatch(t, reTime, page, "time")); !got.Equal(a.Published) {
		t.Errorf("time %v, want %v", got, a.Published)
	}
	if got := submatch(t, reCanonical, page, "canonical link"); got != base+a.Path {
		t.Errorf("canonical %q", got)
	}
	img := submatch(t, reFigImg, page, "figure image")
	if og := submatch(t, reOGImage, page, "og:image"); og != img || img != base+a.ImagePath {
		t.Errorf("og:image %q, figure %q, want %q", og, img, base+a.ImagePath)
	}
	caption := html.UnescapeString(reTags.ReplaceAllString(submatch(t, reCaption, page, "figcaption"), ""))
	if !strings.Contains(caption, "Photo: "+a.ImageCredit) || !strings.Contains(caption, a.Caption) {
		t.Errorf("figcaption %q lacks the caption %q or credit %q", caption, a.Caption, a.ImageCredit)
	}
	text := html.UnescapeString(string(page))
	for _, p := range a.Paragraphs {
		if !strings.Contains(text, "<p>"+p+"</p>") {
			t.Errorf("page lacks paragraph %q", p)
		}
	}
	var ld struct {
		Type     string `json:"@type"`
		Headline string `json:"headline"`
		Image    struct {
			URL        string `json:"url"`
			CreditText string `json:"creditText"`
		} `json:"image"`
	}
	if err := json.Unmarshal([]byte(submatch(t, reLD, page, "JSON-LD")), &ld); err != nil {
		t.Fatalf("JSON-LD: %v", err)
	}
	if ld.Type != "NewsArticle" || ld.Headline != a.Title || ld.Image.URL != img || ld.Image.CreditText != a.ImageCredit {
		t.Errorf("JSON-LD %+v does not describe the article", ld)
	}
	checkImage(t, srv, img)
}

func checkImage(t *testing.T, srv *httptest.Server, url string) {
	t.Helper()
	resp := mustGet(t, srv, url)
	if ct := resp.header.Get("Content-Type"); ct != "image/png" {
		t.Errorf("image Content-Type %q", ct)
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(resp.body))
	if err != nil {
		t.Fatalf("image %s does not decode: %v", url, err)
	}
	if format != "png" || cfg.Width != imageWidth || cfg.Height != imageHeight {
		t.Errorf("image %s is %s %dx%d", url, format, cfg.Width, cfg.Height)
	}
	if _, _, err := image.Decode(bytes.NewReader(resp.body)); err != nil {
		t.Errorf("image %s pixels do not decode: %v", url, err)
	}
}

func TestHomePage_DiscoversFeed(t *testing.T) {
	w := shared()
	srv := serve(t, w)
	for _, o := range w.Outlets() {
		if !o.Discovery {
			continue
		}
		page := mustGet(t, srv, srv.URL+o.FeedPath).body
		feed := submatch(t, reAlternate, page, `<link rel="alternate"> to the feed`)
		if feed == srv.URL+o.FeedPath || !strings.HasPrefix(feed, srv.URL+"/") {
			t.Fatalf("alternate link %q", feed)
		}
		items := parseRSS(t, mustGet(t, srv, feed).body)
		if len(items) != len(articlesByOutlet(w)[o.Slug]) {
			t.Errorf("discovered feed has %d items", len(items))
		}
	}
}

func TestHandler_Routes(t *testing.T) {
	w := shared()
	srv := serve(t, w)
	a := w.Articles()[0]
	tests := []struct {
		name, method, path string
		want               int
	}{
		{"index", http.MethodGet, "/", http.StatusOK},
		{"home without slash redirects", http.MethodGet, "/harbor-ledger", http.StatusOK},
		{"head of a feed", http.MethodHead, "/meridian-daily/atom.xml", http.StatusOK},
		{"post refused", http.MethodPost, a.Path, http.StatusMethodNotAllowed},
		{"unknown article", http.MethodGet, "/harbor-ledger/2024/01/01/nothing.html", http.StatusNotFound},
		{"unknown outlet", http.MethodGet, "/no-such-paper/", http.StatusNotFound},
		{"unknown image", http.MethodGet, "/images/zzz.png", http.StatusNotFound},
		{"image traversal", http.MethodGet, "/images/../harbor-ledger/feed.xml", http.StatusNotFound},
		{"empty image name", http.MethodGet, "/images/", http.StatusNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, err := http.NewRequest(tt.method, srv.URL+tt.path, nil)
			if err != nil {
				t.Fatal(err)
			}
			// Keep the path as written so the handler sees it raw.
			req.URL.Opaque = tt.path
			resp, err := srv.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != tt.want {
				t.Errorf("%s %s: %d, want %d", tt.method, tt.path, resp.StatusCode, tt.want)
			}
		})
	}
}

func TestHandler_ConditionalGet(t *testing.T) {
	w := shared()
	srv := serve(t, w)
	first := mustGet(t, srv, srv.URL+"/valley-courier/feed.json")
	etag := first.header.Get("ETag")
	if etag == "" {
		t.Fatal("feed has no ETag")
	}
	req, _ := http.NewRequest(http.MethodGet, srv.URL+"/valley-courier/feed.json", nil)
	req.Header.Set("If-None-Match", etag)
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotModified {
		t.Errorf("conditional GET: %d, want 304", resp.StatusCode)
	}
}
