package schedule_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/internal/fetch"
	"github.com/newsdesk/newsdesk/internal/ingest"
	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/schedule"
	"github.com/newsdesk/newsdesk/internal/store"
	"github.com/newsdesk/newsdesk/internal/store/sqlite"
)

// crashEnv names the database a child process fetches into; set only in
// the child that TestCrash_Kill9DuringIngest starts.
const crashEnv = "NEWSDESK_CRASH_CHILD_DB"

const (
	crashFeeds = 30
	crashItems = 120
	crashLease = 2 * time.Second
	// crashServedBeforeKill is how many feed requests the first worker
	// gets answered: more than the three it must have stored when it is
	// killed, far fewer than all.
	crashServedBeforeKill = 10
)

// TestCrashChild is the worker process of TestCrash_Kill9DuringIngest: it
// runs the scheduler over the database it is given until it is killed.
func TestCrashChild(t *testing.T) {
	path := os.Getenv(crashEnv)
	if path == "" {
		t.Skip("runs only as the child of TestCrash_Kill9DuringIngest")
	}
	st, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	// The parent holds some requests until it has killed this process:
	// they must not time out first, however long a loaded host takes.
	client := fetch.New(fetch.Options{AllowPrivate: []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}, Timeout: 10 * time.Minute})
	in := ingest.New(st, client, ingest.Options{PerHost: 4})
	r := schedule.New(st, in, schedule.Options{Workers: 4, Poll: 50 * time.Millisecond, Lease: crashLease})
	r.Run(context.Background()) // until killed
}

// TestCrash_Kill9DuringIngest kills a fetching process with SIGKILL in
// the middle of a large ingest and starts another on the same database:
// no feed may be half stored, no article stored twice, and every fetch
// that was pending or running when the first died must run.
func TestCrash_Kill9DuringIngest(t *testing.T) {
	if testing.Short() {
		t.Skip("starts child processes")
	}
	var served atomic.Int32
	// The first worker gets crashServedBeforeKill feeds; the requests
	// after them wait until it is dead, so it can never have stored
	// everything by the time it is killed, however the host's load falls.
	release := make(chan struct{})
	var releaseOnce sync.Once
	releaseHeld := func() { releaseOnce.Do(func() { close(release) }) }
	defer releaseHeld()
	feeds := map[string][]byte{}
	for i := range crashFeeds {
		name := fmt.Sprintf("feed%02d", i)
		feeds["/"+name] = farmFeed(name, crashItems)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		feed, ok := feeds[r.URL.Path]
		if !ok {
			http.NotFound(w, r)
			return
		}
		if served.Add(1) > crashServedBeforeKill {
			select {
			case <-release:
			case <-r.Context().Done():
				return
			}
		}
		time.Sleep(20 * time.Millisecond) // a little network, so the kill lands mid-ingest
		w.Header().Set("Content-Type", "application/rss+xml")
		w.Write(feed)
	}))
	defer srv.Close()

	path := filepath.Join(t.TempDir(), "crash.db")
	st, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for name := range feeds {
		if _, err := st.AddSource(context.Background(), model.Source{FeedURL: srv.URL + name, Extract: model.ExtractNever}); err != nil {
			t.Fatal(err)
		}
	}

	// First worker: killed once some feeds are stored and others are not.
	child := startCrashChild(t, path)
	eventually(t, "part of the ingest done", func() bool {
		done, _ := countStored(t, st)
		return done >= 3
	})
	if err := child.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	child.Wait()
	releaseHeld()
	doneAtKill, _ := countStored(t, st)
	if doneAtKill == crashFeeds {
		t.Fatalf("every feed was stored before the kill; the test proves nothing")
	}
	checkNoHalfFeeds(t, st)
	t.Logf("killed with %d of %d feeds stored (%d requests served)", doneAtKill, crashFeeds, served.Load())

	// Second worker: finds the jobs the first left (due, or leased by a
	// process that is gone) and runs them all.
	child = startCrashChild(t, path)
	defer func() {
		child.Process.Signal(syscall.SIGKILL)
		child.Wait()
	}()
	// A fetch stores its articles, then records the source's state in a
	// transaction of its own: wait for both.
	eventuallyWithin(t, 3*time.Minute, "every feed stored and recorded after the restart", func() bool {
		done, _ := countStored(t, st)
		srcs, err := st.ListSources(context.Background())
		if err != nil || done != crashFeeds {
			return false
		}
		for _, s := range srcs {
			if s.State.LastFetchedAt.IsZero() {
				return false
			}
		}
		return true
	})
	checkNoHalfFeeds(t, st)
	_, total := countStored(t, st)
	if total != crashFeeds*crashItems {
		t.Errorf("%d articles stored, want %d: duplicates or losses", total, crashFeeds*crashItems)
	}
	srcs, err := st.ListSources(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range srcs {
		if s.State.Status() != "ok" || !s.State.NextFetchAt.After(time.Now()) {
			t.Errorf("source %s: status %q, next fetch %v; want ok and scheduled ahead", s.FeedURL, s.State.Status(), s.State.NextFetchAt)
		}
	}
}

func startCrashChild(t *testing.T, dbPath string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.timeout=5m")
	cmd.Env = append(os.Environ(), crashEnv+"="+dbPath)
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if t.Failed() && out.Len() > 0 {
			t.Logf("child output:\n%s", out.String())
		}
	})
	return cmd
}

// countStored returns how many sources have all their items stored, and
// the number of articles in all. It reads through the parent's own
// connection to the file the child writes.
func countStored(t *testing.T, st store.Store) (complete, articles int) {
	t.Helper()
	srcs, err := st.ListSources(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range srcs {
		articles += s.Articles
		if s.Articles == crashItems {
			complete++
		}
	}
	return complete, articles
}

// checkNoHalfFeeds fails when a source has some but not all of its items:
// each feed is stored in one transaction, all or nothing.
func checkNoHalfFeeds(t *testing.T, st store.Store) {
	t.Helper()
	srcs, err := st.ListSources(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range srcs {
		if s.Articles != 0 && s.Articles != crashItems {
			t.Errorf("source %s half stored: %d of %d articles", s.FeedURL, s.Articles, crashItems)
		}
	}
}
