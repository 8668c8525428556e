package main

import (
	"context"
	"fmt"
	"net"
	"time"

	"github.com/newsdesk/newsdesk/internal/desk"
	"github.com/newsdesk/newsdesk/internal/ingest"
	"github.com/newsdesk/newsdesk/internal/schedule"
	"github.com/newsdesk/newsdesk/internal/site"
	"github.com/newsdesk/newsdesk/internal/stories"
)

func runServe(ctx context.Context, io stdio, args []string) error {
	f := newFlags("newsdesk serve [--addr ADDR] [--db URL] [--data DIR] [--role all|web|worker]",
		"Run the news site, the periodic fetch scheduler and the fetch workers. The admin\n"+
			"area is at /admin/ (create accounts with 'newsdesk users add').\n\n"+
			"Site settings an admin saves at /admin/settings (name, tagline, phone, copyright,\n"+
			"time zone, base URL, share targets, allowed private networks) are stored in the\n"+
			"database and override the flags, environment and config file below; they apply\n"+
			"without a restart.\n\n"+
			"Several nodes can share one PostgreSQL database: --role web nodes serve readers,\n"+
			"--role worker nodes fetch, cluster and publish (one of them clusters at a time).")
	addr := f.String("addr", "127.0.0.1:8080", "address to listen on")
	roleName := f.String("role", string(roleAll), roleUsage)
	interval := f.Duration("fetch-interval", 15*time.Minute, "time between two fetches of a source (at least 1m)")
	workers := f.Int("workers", 4, "sources fetched at once, in all")
	perHost := f.Int("per-host", 2, "sources of one host (name and port) fetched at once")
	rcf := addRenderCacheFlag(f)
	drain := addDrainFlag(f)
	sf, ff, lf := addStoreFlags(f), addFetchFlags(f), addLogFlags(f)
	sitef := addSiteFlags(f, site.Defaults())
	smtpf := addSMTPFlags(f)
	if err := f.parse(io, args); err != nil {
		return err
	}
	if err := f.want(0, ""); err != nil {
		return err
	}
	role, err := parseRole(*roleName)
	if err != nil {
		return err
	}
	if *interval < time.Minute {
		return usagef("--fetch-interval must be at least 1m, got %s", *interval)
	}
	if *workers < 1 || *workers > 64 {
		return usagef("--workers must be between 1 and 64")
	}
	if *perHost < 1 || *perHost > 64 {
		return usagef("--per-host must be between 1 and 64")
	}
	renderCache, err := rcf.bytes()
	if err != nil {
		return err
	}
	if err := checkDrain(*drain); err != nil {
		return err
	}
	settings, err := sitef.settings(*addr)
	if err != nil {
		return err
	}
	if settings.AllowPrivate, err = ff.allowList(); err != nil {
		return err
	}
	// The settings in force: these, with what an admin stored laid over
	// them, read per request and by the fetch client at each connection.
	live := site.NewLive(settings)
	ff = ff.withLive(live)
	notifier, err := smtpf.notifier(smtpHelloName(settings.BaseURL))
	if err != nil {
		return err
	}
	log, err := lf.logger(io.err)
	if err != nil {
		return err
	}
	// Clustering follows ingest: a fetch that stored articles wakes it, so
	// new articles join their stories within moments of being stored.
	var clusterer *stories.Worker
	stored := func(int) { clusterer.Kick() }
	st, in, err := openIngest(ctx, sf, ff, ingest.Options{Interval: *interval, Workers: *workers, PerHost: *perHost, Logger: log, Stored: stored})
	if err != nil {
		return err
	}
	defer st.Close()
	clusterer = stories.New(st, stories.Options{Logger: log})
	// Scheduled articles publish themselves; the desk wakes the publisher
	// when it schedules one, and a publication wakes clustering.
	publisher := desk.NewPublisher(st, desk.PublisherOptions{Logger: log, Published: func(int) { clusterer.Kick() }})
	handler := workerHandler(st)
	if role.site() {
		handler, err = newSiteHandler(ctx, settings, st, log, siteOptions{notifier: notifier, feeds: in, live: live, scheduled: publisher.Kick,
			renderCache: renderCache})
		if err != nil {
			return err
		}
	} else if err := followSettings(ctx, live, st, log); err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", *addr, err)
	}
	runner := schedule.New(st, in, schedule.Options{Workers: *workers, Logger: log})
	if role.work() {
		// The runner gives back its unfinished jobs before the store closes.
		defer background{st: st, runner: runner, clusterer: clusterer, publisher: publisher, log: log}.start(ctx)()
	}
	log.Info("serving", "url", "http://"+ln.Addr().String(), "site", settings.Name, "role", string(role), "fetch_owner", runner.Owner())
	// On SIGTERM the jobs above stop with ctx (the runner giving back
	// unfinished fetches) while the HTTP server drains; both are done
	// before the deferred Close of the store.
	return serveHTTPDraining(ctx, ln, handler, log, *drain)
}
