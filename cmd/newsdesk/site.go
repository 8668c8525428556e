package main

import (
	"context"
	"log/slog"
	"net/http"

	"github.com/newsdesk/newsdesk/internal/site"
	"github.com/newsdesk/newsdesk/internal/store"
	"github.com/newsdesk/newsdesk/internal/web"
)

// newSiteHandler builds the public site over st (ready may be nil:
// always ready), whose search index it first brings to the site's
// language (re-indexing when that changed).
func newSiteHandler(ctx context.Context, s site.Settings, st store.Store, log *slog.Logger, ready func() bool) (http.Handler, error) {
	if err := st.UseSearchLanguage(ctx, s.Language); err != nil {
		return nil, err
	}
	return web.New(web.Options{Site: s, Store: st, Logger: log, Ready: ready, SearchHalfLife: s.SearchHalfLife,
		TrustedProxies: s.TrustedProxies})
}
