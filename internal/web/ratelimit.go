package web

import (
	"math"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// maxLimitedClients bounds the memory the rate limiter keeps: past it,
// the buckets of clients idle long enough to be full again are dropped,
// since a new bucket is full too.
const maxLimitedClients = 50_000

// rateLimiter keeps one token bucket per client.
type rateLimiter struct {
	rate  float64 // tokens a second
	burst float64
	now   func() time.Time

	mu      sync.Mutex
	clients map[string]*bucket
}

type bucket struct {
	tokens float64
	last   time.Time // when tokens was computed
}

func newRateLimiter(l RateLimit, now func() time.Time) *rateLimiter {
	return &rateLimiter{rate: l.Rate, burst: float64(l.Burst), now: now, clients: map[string]*bucket{}}
}

// allow takes a token from the client's bucket. When it is empty, allow
// says how long until the next token.
func (l *rateLimiter) allow(client string) (ok bool, wait time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	b := l.clients[client]
	if b == nil {
		if len(l.clients) >= maxLimitedClients {
			l.sweep(now)
		}
		b = &bucket{tokens: l.burst, last: now}
		l.clients[client] = b
	}
	if elapsed := now.Sub(b.last).Seconds(); elapsed > 0 {
		b.tokens = math.Min(l.burst, b.tokens+elapsed*l.rate)
		b.last = now
	}
	if b.tokens >= 1 {
		b.tokens--
		return true, 0
	}
	return false, time.Duration((1 - b.tokens) / l.rate * float64(time.Second))
}

// sweep forgets the clients whose buckets have refilled; if that is not
// enough, it forgets others too, which only hands them a full bucket.
func (l *rateLimiter) sweep(now time.Time) {
	full := time.Duration(l.burst / l.rate * float64(time.Second))
	for k, b := range l.clients {
		if now.Sub(b.last) >= full {
			delete(l.clients, k)
		}
	}
	for k := range l.clients {
		if len(l.clients) < maxLimitedClients/2 {
			break
		}
		delete(l.clients, k)
	}
}

// clientKey names the client a request comes from for rate limits: its
// address (see clientAddr), or for IPv6 its /64 network, which one
// household or host usually owns whole.
func (s *server) clientKey(r *http.Request) string {
	ip, ok := clientAddr(r, s.trustedProxies)
	if !ok {
		return r.RemoteAddr
	}
	if ip.Is6() {
		if p, err := ip.Prefix(64); err == nil {
			return p.String()
		}
	}
	return ip.String()
}

// limitSearch answers 429 with Retry-After (whole seconds, at least 1)
// to a client that searches faster than the search limit allows.
func (s *server) limitSearch(next http.HandlerFunc) http.HandlerFunc {
	if s.searchLimiter == nil {
		return next
	}
	return func(w http.ResponseWriter, r *http.Request) {
		ok, wait := s.searchLimiter.allow(s.clientKey(r))
		if !ok {
			secs := max(1, int(math.Ceil(wait.Seconds())))
			w.Header().Set("Retry-After", strconv.Itoa(secs))
			s.fail(w, r, &httpError{http.StatusTooManyRequests,
				"Too many searches in a short time; please wait " + plural(secs, "second", "seconds") + " and try again."})
			return
		}
		next(w, r)
	}
}
