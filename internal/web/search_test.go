package web_test

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/internal/model"
)

func TestSearch_EmptyQueryPrompts(t *testing.T) {
	f := newFixture(t)
	for _, path := range []string{"/search", "/search?q=", "/search?q=+++"} {
		doc := f.page(path, http.StatusOK)
		if doc.Find("main .notice").Length() != 1 || doc.Find("main article").Length() != 0 {
			t.Errorf("%s: want a prompt and no results", path)
		}
		if _, alert := doc.Find("main .notice").Attr("role"); alert {
			t.Errorf("%s: an empty search is not an error", path)
		}
	}
}

func TestSearch_FindsAllWordsWithDetails(t *testing.T) {
	f := newFixture(t)
	src := f.addSource("Harbor Wire")
	f.save(src.ID,
		article("Harbor bridge reopens", "Local", published),
		article("Bridge tolls rise", "Local", published.Add(-time.Hour)),
		article("Harbor festival", "Arts", published.Add(-2*time.Hour)))
	doc := f.page("/search?q=HARBOR+bridge", http.StatusOK)
	results := doc.Find("main .results article")
	if got := texts(results.Find("h3")); !slices.Equal(got, []string{"Harbor bridge reopens"}) {
		t.Fatalf("results = %q", got)
	}
	if !strings.Contains(doc.Find(".result-count").Text(), "1 result") {
		t.Errorf("count = %q", doc.Find(".result-count").Text())
	}
	if href, _ := results.Find("h3 a").Attr("href"); href != "/2024/06/21/harbor-bridge-reopens/" {
		t.Errorf("result link = %q", href)
	}
	if results.Find(".source").Text() != "Harbor Wire" || results.Find("time").Length() != 1 ||
		results.Find(".excerpt").Text() != "What happened: Harbor bridge reopens" {
		t.Errorf("result details = %q", results.Text())
	}
	doc = f.page("/search?q=nothing+matches", http.StatusOK)
	if doc.Find("main article").Length() != 0 || !strings.Contains(doc.Find(".result-count").Text(), "0 results") {
		t.Errorf("no-match page = %q", doc.Find("main").Text())
	}
}

func TestSearch_Pages(t *testing.T) {
	f := newFixture(t)
	src := f.addSource("Harbor Wire")
	var arts []model.Article
	for i := range 45 {
		arts = append(arts, article(fmt.Sprintf("Tide report %02d", i), "Local", published.Add(-time.Duration(i)*time.Minute)))
	}
	f.save(src.ID, arts...)
	seen := map[string]bool{}
	path := "/search?q=tide&exact=1"
	for page := 1; path != ""; page++ {
		doc := f.page(path, http.StatusOK)
		got := texts(doc.Find("main .results h3"))
		for _, title := range got {
			if seen[title] {
				t.Errorf("page %d repeats %q", page, title)
			}
			seen[title] = true
		}
		next, _ := doc.Find(`nav.pager a[rel="next"]`).Attr("href")
		if next != "" {
			u, err := url.Parse(next)
			if err != nil || u.Query().Get("exact") != "1" || u.Query().Get("page") != fmt.Sprint(page+1) {
				t.Errorf("next link %q lost the parameters", next)
			}
		}
		path = next
		if page > 5 {
			t.Fatal("pagination does not end")
		}
	}
	if len(seen) != 45 {
		t.Errorf("paged through %d results, want 45", len(seen))
	}
}

func TestSearch_BadInput(t *testing.T) {
	f := newFixture(t)
	src := f.addSource("Harbor Wire")
	f.save(src.ID, article("100% sure: it's \"done\"", "Local", published))
	tests := []struct {
		query  string
		status int
	}{
		{"q=" + strings.Repeat("a", 201), http.StatusBadRequest},
		{"q=" + strings.Repeat("é", 200), http.StatusOK}, // characters, not bytes
		{"q=tide&page=abc", http.StatusBadRequest},
		{"q=tide&page=0", http.StatusBadRequest},
		{"q=tide&page=100000", http.StatusBadRequest},
		{"q=%25", http.StatusOK},
		{"q=%22done%22", http.StatusOK},
		{"q=it%27s+OR+1%3D1", http.StatusOK},
		{"q=%3Cscript%3E", http.StatusOK},
		{"q=%5C%5F", http.StatusOK},
	}
	for _, tc := range tests {
		doc := f.page("/search?"+tc.query, tc.status)
		if tc.status == http.StatusBadRequest && doc.Find(`main [role="alert"]`).Length() != 1 {
			t.Errorf("%s: no explanation of the error", tc.query)
		}
	}
	doc := f.page("/search?q=100%25", http.StatusOK)
	if doc.Find("main .results article").Length() != 1 {
		t.Error("a literal % does not find the article that holds it")
	}
}
