package cluster

import (
	"fmt"
	"os"
	"slices"
	"testing"

	"github.com/newsdesk/newsdesk/internal/demo"
)

func dist(v []float64) string {
	if len(v) == 0 {
		return "n=0"
	}
	s := slices.Clone(v)
	slices.Sort(s)
	q := func(p float64) float64 { return s[int(p*float64(len(s)-1))] }
	return fmt.Sprintf("n=%4d min=%.2f p1=%.2f p5=%.2f p50=%.2f p95=%.2f p99=%.2f max=%.2f",
		len(s), s[0], q(0.01), q(0.05), q(0.5), q(0.95), q(0.99), s[len(s)-1])
}

// TestTuneOracle logs, with stories kept true by an oracle, the scores of
// each doc against its true story and against the best wrong one.
// NEWSDESK_CLUSTER_TUNE=1 runs it.
func TestTuneOracle(t *testing.T) {
	if os.Getenv("NEWSDESK_CLUSTER_TUNE") == "" {
		t.Skip("set NEWSDESK_CLUSTER_TUNE=1")
	}
	var right, wrongJoin, wrongNew [3][]float64 // cos, ent, score
	missing := 0
	for _, seed := range tuneSeeds {
		docs, truth := worldDocs(seed, demoNow)
		e := New(Config{})
		storyOf := map[string]int64{}
		classOf := map[int64]string{}
		e.decide = func(id int64, v *docVec, ms []match) (int64, bool) {
			want := storyOf[truth[id]]
			var best *match
			found := false
			for i := range ms {
				m := &ms[i]
				if m.story == want {
					found = true
					right[0] = append(right[0], m.cos)
					right[1] = append(right[1], m.ent)
					right[2] = append(right[2], m.score)
					continue
				}
				if best == nil || m.score > best.score {
					best = m
				}
			}
			if want != 0 && !found {
				missing++
			}
			if best != nil {
				w := &wrongJoin
				if want == 0 {
					w = &wrongNew
				}
				w[0] = append(w[0], best.cos)
				w[1] = append(w[1], best.ent)
				w[2] = append(w[2], best.score)
			}
			return want, true
		}
		for _, d := range docs {
			a := e.Add(d)
			storyOf[truth[d.ID]] = a.Story
			classOf[a.Story] = truth[d.ID]
		}
	}
	names := []string{"cos", "ent", "score"}
	for k, n := range names {
		t.Logf("%-5s right      %s", n, dist(right[k]))
		t.Logf("%-5s best wrong (doc has a story)  %s", n, dist(wrongJoin[k]))
		t.Logf("%-5s best wrong (doc starts one)   %s", n, dist(wrongNew[k]))
	}
	t.Logf("true story not among candidates: %d", missing)
}

// TestTuneDump writes, with oracle stories, every scored candidate as a
// line "seed doc label cos ent entN entRev storyDocs docTerms docEnts
// storyEnts score" to $NEWSDESK_CLUSTER_DUMP for offline analysis. label
// is 1 for the true story, 0 for a wrong one, 2 for a wrong one when the
// doc's class has no story yet.
func TestTuneDump(t *testing.T) {
	path := os.Getenv("NEWSDESK_CLUSTER_DUMP")
	if path == "" {
		t.Skip("set NEWSDESK_CLUSTER_DUMP=file")
	}
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, seed := range tuneSeeds {
		docs, truth := worldDocs(seed, demoNow)
		if os.Getenv("NEWSDESK_CLUSTER_SUMMARY") != "" {
			summaryOnly(seed, docs)
		}
		e := New(Config{})
		storyOf := map[string]int64{}
		e.decide = func(id int64, v *docVec, ms []match) (int64, bool) {
			want := storyOf[truth[id]]
			for _, m := range ms {
				label := 0
				switch {
				case m.story == want:
					label = 1
				case want == 0:
					label = 2
				}
				fmt.Fprintf(f, "%d %d %d %.4f %.4f %d %.4f %d %d %d %d %.4f\n", seed, id, label, m.cos, m.ent, m.entN, m.entRev, len(e.stories[m.story].docs), len(v.f.terms), len(v.f.ents), m.storyEnts, m.score)
			}
			return want, true
		}
		for _, d := range docs {
			a := e.Add(d)
			storyOf[truth[d.ID]] = a.Story
		}
	}
}

// runDocs clusters docs with params p and returns B-cubed figures.
func runDocs(docs []Doc, truth map[int64]string, p params) (prec, rec, f1 float64, st Stats) {
	e := New(Config{})
	e.p = p
	parent := map[int64]int64{}
	story := map[int64]int64{}
	for _, d := range docs {
		a := e.Add(d)
		story[d.ID] = a.Story
		for _, m := range a.Merged {
			parent[m] = a.Story
		}
	}
	got := map[string]int64{}
	tr := map[string]string{}
	for id, s := range story {
		k := fmt.Sprint(id)
		got[k] = find(parent, s)
		tr[k] = truth[id]
	}
	prec, rec, f1 = bcubed(got, tr)
	return prec, rec, f1, e.Stats()
}

// TestTuneGrid logs mean and least B-cubed F1 over the tuning seeds for
// variations of the constants. NEWSDESK_CLUSTER_TUNE=1 runs it.
func TestTuneGrid(t *testing.T) {
	if os.Getenv("NEWSDESK_CLUSTER_TUNE") == "" {
		t.Skip("set NEWSDESK_CLUSTER_TUNE=1")
	}
	type world struct {
		docs  []Doc
		truth map[int64]string
	}
	var worlds []world
	for _, seed := range tuneSeeds {
		d, tr := worldDocs(seed, demoNow)
		if os.Getenv("NEWSDESK_CLUSTER_SUMMARY") != "" {
			summaryOnly(seed, d)
		}
		worlds = append(worlds, world{d, tr})
	}
	try := func(name string, p params) {
		var sum, least float64 = 0, 1
		var merges int64
		for _, w := range worlds {
			_, _, f1, st := runDocs(w.docs, w.truth, p)
			sum += f1
			least = min(least, f1)
			merges += st.Merges
		}
		t.Logf("%-28s mean F1 %.4f least %.4f merges %d", name, sum/float64(len(worlds)), least, merges)
	}
	try("default", defaultParams)
	for _, j := range []float64{0.39, 0.42} {
		for _, m := range []float64{0.42, 0.45, 0.5} {
			p := defaultParams
			p.join, p.merge = j, m
			try(fmt.Sprintf("join %.2f merge %.2f", j, m), p)
		}
	}
	if os.Getenv("NEWSDESK_CLUSTER_TUNE") == "pairs" {
		return
	}
	for _, n := range []int{0, 3, 8} {
		p := defaultParams
		p.fewEnts = n
		try(fmt.Sprintf("fewEnts %d", n), p)
	}
	for _, j := range []float64{0.33, 0.36, 0.42, 0.45} {
		p := defaultParams
		p.join = j
		try(fmt.Sprintf("join %.2f", j), p)
	}
	for _, m := range []float64{0.45, 0.5, 0.6, 0.7, 2} {
		p := defaultParams
		p.merge = m
		try(fmt.Sprintf("merge %.2f", m), p)
	}
	for _, c := range []float64{0.45, 0.5, 0.6, 0.7} {
		p := defaultParams
		p.cosAlone = c
		try(fmt.Sprintf("cosAlone %.2f", c), p)
	}
	for _, n := range []int{1, 3} {
		p := defaultParams
		p.sharedEnts = n
		try(fmt.Sprintf("sharedEnts %d", n), p)
	}
	for _, n := range []int{8, 16, 48} {
		p := defaultParams
		p.topTerms = n
		try(fmt.Sprintf("topTerms %d", n), p)
	}
	for _, n := range []int{4, 8, 64} {
		p := defaultParams
		p.maxCands = n
		try(fmt.Sprintf("maxCands %d", n), p)
	}
	for _, n := range []float64{0.02, 0.05, 0.2} {
		p := defaultParams
		p.maxPostDF = n
		try(fmt.Sprintf("maxPostDF %.2f", n), p)
	}
	for _, n := range []int{100, 200, 800} {
		p := defaultParams
		p.centroidCap = n
		try(fmt.Sprintf("centroidCap %d", n), p)
	}
}

// summaryOnly replaces the text of the docs of outlets whose feeds carry
// summaries by the summary, as if the article pages were never fetched.
func summaryOnly(seed int64, docs []Doc) {
	w := demo.NewWorld(seed, demoNow)
	full := map[string]bool{}
	for _, o := range w.Outlets() {
		full[o.Slug] = o.FullContent
	}
	arts := w.Articles()
	slices.SortStableFunc(arts, func(a, b demo.Article) int { return a.Published.Compare(b.Published) })
	for i := range docs {
		if !full[arts[i].Outlet] {
			docs[i].Text = arts[i].Summary
		}
	}
}
