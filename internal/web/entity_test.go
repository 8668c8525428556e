package web_test

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

func TestEntityPage_ListsItsStories(t *testing.T) {
	f := newFixture(t)
	seedStoryWorld(f)
	doc := f.page("/entity/lunmere-bridge", http.StatusOK)
	if got := texts(doc.Find("main h1")); !slices.Equal(got, []string{"Lunmere Bridge"}) {
		t.Errorf("h1 = %q", got)
	}
	if got := texts(doc.Find(".page-head .kicker")); !slices.Equal(got, []string{"Place"}) {
		t.Errorf("kind = %q", got)
	}
	if got := texts(doc.Find(".page-head .intro")); !slices.Equal(got, []string{"Mentioned in 2 articles."}) {
		t.Errorf("intro = %q", got)
	}
	cards := doc.Find(".story-card")
	if got := texts(cards.Find("h3")); !slices.Equal(got, []string{"Storm shuts the old bridge"}) {
		t.Errorf("stories = %q", got)
	}
	if got := attrs(cards.Find("h3 a"), "href"); !slices.Equal(got, []string{"/story/1"}) {
		t.Errorf("story links = %q", got)
	}
	if got := texts(cards.Find(".coverage-count")); !slices.Equal(got, []string{"6 articles from 4 sources"}) {
		t.Errorf("story count = %q", got)
	}

	r := f.get("/entity/evil-script-alert-x-script-corp")
	if r.status != http.StatusOK || strings.Contains(r.body, "<script>alert") {
		t.Errorf("hostile entity page: %d, escaped: %v", r.status, !strings.Contains(r.body, "<script>alert"))
	}
}

func TestEntityPage_MissingAndBadCursor(t *testing.T) {
	f := newFixture(t)
	seedStoryWorld(f)
	for _, path := range []string{"/entity/nobody", "/entity/%3Cscript%3E", "/entity/"} {
		doc := f.page(path, http.StatusNotFound)
		if doc.Find(".error-page").Length() != 1 {
			t.Errorf("GET %s is not the 404 page", path)
		}
	}
	f.page("/entity/lunmere-bridge?cursor=garbage!", http.StatusBadRequest)
}

func TestEntityPage_PagesWithCursor(t *testing.T) {
	f := newFixture(t)
	src := f.addSource("Harbor Wire")
	mention := []store.EntityMention{{Name: "Zofia Castellvi", Kind: model.EntityPerson}}
	var batch []store.StoryAssignment
	const n = 23
	for i := range n {
		a := f.save(src.ID, article(fmt.Sprintf("Castellvi speaks, part %02d", i), "Politics", published.Add(-time.Duration(i)*time.Hour)))[0]
		batch = append(batch, store.StoryAssignment{ArticleID: a.ID, StoryID: int64(100 + i), Entities: mention})
	}
	f.apply(batch...)

	var titles []string
	path := "/entity/zofia-castellvi"
	for range 5 {
		doc := f.page(path, http.StatusOK)
		titles = append(titles, texts(doc.Find(".story-card h3"))...)
		older, ok := doc.Find(`.pager a[rel="next"]`).Attr("href")
		if !ok {
			break
		}
		if doc.Find(".pager a").Length() > 1 == (path == "/entity/zofia-castellvi") {
			t.Errorf("%s: the link back to the first page is shown only after it", path)
		}
		path = older
	}
	if len(titles) != n || titles[0] != "Castellvi speaks, part 00" || titles[n-1] != fmt.Sprintf("Castellvi speaks, part %02d", n-1) {
		t.Errorf("paged stories = %d: %q … %q", len(titles), titles[0], titles[len(titles)-1])
	}
	if got := texts(f.page("/entity/zofia-castellvi", http.StatusOK).Find(".page-head .kicker")); !slices.Equal(got, []string{"Person"}) {
		t.Errorf("kind = %q", got)
	}
}
