package cluster

import (
	"math"
	"slices"
	"time"
)

// story is an open story: its docs and the summaries the scoring reads.
type story struct {
	id int64
	// docs are the members held in memory, oldest first: all of them
	// unless the story outgrew maxStoryDocs (see retire).
	docs []int64
	// members counts every doc that joined, retired ones included.
	members int
	oldest  time.Time
	newest  time.Time
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
	lead   int64
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
		normAt: -1, entAt: -1,
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
		e.nearSeq++
		rec.nearSeq = e.nearSeq
		e.nearLen++
		e.nearFIFO = append(e.nearFIFO, nearEntry{at: rec.at, id: id, seq: e.nearSeq})
	}
	s.docs = append(s.docs, id)
	s.members++
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
	e.trim(s)
	s.normAt, s.entAt = -1, -1
	if rec.at.Before(s.oldest) {
		s.oldest = rec.at
	}
	if rec.at.After(s.newest) || s.members == 1 {
		s.newest = rec.at
	}
	e.post(s, e.distinctive(f))
	e.post(s, f.ents)
	e.pickLead(s, id)
	e.touch(s)
}

// Bounds on what one story holds, whatever its size.
const (
	// maxStoryDocs is how many of a story's docs stay in memory: a story
	// that runs for weeks (a war, an election) keeps its newest ones.
	maxStoryDocs = 1000
	// maxStoryCounts caps the headline terms and entities a story counts.
	maxStoryCounts = 500
)

// trim keeps a story's summaries and docs within their bounds: the
// centroid's weightiest centroidCap terms once it has twice as many, the
// most frequent maxStoryCounts headline terms and entities once there
// are twice as many, and the newest maxStoryDocs docs (see retire).
func (e *Engine) trim(s *story) {
	if len(s.centroid) > 2*e.p.centroidCap {
		e.prune(s.centroid, e.p.centroidCap, true)
	}
	if len(s.titles) > 2*maxStoryCounts {
		e.prune(s.titles, maxStoryCounts, false)
	}
	if len(s.ents) > 2*maxStoryCounts {
		e.prune(s.ents, maxStoryCounts, false)
	}
	if len(s.docs) > maxStoryDocs {
		e.retire(s, len(s.docs)-maxStoryDocs/2)
	}
}

// retire drops a story's n oldest docs from memory and the indexes, as
// eviction would, while the story stays open: its centroid and counts
// still hold what they contributed.
func (e *Engine) retire(s *story, n int) {
	for _, id := range s.docs[:n] {
		if rec, ok := e.docs[id]; ok {
			e.count(rec, -1)
			e.unindexNear(id, rec)
			delete(e.docs, id)
			e.stats.EvictedDocs++
		}
	}
	s.docs = append(s.docs[:0], s.docs[n:]...)
}

// prune keeps the n entries of m with the highest value, weighted by
// idf when byIDF is set.
func (e *Engine) prune(m map[uint64]float32, n int, byIDF bool) {
	type tw struct {
		t uint64
		w float64
	}
	all := make([]tw, 0, len(m))
	for t, c := range m {
		w := float64(c)
		if byIDF {
			w *= e.idf(t)
		}
		all = append(all, tw{t, w})
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
	for _, x := range all[n:] {
		delete(m, x.t)
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
	a.members += b.members
	for t, c := range b.centroid {
		a.centroid[t] += c
	}
	for t, c := range b.titles {
		a.titles[t] += c
	}
	for t, c := range b.ents {
		a.ents[t] += c
	}
	e.trim(a)
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
// lead and cand, or among all members while the story is small (see
// leadScore). Ties go to the earlier doc.
func (e *Engine) pickLead(s *story, cand int64) {
	best, bestScore := s.lead, e.leadScore(s, s.lead)
	consider := []int64{cand}
	if len(s.docs) <= leadRescanMax {
		consider = s.docs
	}
	for _, id := range consider {
		sc := e.leadScore(s, id)
		if best == 0 || sc > bestScore || sc == bestScore && e.earlier(id, best) {
			best, bestScore = id, sc
		}
	}
	s.lead = best
}

// earlier reports whether live doc a was filed before b (by ID on ties).
func (e *Engine) earlier(a, b int64) bool {
	ra, rb := e.docs[a], e.docs[b]
	if ra == nil || rb == nil || ra.at.Equal(rb.at) {
		return a < b
	}
	return ra.at.Before(rb.at)
}

// leadRescanMax is the size up to which every member is reconsidered as
// the lead when a doc joins; past it only the newcomer challenges.
const leadRescanMax = 64

// leadScore rates a member's headline as the story's title: the idf of
// its words, each counted once for being in the story's text and once per
// other member whose headline has it too, over the headline's length. So
// the headline that names what the others name wins, and a vague one
// ("Here is what we know") loses. Headlines in capitals, very short or
// very long ones, and docs without a body are marked down.
func (e *Engine) leadScore(s *story, id int64) float64 {
	rec, ok := e.docs[id]
	if !ok || len(rec.title) == 0 {
		return -1
	}
	var sum float64
	for _, t := range rec.title {
		n := s.titles[t] - 1
		if _, ok := s.centroid[t]; ok {
			n++
		}
		sum += float64(n) * e.idf(t)
	}
	sc := sum/float64(max(rec.titleWords, 1)) + 0.01
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
	n := float64(s.members)
	for x, c := range s.ents {
		m += e.idf(x) * float64(c) / n
	}
	s.entMass, s.entAt = m, e.stats.Added
	return m
}
