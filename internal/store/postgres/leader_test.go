package postgres_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/newsdesk/newsdesk/internal/store/postgres"
	"github.com/newsdesk/newsdesk/internal/store/storetest"
)

// leaderNode is one process's Leader and what its runs did.
type leaderNode struct {
	mu      sync.Mutex
	running bool
	runs    int
	ended   int // runs whose context was cancelled and that returned
}

// leaderRace records whether two runs ever overlapped.
type leaderRace struct {
	mu      sync.Mutex
	active  int
	overlap bool
}

func (r *leaderRace) run(n *leaderNode) func(ctx context.Context) {
	return func(ctx context.Context) {
		r.mu.Lock()
		r.active++
		if r.active > 1 {
			r.overlap = true
		}
		r.mu.Unlock()
		n.mu.Lock()
		n.running, n.runs = true, n.runs+1
		n.mu.Unlock()
		<-ctx.Done()
		r.mu.Lock()
		r.active--
		r.mu.Unlock()
		n.mu.Lock()
		n.running, n.ended = false, n.ended+1
		n.mu.Unlock()
	}
}

func (n *leaderNode) state() (running bool, runs, ended int) {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.running, n.runs, n.ended
}

// waitLeader polls cond until it holds, failing the test after a minute.
func waitLeader(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("gave up waiting: %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// fastLeader is a Leader with short periods; Grace stays well above the
// 2×Check a loser needs, so the test never depends on a slow host.
func fastLeader(t *testing.T, dsn string) *postgres.Leader {
	t.Helper()
	st, err := postgres.Open(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st.Leader(postgres.LeaderOptions{Retry: 50 * time.Millisecond, Check: 200 * time.Millisecond, Grace: 2 * time.Second})
}

func TestLeader_OneRunsAndAnotherTakesOver(t *testing.T) {
	schema := storetest.NewPostgresSchema(t)
	dsn := storetest.WithSearchPath(storetest.PostgresDSN(), schema)
	var raw [6]byte
	rand.Read(raw[:])
	name := "test-" + hex.EncodeToString(raw[:])
	admin, err := pgx.Connect(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close(context.Background())
	// holder is the backend holding the advisory lock for name, 0 if none.
	holder := func() int32 {
		var pid int32
		err := admin.QueryRow(t.Context(), `SELECT COALESCE(MAX(l.pid), 0) FROM pg_locks l
			JOIN pg_stat_activity a ON a.pid = l.pid
			WHERE l.locktype = 'advisory' AND l.granted AND a.application_name = $1`,
			"newsdesk leader "+name).Scan(&pid)
		if err != nil {
			t.Fatal(err)
		}
		return pid
	}

	var race leaderRace
	nodes := []*leaderNode{{}, {}, {}}
	cancels := make([]context.CancelFunc, len(nodes))
	var wg sync.WaitGroup
	for i, n := range nodes {
		l := fastLeader(t, dsn)
		ctx, cancel := context.WithCancel(t.Context())
		cancels[i] = cancel
		wg.Go(func() {
			if err := l.Lead(ctx, name, race.run(n)); err != nil {
				t.Errorf("node %d: Lead: %v", i, err)
			}
		})
	}
	defer func() {
		for _, c := range cancels {
			c()
		}
		wg.Wait()
	}()
	leader := func() int {
		who := -1
		for i, n := range nodes {
			if r, _, _ := n.state(); r {
				if who >= 0 {
					t.Fatalf("nodes %d and %d run at once", who, i)
				}
				who = i
			}
		}
		return who
	}
	waitLeader(t, "a leader to run", func() bool { return leader() >= 0 })
	// The others keep trying: wait until both have sessions that asked
	// for the lock and were refused (their last query, now idle).
	waitLeader(t, "the followers to try for the lock", func() bool {
		var n int
		admin.QueryRow(t.Context(), `SELECT COUNT(*) FROM pg_stat_activity
			WHERE application_name = $1 AND state = 'idle' AND query LIKE 'SELECT pg_try_advisory_lock%'
			AND pid NOT IN (SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted)`,
			"newsdesk leader "+name).Scan(&n)
		return n == 2
	})
	first := leader()
	if first < 0 {
		t.Fatal("the leader stopped running while the others tried")
	}

	// The server ends the leader's session: its run is cancelled and
	// another node takes over.
	pid := holder()
	if pid == 0 {
		t.Fatal("no session holds the lock while a node runs")
	}
	if _, err := admin.Exec(t.Context(), `SELECT pg_terminate_backend($1)`, pid); err != nil {
		t.Fatal(err)
	}
	waitLeader(t, "the first leader's run to be cancelled", func() bool { _, _, e := nodes[first].state(); return e == 1 })
	// Any node may win the next round, the first one too, on a new
	// session.
	waitLeader(t, "a node to lead again", func() bool { return leader() >= 0 })
	second := leader()
	if h := holder(); h == pid || h == 0 {
		t.Errorf("lock holder after the kill: %d (killed %d)", h, pid)
	}

	// The new leader stops (its process shuts down): its run ends, the
	// lock is freed and a third takes over.
	if second >= 0 {
		cancels[second]()
		waitLeader(t, "the stopped leader's run to end", func() bool { r, _, _ := nodes[second].state(); return !r })
		waitLeader(t, "a node to lead after the stop", func() bool { w := leader(); return w >= 0 && w != second })
	}
	race.mu.Lock()
	defer race.mu.Unlock()
	if race.overlap {
		t.Error("two runs overlapped")
	}
}
