// Package readerapi lets existing feed-reader apps (Reeder, NetNewsWire,
// FeedMe, ReadKit, Fiery Feeds, Unread, FocusReader, News+…) read the
// newsroom's articles and keep each account's read and starred state,
// through the two protocols those apps speak: the Google Reader API
// (under /accounts/ClientLogin and /reader/api/0/) and the Fever API (at
// /fever/).
//
// Apps sign in with the account's email and a reader-scope app token
// (internal/auth) as the password; nothing here touches passwords or
// cookies. Every source that is not disabled is a subscription, the
// site's sections are labels (Google Reader) or groups (Fever), and the
// newsroom's own articles are one more feed. The state lives in the
// store (store.ReaderStateStore), whose rules say which articles appear.
// Article HTML is sent exactly as stored: it was sanitized once at ingest
// (or rendered and sanitized by the desk), and nothing here edits it.
package readerapi

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/newsdesk/newsdesk/internal/auth"
	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/site"
	"github.com/newsdesk/newsdesk/internal/store"
)

// Store is what the reading APIs read and write.
type Store interface {
	store.ReaderStateStore
	ListSources(ctx context.Context) ([]model.Source, error)
	ListCategories(ctx context.Context) ([]model.Category, error)
	AddAudit(ctx context.Context, e model.AuditEntry) (model.AuditEntry, error)
}

// Tokens checks the app tokens apps sign in with (auth.Tokens). Both
// methods count failures against the client named by auth.WithClientIP
// and refuse a client that fails too often with auth.ErrThrottled.
type Tokens interface {
	AuthenticateToken(ctx context.Context, secret string, scope model.TokenScope) (model.User, model.AppToken, error)
	AuthenticateFeverKey(ctx context.Context, apiKey string) (model.User, error)
}

// Subscriber adds a source from an address, finding its feed
// (ingest.Ingester).
type Subscriber interface {
	Subscribe(ctx context.Context, rawURL, name, category string) (model.Source, error)
}

// Options configure the handler.
type Options struct {
	Store  Store
	Tokens Tokens
	// Settings returns the site settings in force (name, base URL);
	// nil means the zero settings.
	Settings func() site.Settings
	// ArticleURL is where an article is read: the original for an
	// aggregated article, the permalink for the newsroom's own. Nil
	// uses the article's stored URL.
	ArticleURL func(model.Article) string
	// ClientIP names a request's client, for throttling failed sign-ins
	// (web.ClientAddr behind trusted proxies). Nil uses the peer address.
	ClientIP func(*http.Request) string
	// Subscriber lets editors and admins add sources from their app;
	// nil refuses every subscription change.
	Subscriber Subscriber
	// UnreadWindow is how far back articles can be unread: older ones
	// count as read unless an app marks them unread, so a new account
	// does not start with the whole archive unread. Zero means 30 days;
	// negative means no limit.
	UnreadWindow time.Duration
	// Now tells the time (default time.Now).
	Now    func() time.Time
	Logger *slog.Logger // nil discards logs
}

// DefaultUnreadWindow is Options.UnreadWindow's default.
const DefaultUnreadWindow = 30 * 24 * time.Hour

// Handler serves both APIs.
type Handler struct {
	st         Store
	tokens     Tokens
	settings   func() site.Settings
	articleURL func(model.Article) string
	clientIP   func(*http.Request) string
	sub        Subscriber
	window     time.Duration
	now        func() time.Time
	log        *slog.Logger
	mux        *http.ServeMux
}

// New returns the handler; mount it at /accounts/ClientLogin,
// /reader/api/0/ and /fever/.
func New(o Options) (*Handler, error) {
	if o.Store == nil || o.Tokens == nil {
		return nil, errors.New("readerapi: a store and tokens are required")
	}
	h := &Handler{st: o.Store, tokens: o.Tokens, settings: o.Settings, articleURL: o.ArticleURL,
		clientIP: o.ClientIP, sub: o.Subscriber, window: o.UnreadWindow, now: o.Now, log: o.Logger}
	if h.settings == nil {
		h.settings = func() site.Settings { return site.Settings{} }
	}
	if h.articleURL == nil {
		h.articleURL = func(a model.Article) string { return a.URL }
	}
	if h.clientIP == nil {
		h.clientIP = peerAddr
	}
	if h.window == 0 {
		h.window = DefaultUnreadWindow
	}
	if h.now == nil {
		h.now = time.Now
	}
	if h.log == nil {
		h.log = slog.New(slog.DiscardHandler)
	}
	h.mux = http.NewServeMux()
	h.greaderRoutes(h.mux)
	h.mux.HandleFunc("/fever/{$}", h.fever)
	h.mux.HandleFunc("/fever", func(w http.ResponseWriter, r *http.Request) {
		r.URL.Path = "/fever/"
		h.fever(w, r)
	})
	return h, nil
}

// ServeHTTP answers with no caching anywhere: every answer is one
// account's, and a shared cache must never hand it to another.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "private, no-store")
	// Bodies are small forms: a cap keeps a hostile one from costing
	// memory (1000 long item IDs fit in well under 100 KiB).
	r.Body = http.MaxBytesReader(w, r.Body, maxBody)
	h.mux.ServeHTTP(w, r)
}

// maxBody bounds a request's body.
const maxBody = 256 << 10

// peerAddr is the request's peer address without the port.
func peerAddr(r *http.Request) string {
	host := r.RemoteAddr
	if i := strings.LastIndexByte(host, ':'); i >= 0 && !strings.HasSuffix(host, "]") {
		host = host[:i]
	}
	return strings.Trim(host, "[]")
}

// authContext names the request's client for the token throttle.
func (h *Handler) authContext(r *http.Request) context.Context {
	return auth.WithClientIP(r.Context(), h.clientIP(r))
}

// reader is the signed-in account as the store sees it: the unread
// window's floor is applied.
func (h *Handler) reader(u model.User) store.ReaderUser {
	ru := store.ReaderUser{ID: u.ID}
	if h.window > 0 {
		ru.Floor = h.now().Add(-h.window)
	}
	return ru
}

// retryAfter sets Retry-After from a throttling error and reports
// whether err was one.
func retryAfter(w http.ResponseWriter, err error) bool {
	var te *auth.ThrottledError
	if !errors.As(err, &te) {
		return false
	}
	w.Header().Set("Retry-After", strconv.Itoa(int(te.RetryAfter.Seconds())))
	return true
}

// writeJSON sends v as JSON.
func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}

// writeText sends a plain-text answer, as the Google Reader API does for
// its tokens and acknowledgements.
func writeText(w http.ResponseWriter, status int, s string) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(status)
	w.Write([]byte(s))
}

// serverError logs an error of ours and answers 503: the store failed,
// and the app should try again later.
func (h *Handler) serverError(w http.ResponseWriter, r *http.Request, err error) {
	h.log.Error("readerapi: request failed", "method", r.Method, "path", r.URL.Path, "err", err)
	writeText(w, http.StatusServiceUnavailable, "The server could not answer; try again later.\n")
}

// audit records a change an account made from an app.
func (h *Handler) audit(r *http.Request, u model.User, action, targetType string, targetID int64, summary string) {
	e := model.AuditEntry{At: h.now(), UserID: u.ID, Actor: u.Email, Action: action,
		TargetType: targetType, TargetID: targetID, Summary: summary, ClientIP: h.clientIP(r)}
	if _, err := h.st.AddAudit(r.Context(), e); err != nil {
		h.log.Error("readerapi: record audit entry", "action", action, "user_id", u.ID, "err", err)
	}
}

// isAuthRefusal reports whether err refuses the credentials themselves
// (unknown, revoked, of a disabled account, or of another scope).
func isAuthRefusal(err error) bool {
	return errors.Is(err, auth.ErrBadToken) || errors.Is(err, auth.ErrWrongScope)
}
