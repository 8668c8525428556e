package admin_test

import (
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/newsdesk/newsdesk/internal/admin"
	"github.com/newsdesk/newsdesk/internal/auth"
	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/site"
	"github.com/newsdesk/newsdesk/internal/store"
	"github.com/newsdesk/newsdesk/internal/store/storetest"
)

// clock is a settable time shared by the auth manager and the admin area.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// fixture is the admin area served over a real store.
type fixture struct {
	t       *testing.T
	st      store.Store
	mgr     *auth.Manager
	srv     *httptest.Server
	clock   *clock
	article model.Article
	client  *http.Client
	users   int
}

type fixtureOptions struct {
	store    store.Store
	throttle auth.ThrottleOptions
	change   func(*admin.Options)
}

func newFixture(t *testing.T, fo ...fixtureOptions) *fixture {
	t.Helper()
	var o fixtureOptions
	if len(fo) > 0 {
		o = fo[0]
	}
	if o.store == nil {
		o.store = storetest.NewSQLiteCopy(t)
	}
	clk := &clock{t: time.Now().UTC().Truncate(time.Second)}
	mgr, err := auth.NewManager(o.store, auth.Options{Now: clk.Now, Throttle: o.throttle, SessionTTL: 24 * time.Hour, TestHashing: true})
	if err != nil {
		t.Fatal(err)
	}
	opts := admin.Options{
		Store: o.store,
		Auth:  mgr,
		Site:  site.Settings{Name: "The Harbor Gazette", Location: time.UTC, BaseURL: "https://news.example.org"},
		Now:   clk.Now,
		ArticlePath: func(a model.Article) string {
			return "/" + a.PublishedAt.Format("2006/01/02") + "/" + a.Slug + "/"
		},
	}
	if o.change != nil {
		o.change(&opts)
	}
	h, err := admin.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	f := &fixture{t: t, st: o.store, mgr: mgr, srv: srv, clock: clk,
		client: &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	src, err := o.store.AddSource(t.Context(), model.Source{FeedURL: "https://wire.example/feed.xml", Name: "Wire"})
	if err != nil {
		t.Fatal(err)
	}
	res, err := o.store.SaveArticles(t.Context(), src.ID, []model.Article{{
		GUID: "a1", URL: "https://wire.example/harbor", Title: "Harbor reopens after the storm",
		Excerpt: "The harbor reopened.", ContentHTML: "<p>The harbor reopened.</p>", ContentText: "The harbor reopened.",
		PublishedAt: clk.Now().Add(-time.Hour), Kind: model.KindAggregated,
	}})
	if err != nil {
		t.Fatal(err)
	}
	if f.article, err = o.store.GetArticle(t.Context(), res.IDs[0]); err != nil {
		t.Fatal(err)
	}
	return f
}

// signIn makes a user with role and a live session for them, without
// hashing a password, and returns the session cookie.
func (f *fixture) signIn(role model.Role, name string) (*http.Cookie, model.User) {
	f.t.Helper()
	f.users++
	u, err := f.st.AddUser(f.t.Context(), model.User{
		Email: fmt.Sprintf("%s%d@newsroom.example", role, f.users), Name: name, Role: role,
		PasswordHash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g",
	})
	if err != nil {
		f.t.Fatal(err)
	}
	var raw [32]byte
	rand.Read(raw[:])
	token := base64.RawURLEncoding.EncodeToString(raw[:])
	now := f.clock.Now()
	if err := f.st.CreateSession(f.t.Context(), model.Session{TokenHash: auth.HashToken(token), UserID: u.ID,
		Created: now, Expires: now.Add(time.Hour)}); err != nil {
		f.t.Fatal(err)
	}
	return &http.Cookie{Name: auth.SessionCookieName, Value: token}, u
}

// do sends a request with an optional cookie and returns the response
// with its body read.
func (f *fixture) do(req *http.Request, c *http.Cookie) (*http.Response, string) {
	f.t.Helper()
	if c != nil {
		req.AddCookie(c)
	}
	resp, err := f.client.Do(req)
	if err != nil {
		f.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		f.t.Fatal(err)
	}
	return resp, string(b)
}

func (f *fixture) get(path string, c *http.Cookie) (*http.Response, string) {
	f.t.Helper()
	req, err := http.NewRequest(http.MethodGet, f.srv.URL+path, nil)
	if err != nil {
		f.t.Fatal(err)
	}
	return f.do(req, c)
}

func (f *fixture) post(path string, c *http.Cookie, form url.Values) (*http.Response, string) {
	f.t.Helper()
	req, err := http.NewRequest(http.MethodPost, f.srv.URL+path, strings.NewReader(form.Encode()))
	if err != nil {
		f.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return f.do(req, c)
}

// csrf reads the form token of c's session from the dashboard.
func (f *fixture) csrf(c *http.Cookie) string {
	f.t.Helper()
	resp, body := f.get("/admin/", c)
	if resp.StatusCode != http.StatusOK {
		f.t.Fatalf("dashboard: %d", resp.StatusCode)
	}
	v, ok := parse(f.t, body).Find(`input[name="csrf"]`).Attr("value")
	if !ok || v == "" {
		f.t.Fatal("no csrf field on the dashboard")
	}
	return v
}

// addComment stores a comment on the fixture's article.
func (f *fixture) addComment(c model.Comment) model.Comment {
	f.t.Helper()
	if c.ArticleID == 0 {
		c.ArticleID = f.article.ID
	}
	if c.Name == "" {
		c.Name = "Reader"
	}
	if c.Email == "" {
		c.Email = "reader@example.net"
	}
	if c.Body == "" {
		c.Body = "A fine article."
	}
	if c.Status == "" {
		c.Status = model.CommentPending
	}
	if c.ClientIP == "" {
		c.ClientIP = "198.51.100.7"
	}
	stored, err := f.st.AddComment(f.t.Context(), c)
	if err != nil {
		f.t.Fatal(err)
	}
	return stored
}

func (f *fixture) comment(id int64) model.Comment {
	f.t.Helper()
	c, err := f.st.GetComment(f.t.Context(), id)
	if err != nil {
		f.t.Fatal(err)
	}
	return c
}

func (f *fixture) articleComments() int {
	f.t.Helper()
	a, err := f.st.GetArticle(f.t.Context(), f.article.ID)
	if err != nil {
		f.t.Fatal(err)
	}
	return a.Comments
}

func parse(t *testing.T, body string) *goquery.Document {
	t.Helper()
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func wantStatus(t *testing.T, resp *http.Response, want int) {
	t.Helper()
	if resp.StatusCode != want {
		t.Fatalf("%s %s: status %d, want %d", resp.Request.Method, resp.Request.URL.Path, resp.StatusCode, want)
	}
}

func wantRedirect(t *testing.T, resp *http.Response, want string) {
	t.Helper()
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("%s %s: status %d, want 303 to %s", resp.Request.Method, resp.Request.URL, resp.StatusCode, want)
	}
	if got := resp.Header.Get("Location"); got != want {
		t.Fatalf("%s %s: Location %q, want %q", resp.Request.Method, resp.Request.URL, got, want)
	}
}
