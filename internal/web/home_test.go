package web_test

import (
	"fmt"
	"net/http"
	"slices"
	"testing"
	"time"
)

func TestHome_TopStoriesLatestAndSections(t *testing.T) {
	f := newFixture(t)
	src := f.addSource("Harbor Wire")
	for i := range 8 {
		a := article(fmt.Sprintf("Story %d", i), []string{"Business", "Sports"}[i%2], published.Add(-time.Duration(i)*time.Hour))
		if i%3 == 0 { // stories 0, 3 and 6 have pictures
			a.ImageURL = fmt.Sprintf("https://img.example.com/%d.jpg", i)
		}
		f.save(src.ID, a)
	}
	doc := f.page("/", http.StatusOK)

	top := doc.Find(".top-stories article")
	if got := texts(top.Find("h3")); !slices.Equal(got, []string{"Story 0", "Story 3", "Story 6"}) {
		t.Errorf("top stories = %q, want the three with pictures, newest first", got)
	}
	lead := top.First()
	if !lead.HasClass("card-lead") {
		t.Error("first top story is not the large one")
	}
	if _, lazy := lead.Find("img").Attr("loading"); lazy {
		t.Error("the first picture must load at once, not lazily")
	}
	for i, img := range top.Find("img").EachIter() {
		if i == 0 {
			continue
		}
		if v, _ := img.Attr("loading"); v != "lazy" {
			t.Errorf("top story picture %d loading = %q", i, v)
		}
	}
	for _, img := range doc.Find("main img").EachIter() {
		w, _ := img.Attr("width")
		h, _ := img.Attr("height")
		if w == "" || h == "" {
			t.Error("picture without width/height shifts the layout")
		}
	}

	latest := texts(doc.Find(".latest li a.headline"))
	if !slices.Equal(latest, []string{"Story 1", "Story 2", "Story 4", "Story 5", "Story 7"}) {
		t.Errorf("latest = %q, want the rest newest first", latest)
	}

	sections := doc.Find(".category-section")
	if got := texts(sections.Find("h2")); !slices.Equal(got, []string{"Business", "Sports"}) {
		t.Errorf("section headings = %q", got)
	}
	if got := attrs(sections.Find("h2 a"), "href"); !slices.Equal(got, []string{"/category/business", "/category/sports"}) {
		t.Errorf("section links = %q", got)
	}
	business := texts(sections.First().Find("h3"))
	if !slices.Equal(business, []string{"Story 0", "Story 2", "Story 4", "Story 6"}) {
		t.Errorf("business section = %q", business)
	}
}

func TestHome_EmptySiteSaysSo(t *testing.T) {
	f := newFixture(t)
	doc := f.page("/", http.StatusOK)
	if doc.Find(".top-stories, .latest, .category-section").Length() != 0 {
		t.Error("empty sections rendered on an empty site")
	}
	if doc.Find("main .notice").Length() != 1 {
		t.Error("empty site shows no explanation")
	}
	if doc.Find(`nav[aria-label="Sections"]`).Length() != 0 {
		t.Error("section navigation rendered with no sections")
	}
}
