package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
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
}

// serveHTTP serves until ctx is done, then shuts down gracefully.
func serveHTTP(ctx context.Context, ln net.Listener, h http.Handler, log *slog.Logger) error {
	return serveHTTPWith(ctx, ln, h, log, defaultHTTPLimits)
}

func serveHTTPWith(ctx context.Context, ln net.Listener, h http.Handler, log *slog.Logger, lim httpLimits) error {
	srv := &http.Server{
		Handler:           h,
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
	shutdownCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
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
