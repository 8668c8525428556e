// Package store defines newsdesk's storage API. Each backend (sqlite,
// postgres) lives in its own package and implements Store; the
// conformance suite in storetest proves they behave the same. All SQL
// lives in the backend packages.
package store

import (
	"context"
	"errors"
	"time"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/search"
)

// Errors callers branch on, matched with errors.Is.
var (
	ErrNotFound  = errors.New("store: not found")
	ErrDuplicate = errors.New("store: already exists")
	ErrBadCursor = errors.New("store: invalid cursor")
)

// Store is everything newsdesk keeps. Consumers should declare the small
// subset they use as their own interface.
type Store interface {
	// AddSource stores a new source and returns it with its ID set.
	// A source whose feed URL is already stored fails with ErrDuplicate.
	AddSource(ctx context.Context, src model.Source) (model.Source, error)
	GetSource(ctx context.Context, id int64) (model.Source, error)
	// ListSources returns every source ordered by ID, with article counts.
	ListSources(ctx context.Context) ([]model.Source, error)
	// RemoveSource deletes a source and its articles.
	RemoveSource(ctx context.Context, id int64) error
	// UpdateSourceMeta sets the name and site URL learned from the feed,
	// leaving blank values as they are.
	UpdateSourceMeta(ctx context.Context, id int64, name, siteURL string) error
	// SetSourceOptions sets a source's fetch interval (zero: the default;
	// else at least model.MinInterval) and extraction mode.
	SetSourceOptions(ctx context.Context, id int64, interval time.Duration, mode model.ExtractMode) error
	// RecordFetch stores the outcome of one fetch of a source and
	// completes its fetch job: the next is due at state.NextFetchAt, and
	// the lease on it (if any) ends.
	RecordFetch(ctx context.Context, id int64, state model.FetchState) error

	// Every source has exactly one fetch job, created with it, that says
	// when it is due next. Workers lease due jobs, renew the leases while
	// they work, and end them with RecordFetch (or ReleaseFetches when
	// they stop before an outcome). A lease left by a worker that died
	// expires, and the fetch is claimed again: no fetch is lost to a crash
	// or a restart.

	// ClaimFetches leases up to limit due jobs (due at or before now, not
	// held under a live lease) to owner until now+lease, the longest due
	// first, counting an attempt on each.
	ClaimFetches(ctx context.Context, owner string, now time.Time, lease time.Duration, limit int) ([]FetchJob, error)
	// ExtendLeases moves the end of owner's leases on ids to until.
	ExtendLeases(ctx context.Context, owner string, ids []int64, until time.Time) error
	// ReleaseFetches ends owner's leases on ids without an outcome; the
	// jobs stay due and the claim does not count as an attempt.
	ReleaseFetches(ctx context.Context, owner string, ids []int64) error

	// SaveArticles stores the new articles of one fetched feed in a single
	// transaction: either all of them are stored or none. Articles stored
	// already (the same GUID from this source, the same canonical URL, or
	// the same URL for an article with a canonical URL) are skipped and
	// counted as duplicates; one stored from another source records this
	// source as carrying it too (ArticleSourceStore) and is also counted
	// as linked. Categories are created by name as needed; a slug already
	// taken gets a numeric suffix.
	SaveArticles(ctx context.Context, sourceID int64, articles []model.Article) (SaveResult, error)
	GetArticle(ctx context.Context, id int64) (model.Article, error)
	GetArticleBySlug(ctx context.Context, slug string) (model.Article, error)
	// ListArticles returns a page of articles, newest first, without
	// their content bodies, and the cursor of the next page ("" at the end).
	ListArticles(ctx context.Context, f ArticleFilter) ([]model.Article, string, error)
	// KnownArticleURLs reports which of urls are stored already as an
	// article's URL or canonical URL, so ingest can skip fetching them.
	KnownArticleURLs(ctx context.Context, urls []string) (map[string]bool, error)
	// SearchArticles runs a full-text search (see SearchQuery).
	SearchArticles(ctx context.Context, q SearchQuery) (SearchResult, error)
	// UseSearchLanguage sets the language articles are analyzed in for
	// search (internal/search.Languages). When the index was built in
	// another language, every article is indexed again before it returns.
	UseSearchLanguage(ctx context.Context, lang string) error

	// ListCategories returns the categories with their article counts,
	// ordered by name.
	ListCategories(ctx context.Context) ([]model.Category, error)
	GetCategoryBySlug(ctx context.Context, slug string) (model.Category, error)

	ArticleSourceStore
	CommentStore
	StoryStore
	UserStore
	SettingStore
	AuditStore
	MediaStore
	DeskStore
	CurationStore
	AccountStore
	SlugHistoryStore
	ReaderStateStore
	ChangeStore
	AppTokenStore

	// Ping reports whether the database answers.
	Ping(ctx context.Context) error
	Close() error
}

// FetchJob is a leased fetch of one source.
type FetchJob struct {
	Source model.Source
	// Attempts counts the claims of this job since an outcome was last
	// recorded, this one included: more than one means earlier workers
	// died or stopped mid-fetch.
	Attempts int
}

// SaveResult counts what SaveArticles did.
type SaveResult struct {
	Inserted   int
	Duplicates int
	Linked     int     // duplicates of another source's articles, now recorded as carried by this one too
	IDs        []int64 // IDs of the inserted articles, in input order
}

// ArticleFilter selects articles for a listing. Zero values mean "any".
type ArticleFilter struct {
	CategorySlug string
	SourceID     int64
	WithImage    bool // only articles with a lead image
	ExcludeIDs   []int64
	Since        time.Time // published at or after
	Limit        int       // 1..100; 0 means 20
	Cursor       string    // from a previous page
}

// SearchQuery is a full-text search with filters. The text was parsed
// by internal/search with the analyzer the store indexes with (see
// UseSearchLanguage): every clause must hold; a term matches its words
// (stemmed, unless Exact) in one of the chosen fields, a phrase its words
// in a row within one field, a prefix term the start of a word as
// written (folded, not stemmed). Negated clauses exclude. A query with
// no clauses lists the filtered articles, newest first; one with only
// negated clauses matches nothing. Zero filter values mean "any".
type SearchQuery struct {
	Query      search.Query
	Fields     SearchFields // where terms may match; zero means every field
	Exact      bool         // whole words as written: no stemming
	Categories []string     // category slugs; any of them
	Sources    []int64      // source IDs; any of them
	Since      time.Time    // published at or after
	Until      time.Time    // published before
	Kind       model.Kind   // original or aggregated; "" for both
	// Newest sorts by publication time instead of relevance.
	Newest bool
	// HalfLife is the age at which an article's recency boost halves:
	// relevance is multiplied by 1 + 2^(-age/HalfLife), so a fresh
	// article counts up to twice an old one of the same text score.
	// Zero means DefaultHalfLife.
	HalfLife time.Duration
	Now      time.Time // the instant ages are measured from; zero: now
	// Facets asks for hit counts per category and per source. Each
	// dimension is counted with every filter but its own, so a reader
	// sees what choosing another category or source would give.
	Facets bool
	// CountUpTo bounds how far a text search counts its hits: at most
	// MaxCount, the default. Live search, which shows no count, asks for
	// no more than RankWindow, which a backend may then count from the
	// ranked window itself instead of a second pass.
	CountUpTo int
	// Window is how many of the newest matches a relevance sort ranks:
	// RankWindow when zero (or more than it). Live search, which shows
	// eight hits, ranks LiveWindow.
	Window int
	Limit  int // 1..100; 0 means 20
	Offset int
}

// RankWindow returns the number of newest matches q's relevance sort
// ranks.
func (q SearchQuery) RankWindow() int {
	if q.Window <= 0 || q.Window > RankWindow {
		return RankWindow
	}
	return q.Window
}

// Bounds that keep a text search's work independent of how many
// articles match (see SearchResult).
const (
	RankWindow = 2000
	LiveWindow = 500
	MaxCount   = 10000
)

// DefaultHalfLife is the recency half-life of relevance ranking.
const DefaultHalfLife = 7 * 24 * time.Hour

// SearchFields is a set of the article fields a search looks in.
type SearchFields uint8

// The searchable fields; combine them with |.
const (
	FieldTitle   SearchFields = 1 << iota
	FieldExcerpt              // the summary shown under the headline
	FieldContent              // the article's plain text

	AllFields = FieldTitle | FieldExcerpt | FieldContent
)

// Has reports whether f searches field. A set naming none of the fields
// searches all of them, as the zero SearchQuery does.
func (f SearchFields) Has(field SearchFields) bool {
	return f&AllFields == 0 || f&field != 0
}

// SearchResult is one page of search hits, best first, with their
// plain text (ContentText) for snippets, the total number of hits and,
// when asked, the facets.
//
// A text search stays fast however common its words: it ranks by
// relevance the RankWindow matches stored last (for a news site, the
// recent ones; a rarer query's matches are all of them), counts at most
// MaxCount matches (Capped says there may be more) and counts facets
// over those same matches.
type SearchResult struct {
	Total      int
	Capped     bool // Total reached MaxCount: there may be more hits
	Items      []model.Article
	Categories []Facet // by count, then name
	Sources    []Facet // by count, then name
}

// Facet is the number of hits in one category or from one source.
type Facet struct {
	Key   string // category slug, or source ID in decimal
	Name  string
	Count int
}

// Limits for listings.
const (
	DefaultLimit = 20
	MaxLimit     = 100
)

// ClampLimit applies DefaultLimit and MaxLimit to a requested page size.
func ClampLimit(n int) int {
	switch {
	case n <= 0:
		return DefaultLimit
	case n > MaxLimit:
		return MaxLimit
	}
	return n
}
