package main

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"time"

	"github.com/newsdesk/newsdesk/internal/admin"
	"github.com/newsdesk/newsdesk/internal/auth"
	"github.com/newsdesk/newsdesk/internal/comments"
	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/readerapi"
	"github.com/newsdesk/newsdesk/internal/site"
	"github.com/newsdesk/newsdesk/internal/store"
	"github.com/newsdesk/newsdesk/internal/web"
)

// siteOptions are what serve and demo give the site beyond its settings.
type siteOptions struct {
	ready    func() bool       // nil: always ready
	notifier comments.Notifier // nil: no email to moderators
	// feeds reads feeds for the admin's sources pages (the ingester,
	// over the guarded client of --allow-private); nil: no adding there.
	feeds admin.Feeds
	// live holds the site settings in force; nil makes one from the
	// settings given. Either way it is brought up to date from the store
	// first and then every site.DefaultRefresh, until ctx is done.
	live *site.Live
	// scheduled is called after the desk schedules an article (the
	// publisher's Kick); nil: the publisher's own rounds find it.
	scheduled func()
	// renderCache is the render cache's memory in bytes; 0: off.
	renderCache int64
}

// newSiteHandler builds the public site over st, with the admin area
// mounted at /admin/, after bringing the search index to the site's
// language (re-indexing when that changed).
func newSiteHandler(ctx context.Context, s site.Settings, st store.Store, log *slog.Logger, o siteOptions) (http.Handler, error) {
	if err := st.UseSearchLanguage(ctx, s.Language); err != nil {
		return nil, err
	}
	mgr, err := auth.NewManager(st, auth.Options{})
	if err != nil {
		return nil, err
	}
	// Stored settings override the starting ones (flags, environment,
	// config file), here and on every node sharing the database.
	live := o.live
	if live == nil {
		live = site.NewLive(s)
	}
	errs, err := live.Refresh(ctx, st)
	if err != nil {
		return nil, fmt.Errorf("read stored site settings: %w", err)
	}
	for k, e := range errs {
		log.Warn("stored site setting refused; the starting value stays", "key", k, "err", e)
	}
	go live.Run(ctx, st, site.DefaultRefresh, log)
	// The cookie's name and Secure follow the base URL in force at start:
	// switching them while running would sign everyone out.
	secure := strings.HasPrefix(strings.ToLower(live.Load().BaseURL), "https://")
	adm, err := admin.New(admin.Options{
		Store:       st,
		Auth:        mgr,
		Site:        s,
		Live:        live,
		Logger:      log,
		Secure:      secure,
		ClientIP:    adminClientIP(s.TrustedProxies),
		ArticlePath: func(a model.Article) string { return web.Permalink(a, live.Load().Location) },
		Feeds:       o.feeds,
		Scheduled:   o.scheduled,
	})
	if err != nil {
		return nil, err
	}
	// App tokens let scripts write through the JSON API as their account.
	tokens, err := auth.NewTokens(st, auth.TokenOptions{})
	if err != nil {
		return nil, err
	}
	rd, err := newReaderAPI(st, tokens, live, log, s.TrustedProxies, o.feeds)
	if err != nil {
		return nil, err
	}
	return web.New(web.Options{Site: s, Live: live, Store: st, Logger: log, Ready: o.ready, SearchHalfLife: s.SearchHalfLife,
		TrustedProxies: s.TrustedProxies, Notifier: o.notifier, Admin: adm, Reader: rd, RenderCache: o.renderCache,
		Writes: &web.APIWrites{Tokens: tokens, Store: st, Scheduled: o.scheduled}})
}

// adminClientIP names the client of an admin request for login
// throttling as the rest of the site does: the peer, or behind one of the
// trusted proxies the address it forwarded for; "" when unknown (then
// only the per-account limit applies).
func adminClientIP(trusted []netip.Prefix) func(*http.Request) string {
	return func(r *http.Request) string {
		a, ok := web.ClientAddr(r, trusted)
		if !ok {
			return ""
		}
		return a.String()
	}
}

// smtpHelloName is the name the site greets an SMTP server with: the
// host of its base URL when that is a name, else "localhost".
func smtpHelloName(baseURL string) string {
	u, err := url.Parse(baseURL)
	if err != nil || u.Hostname() == "" {
		return "localhost"
	}
	if _, err := netip.ParseAddr(u.Hostname()); err == nil {
		return "localhost"
	}
	return u.Hostname()
}

// expireSessions deletes the expired admin sessions now and then every
// interval until ctx is done.
func expireSessions(ctx context.Context, st store.Store, log *slog.Logger, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		if err := st.DeleteExpiredSessions(ctx, time.Now()); err != nil && ctx.Err() == nil {
			log.Warn("delete expired sessions", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// demoAdminEmail is the demo's admin account.
const demoAdminEmail = "demo@newsdesk.invalid"

// demoAdmin gives the demo's admin account a fresh random password,
// creating the account on first use, and returns the password. Only the
// person who started the demo sees it; a password of an earlier run
// stops working (and its sessions end).
func demoAdmin(ctx context.Context, st store.Store) (string, error) {
	var raw [18]byte
	if _, err := rand.Read(raw[:]); err != nil {
		return "", err
	}
	pw := base64.RawURLEncoding.EncodeToString(raw[:])
	mgr, err := auth.NewManager(st, auth.Options{})
	if err != nil {
		return "", err
	}
	_, err = mgr.CreateUser(ctx, demoAdminEmail, "Demo Admin", model.RoleAdmin, pw)
	if errors.Is(err, auth.ErrEmailTaken) {
		u, err := st.GetUserByEmail(ctx, demoAdminEmail)
		if err != nil {
			return "", fmt.Errorf("demo admin: %w", err)
		}
		if u.Role != model.RoleAdmin {
			return "", fmt.Errorf("demo admin: %s exists with role %s, not admin", demoAdminEmail, u.Role)
		}
		if err := mgr.SetPassword(ctx, u.ID, pw); err != nil {
			return "", fmt.Errorf("demo admin: %w", err)
		}
		return pw, nil
	}
	if err != nil {
		return "", fmt.Errorf("demo admin: %w", err)
	}
	return pw, nil
}

// newReaderAPI builds the reading apps' APIs (Google Reader and Fever):
// signed in with reader app tokens, checked by the same Tokens as the
// JSON API's writes (so a client guessing at one is locked out of both),
// throttled per client as the admin
// area is, with article addresses on the site for the newsroom's own,
// and adding sources from an app (editors and admins only) through the
// ingester when there is one.
func newReaderAPI(st store.Store, tokens *auth.Tokens, live *site.Live, log *slog.Logger, trusted []netip.Prefix, feeds admin.Feeds) (http.Handler, error) {
	sub, _ := feeds.(readerapi.Subscriber)
	return readerapi.New(readerapi.Options{
		Store:    st,
		Tokens:   tokens,
		Settings: live.Load,
		ArticleURL: func(a model.Article) string {
			if a.Kind == model.KindOriginal || a.URL == "" {
				cur := live.Load()
				return strings.TrimRight(cur.BaseURL, "/") + web.Permalink(a, cur.Location)
			}
			return a.URL
		},
		ClientIP:   adminClientIP(trusted),
		Subscriber: sub,
		Logger:     log,
	})
}
