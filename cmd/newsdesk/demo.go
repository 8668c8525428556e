package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"

	"github.com/newsdesk/newsdesk/internal/demo"
	"github.com/newsdesk/newsdesk/internal/desk"
	"github.com/newsdesk/newsdesk/internal/fetch"
	"github.com/newsdesk/newsdesk/internal/ingest"
	"github.com/newsdesk/newsdesk/internal/schedule"
	"github.com/newsdesk/newsdesk/internal/site"
	"github.com/newsdesk/newsdesk/internal/store"
	"github.com/newsdesk/newsdesk/internal/stories"
)

func runDemo(ctx context.Context, io stdio, args []string) error {
	f := newFlags("newsdesk demo [--addr ADDR] [--db URL] [--data DIR] [--seed N]",
		"Build a synthetic news world (fictional outlets and events), serve its feeds and\n"+
			"article pages on a loopback port inside this process, aggregate them through the\n"+
			"real HTTP ingest path, then serve the site. Without --data or --db the database\n"+
			"lives in a temporary directory removed on exit. The admin area is at /admin/:\n"+
			"sign in as demo@newsdesk.invalid with the password printed at start, new each run.")
	addr := f.String("addr", "127.0.0.1:8080", "address the site listens on")
	seed := f.Int64("seed", 1, "seed of the synthetic world; the same seed builds the same world")
	db := f.String("db", "", "database: a SQLite path, sqlite:PATH, or a postgres:// URL (default DATA/newsdesk.db)")
	data := f.String("data", "", "directory for the database and the world's ground truth (default: a temporary directory)")
	lf := addLogFlags(f)
	rcf := addRenderCacheFlag(f)
	sitef := addSiteFlags(f, site.Defaults())
	smtpf := addSMTPFlags(f)
	if err := f.parse(io, args); err != nil {
		return err
	}
	if err := f.want(0, ""); err != nil {
		return err
	}
	renderCache, err := rcf.bytes()
	if err != nil {
		return err
	}
	settings, err := sitef.settings(*addr)
	if err != nil {
		return err
	}
	notifier, err := smtpf.notifier(smtpHelloName(settings.BaseURL))
	if err != nil {
		return err
	}
	log, err := lf.logger(io.err)
	if err != nil {
		return err
	}
	if *data == "" {
		tmp, err := os.MkdirTemp("", "newsdesk-demo-*")
		if err != nil {
			return err
		}
		defer os.RemoveAll(tmp)
		*data = tmp
	}
	d, err := startDemo(ctx, demoConfig{seed: *seed, db: *db, data: *data, log: log})
	if err != nil {
		return err
	}
	defer d.close()
	// Whatever ends the demo stops its ingest loop first (defers run last
	// in, first out), so close finds it finished.
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	// The desk's scheduled articles publish themselves, as under serve.
	publisher := desk.NewPublisher(d.store, desk.PublisherOptions{Logger: log})
	d.fetching.Go(func() { publisher.Run(ctx) })
	handler, err := newSiteHandler(ctx, settings, d.store, log, siteOptions{ready: d.ready.Load, notifier: notifier, feeds: d.ingester, scheduled: publisher.Kick,
		renderCache: renderCache})
	if err != nil {
		return err
	}
	password, err := demoAdmin(ctx, d.store)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", *addr, err)
	}
	siteURL := "http://" + ln.Addr().String()
	fmt.Fprintf(io.out, "newsdesk demo: admin area at %s/admin/: sign in as %s with password %s (new each run)\n",
		siteURL, demoAdminEmail, password)
	d.fetching.Go(func() {
		d.ingest(ctx, func(sources, articles int) {
			fmt.Fprintf(io.out, "newsdesk demo: site ready at %s (%d articles from %d sources; world at %s)\n",
				siteURL, articles, sources, d.worldURL)
		})
	})
	log.Info("demo site listening; aggregating the world", "url", siteURL)
	return serveHTTP(ctx, ln, handler, log)
}

type demoConfig struct {
	seed     int64
	db, data string
	log      *slog.Logger
}

// demoRun is a running demo world and the store it is aggregated into.
type demoRun struct {
	world    *demo.World
	worldURL string
	worldSrv *http.Server
	store    store.Store
	ingester *ingest.Ingester
	log      *slog.Logger
	ready    atomic.Bool
	fetching sync.WaitGroup // the ingest loop, which must end before the store closes
}

// startDemo builds the world, serves it on a loopback port and opens the
// store. The fetch client may reach only that one address.
func startDemo(ctx context.Context, cfg demoConfig) (*demoRun, error) {
	world := demo.NewWorld(cfg.seed, time.Now())
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("demo world: %w", err)
	}
	srv := &http.Server{Handler: world.Handler(), ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	d := &demoRun{world: world, worldURL: "http://" + ln.Addr().String(), worldSrv: srv, log: cfg.log}
	truth, err := os.Create(filepath.Join(cfg.data, "truth.jsonl"))
	if err == nil {
		err = errors.Join(world.WriteTruth(truth), truth.Close())
	}
	if err != nil {
		d.close()
		return nil, fmt.Errorf("demo: write ground truth: %w", err)
	}
	st, err := storeFlags{db: &cfg.db, data: &cfg.data}.open(ctx)
	if err != nil {
		d.close()
		return nil, err
	}
	d.store = st
	allow := netip.MustParseAddrPort(ln.Addr().String()).Addr()
	client := fetch.New(fetch.Options{AllowPrivate: []netip.Prefix{netip.PrefixFrom(allow, allow.BitLen())}})
	// The world is one loopback server of our own: no need to spare it.
	d.ingester = ingest.New(st, client, ingest.Options{Workers: 6, PerHost: 6, PageWorkers: 8, Logger: cfg.log})
	return d, nil
}

// ingest aggregates the world once, marks the site ready, then keeps
// fetching on schedule like `serve` does.
func (d *demoRun) ingest(ctx context.Context, onReady func(sources, articles int)) {
	res, err := d.world.Aggregate(ctx, d.worldURL, d.ingester, d.store)
	if err != nil {
		d.log.Error("demo: aggregate", "err", err)
	}
	// Group the world's coverage into stories before the site says it is
	// ready, so the first page a visitor sees has them.
	clus := stories.New(d.store, stories.Options{Logger: d.log})
	if n, err := clus.Drain(ctx); err != nil {
		d.log.Error("demo: clustering", "err", err)
	} else {
		st := clus.Stats()
		d.log.Info("demo: stories clustered", "articles", n, "stories", st.NewStories-st.Merges, "near_duplicates", st.NearDups)
	}
	d.ready.Store(true)
	onReady(res.Sources, res.Articles)
	var wg sync.WaitGroup
	// Under the clustering lead, as on a worker node: a demo pointed at a
	// database a server also uses must not run a second clusterer.
	wg.Go(func() {
		if err := lead(ctx, d.store, d.log, "stories", clus.Run); err != nil {
			d.log.Error("demo: clustering election", "err", err)
		}
	})
	schedule.New(d.store, d.ingester, schedule.Options{Workers: 6, Logger: d.log}).Run(ctx)
	wg.Wait()
}

func (d *demoRun) close() {
	d.fetching.Wait()
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	d.worldSrv.Shutdown(shutdownCtx)
	if d.store != nil {
		d.store.Close()
	}
}
