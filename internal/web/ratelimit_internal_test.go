package web

import (
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/internal/site"
	"github.com/newsdesk/newsdesk/internal/store/storetest"
)

// fakeClock is a clock the test moves by hand.
type fakeClock struct{ t time.Time }

func (c *fakeClock) now() time.Time          { return c.t }
func (c *fakeClock) advance(d time.Duration) { c.t = c.t.Add(d) }
func newFakeClock() *fakeClock               { return &fakeClock{time.Date(2024, 6, 22, 0, 0, 0, 0, time.UTC)} }

func TestSearchLimit_DefaultIsOn(t *testing.T) {
	s, err := newServer(Options{Site: site.Defaults(), Store: storetest.NewSQLiteCopy(t)})
	if err != nil {
		t.Fatal(err)
	}
	if l := s.searchLimiter; l == nil || l.rate != 10 || l.burst != 30 {
		t.Fatalf("default search limiter = %+v, want 10/s with bursts of 30", l)
	}
}

func TestCommentLimit_DefaultIsOnAndOptional(t *testing.T) {
	s, err := newServer(Options{Site: site.Defaults(), Store: storetest.NewSQLiteCopy(t)})
	if err != nil {
		t.Fatal(err)
	}
	if l := s.commentLimiter; l == nil || l.rate != 1.0/6 || l.burst != 10 {
		t.Fatalf("default comment limiter = %+v, want one post every 6 s with bursts of 10", l)
	}
	if s, err = newServer(Options{Site: site.Defaults(), Store: storetest.NewSQLiteCopy(t), CommentLimit: RateLimit{Rate: -1}}); err != nil || s.commentLimiter != nil {
		t.Fatalf("a negative rate left the comment limiter on (%v)", err)
	}
	if _, err := newServer(Options{Site: site.Defaults(), Store: storetest.NewSQLiteCopy(t), CommentLimit: RateLimit{Rate: 1}}); err == nil {
		t.Fatal("a comment limit without a burst was accepted")
	}
}

func TestRateLimiter_BurstThenRefill(t *testing.T) {
	clock := newFakeClock()
	l := newRateLimiter(RateLimit{Rate: 10, Burst: 30}, clock.now)
	for i := range 30 {
		if ok, _ := l.allow("a"); !ok {
			t.Fatalf("request %d refused within the burst", i+1)
		}
	}
	ok, wait := l.allow("a")
	if ok || !near(wait, 100*time.Millisecond) {
		t.Fatalf("31st request: ok=%v wait=%v, want refused for 100ms", ok, wait)
	}
	if ok, _ := l.allow("b"); !ok {
		t.Error("another client was refused")
	}
	clock.advance(40 * time.Millisecond)
	if ok, wait := l.allow("a"); ok || !near(wait, 60*time.Millisecond) {
		t.Errorf("after 40ms: ok=%v wait=%v, want refused for 60ms", ok, wait)
	}
	clock.advance(250 * time.Millisecond) // 0.4 + 2.5 tokens
	for i := range 2 {
		if ok, _ := l.allow("a"); !ok {
			t.Errorf("refilled token %d refused", i+1)
		}
	}
	if ok, _ := l.allow("a"); ok {
		t.Error("more tokens than the time refilled")
	}
	clock.advance(time.Hour) // never more than the burst
	n := 0
	for {
		if ok, _ := l.allow("a"); !ok {
			break
		}
		n++
	}
	if n != 30 {
		t.Errorf("after an hour idle: %d requests, want the burst of 30", n)
	}
}

// near compares durations computed in floating point.
func near(got, want time.Duration) bool {
	return got > want-time.Microsecond && got < want+time.Microsecond
}

func TestRateLimiter_MemoryIsBounded(t *testing.T) {
	clock := newFakeClock()
	l := newRateLimiter(RateLimit{Rate: 10, Burst: 30}, clock.now)
	for i := range maxLimitedClients + 1000 {
		l.allow(fmt.Sprint(i))
	}
	if n := len(l.clients); n > maxLimitedClients {
		t.Errorf("%d clients kept, want at most %d", n, maxLimitedClients)
	}
	// Clients idle long enough to have a full bucket are forgotten first.
	l.allow("busy")
	l.allow("busy")
	clock.advance(3 * time.Second) // 30 tokens at 10/s: every bucket is full
	for i := range maxLimitedClients {
		l.allow(fmt.Sprint("new", i))
	}
	if n := len(l.clients); n > maxLimitedClients {
		t.Errorf("%d clients kept, want at most %d", n, maxLimitedClients)
	}
}

func TestClientKey(t *testing.T) {
	for addr, want := range map[string]string{
		"192.0.2.1:1234":          "192.0.2.1",
		"[::ffff:192.0.2.1]:1234": "192.0.2.1",
		"[2001:db8:a:b:c::1]:443": "2001:db8:a:b::/64",
		"[fe80::1%eth0]:80":       "fe80::/64",
		"not an address":          "not an address",
		"@":                       "@",
	} {
		req := httptest.NewRequest("GET", "/", nil)
		req.RemoteAddr = addr
		if got := (&server{}).clientKey(req); got != want {
			t.Errorf("clientKey(%q) = %q, want %q", addr, got, want)
		}
	}
}

func TestClientAddr_TrustedProxies(t *testing.T) {
	trusted, err := ParseTrustedProxies("10.0.0.0/8, 192.0.2.7,::1")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		peer string
		xff  []string
		want string
	}{
		{"198.51.100.1:1", []string{"203.0.113.9"}, "198.51.100.1"},            // untrusted peer: header ignored
		{"10.1.2.3:1", []string{"203.0.113.9"}, "203.0.113.9"},                 // trusted proxy names the client
		{"10.1.2.3:1", []string{"6.6.6.6, 203.0.113.9"}, "203.0.113.9"},        // a forged left part is not read
		{"10.1.2.3:1", []string{"203.0.113.9, 192.0.2.7"}, "203.0.113.9"},      // two trusted hops
		{"10.1.2.3:1", []string{"203.0.113.9", "10.9.9.9"}, "203.0.113.9"},     // several header lines
		{"10.1.2.3:1", nil, "10.1.2.3"},                                        // no header: the proxy itself
		{"10.1.2.3:1", []string{"garbage, 203.0.113.9"}, "203.0.113.9"},        // garbage left of the client
		{"10.1.2.3:1", []string{"203.0.113.9, garbage"}, "10.1.2.3"},           // garbage in a trusted hop's place
		{"[::1]:1", []string{"2001:db8::5"}, "2001:db8::5"},                    // IPv6 proxy
		{"[::ffff:10.0.0.1]:1", []string{"::ffff:203.0.113.9"}, "203.0.113.9"}, // mapped forms
		{"10.1.2.3:1", []string{"10.0.0.2, 10.0.0.1"}, "10.1.2.3"},             // all trusted: the peer
	} {
		req := httptest.NewRequest("GET", "/", nil)
		req.RemoteAddr = c.peer
		for _, v := range c.xff {
			req.Header.Add("X-Forwarded-For", v)
		}
		got, ok := clientAddr(req, trusted)
		if !ok || got.String() != c.want {
			t.Errorf("peer %s, X-Forwarded-For %q: %v %v, want %s", c.peer, c.xff, got, ok, c.want)
		}
	}
	for _, bad := range []string{"10.0.0.0/33", "example.com", "10.0.0.1/x", "1.2.3"} {
		if _, err := ParseTrustedProxies(bad); err == nil || !strings.Contains(err.Error(), "CIDR") {
			t.Errorf("ParseTrustedProxies(%q) = %v, want a clear error", bad, err)
		}
	}
	if got, err := ParseTrustedProxies(" , "); err != nil || len(got) != 0 {
		t.Errorf("empty list: %v, %v", got, err)
	}
}
