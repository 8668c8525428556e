package ingest

import (
	"context"
	"net/url"
	"strings"
	"sync"

	"github.com/newsdesk/newsdesk/internal/model"
)

// hostGate bounds how many fetches of one host run at once.
type hostGate struct {
	limit int
	mu    sync.Mutex
	busy  map[string]int
	freed chan struct{} // closed and replaced whenever a slot frees
}

func newHostGate(limit int) *hostGate {
	return &hostGate{limit: limit, busy: map[string]int{}, freed: make(chan struct{})}
}

// acquire waits for a free slot of host, or for ctx to end.
func (g *hostGate) acquire(ctx context.Context, host string) error {
	for {
		g.mu.Lock()
		if g.busy[host] < g.limit {
			g.busy[host]++
			g.mu.Unlock()
			return nil
		}
		wait := g.freed
		g.mu.Unlock()
		select {
		case <-wait:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

func (g *hostGate) release(host string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.busy[host]--; g.busy[host] <= 0 {
		delete(g.busy, host)
	}
	close(g.freed)
	g.freed = make(chan struct{})
}

// tryAcquire takes a slot of host if one is free now.
func (g *hostGate) tryAcquire(host string) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.busy[host] >= g.limit {
		return false
	}
	g.busy[host]++
	return true
}

// TryFetch takes a slot of src's host if one is free and returns the
// fetch to run in it, which gives the slot back when it ends; ok is
// false when the host is at its limit. A scheduler uses it to start
// another host's source instead of waiting. The returned func must be
// called exactly once.
func (in *Ingester) TryFetch(src model.Source) (run func(context.Context) Result, ok bool) {
	host := hostOf(src.FeedURL)
	if !in.hosts.tryAcquire(host) {
		return nil, false
	}
	return func(ctx context.Context) Result {
		defer in.hosts.release(host)
		return in.fetchHeld(ctx, src)
	}, true
}

// hostOf names the server a URL is fetched from: host and port, lower
// case. An unparsable URL is its own host; the fetch will fail anyway.
func hostOf(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return raw
	}
	return strings.ToLower(u.Host)
}
