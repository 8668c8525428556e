package auth

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"
)

// clock is a settable time for tests.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock { return &clock{t: time.Date(2024, 6, 22, 9, 0, 0, 0, time.UTC)} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func testThrottle(t *testing.T, o ThrottleOptions) (*throttle, *clock) {
	t.Helper()
	o, err := o.withDefaults()
	if err != nil {
		t.Fatal(err)
	}
	c := newClock()
	return newThrottle(o, c.Now), c
}

// try runs one attempt to its outcome and returns begin's error.
func try(th *throttle, ip, email string, o outcome) error {
	a, err := th.begin(ip, email)
	if err != nil {
		return err
	}
	th.finish(a, o)
	return nil
}

// retryAfter returns the wait a refusal carries, failing the test when
// err is not one.
func retryAfter(t *testing.T, err error) time.Duration {
	t.Helper()
	var te *ThrottledError
	if !errors.As(err, &te) || !errors.Is(err, ErrThrottled) {
		t.Fatalf("got %v, want a *ThrottledError", err)
	}
	return te.RetryAfter
}

func TestThrottleLocksAccountWithGrowingLocks(t *testing.T) {
	th, clk := testThrottle(t, ThrottleOptions{})
	ip := 0
	nextIP := func() string { ip++; return fmt.Sprintf("198.51.100.%d", ip) }
	for _, wantLock := range []time.Duration{5 * time.Minute, 10 * time.Minute, 20 * time.Minute, 40 * time.Minute, time.Hour, time.Hour} {
		for i := range 5 {
			// Each from a new address: only the account's count locks.
			if err := try(th, nextIP(), "Editor@Example.com", failed); err != nil {
				t.Fatalf("lock %v, failure %d refused: %v", wantLock, i+1, err)
			}
		}
		err := try(th, nextIP(), "editor@example.COM ", failed)
		if got := retryAfter(t, err); got != wantLock {
			t.Errorf("RetryAfter %v, want %v", got, wantLock)
		}
		clk.Advance(wantLock - time.Minute)
		if got := retryAfter(t, try(th, nextIP(), "editor@example.com", failed)); got != time.Minute {
			t.Errorf("a minute before the end: RetryAfter %v, want 1m", got)
		}
		if err := try(th, nextIP(), "other@example.com", failed); err != nil {
			t.Errorf("another account is refused: %v", err)
		}
		clk.Advance(time.Minute)
	}
	if err := try(th, nextIP(), "editor@example.com", succeeded); err != nil {
		t.Fatalf("after the lock: %v", err)
	}
}

func TestThrottleLocksAddress(t *testing.T) {
	th, clk := testThrottle(t, ThrottleOptions{})
	for i := range 5 {
		// A different account each time: only the address's count locks.
		if err := try(th, "203.0.113.7", fmt.Sprintf("u%d@example.com", i), failed); err != nil {
			t.Fatalf("failure %d refused: %v", i+1, err)
		}
	}
	if got := retryAfter(t, try(th, "203.0.113.7:51234", "new@example.com", failed)); got != 5*time.Minute {
		t.Errorf("RetryAfter %v, want 5m", got)
	}
	clk.Advance(1500 * time.Millisecond)
	if got := retryAfter(t, try(th, "203.0.113.7", "new@example.com", failed)); got != 4*time.Minute+59*time.Second {
		t.Errorf("1.5s later: RetryAfter %v, want 4m59s (rounded up to whole seconds)", got)
	}
	clk.Advance(-1500 * time.Millisecond)
	// The same accounts from another address are fine: one failure each.
	if err := try(th, "203.0.113.8", "u0@example.com", failed); err != nil {
		t.Errorf("u0 from another address refused: %v", err)
	}
	// Other hosts of the same IPv6 /64 share a count; other networks not.
	for i := range 5 {
		if err := try(th, fmt.Sprintf("2001:db8:1:2::%x", i+1), fmt.Sprintf("v%d@example.com", i), failed); err != nil {
			t.Fatalf("IPv6 failure %d refused: %v", i+1, err)
		}
	}
	retryAfter(t, try(th, "[2001:db8:1:2:ffff::1]:443", "w@example.com", failed))
	if err := try(th, "2001:db8:1:3::1", "w@example.com", failed); err != nil {
		t.Errorf("a neighbouring /64 is refused: %v", err)
	}
	clk.Advance(5 * time.Minute)
	if err := try(th, "203.0.113.7", "new@example.com", failed); err != nil {
		t.Errorf("after the lock: %v", err)
	}
	// An unknown address is not limited by address.
	for i := range 10 {
		if err := try(th, "", fmt.Sprintf("x%d@example.com", i), failed); err != nil {
			t.Fatalf("unknown address refused at %d: %v", i, err)
		}
	}
}

func TestThrottleWindowSlides(t *testing.T) {
	th, clk := testThrottle(t, ThrottleOptions{})
	fail := func() error { return try(th, "", "a@example.com", failed) }
	for range 4 {
		if err := fail(); err != nil {
			t.Fatal(err)
		}
		clk.Advance(4 * time.Minute)
	}
	// The first failure is now 16 minutes old: this is the 4th within 15.
	if err := fail(); err != nil {
		t.Fatal(err)
	}
	if err := fail(); err != nil {
		t.Fatalf("refused with only 4 failures within the window: %v", err)
	}
	// Now 5 within 15 minutes.
	retryAfter(t, fail())
}

func TestThrottleSuccessClearsAccountNotAddress(t *testing.T) {
	th, _ := testThrottle(t, ThrottleOptions{})
	for range 4 {
		if err := try(th, "192.0.2.1", "a@example.com", failed); err != nil {
			t.Fatal(err)
		}
	}
	if err := try(th, "192.0.2.2", "a@example.com", succeeded); err != nil {
		t.Fatal(err)
	}
	for i := range 4 {
		if err := try(th, "192.0.2.3", "a@example.com", failed); err != nil {
			t.Fatalf("failure %d after a success refused: the success did not clear the account: %v", i+1, err)
		}
	}
	// 192.0.2.1 failed 4 times; its own success does not clear that (an
	// attacker with an account would otherwise reset their count).
	if err := try(th, "192.0.2.1", "mine@example.com", succeeded); err != nil {
		t.Fatal(err)
	}
	if err := try(th, "192.0.2.1", "b@example.com", failed); err != nil {
		t.Fatal(err)
	}
	retryAfter(t, try(th, "192.0.2.1", "mine@example.com", succeeded))
}

func TestThrottleCountsAttemptsUnderWay(t *testing.T) {
	th, _ := testThrottle(t, ThrottleOptions{})
	var under []attempt
	for i := range 5 {
		a, err := th.begin("192.0.2.1", "a@example.com")
		if err != nil {
			t.Fatalf("attempt %d refused: %v", i+1, err)
		}
		under = append(under, a)
	}
	if got := retryAfter(t, try(th, "192.0.2.9", "a@example.com", failed)); got != time.Second {
		t.Errorf("sixth attempt while five run: RetryAfter %v, want 1s", got)
	}
	// Abandoned attempts count for nothing.
	for _, a := range under[:4] {
		th.finish(a, abandoned)
	}
	th.finish(under[4], failed)
	for i := range 4 {
		if err := try(th, "192.0.2.9", "a@example.com", failed); err != nil {
			t.Fatalf("failure %d refused after abandoned attempts: %v", i+2, err)
		}
	}
	retryAfter(t, try(th, "192.0.2.9", "a@example.com", failed))
	if ips, accounts := th.len(); ips != 2 || accounts != 1 {
		t.Errorf("remembering %d addresses and %d accounts, want 2 and 1", ips, accounts)
	}
}

func TestThrottleForgetsLockLevel(t *testing.T) {
	th, clk := testThrottle(t, ThrottleOptions{})
	lock := func() time.Duration {
		for range 5 {
			if err := try(th, "", "a@example.com", failed); err != nil {
				t.Fatal(err)
			}
		}
		return retryAfter(t, try(th, "", "a@example.com", failed))
	}
	if got := lock(); got != 5*time.Minute {
		t.Fatalf("first lock %v", got)
	}
	clk.Advance(5 * time.Minute)
	if got := lock(); got != 10*time.Minute {
		t.Fatalf("second lock %v", got)
	}
	// Quiet for Window + MaxLock after the last failure: forgotten.
	clk.Advance(15*time.Minute + time.Hour)
	if got := lock(); got != 5*time.Minute {
		t.Errorf("lock after a long quiet spell %v, want 5m again", got)
	}
}

func TestThrottleMemoryIsBounded(t *testing.T) {
	const maxKeys = 100
	th, clk := testThrottle(t, ThrottleOptions{MaxKeys: maxKeys})
	// The target account is locked before the spray.
	for i := range 5 {
		if err := try(th, fmt.Sprintf("10.0.0.%d", i), "target@example.com", failed); err != nil {
			t.Fatal(err)
		}
	}
	// And one address is locked too.
	for i := range 5 {
		if err := try(th, "10.9.9.9", fmt.Sprintf("t%d@example.com", i), failed); err != nil {
			t.Fatal(err)
		}
	}
	// An attacker sprays addresses and emails, one failure each.
	for i := range 50 * maxKeys {
		ip := fmt.Sprintf("2001:db8:%x:%x::1", i/65536, i%65536)
		if err := try(th, ip, fmt.Sprintf("spray%d@example.com", i), failed); err != nil {
			t.Fatalf("spray %d refused: %v", i, err)
		}
		if ips, accounts := th.len(); ips > maxKeys || accounts > maxKeys {
			t.Fatalf("after %d sprayed failures: %d addresses, %d accounts remembered; cap %d", i+1, ips, accounts, maxKeys)
		}
		if i%1000 == 0 {
			clk.Advance(time.Second)
		}
	}
	// Unlocked entries went first: the locks are still in force.
	retryAfter(t, try(th, "192.0.2.200", "target@example.com", failed))
	retryAfter(t, try(th, "10.9.9.9", "someone@example.com", failed))

	// Spraying locks too: the map stays capped though every entry is
	// locked.
	for i := range 3 * maxKeys {
		for j := range 5 {
			err := try(th, fmt.Sprintf("172.16.%d.%d", i/200, i%200), fmt.Sprintf("lock%d-%d@example.com", i, j), failed)
			if err != nil && !errors.Is(err, ErrThrottled) {
				t.Fatal(err)
			}
		}
		if ips, accounts := th.len(); ips > maxKeys || accounts > maxKeys {
			t.Fatalf("%d addresses, %d accounts remembered; cap %d", ips, accounts, maxKeys)
		}
	}
	// Very long keys are kept as hashes.
	long := strings.Repeat("x", 10_000) + "@example.com"
	if err := try(th, strings.Repeat("y", 10_000), long, failed); err != nil {
		t.Fatal(err)
	}
	th.mu.Lock()
	for k := range th.accounts {
		if len(k) > maxThrottleKeyLen {
			t.Errorf("key of %d bytes kept", len(k))
		}
	}
	for k := range th.ips {
		if len(k) > maxThrottleKeyLen {
			t.Errorf("key of %d bytes kept", len(k))
		}
	}
	th.mu.Unlock()
}

func TestThrottleForgetsStaleKeysWhenFull(t *testing.T) {
	th, clk := testThrottle(t, ThrottleOptions{MaxKeys: 10})
	for i := range 10 {
		if err := try(th, fmt.Sprintf("192.0.2.%d", i), fmt.Sprintf("a%d@example.com", i), failed); err != nil {
			t.Fatal(err)
		}
	}
	clk.Advance(15*time.Minute + time.Hour)
	if err := try(th, "192.0.2.100", "new@example.com", failed); err != nil {
		t.Fatal(err)
	}
	if ips, accounts := th.len(); ips != 1 || accounts != 1 {
		t.Errorf("after the sweep: %d addresses, %d accounts; want only the new ones", ips, accounts)
	}
}

func TestThrottleConcurrentUse(t *testing.T) {
	th, clk := testThrottle(t, ThrottleOptions{MaxKeys: 50})
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 500 {
				o := outcome(i % 3)
				err := try(th, fmt.Sprintf("192.0.2.%d", (g*7+i)%60), fmt.Sprintf("u%d@example.com", i%70), o)
				if err != nil && !errors.Is(err, ErrThrottled) {
					t.Error(err)
					return
				}
				if i%50 == 0 {
					clk.Advance(time.Minute)
				}
			}
		})
	}
	wg.Wait()
	if ips, accounts := th.len(); ips > 50 || accounts > 50 {
		t.Errorf("%d addresses, %d accounts; cap 50", ips, accounts)
	}
	th.mu.Lock()
	defer th.mu.Unlock()
	for k, e := range th.accounts {
		if e.pending != 0 {
			t.Errorf("account %s: %d attempts still under way", k, e.pending)
		}
	}
}

func TestIPKey(t *testing.T) {
	same := [][]string{
		{"192.0.2.1", "192.0.2.1:8080", " 192.0.2.1 ", "::ffff:192.0.2.1", "[::ffff:192.0.2.1]:80"},
		{"2001:db8::1", "2001:db8::2", "[2001:db8::3]:443", "2001:db8:0:0:ffff::1", "2001:db8::1%eth0"},
	}
	for _, group := range same {
		for _, s := range group[1:] {
			if ipKey(s) != ipKey(group[0]) {
				t.Errorf("ipKey(%q) = %q, ipKey(%q) = %q; want equal", s, ipKey(s), group[0], ipKey(group[0]))
			}
		}
	}
	differ := []string{"192.0.2.1", "192.0.2.2", "2001:db8::1", "2001:db8:0:1::1", "not an address", "1.2.3.4.5"}
	seen := map[string]string{}
	for _, s := range differ {
		k := ipKey(s)
		if prev, ok := seen[k]; ok {
			t.Errorf("ipKey(%q) = ipKey(%q) = %q", s, prev, k)
		}
		seen[k] = s
	}
	if ipKey("") != "" || ipKey("  ") != "" {
		t.Error("an unknown address has a key")
	}
	if k := ipKey(strings.Repeat("z", 5000)); len(k) > maxThrottleKeyLen {
		t.Errorf("ipKey of 5000 bytes is %d bytes long", len(k))
	}
	if accountKey(" Editor@Example.COM") != accountKey("editor@example.com") {
		t.Error("accountKey is case-sensitive")
	}
	if accountKey("a@example.com") == accountKey("b@example.com") {
		t.Error("two accounts share a key")
	}
}

func TestThrottleOptions(t *testing.T) {
	o, err := ThrottleOptions{}.withDefaults()
	if err != nil || o.MaxFailures != 5 || o.Window != 15*time.Minute || o.Lock != 5*time.Minute || o.MaxLock != time.Hour || o.MaxKeys != 10_000 {
		t.Errorf("defaults = %+v, %v", o, err)
	}
	for _, bad := range []ThrottleOptions{{MaxFailures: -1}, {Window: -time.Second}, {Lock: -1}, {MaxKeys: -5}, {Lock: 2 * time.Hour, MaxLock: time.Hour}} {
		if _, err := bad.withDefaults(); err == nil {
			t.Errorf("%+v accepted", bad)
		}
	}
	// A huge lock cap does not overflow when doubling.
	th, _ := testThrottle(t, ThrottleOptions{MaxFailures: 1, Lock: time.Hour, MaxLock: 1 << 62})
	var last time.Duration
	for i := range 80 {
		th.mu.Lock()
		e := th.get(th.accounts, "k", th.now())
		e.lockedUntil = time.Time{}
		th.fail(e, th.now())
		d := e.lockedUntil.Sub(th.now())
		th.mu.Unlock()
		if d < last || d <= 0 {
			t.Fatalf("lock %d lasts %v after %v", i, d, last)
		}
		last = d
	}
	if err := (&ThrottledError{RetryAfter: 90 * time.Second}).Error(); !strings.Contains(err, "1m30s") {
		t.Errorf("ThrottledError says %q", err)
	}
}
