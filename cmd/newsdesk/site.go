package main

import (
	"log/slog"
	"net/http"

	"github.com/newsdesk/newsdesk/internal/site"
	"github.com/newsdesk/newsdesk/internal/store"
	"github.com/newsdesk/newsdesk/internal/web"
)

// newSiteHandler builds the public site. ready may be nil (always ready).
func newSiteHandler(s site.Settings, st store.Store, log *slog.Logger, ready func() bool) (http.Handler, error) {
	return web.New(web.Options{Site: s, Store: st, Logger: log, Ready: ready})
}
