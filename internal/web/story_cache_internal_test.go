package web

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
	"github.com/newsdesk/newsdesk/internal/store/storetest"
)

// fakeNow is a clock the test moves.
type fakeNow struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeNow) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *fakeNow) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// clusterOne stores one article per outlet named and puts them all in
// story id.
func clusterOne(t *testing.T, st store.Store, id int64, outlets ...string) {
	t.Helper()
	var batch []store.StoryAssignment
	for _, name := range outlets {
		src, err := st.AddSource(t.Context(), model.Source{FeedURL: "https://" + model.Slugify(name, 40) + ".example/feed", Name: name})
		if err != nil {
			t.Fatal(err)
		}
		res, err := st.SaveArticles(t.Context(), src.ID, []model.Article{{
			GUID: name, URL: "https://" + model.Slugify(name, 40) + ".example/a", Title: name + " reports",
			PublishedAt: time.Date(2024, 6, 21, 12, 0, 0, 0, time.UTC),
		}})
		if err != nil {
			t.Fatal(err)
		}
		batch = append(batch, store.StoryAssignment{ArticleID: res.IDs[0], StoryID: id})
	}
	if err := st.ApplyClustering(t.Context(), batch); err != nil {
		t.Fatal(err)
	}
}

func TestStoryCache_ReusesUntilTheTTL(t *testing.T) {
	st := storetest.NewSQLiteCopy(t)
	clock := &fakeNow{t: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)}
	c := newStoryCache(st, time.Minute, clock.now)
	clusterOne(t, st, 1, "Harbor Wire", "Valley Ledger")

	sum, err := c.get(t.Context(), 1)
	if err != nil || sum.Story.Sources != 2 || len(sum.First) != 2 {
		t.Fatalf("first read: %+v, %v", sum, err)
	}
	if sum.First[0].Title == "" || sum.First[0].Slug == "" || sum.First[0].ContentHTML != "" {
		t.Errorf("summary article = %+v, want headline fields only", sum.First[0])
	}
	clusterOne(t, st, 1, "Coast Daily")
	if sum, _ := c.get(t.Context(), 1); sum.Story.Sources != 2 {
		t.Errorf("a fresh entry was read again: %d sources", sum.Story.Sources)
	}
	clock.add(time.Minute)
	if sum, _ := c.get(t.Context(), 1); sum.Story.Sources != 3 || len(sum.First) != 3 {
		t.Errorf("after the TTL: %d sources, %d articles; want 3 and 3", sum.Story.Sources, len(sum.First))
	}

	// A story that does not exist is no error, and one outlet's story
	// needs no article list.
	if sum, err := c.get(t.Context(), 404); err != nil || sum.Story.ID != 0 {
		t.Errorf("missing story: %+v, %v", sum, err)
	}
	clusterOne(t, st, 2, "Lone Gazette")
	if sum, err := c.get(t.Context(), 2); err != nil || sum.Story.Sources != 1 || sum.First != nil {
		t.Errorf("one-outlet story: %+v, %v", sum, err)
	}

	// A negative TTL reads on every call.
	c = newStoryCache(st, -1, clock.now)
	c.get(t.Context(), 2)
	clusterOne(t, st, 2, "Second Outlet")
	if sum, _ := c.get(t.Context(), 2); sum.Story.Sources != 2 {
		t.Errorf("uncached read: %d sources, want 2", sum.Story.Sources)
	}
	if len(c.summaries) != 0 {
		t.Errorf("an uncached reader kept %d entries", len(c.summaries))
	}
}

func TestStoryCache_StaysBounded(t *testing.T) {
	st := storetest.NewSQLiteCopy(t)
	clock := &fakeNow{t: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)}
	c := newStoryCache(st, time.Minute, clock.now)
	for i := range maxCachedStories + 10 {
		if i == maxCachedStories/2 {
			clock.add(2 * time.Minute) // the first half expires
		}
		c.summaries.put(int64(i+1), storySummary{Story: model.Story{ID: int64(i + 1), Title: fmt.Sprint(i)}}, clock.now(), c.ttl)
		if len(c.summaries) > maxCachedStories {
			t.Fatalf("%d entries, more than %d", len(c.summaries), maxCachedStories)
		}
	}
	if _, ok := c.summaries[maxCachedStories+10]; !ok {
		t.Error("the newest entry was not kept")
	}
	if _, ok := c.summaries[1]; ok {
		t.Error("an expired entry survived a full cache")
	}
}
