package admin

import (
	"context"
	"net/http"
	"time"

	"github.com/newsdesk/newsdesk/internal/model"
)

// accountStore is what the account area (your account, users, site
// settings) needs of the store.
type accountStore interface {
	GetUser(ctx context.Context, id int64) (model.User, error)
	ListUsers(ctx context.Context) ([]model.User, error)
	SetUserRole(ctx context.Context, id int64, role model.Role) error
	SetUserDisabled(ctx context.Context, id int64, disabled bool) error
	DeleteUser(ctx context.Context, id int64) error
	ListSessions(ctx context.Context, userID int64, now time.Time) ([]model.Session, error)
	DeleteOtherSessions(ctx context.Context, userID int64, keepTokenHash string) (int, error)
}

// accountRoutes registers the account area's pages.
func (s *server) accountRoutes(mux *http.ServeMux) {
	s.handle(mux, "GET /admin/account", anyStaff, s.handleAccount)
	s.handle(mux, "POST /admin/account/password", anyStaff, s.handleAccountPassword)
	s.handle(mux, "POST /admin/account/sessions", anyStaff, s.handleAccountSessions)

	s.handle(mux, "GET /admin/users", admins, s.handleUsers)
	s.handle(mux, "GET /admin/users/new", admins, s.handleUserNewForm)
	s.handle(mux, "POST /admin/users", admins, s.handleUserCreate)
	s.handle(mux, "GET /admin/users/{id}", admins, s.handleUser)
	s.handle(mux, "POST /admin/users/{id}/{action}", admins, s.handleUserAction)

	s.handle(mux, "GET /admin/settings", admins, s.handleSiteSettingsForm)
	s.handle(mux, "POST /admin/settings", admins, s.handleSiteSettings)
	s.handle(mux, "POST /admin/comments/bulk", moderators, s.handleCommentsBulk)
}
