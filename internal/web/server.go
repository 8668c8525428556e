// Package web serves the reader's website and the JSON API: the home page,
// sections, sources, article permalinks, search, the small informational
// pages and /api/v1. Pages are rendered on the server from embedded
// templates so they work without JavaScript.
package web

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/netip"
	"strings"
	"time"

	"github.com/newsdesk/newsdesk/internal/comments"
	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/search"
	"github.com/newsdesk/newsdesk/internal/site"
	"github.com/newsdesk/newsdesk/internal/store"
)

// Store is the part of store.Store the website reads from.
type Store interface {
	GetArticle(ctx context.Context, id int64) (model.Article, error)
	GetArticleBySlug(ctx context.Context, slug string) (model.Article, error)
	// ArticleByFormerSlug finds an article by an address it had before an
	// editor changed its slug, for a permanent redirect.
	ArticleByFormerSlug(ctx context.Context, slug string) (model.Article, error)
	ListArticles(ctx context.Context, f store.ArticleFilter) ([]model.Article, string, error)
	SearchArticles(ctx context.Context, q store.SearchQuery) (store.SearchResult, error)
	ListCategories(ctx context.Context) ([]model.Category, error)
	GetCategoryBySlug(ctx context.Context, slug string) (model.Category, error)
	ListSources(ctx context.Context) ([]model.Source, error)
	GetSource(ctx context.Context, id int64) (model.Source, error)
	Ping(ctx context.Context) error

	// Stories and entities: full coverage, the front page's top stories,
	// entity pages and tags.
	GetStory(ctx context.Context, id int64) (model.Story, error)
	ListStories(ctx context.Context, f store.StoryFilter) ([]model.Story, string, error)
	StoryArticles(ctx context.Context, storyID int64) ([]model.Article, error)
	StorySources(ctx context.Context, storyID int64) ([]model.StorySource, error)
	StoryEntities(ctx context.Context, storyID int64, limit int) ([]model.Entity, error)
	ArticleEntities(ctx context.Context, articleID int64) ([]model.Entity, error)
	GetEntityBySlug(ctx context.Context, slug string) (model.Entity, error)
	EntityStories(ctx context.Context, entityID int64, f store.StoryFilter) ([]model.Story, string, error)
	NearDuplicates(ctx context.Context, articleID int64) ([]model.Article, error)
	// PinnedStories and FeaturedArticles are the editors' choices for
	// the front page: stories pinned to the top, and their picks.
	PinnedStories(ctx context.Context) ([]model.Story, error)
	FeaturedArticles(ctx context.Context, limit int) ([]model.Article, error)
	// ArticleSources lists every source whose feed carried an article.
	ArticleSources(ctx context.Context, articleID int64) ([]model.ArticleSource, error)
	// GetImageVariant reads one size of an uploaded photo (/media/).
	GetImageVariant(ctx context.Context, imageID int64, width int) (model.Image, model.ImageVariant, error)
	// GetImage reads a photo's variant sizes, for link previews.
	GetImage(ctx context.Context, id int64) (model.Image, error)

	// Comments: the public thread, new comments and the rules' questions.
	AddComment(ctx context.Context, c model.Comment) (model.Comment, error)
	GetComment(ctx context.Context, id int64) (model.Comment, error)
	ListComments(ctx context.Context, f store.CommentFilter) ([]model.Comment, string, error)
	Thread(ctx context.Context, articleID int64, page, perPage int, newest bool) ([]model.Comment, int, error)
	CommentPage(ctx context.Context, id int64, perPage int, newest bool) (int, error)
	CommentActivity(ctx context.Context, q store.ActivityQuery) (store.Activity, error)
	// UsersWithRoles finds the moderators to notify of a held comment.
	UsersWithRoles(ctx context.Context, roles ...model.Role) ([]model.User, error)
	// Settings and SetSettings hold the discussion settings and the
	// comment form's secret.
	Settings(ctx context.Context) (map[string]string, error)
	SetSettings(ctx context.Context, kv map[string]string) error
	InitSetting(ctx context.Context, key, value string) (string, error)
}

// Options configure the website.
type Options struct {
	// Site is the settings the site starts with; when Live is set, every
	// request reads Live instead, so an admin's change applies at once.
	Site site.Settings
	// Live holds the settings in force (stored values over Site); nil
	// keeps Site for the life of the server.
	Live   *site.Live
	Store  Store
	Logger *slog.Logger // nil discards logs
	// Ready reports whether the rest of the process is up; /healthz
	// answers 200 only once it returns true. Nil means ready.
	Ready func() bool
	// Now is the clock pages date themselves with; nil means time.Now.
	Now func() time.Time
	// NavTTL is how long the category and source lists shown in every
	// page's header are reused before being read again: counting articles
	// per category on every request would cost more than the page itself.
	// Zero means 30 seconds; a negative value reads them on every request.
	NavTTL time.Duration
	// StoryTTL is how long what article pages show of a story (its
	// counts and the other outlets' first headlines) is reused before
	// being read again; clustering changes it only now and then. Zero
	// means 30 seconds; a negative value reads it on every request.
	StoryTTL time.Duration
	// SearchHalfLife is the age at which an article's recency boost in
	// relevance-ranked search halves; zero means store.DefaultHalfLife.
	SearchHalfLife time.Duration
	// SearchLimit bounds how often one client may search (the /search
	// page and /api/v1/search share it). The zero value means 10
	// searches a second with bursts of 30; a negative Rate turns the
	// limit off.
	SearchLimit RateLimit
	// TrustedProxies are the reverse proxies whose X-Forwarded-For header
	// names the client (see ParseTrustedProxies). Without them the site
	// takes no forwarding header on trust: behind a proxy every reader
	// would share the proxy's rate limits.
	TrustedProxies []netip.Prefix

	// Notifier tells moderators about comments held for them; nil sends
	// no notifications.
	Notifier comments.Notifier
	// Checker is an optional second opinion on new comments (an
	// Akismet-style service); it can only make the rules' verdict
	// stricter. Nil: the rules alone decide.
	Checker comments.Checker
	// Admin is the newsroom's area, served at /admin and under /admin/
	// behind the same security middleware; nil leaves those addresses
	// unanswered (404).
	Admin http.Handler
	// CommentLimit bounds how often one client may post the comment form:
	// a first line against floods, before any rule reads the database.
	// The zero value means one post every 6 seconds with bursts of 10; a
	// negative Rate turns the limit off. The discussion's own rules (one
	// comment per 15 seconds, hourly limits) apply behind it.
	CommentLimit RateLimit
	// RenderCache is the memory, in bytes, the render cache may hold
	// whole public responses in (rendercache.go); zero turns it off. It
	// needs a store with a change log (store.ChangeStore) and is off
	// without one.
	RenderCache int64
	// RenderCacheAge is the longest a response stays cached; zero means
	// an hour, the most a cached comment form's token may age.
	RenderCacheAge time.Duration
	// ChangePoll is how often the render cache reads the change log for
	// writes made elsewhere (other processes, background work); zero
	// means half a second.
	ChangePoll time.Duration
	// Writes enables the API's write operations for programs holding an
	// API token (api_write.go); without it they answer 405.
	Writes *APIWrites
	// SettingsTTL is how long the discussion settings (moderation rules,
	// threads per page, order) and the form secret are reused before
	// being read again from the store. Zero means 5 seconds; a negative
	// value reads them on every request.
	SettingsTTL time.Duration
	// Reader serves reading apps (internal/readerapi) at
	// /accounts/ClientLogin, under /reader/api/0/ and at /fever/; nil
	// leaves those addresses unanswered (404). Its answers are one
	// account's and say so (Cache-Control: private, no-store), so the
	// HTTP cache never tags or shares them.
	Reader http.Handler
}

// RateLimit is a token bucket: Burst requests at once, refilled at Rate
// requests a second.
type RateLimit struct {
	Rate  float64
	Burst int
}

// defaultSearchLimit lets a reader type quickly in the live search (a
// request every pause of the debounce) and page through results, while a
// script hammering the search is slowed to 10 requests a second.
var defaultSearchLimit = RateLimit{Rate: 10, Burst: 30}

// defaultCommentLimit lets a reader correct a form a few times in a row
// (every failed post counts), and slows a script to ten posts a minute;
// no person comments faster than the rules' flood interval allows anyway.
var defaultCommentLimit = RateLimit{Rate: 1.0 / 6, Burst: 10}

// server holds what every handler needs.
type server struct {
	// site is the settings at start; request code reads settings(),
	// which follows live.
	site   site.Settings
	live   *site.Live
	store  Store
	log    *slog.Logger
	ready  func() bool
	now    func() time.Time
	pages  *pageSet
	assets *assetSet
	nav    *navCache
	// stories caches what article pages show of their stories.
	stories *storyCache
	// analyzer parses search queries in the language the store's index
	// was built in (site.Settings.Language).
	analyzer *search.Analyzer
	halfLife time.Duration
	// searchLimiter is nil when searches are not rate-limited.
	searchLimiter *rateLimiter
	// trustedProxies may name the client in X-Forwarded-For.
	trustedProxies []netip.Prefix

	// discussion caches the discussion settings and the form secret.
	discussion *discussionCache
	// commentLimiter is nil when comment posts are not rate-limited.
	commentLimiter *rateLimiter
	notifier       comments.Notifier
	checker        comments.Checker
	admin          http.Handler
	reader         http.Handler
	// blankForm is the comment form most pages show, rendered once.
	blankForm *blankForm
	// notifySlots bounds the notifications in flight.
	notifySlots chan struct{}
	// writes is nil when the API takes no writes.
	writes *writes

	// rc and watch are the render cache and what keeps it true; nil when
	// it is off. rawStore is the store without the read recording that
	// store does for the cache.
	rc       *renderCache
	watch    *watcher
	rawStore Store

	// health answers /healthz and /readyz and logs database outages.
	health *health
}

// New builds the website's handler with its security middleware.
func New(opts Options) (http.Handler, error) {
	s, err := newServer(opts)
	if err != nil {
		return nil, err
	}
	return s.withMiddleware(s.handler()), nil
}

// handler sends /admin and everything under /admin/ to the admin area,
// the reading apps' addresses to the reader APIs, when there are those,
// and the rest to the site's routes. Both are kept off the route table,
// whose article permalinks (any four path segments) would otherwise
// overlap their addresses.
func (s *server) handler() http.Handler {
	mux := s.routes()
	if s.admin == nil && s.reader == nil {
		return mux
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := r.URL.Path
		if s.admin != nil && (p == "/admin" || strings.HasPrefix(p, "/admin/")) {
			s.admin.ServeHTTP(w, r)
			return
		}
		if s.reader != nil && (p == "/accounts/ClientLogin" || strings.HasPrefix(p, "/reader/api/0/") ||
			p == "/fever" || strings.HasPrefix(p, "/fever/")) {
			s.reader.ServeHTTP(w, r)
			return
		}
		mux.ServeHTTP(w, r)
	})
}

func newServer(opts Options) (*server, error) {
	if opts.Store == nil {
		return nil, errors.New("web: a store is required")
	}
	s := &server{
		site:  normalizeSettings(opts.Site),
		live:  opts.Live,
		store: opts.Store,
		log:   opts.Logger,
		ready: opts.Ready,
		now:   opts.Now,

		halfLife: opts.SearchHalfLife,
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.ready == nil {
		s.ready = func() bool { return true }
	}
	if s.now == nil {
		s.now = time.Now
	}
	var err error
	if s.analyzer, err = search.NewAnalyzer(s.site.Language); err != nil {
		return nil, fmt.Errorf("web: %w", err)
	}
	if s.assets, err = loadAssets(); err != nil {
		return nil, err
	}
	if s.pages, err = loadPages(s.assets); err != nil {
		return nil, err
	}
	if s.blankForm, err = newBlankForm(s.pages); err != nil {
		return nil, err
	}
	ttl := opts.NavTTL
	if ttl == 0 {
		ttl = 30 * time.Second
	}
	s.rawStore = s.store
	s.health = newHealth(s)
	feed, hasFeed := s.store.(changeFeed)
	if opts.RenderCache > 0 && hasFeed {
		// Handlers' reads are recorded as the cached responses' tags; the
		// navigation and discussion caches read the plain store (their
		// tables' changes empty the whole cache).
		s.store = recordingStore{s.store}
		s.rc = newRenderCache(opts.RenderCache, opts.RenderCacheAge, s.now)
		s.watch = newWatcher(feed, s.rc, s, opts.ChangePoll)
	}
	s.nav = newNavCache(s.rawStore, ttl, s.now)
	storyTTL := opts.StoryTTL
	if storyTTL == 0 {
		storyTTL = 30 * time.Second
	}
	if s.rc != nil {
		// Only fills read story summaries then, and a summary kept past
		// an invalidation would be cached again for an hour.
		storyTTL = -1
	}
	// Real time, not the site's clock: a TTL measures how long ago the
	// store was read.
	s.stories = newStoryCache(s.store, storyTTL, time.Now)
	s.trustedProxies = opts.TrustedProxies
	limit := opts.SearchLimit
	if limit == (RateLimit{}) {
		limit = defaultSearchLimit
	}
	if limit.Rate >= 0 {
		if limit.Rate == 0 || limit.Burst < 1 {
			return nil, fmt.Errorf("web: a search rate limit needs a positive rate and burst, not %+v", limit)
		}
		s.searchLimiter = newRateLimiter(limit, time.Now)
	}
	climit := opts.CommentLimit
	if climit == (RateLimit{}) {
		climit = defaultCommentLimit
	}
	if climit.Rate >= 0 {
		if climit.Rate == 0 || climit.Burst < 1 {
			return nil, fmt.Errorf("web: a comment rate limit needs a positive rate and burst, not %+v", climit)
		}
		s.commentLimiter = newRateLimiter(climit, time.Now)
	}
	sttl := opts.SettingsTTL
	if sttl == 0 {
		sttl = 5 * time.Second
	}
	s.discussion = newDiscussionCache(s.rawStore, sttl, s.log)
	s.notifier, s.checker, s.admin = opts.Notifier, opts.Checker, opts.Admin
	s.reader = opts.Reader
	s.notifySlots = make(chan struct{}, maxNotifying)
	if s.writes, err = newWrites(opts.Writes); err != nil {
		return nil, err
	}
	return s, nil
}

// normalizeSettings fills the settings a page cannot render without.
// settings returns the site settings in force for this request: the
// live ones (an admin's latest save) when there is a holder.
func (s *server) settings() site.Settings {
	if s.live == nil {
		return s.site
	}
	return normalizeSettings(s.live.Load())
}

func normalizeSettings(st site.Settings) site.Settings {
	if st.Location == nil {
		st.Location = time.UTC
	}
	st.BaseURL = strings.TrimRight(st.BaseURL, "/")
	if st.ShareTargets == nil {
		st.ShareTargets = site.AllShareTargets
	}
	return st
}

func (s *server) routes() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", s.page(s.handleHome))
	mux.HandleFunc("GET /category/{slug}", s.page(s.handleCategory))
	mux.HandleFunc("GET /source/{id}", s.page(s.handleSource))
	mux.HandleFunc("GET /search", s.limitSearch(s.page(s.handleSearch)))
	mux.HandleFunc("GET /about", s.page(s.handleAbout))
	mux.HandleFunc("GET /contact", s.page(s.handleContact))
	mux.HandleFunc("GET /privacy", s.page(s.handlePrivacy))
	mux.HandleFunc("GET /feeds", s.page(s.handleFeeds))
	mux.HandleFunc("GET /story/{id}", s.page(s.handleStory))
	mux.HandleFunc("GET /story/{id}/feed.rss", s.page(s.handleStoryRSS))
	mux.HandleFunc("GET /story/{id}/feed.atom", s.page(s.handleStoryAtom))
	mux.HandleFunc("GET /entity/{slug}", s.page(s.handleEntity))
	// Permalinks end in a slash; without it the handler redirects.
	mux.HandleFunc("GET /{yyyy}/{mm}/{dd}/{slug}/{$}", s.page(s.handleArticle))
	mux.HandleFunc("GET /{yyyy}/{mm}/{dd}/{slug}", s.page(s.handleArticle))
	mux.HandleFunc("GET /static/{name}", s.assets.serve)
	// Browsers ask for /favicon.ico whatever the page says; answer with
	// the site's icon instead of a 404 on every first visit.
	mux.HandleFunc("GET /favicon.ico", s.assets.serveFile("favicon.svg"))
	mux.HandleFunc("GET /media/{id}/{file}", s.page(s.handleMedia))

	mux.HandleFunc("GET /healthz", s.health.handleHealthz)
	mux.HandleFunc("GET /readyz", s.health.handleReadyz)
	mux.HandleFunc("GET /api/v1/articles", s.api(s.apiArticles))
	mux.HandleFunc("GET /api/v1/articles/{id}", s.api(s.apiArticle))
	mux.HandleFunc("GET /api/v1/stories", s.api(s.apiStories))
	mux.HandleFunc("GET /api/v1/stories/{id}", s.api(s.apiStory))
	mux.HandleFunc("GET /api/v1/categories", s.api(s.apiCategories))
	mux.HandleFunc("GET /api/v1/sources", s.api(s.apiSources))
	mux.HandleFunc("GET /api/v1/search", s.limitSearch(s.api(s.apiSearch)))
	mux.HandleFunc("GET /api/v1/articles/{id}/comments", s.api(s.apiComments))
	mux.HandleFunc("GET /api/v1/openapi.json", s.api(s.apiOpenAPI))
	s.writeRoutes(mux)

	// Comments: the form posts here; permalinks and feeds.
	mux.HandleFunc("POST /comments", s.limitComments(s.page(s.handlePostComment)))
	mux.HandleFunc("GET /comments/{id}", s.page(s.handleCommentLink))
	mux.HandleFunc("GET /comments/feed.rss", s.page(s.handleSiteCommentsRSS))
	mux.HandleFunc("GET /comments/feed.atom", s.page(s.handleSiteCommentsAtom))
	mux.HandleFunc("GET /{yyyy}/{mm}/{dd}/{slug}/comments.rss", s.page(s.handleArticleCommentsRSS))
	mux.HandleFunc("GET /{yyyy}/{mm}/{dd}/{slug}/comments.atom", s.page(s.handleArticleCommentsAtom))

	// News feeds, robots.txt and sitemaps (feeds_out.go, sitemap.go).
	s.feedRoutes(mux)

	// Everything else, framed as a page or as JSON under /api/.
	mux.HandleFunc("/", s.page(s.handleUnknown))
	return mux
}

// handleUnknown answers what no route matched: a 404, or a 405 for a
// method other than GET, since only the comment form takes posts.
func (s *server) handleUnknown(w http.ResponseWriter, r *http.Request) error {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		return &httpError{http.StatusMethodNotAllowed, "This address only answers GET requests."}
	}
	return errNotFound
}
