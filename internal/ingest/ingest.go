// Package ingest turns a source's feed into stored articles: fetch the
// feed through the guarded client, parse it, fetch and extract the full
// article where the feed carries only a summary, normalize and sanitize
// every item, and store the new ones in one transaction per feed.
package ingest

import (
	"context"
	"log/slog"
	"time"

	"github.com/newsdesk/newsdesk/internal/fetch"
	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

// Store is the part of the store ingest needs.
type Store interface {
	AddSource(ctx context.Context, src model.Source) (model.Source, error)
	GetSource(ctx context.Context, id int64) (model.Source, error)
	ListSources(ctx context.Context) ([]model.Source, error)
	UpdateSourceMeta(ctx context.Context, id int64, name, siteURL string) error
	RecordFetch(ctx context.Context, id int64, state model.FetchState) error
	SaveArticles(ctx context.Context, sourceID int64, articles []model.Article) (store.SaveResult, error)
	KnownArticleURLs(ctx context.Context, urls []string) (map[string]bool, error)
	SourceArticleURLs(ctx context.Context, sourceID int64, urls []string) (map[string]bool, error)
}

// Fetcher performs outbound GETs; *fetch.Client is the one implementation.
type Fetcher interface {
	Get(ctx context.Context, r fetch.Request) (*fetch.Response, error)
}

// Options tune an Ingester.
type Options struct {
	// Interval is the time between two fetches of a healthy source.
	Interval time.Duration
	// Workers bounds how many sources FetchAll fetches at once.
	Workers int
	// PerHost bounds how many sources of one host (name and port) are
	// fetched at once, across every caller: a server carrying many feeds
	// is not hit by all workers together. Default 2.
	PerHost int
	// Jitter spreads each source's next fetch by up to this fraction of
	// its interval, either way. Default 0.1; negative turns it off.
	Jitter float64
	// PageWorkers bounds how many article pages one feed fetches at once.
	PageWorkers int
	Logger      *slog.Logger
	Now         func() time.Time
	// Stored, when set, is called after a fetch stored new articles, with
	// their number: the stages behind ingest (clustering) start at once
	// instead of at their next poll. It must not block.
	Stored func(n int)
}

// Ingester runs fetches. It is safe for concurrent use.
type Ingester struct {
	store   Store
	fetcher Fetcher
	opts    Options
	log     *slog.Logger
	hosts   *hostGate
}

// New builds an Ingester.
func New(st Store, f Fetcher, opts Options) *Ingester {
	if opts.Interval <= 0 {
		opts.Interval = 15 * time.Minute
	}
	if opts.Workers <= 0 {
		opts.Workers = 4
	}
	if opts.PerHost <= 0 {
		opts.PerHost = 2
	}
	if opts.Jitter == 0 {
		opts.Jitter = 0.1
	}
	if opts.PageWorkers <= 0 {
		opts.PageWorkers = 4
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	return &Ingester{store: st, fetcher: f, opts: opts, log: opts.Logger, hosts: newHostGate(opts.PerHost)}
}

// Result is the outcome of fetching one source.
type Result struct {
	Source      model.Source
	Items       int // items in the feed
	Inserted    int
	Duplicates  int
	Linked      int      // duplicates of other sources' articles, now recorded as carried by this one too
	Skipped     []string // reasons items were dropped
	NotModified bool
	// MaxAge is the freshness the server or feed announced (Cache-Control
	// max-age, RSS ttl); the next fetch waits at least this long, within
	// limits.
	MaxAge time.Duration
	// ExtractFailed counts the article pages that could not be fetched
	// or extracted; their items were stored with what the feed carried.
	ExtractFailed int
	// Interrupted is set when the caller's context ended before the
	// fetch did: no outcome was recorded, and the source is still due.
	Interrupted bool
	Err         error
}
