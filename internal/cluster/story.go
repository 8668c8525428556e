package cluster

import (
	"math"
	"slices"
	"time"
)

// story is an open story: its docs and the summaries the scoring reads.
type story struct {
	id     int64
	docs   []int64
	oldest time.Time
	newest time.Time
	// centroid sums the members' unit-length term vectors (term weights
	// before inverse document frequency, which is applied when scoring,
	// as it changes with the window). At most centroidCap terms are kept.
	centroid map[uint64]float32
	// titles counts, per headline term, the members whose headline has it.
	titles map[uint64]float32
	// ents counts, per entity, the members naming it.
	ents map[uint64]float32
	// posted are the terms and entities the story is indexed under.
	posted map[uint64]struct{}
	// sources counts members per outlet.
	sources map[string]int
	lead    int64
	// norm caches the centroid's length under the idf at normAt adds.
	norm   float64
	normAt int64
	// entMass caches the story's entity mass (see entMass) at entAt adds.
	entMass float64
	entAt   int64
}

func newStoryRec(id int64, at time.Time) *story {
	return &story{
		id: id, oldest: at, newest: at,
		centroid: map[uint64]float32{}, titles: map[uint64]float32{},
		ents: map[uint64]float32{}, posted: map[uint64]struct{}{},
		sources: map[string]int{}, normAt: -1, entAt: -1,
	}
}

// newStory starts an empty story with the next ID.
func (e *Engine) newStory(at time.Time) int64 {
	id := e.next
	e.next++
	e.stories[id] = newStoryRec(id, at)
	return id
}

// join adds a doc to a story: its vector to the centroid, its headline
// and entities to the story's counts, its distinctive terms to the index.
func (e *Engine) join(id, sid int64, rec *docRec, f *features) {
	s := e.stories[sid]
	rec.story = sid
	e.docs[id] = rec
	if f.sig.Valid() {
		e.near.Add(id, f.sig)
	}
	s.docs = append(s.docs, id)
	s.sources[rec.source]++
	var norm float64
	for _, t := range f.terms {
		norm += float64(t.w) * float64(t.w)
	}
	norm = math.Sqrt(norm)
	for _, t := range f.terms {
		s.centroid[t.term] += float32(float64(t.w) / norm)
	}
	for _, t := range f.title {
		s.titles[t]++
	}
	for _, x := range f.ents {
		s.ents[x]++
	}
	if len(s.centroid) > 2*e.p.centroidCap {
		e.prune(s)
	}
	s.normAt, s.entAt = -1, -1
	if rec.at.Before(s.oldest) {
		s.oldest = rec.at
	}
	if rec.at.After(s.newest) || len(s.docs) == 1 {
		s.newest = rec.at
	}
	e.post(s, e.distinctive(f))
	e.post(s, f.ents)
	e.pickLead(s, id)
	e.touch(s)
}

// prune keeps the centroidCap terms of a story's centroid that weigh the
// most under the current idf.
func (e *Engine) prune(s *story) {
	type tw struct {
		t uint64
		w float64
	}
	all := make([]tw, 0, len(s.centroid))
	for t, c := range s.centroid {
		all = append(all, tw{t, float64(c) * e.idf(t)})
	}
	slices.SortFunc(all, func(a, b tw) int {
		switch {
		case a.w > b.w:
			return -1
		case a.w < b.w:
			return 1
		}
		return 0
	})
	for _, x := range all[e.p.centroidCap:] {
		delete(s.centroid, x.t)
	}
}

// merge folds story from into story into: its docs, counts and index
// entries. into must be the older (lower) ID.
func (e *Engine) merge(into, from int64) {
	a, b := e.stories[into], e.stories[from]
	if a == nil || b == nil || a == b {
		return
	}
	for _, id := range b.docs {
		if rec, ok := e.docs[id]; ok {
			rec.story = into
		}
	}
	a.docs = append(a.docs, b.docs...)
	for t, c := range b.centroid {
		a.centroid[t] += c
	}
	for t, c := range b.titles {
		a.titles[t] += c
	}
	for t, c := range b.ents {
		a.ents[t] += c
	}
	for src, n := range b.sources {
		a.sources[src] += n
	}
	if len(a.centroid) > 2*e.p.centroidCap {
		e.prune(a)
	}
	a.normAt, a.entAt = -1, -1
	if b.oldest.Before(a.oldest) {
		a.oldest = b.oldest
	}
	if b.newest.After(a.newest) {
		a.newest = b.newest
	}
	terms := make([]uint64, 0, len(b.posted))
	for t := range b.posted {
		terms = append(terms, t)
	}
	e.unpostAll(b)
	e.post(a, terms)
	delete(e.stories, from)
	e.stats.Merges++
	e.pickLead(a, b.lead)
	e.touch(a)
}

// pickLead chooses the story's representative doc between its current
// lead and cand, or among all members while the story is small: the doc
// whose headline shares the most words with the others' headlines, not
// set in capitals, of a usual length, with a body.
func (e *Engine) pickLead(s *story, cand int64) {
	best, bestScore := s.lead, e.leadScore(s, s.lead)
	consider := []int64{cand}
	if len(s.docs) <= leadRescanMax {
		consider = s.docs
	}
	for _, id := range consider {
		if sc := e.leadScore(s, id); sc > bestScore || best == 0 || (sc == bestScore && id < best) {
			best, bestScore = id, sc
		}
	}
	s.lead = best
}

// leadRescanMax is the size up to which every member is reconsidered as
// the lead when a doc joins; past it only the newcomer challenges.
const leadRescanMax = 64

// leadScore rates a member's headline as the story's title.
func (e *Engine) leadScore(s *story, id int64) float64 {
	rec, ok := e.docs[id]
	if !ok || len(rec.title) == 0 {
		return -1
	}
	var shared float64
	for _, t := range rec.title {
		shared += float64(s.titles[t]-1) * e.idf(t)
	}
	sc := shared/float64(len(rec.title)) + 0.01
	if rec.shouting {
		sc *= 0.3
	}
	if rec.titleWords < 4 || rec.titleWords > 20 {
		sc *= 0.6
	}
	if !rec.hasBody {
		sc *= 0.8
	}
	return sc
}

// norm returns the length of the story's centroid weighted by idf,
// recomputed after the story changed or normStale adds later.
func (e *Engine) norm(s *story) float64 {
	if s.normAt >= 0 && e.stats.Added-s.normAt < normStale {
		return s.norm
	}
	var n float64
	for t, c := range s.centroid {
		w := float64(c) * e.idf(t)
		n += w * w
	}
	s.norm, s.normAt = math.Sqrt(n), e.stats.Added
	return s.norm
}

// normStale is how many adds a cached centroid length stays valid: the idf
// drifts slowly, as one doc changes it by little.
const normStale = 64

// entMass returns the sum over the story's entities of their idf times
// the share of members naming them, cached as norm is.
func (e *Engine) entMass(s *story) float64 {
	if s.entAt >= 0 && e.stats.Added-s.entAt < normStale {
		return s.entMass
	}
	var m float64
	n := float64(len(s.docs))
	for x, c := range s.ents {
		m += e.idf(x) * float64(c) / n
	}
	s.entMass, s.entAt = m, e.stats.Added
	return m
}
