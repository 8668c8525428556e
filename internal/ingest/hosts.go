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

// free reports whether host has a free slot now.
func (g *hostGate) free(host string) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.busy[host] < g.limit
}

// HostFree reports whether FetchSource(src) would start at once rather
// than wait for other fetches of the same host to finish. A scheduler
// uses it to start another host's source first.
func (in *Ingester) HostFree(src model.Source) bool {
	return in.hosts.free(hostOf(src.FeedURL))
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
