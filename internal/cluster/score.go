package cluster

import (
	"math"
	"slices"
)

// params are the engine's tuned constants; see the package documentation
// for what each does and how they were chosen.
type params struct {
	join        float64 // least score to join a story
	cosAlone    float64 // least cosine to join for a doc naming no entity
	sharedEnts  int     // shared entities for full entity evidence
	merge       float64 // least score, with two stories, to merge them
	topTerms    int     // distinctive terms per doc, for the index
	maxCands    int     // candidate stories scored per doc
	postingCap  int     // stories listed under one term at most
	maxPosted   int     // terms and entities one story is indexed under
	centroidCap int     // terms kept in a story's centroid
	maxPostDF   float64 // a term in more than this share of docs is not indexed
}

var defaultParams = params{
	join: 0.39, cosAlone: 0.55, sharedEnts: 2,
	merge:    0.55,
	topTerms: 24, maxCands: 32, postingCap: 256, maxPosted: 512,
	centroidCap: 400, maxPostDF: 0.1,
}

// match is one candidate story scored against a doc.
type match struct {
	story           int64
	cos, ent, title float64
	score           float64
	entShared       float64 // sum of the idf of shared entities
	entN            int     // shared entities
	entJ            float64 // weighted Jaccard of doc and story entities
	lead            float64 // share of the doc's lead entities in the story
}

// docVec is the doc's term weights times idf, with its length.
type docVec struct {
	f    *features
	idf  []float64 // per f.terms
	norm float64
	ents float64 // sum of the idf of the doc's entities
	titl float64 // sum of the idf of the doc's headline terms
}

func (e *Engine) vec(f *features) *docVec {
	v := &docVec{f: f, idf: make([]float64, len(f.terms))}
	for i, t := range f.terms {
		v.idf[i] = e.idf(t.term)
		w := float64(t.w) * v.idf[i]
		v.norm += w * w
	}
	v.norm = math.Sqrt(v.norm)
	for _, x := range f.ents {
		v.ents += e.idf(x)
	}
	for _, t := range f.title {
		v.titl += e.idf(t)
	}
	return v
}

// score rates how well a doc fits a story, from 0 to 1: the cosine of the
// doc's tf-idf vector and the story's centroid, the share of the doc's
// entities the story names, and the share of its headline words found in
// the story's headlines, each share weighted by idf.
func (e *Engine) score(s *story, v *docVec) match {
	m := match{story: s.id}
	if n := e.norm(s); n > 0 && v.norm > 0 {
		var dot float64
		for i, t := range v.f.terms {
			if c, ok := s.centroid[t.term]; ok {
				dot += float64(t.w) * v.idf[i] * v.idf[i] * float64(c)
			}
		}
		m.cos = dot / (v.norm * n)
	}
	if v.ents > 0 {
		var shared float64
		for _, x := range v.f.ents {
			if s.ents[x] > 0 {
				shared += e.idf(x)
				m.entN++
			}
		}
		m.ent = shared / v.ents
		m.entShared = shared
		var sharedSup float64
		for _, x := range v.f.ents {
			if c := s.ents[x]; c > 0 {
				sharedSup += e.idf(x) * float64(c) / float64(len(s.docs))
			}
		}
		if den := v.ents + e.entMass(s) - sharedSup; den > 0 {
			m.entJ = sharedSup / den
		}
	}
	var leadAll, leadShared float64
	for _, x := range v.f.lead {
		w := e.idf(x)
		leadAll += w
		if s.ents[x] > 0 {
			leadShared += w
		}
	}
	if leadAll > 0 {
		m.lead = leadShared / leadAll
	}
	if v.titl > 0 {
		var shared float64
		for _, t := range v.f.title {
			if s.titles[t] > 0 {
				shared += e.idf(t)
			}
		}
		m.title = shared / v.titl
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
		if sid, ok := e.decide(id, ms); ok {
			return sid, nil
		}
	}
	slices.SortFunc(ms, func(a, b match) int {
		switch {
		case a.score > b.score:
			return -1
		case a.score < b.score:
			return 1
		case a.story < b.story:
			return -1
		case a.story > b.story:
			return 1
		}
		return 0
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
	need := min(e.p.sharedEnts, docEnts)
	ev := m.ent * min(1, float64(m.entN)/float64(need))
	return math.Sqrt(m.cos * ev)
}
