package cluster

import (
	"cmp"
	"math"
	"slices"
)

// params are the engine's tuned constants; see the package documentation
// for what each does and how they were chosen.
type params struct {
	join        float64 // least score to join a story
	cosAlone    float64 // least cosine to join for a doc naming no entity
	sharedEnts  int     // shared entities for full entity evidence
	fewEnts     int     // a story naming no more entities is known from short texts
	merge       float64 // least score, with two stories, to merge them
	topTerms    int     // distinctive terms per doc, for the index
	maxCands    int     // candidate stories scored per doc
	postingCap  int     // stories listed under one term at most
	maxPosted   int     // terms and entities one story is indexed under
	centroidCap int     // terms kept in a story's centroid
	maxPostDF   float64 // a term in more than this share of docs is not indexed
}

var defaultParams = params{
	join: 0.40, cosAlone: 0.55, sharedEnts: 2, fewEnts: 5,
	merge:    0.45,
	topTerms: 24, maxCands: 32, postingCap: 256, maxPosted: 512,
	centroidCap: 400, maxPostDF: 0.1,
}

// match is one candidate story scored against a doc.
type match struct {
	story     int64
	score     float64
	cos       float64 // cosine of the doc's tf-idf vector and the story's centroid
	ent       float64 // idf-weighted share of the doc's entities the story names
	entN      int     // entities shared
	entRev    float64 // idf-weighted share of the story's entity mass the doc names
	storyEnts int     // distinct entities the story names
}

// docVec is the doc's term weights times idf, with its length.
type docVec struct {
	f       *features
	idf     []float64 // per f.terms
	norm    float64
	entIDF  []float64 // per f.ents
	entMass float64   // their sum
}

func (e *Engine) vec(f *features) *docVec {
	v := &docVec{f: f, idf: make([]float64, len(f.terms)), entIDF: make([]float64, len(f.ents))}
	for i, t := range f.terms {
		v.idf[i] = e.idf(t.term)
		w := float64(t.w) * v.idf[i]
		v.norm += w * w
	}
	v.norm = math.Sqrt(v.norm)
	for i, x := range f.ents {
		v.entIDF[i] = e.idf(x)
		v.entMass += v.entIDF[i]
	}
	return v
}

// score rates how well a doc fits a story, from 0 to 1 (see combine).
func (e *Engine) score(s *story, v *docVec) match {
	m := match{story: s.id, storyEnts: len(s.ents)}
	if n := e.norm(s); n > 0 && v.norm > 0 {
		var dot float64
		for i, t := range v.f.terms {
			if c, ok := s.centroid[t.term]; ok {
				dot += float64(t.w) * v.idf[i] * v.idf[i] * float64(c)
			}
		}
		m.cos = dot / (v.norm * n)
	}
	if v.entMass > 0 {
		var shared, sharedSup float64
		for i, x := range v.f.ents {
			if c := s.ents[x]; c > 0 {
				shared += v.entIDF[i]
				sharedSup += v.entIDF[i] * float64(c) / float64(s.members)
				m.entN++
			}
		}
		m.ent = shared / v.entMass
		if m.storyEnts <= e.p.fewEnts {
			if em := e.entMass(s); em > 0 {
				m.entRev = sharedSup / em
			}
		}
	}
	m.score = e.combine(m, len(v.f.ents))
	return m
}

// choose picks the story a doc joins (0: none fits, start one) and the
// stories it bridges into that one. Candidates come from the index; those
// whose time span is more than a window away from the doc are skipped.
func (e *Engine) choose(id int64, rec *docRec, f *features) (target int64, merged []int64) {
	v := e.vec(f)
	var ms []match
	for _, sid := range e.candidates(f) {
		s := e.stories[sid]
		if s == nil || rec.at.Sub(s.newest) > e.window || s.oldest.Sub(rec.at) > e.window {
			continue
		}
		ms = append(ms, e.score(s, v))
	}
	if e.decide != nil {
		if sid, ok := e.decide(id, v, ms); ok {
			return sid, nil
		}
	}
	slices.SortFunc(ms, func(a, b match) int {
		return cmp.Or(cmp.Compare(b.score, a.score), cmp.Compare(a.story, b.story))
	})
	if len(ms) == 0 || ms[0].score < e.p.join {
		return 0, nil
	}
	target = ms[0].story
	if ms[0].score < e.p.merge {
		return target, nil
	}
	for _, m := range ms[1:] {
		if m.score < e.p.merge {
			break
		}
		merged = append(merged, m.story)
	}
	if len(merged) == 0 {
		return target, nil
	}
	// The oldest story survives; the others are folded into it.
	merged = append(merged, target)
	slices.Sort(merged)
	return merged[0], merged[1:]
}

// combine turns a match's similarities into its score: the geometric mean
// of the text cosine and the entity evidence, the idf-weighted share of the
// doc's entities the story names, scaled down while fewer than sharedEnts
// entities are shared. Both must be there: articles written from one
// template (two marathons, two cities' Wi-Fi schemes) share their words
// but not their names, and two stories about one person share the name
// but not the words. A doc that names no entity is judged on its text
// alone and joins at a cosine of cosAlone.
func (e *Engine) combine(m match, docEnts int) float64 {
	if docEnts == 0 {
		return e.p.join * m.cos / e.p.cosAlone
	}
	ent := m.ent
	if m.storyEnts <= e.p.fewEnts {
		ent = max(ent, m.entRev)
	}
	need := min(e.p.sharedEnts, docEnts)
	ev := ent * min(1, float64(m.entN)/float64(need))
	return math.Sqrt(m.cos * ev)
}
