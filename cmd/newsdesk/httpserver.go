package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"sync/atomic"
	"time"
)

// httpLimits are the server's defences against slow and oversized
// clients. Without a header timeout a client that sends its request a
// byte at a time (slowloris) holds a connection forever, and a few
// thousand of them exhaust the server's file descriptors.
type httpLimits struct {
	readHeader time.Duration // the whole request header must arrive within this
	read       time.Duration // header and body (uploads are capped well below what this allows)
	write      time.Duration // from the end of the header to the last byte of the answer
	idle       time.Duration // a kept-alive connection waiting for its next request
	maxHeader  int           // bytes of request header
	// drainDelay is how long, once shutdown begins, the server goes on
	// serving with /readyz answering 503 before it stops taking
	// connections: long enough for a load balancer's health checks to
	// notice and stop sending (--drain-delay; 0 for a lone node).
	drainDelay time.Duration
	// shutdown bounds the wait for requests in flight to finish.
	shutdown time.Duration
}

// defaultHTTPLimits: ten seconds for a header is generous for a phone on
// a bad network and short enough that slow connections cost little; the
// write limit leaves room for the largest photo to a slow reader.
var defaultHTTPLimits = httpLimits{
	readHeader: 10 * time.Second,
	read:       30 * time.Second,
	write:      60 * time.Second,
	idle:       120 * time.Second,
	maxHeader:  64 << 10,
	shutdown:   10 * time.Second,
}

// serveHTTP serves until ctx is done, then shuts down gracefully.
func serveHTTP(ctx context.Context, ln net.Listener, h http.Handler, log *slog.Logger) error {
	return serveHTTPWith(ctx, ln, h, log, defaultHTTPLimits)
}

// serveHTTPDraining is serveHTTP with a drain delay before the shutdown
// (httpLimits.drainDelay).
func serveHTTPDraining(ctx context.Context, ln net.Listener, h http.Handler, log *slog.Logger, drain time.Duration) error {
	lim := defaultHTTPLimits
	lim.drainDelay = drain
	return serveHTTPWith(ctx, ln, h, log, lim)
}

// addDrainFlag is serve's --drain-delay.
func addDrainFlag(f *flags) *time.Duration {
	return f.Duration("drain-delay", 0, "on SIGTERM, keep serving this long with /readyz answering 503 so a load balancer stops sending, then stop taking connections (e.g. 5s behind one; at most 5m)")
}

// checkDrain refuses a drain delay that is negative or so long that a
// service manager would kill the process first.
func checkDrain(d time.Duration) error {
	if d < 0 || d > 5*time.Minute {
		return usagef("--drain-delay must be between 0 and 5m, got %s", d)
	}
	return nil
}

// serveHTTPWith serves h on ln until ctx is done. Then it shuts down in
// order: /readyz answers 503 at once (drainGate); after lim.drainDelay
// the listener closes, so new connections are refused; requests in
// flight get up to lim.shutdown to finish, idle connections are closed.
// The caller stops its background work on the same ctx and closes the
// store after this returns.
func serveHTTPWith(ctx context.Context, ln net.Listener, h http.Handler, log *slog.Logger, lim httpLimits) error {
	gate := &drainGate{next: h}
	srv := &http.Server{
		Handler:           gate,
		ReadHeaderTimeout: lim.readHeader,
		ReadTimeout:       lim.read,
		WriteTimeout:      lim.write,
		IdleTimeout:       lim.idle,
		MaxHeaderBytes:    lim.maxHeader,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	gate.draining.Store(true)
	if lim.drainDelay > 0 {
		log.Info("draining: /readyz answers 503", "for", lim.drainDelay)
		select {
		case <-time.After(lim.drainDelay):
		case err := <-errc:
			return fmt.Errorf("serve: %w", err)
		}
	}
	log.Info("shutting down: finishing requests in flight", "at_most", lim.shutdown)
	if lim.shutdown <= 0 {
		lim.shutdown = defaultHTTPLimits.shutdown
	}
	shutdownCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), lim.shutdown)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	log.Info("stopped")
	return nil
}

// drainGate answers the load balancer's readiness probe with 503 once
// shutdown has begun, whatever the site would say, and passes every
// other request on: readers keep being served until the listener closes.
type drainGate struct {
	next     http.Handler
	draining atomic.Bool
}

func (g *drainGate) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if g.draining.Load() && r.URL.Path == "/readyz" {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Set("Retry-After", "5")
		w.Header().Set("Connection", "close")
		w.WriteHeader(http.StatusServiceUnavailable)
		w.Write([]byte("shutting down\n"))
		return
	}
	g.next.ServeHTTP(w, r)
}
