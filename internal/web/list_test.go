package web_test

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/internal/model"
)

// seedSection stores n articles in "World" from one source, one a minute
// apart, plus one in another section and one from another source.
func seedSection(f *fixture, n int) (model.Source, []string) {
	src := f.addSource("Harbor Wire")
	var arts []model.Article
	var titles []string
	for i := range n {
		title := fmt.Sprintf("World story %02d", i)
		arts = append(arts, article(title, "World", published.Add(-time.Duration(i)*time.Minute)))
		titles = append(titles, title)
	}
	f.save(src.ID, arts...)
	f.save(src.ID, article("Business story", "Business", published))
	other := f.addSource("Other Wire")
	f.save(other.ID, article("Other world story", "Business", published.Add(time.Hour)))
	return src, titles
}

func TestList_CategoryPages(t *testing.T) {
	f := newFixture(t)
	_, titles := seedSection(f, 25)
	doc := f.page("/category/world", http.StatusOK)
	if got := doc.Find("main h1").Text(); got != "World" {
		t.Errorf("heading = %q", got)
	}
	first := texts(doc.Find("main article h3"))
	if !slices.Equal(first, titles[:20]) {
		t.Fatalf("first page = %q", first)
	}
	older := doc.Find(`nav.pager a:contains("Older articles")`)
	next, ok := older.Attr("href")
	if !ok {
		t.Fatal("no Older articles link on a full page")
	}
	doc = f.page(next, http.StatusOK)
	if got := texts(doc.Find("main article h3")); !slices.Equal(got, titles[20:]) {
		t.Errorf("second page = %q, want %q", got, titles[20:])
	}
	if doc.Find(`nav.pager a:contains("Older articles")`).Length() != 0 {
		t.Error("Older articles link on the last page")
	}
	if got := attrs(doc.Find(`nav.pager a:contains("Newest articles")`), "href"); !slices.Equal(got, []string{"/category/world"}) {
		t.Errorf("link back to the first page = %q", got)
	}
}

func TestList_SourcePage(t *testing.T) {
	f := newFixture(t)
	src, titles := seedSection(f, 3)
	doc := f.page("/source/"+strconv.FormatInt(src.ID, 10), http.StatusOK)
	if got := doc.Find("main h1").Text(); got != "Harbor Wire" {
		t.Errorf("heading = %q", got)
	}
	want := append([]string{"Business story"}, titles...)
	if got := texts(doc.Find("main article h3")); !slices.Equal(got, want) {
		t.Errorf("source page = %q, want %q", got, want)
	}
	if doc.Find("nav.pager").Length() != 0 {
		t.Error("pager on a single page")
	}
}

func TestList_Errors(t *testing.T) {
	f := newFixture(t)
	src, _ := seedSection(f, 2)
	id := strconv.FormatInt(src.ID, 10)
	tests := []struct {
		path   string
		status int
	}{
		{"/category/nowhere", http.StatusNotFound},
		{"/category/world?cursor=not-a-cursor", http.StatusBadRequest},
		{"/category/world?cursor=%00%FF", http.StatusBadRequest},
		{"/source/abc", http.StatusBadRequest},
		{"/source/-4", http.StatusBadRequest},
		{"/source/99999999999999999999", http.StatusBadRequest},
		{"/source/9999", http.StatusNotFound},
		{"/source/" + id + "?cursor=MTIz", http.StatusBadRequest},
	}
	for _, tc := range tests {
		doc := f.page(tc.path, tc.status)
		// Errors render inside the site frame.
		if doc.Find("body > header .site-name").Length() != 1 || doc.Find("main h1").Length() != 1 {
			t.Errorf("%s: error page outside the site frame", tc.path)
		}
	}
}
