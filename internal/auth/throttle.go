package auth

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/netip"
	"strings"
	"sync"
	"time"
)

// ErrThrottled is matched (errors.Is) by the *ThrottledError Login
// returns while a client address or an account is locked.
var ErrThrottled = errors.New("auth: too many failed sign-in attempts")

// ThrottledError refuses a sign-in attempt and says when to try again.
type ThrottledError struct {
	RetryAfter time.Duration // whole seconds, at least one
}

// Error says how long to wait.
func (e *ThrottledError) Error() string {
	return fmt.Sprintf("%v; try again in %v", ErrThrottled, e.RetryAfter)
}

// Is makes a ThrottledError match ErrThrottled.
func (e *ThrottledError) Is(target error) bool { return target == ErrThrottled }

// ThrottleOptions tune login throttling. Zero values take the defaults.
type ThrottleOptions struct {
	// MaxFailures failed attempts within Window lock a client address or
	// an account (default 5).
	MaxFailures int
	// Window is how long a failure counts (default 15 minutes).
	Window time.Duration
	// Lock is how long the first lock lasts (default 5 minutes); each
	// further lock of the same key lasts twice the one before, up to
	// MaxLock (default 1 hour). A key is forgotten, its lock count with
	// it, once its last failure is older than Window + MaxLock.
	Lock    time.Duration
	MaxLock time.Duration
	// MaxKeys bounds how many client addresses, and separately how many
	// accounts, are remembered (default 10,000 each). Past it the
	// forgotten keys go first, then the unlocked ones whose last failure
	// is oldest, then the locks closest to their end.
	MaxKeys int
}

func (o ThrottleOptions) withDefaults() (ThrottleOptions, error) {
	if o.MaxFailures < 0 || o.Window < 0 || o.Lock < 0 || o.MaxLock < 0 || o.MaxKeys < 0 {
		return o, errors.New("auth: throttle options must not be negative")
	}
	if o.MaxFailures == 0 {
		o.MaxFailures = 5
	}
	if o.Window == 0 {
		o.Window = 15 * time.Minute
	}
	if o.Lock == 0 {
		o.Lock = 5 * time.Minute
	}
	if o.MaxLock == 0 {
		o.MaxLock = time.Hour
	}
	if o.MaxKeys == 0 {
		o.MaxKeys = 10_000
	}
	if o.MaxLock < o.Lock {
		return o, fmt.Errorf("auth: throttle MaxLock %v is shorter than Lock %v", o.MaxLock, o.Lock)
	}
	return o, nil
}

// pendingWait is the RetryAfter given when the attempts already running
// for a key could use up its remaining failures: they finish well
// within it.
const pendingWait = time.Second

// throttle counts failed sign-ins per client address and per account,
// in memory, and locks a key that fails too often. Attempts under way
// count against the limit too, so a burst of concurrent guesses cannot
// slip past it.
type throttle struct {
	o   ThrottleOptions
	now func() time.Time

	mu       sync.Mutex
	ips      map[string]*entry
	accounts map[string]*entry
}

type entry struct {
	failures    []time.Time // within the window, oldest first
	last        time.Time   // the newest failure
	lockedUntil time.Time
	locks       int // locks so far
	pending     int // attempts begun and not finished
}

// attempt names the keys of one sign-in attempt between begin and
// finish.
type attempt struct {
	ip      string // "" when the client's address is unknown
	account string
}

type outcome int

const (
	failed    outcome = iota // wrong email or password: counts
	succeeded                // clears the account
	abandoned                // an error of ours: counts for nothing
)

func newThrottle(o ThrottleOptions, now func() time.Time) *throttle {
	return &throttle{o: o, now: now, ips: map[string]*entry{}, accounts: map[string]*entry{}}
}

// begin starts an attempt, or refuses it with a *ThrottledError while
// the client address or the account is locked.
func (t *throttle) begin(clientIP, email string) (attempt, error) {
	a := attempt{ip: ipKey(clientIP), account: accountKey(email)}
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	var wait time.Duration
	for _, k := range t.keys(a) {
		if e := t.lookup(k.m, k.key, now); e != nil {
			if w := t.refusal(e, now); w > wait {
				wait = w
			}
		}
	}
	if wait > 0 {
		return attempt{}, &ThrottledError{RetryAfter: ceilSecond(wait)}
	}
	for _, k := range t.keys(a) {
		t.get(k.m, k.key, now).pending++
	}
	return a, nil
}

// finish ends an attempt begin allowed.
func (t *throttle) finish(a attempt, o outcome) {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	for _, k := range t.keys(a) {
		if e := k.m[k.key]; e != nil && e.pending > 0 {
			e.pending--
		}
		switch {
		case o == failed:
			t.fail(t.get(k.m, k.key, now), now)
		case o == succeeded && k.isAccount:
			if e := k.m[k.key]; e != nil {
				*e = entry{pending: e.pending}
			}
		}
		if e := k.m[k.key]; e != nil && e.empty() {
			delete(k.m, k.key)
		}
	}
}

type keyRef struct {
	m         map[string]*entry
	key       string
	isAccount bool
}

func (t *throttle) keys(a attempt) []keyRef {
	ks := []keyRef{{m: t.accounts, key: a.account, isAccount: true}}
	if a.ip != "" {
		ks = append(ks, keyRef{m: t.ips, key: a.ip})
	}
	return ks
}

// ceilSecond rounds d up to whole seconds, for a Retry-After header.
func ceilSecond(d time.Duration) time.Duration {
	if r := d % time.Second; r != 0 {
		d += time.Second - r
	}
	return max(d, time.Second)
}

// refusal returns how long e refuses attempts, zero if it does not.
func (t *throttle) refusal(e *entry, now time.Time) time.Duration {
	if now.Before(e.lockedUntil) {
		return e.lockedUntil.Sub(now)
	}
	t.prune(e, now)
	if len(e.failures)+e.pending >= t.o.MaxFailures {
		return pendingWait
	}
	return 0
}

// fail records a failure, locking e when it makes MaxFailures within
// the window.
func (t *throttle) fail(e *entry, now time.Time) {
	t.prune(e, now)
	e.failures = append(e.failures, now)
	e.last = now
	if len(e.failures) < t.o.MaxFailures {
		return
	}
	lock := t.o.Lock
	for i := 0; i < e.locks && lock < t.o.MaxLock; i++ {
		if lock > t.o.MaxLock/2 {
			lock = t.o.MaxLock
			break
		}
		lock *= 2
	}
	e.lockedUntil = now.Add(min(lock, t.o.MaxLock))
	e.locks++
	e.failures = nil
}

// prune drops the failures older than the window.
func (t *throttle) prune(e *entry, now time.Time) {
	i := 0
	for i < len(e.failures) && now.Sub(e.failures[i]) >= t.o.Window {
		i++
	}
	if i > 0 {
		e.failures = append(e.failures[:0], e.failures[i:]...)
	}
}

func (e *entry) empty() bool {
	return len(e.failures) == 0 && e.locks == 0 && e.pending == 0 && e.lockedUntil.IsZero()
}

// stale reports whether e can be forgotten: no attempt under way and no
// failure for Window + MaxLock (so no lock left either).
func (t *throttle) stale(e *entry, now time.Time) bool {
	return e.pending == 0 && now.Sub(e.last) >= t.o.Window+t.o.MaxLock && !now.Before(e.lockedUntil)
}

// lookup returns m's entry for key, or nil when there is none or it
// is stale (which forgets it).
func (t *throttle) lookup(m map[string]*entry, key string, now time.Time) *entry {
	e := m[key]
	if e != nil && t.stale(e, now) {
		delete(m, key)
		return nil
	}
	return e
}

// get returns m's entry for key, making room for a new one when m is
// full.
func (t *throttle) get(m map[string]*entry, key string, now time.Time) *entry {
	if e := t.lookup(m, key, now); e != nil {
		return e
	}
	if len(m) >= t.o.MaxKeys {
		t.evict(m, now)
	}
	e := &entry{}
	m[key] = e
	return e
}

// evict forgets the stale entries of m, or when there are none, the
// one that matters least: unlocked before locked, the oldest failure
// first, and attempts under way last of all.
func (t *throttle) evict(m map[string]*entry, now time.Time) {
	for k, e := range m {
		if t.stale(e, now) {
			delete(m, k)
		}
	}
	if len(m) < t.o.MaxKeys {
		return
	}
	rank := func(e *entry) (int, time.Time) {
		r := 0
		if e.pending > 0 {
			r += 2
		}
		if now.Before(e.lockedUntil) {
			return r + 1, e.lockedUntil
		}
		return r, e.last
	}
	var victim string
	var vr int
	var vt time.Time
	first := true
	for k, e := range m {
		r, at := rank(e)
		if first || r < vr || (r == vr && at.Before(vt)) {
			victim, vr, vt, first = k, r, at, false
		}
	}
	delete(m, victim)
}

// len returns how many client addresses and accounts are remembered.
func (t *throttle) len() (ips, accounts int) {
	t.mu.Lock()
	defer t.mu.Unlock()
	return len(t.ips), len(t.accounts)
}

// maxThrottleKeyLen bounds the keys kept; longer ones are kept as a hash.
const maxThrottleKeyLen = 128

// ipKey names a client address for throttling: an IPv4 address, or
// the /64 network of an IPv6 address (one host or household usually
// holds a whole /64). A port, a zone and the IPv4-mapped form are
// dropped. Text that is no address is kept as it is; "" means unknown,
// and is not throttled by address.
func ipKey(clientIP string) string {
	s := strings.TrimSpace(clientIP)
	if s == "" {
		return ""
	}
	addr, err := netip.ParseAddr(s)
	if err != nil {
		ap, perr := netip.ParseAddrPort(s)
		if perr != nil {
			return boundKey("raw:" + s)
		}
		addr = ap.Addr()
	}
	addr = addr.Unmap().WithZone("")
	if addr.Is6() {
		p, _ := addr.Prefix(64)
		return "ip6:" + p.String()
	}
	return "ip4:" + addr.String()
}

// accountKey names an account for throttling: its email, trimmed and
// lowercased, whether or not the account exists.
func accountKey(email string) string {
	return boundKey("acct:" + strings.ToLower(strings.TrimSpace(email)))
}

func boundKey(k string) string {
	if len(k) <= maxThrottleKeyLen {
		return k
	}
	sum := sha256.Sum256([]byte(k))
	return "sha256:" + hex.EncodeToString(sum[:])
}
