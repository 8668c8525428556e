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

func TestCuration_HiddenArticleLeavesThePublicSite(t *testing.T) {
	f := newFixture(t)
	src := f.addSource("Wire")
	other := f.addSource("Ledger")
	gone := f.save(src.ID, article("Ferry strike ends at dawn", "World", published))[0]
	kept := f.save(other.ID, article("Harbor fair opens", "World", published.Add(-time.Hour)))[0]
	f.apply(store.StoryAssignment{ArticleID: gone.ID, StoryID: 5}, store.StoryAssignment{ArticleID: kept.ID, StoryID: 5})
	if err := f.store.SetArticleHidden(t.Context(), gone.ID, true); err != nil {
		t.Fatal(err)
	}
	if r := f.get(permalink(gone)); r.status != http.StatusNotFound {
		t.Errorf("hidden article's page = %d, want 404", r.status)
	}
	id := fmt.Sprint(gone.ID)
	for _, path := range []string{"/api/v1/articles/" + id, "/api/v1/articles/" + id + "/comments"} {
		if r := f.get(path); r.status != http.StatusNotFound {
			t.Errorf("GET %s = %d, want 404", path, r.status)
		}
	}
	for _, path := range []string{"/", "/category/world", fmt.Sprintf("/source/%d", src.ID), "/search?q=ferry",
		"/api/v1/articles", "/api/v1/search?q=ferry", "/story/5", "/story/5/feed.rss", "/api/v1/stories/5", "/api/v1/stories"} {
		r := f.get(path)
		if r.status != http.StatusOK && r.status != http.StatusNotFound {
			t.Errorf("GET %s = %d", path, r.status)
		}
		if strings.Contains(r.body, "ends at dawn") {
			t.Errorf("GET %s still shows the hidden article", path)
		}
	}
	if r := f.get("/story/5"); !strings.Contains(r.body, "Harbor fair opens") {
		t.Errorf("the story page lost its visible article (status %d)", r.status)
	}
	if err := f.store.SetArticleHidden(t.Context(), gone.ID, false); err != nil {
		t.Fatal(err)
	}
	f.page(permalink(gone), http.StatusOK)
	if r := f.get("/search?q=ferry"); !strings.Contains(r.body, "ends at dawn") {
		t.Error("search does not find the article shown again")
	}
}

func TestCuration_HiddenStoryIsNotFound(t *testing.T) {
	f := newFixture(t)
	a, b := f.addSource("Wire"), f.addSource("Ledger")
	x := f.save(a.ID, article("Bridge closes for repairs", "World", published))[0]
	y := f.save(b.ID, article("Bridge repairs begin", "World", published.Add(-time.Hour)))[0]
	f.apply(store.StoryAssignment{ArticleID: x.ID, StoryID: 8}, store.StoryAssignment{ArticleID: y.ID, StoryID: 8})
	f.page("/story/8", http.StatusOK)
	if err := f.store.SetStoryHidden(t.Context(), 8, true); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/story/8", "/api/v1/stories/8", "/story/8/feed.rss"} {
		if r := f.get(path); r.status != http.StatusNotFound {
			t.Errorf("GET %s = %d, want 404 for a hidden story", path, r.status)
		}
	}
	if r := f.get("/api/v1/stories"); strings.Contains(r.body, `"id":8`) || strings.Contains(r.body, `"id": 8`) {
		t.Error("/api/v1/stories lists the hidden story")
	}
	if got := attrs(f.page("/", http.StatusOK).Find(".coverage-link a"), "href"); slices.Contains(got, "/story/8") {
		t.Errorf("home links the hidden story: %q", got)
	}
}

func TestHome_PinnedStoriesFirstAndEditorsPicks(t *testing.T) {
	f := newFixture(t)
	var srcs []model.Source
	for i := range 3 {
		srcs = append(srcs, f.addSource(fmt.Sprintf("Outlet %d", i)))
	}
	var batch []store.StoryAssignment
	// Story 1: three outlets, fresh: the top story by weight. Story 2:
	// one outlet, four days old: no top story by itself.
	for i := range 3 {
		a := f.save(srcs[i].ID, article(fmt.Sprintf("Storm report %d", i), "World", published.Add(-time.Duration(i)*time.Minute)))[0]
		batch = append(batch, store.StoryAssignment{ArticleID: a.ID, StoryID: 1})
	}
	old := f.save(srcs[0].ID, article("Council vote recount", "Politics", published.Add(-96*time.Hour)))[0]
	batch = append(batch, store.StoryAssignment{ArticleID: old.ID, StoryID: 2})
	f.apply(batch...)
	pick := f.save(srcs[1].ID, article("A long read on lighthouses", "Culture", published.Add(-48*time.Hour)))[0]

	doc := f.page("/", http.StatusOK)
	if got := texts(doc.Find(".top-stories article h3")); len(got) == 0 || !strings.HasPrefix(got[0], "Storm report") {
		t.Fatalf("top stories before pinning = %q", got)
	}
	if doc.Find(".featured").Length() != 0 {
		t.Error("a Featured section with nothing featured")
	}
	ctx := t.Context()
	if err := f.store.PinStory(ctx, 2, testNow); err != nil {
		t.Fatal(err)
	}
	if err := f.store.SetArticleFeatured(ctx, pick.ID, true, testNow); err != nil {
		t.Fatal(err)
	}
	doc = f.page("/", http.StatusOK)
	top := doc.Find(".top-stories article")
	if got := texts(top.Find("h3")); len(got) < 2 || got[0] != "Council vote recount" || !strings.HasPrefix(got[1], "Storm report") {
		t.Errorf("top stories after pinning story 2 = %q, want it first", got)
	}
	featured := doc.Find(".featured")
	if h := texts(featured.Find("h2")); !slices.Equal(h, []string{"Featured"}) {
		t.Errorf("featured heading = %q", h)
	}
	if got := attrs(featured.Find("h3 a"), "href"); !slices.Equal(got, []string{permalink(pick)}) {
		t.Errorf("featured links = %q, want the pick %q", got, permalink(pick))
	}
}
