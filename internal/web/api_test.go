package web_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/internal/model"
)

// getJSON fetches an API path, checks status and content type, and decodes.
func (f *fixture) getJSON(path string, wantStatus int, into any) {
	f.t.Helper()
	r := f.get(path)
	if r.status != wantStatus {
		f.t.Fatalf("GET %s = %d, want %d: %s", path, r.status, wantStatus, r.body)
	}
	if ct := r.header.Get("Content-Type"); ct != "application/json; charset=utf-8" {
		f.t.Fatalf("GET %s Content-Type = %q", path, ct)
	}
	if err := json.Unmarshal([]byte(r.body), into); err != nil {
		f.t.Fatalf("GET %s: decode %q: %v", path, r.body, err)
	}
}

type apiList struct {
	Items []map[string]any `json:"items"`
	Next  *string          `json:"next"`
}

// seedMany stores n articles one minute apart, newest first by index.
func seedMany(f *fixture, sourceID int64, category string, n int) {
	var arts []model.Article
	for i := range n {
		arts = append(arts, article(fmt.Sprintf("%s item %03d", category, i), category, published.Add(-time.Duration(i)*time.Minute)))
	}
	f.save(sourceID, arts...)
}

func TestAPI_ArticleShape(t *testing.T) {
	f := newFixture(t)
	a := seedArticle(f)
	var list apiList
	f.getJSON("/api/v1/articles?limit=1", http.StatusOK, &list)
	if len(list.Items) != 1 || list.Next == nil {
		t.Fatalf("limit=1 gave %d items, next %v", len(list.Items), list.Next)
	}
	got := list.Items[0]
	want := map[string]any{
		"id":            float64(a.ID),
		"url":           "https://news.example.org/2024/06/21/storm-hits-the-coast/",
		"original_url":  a.URL,
		"title":         "Storm hits the coast",
		"excerpt":       a.Excerpt,
		"published_at":  "2024-06-21T14:00:00Z",
		"source":        "Harbor Wire",
		"source_id":     float64(a.SourceID),
		"category":      "Weather",
		"category_slug": "weather",
		"image":         a.ImageURL,
		"image_credit":  "Jane Doe / Harbor Photos",
		"credit":        "Harbor Wire Service",
		"story_id":      nil,
		"dup_of":        nil,
		"byline":        "Sam Reporter",
		"kind":          "aggregated",
	}
	for k, v := range want {
		if gv, ok := got[k]; !ok || gv != v {
			t.Errorf("%s = %#v (present %v), want %#v", k, gv, ok, v)
		}
	}
	if _, ok := got["content_html"]; ok {
		t.Error("list items carry bodies")
	}

	var one map[string]any
	f.getJSON("/api/v1/articles/"+strconv.FormatInt(a.ID, 10), http.StatusOK, &one)
	if one["content_html"] != a.ContentHTML || one["title"] != a.Title || one["story_id"] != nil {
		t.Errorf("single article = %v", one)
	}
}

func TestAPI_ArticlesPagingAndLimits(t *testing.T) {
	f := newFixture(t)
	src := f.addSource("Harbor Wire")
	seedMany(f, src.ID, "World", 130)

	var list apiList
	f.getJSON("/api/v1/articles", http.StatusOK, &list)
	if len(list.Items) != 20 || list.Next == nil {
		t.Errorf("default page: %d items, next %v", len(list.Items), list.Next)
	}
	f.getJSON("/api/v1/articles?limit=1000", http.StatusOK, &list)
	if len(list.Items) != 100 {
		t.Errorf("limit=1000 gave %d items, want the maximum 100", len(list.Items))
	}

	seen := map[float64]bool{}
	path := "/api/v1/articles?limit=50"
	for pages := 0; ; pages++ {
		if pages > 5 {
			t.Fatal("cursor paging does not end")
		}
		var page apiList
		f.getJSON(path, http.StatusOK, &page)
		for _, it := range page.Items {
			id := it["id"].(float64)
			if seen[id] {
				t.Errorf("article %v repeated", id)
			}
			seen[id] = true
		}
		if page.Next == nil {
			break
		}
		path = "/api/v1/articles?limit=50&cursor=" + *page.Next
	}
	if len(seen) != 130 {
		t.Errorf("paged through %d articles, want 130", len(seen))
	}
}

func TestAPI_ArticleFilters(t *testing.T) {
	f := newFixture(t)
	a := f.addSource("Harbor Wire")
	b := f.addSource("Valley Times")
	seedMany(f, a.ID, "World", 3)
	seedMany(f, b.ID, "Sports", 2)
	var list apiList
	f.getJSON("/api/v1/articles?category=sports", http.StatusOK, &list)
	if got := field(list, "category"); !slices.Equal(got, []string{"Sports", "Sports"}) {
		t.Errorf("category=sports: %q", got)
	}
	f.getJSON("/api/v1/articles?source="+strconv.FormatInt(a.ID, 10), http.StatusOK, &list)
	if got := field(list, "source"); !slices.Equal(got, []string{"Harbor Wire", "Harbor Wire", "Harbor Wire"}) {
		t.Errorf("source filter: %q", got)
	}
	if list.Next != nil {
		t.Errorf("last page next = %q, want null", *list.Next)
	}
}

func field(l apiList, key string) []string {
	var out []string
	for _, it := range l.Items {
		out = append(out, fmt.Sprint(it[key]))
	}
	return out
}

func TestAPI_Errors(t *testing.T) {
	f := newFixture(t)
	src := f.addSource("Harbor Wire")
	seedMany(f, src.ID, "World", 2)
	tests := []struct {
		path   string
		status int
	}{
		{"/api/v1/articles?limit=abc", http.StatusBadRequest},
		{"/api/v1/articles?limit=0", http.StatusBadRequest},
		{"/api/v1/articles?limit=-5", http.StatusBadRequest},
		{"/api/v1/articles?limit=1.5", http.StatusBadRequest},
		{"/api/v1/articles?cursor=garbage", http.StatusBadRequest},
		{"/api/v1/articles?source=abc", http.StatusBadRequest},
		{"/api/v1/articles?source=999", http.StatusNotFound},
		{"/api/v1/articles?category=nowhere", http.StatusNotFound},
		{"/api/v1/articles/abc", http.StatusBadRequest},
		{"/api/v1/articles/0", http.StatusBadRequest},
		{"/api/v1/articles/424242", http.StatusNotFound},
		{"/api/v1/nothing-here", http.StatusNotFound},
		{"/api/v1/a/b/c/", http.StatusNotFound},
	}
	for _, tc := range tests {
		var body map[string]string
		f.getJSON(tc.path, tc.status, &body)
		if body["error"] == "" || len(body) != 1 {
			t.Errorf("%s: error body = %v", tc.path, body)
		}
	}
}

func TestAPI_CategoriesAndSources(t *testing.T) {
	f := newFixture(t)
	src := f.addSource("Harbor Wire")
	f.addSource("Quiet Feed")
	seedMany(f, src.ID, "World", 2)

	var cats apiList
	f.getJSON("/api/v1/categories", http.StatusOK, &cats)
	if len(cats.Items) != 1 || cats.Next != nil {
		t.Fatalf("categories = %+v", cats)
	}
	c := cats.Items[0]
	if c["name"] != "World" || c["slug"] != "world" || c["articles"] != float64(2) ||
		c["url"] != "https://news.example.org/category/world" || c["id"] == nil {
		t.Errorf("category = %v", c)
	}

	var srcs apiList
	f.getJSON("/api/v1/sources", http.StatusOK, &srcs)
	if got := field(srcs, "name"); !slices.Equal(got, []string{"Harbor Wire", "Quiet Feed"}) {
		t.Fatalf("sources = %q", got)
	}
	s := srcs.Items[0]
	if s["id"] != float64(src.ID) || s["feed_url"] != src.FeedURL || s["site_url"] != src.SiteURL ||
		s["articles"] != float64(2) || s["category"] != "" || s["extract"] != "auto" || s["interval_seconds"] != float64(0) {
		t.Errorf("source = %v", s)
	}
	state, _ := s["state"].(map[string]any)
	if state["status"] != "never fetched" {
		t.Errorf("source state = %v", s["state"])
	}
}

func TestAPI_EmptyListsAreArrays(t *testing.T) {
	f := newFixture(t)
	for _, path := range []string{"/api/v1/articles", "/api/v1/categories", "/api/v1/sources"} {
		r := f.get(path)
		if r.status != http.StatusOK || r.body != "{\"items\":[],\"next\":null}\n" {
			t.Errorf("%s = %d %q", path, r.status, r.body)
		}
	}
}
