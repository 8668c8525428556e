package neardup

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/internal/demo"
)

// seeds are the demo worlds measured. Each is measured on its own: worlds
// share their fixed columns word for word, which are true duplicates.
var worldSeeds = []int64{1, 2, 3}

// demoArticles returns the original articles of the demo world of seed
// that have a body of more than one paragraph (the edits need paragraphs
// to work on). The world's own wire copies are left out: here every
// match among the articles counts as a false one; TestMeasureWireCopies
// measures them.
func demoArticles(seed int64) []demo.Article {
	var out []demo.Article
	for _, a := range demo.NewWorld(seed, measureNow).Articles() {
		if len(a.Paragraphs) > 1 && a.CopyOf == "" {
			out = append(out, a)
		}
	}
	return out
}

var measureNow = time.Date(2024, 6, 22, 12, 0, 0, 0, time.UTC)

// TestMeasureWireCopies matches the demo worlds' own republished wire
// reports (a new first line, another headline, sometimes the last
// paragraph cut) against the worlds' original articles: each must find
// its original, and nothing else.
func TestMeasureWireCopies(t *testing.T) {
	tp, fp, fn := 0, 0, 0
	for _, seed := range worldSeeds {
		ix := NewIndex()
		all := demo.NewWorld(seed, measureNow).Articles()
		at := map[string]int64{}
		for i, a := range all {
			at[a.Path] = int64(i)
			if a.CopyOf == "" {
				ix.Add(int64(i), Sign(text(a.Title, a.Paragraphs)))
			}
		}
		for _, c := range all {
			if c.CopyOf == "" {
				continue
			}
			id, sim, ok := ix.Match(Sign(text(c.Title, c.Paragraphs)))
			switch {
			case ok && id == at[c.CopyOf]:
				tp++
			case ok:
				fp++
				t.Logf("world %d: copy %s matched %s (%.2f), not its original", seed, c.Path, all[id].Path, sim)
			default:
				fn++
				t.Logf("world %d: copy %s missed its original", seed, c.Path)
			}
		}
	}
	if tp+fn < 10 {
		t.Fatalf("only %d wire copies in %d worlds", tp+fn, len(worldSeeds))
	}
	t.Logf("wire copies: %d found, %d matched wrongly, %d missed", tp, fp, fn)
	if fp > 0 || fn > 0 {
		t.Errorf("wire copies: %d matched wrongly, %d missed; want none", fp, fn)
	}
}

// dist summarises similarities: count, min, 5th and 50th and 95th
// percentiles, max.
func dist(v []float64) string {
	if len(v) == 0 {
		return "n=0"
	}
	s := slices.Clone(v)
	slices.Sort(s)
	q := func(p float64) float64 { return s[int(p*float64(len(s)-1))] }
	return fmt.Sprintf("n=%d min=%.2f p5=%.2f p50=%.2f p95=%.2f max=%.2f",
		len(s), s[0], q(0.05), q(0.5), q(0.95), s[len(s)-1])
}

// jaccard is the exact Jaccard similarity of two sorted sets.
func jaccard(a, b []uint64) float64 {
	if len(a)+len(b) == 0 {
		return 0
	}
	i, j, both := 0, 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] == b[j]:
			both++
			i++
			j++
		case a[i] < b[j]:
			i++
		default:
			j++
		}
	}
	return float64(both) / float64(len(a)+len(b)-both)
}

// measurement accumulates the figures of TestMeasure over the worlds.
type measurement struct {
	tp, fp, fn, articles int
	// positives and negatives hold the best candidate of every query at
	// any similarity, to tell what other thresholds would give.
	positives, negatives []hit
	edited               map[string][]float64
	missed               map[string]int
	sameEvent, unrelated []float64
}

// hit is the best candidate found for a query and whether it is right.
type hit struct {
	sim   float64
	found bool // a candidate was found at all
	right bool
}

// at returns precision and recall if the threshold were t.
func (m *measurement) at(t float64) (precision, recall float64) {
	tp, fp := 0, 0
	for _, h := range m.positives {
		if h.found && h.sim >= t {
			if h.right {
				tp++
			} else {
				fp++
			}
		}
	}
	for _, h := range m.negatives {
		if h.found && h.sim >= t {
			fp++
		}
	}
	return float64(tp) / float64(tp+fp), float64(tp) / float64(len(m.positives))
}

// measureWorld indexes the articles of one world, matches their edited
// copies (positives) and each article against the others (negatives).
func (m *measurement) measureWorld(t *testing.T, seed int64, arts []demo.Article) {
	ix := NewIndex()
	sigs := make([]Signature, len(arts))
	for i, a := range arts {
		sigs[i] = Sign(text(a.Title, a.Paragraphs))
		if !sigs[i].Valid() {
			t.Fatalf("world %d: article %s too short to sign", seed, a.ID)
		}
		ix.Add(int64(i), sigs[i])
	}
	m.articles += len(arts)
	for _, e := range edits {
		for i, a := range arts {
			d := arts[(i+len(arts)/2)%len(arts)]
			sig := Sign(e.apply(a, d))
			m.edited[e.name] = append(m.edited[e.name], Similarity(sig, sigs[i]))
			id, _, ok := ix.Match(sig)
			bid, bs, bok := ix.best(sig, 0)
			m.positives = append(m.positives, hit{bs, bok, bid == int64(i)})
			switch {
			case ok && id == int64(i):
				m.tp++
			case ok:
				m.fp++
				m.missed[e.name]++
			default:
				m.fn++
				m.missed[e.name]++
			}
		}
	}
	// The demo world holds no copies, so any match of an article among
	// the others is a false one.
	for i, a := range arts {
		ix.Remove(int64(i))
		_, bs, bok := ix.best(sigs[i], 0)
		m.negatives = append(m.negatives, hit{bs, bok, false})
		if id, s, ok := ix.Match(sigs[i]); ok {
			m.fp++
			t.Logf("world %d: false match %s ~ %s (%.2f)", seed, a.ID, arts[id].ID, s)
		}
		ix.Add(int64(i), sigs[i])
		for j := i + 1; j < len(arts); j++ {
			b := arts[j]
			switch {
			case a.EventID != 0 && a.EventID == b.EventID && a.Outlet != b.Outlet:
				m.sameEvent = append(m.sameEvent, Similarity(sigs[i], sigs[j]))
			case (a.EventID == 0 || a.EventID != b.EventID) && j%5 == 0:
				m.unrelated = append(m.unrelated, Similarity(sigs[i], sigs[j]))
			}
		}
	}
}

// TestMeasure measures Match over the demo worlds: every article lightly
// edited in several ways must be matched to its original (recall), and
// nothing else may be matched: not the other outlets' reports of the same
// event, not unrelated articles (precision). It logs the figures; run it
// with -v to read them.
func TestMeasure(t *testing.T) {
	m := &measurement{edited: map[string][]float64{}, missed: map[string]int{}}
	for _, seed := range worldSeeds {
		arts := demoArticles(seed)
		if len(arts) < 100 {
			t.Fatalf("demo world %d has %d articles", seed, len(arts))
		}
		m.measureWorld(t, seed, arts)
	}
	for _, e := range edits {
		t.Logf("edit %-45s similarity %s, missed %d", e.name, dist(m.edited[e.name]), m.missed[e.name])
	}
	t.Logf("same event, other outlet: similarity %s", dist(m.sameEvent))
	t.Logf("unrelated:                similarity %s", dist(m.unrelated))
	precision := float64(m.tp) / float64(m.tp+m.fp)
	recall := float64(m.tp) / float64(m.tp+m.fn)
	t.Logf("Match at Threshold %.2f over %d articles in %d worlds, %d edited copies: precision %.4f recall %.4f (tp %d fp %d fn %d)",
		Threshold, m.articles, len(worldSeeds), m.articles*len(edits), precision, recall, m.tp, m.fp, m.fn)
	for _, th := range []float64{0.4, 0.45, 0.5, 0.55, 0.6, 0.65} {
		p, r := m.at(th)
		t.Logf("if the threshold were %.2f: precision %.4f recall %.4f", th, p, r)
	}
	if len(m.sameEvent) < 50 {
		t.Errorf("only %d same-event pairs: the negatives do not test rewording", len(m.sameEvent))
	}
	if precision < 0.99 {
		t.Errorf("precision %.4f, want >= 0.99", precision)
	}
	if recall < 0.95 {
		t.Errorf("recall %.4f, want >= 0.95", recall)
	}
}

// TestMeasureShingleSize logs, for shingles of 2 to 6 words, the exact
// Jaccard similarity of edited copies and of same-event reports: the gap
// between the two is what chose ShingleSize.
func TestMeasureShingleSize(t *testing.T) {
	arts := demoArticles(worldSeeds[0])
	for k := 2; k <= 6; k++ {
		sets := make([][]uint64, len(arts))
		for i, a := range arts {
			sets[i] = shingles(words(text(a.Title, a.Paragraphs)), k)
		}
		var copies, sameEvent, unrelated []float64
		for i, a := range arts {
			d := arts[(i+len(arts)/2)%len(arts)]
			for _, e := range edits {
				copies = append(copies, jaccard(sets[i], shingles(words(e.apply(a, d)), k)))
			}
			for j := i + 1; j < len(arts); j++ {
				b := arts[j]
				switch {
				case a.EventID != 0 && a.EventID == b.EventID && a.Outlet != b.Outlet:
					sameEvent = append(sameEvent, jaccard(sets[i], sets[j]))
				case a.EventID == 0 || a.EventID != b.EventID:
					unrelated = append(unrelated, jaccard(sets[i], sets[j]))
				}
			}
		}
		slices.Sort(copies)
		t.Logf("k=%d copies %s\n\tsame event %s\n\tunrelated  %s", k,
			dist(copies), dist(sameEvent), dist(unrelated))
		if copies[len(copies)/100] < 0.4 {
			t.Errorf("k=%d: 1%% of edited copies below Jaccard 0.4", k)
		}
	}
}
