package stories_test

import (
	"strings"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/internal/demo"
	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
	"github.com/newsdesk/newsdesk/internal/store/storetest"
	"github.com/newsdesk/newsdesk/internal/stories"
)

var clock = time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)

// saveWorld stores a demo world the way ingest does, one outlet's feed
// after another, and returns each stored article's event (0: none).
func saveWorld(t testing.TB, st store.Store, seed int64) map[int64]int {
	truth, _ := saveWorldCopies(t, st, seed)
	return truth
}

// saveWorldCopies is saveWorld that also returns, for each wire copy, the
// ID of the article it republishes.
func saveWorldCopies(t testing.TB, st store.Store, seed int64) (map[int64]int, map[int64]int64) {
	t.Helper()
	ctx := t.Context()
	w := demo.NewWorld(seed, clock)
	byOutlet := map[string][]model.Article{}
	events := map[string][]int{}
	var order []string
	for _, a := range w.Articles() {
		if _, ok := byOutlet[a.Outlet]; !ok {
			order = append(order, a.Outlet)
		}
		byOutlet[a.Outlet] = append(byOutlet[a.Outlet], model.Article{
			GUID: a.Path, URL: "https://" + a.Outlet + ".example" + a.Path,
			Title: a.Title, Excerpt: a.Summary, ContentText: strings.Join(a.Paragraphs, "\n\n"),
			Category: a.Category, PublishedAt: a.Published, FetchedAt: clock,
		})
		events[a.Outlet] = append(events[a.Outlet], a.EventID)
	}
	truth := map[int64]int{}
	byPath := map[string]int64{}
	for _, o := range order {
		src, err := st.AddSource(ctx, model.Source{FeedURL: "https://" + o + ".example/feed", Name: o})
		if err != nil {
			t.Fatal(err)
		}
		res, err := st.SaveArticles(ctx, src.ID, byOutlet[o])
		if err != nil {
			t.Fatal(err)
		}
		for i, id := range res.IDs {
			truth[id] = events[o][i]
			byPath[byOutlet[o][i].GUID] = id
		}
	}
	copyOf := map[int64]int64{}
	for _, a := range w.Articles() {
		if a.CopyOf != "" {
			copyOf[byPath[a.Path]] = byPath[a.CopyOf]
		}
	}
	return truth, copyOf
}

// bcubed scores a clustering against the truth: per article, the share
// of its cluster that shares its event (precision) and the share of its
// event that shares its cluster (recall). Articles of no event are their
// own event; articles left alone are their own cluster.
func bcubed(got map[int64]int64, truth map[int64]int) (p, r float64) {
	cluster := map[int64][]int64{}
	event := map[int][]int64{}
	for id, s := range got {
		if s == 0 {
			s = -id
		}
		got[id] = s
		cluster[s] = append(cluster[s], id)
	}
	for id, e := range truth {
		if e == 0 {
			e = -int(id)
		}
		truth[id] = e
		event[e] = append(event[e], id)
	}
	for id := range truth {
		same := 0
		for _, o := range cluster[got[id]] {
			if truth[o] == truth[id] {
				same++
			}
		}
		p += float64(same) / float64(len(cluster[got[id]]))
		r += float64(same) / float64(len(event[truth[id]]))
	}
	n := float64(len(truth))
	return p / n, r / n
}

func TestWorker_ClustersTheDemoWorldThroughTheStore(t *testing.T) {
	t.Run("sqlite", func(t *testing.T) { clusterDemoWorld(t, storetest.NewSQLiteCopy(t)) })
	t.Run("postgres", func(t *testing.T) { clusterDemoWorld(t, storetest.NewPostgres(t)) })
}

func clusterDemoWorld(t *testing.T, st store.Store) {
	ctx := t.Context()
	truth, copyOf := saveWorldCopies(t, st, 3)
	w := stories.New(st, stories.Options{Batch: 40, Now: func() time.Time { return clock }})
	n, err := w.Drain(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if n != len(truth) {
		t.Fatalf("drained %d articles, want %d", n, len(truth))
	}
	if left, _ := st.PendingClustering(ctx, 10); len(left) != 0 {
		t.Fatalf("%d articles still pending after Drain", len(left))
	}
	got := map[int64]int64{}
	dupOf := map[int64]int64{}
	for id := range truth {
		a, err := st.GetArticle(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		got[id] = a.StoryID
		if dups, err := st.NearDuplicates(ctx, id); err != nil {
			t.Fatal(err)
		} else {
			for _, d := range dups {
				dupOf[d.ID] = id
			}
		}
	}
	// A copy's link is right when it names the wire report or another
	// copy of it.
	origin := func(id int64) int64 {
		if o, ok := copyOf[id]; ok {
			return o
		}
		return id
	}
	right := 0
	for c, o := range dupOf {
		if _, isCopy := copyOf[c]; isCopy && origin(o) == copyOf[c] {
			right++
		} else {
			t.Errorf("article %d marked a copy of %d", c, o)
		}
	}
	t.Logf("wire copies: %d in the world, %d links found, %d right", len(copyOf), len(dupOf), right)
	if len(copyOf) == 0 || right < len(copyOf) {
		t.Errorf("%d of %d wire copies linked to their original", right, len(copyOf))
	}
	p, r := bcubed(got, truth)
	f1 := 2 * p * r / (p + r)
	t.Logf("through the store, outlet by outlet: B-cubed precision %.3f recall %.3f F1 %.3f", p, r, f1)
	if f1 < 0.95 {
		t.Errorf("F1 %.3f < 0.95", f1)
	}
	list, _, err := st.ListStories(ctx, store.StoryFilter{MinSources: 2, Limit: 100})
	if err != nil || len(list) == 0 {
		t.Fatalf("no multi-source stories listed (%v)", err)
	}
	for _, s := range list {
		if s.Title == "" || s.FirstSource == "" || s.Articles < s.Sources {
			t.Errorf("story %d incomplete: %+v", s.ID, s)
		}
	}
}

func TestWorker_RestartKeepsStoriesOpen(t *testing.T) {
	ctx := t.Context()
	st := storetest.NewSQLiteCopy(t)
	truth := saveWorld(t, st, 5)
	now := func() time.Time { return clock }
	if _, err := stories.New(st, stories.Options{Now: now}).Drain(ctx); err != nil {
		t.Fatal(err)
	}
	// Pick the newest article of an event and republish its text, lightly
	// edited, from a new outlet, after a restart.
	var orig model.Article
	for id, ev := range truth {
		a, err := st.GetArticle(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if ev != 0 && a.PublishedAt.After(orig.PublishedAt) {
			orig = a
		}
	}
	before, err := st.MaxStoryID(ctx)
	if err != nil {
		t.Fatal(err)
	}
	src, err := st.AddSource(ctx, model.Source{FeedURL: "https://wire-copy.example/feed", Name: "Wire Copy"})
	if err != nil {
		t.Fatal(err)
	}
	copyArt := model.Article{
		GUID: "copy-1", URL: "https://wire-copy.example/copy-1",
		Title:       "UPDATE: " + orig.Title,
		ContentText: "Our correspondent adds context below.\n\n" + orig.ContentText,
		PublishedAt: orig.PublishedAt.Add(20 * time.Minute), FetchedAt: clock,
	}
	res, err := st.SaveArticles(ctx, src.ID, []model.Article{copyArt})
	if err != nil {
		t.Fatal(err)
	}
	w := stories.New(st, stories.Options{Now: now})
	if _, err := w.Drain(ctx); err != nil {
		t.Fatal(err)
	}
	if s := w.Stats(); s.Restored == 0 {
		t.Errorf("the restarted worker replayed nothing: %+v", s)
	}
	got, err := st.GetArticle(ctx, res.IDs[0])
	if err != nil {
		t.Fatal(err)
	}
	if got.StoryID != orig.StoryID {
		t.Errorf("republished copy went to story %d, want the original's %d", got.StoryID, orig.StoryID)
	}
	dups, err := st.NearDuplicates(ctx, orig.ID)
	if err != nil || len(dups) != 1 || dups[0].ID != res.IDs[0] {
		t.Errorf("NearDuplicates(original) = %v, %v; want the copy", dups, err)
	}
	if after, _ := st.MaxStoryID(ctx); after < before {
		t.Errorf("story IDs went back: %d after %d", after, before)
	}
}

// Articles clustering can make little of are stored, clustered or left
// alone, and never hold up the articles behind them.
func TestWorker_BadInputNeverBlocks(t *testing.T) {
	ctx := t.Context()
	st := storetest.NewSQLiteCopy(t)
	src, err := st.AddSource(ctx, model.Source{FeedURL: "https://odd.example/feed", Name: "Odd"})
	if err != nil {
		t.Fatal(err)
	}
	body := strings.Repeat("The council approved the new harbour budget after a long debate on Tuesday. ", 5)
	odd := []model.Article{
		{GUID: "empty", URL: "https://odd.example/empty", Title: "", ContentText: "", Excerpt: ""},
		{GUID: "title", URL: "https://odd.example/title", Title: "Harbour budget approved"},
		{GUID: "caps", URL: "https://odd.example/caps", Title: "HARBOUR BUDGET APPROVED AFTER LONG DEBATE", ContentText: strings.ToUpper(body)},
		{GUID: "greek", URL: "https://odd.example/greek", Title: "Εγκρίθηκε ο προϋπολογισμός του λιμανιού", ContentText: strings.Repeat("Το δημοτικό συμβούλιο ενέκρινε τον νέο προϋπολογισμό του λιμανιού. ", 5)},
		{GUID: "past", URL: "https://odd.example/past", Title: "Harbour budget approved", ContentText: body, PublishedAt: time.Date(1970, 1, 2, 0, 0, 0, 0, time.UTC)},
		{GUID: "future", URL: "https://odd.example/future", Title: "Harbour budget approved", ContentText: body, PublishedAt: time.Date(2200, 1, 1, 0, 0, 0, 0, time.UTC)},
		{GUID: "junk", URL: "https://odd.example/junk", Title: "\x00\x01 ☃☃☃", ContentText: strings.Repeat("☃ ", 3000)},
		{GUID: "normal", URL: "https://odd.example/normal", Title: "Harbour budget approved", ContentText: body, PublishedAt: clock.Add(-time.Hour)},
	}
	for i := range odd {
		odd[i].FetchedAt = clock
	}
	if _, err := st.SaveArticles(ctx, src.ID, odd); err != nil {
		t.Fatal(err)
	}
	w := stories.New(st, stories.Options{Batch: 3, Now: func() time.Time { return clock }})
	n, err := w.Drain(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if n != len(odd) {
		t.Errorf("clustered %d of %d articles", n, len(odd))
	}
	if left, _ := st.PendingClustering(ctx, 10); len(left) != 0 {
		t.Errorf("%d articles left pending", len(left))
	}
	list, _, err := st.ListArticles(ctx, store.ArticleFilter{SourceID: src.ID, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range list {
		if a.GUID == "normal" && a.StoryID == 0 {
			t.Error("the ordinary article behind the odd ones got no story")
		}
	}
}
