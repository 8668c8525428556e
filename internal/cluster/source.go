package cluster

// Boilerplate: words and names an outlet puts in most of its articles
// whatever they are about (its own name in a dateline, a "Reporting by"
// line with its reporters, a newsletter plug). They make an outlet's
// articles look alike, so the engine counts, per source, the live docs
// holding each term and entity, and a doc is scored and indexed without
// the ones its own source uses too often.
const (
	// boilerplateShare is the share of a source's live docs a term or
	// entity must appear in to count as that source's boilerplate.
	boilerplateShare = 0.5
	// boilerplateMinDocs is the least number of live docs a source needs
	// before any of its words is called boilerplate.
	boilerplateMinDocs = 3
	// boilerplateMinDF is the least number of a source's live docs a
	// boilerplate term must appear in.
	boilerplateMinDF = 3
)

// sourceDF counts one source's live docs and, per term or entity, those
// holding it.
type sourceDF struct {
	n  int32
	df map[uint64]int32
}

// countSource adds (sign 1) or removes (sign -1) a doc from its source's
// counts; a source with no live doc left is forgotten.
func (e *Engine) countSource(rec *docRec, sign int32) {
	if rec.source == "" {
		return
	}
	s := e.sources[rec.source]
	if s == nil {
		if sign < 0 {
			return
		}
		s = &sourceDF{df: map[uint64]int32{}}
		e.sources[rec.source] = s
	}
	s.n += sign
	if s.n <= 0 {
		delete(e.sources, rec.source)
		return
	}
	for _, lists := range [2][]uint64{rec.terms, rec.ents} {
		for _, t := range lists {
			n := s.df[t] + sign
			if n <= 0 {
				delete(s.df, t)
			} else {
				s.df[t] = n
			}
		}
	}
}

// withoutBoilerplate returns f without the terms and entities that are
// boilerplate of source; f itself when there are none.
func (e *Engine) withoutBoilerplate(source string, f *features) *features {
	s := e.sources[source]
	if s == nil || s.n < boilerplateMinDocs {
		return f
	}
	limit := max(int32(boilerplateShare*float64(s.n)), boilerplateMinDF-1)
	is := func(t uint64) bool { return s.df[t] > limit }
	out := *f
	out.terms = nil
	for _, t := range f.terms {
		if !is(t.term) {
			out.terms = append(out.terms, t)
		}
	}
	out.title = filterHashes(f.title, is)
	out.ents = filterHashes(f.ents, is)
	return &out
}

func filterHashes(hs []uint64, drop func(uint64) bool) []uint64 {
	var out []uint64
	for _, h := range hs {
		if !drop(h) {
			out = append(out, h)
		}
	}
	return out
}
