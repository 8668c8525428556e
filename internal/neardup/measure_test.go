package neardup

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/internal/demo"
)

// demoArticles returns the articles of two demo worlds, with a body.
func demoArticles() []demo.Article {
	now := time.Date(2024, 6, 22, 12, 0, 0, 0, time.UTC)
	var out []demo.Article
	for _, seed := range []int64{1, 2} {
		for _, a := range demo.NewWorld(seed, now).Articles() {
			if len(a.Paragraphs) > 1 {
				a.EventID += int(seed) * 1_000_000 // events are per world
				out = append(out, a)
			}
		}
	}
	return out
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

// TestMeasure measures Match over the demo world: every article lightly
// edited in several ways must be matched to its original (recall), and
// nothing else may be matched: not the other outlets' reports of the same
// event, not unrelated articles (precision). It logs the figures; run it
// with -v to read them.
func TestMeasure(t *testing.T) {
	arts := demoArticles()
	if len(arts) < 100 {
		t.Fatalf("demo world has %d articles", len(arts))
	}
	ix := NewIndex()
	sigs := make([]Signature, len(arts))
	for i, a := range arts {
		sigs[i] = Sign(text(a.Title, a.Paragraphs))
		if !sigs[i].Valid() {
			t.Fatalf("article %s too short to sign", a.ID)
		}
		ix.Add(int64(i), sigs[i])
	}

	tp, fp, fn := 0, 0, 0
	for _, e := range edits {
		var sims []float64
		missed := 0
		for i, a := range arts {
			d := arts[(i+len(arts)/2)%len(arts)]
			sig := Sign(e.apply(a, d))
			sims = append(sims, Similarity(sig, sigs[i]))
			id, _, ok := ix.Match(sig)
			switch {
			case ok && id == int64(i):
				tp++
			case ok:
				fp++
				missed++
			default:
				fn++
				missed++
			}
		}
		t.Logf("edit %-45s similarity %s, missed %d", e.name, dist(sims), missed)
	}

	// Negatives: each article against the index without itself. The demo
	// world holds no copies, so any match is a false one.
	var sameEvent, unrelated []float64
	for i, a := range arts {
		ix.Remove(int64(i))
		if id, s, ok := ix.Match(sigs[i]); ok {
			fp++
			t.Logf("false match: %s ~ %s (%.2f)", a.ID, arts[id].ID, s)
		}
		ix.Add(int64(i), sigs[i])
		for j := i + 1; j < len(arts); j++ {
			b := arts[j]
			switch {
			case a.EventID != 0 && a.EventID == b.EventID && a.Outlet != b.Outlet:
				sameEvent = append(sameEvent, Similarity(sigs[i], sigs[j]))
			case a.EventID != b.EventID && j%7 == 0:
				unrelated = append(unrelated, Similarity(sigs[i], sigs[j]))
			}
		}
	}
	t.Logf("same event, other outlet: similarity %s", dist(sameEvent))
	t.Logf("unrelated:                similarity %s", dist(unrelated))

	precision := float64(tp) / float64(tp+fp)
	recall := float64(tp) / float64(tp+fn)
	t.Logf("Match at Threshold %.2f over %d articles, %d edited copies: precision %.4f recall %.4f (tp %d fp %d fn %d)",
		Threshold, len(arts), len(arts)*len(edits), precision, recall, tp, fp, fn)
	if len(sameEvent) < 50 {
		t.Errorf("only %d same-event pairs: the negatives do not test rewording", len(sameEvent))
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
	arts := demoArticles()
	for k := 2; k <= 6; k++ {
		sets := make([][]uint64, len(arts))
		for i, a := range arts {
			sets[i] = shingles(words(text(a.Title, a.Paragraphs)), k)
		}
		var copies, sameEvent []float64
		for i, a := range arts {
			d := arts[(i+len(arts)/2)%len(arts)]
			for _, e := range edits {
				copies = append(copies, jaccard(sets[i], shingles(words(e.apply(a, d)), k)))
			}
			for j := i + 1; j < len(arts); j++ {
				if a.EventID != 0 && a.EventID == arts[j].EventID && a.Outlet != arts[j].Outlet {
					sameEvent = append(sameEvent, jaccard(sets[i], sets[j]))
				}
			}
		}
		slices.Sort(copies)
		slices.Sort(sameEvent)
		t.Logf("k=%d copies %s | same event %s | gap p1(copies)-max(same) %.2f", k,
			dist(copies), dist(sameEvent), copies[len(copies)/100]-sameEvent[len(sameEvent)-1])
	}
	_ = strings.TrimSpace
}
