package cluster

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/internal/demo"
)

// worldRoots returns, for the docs of worldDocs(seed, demoNow), the text
// each one is: the path of the wire report a republished copy reproduces
// (the world's truth), or the doc's own path.
func worldRoots(seed int64) map[int64]string {
	arts := demo.NewWorld(seed, demoNow).Articles()
	slices.SortStableFunc(arts, func(a, b demo.Article) int { return a.Published.Compare(b.Published) })
	roots := map[int64]string{}
	for i, a := range arts {
		roots[int64(i+1)] = a.Path
		if a.CopyOf != "" {
			roots[int64(i+1)] = a.CopyOf
		}
	}
	return roots
}

// TestNearDupThroughEngine measures near-duplicate detection as the
// engine reports it, over the demo worlds fed in publication order. The
// worlds hold their own copies (wire reports republished under another
// headline with a line on top, sometimes cut short); to them the test adds,
// after every fifth article, a copy republished an hour later by another
// outlet under a new headline with a new first paragraph (another
// article's). A report is right when the doc and the one it names are the
// same text (one the copy of the other, or both copies of one report);
// recall is the copies reported right.
func TestNearDupThroughEngine(t *testing.T) {
	var copies, found, reports, right, ownCopies, ownFound int
	for _, seed := range allSeeds() {
		docs, truth := worldDocs(seed, demoNow)
		roots := worldRoots(seed)
		e := New(Config{})
		next := int64(len(docs) + 1)
		check := func(d Doc, a Assignment, isCopy bool) bool {
			ok := a.NearDupOf != 0 && roots[a.NearDupOf] == roots[d.ID]
			if a.NearDupOf != 0 {
				reports++
				if ok {
					right++
				} else {
					t.Logf("seed %d: %q reported as a copy of doc %d (same event: %v)", seed, d.Title, a.NearDupOf, truth[d.ID] == truth[a.NearDupOf])
				}
			}
			if isCopy {
				copies++
				if ok {
					found++
				}
			}
			return ok
		}
		for i, d := range docs {
			own := isWorldCopy(seed, d.ID)
			a := e.Add(d)
			if check(d, a, own) && own {
				ownFound++
			}
			if own {
				ownCopies++
			}
			if i%5 != 0 {
				continue
			}
			donor := docs[(i+len(docs)/2)%len(docs)]
			first, _, _ := strings.Cut(donor.Text, "\n\n")
			cp := Doc{ID: next, Source: "republisher", Title: donor.Title,
				Text: first + "\n\n" + d.Text, Published: d.Published.Add(time.Hour)}
			roots[next] = roots[d.ID]
			next++
			ca := e.Add(cp)
			check(cp, ca, true)
			if ca.NearDupOf != 0 && ca.Story != e.storyOf(ca.NearDupOf) {
				t.Errorf("seed %d: copy in story %d, its original in %d", seed, ca.Story, e.storyOf(ca.NearDupOf))
			}
		}
	}
	precision := float64(right) / float64(max(reports, 1))
	recall := float64(found) / float64(copies)
	t.Logf("near duplicates through the engine, %d worlds: %d copies (%d of them the worlds' own, %d of those found), %d reports, %d right: precision %.4f recall %.4f",
		len(allSeeds()), copies, ownCopies, ownFound, reports, right, precision, recall)
	if ownCopies < 50 {
		t.Errorf("only %d copies of the worlds' own", ownCopies)
	}
	if recall < 0.95 || precision < 0.95 {
		t.Errorf("precision %.4f recall %.4f, want both >= 0.95", precision, recall)
	}
}

// worldCopies caches, per seed, the doc IDs the world marks as copies.
var worldCopies = map[int64]map[int64]bool{}

// isWorldCopy reports whether doc id of world seed is one of the world's
// own republished copies.
func isWorldCopy(seed, id int64) bool {
	m, ok := worldCopies[seed]
	if !ok {
		arts := demo.NewWorld(seed, demoNow).Articles()
		slices.SortStableFunc(arts, func(a, b demo.Article) int { return a.Published.Compare(b.Published) })
		m = map[int64]bool{}
		for i, a := range arts {
			m[int64(i+1)] = a.CopyOf != ""
		}
		worldCopies[seed] = m
	}
	return m[id]
}

// storyOf returns the story of a live doc, 0 if it is not live.
func (e *Engine) storyOf(id int64) int64 {
	e.mu.Lock()
	defer e.mu.Unlock()
	if rec, ok := e.docs[id]; ok {
		return rec.story
	}
	return 0
}
