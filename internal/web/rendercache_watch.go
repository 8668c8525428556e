package web

import (
	"context"
	"log/slog"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/newsdesk/newsdesk/internal/store"
)

// changeFeed is the store's change log (store.ChangeStore), which the
// render cache cannot be trusted without.
type changeFeed interface {
	Changes(ctx context.Context, after int64, limit int) ([]store.Change, error)
	ChangeBounds(ctx context.Context) (oldest, newest int64, err error)
	PruneChanges(ctx context.Context, before time.Time) (int64, error)
}

// The watcher reads the change log and drops what each change makes
// stale. The rules, by kind (tags as in rendercache_deps.go):
//
//	article A (story S, section C)  a:A, s:S, cat:C and every listing
//	story S                         s:S and every listing
//	comment on A                    c:A and every listing (comment feeds)
//	carrier of A                    a:A and every listing
//	anything else (settings, categories, sources, images, entities, and
//	kinds this code does not know)  everything, after reloading the
//	                                settings, navigation and discussion
//	                                caches the pages are made from
//
// Article pages carry their story's tag, so a story gaining, losing or
// renaming an article redraws every page of the story, and its summary
// is dropped from storyCache before.
//
// It polls on demand rather than on a timer: the first request after the
// interval starts a poll in the background (readers are never held up by
// it), and every non-GET request waits for a fresh one (sync) before its
// response goes out. No request means no reader to serve stale pages to,
// so nothing is lost by not polling then.
//
// When the store can say when the log grows (store.ChangeNotifier:
// PostgreSQL's LISTEN/NOTIFY), the watcher also reads it as soon as any
// process commits a change (follow), so a page another server edited
// leaves this one's cache in milliseconds rather than at the first
// request after the interval, with nobody served the old copy in
// between. Polling stays: it covers the notifications' outages (the
// listener reconnecting, a pooler that drops LISTEN) and a gap given up
// for a rollback, which no notification announces.
type watcher struct {
	feed     changeFeed
	rc       *renderCache
	s        *server
	log      *slog.Logger
	interval time.Duration

	last      atomic.Int64 // unix nanoseconds of the last poll's start
	polling   atomic.Bool
	following sync.Once // startFollowing

	mu     sync.Mutex // one poll at a time; guards what follows
	cursor int64      // every change up to here is applied
	ready  bool
	seen   map[int64]bool      // applied changes above cursor
	gaps   map[int64]time.Time // missing numbers above cursor, first noticed
	pruned time.Time
	down   bool // the last read found the database unreachable

	// Change times for Last-Modified (lastModified).
	times     map[string]time.Time
	listsAt   time.Time
	siteAt    time.Time
	knownFrom time.Time // changes before this are unknown: the start, or when times were forgotten
}

const (
	// gapWait is how long a missing sequence number (a PostgreSQL
	// transaction that has written its row but not committed) is waited
	// for before it is taken for a rollback.
	gapWait = 30 * time.Second
	// changeRetention is how long the log keeps changes.
	changeRetention = time.Hour
	pruneEvery      = 10 * time.Minute
	// maxTimes bounds the change times kept for Last-Modified.
	maxTimes = 100_000
)

func newWatcher(feed changeFeed, rc *renderCache, s *server, interval time.Duration) *watcher {
	if interval <= 0 {
		interval = 500 * time.Millisecond
	}
	now := time.Now()
	return &watcher{feed: feed, rc: rc, s: s, log: s.log, interval: interval,
		seen: map[int64]bool{}, gaps: map[int64]time.Time{}, times: map[string]time.Time{},
		knownFrom: now, pruned: now}
}

// startFollowing subscribes to the store's notifications, once, when the
// store offers them. It runs at the first request the cache sees, not
// when the server is built: nothing can be cached before, and by then
// the server is complete for the reads a change makes. The subscription
// lasts as long as the store: a server is made once per process and
// lives until its store closes.
func (w *watcher) startFollowing() {
	w.following.Do(func() {
		if n, ok := w.s.rawStore.(store.ChangeNotifier); ok {
			go w.follow(n.SubscribeChanges(context.Background()))
		}
	})
}

// follow reads the change log each time wake says it grew, until wake
// closes. A burst of changes while a read runs leaves one wake-up
// waiting (the channel holds one), and that one read takes them all.
// Nothing runs between wake-ups: an idle site costs no CPU.
func (w *watcher) follow(wake <-chan struct{}) {
	for range wake {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		w.sync(ctx)
		cancel()
	}
}

// fresh starts a background poll when the last one is older than the
// interval.
func (w *watcher) fresh() {
	if w == nil {
		return
	}
	w.startFollowing()
	if time.Now().UnixNano()-w.last.Load() < int64(w.interval) || !w.polling.CompareAndSwap(false, true) {
		return
	}
	go func() {
		defer w.polling.Store(false)
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		w.sync(ctx)
	}()
}

// sync applies every change committed before it was called.
func (w *watcher) sync(ctx context.Context) {
	if w == nil {
		return
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	w.last.Store(time.Now().UnixNano())
	err := w.pollLocked(ctx)
	switch {
	case err == nil:
		if w.down {
			w.down = false
			w.log.Info("web: change log readable again; changes made meanwhile applied")
		}
	case store.IsUnavailable(err) && w.ready:
		// The database is away: nothing can change in it that this
		// process would miss, because whatever other nodes write
		// meanwhile stays in the log and is read from the cursor once it
		// answers again. Cached pages keep being served (they are what a
		// reader can still get), to at most their age; logged once.
		if !w.down {
			w.down = true
			w.log.Warn("web: change log unreachable; serving cached pages until the database is back", "err", err)
		}
	default:
		// Whatever changed cannot be known: nothing cached is trusted.
		w.log.Warn("web: read change log; render cache emptied", "err", err)
		w.rc.flush()
		w.ready = false
	}
}

func (w *watcher) pollLocked(ctx context.Context) error {
	if !w.ready {
		// Everything older than now is in what renders read from now on;
		// whatever was cached before (rendered while the log could not be
		// read, perhaps) goes, so nothing skipped here stays cached.
		_, newest, err := w.feed.ChangeBounds(ctx)
		if err != nil {
			return err
		}
		w.rc.flush()
		w.cursor, w.ready = newest, true
		clear(w.seen)
		clear(w.gaps)
		return nil
	}
	// Pages are read after the last row read, not after the cursor: a
	// gap held open keeps the cursor back, and the rows past it must not
	// be read again and again.
	for after := w.cursor; ; {
		cs, err := w.feed.Changes(ctx, after, 1000)
		if err != nil {
			return err
		}
		if len(cs) > 0 && after == w.cursor && cs[0].Seq > w.cursor+1 && len(w.gaps) == 0 {
			oldest, _, err := w.feed.ChangeBounds(ctx)
			if err != nil {
				return err
			}
			if oldest > w.cursor+1 {
				// Pruned before this process read them.
				w.siteChanged(ctx, time.Now())
				w.cursor = cs[len(cs)-1].Seq
				clear(w.seen)
				clear(w.gaps)
				after = w.cursor
				continue
			}
		}
		w.apply(ctx, cs)
		w.advance(cs)
		if len(cs) < 1000 {
			break
		}
		after = cs[len(cs)-1].Seq
	}
	if time.Since(w.pruned) > pruneEvery {
		w.pruned = time.Now()
		if _, err := w.feed.PruneChanges(ctx, time.Now().Add(-changeRetention)); err != nil {
			w.log.Warn("web: prune change log", "err", err)
		}
	}
	return nil
}

// advance moves the cursor over the applied changes, waiting gapWait for
// missing numbers.
func (w *watcher) advance(cs []store.Change) {
	for _, c := range cs {
		w.seen[c.Seq] = true
	}
	top := w.cursor
	for q := range w.seen {
		top = max(top, q)
	}
	now := time.Now()
	for w.cursor < top {
		next := w.cursor + 1
		if !w.seen[next] {
			first, ok := w.gaps[next]
			if !ok {
				w.gaps[next] = now
				return
			}
			if now.Sub(first) < gapWait {
				return
			}
		}
		delete(w.seen, next)
		delete(w.gaps, next)
		w.cursor = next
	}
}

// apply drops what the changes (skipping those applied already) make
// stale.
func (w *watcher) apply(ctx context.Context, cs []store.Change) {
	var tags []string
	var stories []int64
	lists, site := false, false
	var siteAt time.Time
	for _, c := range cs {
		if w.seen[c.Seq] {
			continue
		}
		at := c.At
		if at.IsZero() {
			at = time.Now()
		}
		var these []string
		switch c.Kind {
		case store.ChangeArticle:
			these = append(these, "a:"+strconv.FormatInt(c.Ref, 10))
			if c.Story != 0 {
				these = append(these, "s:"+strconv.FormatInt(c.Story, 10))
				stories = append(stories, c.Story)
			}
			if c.Category != "" {
				these = append(these, "cat:"+c.Category)
			}
		case store.ChangeStory:
			these = append(these, "s:"+strconv.FormatInt(c.Ref, 10))
			stories = append(stories, c.Ref)
		case store.ChangeComment:
			these = append(these, "c:"+strconv.FormatInt(c.Ref, 10))
		case store.ChangeCarrier:
			these = append(these, "a:"+strconv.FormatInt(c.Ref, 10))
		default:
			site = true
			siteAt = maxTime(siteAt, at)
			continue
		}
		lists = true
		w.listsAt = maxTime(w.listsAt, at)
		for _, t := range these {
			w.times[t] = maxTime(w.times[t], at)
		}
		tags = append(tags, these...)
	}
	if len(w.times) > maxTimes {
		clear(w.times)
		w.knownFrom = time.Now()
	}
	if site {
		w.siteChanged(ctx, siteAt)
		return
	}
	if len(stories) > 0 {
		w.s.stories.forget(stories)
	}
	if len(tags) > 0 || lists {
		w.rc.invalidate(tags, lists)
	}
}

// siteChanged reloads what every page is made from, then empties the
// cache.
func (w *watcher) siteChanged(ctx context.Context, at time.Time) {
	w.siteAt = maxTime(w.siteAt, at)
	if w.s.live != nil {
		if _, err := w.s.live.Refresh(ctx, w.s.rawStore); err != nil {
			w.log.Warn("web: reload site settings", "err", err)
		}
	}
	w.s.nav.forget()
	w.s.discussion.forget()
	w.s.stories.forget(nil)
	w.rc.flush()
}

// lastModified is the Last-Modified of a response whose reads had mod
// as their newest time and tags and lists as dependencies: mod, or a
// later change to any of them the watcher saw, or the start of what the
// watcher knows when that is later.
func (w *watcher) lastModified(mod time.Time, tags []string, lists bool) (time.Time, bool) {
	if w == nil {
		return time.Time{}, false
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	// A change before knownFrom is unknown: the page may have changed
	// then, so it is said to have changed then at the latest. Later than
	// the truth, never earlier: a client is sent a page it had, never
	// told that an old copy is current.
	lm := maxTime(maxTime(mod, w.knownFrom), w.siteAt)
	if lists {
		lm = maxTime(lm, w.listsAt)
	}
	for _, t := range tags {
		lm = maxTime(lm, w.times[t])
	}
	return lm.UTC().Truncate(time.Second), true
}

func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// forget makes the next read of the navigation wait for fresh lists. A
// background refresh that began before the change would put the old
// lists back when it ends, so forget waits for it first (a refresh
// gives up after 30 seconds; forget waits at most 2).
func (c *navCache) forget() {
	for deadline := time.Now().Add(2 * time.Second); ; {
		c.mu.Lock()
		if !c.refreshing || time.Now().After(deadline) {
			c.loaded = time.Time{}
			c.mu.Unlock()
			return
		}
		c.mu.Unlock()
		time.Sleep(time.Millisecond)
	}
}

// forget makes the next read of the discussion settings go to the store.
func (c *discussionCache) forget() {
	c.mu.Lock()
	c.loaded = time.Time{}
	c.mu.Unlock()
}

// forget drops the summaries of ids (all of them when ids is nil).
func (c *storyCache) forget(ids []int64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if ids == nil {
		clear(c.summaries)
		return
	}
	for _, id := range ids {
		delete(c.summaries, id)
	}
}
