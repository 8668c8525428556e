package web_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/web"
)

type apiSearch struct {
	Total  int              `json:"total"`
	Items  []map[string]any `json:"items"`
	Next   *string          `json:"next"`
	Notice string           `json:"notice"`
	Facets *struct {
		Categories []struct {
			Slug  string `json:"slug"`
			Name  string `json:"name"`
			Count int    `json:"count"`
		} `json:"categories"`
		Sources []struct {
			ID    int64  `json:"id"`
			Name  string `json:"name"`
			Count int    `json:"count"`
		} `json:"sources"`
	} `json:"facets"`
}

func titles(res apiSearch) []string {
	var out []string
	for _, it := range res.Items {
		out = append(out, fmt.Sprint(it["title"]))
	}
	return out
}

func TestAPISearch_Shape(t *testing.T) {
	f := newFixture(t)
	wire := f.addSource("Harbor Wire")
	a := article("Storm <hits> the harbor", "Weather", published)
	a.ImageURL = "https://img.example.com/storm.jpg"
	a.ContentText = "Winds closed the harbor overnight & the piers."
	saved := f.save(wire.ID, a, article("Harbor festival", "Arts", published.Add(-time.Hour)))

	var res apiSearch
	f.getJSON("/api/v1/search?q=storm+harbor", http.StatusOK, &res)
	if res.Total != 1 || len(res.Items) != 1 || res.Next != nil || res.Facets != nil || res.Notice != "" {
		t.Fatalf("answer = %+v", res)
	}
	want := map[string]any{
		"id":            float64(saved[0].ID),
		"title":         "Storm <hits> the harbor",
		"title_html":    "<mark>Storm</mark> &lt;hits&gt; the <mark>harbor</mark>",
		"url":           "https://news.example.org/2024/06/21/storm-hits-the-harbor/",
		"path":          "/2024/06/21/storm-hits-the-harbor/",
		"source":        "Harbor Wire",
		"source_id":     float64(wire.ID),
		"category":      "Weather",
		"category_slug": "weather",
		"published_at":  "2024-06-21T14:00:00Z",
		"date":          "June 21, 2024",
		"kind":          "aggregated",
		"snippet":       "Winds closed the <mark>harbor</mark> overnight &amp; the piers.",
		"image":         "https://img.example.com/storm.jpg",
	}
	for k, v := range want {
		if got, ok := res.Items[0][k]; !ok || got != v {
			t.Errorf("%s = %#v (present %v), want %#v", k, got, ok, v)
		}
	}

	f.getJSON("/api/v1/search?q=harbor&facets=1", http.StatusOK, &res)
	if res.Total != 2 || res.Facets == nil || len(res.Facets.Categories) != 2 || len(res.Facets.Sources) != 1 {
		t.Fatalf("facets answer = %+v", res)
	}
	if s := res.Facets.Sources[0]; s.ID != wire.ID || s.Name != "Harbor Wire" || s.Count != 2 {
		t.Errorf("source facet = %+v", s)
	}
	for _, c := range res.Facets.Categories {
		if c.Count != 1 || (c.Slug != "weather" && c.Slug != "arts") || c.Name == "" {
			t.Errorf("category facet = %+v", c)
		}
	}
	f.getJSON("/api/v1/search?q=harbor&facets=1&category=arts", http.StatusOK, &res)
	if res.Total != 1 || len(res.Facets.Categories) != 2 {
		t.Errorf("a category filter must not narrow the category facet: %+v", res.Facets)
	}
}

func TestAPISearch_PagingAndLimits(t *testing.T) {
	f := newFixture(t)
	src := f.addSource("Harbor Wire")
	var arts []model.Article
	for i := range 45 {
		arts = append(arts, article(fmt.Sprintf("Tide report %02d", i), "Local", published.Add(-time.Duration(i)*time.Minute)))
	}
	f.save(src.ID, arts...)

	var res apiSearch
	f.getJSON("/api/v1/search?q=tide", http.StatusOK, &res)
	if len(res.Items) != 20 || res.Total != 45 || res.Next == nil {
		t.Fatalf("default page: %d items of %d, next %v", len(res.Items), res.Total, res.Next)
	}
	f.getJSON("/api/v1/search?q=tide&limit=1000", http.StatusOK, &res)
	if len(res.Items) != 45 || res.Next != nil {
		t.Errorf("limit=1000: %d items, next %v", len(res.Items), res.Next)
	}
	seen := map[string]bool{}
	path := "/api/v1/search?q=tide&sort=newest&limit=20"
	for pages := 1; ; pages++ {
		if pages > 5 {
			t.Fatal("paging does not end")
		}
		f.getJSON(path, http.StatusOK, &res)
		for _, title := range titles(res) {
			if seen[title] {
				t.Errorf("%q repeated", title)
			}
			seen[title] = true
		}
		if res.Next == nil {
			break
		}
		path = "/api/v1/search?q=tide&sort=newest&limit=20&cursor=" + *res.Next
	}
	if len(seen) != 45 {
		t.Errorf("paged through %d results, want 45", len(seen))
	}
	f.getJSON("/api/v1/search?q=tide&sort=newest&limit=10&page=5", http.StatusOK, &res)
	if got := titles(res); len(got) != 5 || got[0] != "Tide report 40" {
		t.Errorf("page=5 of 10: %q", got)
	}
}

func TestAPISearch_LivePrefix(t *testing.T) {
	f := newFixture(t)
	src := f.addSource("Harbor Wire")
	f.save(src.ID,
		article("Harbor ferry returns", "Local", published),
		article("Ferry harbor works", "Local", published.Add(-time.Hour)),
		article("Harbinger of spring", "Local", published.Add(-2*time.Hour)))
	tests := []struct {
		query string
		want  []string
	}{
		{"q=harb", nil}, // a whole word unless typing
		{"q=harb&live=1", []string{"Harbor ferry returns", "Ferry harbor works", "Harbinger of spring"}},
		{"q=harb+&live=1", nil}, // a space ends the word
		{"q=ferry+harbo&live=1", []string{"Harbor ferry returns", "Ferry harbor works"}},
		{"q=harbor+fer&live=1&exact=1", []string{"Harbor ferry returns"}}, // the phrase, its last word a prefix
		{"q=harbor+fer&exact=1", nil},
		{"q=HÄRB&live=1&in=title", []string{"Harbor ferry returns", "Ferry harbor works", "Harbinger of spring"}},
	}
	for _, tc := range tests {
		var res apiSearch
		f.getJSON("/api/v1/search?sort=newest&"+tc.query, http.StatusOK, &res)
		if got := titles(res); !slices.Equal(got, tc.want) {
			t.Errorf("%s: %q, want %q", tc.query, got, tc.want)
		}
	}
	var res apiSearch
	f.getJSON("/api/v1/search?q=harb&live=1&limit=8&sort=newest", http.StatusOK, &res)
	if got := res.Items[0]["title_html"]; got != "<mark>Harbor</mark> ferry returns" {
		t.Errorf("a prefix marks the whole word: %q", got)
	}
}

func TestAPISearch_Errors(t *testing.T) {
	f := newFixture(t)
	src := f.addSource("Harbor Wire")
	f.save(src.ID, article("Harbor ferry returns", "Local", published))
	for _, q := range []string{
		"", "q=", "q=+++", "q=harbor&live=2", "q=harbor&facets=yes", "q=harbor&limit=0", "q=harbor&limit=abc",
		"q=harbor&cursor=garbage", "q=harbor&cursor=1", "q=harbor&cursor=99999", "q=harbor&limit=100&page=102",
	} {
		var body map[string]string
		f.getJSON("/api/v1/search?"+q, http.StatusBadRequest, &body)
		if body["error"] == "" || len(body) != 1 {
			t.Errorf("%s: error body = %v", q, body)
		}
	}
}

// searchHandler is the site with a search limit, called directly so each
// request can come from an address of the test's choosing.
func searchHandler(t *testing.T, limit web.RateLimit) http.Handler {
	t.Helper()
	f := newFixture(t)
	src := f.addSource("Harbor Wire")
	f.save(src.ID, article("Harbor ferry returns", "Local", published))
	h, err := web.New(web.Options{Site: testSettings(), Store: f.store, Now: func() time.Time { return testNow }, SearchLimit: limit})
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func serveFrom(h http.Handler, addr, path string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodGet, path, nil)
	req.RemoteAddr = addr
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func TestSearchRateLimit_PerClient429(t *testing.T) {
	// One search an hour after a burst of three: no refill during the test.
	h := searchHandler(t, web.RateLimit{Rate: 1.0 / 3600, Burst: 3})
	const client = "192.0.2.10:50000"
	for i := range 3 {
		// The page and the API draw on the same bucket.
		path := []string{"/api/v1/search?q=harbor", "/search?q=harbor", "/api/v1/search?q=ferry&live=1"}[i]
		if rec := serveFrom(h, client, path); rec.Code != http.StatusOK {
			t.Fatalf("request %d (%s) = %d within the burst", i+1, path, rec.Code)
		}
	}
	rec := serveFrom(h, client, "/api/v1/search?q=harbor")
	if rec.Code != http.StatusTooManyRequests {
		t.Fatalf("fourth search = %d, want 429", rec.Code)
	}
	secs, err := strconv.Atoi(rec.Header().Get("Retry-After"))
	if err != nil || secs < 3000 || secs > 3600 {
		t.Errorf("Retry-After = %q, want the hour until the next token", rec.Header().Get("Retry-After"))
	}
	var body map[string]string
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil || !strings.Contains(body["error"], "Too many searches") {
		t.Errorf("429 body = %q", rec.Body.String())
	}
	page := serveFrom(h, "192.0.2.10:50001", "/search?q=harbor") // another connection, same client
	if page.Code != http.StatusTooManyRequests || page.Header().Get("Retry-After") == "" ||
		!strings.Contains(page.Body.String(), "Too many searches") || !strings.HasPrefix(page.Header().Get("Content-Type"), "text/html") {
		t.Errorf("page 429 = %d %q", page.Code, page.Header())
	}

	// Other clients, and the rest of the site, are not held back.
	if rec := serveFrom(h, "192.0.2.11:50000", "/api/v1/search?q=harbor"); rec.Code != http.StatusOK {
		t.Errorf("another client = %d", rec.Code)
	}
	if rec := serveFrom(h, client, "/api/v1/articles"); rec.Code != http.StatusOK {
		t.Errorf("articles API for the limited client = %d", rec.Code)
	}
	// No forwarding header is trusted: it cannot buy a fresh bucket.
	req := httptest.NewRequest(http.MethodGet, "/api/v1/search?q=harbor", nil)
	req.RemoteAddr = client
	req.Header.Set("X-Forwarded-For", "198.51.100.7")
	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusTooManyRequests {
		t.Errorf("X-Forwarded-For escaped the limit: %d", rec.Code)
	}
	// An IPv6 client is its /64: another address in it shares the bucket.
	v6 := "[2001:db8:1:2::10]:443"
	for range 3 {
		serveFrom(h, v6, "/api/v1/search?q=harbor")
	}
	if rec := serveFrom(h, "[2001:db8:1:2:ffff::1]:443", "/api/v1/search?q=harbor"); rec.Code != http.StatusTooManyRequests {
		t.Errorf("another address of the same /64 = %d, want 429", rec.Code)
	}
	if rec := serveFrom(h, "[2001:db8:1:3::10]:443", "/api/v1/search?q=harbor"); rec.Code != http.StatusOK {
		t.Errorf("another /64 = %d, want 200", rec.Code)
	}
}

func TestSearchRateLimit_Options(t *testing.T) {
	st := newFixture(t).store
	for _, bad := range []web.RateLimit{{Rate: 5}, {Burst: 5}, {Rate: 5, Burst: -1}} {
		if _, err := web.New(web.Options{Site: testSettings(), Store: st, SearchLimit: bad}); err == nil {
			t.Errorf("SearchLimit %+v accepted", bad)
		}
	}
	// Turned off: a long run of searches from one client all pass.
	h := searchHandler(t, web.RateLimit{Rate: -1})
	for i := range 100 {
		if rec := serveFrom(h, "192.0.2.10:1", "/api/v1/search?q=harbor"); rec.Code != http.StatusOK {
			t.Fatalf("search %d = %d with the limit off", i, rec.Code)
		}
	}
}
