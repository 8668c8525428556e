package cluster

import (
	"cmp"
	"math"
	"slices"
)

// minIDFDocs is the least document count the idf assumes: while the
// engine holds few docs, a term in two of them is not yet common.
const minIDFDocs = 50

// idf is the inverse document frequency of a term or entity over the live
// docs: ln((N+1)/(df+1)), with N at least minIDFDocs.
func (e *Engine) idf(t uint64) float64 {
	n := max(len(e.docs), minIDFDocs)
	return math.Log(float64(n+1) / float64(e.df[t]+1))
}

// distinctive returns the doc's topTerms terms of highest weight times idf
// whose document frequency is low enough for an index entry to narrow the
// search: the words that name the event rather than the kind of event.
func (e *Engine) distinctive(f *features) []uint64 {
	type tw struct {
		t uint64
		w float64
	}
	n := max(len(e.docs), minIDFDocs)
	maxDF := int32(float64(n)*e.p.maxPostDF) + 1
	cands := make([]tw, 0, len(f.terms))
	for _, t := range f.terms {
		if e.df[t.term] > maxDF {
			continue
		}
		cands = append(cands, tw{t.term, float64(t.w) * e.idf(t.term)})
	}
	slices.SortFunc(cands, func(a, b tw) int {
		return cmp.Or(cmp.Compare(b.w, a.w), cmp.Compare(a.t, b.t))
	})
	if len(cands) > e.p.topTerms {
		cands = cands[:e.p.topTerms]
	}
	out := make([]uint64, len(cands))
	for i, c := range cands {
		out[i] = c.t
	}
	return out
}

// post indexes story s under terms it is not yet indexed under. A story is
// indexed under at most maxPosted terms, and a term lists at most
// postingCap stories: when full, the one listed first (the oldest) goes,
// as a term in that many open stories no longer narrows anything.
func (e *Engine) post(s *story, terms []uint64) {
	for _, t := range terms {
		if _, ok := s.posted[t]; ok || len(s.posted) >= e.p.maxPosted {
			continue
		}
		p := e.postings[t]
		if len(p) >= e.p.postingCap {
			if old, ok := e.stories[p[0]]; ok {
				delete(old.posted, t)
			}
			p = append(p[:0], p[1:]...)
			e.postingsLen--
		}
		e.postings[t] = append(p, s.id)
		e.postingsLen++
		s.posted[t] = struct{}{}
	}
}

// unpostAll removes story s from every posting it is in.
func (e *Engine) unpostAll(s *story) {
	for t := range s.posted {
		p := e.postings[t]
		if i := slices.Index(p, s.id); i >= 0 {
			p = slices.Delete(p, i, i+1)
			e.postingsLen--
		}
		if len(p) == 0 {
			delete(e.postings, t)
		} else {
			e.postings[t] = p
		}
	}
	clear(s.posted)
}

// candidates returns the open stories that share indexed terms or
// entities with the doc, the maxCands with the most idf in common. Only
// the postings of the doc's own terms are read: never the list of
// stories.
func (e *Engine) candidates(f *features) []int64 {
	hits := map[int64]float64{}
	for _, lists := range [2][]uint64{e.distinctive(f), f.ents} {
		for _, t := range lists {
			p := e.postings[t]
			if len(p) == 0 {
				continue
			}
			w := e.idf(t)
			for _, sid := range p {
				hits[sid] += w
			}
		}
	}
	type hit struct {
		id int64
		w  float64
	}
	all := make([]hit, 0, len(hits))
	for id, w := range hits {
		all = append(all, hit{id, w})
	}
	slices.SortFunc(all, func(a, b hit) int {
		return cmp.Or(cmp.Compare(b.w, a.w), cmp.Compare(a.id, b.id))
	})
	if len(all) > e.p.maxCands {
		all = all[:e.p.maxCands]
	}
	out := make([]int64, len(all))
	for i, h := range all {
		out[i] = h.id
	}
	return out
}
