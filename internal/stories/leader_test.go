package stories_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/newsdesk/newsdesk/internal/demo"
	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
	"github.com/newsdesk/newsdesk/internal/store/postgres"
	"github.com/newsdesk/newsdesk/internal/store/storetest"
	"github.com/newsdesk/newsdesk/internal/stories"
)

// saveWorldAs stores a demo world whose outlets' feeds live under host
// suffix, so two worlds can share one store; it returns each article's
// event, offset by eventBase so the worlds' events stay apart.
func saveWorldAs(t *testing.T, st store.Store, seed int64, at time.Time, suffix string, eventBase int) map[int64]int {
	t.Helper()
	w := demo.NewWorld(seed, at)
	byOutlet := map[string][]model.Article{}
	events := map[string][]int{}
	var order []string
	for _, a := range w.Articles() {
		if _, ok := byOutlet[a.Outlet]; !ok {
			order = append(order, a.Outlet)
		}
		byOutlet[a.Outlet] = append(byOutlet[a.Outlet], model.Article{
			GUID: a.Path, URL: "https://" + a.Outlet + suffix + a.Path,
			Title: a.Title, Excerpt: a.Summary, ContentText: strings.Join(a.Paragraphs, "\n\n"),
			Category: a.Category, PublishedAt: a.Published, FetchedAt: at,
		})
		ev := a.EventID
		if ev != 0 {
			ev += eventBase
		}
		events[a.Outlet] = append(events[a.Outlet], ev)
	}
	truth := map[int64]int{}
	for _, o := range order {
		src, err := st.AddSource(t.Context(), model.Source{FeedURL: "https://" + o + suffix + "/feed", Name: o + suffix})
		if err != nil {
			t.Fatal(err)
		}
		res, err := st.SaveArticles(t.Context(), src.ID, byOutlet[o])
		if err != nil {
			t.Fatal(err)
		}
		for i, id := range res.IDs {
			truth[id] = events[o][i]
		}
	}
	return truth
}

// Two nodes (two stores on one PostgreSQL schema, each with its worker)
// cluster under leadership: one at a time, and after the leader's session
// is ended by the server the other carries on from what the store holds.
// Every article ends in exactly one story, the stories' counts match
// their articles, and the grouping is as good as one worker's.
func TestWorker_TwoNodesClusterUnderLeadership(t *testing.T) {
	schema := storetest.NewPostgresSchema(t)
	dsn := storetest.WithSearchPath(storetest.PostgresDSN(), schema)
	ctx, cancel := context.WithCancel(t.Context())
	var mu sync.Mutex
	active, overlap := 0, false
	var wg sync.WaitGroup
	defer wg.Wait()
	defer cancel()
	var stores []*postgres.Store
	for range 2 {
		st, err := postgres.Open(t.Context(), dsn)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		stores = append(stores, st)
		w := stories.New(st, stories.Options{Batch: 40, Idle: 50 * time.Millisecond, Now: func() time.Time { return clock.Add(3 * time.Hour) }})
		l := st.Leader(postgres.LeaderOptions{Retry: 50 * time.Millisecond, Check: 200 * time.Millisecond, Grace: 2 * time.Second})
		wg.Go(func() {
			l.Lead(ctx, "stories", func(ctx context.Context) {
				mu.Lock()
				active++
				overlap = overlap || active > 1
				mu.Unlock()
				w.Run(ctx)
				mu.Lock()
				active--
				mu.Unlock()
			})
		})
	}
	st := stores[0]
	drained := func(what string) {
		t.Helper()
		deadline := time.Now().Add(2 * time.Minute)
		for {
			left, err := st.PendingClustering(t.Context(), 1)
			if err == nil && len(left) == 0 {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s: articles still pending after two minutes (%v)", what, err)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}

	truth := saveWorldAs(t, st, 11, clock, ".example", 0)
	drained("first world")

	// The server ends the leading session, as when its node dies or
	// loses the network; the other node (or this one, anew) takes over
	// and clusters a second world published later.
	admin, err := pgx.Connect(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close(context.Background())
	var killed int
	err = admin.QueryRow(t.Context(), `SELECT COUNT(pg_terminate_backend(pid)) FROM pg_locks l
		WHERE locktype = 'advisory' AND granted AND objsubid = 1
		AND ((classid::bigint << 32) | objid::bigint) = hashtextextended(current_schema() || '/stories', 0)`).Scan(&killed)
	if err != nil || killed != 1 {
		t.Fatalf("terminated %d leading sessions (%v), want 1", killed, err)
	}
	for id, ev := range saveWorldAs(t, st, 12, clock.Add(2*time.Hour), ".second.example", 1000) {
		truth[id] = ev
	}
	drained("second world, after the leader's session ended")

	got := map[int64]int64{}
	members := map[int64]int{}
	for id := range truth {
		a, err := st.GetArticle(t.Context(), id)
		if err != nil {
			t.Fatal(err)
		}
		if a.StoryID == 0 {
			t.Errorf("article %d has no story", id)
		}
		got[id] = a.StoryID
		members[a.StoryID]++
	}
	for id, n := range members {
		s, err := st.GetStory(t.Context(), id)
		if err != nil {
			t.Fatalf("story %d of %d articles: %v", id, n, err)
		}
		if s.Articles != n {
			t.Errorf("story %d counts %d articles, %d are filed under it", id, s.Articles, n)
		}
	}
	p, r := bcubed(got, truth)
	f1 := 2 * p * r / (p + r)
	t.Logf("%d articles in %d stories across a failover: B-cubed precision %.3f recall %.3f F1 %.3f", len(truth), len(members), p, r, f1)
	if f1 < 0.95 {
		t.Errorf("F1 %.3f < 0.95", f1)
	}
	mu.Lock()
	defer mu.Unlock()
	if overlap {
		t.Error("two nodes clustered at once")
	}
}
