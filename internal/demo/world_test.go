package demo

import (
	"bufio"
	"bytes"
	"encoding/json"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestNewWorld_SameSeedSameBytes(t *testing.T) {
	a, b := NewWorld(7, testNow), NewWorld(7, testNow)
	srvA, srvB := serve(t, a), serve(t, b)
	for _, o := range a.Outlets() {
		for _, p := range []string{o.FeedPath, o.HomePath, feedPathOf(a, o)} {
			bodyA := strings.ReplaceAll(string(mustGet(t, srvA, srvA.URL+p).body), srvA.URL, "BASE")
			bodyB := strings.ReplaceAll(string(mustGet(t, srvB, srvB.URL+p).body), srvB.URL, "BASE")
			if bodyA != bodyB {
				t.Errorf("%s differs between two worlds of the same seed", p)
			}
		}
	}
	arts := a.Articles()
	for _, i := range []int{0, len(arts) / 2, len(arts) - 1} {
		imgA := mustGet(t, srvA, srvA.URL+arts[i].ImagePath).body
		imgB := mustGet(t, srvB, srvB.URL+arts[i].ImagePath).body
		if !bytes.Equal(imgA, imgB) {
			t.Errorf("image %s differs between two worlds of the same seed", arts[i].ImagePath)
		}
	}
}

// feedPathOf is where an outlet's feed is served, discovery or not.
func feedPathOf(w *World, o Outlet) string {
	return w.outlets[w.outletAt[o.Slug]].feedURLPath()
}

func TestNewWorld_DifferentSeedDifferentWorld(t *testing.T) {
	a, b := NewWorld(1, testNow), NewWorld(2, testNow)
	srvA, srvB := serve(t, a), serve(t, b)
	o := a.Outlets()[0]
	bodyA := strings.ReplaceAll(string(mustGet(t, srvA, srvA.URL+o.FeedPath).body), srvA.URL, "BASE")
	bodyB := strings.ReplaceAll(string(mustGet(t, srvB, srvB.URL+o.FeedPath).body), srvB.URL, "BASE")
	if bodyA == bodyB {
		t.Fatal("seeds 1 and 2 produced the same feed")
	}
}

func TestNewWorld_NowOnlyShiftsTime(t *testing.T) {
	shift := 90*time.Minute + 17*time.Second
	a, b := NewWorld(3, testNow).Articles(), NewWorld(3, testNow.Add(shift)).Articles()
	if len(a) != len(b) {
		t.Fatalf("article counts %d and %d differ", len(a), len(b))
	}
	for i := range a {
		if a[i].Title != b[i].Title || strings.Join(a[i].Paragraphs, "\n") != strings.Join(b[i].Paragraphs, "\n") {
			t.Fatalf("article %d changed with the clock: %q vs %q", i, a[i].Title, b[i].Title)
		}
		if got := b[i].Published.Sub(a[i].Published); got != shift {
			t.Fatalf("article %d moved by %v, want %v", i, got, shift)
		}
	}
}

func TestNewWorld_Counts(t *testing.T) {
	w := NewWorld(11, testNow)
	st := w.Stats()
	if st.Outlets < 6 || st.Articles < 300 || st.Events < 40 || st.MultiOutletEvents < 40 {
		t.Fatalf("stats %+v: want >= 6 outlets, 300 articles, 40 multi-outlet events", st)
	}
	events := map[int][]Article{}
	categories := map[string]bool{}
	for _, a := range w.Articles() {
		categories[a.Category] = true
		if !a.Published.After(testNow.Add(-week)) || a.Published.After(testNow) {
			t.Errorf("%s published %v, outside the week before %v", a.Path, a.Published, testNow)
		}
		if a.EventID != 0 {
			events[a.EventID] = append(events[a.EventID], a)
		}
	}
	if len(categories) < 6 {
		t.Errorf("articles use %d categories, want >= 6", len(categories))
	}
	if len(events) != st.Events {
		t.Errorf("articles name %d events, Stats says %d", len(events), st.Events)
	}
	for id, arts := range events {
		outlets, titles := map[string]bool{}, map[string]bool{}
		for _, a := range arts {
			outlets[a.Outlet] = true
			titles[a.Title] = true
		}
		if len(outlets) < 3 || len(outlets) != len(arts) {
			t.Errorf("event %d: %d articles from %d outlets, want >= 3 outlets, one article each", id, len(arts), len(outlets))
		}
		if len(titles) != len(arts) {
			t.Errorf("event %d: %d articles but only %d distinct titles", id, len(arts), len(titles))
		}
	}
}

func TestNewWorld_OutletFormats(t *testing.T) {
	formats := map[string]int{}
	discovery := 0
	for _, o := range NewWorld(1, testNow).Outlets() {
		formats[o.Format]++
		if o.Discovery {
			discovery++
			if o.FeedPath != o.HomePath {
				t.Errorf("discovery outlet %s: FeedPath %q, want its home page %q", o.Slug, o.FeedPath, o.HomePath)
			}
		}
	}
	if formats["rss"] < 2 || formats["atom"] < 2 || formats["json"] < 1 || discovery != 1 {
		t.Errorf("formats %v with %d discovery outlets: want >= 2 rss, 2 atom, 1 json and one discovery outlet", formats, discovery)
	}
}

var (
	strayBraces  = regexp.MustCompile(`[{}]`)
	creditFormat = regexp.MustCompile(`^[A-Z][\p{L}' -]+ / [A-Z][\p{L} ]+$`)
)

func TestArticles_ReadLikeArticles(t *testing.T) {
	w := NewWorld(5, testNow)
	paths := map[string]bool{}
	for _, a := range w.Articles() {
		if n := len(a.Paragraphs); n < 4 || n > 9 {
			t.Errorf("%s has %d paragraphs, want 4 to 9", a.Path, n)
		}
		for _, text := range append([]string{a.Title, a.Caption, a.Summary}, a.Paragraphs...) {
			if strayBraces.MatchString(text) {
				t.Errorf("%s: unfilled template slot in %q", a.Path, text)
			}
			if strings.Contains(text, "  ") || strings.Contains(text, " the the ") {
				t.Errorf("%s: sloppy text %q", a.Path, text)
			}
		}
		if a.Byline == "" || !creditFormat.MatchString(a.ImageCredit) {
			t.Errorf("%s: byline %q, credit %q", a.Path, a.Byline, a.ImageCredit)
		}
		if paths[a.Path] {
			t.Errorf("path %s used twice", a.Path)
		}
		paths[a.Path] = true
	}
}

func TestWorld_WriteTruth(t *testing.T) {
	w := NewWorld(9, testNow)
	var buf bytes.Buffer
	if err := w.WriteTruth(&buf); err != nil {
		t.Fatalf("WriteTruth: %v", err)
	}
	arts := w.Articles()
	sc := bufio.NewScanner(&buf)
	n := 0
	for ; sc.Scan(); n++ {
		var row TruthRow
		if err := json.Unmarshal(sc.Bytes(), &row); err != nil {
			t.Fatalf("line %d: %v", n+1, err)
		}
		if n >= len(arts) {
			continue
		}
		a := arts[n]
		if row.ArticlePath != a.Path || row.Title != a.Title || row.EventID != a.EventID || row.Outlet != a.Outlet {
			t.Errorf("line %d = %+v, want the row of %s", n+1, row, a.Path)
		}
	}
	if n != len(arts) {
		t.Errorf("%d truth lines, want %d", n, len(arts))
	}
}

func TestNewWorld_WireCopies(t *testing.T) {
	copies := 0
	for seed := int64(1); seed <= 6; seed++ {
		w := NewWorld(seed, testNow)
		byPath := map[string]Article{}
		for _, a := range w.Articles() {
			byPath[a.Path] = a
		}
		for _, c := range w.Articles() {
			if c.CopyOf == "" {
				continue
			}
			copies++
			orig, ok := byPath[c.CopyOf]
			if !ok {
				t.Fatalf("seed %d: %s copies %q, which is no article", seed, c.Path, c.CopyOf)
			}
			if orig.Outlet != wireOutlet || orig.EventID != c.EventID || c.Outlet == orig.Outlet {
				t.Errorf("seed %d: %s (%s, event %d) copies %s (%s, event %d)", seed, c.Path, c.Outlet, c.EventID, orig.Path, orig.Outlet, orig.EventID)
			}
			if !c.Published.After(orig.Published) || c.Published.After(testNow) {
				t.Errorf("seed %d: copy %s published %v, original %v", seed, c.Path, c.Published, orig.Published)
			}
			shared := 0
			for _, p := range c.Paragraphs {
				if slices.Contains(orig.Paragraphs, p) {
					shared++
				}
			}
			if shared < len(c.Paragraphs)-1 || c.Title == orig.Title {
				t.Errorf("seed %d: copy %s shares %d of %d paragraphs with its original, title %q vs %q",
					seed, c.Path, shared, len(c.Paragraphs), c.Title, orig.Title)
			}
		}
	}
	if copies < 10 {
		t.Errorf("six worlds hold %d wire copies, want at least 10", copies)
	}
}
