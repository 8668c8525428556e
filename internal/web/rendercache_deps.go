package web

import (
	"context"
	"strconv"
	"sync"
	"time"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

// What a response was made of, learned from the store reads that made
// it rather than declared by each handler: a handler that starts reading
// something new is covered without anyone remembering to say so.
//
// The render cache (rendercache.go) keeps each response with the tags of
// what it read, and the change log (store.ChangeStore) drops the
// responses whose tags a change names:
//
//	a:ID    one article: the permalink's, an original it credits, the
//	        copies and story articles it lists (GetArticle..., StoryArticles,
//	        NearDuplicates, ArticleSources, ArticleEntities)
//	s:ID    one story: its summary and articles (GetStory, StoryArticles,
//	        StorySources, StoryEntities), and the story of any article read
//	c:ID    the comments of one article (Thread)
//	cat:SLUG the newest articles of a section (ListArticles by category,
//	        as the related articles under a permalink)
//	lists   anything else that lists articles, stories, comments,
//	        entities, categories with counts or sources: the home page,
//	        sections, sources, search, feeds, sitemaps, API lists
//
// Every response also depends on what every page shows (settings, the
// navigation's categories and sources, images): those changes drop the
// whole cache. The navigation and discussion settings are read through
// the plain store by their own caches, so they add no tags; the watcher
// empties those caches when their tables change.
//
// The same reads give a response its Last-Modified: the newest edit or
// publication time of the articles read, and the newest comment. It is
// only set when every read carried a time (see deps.modTime).

// deps collects what one response read.
type deps struct {
	mu    sync.Mutex
	tags  map[string]struct{}
	lists bool
	// mod is the newest content time read; untimed is set by a read
	// whose result has no meaningful time (the response then gets no
	// Last-Modified).
	mod     time.Time
	untimed bool
}

type depsKey struct{}

// withDeps returns ctx carrying d, which store reads made with it fill.
func withDeps(ctx context.Context, d *deps) context.Context {
	return context.WithValue(ctx, depsKey{}, d)
}

func depsOf(ctx context.Context) *deps {
	d, _ := ctx.Value(depsKey{}).(*deps)
	return d
}

func (d *deps) tag(kind string, id int64) {
	if d == nil || id == 0 {
		return
	}
	d.mu.Lock()
	if d.tags == nil {
		d.tags = map[string]struct{}{}
	}
	d.tags[kind+strconv.FormatInt(id, 10)] = struct{}{}
	d.mu.Unlock()
}

func (d *deps) tagString(t string) {
	if d == nil {
		return
	}
	d.mu.Lock()
	if d.tags == nil {
		d.tags = map[string]struct{}{}
	}
	d.tags[t] = struct{}{}
	d.mu.Unlock()
}

func (d *deps) listing() {
	if d == nil {
		return
	}
	d.mu.Lock()
	d.lists = true
	d.mu.Unlock()
}

// touched records a content time (zero: a read without one).
func (d *deps) touched(t time.Time) {
	if d == nil {
		return
	}
	d.mu.Lock()
	if t.IsZero() {
		d.untimed = true
	} else if t.After(d.mod) {
		d.mod = t
	}
	d.mu.Unlock()
}

// article records one article read: itself, its story and its time.
func (d *deps) article(a model.Article) {
	if d == nil {
		return
	}
	d.tag("a:", a.ID)
	d.tag("s:", a.StoryID)
	d.touched(articleTime(a))
}

// articleTime is when an article last changed as far as it says: its
// edit time, else its publication (or, failing that, fetch) time.
func articleTime(a model.Article) time.Time {
	t := a.PublishedAt
	if a.UpdatedAt.After(t) {
		t = a.UpdatedAt
	}
	if t.IsZero() {
		t = a.FetchedAt
	}
	return t
}

// modTime is the response's Last-Modified: the newest content time, when
// every read had one and there was one. Whole seconds: that is all the
// header carries.
func (d *deps) modTime() (time.Time, bool) {
	if d == nil {
		return time.Time{}, false
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.untimed || d.mod.IsZero() {
		return time.Time{}, false
	}
	return d.mod.UTC().Truncate(time.Second), true
}

// snapshot returns the tags and the listing flag.
func (d *deps) snapshot() ([]string, bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	tags := make([]string, 0, len(d.tags))
	for t := range d.tags {
		tags = append(tags, t)
	}
	return tags, d.lists
}

// recordingStore is the store as handlers see it: every read also
// records into the request's deps, when it has one. Writes and reads
// whose results no cached response shows pass through.
type recordingStore struct {
	Store
}

func (r recordingStore) GetArticle(ctx context.Context, id int64) (model.Article, error) {
	a, err := r.Store.GetArticle(ctx, id)
	if d := depsOf(ctx); d != nil {
		d.tag("a:", id)
		if err == nil {
			d.article(a)
		}
	}
	return a, err
}

func (r recordingStore) GetArticleBySlug(ctx context.Context, slug string) (model.Article, error) {
	a, err := r.Store.GetArticleBySlug(ctx, slug)
	if err == nil {
		depsOf(ctx).article(a)
	}
	return a, err
}

func (r recordingStore) ArticleByFormerSlug(ctx context.Context, slug string) (model.Article, error) {
	a, err := r.Store.ArticleByFormerSlug(ctx, slug)
	if err == nil {
		depsOf(ctx).article(a)
	}
	return a, err
}

// listed records a listing of articles: the listing itself, and the
// newest of its items' times.
func listed(d *deps, items []model.Article) {
	if d == nil {
		return
	}
	for _, a := range items {
		d.touched(articleTime(a))
	}
}

// besides records a read of items shown beside the thing tagged
// prefix+id (a story's articles, an article's copies): each is a
// dependency of its own.
func besides(d *deps, prefix string, id int64, items []model.Article) {
	if d == nil {
		return
	}
	d.tag(prefix, id)
	for _, a := range items {
		d.tag("a:", a.ID)
	}
	listed(d, items)
}

// listedStories records a listing of stories.
func listedStories(d *deps, items []model.Story) {
	if d == nil {
		return
	}
	d.listing()
	for _, st := range items {
		d.touched(st.LastPublished)
	}
}

func (r recordingStore) ListArticles(ctx context.Context, f store.ArticleFilter) ([]model.Article, string, error) {
	items, next, err := r.Store.ListArticles(ctx, f)
	if d := depsOf(ctx); d != nil {
		if f.CategorySlug != "" && f.SourceID == 0 {
			d.tagString("cat:" + f.CategorySlug)
		} else {
			d.listing()
		}
		listed(d, items)
	}
	return items, next, err
}

func (r recordingStore) SearchArticles(ctx context.Context, q store.SearchQuery) (store.SearchResult, error) {
	depsOf(ctx).listing()
	depsOf(ctx).touched(time.Time{})
	return r.Store.SearchArticles(ctx, q)
}

func (r recordingStore) ListCategories(ctx context.Context) ([]model.Category, error) {
	depsOf(ctx).listing()
	depsOf(ctx).touched(time.Time{})
	return r.Store.ListCategories(ctx)
}

func (r recordingStore) GetCategoryBySlug(ctx context.Context, slug string) (model.Category, error) {
	depsOf(ctx).listing()
	return r.Store.GetCategoryBySlug(ctx, slug)
}

func (r recordingStore) ListSources(ctx context.Context) ([]model.Source, error) {
	depsOf(ctx).listing()
	depsOf(ctx).touched(time.Time{})
	return r.Store.ListSources(ctx)
}

func (r recordingStore) GetSource(ctx context.Context, id int64) (model.Source, error) {
	depsOf(ctx).listing()
	return r.Store.GetSource(ctx, id)
}

func (r recordingStore) GetStory(ctx context.Context, id int64) (model.Story, error) {
	st, err := r.Store.GetStory(ctx, id)
	if d := depsOf(ctx); d != nil {
		d.tag("s:", id)
		d.tag("s:", st.MergedInto)
		d.touched(st.LastPublished)
	}
	return st, err
}

func (r recordingStore) ListStories(ctx context.Context, f store.StoryFilter) ([]model.Story, string, error) {
	items, next, err := r.Store.ListStories(ctx, f)
	listedStories(depsOf(ctx), items)
	return items, next, err
}

func (r recordingStore) StoryArticles(ctx context.Context, storyID int64) ([]model.Article, error) {
	items, err := r.Store.StoryArticles(ctx, storyID)
	besides(depsOf(ctx), "s:", storyID, items)
	return items, err
}

func (r recordingStore) StorySources(ctx context.Context, storyID int64) ([]model.StorySource, error) {
	depsOf(ctx).tag("s:", storyID)
	return r.Store.StorySources(ctx, storyID)
}

func (r recordingStore) StoryEntities(ctx context.Context, storyID int64, limit int) ([]model.Entity, error) {
	depsOf(ctx).tag("s:", storyID)
	return r.Store.StoryEntities(ctx, storyID, limit)
}

func (r recordingStore) ArticleEntities(ctx context.Context, articleID int64) ([]model.Entity, error) {
	depsOf(ctx).tag("a:", articleID)
	return r.Store.ArticleEntities(ctx, articleID)
}

func (r recordingStore) GetEntityBySlug(ctx context.Context, slug string) (model.Entity, error) {
	depsOf(ctx).listing()
	return r.Store.GetEntityBySlug(ctx, slug)
}

func (r recordingStore) EntityStories(ctx context.Context, entityID int64, f store.StoryFilter) ([]model.Story, string, error) {
	items, next, err := r.Store.EntityStories(ctx, entityID, f)
	listedStories(depsOf(ctx), items)
	return items, next, err
}

func (r recordingStore) NearDuplicates(ctx context.Context, articleID int64) ([]model.Article, error) {
	items, err := r.Store.NearDuplicates(ctx, articleID)
	besides(depsOf(ctx), "a:", articleID, items)
	return items, err
}

func (r recordingStore) PinnedStories(ctx context.Context) ([]model.Story, error) {
	depsOf(ctx).listing()
	return r.Store.PinnedStories(ctx)
}

func (r recordingStore) FeaturedArticles(ctx context.Context, limit int) ([]model.Article, error) {
	items, err := r.Store.FeaturedArticles(ctx, limit)
	if d := depsOf(ctx); d != nil {
		d.listing()
		listed(d, items)
	}
	return items, err
}

func (r recordingStore) ArticleSources(ctx context.Context, articleID int64) ([]model.ArticleSource, error) {
	depsOf(ctx).tag("a:", articleID)
	return r.Store.ArticleSources(ctx, articleID)
}

func (r recordingStore) GetImage(ctx context.Context, id int64) (model.Image, error) {
	// Images change only with a site-wide change (the whole cache goes).
	return r.Store.GetImage(ctx, id)
}

func (r recordingStore) GetComment(ctx context.Context, id int64) (model.Comment, error) {
	c, err := r.Store.GetComment(ctx, id)
	if d := depsOf(ctx); d != nil {
		d.listing()
		d.tag("c:", c.ArticleID)
	}
	return c, err
}

func (r recordingStore) ListComments(ctx context.Context, f store.CommentFilter) ([]model.Comment, string, error) {
	items, next, err := r.Store.ListComments(ctx, f)
	if d := depsOf(ctx); d != nil {
		d.listing()
		d.tag("c:", f.ArticleID)
		for _, c := range items {
			d.touched(c.Created)
		}
	}
	return items, next, err
}

func (r recordingStore) Thread(ctx context.Context, articleID int64, page, perPage int, newest bool) ([]model.Comment, int, error) {
	items, n, err := r.Store.Thread(ctx, articleID, page, perPage, newest)
	if d := depsOf(ctx); d != nil {
		d.tag("c:", articleID)
		for _, c := range items {
			d.touched(c.Created)
		}
	}
	return items, n, err
}

func (r recordingStore) CommentPage(ctx context.Context, id int64, perPage int, newest bool) (int, error) {
	depsOf(ctx).listing()
	return r.Store.CommentPage(ctx, id, perPage, newest)
}
