package schedule_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/internal/fetch"
	"github.com/newsdesk/newsdesk/internal/ingest"
	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/schedule"
	"github.com/newsdesk/newsdesk/internal/store"
	"github.com/newsdesk/newsdesk/internal/store/storetest"
)

// feedServer answers every path with a one-item feed whose item is
// named after the path, counting requests per path. Paths under /slow/
// wait until hold is closed.
type feedServer struct {
	*httptest.Server
	mu   sync.Mutex
	hits map[string]int
	hold chan struct{}
}

func newFeedServer(t *testing.T) *feedServer {
	t.Helper()
	s := &feedServer{hits: map[string]int{}, hold: make(chan struct{})}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.hits[r.URL.Path]++
		s.mu.Unlock()
		if strings.HasPrefix(r.URL.Path, "/slow/") {
			select {
			case <-s.hold:
			case <-r.Context().Done():
				return
			}
		}
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>%[1]s</title><link>http://example.com/</link>
<item><title>Story of %[1]s</title><link>http://example.com%[1]s/story</link><guid>%[1]s</guid>
<description>%[2]s</description></item></channel></rss>`, r.URL.Path, strings.Repeat("Words of the story. ", 40))
	}))
	t.Cleanup(func() {
		s.release()
		s.Close()
	})
	return s
}

func (s *feedServer) release() {
	s.mu.Lock()
	defer s.mu.Unlock()
	select {
	case <-s.hold:
	default:
		close(s.hold)
	}
}

func (s *feedServer) count(path string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.hits[path]
}

type env struct {
	st store.Store
	in *ingest.Ingester
}

func newEnv(t *testing.T, perHost int) env {
	t.Helper()
	st := storetest.NewSQLiteCopy(t)
	client := fetch.New(fetch.Options{AllowPrivate: []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}})
	return env{st, ingest.New(st, client, ingest.Options{PerHost: perHost})}
}

func (e env) add(t *testing.T, url string, next time.Time) model.Source {
	t.Helper()
	src, err := e.st.AddSource(context.Background(), model.Source{FeedURL: url, Extract: model.ExtractNever,
		State: model.FetchState{NextFetchAt: next}})
	if err != nil {
		t.Fatal(err)
	}
	return src
}

func (e env) source(t *testing.T, id int64) model.Source {
	t.Helper()
	src, err := e.st.GetSource(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return src
}

// eventually polls cond until it holds or the test's patience ends.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	eventuallyWithin(t, time.Minute, what, cond)
}

// eventuallyWithin is eventually with the patience given: for work whose
// length depends on the machine (a race-detector build on a busy CI host
// indexes a few hundred articles a second).
func eventuallyWithin(t *testing.T, patience time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(patience)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting: %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestRun_FetchesDueJobsOnlyAndReschedules(t *testing.T) {
	srv := newFeedServer(t)
	e := newEnv(t, 2)
	now := time.Now()
	due := []model.Source{e.add(t, srv.URL+"/a", now.Add(-time.Minute)), e.add(t, srv.URL+"/b", now)}
	later := e.add(t, srv.URL+"/later", now.Add(time.Hour))
	ctx, cancel := context.WithCancel(context.Background())
	var results atomic.Int32
	r := schedule.New(e.st, e.in, schedule.Options{Poll: 20 * time.Millisecond,
		OnResult: func(ingest.Result) { results.Add(1) }})
	done := make(chan struct{})
	go func() { r.Run(ctx); close(done) }()
	eventually(t, "both due sources fetched", func() bool { return results.Load() == 2 })
	time.Sleep(100 * time.Millisecond) // a few more polls: nothing else is due
	cancel()
	<-done
	for _, src := range due {
		got := e.source(t, src.ID)
		if got.State.LastSuccessAt.IsZero() || got.Articles != 1 {
			t.Errorf("source %s: state %+v, %d articles", src.FeedURL, got.State, got.Articles)
		}
		if !got.State.NextFetchAt.After(now.Add(10 * time.Minute)) {
			t.Errorf("source %s: next fetch %v, want about an interval ahead", src.FeedURL, got.State.NextFetchAt)
		}
		if n := srv.count(strings.TrimPrefix(src.FeedURL, srv.URL)); n != 1 {
			t.Errorf("source %s fetched %d times, want once", src.FeedURL, n)
		}
	}
	if srv.count("/later") != 0 || results.Load() != 2 {
		t.Errorf("a source not due was fetched (%d results)", results.Load())
	}
	if got := e.source(t, later.ID); !got.State.LastFetchedAt.IsZero() {
		t.Errorf("source not due has state %+v", got.State)
	}
}

// A job a dead worker left leased runs once the lease expires; one whose
// attempts all died is recorded as failed instead of run again.
func TestRun_TakesOverExpiredLeasesAndAbandonsPoisonJobs(t *testing.T) {
	srv := newFeedServer(t)
	e := newEnv(t, 2)
	ctx := context.Background()
	now := time.Now()
	orphan := e.add(t, srv.URL+"/orphan", now.Add(-20*time.Minute))
	poison := e.add(t, srv.URL+"/poison", now.Add(-30*time.Minute))
	// Three workers in turn claimed poison and died; the last also held orphan.
	for i := range 3 {
		limit := 1
		if i == 2 {
			limit = 2
		}
		jobs, err := e.st.ClaimFetches(ctx, fmt.Sprintf("dead-%d", i), now.Add(time.Duration(i-10)*time.Minute), 30*time.Second, limit)
		if err != nil || len(jobs) != limit {
			t.Fatalf("setup claim %d: %d jobs, %v", i, len(jobs), err)
		}
	}
	var results atomic.Int32
	r := schedule.New(e.st, e.in, schedule.Options{Poll: 20 * time.Millisecond,
		OnResult: func(ingest.Result) { results.Add(1) }})
	rctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { r.Run(rctx); close(done) }()
	eventually(t, "both jobs ended", func() bool { return results.Load() == 2 })
	cancel()
	<-done
	if got := e.source(t, orphan.ID); got.Articles != 1 || got.State.LastError != "" {
		t.Errorf("orphaned job: %d articles, state %+v", got.Articles, got.State)
	}
	got := e.source(t, poison.ID)
	if srv.count("/poison") != 0 || !strings.Contains(got.State.LastError, "abandoned after 3 attempts") ||
		!got.State.NextFetchAt.After(time.Now()) {
		t.Errorf("poison job: fetched %d times, state %+v; want given up and backed off", srv.count("/poison"), got.State)
	}
}

// Stopping gives back the jobs that were running, so they are due at once
// for whoever comes next, not after their leases expire.
func TestRun_StopGivesBackUnfinishedJobs(t *testing.T) {
	srv := newFeedServer(t)
	e := newEnv(t, 2)
	src := e.add(t, srv.URL+"/slow/one", time.Now().Add(-time.Minute))
	ctx, cancel := context.WithCancel(context.Background())
	r := schedule.New(e.st, e.in, schedule.Options{Poll: 20 * time.Millisecond, Lease: time.Hour})
	done := make(chan struct{})
	go func() { r.Run(ctx); close(done) }()
	eventually(t, "the slow fetch started", func() bool { return srv.count("/slow/one") == 1 })
	cancel()
	<-done
	jobs, err := e.st.ClaimFetches(context.Background(), "next", time.Now(), time.Minute, 10)
	if err != nil || len(jobs) != 1 || jobs[0].Source.ID != src.ID {
		got := e.source(t, src.ID)
		t.Fatalf("after stop claimed %+v, %v; want the interrupted job at once; source state %+v", jobs, err, got.State)
	}
	if jobs[0].Attempts != 1 || jobs[0].Source.State.LastError != "" {
		t.Errorf("interrupted job: attempts %d, state %+v; want a clean slate", jobs[0].Attempts, jobs[0].Source.State)
	}
}

// A host that hangs holds at most its per-host slots; the other hosts'
// sources all run meanwhile.
func TestRun_SlowHostDoesNotDelayOthers(t *testing.T) {
	slow := newFeedServer(t)
	fast := newFeedServer(t)
	e := newEnv(t, 1)
	now := time.Now().Add(-time.Hour)
	for i := range 4 {
		e.add(t, fmt.Sprintf("%s/slow/%d", slow.URL, i), now) // due first
	}
	for i := range 6 {
		e.add(t, fmt.Sprintf("%s/fast/%d", fast.URL, i), now.Add(time.Minute))
	}
	var mu sync.Mutex
	var finished []string
	r := schedule.New(e.st, e.in, schedule.Options{Workers: 2, Poll: 20 * time.Millisecond,
		OnResult: func(res ingest.Result) {
			mu.Lock()
			finished = append(finished, res.Source.FeedURL)
			mu.Unlock()
		}})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan struct{})
	go func() { r.Run(ctx); close(done) }()
	eventually(t, "the fast host's six sources done while the slow host hangs", func() bool {
		mu.Lock()
		defer mu.Unlock()
		return len(finished) == 6
	})
	mu.Lock()
	for _, u := range finished {
		if !strings.HasPrefix(u, fast.URL) {
			t.Errorf("%s finished before the slow host answered", u)
		}
	}
	mu.Unlock()
	if n := slow.count("/slow/0") + slow.count("/slow/1") + slow.count("/slow/2") + slow.count("/slow/3"); n != 1 {
		t.Errorf("%d requests to the slow host at once, want 1 (its per-host limit)", n)
	}
	slow.release()
	eventually(t, "all ten done", func() bool {
		mu.Lock()
		defer mu.Unlock()
		return len(finished) == 10
	})
	cancel()
	<-done
}

func TestPass_RunsWhatIsDueAndReturns(t *testing.T) {
	srv := newFeedServer(t)
	e := newEnv(t, 2)
	now := time.Now()
	for i := range 5 {
		e.add(t, fmt.Sprintf("%s/p%d", srv.URL, i), now.Add(-time.Minute))
	}
	e.add(t, srv.URL+"/future", now.Add(time.Hour))
	var claimed int
	var results int
	r := schedule.New(e.st, e.in, schedule.Options{OnResult: func(ingest.Result) { results++ }})
	r.Pass(context.Background(), 0, func(n int) { claimed = n })
	if claimed != 5 || results != 5 {
		t.Errorf("pass claimed %d and finished %d, want 5 and 5", claimed, results)
	}
	if srv.count("/future") != 0 {
		t.Error("the pass fetched a source not due")
	}
}
