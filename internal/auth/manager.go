package auth

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

// Errors callers branch on, matched with errors.Is.
var (
	// ErrInvalidCredentials refuses a sign-in, saying neither whether the
	// account exists nor which of email and password was wrong.
	ErrInvalidCredentials = errors.New("auth: wrong email or password")
	// ErrNoSession means the token names no live session: missing,
	// malformed, expired or signed out.
	ErrNoSession = errors.New("auth: not signed in")
	// ErrInvalidEmail, ErrInvalidName and ErrInvalidRole refuse a new
	// user's details; the wrapping error says what is wrong.
	ErrInvalidEmail = errors.New("auth: invalid email address")
	ErrInvalidName  = errors.New("auth: invalid name")
	ErrInvalidRole  = errors.New("auth: invalid role")
	// ErrEmailTaken refuses a new user whose email (compared
	// case-insensitively) already has an account.
	ErrEmailTaken = errors.New("auth: the email address already has an account")
	// ErrWrongPassword refuses a password change whose current password
	// is wrong.
	ErrWrongPassword = errors.New("auth: the current password is wrong")
)

// Users is what a Manager needs of the store; store.UserStore has it.
type Users interface {
	AddUser(ctx context.Context, u model.User) (model.User, error)
	GetUser(ctx context.Context, id int64) (model.User, error)
	GetUserByEmail(ctx context.Context, email string) (model.User, error)
	SetPassword(ctx context.Context, id int64, hash string) error
	CreateSession(ctx context.Context, s model.Session) error
	GetSession(ctx context.Context, tokenHash string, now time.Time) (model.Session, model.User, error)
	DeleteSession(ctx context.Context, tokenHash string) error
	TouchSession(ctx context.Context, tokenHash string, at time.Time) error
}

// DefaultSessionTTL is the absolute timeout of a session when Options
// leave SessionTTL zero: a week after signing in, whatever happens, the
// browser must sign in again.
const DefaultSessionTTL = 7 * 24 * time.Hour

// DefaultIdleTimeout ends a session that made no request for this long,
// when Options leave IdleTimeout zero: a working day, so a laptop left
// signed in overnight is signed out by the morning.
const DefaultIdleTimeout = 8 * time.Hour

// touchEvery is how stale a session's recorded last request may grow
// before a request records it again: the idle timeout is checked to
// within this, and a busy editor costs the database one write a minute
// rather than one per page.
const touchEvery = time.Minute

// Options configure a Manager. Zero values take the defaults.
type Options struct {
	// SessionTTL is the absolute timeout: how long a session lasts after
	// signing in, however active (default 7 days). The session cookie's
	// Max-Age is the same.
	SessionTTL time.Duration
	// IdleTimeout ends a session after this long without a request
	// (default 8 hours).
	IdleTimeout time.Duration
	// Now tells the time (default time.Now).
	Now func() time.Time
	// Throttle tunes the limits on failed sign-ins.
	Throttle ThrottleOptions
	// MaxConcurrentHashes bounds how many argon2id hashes run at once
	// (each takes 19 MiB and a core for tens of milliseconds); others
	// wait their turn. Default: the number of usable CPUs.
	MaxConcurrentHashes int
	// TestHashing, for other packages' tests only, hashes passwords with
	// argon2id's smallest cost instead of the production parameters:
	// under the race detector a production hash takes over 100 ms, and
	// those tests sign in again and again. NewManager refuses it outside
	// a test binary, so no site can be configured into weak hashes.
	TestHashing bool
}

// Manager signs members of the newsroom in and out and creates their
// accounts. It is safe for concurrent use.
type Manager struct {
	st       Users
	ttl      time.Duration
	idle     time.Duration
	now      func() time.Time
	throttle *throttle
	hashing  chan struct{} // one slot per hash allowed to run
	params   params
	// dummy is a well-formed hash of nothing, verified when the email
	// has no account so that such a sign-in costs as much as any other.
	dummy string
}

// NewManager returns a Manager over st.
func NewManager(st Users, opts Options) (*Manager, error) {
	if opts.TestHashing {
		if !testing.Testing() {
			return nil, errors.New("auth: new manager: TestHashing is for tests only")
		}
		return newManager(st, opts, testParams)
	}
	return newManager(st, opts, defaultParams)
}

// newManager lets tests hash with cheaper parameters.
func newManager(st Users, opts Options, p params) (*Manager, error) {
	if st == nil {
		return nil, errors.New("auth: new manager: no user store")
	}
	if opts.SessionTTL < 0 {
		return nil, fmt.Errorf("auth: new manager: negative session lifetime %v", opts.SessionTTL)
	}
	if opts.SessionTTL == 0 {
		opts.SessionTTL = DefaultSessionTTL
	}
	if opts.IdleTimeout < 0 {
		return nil, fmt.Errorf("auth: new manager: negative idle timeout %v", opts.IdleTimeout)
	}
	if opts.IdleTimeout == 0 {
		opts.IdleTimeout = DefaultIdleTimeout
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.MaxConcurrentHashes < 0 {
		return nil, fmt.Errorf("auth: new manager: negative MaxConcurrentHashes %d", opts.MaxConcurrentHashes)
	}
	if opts.MaxConcurrentHashes == 0 {
		opts.MaxConcurrentHashes = max(1, runtime.GOMAXPROCS(0))
	}
	to, err := opts.Throttle.withDefaults()
	if err != nil {
		return nil, err
	}
	salt := make([]byte, p.saltLen)
	key := make([]byte, p.keyLen)
	if _, err := rand.Read(salt); err != nil {
		return nil, fmt.Errorf("auth: new manager: %w", err)
	}
	if _, err := rand.Read(key); err != nil {
		return nil, fmt.Errorf("auth: new manager: %w", err)
	}
	return &Manager{
		st:       st,
		ttl:      opts.SessionTTL,
		idle:     opts.IdleTimeout,
		now:      opts.Now,
		throttle: newThrottle(to, opts.Now),
		hashing:  make(chan struct{}, opts.MaxConcurrentHashes),
		params:   p,
		dummy:    encodeHash(p, salt, key),
	}, nil
}

// SessionTTL returns the absolute timeout of the sessions Login starts,
// for the cookie's Max-Age.
func (m *Manager) SessionTTL() time.Duration { return m.ttl }

// IdleTimeout returns how long a session lasts without a request.
func (m *Manager) IdleTimeout() time.Duration { return m.idle }

// Attempt is one sign-in: what the login form posted and where it came
// from.
type Attempt struct {
	Email, Password string
	// ClientIP names the client, with or without a port; "" when unknown
	// (only the account's limit then applies).
	ClientIP string
	// UserAgent describes the browser, kept with the session so its owner
	// can tell their sessions apart.
	UserAgent string
	// Replace is the token of the session the browser held before, if
	// any: it ends when the new one starts, so a token planted in a
	// browser before sign-in (session fixation) signs nobody in.
	Replace string
}

// Login signs in with email and password from clientIP; see SignIn.
func (m *Manager) Login(ctx context.Context, email, password, clientIP string) (token string, u model.User, err error) {
	return m.SignIn(ctx, Attempt{Email: email, Password: password, ClientIP: clientIP})
}

// SignIn checks the attempt's email and password and starts a new
// session, returning its token (for the cookie) and the user (without
// the password hash).
//
// A wrong password, an email with no account and a disabled account all
// give ErrInvalidCredentials, at the cost of one hash each, so neither
// the answer nor its timing tells whether an account exists or is
// disabled. Failures are counted per client address and per account;
// while either is locked, SignIn refuses with a *ThrottledError
// (ErrThrottled) without checking the password. A success clears the
// account's failures. When the stored hash was made with other
// parameters than today's it is replaced, which ends the user's other
// sessions.
func (m *Manager) SignIn(ctx context.Context, at Attempt) (token string, u model.User, err error) {
	email, password := at.Email, at.Password
	a, err := m.throttle.begin(at.ClientIP, email)
	if err != nil {
		return "", model.User{}, err
	}
	out := abandoned
	defer func() { m.throttle.finish(a, out) }()

	email = strings.TrimSpace(email)
	if email == "" || len(email) > maxEmailBytes || !utf8.ValidString(email) ||
		strings.IndexFunc(email, unicode.IsControl) >= 0 || len(password) > MaxPasswordBytes {
		// No account has such an email (CreateUser refuses them), and no
		// password is that long: no need to ask the store.
		out = failed
		return "", model.User{}, ErrInvalidCredentials
	}
	u, err = m.st.GetUserByEmail(ctx, email)
	found := err == nil && u.PasswordHash != ""
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return "", model.User{}, fmt.Errorf("auth: login: %w", err)
	}
	hash := m.dummy
	if found {
		hash = u.PasswordHash
	}
	ok, err := m.verify(ctx, hash, password)
	if errors.Is(err, ErrBadHash) {
		return "", model.User{}, fmt.Errorf("auth: login: user %d's stored password hash: %w", u.ID, err)
	}
	if err != nil {
		return "", model.User{}, fmt.Errorf("auth: login: %w", err)
	}
	if !ok || !found || u.Disabled {
		// A disabled account is refused like a wrong password, and
		// counts as a failure: the right password of a disabled account
		// opens nothing and tells nothing.
		out = failed
		return "", model.User{}, ErrInvalidCredentials
	}
	out = succeeded
	if needsRehash(hash, m.params) {
		newHash, err := m.hash(ctx, password)
		if err != nil {
			return "", model.User{}, fmt.Errorf("auth: login: rehash: %w", err)
		}
		if err := m.st.SetPassword(ctx, u.ID, newHash); err != nil {
			return "", model.User{}, fmt.Errorf("auth: login: store rehashed password: %w", err)
		}
	}
	if validToken(at.Replace) {
		if err := m.st.DeleteSession(ctx, HashToken(at.Replace)); err != nil {
			return "", model.User{}, fmt.Errorf("auth: login: end the previous session: %w", err)
		}
	}
	token, err = m.startSession(ctx, u.ID, at.ClientIP, at.UserAgent)
	if err != nil {
		return "", model.User{}, fmt.Errorf("auth: login: %w", err)
	}
	u.PasswordHash = ""
	return token, u, nil
}

func (m *Manager) startSession(ctx context.Context, userID int64, clientIP, userAgent string) (string, error) {
	token, err := newToken()
	if err != nil {
		return "", err
	}
	now := m.now()
	s := model.Session{TokenHash: HashToken(token), UserID: userID, Created: now, Expires: now.Add(m.ttl),
		LastSeen: now, ClientIP: clientIP, UserAgent: userAgent}
	if err := m.st.CreateSession(ctx, s); err != nil {
		return "", fmt.Errorf("create session: %w", err)
	}
	return token, nil
}

// Authenticate returns the user whose live session token names (without
// the password hash); ErrNoSession when token is empty, malformed, past
// its absolute or idle timeout, signed out, or its account disabled. A
// session idle too long is deleted. The request is recorded as the
// session's last activity when the one recorded is a minute old or more.
func (m *Manager) Authenticate(ctx context.Context, token string) (model.User, error) {
	if !validToken(token) {
		return model.User{}, ErrNoSession
	}
	now := m.now()
	hash := HashToken(token)
	s, u, err := m.st.GetSession(ctx, hash, now)
	if errors.Is(err, store.ErrNotFound) {
		return model.User{}, ErrNoSession
	}
	if err != nil {
		return model.User{}, fmt.Errorf("auth: authenticate: %w", err)
	}
	if !s.Expires.After(now) || u.Disabled {
		return model.User{}, ErrNoSession
	}
	last := s.LastSeen
	if last.IsZero() || last.Before(s.Created) {
		last = s.Created
	}
	if now.Sub(last) >= m.idle {
		if err := m.st.DeleteSession(ctx, hash); err != nil {
			return model.User{}, fmt.Errorf("auth: authenticate: end an idle session: %w", err)
		}
		return model.User{}, ErrNoSession
	}
	if now.Sub(last) >= touchEvery {
		if err := m.st.TouchSession(ctx, hash, now); err != nil {
			return model.User{}, fmt.Errorf("auth: authenticate: %w", err)
		}
	}
	u.PasswordHash = ""
	return u, nil
}

// Logout ends the session token names. A token naming no session
// (malformed, expired, or signed out already) is not an error.
func (m *Manager) Logout(ctx context.Context, token string) error {
	if !validToken(token) {
		return nil
	}
	if err := m.st.DeleteSession(ctx, HashToken(token)); err != nil {
		return fmt.Errorf("auth: logout: %w", err)
	}
	return nil
}

// hash hashes password with the Manager's parameters, waiting for a
// hashing slot.
func (m *Manager) hash(ctx context.Context, password string) (string, error) {
	if err := m.acquire(ctx); err != nil {
		return "", err
	}
	defer m.release()
	return hashWith(password, m.params)
}

// verify checks password against hash, waiting for a hashing slot.
func (m *Manager) verify(ctx context.Context, hash, password string) (bool, error) {
	if err := m.acquire(ctx); err != nil {
		return false, err
	}
	defer m.release()
	return VerifyPassword(hash, password)
}

func (m *Manager) acquire(ctx context.Context) error {
	select {
	case m.hashing <- struct{}{}:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("waiting to hash a password: %w", ctx.Err())
	}
}

func (m *Manager) release() { <-m.hashing }
