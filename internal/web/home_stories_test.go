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

func TestHome_TopStoriesRankedBySourcesAndRecency(t *testing.T) {
	f := newFixture(t)
	var srcs []model.Source
	for i := range 6 {
		srcs = append(srcs, f.addSource(fmt.Sprintf("Outlet %d", i)))
	}
	// Weights at the site's clock, 12.5 hours after published: story 10,
	// six outlets whose latest article is 36.5 hours old: 6 × 2^(-36.5/12)
	// ≈ 0.73; story 20, three outlets 13.5 hours ago: ≈ 1.37; story 30,
	// four outlets of which three republish one text, 12.5 hours ago:
	// (1 + 3 × 0.5) × 2^(-12.5/12) ≈ 1.21; story 40, one outlet: not a
	// top story, but its picture may fill a place.
	var batch []store.StoryAssignment
	seed := func(storyID int64, outlets int, age time.Duration, copies bool) []model.Article {
		var arts []model.Article
		for i := range outlets {
			a := article(fmt.Sprintf("Story %d by outlet %d", storyID, i), "World", published.Add(-age-time.Duration(outlets-i)*time.Minute))
			if i == 0 {
				a.ImageURL = fmt.Sprintf("https://img.example.com/%d.jpg", storyID)
			}
			saved := f.save(srcs[i].ID, a)[0]
			as := store.StoryAssignment{ArticleID: saved.ID, StoryID: storyID}
			if copies && i > 0 {
				as.DupOf = arts[0].ID
			}
			batch = append(batch, as)
			arts = append(arts, saved)
		}
		return arts
	}
	seed(10, 6, 24*time.Hour, false)
	s20 := seed(20, 3, time.Hour, false)
	seed(30, 4, 0, true)
	seed(40, 1, 0, false)
	f.apply(batch...)
	loner := f.save(srcs[5].ID, article("An unclustered photo story", "Culture", published.Add(-2*time.Hour)))[0]
	f.save(srcs[5].ID, func() model.Article {
		a := article("Older photo story", "Culture", published.Add(-3*time.Hour))
		a.ImageURL = "https://img.example.com/older.jpg"
		return a
	}())

	doc := f.page("/", http.StatusOK)
	top := doc.Find(".top-stories article")
	got := texts(top.Find("h3"))
	want := []string{"Story 20 by outlet 0", "Story 30 by outlet 0", "Story 10 by outlet 0", "Story 40 by outlet 0", "Older photo story"}
	if !slices.Equal(got, want) {
		t.Fatalf("top stories = %q, want %q: multi-source stories by weight, then the newest pictures", got, want)
	}
	if got := attrs(top.First().Find("h3 a"), "href"); got[0] != permalink(s20[0]) {
		t.Errorf("top story links to %q, want its lead's permalink", got)
	}
	cov := top.Find(".coverage-link")
	if got := texts(cov); !slices.Equal(got, []string{"3 sources · Full coverage", "4 sources · Full coverage", "6 sources · Full coverage"}) {
		t.Errorf("coverage links = %q, want one per multi-source story", got)
	}
	if got := attrs(cov.Find("a"), "href"); !slices.Equal(got, []string{"/story/20", "/story/30", "/story/10"}) {
		t.Errorf("full coverage hrefs = %q", got)
	}

	// Latest leaves out what the top shows and the top stories' other
	// reports (the copies are hidden from listings anyway).
	latest := texts(doc.Find(".latest li a.headline"))
	for _, title := range latest {
		for _, hidden := range []string{"Story 20 by", "Story 30 by", "Story 10 by"} {
			if strings.HasPrefix(title, hidden) {
				t.Errorf("latest lists %q, a report of a top story", title)
			}
		}
	}
	if !slices.Contains(latest, loner.Title) {
		t.Errorf("latest = %q, want it to keep %q", latest, loner.Title)
	}
}

func TestHome_StaleStoriesDoNotCompete(t *testing.T) {
	f := newFixture(t)
	a, b := f.addSource("Outlet A"), f.addSource("Outlet B")
	old := published.Add(-72 * time.Hour)
	x := f.save(a.ID, article("Last week's summit", "World", old))[0]
	y := f.save(b.ID, article("Summit ends", "World", old.Add(time.Minute)))[0]
	f.apply(store.StoryAssignment{ArticleID: x.ID, StoryID: 1}, store.StoryAssignment{ArticleID: y.ID, StoryID: 1})
	doc := f.page("/", http.StatusOK)
	if n := doc.Find(".coverage-link").Length(); n != 0 {
		t.Errorf("a story last updated 72 hours ago is still a top story (%d links)", n)
	}
	if got := texts(doc.Find(".latest li a.headline")); !slices.Equal(got, []string{"Summit ends", "Last week's summit"}) {
		t.Errorf("latest = %q", got)
	}
}
