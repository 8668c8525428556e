// Package schedule runs fetch jobs: it leases due jobs from the store,
// runs them with a global worker limit and the ingester's per-host
// limit, renews its leases while they run, and gives back what it could
// not finish when it stops. The jobs live in the database, so a crash or
// a restart loses none: a lease that is not renewed expires and the job
// is claimed again, by this process after a restart or by another one.
package schedule

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"os"
	"time"

	"github.com/newsdesk/newsdesk/internal/ingest"
	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

// Store is the part of the store the runner needs.
type Store interface {
	ClaimFetches(ctx context.Context, owner string, now time.Time, lease time.Duration, limit int) ([]store.FetchJob, error)
	ExtendLeases(ctx context.Context, owner string, ids []int64, until time.Time) error
	ReleaseFetches(ctx context.Context, owner string, ids []int64) error
}

// Fetcher runs one fetch; *ingest.Ingester is the implementation.
type Fetcher interface {
	TryFetch(src model.Source) (run func(context.Context) ingest.Result, ok bool)
	GiveUp(ctx context.Context, src model.Source, err error) ingest.Result
}

// Options tune a Runner. Zero values take the defaults.
type Options struct {
	// Owner names this runner in the leases it takes; default
	// hostname-pid-random, unique per process.
	Owner string
	// Workers bounds the fetches running at once; default 4.
	Workers int
	// Lease is how long a claimed job stays this runner's without being
	// renewed; it is renewed every Lease/3. A runner that dies leaves
	// its jobs to others after at most this long. Default 2 minutes.
	Lease time.Duration
	// Poll is how often the store is asked for due jobs; default 5 s.
	Poll time.Duration
	// MaxAttempts is how many claims a job may take without an outcome
	// (each one a worker that died mid-fetch) before it is recorded as
	// failed instead of run again; default 3.
	MaxAttempts int
	// Backlog bounds the claimed jobs waiting for their host to have a
	// free slot; default 4 × Workers.
	Backlog int
	// OnResult, if set, is called from the runner's goroutine after each
	// job ends.
	OnResult func(ingest.Result)
	Logger   *slog.Logger
	Now      func() time.Time
}

// Runner runs fetch jobs. Use Run for a long-lived scheduler and Pass for
// one round of what is due now.
type Runner struct {
	st   Store
	f    Fetcher
	opts Options
	log  *slog.Logger
}

// New builds a Runner.
func New(st Store, f Fetcher, opts Options) *Runner {
	if opts.Owner == "" {
		opts.Owner = defaultOwner()
	}
	if opts.Workers <= 0 {
		opts.Workers = 4
	}
	if opts.Lease <= 0 {
		opts.Lease = 2 * time.Minute
	}
	if opts.Poll <= 0 {
		opts.Poll = 5 * time.Second
	}
	if opts.MaxAttempts <= 0 {
		opts.MaxAttempts = 3
	}
	if opts.Backlog <= 0 {
		opts.Backlog = 4 * opts.Workers
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	return &Runner{st: st, f: f, opts: opts, log: opts.Logger}
}

// Owner is the name this runner's leases carry.
func (r *Runner) Owner() string { return r.opts.Owner }

// Run claims and runs due jobs until ctx ends, then waits for the
// running fetches to stop and gives back the jobs it holds unfinished.
func (r *Runner) Run(ctx context.Context) {
	r.loop(ctx, false, nil)
}

// Pass claims every job due now (up to limit; 0 means no limit), runs
// them and returns when all have ended or ctx has. claimed, if set, is
// told how many jobs the pass took, before any runs.
func (r *Runner) Pass(ctx context.Context, limit int, claimed func(n int)) {
	if limit <= 0 {
		limit = 1 << 20
	}
	jobs, err := r.st.ClaimFetches(ctx, r.opts.Owner, r.opts.Now(), r.opts.Lease, limit)
	if err != nil {
		r.log.Error("scheduler: claim due fetches", "err", err)
		jobs = nil
	}
	if claimed != nil {
		claimed(len(jobs))
	}
	r.loop(ctx, true, jobs)
}

// loop is the one goroutine that owns the runner's bookkeeping. With
// once set it runs the jobs given and claims no more.
func (r *Runner) loop(ctx context.Context, once bool, pending []store.FetchJob) {
	running := map[int64]bool{}
	done := make(chan ingest.Result)
	poll := time.NewTicker(r.opts.Poll)
	defer poll.Stop()
	renew := time.NewTicker(r.opts.Lease / 3)
	defer renew.Stop()

	// dispatch starts pending jobs while workers are free, passing over
	// jobs whose host is at its limit.
	dispatch := func() {
		kept := pending[:0]
		for _, job := range pending {
			if len(running) >= r.opts.Workers || ctx.Err() != nil {
				kept = append(kept, job)
				continue
			}
			src := job.Source
			if job.Attempts > r.opts.MaxAttempts {
				running[src.ID] = true
				err := fmt.Errorf("fetch abandoned after %d attempts that never finished (the process stopped or crashed mid-fetch)", job.Attempts-1)
				go func() { done <- r.f.GiveUp(ctx, src, err) }()
				continue
			}
			run, ok := r.f.TryFetch(src)
			if !ok {
				kept = append(kept, job)
				continue
			}
			running[src.ID] = true
			go func() { done <- run(ctx) }()
		}
		pending = kept
	}
	// claim leases as many due jobs as there are free workers, within
	// the backlog, and says how many it got.
	claim := func() int {
		free := r.opts.Workers - len(running)
		room := r.opts.Backlog - len(pending)
		if once || free <= 0 || room <= 0 || ctx.Err() != nil {
			return 0
		}
		jobs, err := r.st.ClaimFetches(ctx, r.opts.Owner, r.opts.Now(), r.opts.Lease, min(room, free))
		if err != nil {
			if ctx.Err() == nil {
				r.log.Error("scheduler: claim due fetches", "err", err)
			}
			return 0
		}
		if len(jobs) > 0 {
			r.log.Debug("scheduler: claimed", "jobs", len(jobs))
		}
		pending = append(pending, jobs...)
		return len(jobs)
	}
	fill := func() {
		dispatch()
		// Claim again while workers are free: jobs just claimed may all
		// wait for a busy host, and other hosts' due jobs come next.
		for range 4 {
			if claim() == 0 {
				return
			}
			dispatch()
		}
	}

	fill()
	for {
		if once && len(pending) == 0 && len(running) == 0 {
			return
		}
		select {
		case <-ctx.Done():
			r.stop(running, pending, done)
			return
		case res := <-done:
			delete(running, res.Source.ID)
			if res.Interrupted {
				// Cut short (the runner is stopping): give it back now.
				r.release([]int64{res.Source.ID})
			}
			if r.opts.OnResult != nil {
				r.opts.OnResult(res)
			}
			fill()
		case <-poll.C:
			fill()
		case <-renew.C:
			ids := make([]int64, 0, len(running)+len(pending))
			for id := range running {
				ids = append(ids, id)
			}
			for _, j := range pending {
				ids = append(ids, j.Source.ID)
			}
			if len(ids) > 0 {
				if err := r.st.ExtendLeases(ctx, r.opts.Owner, ids, r.opts.Now().Add(r.opts.Lease)); err != nil && ctx.Err() == nil {
					r.log.Error("scheduler: renew leases", "jobs", len(ids), "err", err)
				}
			}
		}
	}
}

// stop waits for the running fetches, which see ctx end, and gives back
// every job that did not record an outcome, so the next runner (or this
// process after a restart) takes them at once rather than after their
// leases expire.
func (r *Runner) stop(running map[int64]bool, pending []store.FetchJob, done chan ingest.Result) {
	var unfinished []int64
	for _, j := range pending {
		unfinished = append(unfinished, j.Source.ID)
	}
	for len(running) > 0 {
		res := <-done
		delete(running, res.Source.ID)
		if res.Interrupted {
			unfinished = append(unfinished, res.Source.ID)
		}
		if r.opts.OnResult != nil {
			r.opts.OnResult(res)
		}
	}
	r.release(unfinished)
}

func (r *Runner) release(ids []int64) {
	if len(ids) == 0 {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := r.st.ReleaseFetches(ctx, r.opts.Owner, ids); err != nil {
		// The leases expire on their own; the jobs run a little later.
		r.log.Error("scheduler: give back unfinished fetches", "jobs", len(ids), "err", err)
	}
}

// defaultOwner names this process: host, pid and a random suffix, so two
// runners never mistake each other's leases for their own.
func defaultOwner() string {
	host, _ := os.Hostname()
	b := make([]byte, 4)
	rand.Read(b)
	return fmt.Sprintf("%s-%d-%s", host, os.Getpid(), hex.EncodeToString(b))
}
