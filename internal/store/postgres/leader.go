package postgres

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/newsdesk/newsdesk/internal/store"
)

// LeaderOptions tune a Leader. The zero value is what serve uses.
type LeaderOptions struct {
	// Retry is how often a process that is not the leader tries to take
	// the lock (and reconnects after an error); zero means 2 seconds.
	Retry time.Duration
	// Check is how often the leader checks that its session is alive;
	// zero means 1 second. A check that gets no answer within Check
	// counts as a lost session, so a leader notices a loss within
	// 2×Check.
	Check time.Duration
	// Grace is how long a new leader waits, holding the lock, before it
	// starts run: longer than the 2×Check a previous leader whose session
	// the server ended may need to notice and stop. Zero means 3×Check.
	Grace  time.Duration
	Logger *slog.Logger // nil discards logs
}

// Leader elects one process per schema and name with a session-level
// advisory lock held on a connection of its own: the lock lives exactly
// as long as that session, so a process that dies (kill -9, lost host)
// frees it as soon as the server sees the connection close, and another
// process takes it at its next try. Not a job table with leases: nothing
// to renew, and nothing for a stopped leader to clean up.
type Leader struct {
	cfg  *pgx.ConnConfig
	opts LeaderOptions
	log  *slog.Logger
}

var _ store.Leadership = (*Leader)(nil)

// Leader returns a Leader connecting as the store's pool does.
func (s *Store) Leader(opts LeaderOptions) *Leader {
	if opts.Retry <= 0 {
		opts.Retry = 2 * time.Second
	}
	if opts.Check <= 0 {
		opts.Check = time.Second
	}
	if opts.Grace <= 0 {
		opts.Grace = 3 * opts.Check
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Leader{cfg: s.pool.Config().ConnConfig, opts: opts, log: log}
}

// Lead implements store.Leadership with the default LeaderOptions.
func (s *Store) Lead(ctx context.Context, name string, run func(ctx context.Context)) error {
	return s.Leader(LeaderOptions{}).Lead(ctx, name, run)
}

// lockKey names the lock: the schema takes part, so stores in separate
// schemas of one database (tests, several sites) elect separately.
const lockKey = `hashtextextended(current_schema() || '/' || $1, 0)`

// Lead implements store.Leadership: it takes the lock when it can, runs
// run while it holds it, and tries again every Retry otherwise.
func (l *Leader) Lead(ctx context.Context, name string, run func(ctx context.Context)) error {
	for {
		if err := l.session(ctx, name, run); err != nil && ctx.Err() == nil {
			l.log.Warn("leadership: session failed; retrying", "name", name, "err", err)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(l.opts.Retry):
		}
	}
}

// session opens one connection and tries for the lock on it until ctx
// ends or the connection fails; when it gets the lock it leads.
func (l *Leader) session(ctx context.Context, name string, run func(ctx context.Context)) error {
	cfg := l.cfg.Copy()
	if cfg.RuntimeParams == nil {
		cfg.RuntimeParams = map[string]string{}
	}
	// Operators see who leads in pg_stat_activity.
	cfg.RuntimeParams["application_name"] = "newsdesk leader " + name
	// A leader whose machine vanishes sends no FIN: the server would hold
	// its session, and the lock, until TCP gave up (hours, by default).
	// These make the server drop it within about 11 seconds of silence.
	cfg.RuntimeParams["tcp_keepalives_idle"] = "5"
	cfg.RuntimeParams["tcp_keepalives_interval"] = "2"
	cfg.RuntimeParams["tcp_keepalives_count"] = "3"
	cfg.RuntimeParams["tcp_user_timeout"] = "10000"
	cctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	conn, err := pgx.ConnectConfig(cctx, cfg)
	cancel()
	if err != nil {
		return fmt.Errorf("postgres: leader connect: %w", err)
	}
	// Closing the session is what frees the lock, whatever happened.
	defer func() {
		cctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		conn.Close(cctx)
	}()
	for {
		var got bool
		qctx, cancel := context.WithTimeout(ctx, l.opts.Retry+l.opts.Check)
		err := conn.QueryRow(qctx, `SELECT pg_try_advisory_lock(`+lockKey+`)`, name).Scan(&got)
		cancel()
		if err != nil {
			return fmt.Errorf("postgres: leader try lock: %w", err)
		}
		if got {
			return l.lead(ctx, conn, name, run)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(l.opts.Retry):
		}
	}
}

// lead holds the lock on conn: after the grace period it starts run, and
// cancels it as soon as a check of the session fails or ctx ends. It
// returns only after run has returned, so the caller's closing of the
// session (which frees the lock) never precedes run's end.
func (l *Leader) lead(ctx context.Context, conn *pgx.Conn, name string, run func(ctx context.Context)) error {
	l.log.Info("leadership: took the lock", "name", name)
	tick := time.NewTicker(l.opts.Check)
	defer tick.Stop()
	graceOver := time.After(l.opts.Grace)
	runCtx, stop := context.WithCancel(ctx)
	defer stop()
	var done chan struct{}
	finish := func() {
		stop()
		if done != nil {
			<-done
		}
	}
	for {
		select {
		case <-ctx.Done():
			finish()
			return nil
		case <-graceOver:
			done = make(chan struct{})
			go func() {
				defer close(done)
				run(runCtx)
			}()
		case <-done:
			// run ended on its own: give the lock up so that another
			// process (or this one, after Retry) starts it afresh.
			return nil
		case <-tick.C:
			cctx, cancel := context.WithTimeout(ctx, l.opts.Check)
			err := conn.Ping(cctx)
			cancel()
			if err != nil && ctx.Err() == nil {
				finish()
				return fmt.Errorf("postgres: leadership of %q lost: %w", name, err)
			}
		}
	}
}
