package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"slices"
	"strings"
	"sync"
	"time"
)

// spikeTest drives the server with ten times the benchmark's connections
// for cfg.spikeDur while cfg.slowClients slowloris connections dribble
// request headers a line a second, reconnecting whenever the server cuts
// them off. It reports wrk's rate, latency and errors and how long the
// server let the slow connections hold on. A server without a header
// read timeout would keep them all, and their number would grow with the
// attacker's patience.
func spikeTest(ctx context.Context, cfg config, s server, path string, out io.Writer) error {
	host := strings.TrimPrefix(s.url, "http://")
	slowCtx, stopSlow := context.WithCancel(ctx)
	var (
		mu    sync.Mutex
		held  []time.Duration // how long each slow connection lasted before the server cut it
		dials int
		wg    sync.WaitGroup
	)
	for range cfg.slowClients {
		wg.Go(func() {
			for slowCtx.Err() == nil {
				d, cut := slowloris(slowCtx, host, path)
				mu.Lock()
				dials++
				if cut {
					held = append(held, d)
				}
				mu.Unlock()
				if !cut {
					// Could not connect or we stopped; do not spin.
					select {
					case <-slowCtx.Done():
					case <-time.After(time.Second):
					}
				}
			}
		})
	}
	conns := 10 * cfg.connections
	fmt.Fprintf(out, "\nspike: wrk -c%d for %s with %d slowloris connections on %s\n", conns, cfg.spikeDur, cfg.slowClients, s.name)
	r, err := runWrk(ctx, s.url+path, cfg.threads, conns, cfg.spikeDur)
	stopSlow()
	wg.Wait()
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "spike: %.0f req/s, p50 %s, p90 %s, p99 %s, %d requests, errors: connect %d, read %d, write %d, timeout %d, non-2xx/3xx %d\n",
		r.rps, r.p50, r.p90, r.p99, r.requests, r.connect, r.read, r.write, r.timeouts, r.badStatus)
	if len(held) == 0 {
		fmt.Fprintf(out, "slowloris: %d connections opened, none cut off by the server during the spike\n", dials)
		return nil
	}
	slices.Sort(held)
	fmt.Fprintf(out, "slowloris: %d connections opened, %d cut off by the server after %s (min) / %s (median) / %s (max) of dribbled headers\n",
		dials, len(held), held[0].Round(100*time.Millisecond), held[len(held)/2].Round(100*time.Millisecond), held[len(held)-1].Round(100*time.Millisecond))
	return nil
}

// slowloris opens one connection, starts a request and sends one more
// header line a second without ever ending the header. It returns how
// long the connection lasted and whether the server ended it (rather
// than ctx, or a failed dial).
func slowloris(ctx context.Context, host, path string) (time.Duration, bool) {
	var d net.Dialer
	c, err := d.DialContext(ctx, "tcp", host)
	if err != nil {
		return 0, false
	}
	defer c.Close()
	start := time.Now()
	closed := make(chan struct{})
	go func() {
		// The server ends the connection by closing it (possibly after a
		// 408): the read returns.
		io.Copy(io.Discard, c)
		close(closed)
	}()
	if _, err := fmt.Fprintf(c, "GET %s HTTP/1.1\r\nHost: %s\r\n", path, host); err != nil {
		return time.Since(start), true
	}
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for i := 0; ; i++ {
		select {
		case <-ctx.Done():
			return time.Since(start), false
		case <-closed:
			return time.Since(start), true
		case <-tick.C:
			if _, err := fmt.Fprintf(c, "X-Slow-%d: %d\r\n", i, i); err != nil {
				return time.Since(start), true
			}
		}
	}
}
