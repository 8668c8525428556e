package postgres

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/newsdesk/newsdesk/internal/store"
)

// changeChannel is the channel migration 0016's trigger notifies, once
// per transaction that wrote to the change log, with the log's schema
// as the payload.
const changeChannel = "newsdesk_changes"

// listenSQL both starts listening and, sent again on an idle connection,
// checks that the connection still works: LISTEN on a channel already
// listened to does nothing. It stays the connection's last statement,
// so pg_stat_activity shows the listener by this text.
const listenSQL = "LISTEN " + changeChannel

const (
	// listenBackoffMin and listenBackoffMax bound the wait between
	// attempts to reconnect: quick after a lost connection, patient
	// while the database stays away.
	listenBackoffMin = 50 * time.Millisecond
	listenBackoffMax = 10 * time.Second
	// listenProbe is how long the connection may stay silent before it
	// is checked. A server that vanished without closing the socket (a
	// cut network, a frozen host) would otherwise keep the listener
	// waiting for the operating system's keepalive, minutes, while
	// polling alone keeps the caches true.
	listenProbe  = 30 * time.Second
	probeTimeout = 5 * time.Second
)

var _ store.ChangeNotifier = (*Store)(nil)

// SubscribeChanges wakes the caller after every committed change to the
// change log, from any process (see store.ChangeNotifier). The first
// subscription opens the store's one listening connection, outside the
// pool, so that commands which never subscribe never hold it; it stays
// open, reconnecting after errors, until the store is closed.
func (s *Store) SubscribeChanges(ctx context.Context) <-chan struct{} {
	return s.listen.subscribe(ctx, s.pool.Config().ConnConfig)
}

// listener is the store's LISTEN connection and the channels it wakes.
// Its zero value is ready to use.
type listener struct {
	mu      sync.Mutex
	subs    map[chan struct{}]struct{}
	started bool
	closed  bool
	cancel  context.CancelFunc
	done    context.Context // ends when the store closes
	wg      sync.WaitGroup

	// pid is the listening backend's process ID while connected, 0
	// otherwise.
	pid atomic.Uint32
}

func (l *listener) subscribe(ctx context.Context, cfg *pgx.ConnConfig) <-chan struct{} {
	ch := make(chan struct{}, 1)
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		close(ch)
		return ch
	}
	if !l.started {
		l.started = true
		l.done, l.cancel = context.WithCancel(context.Background())
		l.subs = map[chan struct{}]struct{}{}
		l.wg.Add(1)
		go func() {
			defer l.wg.Done()
			l.run(cfg.Copy())
		}()
	}
	l.subs[ch] = struct{}{}
	l.wg.Add(1)
	go func() {
		defer l.wg.Done()
		select {
		case <-ctx.Done():
		case <-l.done.Done():
		}
		l.mu.Lock()
		delete(l.subs, ch)
		l.mu.Unlock()
		close(ch)
	}()
	return ch
}

// stop closes the connection and every subscriber's channel.
func (l *listener) stop() {
	l.mu.Lock()
	l.closed = true
	cancel := l.cancel
	l.mu.Unlock()
	if cancel != nil {
		cancel()
	}
	l.wg.Wait()
}

// signal wakes every subscriber that has no signal waiting already.
func (l *listener) signal() {
	l.mu.Lock()
	defer l.mu.Unlock()
	for ch := range l.subs {
		select {
		case ch <- struct{}{}:
		default:
		}
	}
}

// run listens until the store closes, reconnecting after every error:
// immediately (almost) after a connection that worked broke, with a
// doubling wait while connecting keeps failing.
func (l *listener) run(cfg *pgx.ConnConfig) {
	backoff := listenBackoffMin
	for {
		connected, _ := l.listenOnce(cfg)
		if connected {
			backoff = listenBackoffMin
		}
		select {
		case <-l.done.Done():
			return
		case <-time.After(backoff):
		}
		if !connected {
			backoff = min(2*backoff, listenBackoffMax)
		}
	}
}

// listenOnce connects, listens and signals until the connection fails
// or the store closes; connected says whether LISTEN took effect.
func (l *listener) listenOnce(cfg *pgx.ConnConfig) (connected bool, err error) {
	ctx := l.done
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return false, err
	}
	defer func() {
		l.pid.Store(0)
		closeCtx, cancel := context.WithTimeout(context.Background(), probeTimeout)
		defer cancel()
		conn.Close(closeCtx)
	}()
	// The trigger names the schema the log is in; other schemas of the
	// same database (other sites, tests) notify the same channel.
	var schema string
	if err := conn.QueryRow(ctx, `SELECT COALESCE(current_schema(), '')`).Scan(&schema); err != nil {
		return false, err
	}
	if _, err := conn.Exec(ctx, listenSQL); err != nil {
		return false, err
	}
	l.pid.Store(conn.PgConn().PID())
	// Whatever committed while no connection listened went unannounced.
	l.signal()
	for {
		waitCtx, cancel := context.WithTimeout(ctx, listenProbe)
		n, err := conn.WaitForNotification(waitCtx)
		cancel()
		switch {
		case err == nil:
			if schema == "" || n.Payload == schema {
				l.signal()
			}
		case ctx.Err() != nil:
			return true, ctx.Err()
		case errors.Is(err, context.DeadlineExceeded) && !conn.IsClosed():
			probeCtx, cancel := context.WithTimeout(ctx, probeTimeout)
			_, err = conn.Exec(probeCtx, listenSQL)
			cancel()
			if err != nil {
				return true, err
			}
		default:
			return true, err
		}
	}
}
