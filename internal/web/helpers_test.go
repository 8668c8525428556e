package web_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
	_ "time/tzdata" // the tests' site zone must load on any machine

	"github.com/PuerkitoBio/goquery"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/site"
	"github.com/newsdesk/newsdesk/internal/store"
	"github.com/newsdesk/newsdesk/internal/store/storetest"
	"github.com/newsdesk/newsdesk/internal/web"
)

// The test site lives in New York and its clock is stopped at 02:30 UTC on
// Saturday, June 22, 2024: still Friday evening in the site's zone, so a
// page dated in UTC would show the wrong day.
var (
	newYork   = mustLoad("America/New_York")
	testNow   = time.Date(2024, 6, 22, 2, 30, 0, 0, time.UTC)
	published = time.Date(2024, 6, 21, 14, 0, 0, 0, time.UTC) // 10:00 in New York
)

func mustLoad(name string) *time.Location {
	loc, err := time.LoadLocation(name)
	if err != nil {
		panic(err)
	}
	return loc
}

func testSettings() site.Settings {
	return site.Settings{
		Name:            "The Harbor Gazette",
		Tagline:         "News from the waterfront",
		Phone:           "+1 (555) 010-0199",
		CopyrightHolder: "Harbor Media Ltd",
		Location:        newYork,
		BaseURL:         "https://news.example.org/",
		ShareTargets:    site.AllShareTargets,
	}
}

// fixture is a running site over a real SQLite store.
type fixture struct {
	t     *testing.T
	store store.Store
	srv   *httptest.Server
}

// newFixture starts the site over SQLite; change may adjust the options
// first.
func newFixture(t *testing.T, change ...func(*web.Options)) *fixture {
	t.Helper()
	return newFixtureOn(t, storetest.NewSQLiteCopy(t), change...)
}

// newFixtureOn starts the site over st.
func newFixtureOn(t *testing.T, st store.Store, change ...func(*web.Options)) *fixture {
	t.Helper()
	opts := web.Options{
		Site:     testSettings(),
		Store:    st,
		Now:      func() time.Time { return testNow },
		NavTTL:   -1, // tests seed between requests
		StoryTTL: -1,
		// Tests search faster than readers; the limit has tests of its own.
		SearchLimit: web.RateLimit{Rate: -1},
	}
	for _, c := range change {
		c(&opts)
	}
	h, err := web.New(opts)
	if err != nil {
		t.Fatalf("web.New: %v", err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return &fixture{t: t, store: st, srv: srv}
}

// addSource stores a source and returns it.
func (f *fixture) addSource(name string) model.Source {
	f.t.Helper()
	src, err := f.store.AddSource(f.t.Context(), model.Source{
		FeedURL: "https://" + model.Slugify(name, 40) + ".example.com/feed.xml",
		SiteURL: "https://" + model.Slugify(name, 40) + ".example.com/",
		Name:    name,
	})
	if err != nil {
		f.t.Fatalf("AddSource: %v", err)
	}
	return src
}

// save stores articles for a source and returns them as stored.
func (f *fixture) save(sourceID int64, arts ...model.Article) []model.Article {
	f.t.Helper()
	res, err := f.store.SaveArticles(f.t.Context(), sourceID, arts)
	if err != nil {
		f.t.Fatalf("SaveArticles: %v", err)
	}
	if res.Inserted != len(arts) {
		f.t.Fatalf("SaveArticles inserted %d of %d", res.Inserted, len(arts))
	}
	out := make([]model.Article, 0, len(res.IDs))
	for _, id := range res.IDs {
		a, err := f.store.GetArticle(f.t.Context(), id)
		if err != nil {
			f.t.Fatalf("GetArticle(%d): %v", id, err)
		}
		out = append(out, a)
	}
	return out
}

// article builds an aggregated article whose GUID and URL derive from title.
func article(title, category string, pub time.Time) model.Article {
	slug := model.Slugify(title, 80)
	return model.Article{
		GUID:        "guid-" + slug,
		URL:         "https://origin.example.com/news/" + slug,
		Title:       title,
		Excerpt:     "What happened: " + title,
		ContentHTML: "<p>Full text of " + title + ".</p>",
		ContentText: "Full text of " + title + ".",
		PublishedAt: pub,
		Category:    category,
	}
}

// response is a fetched page.
type response struct {
	status int
	header http.Header
	body   string
}

// get fetches a path without following redirects.
func (f *fixture) get(path string) response {
	f.t.Helper()
	return f.do(mustRequest(f.t, http.MethodGet, f.srv.URL+path))
}

func (f *fixture) do(req *http.Request) response {
	f.t.Helper()
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}
	resp, err := client.Do(req)
	if err != nil {
		f.t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		f.t.Fatalf("read %s: %v", req.URL, err)
	}
	return response{resp.StatusCode, resp.Header, string(body)}
}

func mustRequest(t *testing.T, method, url string) *http.Request {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), method, url, nil)
	if err != nil {
		t.Fatal(err)
	}
	return req
}

// page fetches a path, checks its status and parses the HTML.
func (f *fixture) page(path string, wantStatus int) *goquery.Document {
	f.t.Helper()
	r := f.get(path)
	if r.status != wantStatus {
		f.t.Fatalf("GET %s = %d, want %d\n%s", path, r.status, wantStatus, r.body)
	}
	if ct := r.header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
		f.t.Fatalf("GET %s Content-Type = %q", path, ct)
	}
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(r.body))
	if err != nil {
		f.t.Fatalf("parse %s: %v", path, err)
	}
	return doc
}

// texts returns the trimmed text of every match.
func texts(sel *goquery.Selection) []string {
	var out []string
	sel.Each(func(_ int, s *goquery.Selection) {
		out = append(out, strings.Join(strings.Fields(s.Text()), " "))
	})
	return out
}

// attrs returns one attribute of every match.
func attrs(sel *goquery.Selection, name string) []string {
	var out []string
	sel.Each(func(_ int, s *goquery.Selection) {
		v, _ := s.Attr(name)
		out = append(out, v)
	})
	return out
}
