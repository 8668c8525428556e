package schedule_test

import (
	"context"
	"fmt"
	"net/netip"
	"sync"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/internal/fetch"
	"github.com/newsdesk/newsdesk/internal/ingest"
	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/schedule"
	"github.com/newsdesk/newsdesk/internal/store/storetest"
)

// Three runners, as three processes of a scaled-out site would, share
// one PostgreSQL database: every due source is fetched exactly once, and
// the work is spread over them.
func TestRun_SeveralRunnersShareThePostgresJobs(t *testing.T) {
	srv := newFeedServer(t)
	st := storetest.NewPostgres(t)
	const sources = 60
	due := time.Now().Add(-time.Minute)
	for i := range sources {
		if _, err := st.AddSource(context.Background(), model.Source{FeedURL: fmt.Sprintf("%s/s%d", srv.URL, i),
			Extract: model.ExtractNever, State: model.FetchState{NextFetchAt: due}}); err != nil {
			t.Fatal(err)
		}
	}
	client := fetch.New(fetch.Options{AllowPrivate: []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}})
	var mu sync.Mutex
	perRunner := map[string]int{}
	total := 0
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	for i := range 3 {
		owner := fmt.Sprintf("runner-%d", i)
		in := ingest.New(st, client, ingest.Options{PerHost: 4})
		r := schedule.New(st, in, schedule.Options{Owner: owner, Workers: 3, Poll: 10 * time.Millisecond,
			OnResult: func(res ingest.Result) {
				if res.Err != nil {
					t.Errorf("%s: %v", res.Source.FeedURL, res.Err)
				}
				mu.Lock()
				perRunner[owner]++
				total++
				mu.Unlock()
			}})
		wg.Go(func() { r.Run(ctx) })
	}
	eventually(t, "every source fetched", func() bool {
		mu.Lock()
		defer mu.Unlock()
		return total >= sources
	})
	time.Sleep(100 * time.Millisecond) // room for a double fetch to show
	cancel()
	wg.Wait()
	if total != sources {
		t.Errorf("%d fetches for %d sources: some ran twice", total, sources)
	}
	for i := range sources {
		if n := srv.count(fmt.Sprintf("/s%d", i)); n != 1 {
			t.Errorf("source %d requested %d times", i, n)
		}
	}
	busy := 0
	for _, n := range perRunner {
		if n > 0 {
			busy++
		}
	}
	if busy < 2 {
		t.Errorf("work per runner %v: want it shared", perRunner)
	}
}
