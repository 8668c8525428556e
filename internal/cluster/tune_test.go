package cluster

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/internal/demo"
)

// worldDocs returns a demo world's articles as Docs in publication order
// and each doc's truth class.
func worldDocs(seed int64, now time.Time) ([]Doc, map[int64]string) {
	arts := demo.NewWorld(seed, now).Articles()
	slices.SortStableFunc(arts, func(a, b demo.Article) int { return a.Published.Compare(b.Published) })
	docs := make([]Doc, len(arts))
	truth := map[int64]string{}
	for i, a := range arts {
		id := int64(i + 1)
		docs[i] = Doc{ID: id, Title: a.Title, Text: strings.Join(a.Paragraphs, "\n\n"),
			Source: a.Outlet, Category: a.Category, Published: a.Published}
		truth[id] = fmt.Sprintf("doc-%d", id)
		if a.EventID != 0 {
			truth[id] = fmt.Sprintf("event-%d", a.EventID)
		}
	}
	return docs, truth
}

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
	var right, wrongJoin, wrongNew [4][]float64 // cos, ent, title, score
	missing := 0
	for _, seed := range tuneSeeds {
		docs, truth := worldDocs(seed, demoNow)
		e := New(Config{})
		storyOf := map[string]int64{}
		classOf := map[int64]string{}
		e.decide = func(id int64, ms []match) (int64, bool) {
			want := storyOf[truth[id]]
			var best *match
			found := false
			for i := range ms {
				m := &ms[i]
				if m.story == want {
					found = true
					right[0] = append(right[0], m.cos)
					right[1] = append(right[1], m.ent)
					right[2] = append(right[2], m.title)
					right[3] = append(right[3], m.score)
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
				w[2] = append(w[2], best.title)
				w[3] = append(w[3], best.score)
			}
			return want, true
		}
		for _, d := range docs {
			a := e.Add(d)
			storyOf[truth[d.ID]] = a.Story
			classOf[a.Story] = truth[d.ID]
		}
	}
	names := []string{"cos", "ent", "title", "score"}
	for k, n := range names {
		t.Logf("%-5s right      %s", n, dist(right[k]))
		t.Logf("%-5s best wrong (doc has a story)  %s", n, dist(wrongJoin[k]))
		t.Logf("%-5s best wrong (doc starts one)   %s", n, dist(wrongNew[k]))
	}
	t.Logf("true story not among candidates: %d", missing)
}

// TestTuneDump writes, with oracle stories, every scored candidate as a
// line "label cos ent entShared entN title docEnts" to
// $NEWSDESK_CLUSTER_TUNE for offline analysis. label is 1 for the true
// story, 0 for a wrong one, 2 for a wrong one when the doc's class has no story.
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
		e := New(Config{})
		storyOf := map[string]int64{}
		e.decide = func(id int64, ms []match) (int64, bool) {
			want := storyOf[truth[id]]
			for _, m := range ms {
				label := 0
				switch {
				case m.story == want:
					label = 1
				case want == 0:
					label = 2
				}
				fmt.Fprintf(f, "%d %d %d %.4f %.4f %.4f %d %.4f %d %.4f %.4f\n", seed, id, label, m.cos, m.ent, m.entShared, m.entN, m.title, len(e.stories[m.story].docs), m.entJ, m.lead)
			}
			return want, true
		}
		for _, d := range docs {
			a := e.Add(d)
			storyOf[truth[d.ID]] = a.Story
		}
	}
}
