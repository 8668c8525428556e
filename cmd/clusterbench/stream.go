package main

import (
	"container/heap"
	"slices"
	"time"

	"github.com/newsdesk/newsdesk/internal/demo"
)

// stream yields the articles of the demo worlds of seeds 1, 2, 3…, world
// k (from 0) ending at base + k*spacing, merged in publication order: with
// a spacing of a week the worlds follow one another; with less they
// overlap, and the window holds several worlds' news at once.
type stream struct {
	base    time.Time
	spacing time.Duration
	next    int // the next world to generate
	cursors cursorHeap
	classes int32
	// sample is a copy of the first world's articles, for the reference
	// timings: the same articles at every checkpoint.
	sample []demo.Article
}

// cursor is one world's articles in publication order and how far the
// stream has read them.
type cursor struct {
	arts   []demo.Article
	i      int
	events map[int]int32 // event -> truth class
}

func newStream(base time.Time, spacing time.Duration) *stream {
	return &stream{base: base, spacing: spacing}
}

// Next returns the next article and its truth class (its world's event,
// or a class of its own when standalone).
func (s *stream) Next() (demo.Article, int32) {
	// A world's articles run over the week before its end: generate every
	// world that may publish before the earliest article pending.
	for len(s.cursors) == 0 || !s.worldStart(s.next).After(s.cursors[0].arts[s.cursors[0].i].Published) {
		s.generate()
	}
	c := s.cursors[0]
	a := c.arts[c.i]
	c.arts[c.i] = demo.Article{} // read: let it go once the engine has it
	c.i++
	if c.i == len(c.arts) {
		heap.Pop(&s.cursors)
	} else {
		heap.Fix(&s.cursors, 0)
	}
	cls, ok := c.events[a.EventID]
	if a.EventID == 0 || !ok {
		s.classes++
		cls = s.classes
		if a.EventID != 0 {
			c.events[a.EventID] = cls
		}
	}
	return a, cls
}

// worldStart is the earliest time world k may publish at.
func (s *stream) worldStart(k int) time.Time {
	return s.base.Add(time.Duration(k)*s.spacing - week)
}

func (s *stream) generate() {
	w := demo.NewWorld(int64(s.next+1), s.base.Add(time.Duration(s.next)*s.spacing))
	s.next++
	arts := w.Articles()
	slices.SortStableFunc(arts, func(a, b demo.Article) int { return a.Published.Compare(b.Published) })
	if s.sample == nil {
		s.sample = slices.Clone(arts)
	}
	if len(arts) > 0 {
		heap.Push(&s.cursors, &cursor{arts: arts, events: map[int]int32{}})
	}
}

// cursorHeap orders cursors by their next article's publication time.
type cursorHeap []*cursor

func (h cursorHeap) Len() int { return len(h) }
func (h cursorHeap) Less(i, j int) bool {
	return h[i].arts[h[i].i].Published.Before(h[j].arts[h[j].i].Published)
}
func (h cursorHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *cursorHeap) Push(x any)   { *h = append(*h, x.(*cursor)) }
func (h *cursorHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// pendingBytes estimates the memory held by the articles generated but not
// yet read (their text, with a string header per string): the harness's
// share of the heap, which grows with the number of overlapping worlds.
func (s *stream) pendingBytes() int64 {
	var n int64
	for _, c := range s.cursors {
		for _, a := range c.arts[c.i:] {
			n += int64(len(a.Title)+len(a.Summary)+len(a.Path)+len(a.Byline)+len(a.Caption)+len(a.ImageCredit)) + 6*16
			for _, p := range a.Paragraphs {
				n += int64(len(p)) + 16
			}
		}
		n += int64(cap(c.arts)) * 256 // the Article structs themselves
	}
	return n
}
