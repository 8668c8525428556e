package web

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

const (
	// storySample is how many of a story's first articles an article
	// page picks the other outlets' headlines from: enough for one per
	// outlet among the first few outlets, whatever copies it skips.
	storySample = 48
	// maxCachedStories bounds the story cache: a summary is at most
	// storySample slim articles (about 15 KB), a few megabytes in all.
	maxCachedStories = 512
)

// storySummary is what every article page of a story shows of it: the
// story and its first articles, stripped to what a headline link needs.
type storySummary struct {
	Story model.Story // zero when the story is gone
	First []model.Article
}

// storyCache keeps, for a short while, what article pages show of their
// story. An article page of a clustered article would otherwise read its
// story's articles on every view (hundreds of rows for a big story) on
// the site's most visited pages. They only change when clustering runs,
// and a page a few seconds behind it is fine.
type storyCache struct {
	store Store
	ttl   time.Duration // <= 0: read on every call
	now   func() time.Time

	mu        sync.Mutex
	summaries summaryMap
}

func newStoryCache(st Store, ttl time.Duration, now func() time.Time) *storyCache {
	return &storyCache{store: st, ttl: ttl, now: now, summaries: summaryMap{}}
}

// get returns a story's summary, read from the store when it is not
// cached or older than the TTL. A story that does not exist has a zero
// Story, which is cached too.
func (c *storyCache) get(ctx context.Context, id int64) (storySummary, error) {
	if c.ttl > 0 {
		c.mu.Lock()
		sum, ok := c.summaries.get(id, c.now(), c.ttl)
		c.mu.Unlock()
		if ok {
			return sum, nil
		}
	}
	sum, err := c.read(ctx, id)
	if err != nil || c.ttl <= 0 {
		return sum, err
	}
	c.mu.Lock()
	c.summaries.put(id, sum, c.now(), c.ttl)
	c.mu.Unlock()
	return sum, nil
}

func (c *storyCache) read(ctx context.Context, id int64) (storySummary, error) {
	st, err := c.store.GetStory(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return storySummary{}, nil
	}
	if err != nil {
		return storySummary{}, fmt.Errorf("web: story %d: %w", id, err)
	}
	sum := storySummary{Story: st}
	if st.Sources < 2 {
		return sum, nil // no other outlet to list
	}
	arts, err := c.store.StoryArticles(ctx, id)
	if err != nil {
		return storySummary{}, fmt.Errorf("web: articles of story %d: %w", id, err)
	}
	sum.First = make([]model.Article, 0, min(len(arts), storySample))
	for _, a := range arts[:min(len(arts), storySample)] {
		sum.First = append(sum.First, model.Article{
			ID: a.ID, SourceID: a.SourceID, SourceName: a.SourceName, Credit: a.Credit,
			URL: a.URL, Slug: a.Slug, Title: a.Title, PublishedAt: a.PublishedAt, DupOf: a.DupOf,
		})
	}
	return sum, nil
}

// summaryMap holds at most maxCachedStories entries by story ID, each
// with the time it was stored. Its callers hold the cache's lock.
type summaryMap map[int64]stampedSummary

type stampedSummary struct {
	v      storySummary
	stored time.Time
}

// get returns an entry younger than ttl.
func (m summaryMap) get(id int64, now time.Time, ttl time.Duration) (storySummary, bool) {
	e, ok := m[id]
	if !ok || now.Sub(e.stored) >= ttl {
		return storySummary{}, false
	}
	return e.v, true
}

// put stores an entry. A full map first drops what has expired, and
// everything when nothing has: the cache only has to hold the stories
// being read right now.
func (m summaryMap) put(id int64, v storySummary, now time.Time, ttl time.Duration) {
	if len(m) >= maxCachedStories {
		for k, e := range m {
			if now.Sub(e.stored) >= ttl {
				delete(m, k)
			}
		}
		if len(m) >= maxCachedStories {
			clear(m)
		}
	}
	m[id] = stampedSummary{v, now}
}
