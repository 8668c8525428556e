package admin

import (
	"context"
	"net/http"
	"time"

	"github.com/newsdesk/newsdesk/internal/ingest"
	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/opml"
	"github.com/newsdesk/newsdesk/internal/parse"
	"github.com/newsdesk/newsdesk/internal/store"
)

// sourceStore is what the sources pages need of the store.
type sourceStore interface {
	AddSource(ctx context.Context, src model.Source) (model.Source, error)
	GetSource(ctx context.Context, id int64) (model.Source, error)
	ListSources(ctx context.Context) ([]model.Source, error)
	RemoveSource(ctx context.Context, id int64) error
	UpdateSourceMeta(ctx context.Context, id int64, name, siteURL string) error
	SetSourceOptions(ctx context.Context, id int64, interval time.Duration, mode model.ExtractMode) error
	SetSourceDisabled(ctx context.Context, id int64, disabled bool, now time.Time) error
	SetSourceCategory(ctx context.Context, id int64, category string) error
	KnownArticleURLs(ctx context.Context, urls []string) (map[string]bool, error)
	ListArticles(ctx context.Context, f store.ArticleFilter) ([]model.Article, string, error)
	ListCategories(ctx context.Context) ([]model.Category, error)
}

// Feeds reads feeds over the network for the sources pages; an
// *ingest.Ingester is one. Every request goes through the guarded fetch
// client it was built with.
type Feeds interface {
	// ResolveFeed returns the feed at rawURL, or the first working one
	// the page at rawURL announces, with its address.
	ResolveFeed(ctx context.Context, rawURL string) (string, *parse.Feed, error)
	// SubscribeAll adds every outline as a source, checking each feed.
	SubscribeAll(ctx context.Context, outlines []opml.Outline, workers int, done func()) []ingest.Subscribed
}

// sourceRoutes registers the sources pages: the list with each source's
// state, a source's settings, adding one after a preview of its feed,
// removing one, and OPML import and export.
func (s *server) sourceRoutes(mux *http.ServeMux) {
	s.handle(mux, "GET /admin/sources", editors, s.handleSources)
	s.handle(mux, "GET /admin/sources/new", editors, s.handleSourceNew)
	s.handle(mux, "POST /admin/sources/preview", editors, s.handleSourcePreview)
	s.handle(mux, "POST /admin/sources", editors, s.handleSourceAdd)
	s.handle(mux, "GET /admin/sources/export.opml", editors, s.handleSourcesExport)
	s.handle(mux, "POST /admin/sources/import", editors, s.handleSourcesImport)
	s.handle(mux, "GET /admin/sources/{id}", editors, s.handleSource)
	s.handle(mux, "POST /admin/sources/{id}", editors, s.handleSourceSave)
	s.handle(mux, "GET /admin/sources/{id}/remove", editors, s.handleSourceRemoveForm)
	s.handle(mux, "POST /admin/sources/{id}/remove", editors, s.handleSourceRemove)
}
