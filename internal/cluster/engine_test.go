package cluster

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/internal/demo"
)

// coverage returns the articles of the demo world of seed about events
// covered by at least min outlets, by event, in publication order.
func coverage(t *testing.T, seed int64, min int) [][]demo.Article {
	t.Helper()
	byEvent := map[int][]demo.Article{}
	for _, a := range demo.NewWorld(seed, demoNow).Articles() {
		if a.EventID != 0 {
			byEvent[a.EventID] = append(byEvent[a.EventID], a)
		}
	}
	var out [][]demo.Article
	for id := 1; id <= len(byEvent); id++ {
		arts := byEvent[id]
		if len(arts) < min {
			continue
		}
		slices.SortFunc(arts, func(a, b demo.Article) int { return a.Published.Compare(b.Published) })
		out = append(out, arts)
	}
	if len(out) < 4 {
		t.Fatalf("demo world %d has %d events covered by %d outlets", seed, len(out), min)
	}
	return out
}

var nextTestID int64 = 1000

// docOf makes a Doc of a demo article with a fresh ID.
func docOf(a demo.Article) Doc {
	nextTestID++
	return Doc{ID: nextTestID, Title: a.Title, Text: strings.Join(a.Paragraphs, "\n\n"),
		Source: a.Outlet, Category: a.Category, Published: a.Published}
}

func TestEngine_StoriesFromNextStory(t *testing.T) {
	evs := coverage(t, 1, 3)
	e := New(Config{NextStory: 100})
	a := e.Add(docOf(evs[0][0]))
	b := e.Add(docOf(evs[1][0]))
	if a.Story != 100 || b.Story != 101 {
		t.Fatalf("stories %d, %d; want 100, 101", a.Story, b.Story)
	}
	if a.Lead != a.ID || b.Lead != b.ID {
		t.Errorf("a lone doc should lead its story: leads %d, %d", a.Lead, b.Lead)
	}
	c := e.Add(docOf(evs[0][1]))
	if c.Story != 100 {
		t.Errorf("second report of event 1 went to story %d, want 100", c.Story)
	}
	if st := e.Stats(); st.NewStories != 2 || st.Joined != 1 || st.NextStory != 102 || st.OpenStories != 2 {
		t.Errorf("stats %+v", st)
	}
}

func TestEngine_NearDuplicateJoinsOriginal(t *testing.T) {
	evs := coverage(t, 2, 3)
	e := New(Config{})
	orig := docOf(evs[0][0])
	first := e.Add(orig)
	for _, other := range evs[1:4] {
		e.Add(docOf(other[0]))
	}
	// A wire copy: new headline, a new first paragraph, another outlet.
	cp := orig
	cp.ID = 99
	cp.Source = "copycat"
	cp.Title = "Here is what we know so far"
	cp.Text = "Updated at noon with more details.\n\n" + orig.Text
	cp.Published = orig.Published.Add(time.Hour)
	got := e.Add(cp)
	if got.NearDupOf != orig.ID || got.Story != first.Story {
		t.Fatalf("copy: near dup of %d in story %d; want %d in %d", got.NearDupOf, got.Story, orig.ID, first.Story)
	}
	if got.Lead == cp.ID {
		t.Errorf("the copy's vague headline became the story's lead")
	}
	// Another outlet's own report of the event is no copy.
	own := e.Add(docOf(evs[0][1]))
	if own.NearDupOf != 0 || own.Story != first.Story {
		t.Errorf("own report: near dup of %d in story %d; want 0 in %d", own.NearDupOf, own.Story, first.Story)
	}
}

func TestEngine_LeftAlone(t *testing.T) {
	e := New(Config{})
	for i, d := range []Doc{
		{},
		{Title: "   ", Text: "\n\n"},
		{Title: "!!! ???", Text: "— … 12 7"},
		{Title: "The and of", Text: "it is what it was, and so on"},
		{Text: "\xff\xfe\xfd"},
	} {
		d.ID = int64(i + 1)
		if a := e.Add(d); a.Story != 0 || a.Lead != 0 || a.Merged != nil {
			t.Errorf("doc %d (%q): %+v, want left alone", i, d.Title+" "+d.Text, a)
		}
	}
	if st := e.Stats(); st.Alone != 5 || st.OpenStories != 0 || st.LiveDocs != 0 {
		t.Errorf("stats %+v", st)
	}
}

func TestEngine_BadInputClusteredSensibly(t *testing.T) {
	evs := coverage(t, 3, 4)
	ev := evs[0]
	e := New(Config{})
	first := e.Add(docOf(ev[0]))
	stories := []int64{first.Story}
	for _, other := range evs[1:] {
		stories = append(stories, e.Add(docOf(other[0])).Story)
	}
	clock := e.Stats().Clock

	shout := docOf(ev[1])
	shout.Title = strings.ToUpper(shout.Title)
	if a := e.Add(shout); a.Story != first.Story {
		t.Errorf("capitals headline: story %d, want %d", a.Story, first.Story)
	} else if a.Lead == shout.ID {
		t.Errorf("the headline in capitals became the lead")
	}

	future := docOf(ev[2])
	future.Published = time.Date(2199, 1, 1, 0, 0, 0, 0, time.UTC)
	if a := e.Add(future); a.Story != first.Story {
		t.Errorf("far-future date: story %d, want %d", a.Story, first.Story)
	}
	past := docOf(ev[3])
	past.Published = time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)
	if a := e.Add(past); a.Story != first.Story {
		t.Errorf("far-past date: story %d, want %d", a.Story, first.Story)
	}
	if got := e.Stats().Clock; !got.Equal(clock) {
		t.Errorf("bad dates moved the clock from %v to %v", clock, got)
	}

	titleOnly := Doc{ID: 7001, Title: ev[0].Title, Source: "headlines", Published: ev[0].Published}
	if a := e.Add(titleOnly); a.Story == 0 {
		t.Errorf("a headline alone was left alone")
	}

	foreign := Doc{ID: 7002, Source: "el-diario", Published: ev[0].Published,
		Title: "El ayuntamiento aprueba el nuevo presupuesto",
		Text:  "El pleno del ayuntamiento aprobó ayer el presupuesto municipal con los votos de la mayoría, tras un largo debate sobre el transporte público y la vivienda."}
	a := e.Add(foreign)
	if a.Story == 0 {
		t.Errorf("an article in another language was left alone")
	}
	if slices.Contains(stories, a.Story) {
		t.Errorf("the Spanish article joined story %d of an English event", a.Story)
	}
}

func TestEngine_ClockJumpsAfterARunOfLaterDocs(t *testing.T) {
	evs := coverage(t, 4, 3)
	e := New(Config{Window: 24 * time.Hour})
	e.Add(docOf(evs[0][0]))
	clock := e.Stats().Clock
	later := clock.Add(30 * 24 * time.Hour)
	for i := range futureRunToJump {
		d := docOf(evs[1+i%(len(evs)-1)][0])
		d.Published = later.Add(time.Duration(i) * time.Minute)
		e.Add(d)
		got := e.Stats().Clock
		if i < futureRunToJump-1 && !got.Equal(clock) {
			t.Fatalf("clock moved after %d later docs", i+1)
		}
	}
	if got := e.Stats().Clock; !got.Equal(later) {
		t.Errorf("clock %v after %d later docs, want %v", got, futureRunToJump, later)
	}
	if st := e.Stats(); st.EvictedStories == 0 {
		t.Errorf("the first story was not evicted when the clock jumped: %+v", st)
	}
}

func TestEngine_EvictsClosedStories(t *testing.T) {
	e := New(Config{Window: 72 * time.Hour})
	base := time.Date(2024, 1, 7, 12, 0, 0, 0, time.UTC)
	var live []int
	for k := range 6 {
		docs, _ := worldDocs(int64(k+1), base.Add(time.Duration(k)*7*24*time.Hour))
		for _, d := range docs {
			d.ID += int64(k) * 10000
			e.Add(d)
		}
		live = append(live, e.Stats().LiveDocs)
	}
	st := e.Stats()
	if st.EvictedStories == 0 || st.EvictedDocs == 0 {
		t.Fatalf("nothing evicted after six weeks: %+v", st)
	}
	// A week of demo news is about 330 docs; a 72-hour window holds
	// less than half of it whatever the weeks before.
	for k, n := range live {
		if n > 250 {
			t.Errorf("week %d: %d live docs", k, n)
		}
	}
	if st.LiveDocs+int(st.EvictedDocs) != int(st.Added-st.Alone) {
		t.Errorf("live %d + evicted %d != added %d - alone %d", st.LiveDocs, st.EvictedDocs, st.Added, st.Alone)
	}
	checkNearIndex(t, e)
}

func TestEngine_MaxOpenDocs(t *testing.T) {
	e := New(Config{MaxOpenDocs: 40})
	docs, _ := worldDocs(5, demoNow)
	for _, d := range docs {
		d.Published = time.Time{} // all undated: the window never closes anything
		e.Add(d)
	}
	if st := e.Stats(); st.LiveDocs > 40+8 || st.EvictedStories == 0 {
		t.Errorf("MaxOpenDocs 40: %+v", st)
	}
	checkNearIndex(t, e)
}

// checkNearIndex checks that the near-duplicate index holds exactly the
// docs marked as in it, and that its queue stays proportional.
func checkNearIndex(t *testing.T, e *Engine) {
	t.Helper()
	n := 0
	for _, rec := range e.docs {
		if rec.nearSeq != 0 {
			n++
		}
	}
	if n != e.nearLen || e.near.Len() != n {
		t.Errorf("near index: %d docs marked, nearLen %d, index holds %d", n, e.nearLen, e.near.Len())
	}
	if pending := len(e.nearFIFO) - e.nearHead; pending > 2*e.nearLen+1024+1 {
		t.Errorf("near queue: %d entries for %d indexed docs", pending, e.nearLen)
	}
}

func TestEngine_NearDupWindow(t *testing.T) {
	evs := coverage(t, 13, 3)
	e := New(Config{NearDupWindow: 6 * time.Hour})
	orig := docOf(evs[0][0])
	first := e.Add(orig)
	for i, other := range evs[1:] {
		d := docOf(other[0])
		d.Published = orig.Published.Add(time.Duration(i+1) * time.Minute)
		e.Add(d)
	}
	soon := orig
	soon.ID, soon.Source, soon.Title = 8001, "paper-a", "What we know"
	soon.Text = "From the wires.\n\n" + orig.Text
	soon.Published = orig.Published.Add(2 * time.Hour)
	if a := e.Add(soon); a.NearDupOf != orig.ID {
		t.Errorf("copy 2 h later: near dup of %d, want %d", a.NearDupOf, orig.ID)
	}
	late := soon
	late.ID, late.Source = 8002, "paper-b"
	late.Published = orig.Published.Add(30 * time.Hour)
	// Move the clock past the near-duplicate window with another event.
	tick := docOf(evs[len(evs)-1][1])
	tick.Published = late.Published
	e.Add(tick)
	a := e.Add(late)
	if a.NearDupOf == orig.ID {
		t.Errorf("copy 30 h later still reported as a copy of the original")
	}
	if a.Story != first.Story {
		t.Errorf("copy 30 h later: story %d, want %d", a.Story, first.Story)
	}
	checkNearIndex(t, e)
}

func TestEngine_RestoreThenAdd(t *testing.T) {
	evs := coverage(t, 6, 3)
	e := New(Config{NextStory: 5})
	e.Restore(docOf(evs[0][0]), 42)
	e.Restore(docOf(evs[0][1]), 42)
	e.Restore(Doc{ID: 1, Title: "x"}, 0) // left alone before: ignored
	if st := e.Stats(); st.LiveDocs != 2 || st.OpenStories != 1 || st.NextStory != 43 || st.Restored != 2 {
		t.Fatalf("after Restore: %+v", st)
	}
	if a := e.Add(docOf(evs[0][2])); a.Story != 42 {
		t.Errorf("third report joined story %d, want 42", a.Story)
	}
	if a := e.Add(docOf(evs[1][0])); a.Story != 43 {
		t.Errorf("new event got story %d, want 43", a.Story)
	}
}

func TestEngine_MergeWhenADocBridgesTwoStories(t *testing.T) {
	evs := coverage(t, 7, 4)
	ev := evs[0]
	e := New(Config{})
	// The store split one event in two (say, before a restart).
	e.Restore(docOf(ev[0]), 8)
	e.Restore(docOf(ev[1]), 3)
	e.Restore(docOf(evs[1][0]), 5)
	a := e.Add(docOf(ev[2]))
	if a.Story != 3 || !slices.Equal(a.Merged, []int64{8}) {
		t.Fatalf("bridging doc: story %d merged %v; want story 3 merged [8]", a.Story, a.Merged)
	}
	if st := e.Stats(); st.Merges != 1 || st.OpenStories != 2 {
		t.Errorf("after merge: %+v", st)
	}
	if b := e.Add(docOf(ev[3])); b.Story != 3 {
		t.Errorf("next report: story %d, want 3", b.Story)
	}
}

func TestEngine_AddTwiceKeepsTheStory(t *testing.T) {
	evs := coverage(t, 8, 3)
	e := New(Config{})
	d := docOf(evs[0][0])
	a := e.Add(d)
	e.Add(docOf(evs[1][0]))
	if b := e.Add(d); b.Story != a.Story {
		t.Errorf("re-added doc: story %d, want %d", b.Story, a.Story)
	}
	if st := e.Stats(); st.LiveDocs != 2 {
		t.Errorf("live docs %d, want 2", st.LiveDocs)
	}
}

func TestEngine_TagsEntitiesSeveralSourcesName(t *testing.T) {
	ev := coverage(t, 9, 3)[0]
	e := New(Config{})
	var last Assignment
	for _, a := range ev {
		last = e.Add(docOf(a))
	}
	if len(last.Entities) == 0 {
		t.Fatalf("no entity tagged on the %dth report of an event", len(ev))
	}
	for _, m := range last.Entities {
		if m.Name == "" || m.Count < 1 {
			t.Errorf("bad tag %+v", m)
		}
	}
}

func TestEngine_ConcurrentAdds(t *testing.T) {
	docs, _ := worldDocs(10, demoNow)
	e := New(Config{})
	var wg sync.WaitGroup
	out := make([]Assignment, len(docs))
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(docs); i += 4 {
				out[i] = e.Add(docs[i])
				if i%50 == 0 {
					e.Stats()
				}
			}
		}()
	}
	wg.Wait()
	for i, a := range out {
		if a.ID != docs[i].ID || a.Story == 0 {
			t.Fatalf("doc %d: %+v", i, a)
		}
	}
	if st := e.Stats(); st.Added != int64(len(docs)) {
		t.Errorf("added %d, want %d", st.Added, len(docs))
	}
}

func TestEngine_DocsOfOneOutletDoNotClusterOnBoilerplate(t *testing.T) {
	e := New(Config{})
	base := time.Date(2024, 3, 1, 8, 0, 0, 0, time.UTC)
	topics := []string{
		"The harbour authority opened a second ferry terminal to cut queues for island residents",
		"A bakery chain recalled sourdough loaves after customers found pieces of blue plastic",
		"Volunteers planted nine hundred oak saplings along the abandoned railway embankment",
		"The orchestra cancelled its winter tour because the concert hall roof needs repairs",
		"Farmers warned that the late frost destroyed most of the cherry blossom this spring",
		"The city library will lend telescopes, sewing machines and power drills from June",
		"Engineers found cracks in the old viaduct and closed it to lorries until further notice",
		"A teenage chess player from the valley won the national junior title without a loss",
		"The hospital trust hired forty nurses from abroad to reopen two closed wards",
		"Museum curators identified a lost painting in the attic of a retired schoolteacher",
		"The bus company introduced night services on three routes after a public petition",
		"A storm knocked down power lines and left thousands of homes without heating",
	}
	seen := map[int64]bool{}
	for i, topic := range topics {
		text := fmt.Sprintf("PORTVILLE (Daily Gazette Wire) — %s, officials said on Tuesday.\n\n"+
			"Read more stories like this in the Daily Gazette Morning Briefing newsletter, delivered free to subscribers every weekday.\n\n"+
			"Reporting by Anna Kowalczyk; editing by Peter Lindqvist.", topic)
		a := e.Add(Doc{ID: int64(i + 1), Title: topic[:40], Text: text, Source: "gazette", Published: base.Add(time.Duration(i) * time.Hour)})
		// The first two docs cannot tell the outlet's boilerplate from
		// what they share; from the third on, it is known.
		if seen[a.Story] && i >= 2 {
			t.Errorf("doc %d (%q) joined an earlier story %d on the outlet's boilerplate", i+1, topic[:30], a.Story)
		}
		seen[a.Story] = true
	}
}

func TestEngine_UndatedBeforeAnyDate(t *testing.T) {
	ev := coverage(t, 11, 3)[0]
	e := New(Config{})
	var stories []int64
	for i, a := range ev[:3] {
		d := docOf(a)
		if i < 2 {
			d.Published = time.Time{}
		}
		stories = append(stories, e.Add(d).Story)
	}
	if stories[1] != stories[0] || stories[2] != stories[0] {
		t.Errorf("stories %v: undated docs before the first date did not cluster with it", stories)
	}
	if st := e.Stats(); st.EvictedStories != 0 || st.Clock.IsZero() {
		t.Errorf("stats %+v", st)
	}
}

func TestEngine_LongRunningStoryStaysBounded(t *testing.T) {
	a := coverage(t, 12, 3)[0][0]
	body := strings.Join(a.Paragraphs, "\n\n")
	e := New(Config{})
	var story int64
	n := maxStoryDocs + maxStoryDocs/2 + 10
	for i := range n {
		d := Doc{ID: int64(i + 1), Title: a.Title, Source: fmt.Sprint("s", i%7),
			Text:      fmt.Sprintf("Update %d.\n\n%s", i, body),
			Published: a.Published.Add(time.Duration(i) * time.Minute)}
		got := e.Add(d)
		if i == 0 {
			story = got.Story
		}
		if got.Story != story {
			t.Fatalf("update %d went to story %d, want %d", i, got.Story, story)
		}
	}
	st := e.Stats()
	if st.LiveDocs > maxStoryDocs || st.OpenStories != 1 {
		t.Errorf("one story of %d docs: %d live docs, %d open stories", n, st.LiveDocs, st.OpenStories)
	}
	checkNearIndex(t, e)
}

func TestEngine_StatsCountPostings(t *testing.T) {
	docs, _ := worldDocs(14, demoNow)
	e := New(Config{})
	for _, d := range docs {
		e.Add(d)
	}
	n := 0
	for _, p := range e.postings {
		n += len(p)
	}
	if st := e.Stats(); st.Postings != n || n == 0 {
		t.Errorf("Stats.Postings %d, postings hold %d", st.Postings, n)
	}
}
