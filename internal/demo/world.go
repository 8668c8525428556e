// Package demo builds newsdesk's synthetic news world: a handful of
// fictional outlets, each publishing a feed in its own format, covering a
// week of invented events in differently worded articles. The world serves
// its feeds, home pages, article pages and generated photographs over HTTP,
// so the demo exercises the same fetch, parse and extract path as real
// sources. Everything is derived from a seed: the same seed and clock give
// the same bytes.
package demo

import (
	"math/rand/v2"
	"sort"
	"sync"
	"time"
)

// Categories are the sections the world files its articles under.
var categories = []string{"World", "Politics", "Business", "Technology", "Science", "Health", "Sports", "Culture"}

// Categories returns the section names used by the world's articles.
func Categories() []string { return append([]string(nil), categories...) }

// Outlet describes one fictional publication and how to subscribe to it.
type Outlet struct {
	Slug string
	Name string
	// Category is the default category for the outlet's items; empty when
	// its feed files every item under its own category.
	Category string
	// FeedPath is the path to add as a source: the feed itself, or the home
	// page for the outlet whose feed can only be discovered from there.
	FeedPath string
	// Format of the feed behind FeedPath: "rss", "atom" or "json".
	Format   string
	HomePath string
	// Discovery is true when FeedPath is a home page advertising the feed
	// with <link rel="alternate">.
	Discovery bool
	// FullContent is true when the feed carries whole article bodies; the
	// others carry summaries and the body lives on the article page.
	FullContent bool
}

// Article is one generated article as an outlet publishes it.
type Article struct {
	ID          string // stable identifier, also the image's name
	Outlet      string // outlet slug
	Path        string // article page, e.g. /harbor-ledger/2024/06/20/slug.html
	Title       string
	Summary     string // plain-text standfirst used by summary feeds
	Byline      string
	Category    string
	Published   time.Time
	Paragraphs  []string // plain text, one entry per paragraph
	ImagePath   string   // e.g. /images/harbor-ledger-004.png
	ImageCredit string   // "Jane Doe / The Harbor Ledger"
	Caption     string   // may be empty
	EventID     int      // 0 for standalone articles
	// CopyOf is the path of the wire report this article republishes
	// (lightly edited, under its own headline); empty for original work.
	CopyOf string
	copyOf string // the original's outlet and title, until paths exist
}

// Stats summarises a world.
type Stats struct {
	Outlets           int
	Events            int
	MultiOutletEvents int
	Articles          int
	Standalone        int
}

// World is a generated news world. It is read-only after NewWorld except
// for the image cache, so its handler is safe for concurrent use.
type World struct {
	now      time.Time
	seed     int64
	outlets  []outletSpec
	articles []Article // grouped by outlet, newest first within each
	events   int
	byPath   map[string]int   // article path -> index in articles
	byImage  map[string]int   // image file name -> index in articles
	byOutlet map[string][]int // outlet slug -> article indexes, newest first
	routes   map[string]route // fixed paths: home pages and feeds
	images   []imageSlot      // lazily rendered, one per article
	outletAt map[string]int   // outlet slug -> index in outlets
	related  map[int][]int    // article index -> related article indexes
}

type imageSlot struct {
	once sync.Once
	png  []byte
	err  error
}

// NewWorld generates the world for seed. now only positions the week the
// articles span (they are published during the seven days before now);
// every other choice depends on seed alone.
func NewWorld(seed int64, now time.Time) *World {
	now = now.UTC().Truncate(time.Second)
	r := rand.New(rand.NewPCG(uint64(seed), 0x6e657773646b))
	w := &World{now: now, seed: seed, outlets: outletSpecs()}
	g := newGenerator(r, now, w.outlets)
	g.generate()
	w.events = g.events
	w.articles = g.articles
	copies := syndicate(w.articles, seed, now)
	for i, orig := range copies {
		// Paths are made by buildIndex; remember the original by its
		// outlet and title, which are unique, until then.
		w.articles[i].copyOf = w.articles[orig].Outlet + "\x00" + w.articles[orig].Title
	}
	w.buildIndex()
	w.resolveCopies()
	return w
}

// resolveCopies turns each copy's reference to its original into the
// original's path.
func (w *World) resolveCopies() {
	path := make(map[string]string, len(w.articles))
	for _, a := range w.articles {
		path[a.Outlet+"\x00"+a.Title] = a.Path
	}
	for i := range w.articles {
		if key := w.articles[i].copyOf; key != "" {
			w.articles[i].CopyOf = path[key]
			w.articles[i].copyOf = ""
		}
	}
}

// buildIndex orders articles per outlet, gives each a unique path and
// image, and records the lookups the handler needs.
func (w *World) buildIndex() {
	w.outletAt = make(map[string]int, len(w.outlets))
	for i, o := range w.outlets {
		w.outletAt[o.Slug] = i
	}
	sort.SliceStable(w.articles, func(i, j int) bool {
		a, b := w.articles[i], w.articles[j]
		if a.Outlet != b.Outlet {
			return w.outletAt[a.Outlet] < w.outletAt[b.Outlet]
		}
		if !a.Published.Equal(b.Published) {
			return a.Published.After(b.Published)
		}
		return a.Title < b.Title
	})
	w.byPath = make(map[string]int, len(w.articles))
	w.byImage = make(map[string]int, len(w.articles))
	w.byOutlet = make(map[string][]int, len(w.outlets))
	w.images = make([]imageSlot, len(w.articles))
	for i := range w.articles {
		a := &w.articles[i]
		seq := len(w.byOutlet[a.Outlet])
		a.ID = imageID(a.Outlet, seq)
		a.ImagePath = "/images/" + a.ID + ".png"
		a.Path = w.uniquePath(articlePath(a.Outlet, a.Published, slugify(a.Title, 72)))
		w.byPath[a.Path] = i
		w.byImage[a.ID+".png"] = i
		w.byOutlet[a.Outlet] = append(w.byOutlet[a.Outlet], i)
	}
	w.routes = w.buildRoutes()
	w.related = w.buildRelated()
}

func (w *World) uniquePath(p string) string {
	if _, taken := w.byPath[p]; !taken {
		return p
	}
	base := p[:len(p)-len(".html")]
	for n := 2; ; n++ {
		q := base + "-" + itoa(n) + ".html"
		if _, taken := w.byPath[q]; !taken {
			return q
		}
	}
}

// Outlets returns the world's outlets in a fixed order.
func (w *World) Outlets() []Outlet {
	out := make([]Outlet, len(w.outlets))
	for i, o := range w.outlets {
		out[i] = o.Outlet
	}
	return out
}

// Articles returns a copy of every article, grouped by outlet, newest
// first within each outlet.
func (w *World) Articles() []Article {
	out := make([]Article, len(w.articles))
	for i, a := range w.articles {
		a.Paragraphs = append([]string(nil), a.Paragraphs...)
		out[i] = a
	}
	return out
}

// Stats counts the world's outlets, events and articles.
func (w *World) Stats() Stats {
	s := Stats{Outlets: len(w.outlets), Events: w.events, Articles: len(w.articles)}
	outletsPerEvent := map[int]map[string]bool{}
	for _, a := range w.articles {
		if a.EventID == 0 {
			s.Standalone++
			continue
		}
		if outletsPerEvent[a.EventID] == nil {
			outletsPerEvent[a.EventID] = map[string]bool{}
		}
		outletsPerEvent[a.EventID][a.Outlet] = true
	}
	for _, set := range outletsPerEvent {
		if len(set) > 1 {
			s.MultiOutletEvents++
		}
	}
	return s
}

// Now returns the instant the world's week ends at.
func (w *World) Now() time.Time { return w.now }
