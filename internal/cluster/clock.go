package cluster

import (
	"container/heap"
	"time"
)

// futureRunToJump is how many consecutive docs dated past the clock plus
// the window it takes to believe that time has really moved on (the
// engine was stopped for a while), rather than that one feed misdates.
const futureRunToJump = 8

// place returns the time the engine files a doc under and advances the
// engine's clock. The clock is the newest plausible publication time seen;
// the engine never reads the wall clock, so an evaluation over an old
// archive behaves as it did live.
//
//   - Before any dated doc there is no clock: the first date sets it,
//     and the docs that came before are filed at it.
//   - A doc with no date, or one dated before the clock minus the window
//     (a bad date, or an article arriving days late), is filed at the
//     clock: it is compared with the stories open now.
//   - A doc dated past the clock plus the window (a date years ahead) is
//     filed at the clock too and does not move it, unless futureRunToJump
//     docs in a row are: then the clock jumps to the earliest of them.
//   - Otherwise the doc keeps its date, and the clock moves up to it.
func (e *Engine) place(t time.Time) time.Time {
	if t.IsZero() {
		return e.clock
	}
	if e.clock.IsZero() {
		e.clock = t
		e.retimeUndated(t)
		return t
	}
	if t.After(e.clock.Add(e.window)) {
		if e.futureRun == 0 || t.Before(e.futureMin) {
			e.futureMin = t
		}
		e.futureRun++
		if e.futureRun < futureRunToJump {
			return e.clock
		}
		t = e.futureMin
	}
	e.futureRun = 0
	if t.Before(e.clock.Add(-e.window)) {
		return e.clock
	}
	if t.After(e.clock) {
		e.clock = t
	}
	return t
}

// retimeUndated files at t the docs and stories that came before the
// first dated doc, when there was no clock to file them at. It runs once.
func (e *Engine) retimeUndated(t time.Time) {
	for _, rec := range e.docs {
		if rec.at.IsZero() {
			rec.at = t
		}
	}
	for _, s := range e.stories {
		if s.oldest.IsZero() {
			s.oldest = t
		}
		if s.newest.IsZero() {
			s.newest = t
			e.touch(s)
		}
	}
}

// expiry is one entry of the eviction queue: story was last updated with
// a doc filed at at. Later updates push new entries; stale ones are
// skipped when they come out.
type expiry struct {
	at    time.Time
	story int64
}

// expiryHeap is a min-heap of expiries by time.
type expiryHeap []expiry

func (h expiryHeap) Len() int           { return len(h) }
func (h expiryHeap) Less(i, j int) bool { return h[i].at.Before(h[j].at) }
func (h expiryHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *expiryHeap) Push(x any)        { *h = append(*h, x.(expiry)) }
func (h *expiryHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// touch queues story for eviction once at is older than the window.
func (e *Engine) touch(s *story) {
	heap.Push(&e.expiry, expiry{at: s.newest, story: s.id})
}

// evict closes the stories whose newest doc is older than the clock minus
// the window, and the oldest ones beyond MaxOpenDocs. The work is the
// stories closed: the queue is ordered by time, so nothing else is
// looked at.
func (e *Engine) evict() {
	e.expireNear()
	cutoff := e.clock.Add(-e.window)
	for e.expiry.Len() > 0 {
		top := e.expiry[0]
		if !top.at.Before(cutoff) && len(e.docs) <= e.maxDocs {
			return
		}
		heap.Pop(&e.expiry)
		s, ok := e.stories[top.story]
		if !ok || s.newest.After(top.at) {
			continue // merged away, or updated since: a later entry stands
		}
		e.close(s)
	}
}

// close drops a story and its docs from memory and from every index.
func (e *Engine) close(s *story) {
	e.unpostAll(s)
	for _, id := range s.docs {
		if rec, ok := e.docs[id]; ok {
			e.count(rec, -1)
			e.unindexNear(id, rec)
			delete(e.docs, id)
			e.stats.EvictedDocs++
		}
	}
	delete(e.stories, s.id)
	e.stats.EvictedStories++
}

// nearEntry is a doc indexed for near duplicates, filed at at; seq tells
// it from a later entry for a doc of the same ID.
type nearEntry struct {
	at  time.Time
	id  int64
	seq uint64
}

// expireNear drops from the near-duplicate index the docs filed more than
// NearDupWindow before the clock, in the order they were indexed. Entries
// of docs that left the index otherwise (evicted, retired) are skipped,
// and swept out whenever they outnumber the live ones, so that the queue
// stays proportional to the index even when time stands still.
func (e *Engine) expireNear() {
	cutoff := e.clock.Add(-e.nearWin)
	for e.nearHead < len(e.nearFIFO) && e.nearFIFO[e.nearHead].at.Before(cutoff) {
		x := e.nearFIFO[e.nearHead]
		e.nearHead++
		if rec, ok := e.docs[x.id]; ok && rec.nearSeq == x.seq {
			e.unindexNear(x.id, rec)
		}
	}
	if pending := len(e.nearFIFO) - e.nearHead; pending > 2*e.nearLen+1024 || e.nearHead > 1024 && e.nearHead > pending {
		live := e.nearFIFO[:0]
		for _, x := range e.nearFIFO[e.nearHead:] {
			if rec, ok := e.docs[x.id]; ok && rec.nearSeq == x.seq {
				live = append(live, x)
			}
		}
		clear(e.nearFIFO[len(live):])
		e.nearFIFO, e.nearHead = live, 0
	}
}

// unindexNear drops a doc from the near-duplicate index if it is there.
func (e *Engine) unindexNear(id int64, rec *docRec) {
	if rec.nearSeq != 0 {
		e.near.Remove(id)
		rec.nearSeq = 0
		e.nearLen--
	}
}
