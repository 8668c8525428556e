package ingest_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/internal/fetch"
	"github.com/newsdesk/newsdesk/internal/ingest"
	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
	"github.com/newsdesk/newsdesk/internal/store/storetest"
)

// world serves the feeds and pages in testdata on a loopback port, with
// {{BASE}} replaced by the server's URL.
type world struct {
	*httptest.Server
	failHarbor atomic.Bool
}

func newWorld(t *testing.T) *world {
	t.Helper()
	w := &world{}
	routes := map[string]struct{ file, ctype string }{
		"/harbor/feed.xml":                    {"harbor.rss", "application/rss+xml"},
		"/northfield/atom.xml":                {"northfield.atom", "application/atom+xml"},
		"/northfield/":                        {"page-with-feed.html", "text/html"},
		"/meridian/feed.json":                 {"meridian.json", "application/feed+json"},
		"/meridian/2024/06/22/orchestra.html": {"orchestra.html", "text/html; charset=utf-8"},
		"/broken.xml":                         {"broken.rss", "application/rss+xml"},
		"/plain.html":                         {"page-without-feed.html", "text/html"},
	}
	w.Server = httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/fail.xml" || (w.failHarbor.Load() && strings.HasPrefix(r.URL.Path, "/harbor/")) {
			http.Error(rw, "database on fire", http.StatusInternalServerError)
			return
		}
		route, ok := routes[r.URL.Path]
		if !ok {
			http.NotFound(rw, r)
			return
		}
		data, err := os.ReadFile("testdata/" + route.file)
		if err != nil {
			t.Errorf("testdata: %v", err)
			return
		}
		rw.Header().Set("Content-Type", route.ctype)
		rw.Write([]byte(strings.ReplaceAll(string(data), "{{BASE}}", w.URL)))
	}))
	t.Cleanup(w.Close)
	return w
}

func newIngester(t *testing.T) (*ingest.Ingester, store.Store) {
	t.Helper()
	st := storetest.NewSQLiteCopy(t)
	client := fetch.New(fetch.Options{AllowPrivate: []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}})
	return ingest.New(st, client, ingest.Options{}), st
}

func articlesOf(t *testing.T, st store.Store, sourceID int64) map[string]model.Article {
	t.Helper()
	list, _, err := st.ListArticles(context.Background(), store.ArticleFilter{SourceID: sourceID, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]model.Article{}
	for _, a := range list {
		full, err := st.GetArticle(context.Background(), a.ID)
		if err != nil {
			t.Fatal(err)
		}
		out[full.Title] = full
	}
	return out
}

func subscribe(t *testing.T, in *ingest.Ingester, url string) model.Source {
	t.Helper()
	src, err := in.Subscribe(context.Background(), url, "", "")
	if err != nil {
		t.Fatalf("subscribe %s: %v", url, err)
	}
	return src
}

func TestIngester_RSSNormalization(t *testing.T) {
	w := newWorld(t)
	in, st := newIngester(t)
	src := subscribe(t, in, w.URL+"/harbor/feed.xml")
	if src.Name != "The Harbor Test Ledger" {
		t.Errorf("source name = %q, want the feed's title", src.Name)
	}
	res := in.FetchSource(context.Background(), src)
	if res.Err != nil {
		t.Fatal(res.Err)
	}
	if res.Inserted != 2 || len(res.Skipped) != 1 {
		t.Fatalf("inserted %d, skipped %v; want 2 inserted and the title-less, link-less item skipped", res.Inserted, res.Skipped)
	}
	got := articlesOf(t, st, src.ID)
	ferry, ok := got["Ferry service resumes after storm & repairs"]
	if !ok {
		t.Fatalf("ferry article missing; have %v", keys(got))
	}
	for _, bad := range []string{"<script", "onclick", "alert("} {
		if strings.Contains(ferry.ContentHTML, bad) {
			t.Errorf("content keeps %q: %s", bad, ferry.ContentHTML)
		}
	}
	if !strings.Contains(ferry.ContentHTML, `href="`+w.URL+`/places/port-alder"`) {
		t.Errorf("relative link not made absolute: %s", ferry.ContentHTML)
	}
	if ferry.URL != w.URL+"/harbor/2024/ferry-resumes.html?utm_source=rss" {
		t.Errorf("url = %q", ferry.URL)
	}
	if ferry.CanonicalURL != "https://"+w.Listener.Addr().String()+"/harbor/2024/ferry-resumes.html" {
		t.Errorf("canonical url = %q, want tracking parameters stripped, the scheme https", ferry.CanonicalURL)
	}
	if ferry.ImageURL != w.URL+"/img/ferry.jpg" || ferry.ImageCredit != "Tomas Reyl / Harbor Ledger" {
		t.Errorf("lead image = %q credit %q", ferry.ImageURL, ferry.ImageCredit)
	}
	if ferry.Byline != "Mara Quill" || ferry.Category != "Transport" || ferry.Credit != src.Name {
		t.Errorf("byline %q category %q credit %q", ferry.Byline, ferry.Category, ferry.Credit)
	}
	if ferry.PublishedAt.Format("2006-01-02T15:04") != "2024-06-22T09:30" {
		t.Errorf("published = %v", ferry.PublishedAt)
	}
	if strings.Contains(ferry.Excerpt, "<") || ferry.Excerpt == "" {
		t.Errorf("excerpt is not plain text: %q", ferry.Excerpt)
	}
	if ferry.ContentHash == "" || ferry.Slug == "" || ferry.Kind != model.KindAggregated {
		t.Errorf("hash %q slug %q kind %q", ferry.ContentHash, ferry.Slug, ferry.Kind)
	}
	wall := got["Council approves new sea wall"]
	if wall.ImageURL != w.URL+"/img/wall.png" {
		t.Errorf("enclosure image = %q", wall.ImageURL)
	}
	if !strings.Contains(wall.ContentText, "Councillors voted 7-2") {
		t.Errorf("summary-only item whose page 404s keeps its summary; got %q", wall.ContentText)
	}
}

func TestIngester_AtomAndDiscovery(t *testing.T) {
	w := newWorld(t)
	in, st := newIngester(t)
	src := subscribe(t, in, w.URL+"/northfield/")
	if src.FeedURL != w.URL+"/northfield/atom.xml" {
		t.Fatalf("discovered feed = %q, want the page's alternate link", src.FeedURL)
	}
	if res := in.FetchSource(context.Background(), src); res.Err != nil || res.Inserted != 1 {
		t.Fatalf("fetch: inserted %d, err %v", res.Inserted, res.Err)
	}
	got := articlesOf(t, st, src.ID)
	mill, ok := got["Kessling mill reopens with new owners"]
	if !ok {
		t.Fatalf("want the HTML title flattened to text; have %v", keys(got))
	}
	if mill.URL != w.URL+"/northfield/stories/mill.html" {
		t.Errorf("url = %q, want it resolved against xml:base", mill.URL)
	}
	if mill.Byline != "Oskar Venn" || mill.Category != "Business" {
		t.Errorf("byline %q category %q", mill.Byline, mill.Category)
	}
}

func TestIngester_JSONFeedSummaryFetchesArticlePage(t *testing.T) {
	w := newWorld(t)
	in, st := newIngester(t)
	src := subscribe(t, in, w.URL+"/meridian/feed.json")
	if res := in.FetchSource(context.Background(), src); res.Err != nil || res.Inserted != 1 {
		t.Fatalf("fetch: inserted %d, err %v", res.Inserted, res.Err)
	}
	a := articlesOf(t, st, src.ID)["Marrowvale orchestra wins national prize"]
	if !strings.Contains(a.ContentText, "Conductor Halvard Sten") {
		t.Errorf("full text not extracted from the article page: %q", a.ContentText)
	}
	if strings.Contains(a.ContentText, "© Meridian Test Daily") {
		t.Errorf("page chrome leaked into the article: %q", a.ContentText)
	}
	if a.Excerpt != "The Marrowvale Civic Orchestra took first place." {
		t.Errorf("excerpt = %q, want the feed's summary", a.Excerpt)
	}
	if a.ImageURL != w.URL+"/img/orchestra.jpg" || a.Byline != "Pia Lund" || a.Category != "Culture" {
		t.Errorf("image %q byline %q category %q", a.ImageURL, a.Byline, a.Category)
	}
}

func TestIngester_RefetchStoresNothingTwice(t *testing.T) {
	w := newWorld(t)
	in, st := newIngester(t)
	src := subscribe(t, in, w.URL+"/harbor/feed.xml")
	first := in.FetchSource(context.Background(), src)
	second := in.FetchSource(context.Background(), first.Source)
	if second.Err != nil || second.Inserted != 0 {
		t.Fatalf("second fetch inserted %d (err %v), want 0", second.Inserted, second.Err)
	}
	if n := len(articlesOf(t, st, src.ID)); n != 2 {
		t.Errorf("%d articles stored, want 2", n)
	}
}

func TestIngester_SubscribeRejectsNonFeeds(t *testing.T) {
	w := newWorld(t)
	in, st := newIngester(t)
	closed := httptest.NewServer(http.NotFoundHandler())
	closed.Close()
	tests := []struct{ url, want string }{
		{w.URL + "/plain.html", "announces no feed"},
		{w.URL + "/broken.xml", "not a feed"},
		{w.URL + "/fail.xml", "500"},
		{closed.URL + "/feed.xml", "cannot connect"},
		{"ftp://example.com/feed", "only http and https"},
	}
	for _, tt := range tests {
		_, err := in.Subscribe(context.Background(), tt.url, "", "")
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("Subscribe(%s) error = %v, want one containing %q", tt.url, err, tt.want)
		}
	}
	if sources, _ := st.ListSources(context.Background()); len(sources) != 0 {
		t.Errorf("%d sources stored after failed subscriptions", len(sources))
	}
}

func TestIngester_FailingSourceRecordsErrorOthersCarryOn(t *testing.T) {
	w := newWorld(t)
	in, st := newIngester(t)
	harbor := subscribe(t, in, w.URL+"/harbor/feed.xml")
	meridian := subscribe(t, in, w.URL+"/meridian/feed.json")
	in.FetchSource(context.Background(), harbor)
	w.failHarbor.Store(true)
	results := in.FetchAll(context.Background(), []model.Source{harbor, meridian}, nil)
	if results[0].Err == nil || results[1].Err != nil {
		t.Fatalf("errors: harbor %v, meridian %v", results[0].Err, results[1].Err)
	}
	got, err := st.GetSource(context.Background(), harbor.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(got.State.LastError, "500") || got.State.ErrorCount != 1 || got.State.FailingSince.IsZero() {
		t.Errorf("state = %+v, want the 500 recorded", got.State)
	}
	if want := "backing off until " + got.State.NextFetchAt.UTC().Format(time.RFC3339) + ": "; !strings.HasPrefix(got.State.Status(), want) {
		t.Errorf("status after one error = %q, want prefix %q", got.State.Status(), want)
	}
	if !got.State.NextFetchAt.After(got.State.LastFetchedAt) {
		t.Errorf("next fetch %v not after last %v", got.State.NextFetchAt, got.State.LastFetchedAt)
	}
	// Errors in a row back off further each time, and from the third the
	// source reads as failing since the first.
	firstWait := got.State.NextFetchAt.Sub(got.State.LastFetchedAt)
	for range model.FailingAfter - 1 {
		got = in.FetchSource(context.Background(), got).Source
	}
	if wait := got.State.NextFetchAt.Sub(got.State.LastFetchedAt); wait < 3*firstWait {
		t.Errorf("after %d errors the wait is %v, not backed off from %v", got.State.ErrorCount, wait, firstWait)
	}
	if want := "failing since " + got.State.FailingSince.UTC().Format(time.RFC3339) + ": "; !strings.HasPrefix(got.State.Status(), want) ||
		!strings.Contains(got.State.Status(), "500") || !strings.Contains(got.State.Status(), "next try") {
		t.Errorf("status after %d errors = %q, want prefix %q, the error and the next try", got.State.ErrorCount, got.State.Status(), want)
	}
	if n := len(articlesOf(t, st, harbor.ID)); n != 2 {
		t.Errorf("failing source lost its stored articles: %d left", n)
	}
	if n := len(articlesOf(t, st, meridian.ID)); n != 1 {
		t.Errorf("healthy source stored %d articles, want 1", n)
	}
	w.failHarbor.Store(false)
	again := in.FetchSource(context.Background(), got)
	if again.Err != nil || again.Source.State.LastError != "" || again.Source.State.ErrorCount != 0 {
		t.Errorf("recovery: err %v state %+v", again.Err, again.Source.State)
	}
}

func keys(m map[string]model.Article) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
