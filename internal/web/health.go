package web

import (
	"context"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/newsdesk/newsdesk/internal/store"
)

const (
	// retryAfter is what a 503 tells clients and load balancers to wait,
	// in seconds: a database restart takes a few seconds, and the pool
	// reconnects on the first request after it.
	retryAfter = 5
	// probeTTL is how long one database ping answers for: a load balancer
	// polling every node several times a second then costs the database
	// one ping a second per node.
	probeTTL = time.Second
	// probeTimeout bounds a ping: a database that takes longer to say
	// "yes" cannot serve pages either.
	probeTimeout = 2 * time.Second
	// outageLogEvery is how often, at most, one outage is logged: once
	// when it begins, then a reminder with the count of failed requests.
	outageLogEvery = 30 * time.Second
)

// health answers the load balancer's questions (/healthz, /readyz) and
// keeps the database outage log to one line per burst.
type health struct {
	s *server

	mu      sync.Mutex // guards what follows
	checked time.Time  // when err was found
	err     error      // the last ping's outcome
	pinging bool       // a ping is under way
	done    chan struct{}

	outMu     sync.Mutex
	outLogged time.Time // last outage line; zero: not in an outage
	outFailed int       // requests refused since that line
}

func newHealth(s *server) *health { return &health{s: s} }

// ping reports the database's state, pinging it at most once per
// probeTTL. While one caller pings, the others take the previous answer
// instead of queueing behind a ping that may hang for probeTimeout; only
// the very first callers wait for one.
func (h *health) ping(ctx context.Context) error {
	h.mu.Lock()
	if !h.checked.IsZero() && time.Since(h.checked) < probeTTL {
		err := h.err
		h.mu.Unlock()
		return err
	}
	if h.pinging {
		done, first := h.done, h.checked.IsZero()
		err := h.err
		h.mu.Unlock()
		if !first {
			return err
		}
		select {
		case <-done:
		case <-ctx.Done():
			return ctx.Err()
		}
		h.mu.Lock()
		defer h.mu.Unlock()
		return h.err
	}
	h.pinging, h.done = true, make(chan struct{})
	h.mu.Unlock()

	// Not the request's context: the answer is shared, and a client that
	// hangs up must not record the database as down.
	pctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), probeTimeout)
	err := h.s.rawStore.Ping(pctx)
	cancel()

	h.mu.Lock()
	defer h.mu.Unlock()
	h.err, h.checked, h.pinging = err, time.Now(), false
	close(h.done)
	if err == nil {
		h.recovered()
	}
	return err
}

// handleHealthz answers 200 once the process is ready and the database
// answers: the site can serve. It pings on every call, so what it says
// is current to the moment (monitoring, a person's curl); load balancers
// polling many times a second use /readyz, which shares one ping a
// second.
func (h *health) handleHealthz(w http.ResponseWriter, r *http.Request) {
	h.answer(w, r, false)
}

// handleReadyz answers 200 when the node should get readers: ready, and
// the database answered a ping within the last second. Otherwise 503
// with Retry-After and the reason, so a load balancer takes the node out
// while the database is away and back in when it returns. The HTTP
// server in front answers 503 here too once shutdown has begun
// (cmd/newsdesk), before it stops taking connections.
func (h *health) handleReadyz(w http.ResponseWriter, r *http.Request) {
	h.answer(w, r, true)
}

func (h *health) answer(w http.ResponseWriter, r *http.Request, ready bool) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	if !h.s.ready() {
		unavailable(w, "starting\n")
		return
	}
	var err error
	if ready {
		err = h.ping(r.Context())
	} else {
		ctx, cancel := context.WithTimeout(r.Context(), probeTimeout)
		err = h.s.rawStore.Ping(ctx)
		cancel()
	}
	if err != nil {
		h.outage(err)
		unavailable(w, "database unavailable\n")
		return
	}
	if ready {
		w.Write([]byte("ready\n"))
		return
	}
	h.recovered()
	w.Write([]byte("ok\n"))
}

// unavailable writes a 503 saying when to ask again.
func unavailable(w http.ResponseWriter, reason string) {
	w.Header().Set("Retry-After", strconv.Itoa(retryAfter))
	w.WriteHeader(http.StatusServiceUnavailable)
	w.Write([]byte(reason))
}

// outage logs that the database could not be reached, once when an
// outage begins and then at most every outageLogEvery with the number of
// requests refused meanwhile, instead of a line per request while a busy
// site waits for its database.
func (h *health) outage(err error) {
	h.outMu.Lock()
	defer h.outMu.Unlock()
	h.outFailed++
	now := time.Now()
	if !h.outLogged.IsZero() && now.Sub(h.outLogged) < outageLogEvery {
		return
	}
	if h.outLogged.IsZero() {
		h.s.log.Warn("web: database unavailable; answering 503 until it is back", "err", err)
	} else {
		h.s.log.Warn("web: database still unavailable", "failed", h.outFailed, "err", err)
	}
	h.outLogged, h.outFailed = now, 0
}

// recovered notes that the database answered again, so the next failure
// is logged as a new outage.
func (h *health) recovered() {
	h.outMu.Lock()
	defer h.outMu.Unlock()
	if !h.outLogged.IsZero() {
		h.s.log.Info("web: database reachable again", "failed_since_last_line", h.outFailed)
	}
	h.outLogged, h.outFailed = time.Time{}, 0
}

// classifyUnavailable is classify's answer for a store that could not be
// reached.
func classifyUnavailable(err error) (int, string, bool) {
	if !store.IsUnavailable(err) {
		return 0, "", false
	}
	return http.StatusServiceUnavailable, "The site cannot reach its database just now. Please try again in a few seconds.", true
}
