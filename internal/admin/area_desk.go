package admin

import (
	"context"
	"net/http"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

// deskStore is what the desk area needs of the store: the newsroom's
// own articles and their revisions (the public article and photos are
// read through the admin Store and mediaStore).
type deskStore interface {
	CreateDeskArticle(ctx context.Context, d model.DeskArticle, c store.DeskChange) (model.DeskArticle, error)
	SaveDeskArticle(ctx context.Context, d model.DeskArticle, c store.DeskChange) (model.DeskArticle, error)
	GetDeskArticle(ctx context.Context, id int64) (model.DeskArticle, error)
	ListDeskArticles(ctx context.Context, f store.DeskFilter) ([]model.DeskArticle, string, error)
	CountDeskArticles(ctx context.Context, authorID int64) (map[model.DeskStatus]int, error)
	DeleteDeskArticle(ctx context.Context, id int64) error
	ListDeskRevisions(ctx context.Context, deskID int64) ([]model.DeskRevision, error)
	GetDeskRevision(ctx context.Context, deskID, revisionID int64) (model.DeskRevision, error)
	ListCategories(ctx context.Context) ([]model.Category, error)
}

// deskRoutes registers the desk area's pages: writers reach them all,
// and each handler lets an author at their own articles only.
func (s *server) deskRoutes(mux *http.ServeMux) {
	s.handle(mux, "GET /admin/articles", writers, s.handleDeskList)
	s.handle(mux, "GET /admin/articles/new", writers, s.handleDeskNew)
	s.handle(mux, "POST /admin/articles", writers, s.handleDeskCreate)
	s.handle(mux, "POST /admin/articles/preview", writers, s.handleDeskPreview)
	s.handle(mux, "GET /admin/articles/{id}/edit", writers, s.handleDeskEdit)
	s.handle(mux, "POST /admin/articles/{id}", writers, s.handleDeskSave)
	s.handle(mux, "GET /admin/articles/{id}/revisions", writers, s.handleDeskRevisions)
	s.handle(mux, "GET /admin/articles/{id}/revisions/{rev}", writers, s.handleDeskRevision)
	s.handle(mux, "POST /admin/articles/{id}/revisions/{rev}/restore", writers, s.handleDeskRestore)
	s.handle(mux, "GET /admin/articles/{id}/delete", writers, s.handleDeskDeleteForm)
	s.handle(mux, "POST /admin/articles/{id}/delete", writers, s.handleDeskDelete)
}
