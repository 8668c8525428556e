package auth

import (
	"context"
	"crypto/md5"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

// App tokens let a program act for an account without its password: a
// script calling the JSON API (scope "api") or a feed-reader app signing
// in through the Google Reader or Fever API (scope "reader"). A secret is
// "nd_" and 32 random bytes in unpadded base64url; it is shown once, when
// made, and only its SHA-256 is stored (plus, for reader tokens, the
// SHA-256 of its Fever key). Lookups go by that hash through a unique
// index: the attacker controls the secret but not its hash, so the
// time a lookup takes tells nothing about stored secrets.

// Errors of app tokens, matched with errors.Is.
var (
	// ErrBadToken refuses a secret that is malformed, unknown, revoked or
	// belongs to a disabled account: answer 401 without saying which.
	ErrBadToken = errors.New("auth: invalid or revoked token")
	// ErrWrongScope refuses a valid secret used outside its scope (a
	// reader token on the JSON API's writes): answer 403.
	ErrWrongScope = errors.New("auth: the token's scope does not allow this")
	// ErrInvalidToken refuses a new token's name or scope; the wrapping
	// error says what is wrong.
	ErrInvalidToken = errors.New("auth: invalid token")
	// ErrTokenNameTaken refuses a second token of one name for an account.
	ErrTokenNameTaken = errors.New("auth: the account has a token of that name already")
	// ErrNoToken means no token of that ID exists (for that account).
	ErrNoToken = errors.New("auth: no such token")
)

// TokenPrefix starts every app token secret, so a leaked one is easy to
// recognise (by people and by secret scanners).
const TokenPrefix = "nd_"

// secretLen is the length of a secret: the prefix and 32 bytes in
// unpadded base64url.
var secretLen = len(TokenPrefix) + base64.RawURLEncoding.EncodedLen(tokenBytes)

// TokenUsers is what Tokens needs of the store; store.Store has it.
type TokenUsers interface {
	GetUser(ctx context.Context, id int64) (model.User, error)
	store.AppTokenStore
}

// TokenOptions configure Tokens. Zero values take the defaults.
type TokenOptions struct {
	// Now tells the time (default time.Now).
	Now func() time.Time
	// Throttle tunes the limit on failed token uses per client address
	// (defaults: 10 failures in 15 minutes lock the client for a minute,
	// doubling up to 15 minutes). Only the address limit applies: there
	// is no account to count a wrong secret against.
	Throttle ThrottleOptions
}

// Tokens makes, lists, revokes and checks app tokens. It is safe for
// concurrent use.
type Tokens struct {
	st       TokenUsers
	now      func() time.Time
	throttle *throttle
}

// NewTokens returns Tokens over st.
func NewTokens(st TokenUsers, opts TokenOptions) (*Tokens, error) {
	if st == nil {
		return nil, errors.New("auth: new tokens: no store")
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	to := opts.Throttle
	if to.MaxFailures == 0 {
		to.MaxFailures = 10
	}
	if to.Lock == 0 {
		to.Lock = time.Minute
	}
	if to.MaxLock == 0 {
		to.MaxLock = 15 * time.Minute
	}
	to, err := to.withDefaults()
	if err != nil {
		return nil, err
	}
	return &Tokens{st: st, now: opts.Now, throttle: newThrottle(to, opts.Now)}, nil
}

type clientKey struct{}

// WithClientIP returns a context that names the client (an address,
// with or without a port) whose token AuthenticateToken and
// AuthenticateFeverKey check: their failures are throttled per client.
// Requests without one are all throttled together as one unknown
// client, so handlers should always set it.
func WithClientIP(ctx context.Context, clientIP string) context.Context {
	return context.WithValue(ctx, clientKey{}, clientIP)
}

// clientOf returns the throttling key of ctx's client.
func clientOf(ctx context.Context) string {
	ip, _ := ctx.Value(clientKey{}).(string)
	if k := ipKey(ip); k != "" {
		return k
	}
	return "unknown"
}

// Create makes a token for u named name with scope, and returns it with
// its secret, which is never shown again. A reader token also gets its
// Fever key, md5 of "email:secret" as the Fever protocol derives it
// from what a user types into a reader app; it therefore stops matching
// if the account's email changes.
func (t *Tokens) Create(ctx context.Context, u model.User, name string, scope model.TokenScope) (model.AppToken, string, error) {
	name = strings.TrimSpace(name)
	if name == "" || len(name) > store.MaxTokenName || !utf8.ValidString(name) || strings.ContainsRune(name, 0) {
		return model.AppToken{}, "", fmt.Errorf("%w: the name must be 1 to %d bytes of text", ErrInvalidToken, store.MaxTokenName)
	}
	if _, err := model.ParseTokenScope(string(scope)); err != nil {
		return model.AppToken{}, "", fmt.Errorf("%w: %v", ErrInvalidToken, err)
	}
	if u.ID == 0 || u.Disabled {
		return model.AppToken{}, "", fmt.Errorf("%w: a disabled or unknown account gets no tokens", ErrInvalidToken)
	}
	var raw [tokenBytes]byte
	if _, err := rand.Read(raw[:]); err != nil {
		return model.AppToken{}, "", fmt.Errorf("auth: new app token: %w", err)
	}
	secret := TokenPrefix + base64.RawURLEncoding.EncodeToString(raw[:])
	tok := model.AppToken{UserID: u.ID, Name: name, Scope: scope, SecretHash: HashToken(secret), Created: t.now()}
	if scope == model.ScopeReader {
		tok.FeverKeyHash = HashToken(FeverKey(u.Email, secret))
	}
	tok, err := t.st.CreateAppToken(ctx, tok)
	switch {
	case errors.Is(err, store.ErrDuplicate):
		return model.AppToken{}, "", fmt.Errorf("%w: %q", ErrTokenNameTaken, name)
	case errors.Is(err, store.ErrNotFound):
		return model.AppToken{}, "", fmt.Errorf("%w: no account %d", ErrInvalidToken, u.ID)
	case err != nil:
		return model.AppToken{}, "", fmt.Errorf("auth: new app token: %w", err)
	}
	return tok, secret, nil
}

// FeverKey returns the Fever api_key of an account's reader token: the
// lowercase hex md5 of "email:secret", the Fever protocol's rule (md5 is
// its choice, not ours; only a SHA-256 of the result is stored).
func FeverKey(email, secret string) string {
	sum := md5.Sum([]byte(email + ":" + secret))
	return hex.EncodeToString(sum[:])
}

// List returns a user's tokens, newest first (every account's for 0).
func (t *Tokens) List(ctx context.Context, userID int64) ([]model.AppToken, error) {
	toks, err := t.st.ListAppTokens(ctx, userID)
	if err != nil {
		return nil, fmt.Errorf("auth: list app tokens: %w", err)
	}
	return toks, nil
}

// Revoke deletes token id of userID (of anyone for 0) and returns what it
// was, for the audit log; ErrNoToken when there is no such token.
func (t *Tokens) Revoke(ctx context.Context, id, userID int64) (model.AppToken, error) {
	tok, err := t.st.GetAppToken(ctx, id)
	if errors.Is(err, store.ErrNotFound) || (err == nil && userID != 0 && tok.UserID != userID) {
		return model.AppToken{}, ErrNoToken
	}
	if err != nil {
		return model.AppToken{}, fmt.Errorf("auth: revoke app token: %w", err)
	}
	if err := t.st.DeleteAppToken(ctx, id, userID); errors.Is(err, store.ErrNotFound) {
		return model.AppToken{}, ErrNoToken
	} else if err != nil {
		return model.AppToken{}, fmt.Errorf("auth: revoke app token: %w", err)
	}
	return tok, nil
}

// AuthenticateToken returns the account and token of secret, when the
// token exists, its account is enabled and its scope is scope.
//
// A malformed, unknown or revoked secret, or one of a disabled account,
// gives ErrBadToken and counts as a failure of the client named by
// WithClientIP; a client that fails too often is refused with a
// *ThrottledError (ErrThrottled) for a while, valid secret or not. A
// valid secret of another scope gives ErrWrongScope. A success records
// the token's use (at most once a minute).
func (t *Tokens) AuthenticateToken(ctx context.Context, secret string, scope model.TokenScope) (model.User, model.AppToken, error) {
	client := clientOf(ctx)
	if err := t.throttle.clientLocked(client); err != nil {
		return model.User{}, model.AppToken{}, err
	}
	if len(secret) != secretLen || !strings.HasPrefix(secret, TokenPrefix) || !validToken(secret[len(TokenPrefix):]) {
		t.throttle.clientFailed(client)
		return model.User{}, model.AppToken{}, ErrBadToken
	}
	hash := HashToken(secret)
	tok, u, err := t.st.AppTokenBySecretHash(ctx, hash)
	return t.accept(ctx, client, hash, tok.SecretHash, tok, u, err, scope)
}

// AuthenticateFeverKey returns the account of a reader token's Fever
// api_key (32 hex digits, any case), under the rules of
// AuthenticateToken with scope "reader".
func (t *Tokens) AuthenticateFeverKey(ctx context.Context, apiKey string) (model.User, error) {
	client := clientOf(ctx)
	if err := t.throttle.clientLocked(client); err != nil {
		return model.User{}, err
	}
	apiKey = strings.ToLower(strings.TrimSpace(apiKey))
	if _, err := hex.DecodeString(apiKey); err != nil || len(apiKey) != 2*md5.Size {
		t.throttle.clientFailed(client)
		return model.User{}, ErrBadToken
	}
	hash := HashToken(apiKey)
	tok, u, err := t.st.AppTokenByFeverKeyHash(ctx, hash)
	u, _, err = t.accept(ctx, client, hash, tok.FeverKeyHash, tok, u, err, model.ScopeReader)
	return u, err
}

// accept finishes a lookup by hash: the stored hash must equal the one
// asked for (compared in constant time, though the index found it), the
// account be enabled and the scope match.
func (t *Tokens) accept(ctx context.Context, client, hash, stored string, tok model.AppToken, u model.User,
	err error, scope model.TokenScope) (model.User, model.AppToken, error) {
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return model.User{}, model.AppToken{}, fmt.Errorf("auth: check app token: %w", err)
	}
	if err != nil || subtle.ConstantTimeCompare([]byte(hash), []byte(stored)) != 1 || u.Disabled {
		t.throttle.clientFailed(client)
		return model.User{}, model.AppToken{}, ErrBadToken
	}
	if tok.Scope != scope {
		return model.User{}, model.AppToken{}, fmt.Errorf("%w: a %s token, not %s", ErrWrongScope, tok.Scope, scope)
	}
	now := t.now()
	if tok.LastUsed.IsZero() || now.Sub(tok.LastUsed) >= store.TokenTouchEvery {
		// A failed write of the last use must not refuse a valid
		// request; the next use records it.
		_ = t.st.TouchAppToken(ctx, tok.ID, now)
		tok.LastUsed = now
	}
	u.PasswordHash = ""
	return u, tok, nil
}

// clientLocked refuses with a *ThrottledError while client is locked.
// Unlike sign-in, attempts under way do not count: a program may send
// many requests at once with a valid token.
func (t *throttle) clientLocked(client string) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	if e := t.lookup(t.ips, client, now); e != nil && now.Before(e.lockedUntil) {
		return &ThrottledError{RetryAfter: ceilSecond(e.lockedUntil.Sub(now))}
	}
	return nil
}

// clientFailed counts a failed token use of client, locking it at
// MaxFailures within the window.
func (t *throttle) clientFailed(client string) {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	t.fail(t.get(t.ips, client, now), now)
}
