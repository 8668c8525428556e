// Package admin serves the newsroom's admin area under /admin/: signing
// in and out, the comment moderation queue (approve, unapprove, spam,
// trash, restore, edit, reply, closing an article's comments) and the
// discussion settings. Pages are rendered on the server from embedded
// templates, work without JavaScript, and are for signed-in staff only:
// they show commenters' email and network addresses, so every response
// is private (no-store, noindex) and framed by a strict security policy.
package admin

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"runtime/debug"
	"time"

	"github.com/newsdesk/newsdesk/internal/auth"
	"github.com/newsdesk/newsdesk/internal/comments"
	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/site"
	"github.com/newsdesk/newsdesk/internal/store"
)

// Store is the part of store.Store the admin area reads and writes.
type Store interface {
	GetArticle(ctx context.Context, id int64) (model.Article, error)
	GetComment(ctx context.Context, id int64) (model.Comment, error)
	ListComments(ctx context.Context, f store.CommentFilter) ([]model.Comment, string, error)
	CountComments(ctx context.Context, articleID int64) (map[model.CommentStatus]int, error)
	AddComment(ctx context.Context, c model.Comment) (model.Comment, error)
	SetCommentStatus(ctx context.Context, id int64, status model.CommentStatus) error
	EditComment(ctx context.Context, id int64, name, website, body string) error
	SetCommentsClosed(ctx context.Context, articleID int64, closed bool) error
	Settings(ctx context.Context) (map[string]string, error)
	SetSettings(ctx context.Context, kv map[string]string) error
	AddAudit(ctx context.Context, e model.AuditEntry) (model.AuditEntry, error)
	ListAudit(ctx context.Context, f store.AuditFilter) ([]model.AuditEntry, string, error)

	// What each area of the desk needs besides, declared in its file.
	deskStore
	curationStore
	sourceStore
	accountStore
	mediaStore
	tokenStore
}

// DefaultMaxBodyBytes bounds the body of an admin form post when
// Options.MaxBodyBytes is zero. The largest comment the form takes
// (5,000 characters of four-byte UTF-8, percent-encoded) fits in it.
const DefaultMaxBodyBytes = 64 << 10

// settingsBodyFactor lets the discussion settings form, whose word lists
// may hold thousands of entries, post this many times MaxBodyBytes.
const settingsBodyFactor = 16

// Options configure the admin area.
type Options struct {
	// Store keeps the comments and the settings.
	Store Store
	// Auth signs staff in and out and names the user of a session.
	Auth *auth.Manager
	// Site gives the site's name (page titles and the signature of staff
	// replies from accounts without a name) and its time zone (dates).
	Site site.Settings
	// Live, when set, holds the site settings in force (stored values
	// over Site): pages read it per request, and the site settings page
	// updates it when it saves. Nil keeps Site.
	Live *site.Live
	// ArticlePath returns an article's public address (web.Permalink in
	// the site's time zone), to link each comment to its article; nil
	// shows article titles without links.
	ArticlePath func(model.Article) string
	// Logger receives the log; nil discards it. Nothing logged at INFO
	// names a commenter's email address.
	Logger *slog.Logger
	// Secure marks the session cookie Secure: set it when the site is
	// served over HTTPS.
	Secure bool
	// ClientIP names the client of a request for login throttling and
	// staff replies; the web layer passes its trusted-proxy-aware
	// function. Nil means the peer's address.
	ClientIP func(*http.Request) string
	// Now is the clock (closing comments after N days); nil means
	// time.Now.
	Now func() time.Time
	// Limits are the comment form's length limits an edit or a reply is
	// held to; zero fields take comments.DefaultLimits.
	Limits comments.Limits
	// MaxBodyBytes bounds the body of a form post (413 beyond it); zero
	// means DefaultMaxBodyBytes. The discussion settings form may post
	// 16 times as much.
	MaxBodyBytes int64
	// Scheduled is called after the desk schedules an article, so the
	// publisher (desk.Publisher.Kick) looks at the schedule again; nil
	// leaves it to the publisher's own rounds.
	Scheduled func()
	// Feeds finds, previews and subscribes feeds for the sources pages
	// (an *ingest.Ingester over the guarded fetch client); nil leaves
	// adding and importing sources out.
	Feeds Feeds
}

// server holds what every admin handler needs.
type server struct {
	st       Store
	auth     *auth.Manager
	site     site.Settings
	live     *site.Live // nil: site for the life of the server
	log      *slog.Logger
	secure   bool
	clientIP func(*http.Request) string
	now      func() time.Time
	limits   comments.Limits
	maxBody  int64
	pages    *pageSet
	table    []route // every signed-in route, as registered
	feeds    Feeds

	articleURL func(model.Article) string
	scheduled  func()
}

// New returns the admin area's handler. It serves paths under /admin/
// as the request names them (mount it at /admin/ without stripping the
// prefix).
func New(opts Options) (http.Handler, error) {
	s, err := newServer(opts)
	if err != nil {
		return nil, err
	}
	return s.withMiddleware(s.routes()), nil
}

// newServer checks the options and builds the server behind New, its
// routes not yet registered.
func newServer(opts Options) (*server, error) {
	if opts.Store == nil {
		return nil, errors.New("admin: a store is required")
	}
	if opts.Auth == nil {
		return nil, errors.New("admin: an auth manager is required")
	}
	if opts.MaxBodyBytes < 0 {
		return nil, fmt.Errorf("admin: negative MaxBodyBytes %d", opts.MaxBodyBytes)
	}
	s := &server{
		st:       opts.Store,
		auth:     opts.Auth,
		site:     opts.Site,
		live:     opts.Live,
		log:      opts.Logger,
		secure:   opts.Secure,
		clientIP: opts.ClientIP,
		now:      opts.Now,
		limits:   opts.Limits,
		maxBody:  opts.MaxBodyBytes,
		feeds:    opts.Feeds,

		articleURL: opts.ArticlePath,
		scheduled:  opts.Scheduled,
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.clientIP == nil {
		s.clientIP = peerAddr
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.maxBody == 0 {
		s.maxBody = DefaultMaxBodyBytes
	}
	if s.site.Location == nil {
		s.site.Location = time.UTC
	}
	if s.site.Name == "" {
		s.site.Name = "newsdesk"
	}
	var err error
	if s.pages, err = loadPages(); err != nil {
		return nil, err
	}
	return s, nil
}

// peerAddr is the address of the connection's other end, without port.
func peerAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

func (s *server) routes() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /admin/static/{file}", serveStatic)
	mux.HandleFunc("GET /admin", func(w http.ResponseWriter, r *http.Request) { redirect(w, "/admin/") })
	mux.HandleFunc("GET /admin/login", s.page(s.handleLoginForm))
	mux.HandleFunc("POST /admin/login", s.page(s.handleLogin))
	s.handle(mux, "POST /admin/logout", anyStaff, s.handleLogout)

	s.handle(mux, "GET /admin/{$}", anyStaff, s.handleDashboard)
	s.handle(mux, "GET /admin/comments", moderators, s.handleComments)
	s.handle(mux, "POST /admin/comments/{id}/{action}", moderators, s.handleCommentAction)
	s.handle(mux, "GET /admin/comments/{id}/edit", moderators, s.handleEditForm)
	s.handle(mux, "POST /admin/comments/{id}/edit", moderators, s.handleEdit)
	s.handle(mux, "GET /admin/comments/{id}/reply", moderators, s.handleReplyForm)
	s.handle(mux, "POST /admin/comments/{id}/reply", moderators, s.handleReply)
	s.handle(mux, "POST /admin/articles/{id}/comments", moderators, s.handleCloseComments)
	s.handle(mux, "GET /admin/settings/discussion", admins, s.handleSettingsForm)
	s.handle(mux, "POST /admin/settings/discussion", admins, s.handleSettings)
	s.handle(mux, "GET /admin/audit", admins, s.handleAudit)

	// The desk's areas register their own routes.
	s.deskRoutes(mux)
	s.curationRoutes(mux)
	s.sourceRoutes(mux)
	s.accountRoutes(mux)
	s.tokenRoutes(mux)
	s.mediaRoutes(mux)

	// Anything else: a 404 (or 405) page, for signed-in staff only, so
	// the area's layout is not probed from outside.
	mux.HandleFunc("/", s.signedIn(anyStaff, s.handleUnknown))
	return mux
}

// route is one signed-in page of the admin area: its pattern and who may
// use it. The table lets tests walk every route with every role.
type route struct {
	Pattern string // "GET /admin/articles/{id}/edit"
	Access  access
}

// handle registers a page for signed-in staff with access a, and records
// it in the route table.
func (s *server) handle(mux *http.ServeMux, pattern string, a access, h func(http.ResponseWriter, *http.Request, *request) error) {
	s.table = append(s.table, route{pattern, a})
	mux.HandleFunc(pattern, s.signedIn(a, h))
}

// handleUnknown answers what no route matched.
func (s *server) handleUnknown(w http.ResponseWriter, r *http.Request, _ *request) error {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		return &httpError{http.StatusMethodNotAllowed, "This address does not accept that request."}
	}
	return errNotFound
}

// contentSecurityPolicy allows the admin area nothing but its own
// stylesheet, images and forms posting to itself, and only the scripts
// that carry this response's nonce (the pages' own, from
// /admin/static/): no inline handlers, no frames, no plug-ins, no outside
// resources. The nonce is new for every response.
func contentSecurityPolicy(nonce string) string {
	return "default-src 'none'; script-src 'nonce-" + nonce + "'; style-src 'self'; img-src 'self' data: blob:; " +
		"connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
}

// withMiddleware wraps the routes: every response carries the security
// and privacy headers, panics become a logged 500 page, and cross-origin
// state-changing requests are refused.
func (s *server) withMiddleware(mux http.Handler) http.Handler {
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, r, nil, &httpError{http.StatusForbidden, "This request came from another site and was refused."})
	}))
	return s.securityHeaders(s.recoverPanics(cop.Handler(mux)))
}

// securityHeaders sets the headers every admin response carries: the
// pages hold personal data, so nothing caches or indexes them, and no
// other site may frame them or learn their addresses as a referrer.
func (s *server) securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		nonce, err := newScriptNonce()
		if err != nil {
			s.log.Error("admin: make a script nonce", "err", err)
			http.Error(w, "Internal Server Error", http.StatusInternalServerError)
			return
		}
		r = r.WithContext(context.WithValue(r.Context(), nonceKey{}, nonce))
		h := w.Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy(nonce))
		h.Set("X-Frame-Options", "DENY")
		h.Set("Cache-Control", "no-store")
		h.Set("X-Robots-Tag", "noindex, nofollow")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Cross-Origin-Resource-Policy", "same-origin")
		next.ServeHTTP(w, r)
	})
}

// nonceKey carries a response's script nonce in its request's context.
type nonceKey struct{}

// newScriptNonce returns 128 random bits for a CSP nonce, in the URL-safe
// base64 alphabet (which CSP allows): no "+" for html/template to escape
// as &#43; in the nonce attribute.
func newScriptNonce() (string, error) {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b[:]), nil
}

// scriptNonce is the nonce the response to r allows scripts with.
func scriptNonce(r *http.Request) string {
	n, _ := r.Context().Value(nonceKey{}).(string)
	return n
}

// recoverPanics turns a panicking handler into a logged 500.
func (s *server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			v := recover()
			if v == nil {
				return
			}
			if err, ok := v.(error); ok && errors.Is(err, http.ErrAbortHandler) {
				panic(v)
			}
			s.log.Error("admin: panic serving request", "method", r.Method, "path", r.URL.Path,
				"panic", v, "stack", string(debug.Stack()))
			s.fail(w, r, nil, errors.New("panic"))
		}()
		next.ServeHTTP(w, r)
	})
}
