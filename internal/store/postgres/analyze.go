package postgres

import (
	"context"
	"sync"
	"sync/atomic"
	"time"
)

// Searches lean on the planner's statistics of the articles table: with
// none, it takes a query on words most articles hold for a rare one and
// reads the whole GIN posting lists and table for it (a two-word live
// search at 330,000 articles: 124 ms at the median before ANALYZE, 23 ms
// after). Autovacuum keeps them fresh where it runs, but it may be
// turned off, and even when on it waits for its next round after a bulk
// import. So the store looks, at most every statsInterval after it has
// saved articles (and once when it opens), at how many rows changed
// since the table was last analyzed, and analyzes it itself when that is
// more than autovacuum's own default threshold would allow and
// autovacuum is off.
const statsInterval = 30 * time.Second

// statsKeeper runs those checks in the background, one at a time.
type statsKeeper struct {
	last    atomic.Int64 // UnixNano of the last check started
	running atomic.Bool
	wg      sync.WaitGroup
	ctx     context.Context
	cancel  context.CancelFunc
}

func newStatsKeeper() *statsKeeper {
	ctx, cancel := context.WithCancel(context.Background())
	return &statsKeeper{ctx: ctx, cancel: cancel}
}

// stop cancels a running check and waits for it.
func (k *statsKeeper) stop() {
	k.cancel()
	k.wg.Wait()
}

// maybeAnalyze starts a check unless one ran within statsInterval or is
// running.
func (s *Store) maybeAnalyze() {
	k := s.stats
	now := time.Now().UnixNano()
	if now-k.last.Load() < int64(statsInterval) || !k.running.CompareAndSwap(false, true) {
		return
	}
	k.last.Store(now)
	k.wg.Add(1)
	go func() {
		defer k.wg.Done()
		defer k.running.Store(false)
		// A failed check (the database away, the store closing) is
		// tried again after the next save.
		_, _ = s.analyzeIfStale(k.ctx)
	}()
}

// analyzeIfStale analyzes the articles table when autovacuum is off and
// more of its rows changed since the last ANALYZE than autovacuum's
// default threshold (50 rows plus a tenth of the table); it reports
// whether it did.
func (s *Store) analyzeIfStale(ctx context.Context) (bool, error) {
	var stale bool
	err := s.pool.QueryRow(ctx, `SELECT current_setting('autovacuum') = 'off'
			AND COALESCE(n_mod_since_analyze > 50 + n_live_tup / 10, false)
		FROM pg_stat_user_tables WHERE relid = 'articles'::regclass`).Scan(&stale)
	if err != nil || !stale {
		return false, err
	}
	_, err = s.pool.Exec(ctx, `ANALYZE articles`)
	return err == nil, err
}
