package admin

import (
	"context"
	"net/http"
	"time"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

// curationStore is what the front-page pages need of the store.
type curationStore interface {
	SetArticleHidden(ctx context.Context, id int64, hidden bool) error
	SetArticleFeatured(ctx context.Context, id int64, featured bool, at time.Time) error
	FeaturedArticles(ctx context.Context, limit int) ([]model.Article, error)
	HiddenArticles(ctx context.Context, f store.ArticleFilter) ([]model.Article, string, error)
	SetArticleCategory(ctx context.Context, id int64, name string) (model.Category, error)
	SetStoryHidden(ctx context.Context, id int64, hidden bool) error
	PinStory(ctx context.Context, id int64, at time.Time) error
	UnpinStory(ctx context.Context, id int64) error
	ReorderPins(ctx context.Context, ids []int64) error
	PinnedStories(ctx context.Context) ([]model.Story, error)
	HiddenStories(ctx context.Context, limit int) ([]model.Story, error)
	GetStory(ctx context.Context, id int64) (model.Story, error)
	ListStories(ctx context.Context, f store.StoryFilter) ([]model.Story, string, error)
	SearchArticles(ctx context.Context, q store.SearchQuery) (store.SearchResult, error)
}

// curationRoutes registers the front-page pages: what readers see first
// (pinned and top stories, featured articles), the aggregated articles
// to feature, hide or refile, and what is hidden, to restore.
func (s *server) curationRoutes(mux *http.ServeMux) {
	s.handle(mux, "GET /admin/curation", editors, s.handleCuration)
	s.handle(mux, "POST /admin/curation/articles/{id}/category", editors, s.handleArticleCategory)
	s.handle(mux, "POST /admin/curation/articles/{id}/{action}", editors, s.handleArticleCuration)
	s.handle(mux, "POST /admin/curation/stories/{id}/{action}", editors, s.handleStoryCuration)
}
