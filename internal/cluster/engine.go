package cluster

import (
	"sync"
	"time"

	"github.com/newsdesk/newsdesk/internal/entities"
	"github.com/newsdesk/newsdesk/internal/neardup"
)

// Doc is one article as the engine sees it.
type Doc struct {
	ID        int64
	Title     string
	Text      string // plain text body (or excerpt when that is all there is)
	Source    string // outlet key: articles with the same Source are the same outlet
	Category  string
	Published time.Time // may be zero, far past or far future (bad input)
}

// Assignment is what Add decided for one document.
type Assignment struct {
	ID        int64 // the doc
	Story     int64 // its story; 0 when the doc is left alone (e.g. no usable text)
	NearDupOf int64 // an earlier doc with nearly the same text (wire copy republished), else 0
	// Merged lists stories folded into Story because this doc bridged
	// them; their docs now belong to Story.
	Merged []int64
	// Lead is the story's representative doc after this assignment (best
	// headline).
	Lead int64
	// Entities are the doc's entities worth tagging, may be nil.
	Entities []entities.Mention
}

// Config sets up an Engine. The zero Config is usable.
type Config struct {
	// Window is how long a story stays open after its newest doc; 0 means
	// DefaultWindow.
	Window time.Duration
	// NextStory is the first story ID to hand out (the store passes
	// max(id)+1); 0 means 1.
	NextStory int64
	// MaxOpenDocs caps the documents held in memory: past it the stories
	// with the oldest newest doc are closed early, whatever the Window.
	// 0 means DefaultMaxOpenDocs.
	MaxOpenDocs int
	// NearDupWindow is how long after a doc a copy of it is still
	// recognised as a near duplicate (copies of wire reports run within
	// hours); later copies are clustered on their scores like any other
	// doc. At most Window; 0 means DefaultNearDupWindow.
	NearDupWindow time.Duration
}

// Defaults for Config.
const (
	DefaultWindow      = 72 * time.Hour
	DefaultMaxOpenDocs = 50_000
	// DefaultNearDupWindow keeps a third of the default Window's docs in
	// the near-duplicate index, which holds about 3 KB per doc.
	DefaultNearDupWindow = 24 * time.Hour
)

// Stats describes the engine's state and what it has done so far.
type Stats struct {
	Added          int64 // docs passed to Add
	Restored       int64 // docs passed to Restore
	Alone          int64 // docs left alone (Story 0)
	NewStories     int64 // stories started by Add
	Joined         int64 // docs that joined an existing story
	NearDups       int64 // docs reported as near duplicates
	Merges         int64 // stories absorbed by merges
	OpenStories    int   // stories still open to new docs
	LiveDocs       int   // docs of open stories, held in memory
	Terms          int   // distinct terms and entities counted over live docs
	Postings       int   // index entries (term or entity, story)
	EvictedStories int64 // stories closed because the window passed
	EvictedDocs    int64 // their docs, dropped from memory
	Clock          time.Time
	NextStory      int64
}

// Engine assigns documents to stories online. It is safe for concurrent
// use: feature extraction runs in the caller's goroutine, the assignment
// itself under one mutex.
type Engine struct {
	mu      sync.Mutex
	p       params
	window  time.Duration
	nearWin time.Duration
	maxDocs int
	next    int64

	clock     time.Time // newest plausible publication time seen
	futureRun int       // consecutive docs dated past clock+window
	futureMin time.Time // the earliest of them

	docs     map[int64]*docRec
	stories  map[int64]*story
	df       map[uint64]int32 // live docs holding each term or entity
	sources  map[string]*sourceDF
	postings map[uint64][]int64
	// postingsLen is the number of entries in postings.
	postingsLen int
	near        *neardup.Index
	nearFIFO    []nearEntry // docs in near, in the order they were indexed
	nearHead    int         // nearFIFO[:nearHead] are done with
	nearSeq     uint64      // the last sequence number handed to an entry
	nearLen     int         // docs in near
	expiry      expiryHeap

	reg     *entities.Registry
	regAdds int

	stats Stats

	// decide, when set (by tests), sees every doc's scored candidates
	// and may override the choice: ok true makes the doc join story (0: a
	// new one), without merges.
	decide func(id int64, v *docVec, ms []match) (story int64, ok bool)
}

// docRec is what the engine keeps of a live document.
type docRec struct {
	story      int64
	source     string
	at         time.Time // effective time (see place)
	terms      []uint64  // distinct terms, to uncount when evicted
	ents       []uint64
	title      []uint64
	shouting   bool
	titleWords int
	hasBody    bool
	nearSeq    uint64 // its entry in nearFIFO while in the near-duplicate index, else 0
}

// New returns an engine with no stories.
func New(cfg Config) *Engine {
	e := &Engine{
		p:        defaultParams,
		window:   cfg.Window,
		maxDocs:  cfg.MaxOpenDocs,
		next:     cfg.NextStory,
		docs:     map[int64]*docRec{},
		stories:  map[int64]*story{},
		df:       map[uint64]int32{},
		sources:  map[string]*sourceDF{},
		postings: map[uint64][]int64{},
		near:     neardup.NewIndex(),
		reg:      entities.NewRegistry(),
	}
	if e.window <= 0 {
		e.window = DefaultWindow
	}
	if e.maxDocs <= 0 {
		e.maxDocs = DefaultMaxOpenDocs
	}
	e.nearWin = cfg.NearDupWindow
	if e.nearWin <= 0 {
		e.nearWin = DefaultNearDupWindow
	}
	e.nearWin = min(e.nearWin, e.window)
	if e.next <= 0 {
		e.next = 1
	}
	return e
}

// Add assigns d to a story: an open story it is similar enough to, or a
// new one. See the package documentation for how.
func (e *Engine) Add(d Doc) Assignment {
	f := extract(d.Title, d.Text)
	e.mu.Lock()
	defer e.mu.Unlock()
	e.stats.Added++
	if rec, ok := e.docs[d.ID]; ok {
		// Already live: adding it again changes nothing.
		return Assignment{ID: d.ID, Story: rec.story, Lead: e.stories[rec.story].lead}
	}
	at := e.place(d.Published)
	e.evict()
	a := Assignment{ID: d.ID}
	if !f.usable() {
		e.stats.Alone++
		return a
	}
	a.Entities = e.tag(d.Source, f.mentions)
	rec := e.newRec(d, f, at)
	e.count(rec, 1)
	f = e.withoutBoilerplate(d.Source, f)

	target, dup := e.nearDup(d.ID, f)
	var merged []int64
	if target == 0 {
		target, merged = e.choose(d.ID, rec, f)
	}
	switch {
	case target == 0:
		target = e.newStory(at)
		e.stats.NewStories++
	default:
		e.stats.Joined++
	}
	for _, m := range merged {
		e.merge(target, m)
	}
	e.join(d.ID, target, rec, f)
	if dup != 0 {
		e.stats.NearDups++
	}
	a.Story, a.NearDupOf, a.Merged = target, dup, merged
	a.Lead = e.stories[target].lead
	return a
}

// Restore re-seeds the engine after a restart with a stored document that
// was already assigned to story: no new assignment is made, and later
// story IDs are handed out above story. A story of 0 (a doc left alone) or
// a doc already live is ignored.
func (e *Engine) Restore(d Doc, story int64) {
	if story <= 0 {
		return
	}
	f := extract(d.Title, d.Text)
	e.mu.Lock()
	defer e.mu.Unlock()
	e.stats.Restored++
	if story >= e.next {
		e.next = story + 1
	}
	if _, ok := e.docs[d.ID]; ok || !f.usable() {
		return
	}
	at := e.place(d.Published)
	e.evict()
	e.reg.Add(d.Source, f.mentions)
	rec := e.newRec(d, f, at)
	e.count(rec, 1)
	f = e.withoutBoilerplate(d.Source, f)
	if _, ok := e.stories[story]; !ok {
		e.stories[story] = newStoryRec(story, at)
	}
	e.join(d.ID, story, rec, f)
}

// Stats returns counters and the size of the engine's state.
func (e *Engine) Stats() Stats {
	e.mu.Lock()
	defer e.mu.Unlock()
	s := e.stats
	s.OpenStories = len(e.stories)
	s.LiveDocs = len(e.docs)
	s.Terms = len(e.df)
	s.Postings = e.postingsLen
	s.Clock = e.clock
	s.NextStory = e.next
	return s
}

func (e *Engine) newRec(d Doc, f *features, at time.Time) *docRec {
	rec := &docRec{
		source:     d.Source,
		at:         at,
		terms:      make([]uint64, len(f.terms)),
		ents:       f.ents,
		title:      f.title,
		shouting:   f.shouting,
		titleWords: f.titleWords,
		hasBody:    f.sig.Valid(),
	}
	for i, t := range f.terms {
		rec.terms[i] = t.term
	}
	return rec
}

// count adds (sign 1) or removes (sign -1) a doc's terms and entities from
// the document frequencies.
func (e *Engine) count(rec *docRec, sign int32) {
	e.countSource(rec, sign)
	for _, lists := range [2][]uint64{rec.terms, rec.ents} {
		for _, t := range lists {
			n := e.df[t] + sign
			if n <= 0 {
				delete(e.df, t)
			} else {
				e.df[t] = n
			}
		}
	}
}

// nearDup looks d's body up among the live docs: when an earlier copy is
// found, the doc joins that copy's story.
func (e *Engine) nearDup(id int64, f *features) (story, dupOf int64) {
	if !f.sig.Valid() {
		return 0, 0
	}
	other, _, ok := e.near.Match(f.sig)
	if !ok {
		return 0, 0
	}
	rec, live := e.docs[other]
	if !live {
		return 0, 0
	}
	return rec.story, other
}

// tag records the doc's mentions in the registry and returns those worth
// tagging. The registry is renewed every registryGeneration docs, keeping
// the entities it is sure of, so that its memory stays bounded.
func (e *Engine) tag(source string, ms []entities.Mention) []entities.Mention {
	e.reg.Add(source, ms)
	e.regAdds++
	tags := e.reg.Filter(ms, tagConfidence)
	if e.regAdds >= registryGeneration {
		keep := e.reg.Strong(tagConfidence)
		if len(keep) > registryCarry {
			keep = keep[:registryCarry]
		}
		e.reg = entities.NewRegistry()
		e.reg.Restore(keep)
		e.regAdds = 0
	}
	return tags
}

// Registry bounds and the confidence an entity needs to be tagged.
const (
	// tagConfidence: a name two sources capitalize, or one with a
	// structural cue (honorific, organization suffix, place preposition).
	tagConfidence      = 0.45
	registryGeneration = 100_000
	registryCarry      = 20_000
)
