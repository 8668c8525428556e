package entities

import (
	"sort"
	"sync"
)

// maxSourcesTracked bounds the source names kept per entity: beyond that
// many distinct sources an entity is certain, and the count stops mattering.
const maxSourcesTracked = 16

// Stats is what the Registry knows about one entity across articles. It is
// plain data (no pointers into the registry), so a store can save a
// snapshot row by row and Restore it later.
type Stats struct {
	Name string
	// Kind is the kind with the most votes so far.
	Kind Kind
	// KindVotes counts the articles that classified the entity each way,
	// indexed by Kind.
	KindVotes [numKinds]int
	Mentions  int // references across all articles
	Articles  int // articles naming it
	// Sources are the distinct sources that named it, at most
	// maxSourcesTracked of them, in order of first sight.
	Sources []string
	// Evidence counts articles where a structural cue (honorific,
	// organization suffix, place preposition) supported the name.
	Evidence int
	Known    bool // in the gazetteer
}

// Confidence says how sure the registry is that Name is a real entity,
// from 0 to 1. A gazetteer entry is certain. Otherwise the strongest
// signal is independent sources capitalizing the same name; repeated
// articles and structural cues help less. A name one article used once,
// with no cue, stays below 0.3.
func (s Stats) Confidence() float64 {
	if s.Known {
		return 1
	}
	if s.Articles == 0 {
		return 0
	}
	c := 0.2
	c += 0.25 * float64(len(s.Sources)-1)
	c += 0.05 * float64(min(s.Articles-1, 4))
	if s.Mentions > s.Articles {
		c += 0.05 // referred to more than once somewhere
	}
	if s.Evidence > 0 {
		c += 0.15
	}
	if s.Evidence*2 >= s.Articles && s.Evidence > 0 {
		c += 0.1
	}
	return min(c, 1)
}

// Registry accumulates mentions across articles and sources in memory, so
// that callers can keep the entities more than one outlet agrees on. It
// is safe for concurrent use.
type Registry struct {
	mu   sync.Mutex
	byID map[string]*Stats
}

// NewRegistry returns an empty registry.
func NewRegistry() *Registry { return &Registry{byID: map[string]*Stats{}} }

// Add records one article's mentions from source (an outlet or feed
// identifier). Call it once per article: Articles counts calls.
func (r *Registry) Add(source string, mentions []Mention) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, m := range mentions {
		if m.Name == "" || m.Count < 1 {
			continue
		}
		s := r.byID[m.Name]
		if s == nil {
			s = &Stats{Name: m.Name}
			r.byID[m.Name] = s
		}
		s.Articles++
		s.Mentions += m.Count
		if m.Known {
			s.Known = true
		}
		if m.Evidence > 0 {
			s.Evidence++
		}
		if int(m.Kind) < int(numKinds) {
			s.KindVotes[m.Kind]++
		}
		s.Kind = leadingKind(s.KindVotes)
		if source != "" && len(s.Sources) < maxSourcesTracked && !contains(s.Sources, source) {
			s.Sources = append(s.Sources, source)
		}
	}
}

// leadingKind prefers a specific kind over KindOther when any article
// gave one: a name classified once as a person and twice as "other" is a
// person seen twice without a cue.
func leadingKind(v [numKinds]int) Kind {
	best, kind := 0, KindOther
	for _, k := range []Kind{KindOrganization, KindPerson, KindPlace} {
		if v[k] > best {
			best, kind = v[k], k
		}
	}
	return kind
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// Lookup returns the stats for a canonical name.
func (r *Registry) Lookup(name string) (Stats, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	s, ok := r.byID[name]
	if !ok {
		return Stats{}, false
	}
	return clone(s), true
}

// Strong returns the entities whose confidence is at least minConf, most
// confident first (then most articles, then by name), for entity pages
// and clustering features.
func (r *Registry) Strong(minConf float64) []Stats {
	all := r.Snapshot()
	out := all[:0]
	for _, s := range all {
		if s.Confidence() >= minConf {
			out = append(out, s)
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		ci, cj := out[i].Confidence(), out[j].Confidence()
		if ci != cj {
			return ci > cj
		}
		if out[i].Articles != out[j].Articles {
			return out[i].Articles > out[j].Articles
		}
		return out[i].Name < out[j].Name
	})
	return out
}

// Filter keeps the mentions of one article whose entity the registry is
// at least minConf sure of; call it after Add for that article.
func (r *Registry) Filter(mentions []Mention, minConf float64) []Mention {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []Mention
	for _, m := range mentions {
		if m.Known {
			out = append(out, m)
			continue
		}
		if s, ok := r.byID[m.Name]; ok && s.Confidence() >= minConf {
			m.Kind = s.Kind
			out = append(out, m)
		}
	}
	return out
}

// Snapshot returns every entity's stats sorted by name, for a store to
// persist.
func (r *Registry) Snapshot() []Stats {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]Stats, 0, len(r.byID))
	for _, s := range r.byID {
		out = append(out, clone(s))
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Restore loads stats saved from Snapshot, merging them into what the
// registry already holds.
func (r *Registry) Restore(rows []Stats) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, row := range rows {
		if row.Name == "" {
			continue
		}
		s := r.byID[row.Name]
		if s == nil {
			s = &Stats{Name: row.Name}
			r.byID[row.Name] = s
		}
		s.Mentions += row.Mentions
		s.Articles += row.Articles
		s.Evidence += row.Evidence
		s.Known = s.Known || row.Known
		for k := range s.KindVotes {
			s.KindVotes[k] += row.KindVotes[k]
		}
		s.Kind = leadingKind(s.KindVotes)
		for _, src := range row.Sources {
			if len(s.Sources) < maxSourcesTracked && !contains(s.Sources, src) {
				s.Sources = append(s.Sources, src)
			}
		}
	}
}

// Len is the number of distinct entities seen.
func (r *Registry) Len() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.byID)
}

func clone(s *Stats) Stats {
	c := *s
	c.Sources = append([]string(nil), s.Sources...)
	return c
}
