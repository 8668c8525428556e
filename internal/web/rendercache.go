package web

import (
	"container/list"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// The render cache keeps whole public responses (pages, feeds, sitemaps,
// public API reads) in memory so that a hit costs about what writing the
// bytes costs: no template, no query, no hashing, no compression. Each
// entry holds the identity body with its ETag, the gzip and brotli
// bodies made once when it was filled, and the headers to send.
//
// What may be cached is what httpCache tags as public (a 200 to GET or
// HEAD without Set-Cookie, "private" or "no-store", outside /admin),
// minus what rendercache_serve.go leaves out (search, signed-in staff,
// requests with credentials). What drops an entry:
//
//   - a change in the store's change log naming one of its tags or a
//     listing it shows (rendercache_deps.go for the tags,
//     rendercache_watch.go for the rules); the watcher polls the log and
//     every non-GET request handled here syncs with it before answering;
//   - its age: maxAge at most (an hour by default), so the comment form's
//     token that readers of a cached article page share is never near its
//     24-hour life, and a change the log could not name still shows;
//   - the byte budget: least recently used entries go first.
//
// Fills are single-flight: readers arriving while a page renders wait
// for that render instead of starting their own.

// renderCacheDefaults.
const (
	defaultRenderCacheBytes = 64 << 20
	defaultRenderCacheAge   = time.Hour
	// maxEntryShare: one entry may take at most this share of the budget.
	maxEntryShare = 8
	// maxCacheKey bounds the path and query a key is made of; longer
	// addresses are served but not kept.
	maxCacheKey = 2048
)

// rcEntry is one cached response.
type rcEntry struct {
	key    string
	header http.Header // what the handler set, minus per-request fields
	body   []byte      // identity
	gz, br []byte      // nil when the body is too small to compress
	etag   string      // of the identity body, quoted
	// The other representations' tags and every body's length, made
	// once: a hit allocates nothing it can avoid.
	etagGz, etagBr      string
	lenID, lenGz, lenBr []string
	lastMod             time.Time // zero: no Last-Modified
	lmText              string    // lastMod formatted once
	expires             time.Time
	tags                []string
	lists               bool
	size                int64
	elem                *list.Element
}

// renderCache is the store of entries; see the top of the file.
type renderCache struct {
	budget  int64
	maxAge  time.Duration
	now     func() time.Time
	metrics rcCounters

	mu      sync.Mutex
	entries map[string]*rcEntry
	lru     *list.List // front: most recently used
	used    int64
	byTag   map[string]map[*rcEntry]struct{}
	lists   map[*rcEntry]struct{}
	// epoch grows with every invalidation; a fill that began in an
	// older epoch may have read what was just changed and is neither
	// kept nor given to the readers waiting for it.
	epoch   uint64
	flights map[string]*rcFlight
}

// rcCounters count what the cache did, for tests and metrics.
type rcCounters struct {
	hits, fills, evicted, lost atomic.Int64
}

// rcFlight is a fill in progress; done closes when entry (nil when the
// response could not be kept) is known.
type rcFlight struct {
	done    chan struct{}
	entry   *rcEntry
	epoch   uint64       // of the cache when the fill began
	waiters atomic.Int32 // readers waiting for it
}

func newRenderCache(budget int64, maxAge time.Duration, now func() time.Time) *renderCache {
	if maxAge <= 0 {
		maxAge = defaultRenderCacheAge
	}
	return &renderCache{
		budget: budget, maxAge: maxAge, now: now,
		entries: map[string]*rcEntry{}, lru: list.New(),
		byTag: map[string]map[*rcEntry]struct{}{}, lists: map[*rcEntry]struct{}{},
		flights: map[string]*rcFlight{},
	}
}

// begin returns a live entry for key, or the fill to wait for, or, when
// there is neither, a new fill that the caller leads and must end.
func (c *renderCache) begin(key string) (e *rcEntry, wait, lead *rcFlight) {
	now := c.now()
	c.mu.Lock()
	defer c.mu.Unlock()
	if e = c.entries[key]; e != nil {
		if now.Before(e.expires) {
			c.lru.MoveToFront(e.elem)
			return e, nil, nil
		}
		c.removeLocked(e)
	}
	if f := c.flights[key]; f != nil {
		return nil, f, nil
	}
	lead = &rcFlight{done: make(chan struct{}), epoch: c.epoch}
	c.flights[key] = lead
	return nil, nil, lead
}

// end finishes fill f of key: e (nil when the response may not be kept)
// is stored and handed to the readers waiting, unless something changed
// since the fill began: then the render may show what was changed, and
// the waiters render their own.
func (c *renderCache) end(key string, f *rcFlight, e *rcEntry) {
	c.mu.Lock()
	if c.flights[key] == f {
		delete(c.flights, key)
	}
	if e != nil && c.epoch != f.epoch {
		c.metrics.lost.Add(1)
		e = nil
	}
	if e != nil && e.size <= c.budget/maxEntryShare {
		if old := c.entries[key]; old != nil {
			c.removeLocked(old)
		}
		c.insertLocked(e)
	}
	c.mu.Unlock()
	f.entry = e
	close(f.done)
}

func (c *renderCache) insertLocked(e *rcEntry) {
	e.elem = c.lru.PushFront(e)
	c.entries[e.key] = e
	c.used += e.size
	for _, t := range e.tags {
		set := c.byTag[t]
		if set == nil {
			set = map[*rcEntry]struct{}{}
			c.byTag[t] = set
		}
		set[e] = struct{}{}
	}
	if e.lists {
		c.lists[e] = struct{}{}
	}
	for c.used > c.budget {
		last := c.lru.Back()
		if last == nil {
			break
		}
		c.removeLocked(last.Value.(*rcEntry))
		c.metrics.evicted.Add(1)
	}
}

func (c *renderCache) removeLocked(e *rcEntry) {
	if c.entries[e.key] != e {
		return
	}
	delete(c.entries, e.key)
	c.lru.Remove(e.elem)
	c.used -= e.size
	for _, t := range e.tags {
		if set := c.byTag[t]; set != nil {
			delete(set, e)
			if len(set) == 0 {
				delete(c.byTag, t)
			}
		}
	}
	delete(c.lists, e)
}

// invalidate drops the entries carrying any of tags, and every entry
// that shows a listing when lists is set.
func (c *renderCache) invalidate(tags []string, lists bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.epoch++
	// Readers from now on must not wait for a render that began before.
	clear(c.flights)
	for _, t := range tags {
		for e := range c.byTag[t] {
			c.removeLocked(e)
		}
	}
	if lists {
		for e := range c.lists {
			c.removeLocked(e)
		}
	}
}

// flush drops every entry.
func (c *renderCache) flush() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.epoch++
	clear(c.flights)
	c.entries = map[string]*rcEntry{}
	c.lru.Init()
	c.used = 0
	c.byTag = map[string]map[*rcEntry]struct{}{}
	c.lists = map[*rcEntry]struct{}{}
}

// stats returns the entry count and bytes held.
func (c *renderCache) stats() (entries int, bytes int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.entries), c.used
}
