package web

import (
	"context"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

// pollOnly is a store whose notifications the server cannot see: the
// render cache learns of other processes' changes by polling alone, as
// before the change log's notifications.
type pollOnly struct {
	Store
	changeFeed
}

// BenchmarkRenderCacheNodes measures how long a change committed by
// one server takes to leave another server's render cache, over real
// PostgreSQL: from the moment the writer's commit returns (and, as an
// upper bound, from the start of the write: a desk save of several
// statements) to the moment the other node's cached article page is
// gone. Two readers run side by
// side on the same changes: "notify" follows the change log's
// notifications and gets no requests at all; "poll" only polls (every
// ChangePoll, half a second, at the first request after it) and gets a
// request every 5 ms on another page, a busy node's best case. Each
// change comes at a random moment of the poll's period. Run with
// a fixed count, for example:
//
//	NEWSDESK_TEST_POSTGRES=postgres://… go test -run '^$' \
//	    -bench RenderCacheNodes -benchtime 200x ./internal/web/
func BenchmarkRenderCacheNodes(b *testing.B) {
	c := newCluster(b)
	stA, stB, stC := c.open(b, ""), c.open(b, ""), c.open(b, "")
	notify := newNode(b, stB, time.Hour, nil)
	poll := newNode(b, pollOnly{stC, stC}, 500*time.Millisecond, nil)
	d, path := PublishTestArticle(b, stA, "Tide tables", time.Now().Add(-time.Hour), time.UTC)

	ctx, stop := context.WithCancel(context.Background())
	var traffic sync.WaitGroup
	traffic.Go(func() {
		for tick := time.NewTicker(5 * time.Millisecond); ; {
			select {
			case <-ctx.Done():
				tick.Stop()
				return
			case <-tick.C:
				poll.get("/")
			}
		}
	})
	defer func() { stop(); traffic.Wait() }()

	var viaNotify, viaPoll, fromStart, commits []time.Duration
	for i := range b.N {
		notify.warm(stB, path)
		poll.warm(stC, path)
		// Changes come at any moment, not just after a poll (warming
		// polled).
		time.Sleep(rand.N(500 * time.Millisecond))
		desk, err := stA.GetDeskArticle(b.Context(), d.ID)
		if err != nil {
			b.Fatal(err)
		}
		desk.Title = "Tide tables, edition " + model.Slugify(time.Now().Format(time.RFC3339Nano), 40)
		start := time.Now()
		if _, err := stA.SaveDeskArticle(b.Context(), desk, store.DeskChange{Note: "bench"}); err != nil {
			b.Fatal(err)
		}
		committed := time.Now()
		commits = append(commits, committed.Sub(start))
		var nAt, pAt time.Time
		for deadline := committed.Add(nodePatience); nAt.IsZero() || pAt.IsZero(); time.Sleep(20 * time.Microsecond) {
			now := time.Now()
			if nAt.IsZero() && !notify.cached(path) {
				nAt = now
			}
			if pAt.IsZero() && !poll.cached(path) {
				pAt = now
			}
			if now.After(deadline) {
				b.Fatalf("change %d never left a cache (notify %v, poll %v)", i, !nAt.IsZero(), !pAt.IsZero())
			}
		}
		viaNotify = append(viaNotify, max(0, nAt.Sub(committed)))
		fromStart = append(fromStart, nAt.Sub(start))
		viaPoll = append(viaPoll, max(0, pAt.Sub(committed)))
	}
	ms := func(ds []time.Duration, q float64) float64 {
		slices.Sort(ds)
		return float64(ds[min(len(ds)-1, int(q*float64(len(ds))))]) / float64(time.Millisecond)
	}
	b.ReportMetric(ms(viaNotify, 0.5), "notify-p50-ms")
	b.ReportMetric(ms(viaNotify, 0.99), "notify-p99-ms")
	b.ReportMetric(ms(viaPoll, 0.5), "poll-p50-ms")
	b.ReportMetric(ms(viaPoll, 0.99), "poll-p99-ms")
	// The notification may arrive before the writer hears its commit
	// acknowledged; from the write's start bounds the crossing above.
	b.ReportMetric(ms(fromStart, 0.5), "notify-from-write-p50-ms")
	b.ReportMetric(ms(fromStart, 0.99), "notify-from-write-p99-ms")
	b.ReportMetric(ms(commits, 0.5), "write-p50-ms")
}
