//go:build unix

package sqlite_test

import (
	"context"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/internal/store/sqlite"
)

// Two stores on one file stand for two processes: flock(2) locks belong
// to the open file, so they exclude each other within one process too.
func TestLead_OneProcessPerFileRunsAtATime(t *testing.T) {
	path := filepath.Join(t.TempDir(), "lead.db")
	var mu sync.Mutex
	running := map[int]bool{}
	overlap := false
	run := func(i int) func(context.Context) {
		return func(ctx context.Context) {
			mu.Lock()
			running[i] = true
			overlap = overlap || running[1-i]
			mu.Unlock()
			<-ctx.Done()
			mu.Lock()
			running[i] = false
			mu.Unlock()
		}
	}
	is := func(i int) bool { mu.Lock(); defer mu.Unlock(); return running[i] }
	wait := func(what string, cond func() bool) {
		t.Helper()
		deadline := time.Now().Add(time.Minute)
		for !cond() {
			if time.Now().After(deadline) {
				t.Fatalf("gave up waiting: %s", what)
			}
			time.Sleep(10 * time.Millisecond)
		}
	}
	var wg sync.WaitGroup
	defer wg.Wait()
	cancels := make([]context.CancelFunc, 2)
	for i := range 2 {
		st, err := sqlite.Open(t.Context(), path)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { st.Close() })
		ctx, cancel := context.WithCancel(t.Context())
		cancels[i] = cancel
		defer cancel()
		wg.Go(func() {
			if err := st.Lead(ctx, "stories", run(i)); err != nil {
				t.Errorf("store %d: Lead: %v", i, err)
			}
		})
		if i == 0 {
			wait("the first store to lead", func() bool { return is(0) })
		}
	}
	// The second store found the lock taken: it tries again every two
	// seconds and must not run while the first does.
	time.Sleep(100 * time.Millisecond)
	if is(1) {
		t.Fatal("both stores run")
	}
	cancels[0]()
	wait("the second store to take over", func() bool { return is(1) })
	mu.Lock()
	defer mu.Unlock()
	if overlap {
		t.Error("the two runs overlapped")
	}
}
