package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/newsdesk/newsdesk/internal/desk"
	"github.com/newsdesk/newsdesk/internal/schedule"
	"github.com/newsdesk/newsdesk/internal/site"
	"github.com/newsdesk/newsdesk/internal/store"
	"github.com/newsdesk/newsdesk/internal/store/postgres"
	"github.com/newsdesk/newsdesk/internal/stories"
)

// serveRole is what one `newsdesk serve` process does, so that the nodes
// answering readers and the nodes fetching and clustering can be scaled
// apart on one PostgreSQL database.
type serveRole string

const (
	roleAll    serveRole = "all"    // the site and the background work: one machine
	roleWeb    serveRole = "web"    // the site, the admin area and the APIs only
	roleWorker serveRole = "worker" // fetching, clustering, publishing; HTTP for /healthz only
)

// roleUsage is the --role flag's help.
const roleUsage = "what this node does: all (site and background work), web (site, admin and APIs;\n" +
	"no fetching, clustering or publishing) or worker (fetching, clustering, scheduled\n" +
	"publication and session expiry; HTTP answers /healthz only)"

// parseRole reads --role (or NEWSDESK_ROLE).
func parseRole(s string) (serveRole, error) {
	switch r := serveRole(s); r {
	case roleAll, roleWeb, roleWorker:
		return r, nil
	}
	return "", usagef("--role must be all, web or worker, got %q", s)
}

// site reports whether the node serves the site.
func (r serveRole) site() bool { return r != roleWorker }

// work reports whether the node runs the background work.
func (r serveRole) work() bool { return r != roleWeb }

// background is the work a worker node runs.
type background struct {
	st        store.Store
	runner    *schedule.Runner
	clusterer *stories.Worker
	publisher *desk.Publisher
	log       *slog.Logger
}

// start runs the background work until ctx ends; wait returns when all
// of it has stopped (the runner has given back its unfinished jobs), and
// must be called before the store closes.
//
// Fetch jobs are leased per source in the store, scheduled articles are
// claimed one by one and expiring sessions is a delete, so every worker
// node runs those. The clusterer keeps the open stories in memory and
// hands out story IDs, so one node per database runs it, elected through
// store.Leadership: the others stand by and take over within seconds of
// the leader's death.
func (b background) start(ctx context.Context) (wait func()) {
	var wg sync.WaitGroup
	wg.Go(func() { b.runner.Run(ctx) })
	wg.Go(func() { expireSessions(ctx, b.st, b.log, time.Hour) })
	wg.Go(func() { b.publisher.Run(ctx) })
	wg.Go(func() {
		err := lead(ctx, b.st, b.log, "stories", func(ctx context.Context) {
			b.log.Info("clustering: this node clusters stories")
			b.clusterer.Run(ctx)
			b.log.Info("clustering: stopped on this node")
		})
		if err != nil {
			b.log.Error("clustering: cannot take part in the election; this node will not cluster", "err", err)
		}
	})
	return wg.Wait
}

// lead is store.Lead with the election's own troubles (a lock session that
// cannot connect or was lost) logged on PostgreSQL, where a node that
// never gets the lead would otherwise say nothing of why.
func lead(ctx context.Context, st store.Store, log *slog.Logger, name string, run func(context.Context)) error {
	if pg, ok := st.(*postgres.Store); ok {
		return pg.Leader(postgres.LeaderOptions{Logger: log}).Lead(ctx, name, run)
	}
	return store.Lead(ctx, st, name, run)
}

// followSettings keeps a worker node's settings in force as an admin
// stores them, as the site handler does on web nodes: the fetch client
// reads the allowed private networks from them at each connection.
func followSettings(ctx context.Context, live *site.Live, st store.Store, log *slog.Logger) error {
	errs, err := live.Refresh(ctx, st)
	if err != nil {
		return fmt.Errorf("read stored site settings: %w", err)
	}
	for k, e := range errs {
		log.Warn("stored site setting refused; the starting value stays", "key", k, "err", e)
	}
	go live.Run(ctx, st, site.DefaultRefresh, log)
	return nil
}

// workerHandler is all a worker node answers over HTTP: /healthz, 200
// while the database answers, 503 with Retry-After otherwise. A load
// balancer or orchestrator restarts a worker that stays unhealthy; no
// reader should be sent here, so everything else is 404.
func workerHandler(st store.Store) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
		defer cancel()
		if err := st.Ping(ctx); err != nil {
			w.Header().Set("Retry-After", strconv.Itoa(5))
			w.WriteHeader(http.StatusServiceUnavailable)
			w.Write([]byte("database unavailable\n"))
			return
		}
		w.Write([]byte("ok\n"))
	})
	return mux
}

// clusterLeadWait is how long `stories cluster` waits for the lead: past
// a new PostgreSQL leader's grace and a retry or two.
const clusterLeadWait = 15 * time.Second

// errOtherClusterer says another process holds the clustering lead.
var errOtherClusterer = errors.New("another process on this database is clustering stories (a serve node); it will cluster the pending articles")

// drainLed drains w once under the store's leadership, so a one-off
// `stories cluster` never runs beside a server's clusterer: two engines
// would hand out the same story IDs for different events. It gives up
// with errOtherClusterer when the lead is not its own within wait.
func drainLed(ctx context.Context, st store.Store, w *stories.Worker, wait time.Duration) (int, error) {
	lctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var mu sync.Mutex
	began, gaveUp := false, false
	timer := time.AfterFunc(wait, func() {
		mu.Lock()
		defer mu.Unlock()
		if !began {
			gaveUp = true
			cancel()
		}
	})
	defer timer.Stop()
	var n int
	var derr error
	err := lead(lctx, st, slog.New(slog.DiscardHandler), "stories", func(ctx context.Context) {
		mu.Lock()
		if gaveUp {
			mu.Unlock()
			return
		}
		began = true
		mu.Unlock()
		n, derr = w.Drain(ctx)
		cancel() // done: give the lead back
	})
	mu.Lock()
	defer mu.Unlock()
	switch {
	case err != nil:
		return n, err
	case gaveUp:
		return 0, errOtherClusterer
	case ctx.Err() != nil:
		return n, ctx.Err()
	}
	return n, derr
}
