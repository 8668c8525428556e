package main

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/newsdesk/newsdesk/internal/auth"
	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/site"
	"github.com/newsdesk/newsdesk/internal/store"
	"github.com/newsdesk/newsdesk/internal/store/storetest"
)

// siteServer serves newSiteHandler over a fresh SQLite store with an
// article and an admin account, as serve does.
type siteServer struct {
	t       *testing.T
	st      store.Store
	srv     *httptest.Server
	client  *http.Client
	article model.Article
	live    *site.Live
}

const adminPassword = "running the whole newsroom"

func newSiteServer(t *testing.T) *siteServer {
	t.Helper()
	ctx := t.Context()
	st := storetest.NewSQLiteCopy(t)
	src, err := st.AddSource(ctx, model.Source{FeedURL: "https://wire.example/feed.xml", Name: "Wire"})
	if err != nil {
		t.Fatal(err)
	}
	// Published at 23:30 UTC: the 24th in Tokyo, the 23rd in UTC.
	published := time.Date(2025, 3, 23, 23, 30, 0, 0, time.UTC)
	res, err := st.SaveArticles(ctx, src.ID, []model.Article{{GUID: "1", URL: "https://wire.example/a", Title: "Harbor reopens",
		Excerpt: "The harbor reopened.", ContentHTML: "<p>The harbor reopened.</p>", ContentText: "The harbor reopened.",
		PublishedAt: published, Kind: model.KindAggregated}})
	if err != nil {
		t.Fatal(err)
	}
	a, err := st.GetArticle(ctx, res.IDs[0])
	if err != nil {
		t.Fatal(err)
	}
	mgr, err := auth.NewManager(st, auth.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := mgr.CreateUser(ctx, "boss@newsroom.example", "Boss", model.RoleAdmin, adminPassword); err != nil {
		t.Fatal(err)
	}
	settings := site.Defaults()
	srv := httptest.NewUnstartedServer(nil)
	settings.BaseURL = "http://" + srv.Listener.Addr().String()
	live := site.NewLive(settings)
	h, err := newSiteHandler(ctx, settings, st, slog.New(slog.DiscardHandler), siteOptions{live: live})
	if err != nil {
		t.Fatal(err)
	}
	srv.Config.Handler = h
	srv.Start()
	t.Cleanup(srv.Close)
	return &siteServer{t: t, st: st, srv: srv, article: a, live: live,
		client: &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

func (s *siteServer) do(method, path string, form url.Values, cookie *http.Cookie, header http.Header) (*http.Response, string) {
	s.t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, s.srv.URL+path, body)
	if err != nil {
		s.t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for k, v := range header {
		req.Header[k] = v
	}
	if cookie != nil {
		req.AddCookie(cookie)
	}
	resp, err := s.client.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

// signIn signs the admin in and returns the session cookie and the form
// token of its pages.
func (s *siteServer) signIn() (*http.Cookie, string) {
	s.t.Helper()
	resp, _ := s.do(http.MethodPost, "/admin/login", url.Values{"email": {"boss@newsroom.example"}, "password": {adminPassword}}, nil, nil)
	var c *http.Cookie
	for _, rc := range resp.Cookies() {
		if rc.Name == auth.SessionCookieName {
			c = &http.Cookie{Name: rc.Name, Value: rc.Value}
		}
	}
	if c == nil {
		s.t.Fatalf("sign-in: %d, no session cookie", resp.StatusCode)
	}
	_, body := s.do(http.MethodGet, "/admin/settings", nil, c, nil)
	doc, _ := goquery.NewDocumentFromReader(strings.NewReader(body))
	csrf, _ := doc.Find(`input[name="csrf"]`).Attr("value")
	if csrf == "" {
		s.t.Fatal("no form token on the settings page")
	}
	return c, csrf
}

func (s *siteServer) settingsForm(csrf string) url.Values {
	return url.Values{"csrf": {csrf}, "name": {"newsdesk"}, "tagline": {"News"}, "phone": {"+1 555 0100"},
		"copyright": {"newsdesk"}, "timezone": {"UTC"}, "base_url": {s.srv.URL}, "share": {"x", "email"}, "allow_private": {""}}
}

func TestSiteSettings_ApplyToTheNextPublicPage(t *testing.T) {
	s := newSiteServer(t)
	c, csrf := s.signIn()
	_, home := s.do(http.MethodGet, "/", nil, nil, nil)
	if !strings.Contains(home, "newsdesk") || strings.Contains(home, "The Harbor Gazette") {
		t.Fatal("the home page does not show the starting name")
	}

	form := s.settingsForm(csrf)
	form.Set("name", "The Harbor Gazette")
	form.Set("timezone", "Asia/Tokyo")
	resp, _ := s.do(http.MethodPost, "/admin/settings", form, c, nil)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/admin/settings?saved=1" {
		t.Fatalf("save: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	// The very next public page: the new name, dates in Tokyo.
	_, home = s.do(http.MethodGet, "/", nil, nil, nil)
	doc, _ := goquery.NewDocumentFromReader(strings.NewReader(home))
	if title := doc.Find("title").Text(); !strings.Contains(title, "The Harbor Gazette") {
		t.Errorf("home page title %q, want the new name", title)
	}
	if !strings.Contains(home, "/2025/03/24/") {
		t.Error("the article's permalink is not dated in the new time zone (2025/03/24 in Tokyo)")
	}
	resp, page := s.do(http.MethodGet, "/2025/03/24/"+s.article.Slug+"/", nil, nil, nil)
	if resp.StatusCode != http.StatusOK || !strings.Contains(page, "The Harbor Gazette") {
		t.Errorf("article page in the new zone: %d", resp.StatusCode)
	}
	if got := s.live.Load(); got.Name != "The Harbor Gazette" || got.Location.String() != "Asia/Tokyo" ||
		strings.Join(got.ShareTargets, ",") != "x,email" {
		t.Errorf("live settings %+v", got)
	}
	kv, err := s.st.Settings(t.Context())
	if err != nil || kv[site.KeyName] != "The Harbor Gazette" || kv[site.KeyTimeZone] != "Asia/Tokyo" {
		t.Errorf("stored %v, %v", kv, err)
	}

	// Refused values: the message next to the field, nothing saved.
	for _, bad := range []struct{ field, value, want string }{
		{"timezone", "Mars/Base", "not a time zone"},
		{"base_url", "ftp://x", "http:// or https://"},
		{"allow_private", "10.0.0.0/8\nnot-a-network", "neither a CIDR"},
		{"name", "", "needs a name"},
	} {
		form := s.settingsForm(csrf)
		form.Set("name", "Renamed")
		form.Set(bad.field, bad.value)
		resp, body := s.do(http.MethodPost, "/admin/settings", form, c, nil)
		if resp.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("%s=%q: status %d, want 422", bad.field, bad.value, resp.StatusCode)
			continue
		}
		doc, _ := goquery.NewDocumentFromReader(strings.NewReader(body))
		msg := doc.Find("#" + bad.field + "-error").Text()
		if !strings.Contains(msg, bad.want) {
			t.Errorf("%s=%q: message next to the field %q, want %q", bad.field, bad.value, msg, bad.want)
		}
		if v, _ := doc.Find(`[name="timezone"]`).Attr("value"); bad.field == "timezone" && v != bad.value {
			t.Errorf("the refused value is not shown back as typed: %q", v)
		}
		if got := s.live.Load().Name; got != "The Harbor Gazette" {
			t.Errorf("%s=%q: a refused form changed the name to %q", bad.field, bad.value, got)
		}
	}
	if kv, _ := s.st.Settings(t.Context()); kv[site.KeyName] != "The Harbor Gazette" {
		t.Errorf("a refused form was stored: %v", kv)
	}

	// Without the form token: refused, nothing saved.
	form = s.settingsForm("")
	form.Set("name", "Forged")
	if resp, _ := s.do(http.MethodPost, "/admin/settings", form, c, nil); resp.StatusCode != http.StatusForbidden {
		t.Errorf("no form token: %d, want 403", resp.StatusCode)
	}
}

// Another process on the same database saves settings: Refresh (run
// every few seconds by serve) brings them in without a restart.
func TestSiteSettings_OtherProcessPickedUpByRefresh(t *testing.T) {
	s := newSiteServer(t)
	if err := s.st.SetSettings(t.Context(), map[string]string{site.KeyName: "Night Desk", site.KeyAllowPrivate: "10.0.0.0/8"}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.live.Refresh(context.Background(), s.st); err != nil {
		t.Fatal(err)
	}
	_, home := s.do(http.MethodGet, "/", nil, nil, nil)
	if !strings.Contains(home, "Night Desk") {
		t.Error("the home page does not show the name another process saved")
	}
	if got := s.live.Load().AllowPrivate; len(got) != 1 || got[0].String() != "10.0.0.0/8" {
		t.Errorf("allow-list in force %v", got)
	}
}

// Login throttling keys on the client the site trusts, not on a header
// the client chose: behind no trusted proxy, a made-up X-Forwarded-For
// neither escapes the per-client count nor resets it. Wrong password and
// unknown account give the very same answer.
func TestLogin_SpoofedForwardingHeaderAndLookAlikeAnswers(t *testing.T) {
	s := newSiteServer(t)
	post := func(email, spoof string) (*http.Response, string) {
		h := http.Header{}
		if spoof != "" {
			h.Set("X-Forwarded-For", spoof)
		}
		return s.do(http.MethodPost, "/admin/login", url.Values{"email": {email}, "password": {"not the password at all"}}, nil, h)
	}
	r1, wrong := post("boss@newsroom.example", "")
	r2, unknown := post("nobody@newsroom.example", "")
	if r1.StatusCode != http.StatusUnauthorized || r2.StatusCode != r1.StatusCode {
		t.Fatalf("statuses %d and %d, want 401 both", r1.StatusCode, r2.StatusCode)
	}
	// The form gives back the address typed; apart from it, byte for
	// byte the same page.
	wrong = strings.ReplaceAll(wrong, "boss@newsroom.example", "EMAIL")
	unknown = strings.ReplaceAll(unknown, "nobody@newsroom.example", "EMAIL")
	if wrong != unknown {
		t.Errorf("wrong password and unknown account answer differently:\n%s\n----\n%s", wrong, unknown)
	}
	for _, k := range []string{"Set-Cookie", "Retry-After"} {
		if r1.Header.Get(k) != "" || r2.Header.Get(k) != "" {
			t.Errorf("a refused sign-in sent %s", k)
		}
	}
	// Different accounts, each spoofing a new address: the per-client
	// count (5 failures) still locks this peer out.
	locked := false
	for i := range 8 {
		resp, _ := post("nobody"+string(rune('a'+i))+"@newsroom.example", "203.0.113."+string(rune('1'+i)))
		if resp.StatusCode == http.StatusTooManyRequests {
			locked = true
			if resp.Header.Get("Retry-After") == "" {
				t.Error("a throttled sign-in has no Retry-After")
			}
			break
		}
	}
	if !locked {
		t.Fatal("eight failures from one peer with spoofed X-Forwarded-For headers were never throttled")
	}
	// A fresh spoofed address does not reset it either, even with the
	// right password.
	h := http.Header{"X-Forwarded-For": {"198.51.100.99"}}
	resp, _ := s.do(http.MethodPost, "/admin/login", url.Values{"email": {"boss@newsroom.example"}, "password": {adminPassword}}, nil, h)
	if resp.StatusCode != http.StatusTooManyRequests {
		t.Errorf("the right password with a new spoofed address: %d, want 429 while the peer is locked", resp.StatusCode)
	}
}
