package ingest_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/internal/fetch"
	"github.com/newsdesk/newsdesk/internal/ingest"
	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
	"github.com/newsdesk/newsdesk/internal/store/storetest"
)

// newsroom serves feeds and article pages on a loopback port, with
// {{BASE}} replaced by its URL, and counts the requests for each path.
type newsroom struct {
	*httptest.Server
	mu     sync.Mutex
	routes map[string]string // path -> body
	hits   map[string]int
}

func newNewsroom(t *testing.T, routes map[string]string) *newsroom {
	t.Helper()
	n := &newsroom{routes: routes, hits: map[string]int{}}
	n.Server = httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		n.mu.Lock()
		n.hits[r.URL.Path]++
		n.mu.Unlock()
		body, ok := n.routes[r.URL.Path]
		if !ok {
			http.NotFound(rw, r)
			return
		}
		ctype := "text/html; charset=utf-8"
		if strings.HasSuffix(r.URL.Path, ".xml") {
			ctype = "application/rss+xml"
		}
		rw.Header().Set("Content-Type", ctype)
		rw.Write([]byte(strings.ReplaceAll(body, "{{BASE}}", n.URL)))
	}))
	t.Cleanup(n.Close)
	return n
}

func (n *newsroom) hitsOf(path string) int {
	n.mu.Lock()
	defer n.mu.Unlock()
	return n.hits[path]
}

// rss is a feed of one item; a description of at least 600 characters is
// the whole article, a shorter one a summary whose page is extracted.
func rss(title, guid, link, description string) string {
	return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>` + title +
		`</title><link>{{BASE}}/</link><item><title>Ferry returns after two years</title><guid isPermaLink="false">` +
		guid + `</guid><link>` + link + `</link><description><![CDATA[` + description +
		`]]></description></item></channel></rss>`
}

var (
	ferryText = strings.Repeat("<p>The harbour ferry is back on the water after two years of repairs, "+
		"and the first crossing carried more than two hundred passengers to the island. </p>", 6)
	bridgeSummary = "The council votes on the old bridge in July."
)

// articlePage is an article page whose head holds head.
func articlePage(title, head string) string {
	return `<!doctype html><html><head><title>` + title + `</title>` + head + `</head><body><article><h1>` +
		title + `</h1>` + strings.Repeat("<p>The council will vote in July on rebuilding the old bridge, "+
		"closed to traffic since the spring floods, and shopkeepers on the quay ask for a footbridge "+
		"in the meantime.</p>", 5) + `</article></body></html>`
}

// tickingClock returns times a second apart, so the order sources are
// seen in is the order of the fetches.
func tickingClock() func() time.Time {
	var mu sync.Mutex
	t := time.Date(2024, 6, 22, 9, 0, 0, 0, time.UTC)
	return func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		t = t.Add(time.Second)
		return t
	}
}

type feedsEnv struct {
	room *newsroom
	in   *ingest.Ingester
	st   store.Store
}

func newFeedsEnv(t *testing.T, routes map[string]string) feedsEnv {
	room := newNewsroom(t, routes)
	st := storetest.NewSQLiteCopy(t)
	client := fetch.New(fetch.Options{AllowPrivate: []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}})
	return feedsEnv{room, ingest.New(st, client, ingest.Options{Now: tickingClock()}), st}
}

func (e feedsEnv) addSource(t *testing.T, path, name string) model.Source {
	t.Helper()
	src, err := e.st.AddSource(context.Background(), model.Source{FeedURL: e.room.URL + path, Name: name})
	if err != nil {
		t.Fatal(err)
	}
	return src
}

func (e feedsEnv) fetch(t *testing.T, src model.Source) ingest.Result {
	t.Helper()
	res := e.in.FetchSource(context.Background(), src)
	if res.Err != nil {
		t.Fatalf("fetch %s: %v", src.Name, res.Err)
	}
	return res
}

// all returns every stored article.
func (e feedsEnv) all(t *testing.T) []model.Article {
	t.Helper()
	list, _, err := e.st.ListArticles(context.Background(), store.ArticleFilter{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	return list
}

// sourcesOf lists an article's sources as "name url".
func (e feedsEnv) sourcesOf(t *testing.T, id int64) []string {
	t.Helper()
	list, err := e.st.ArticleSources(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, s := range list {
		out = append(out, s.SourceName+" "+strings.ReplaceAll(s.URL, e.room.URL, "{{BASE}}"))
	}
	return out
}

func wantCounts(t *testing.T, name string, res ingest.Result, inserted, duplicates, linked int) {
	t.Helper()
	if res.Inserted != inserted || res.Duplicates != duplicates || res.Linked != linked {
		t.Errorf("%s: inserted %d, duplicates %d, linked %d; want %d, %d, %d",
			name, res.Inserted, res.Duplicates, res.Linked, inserted, duplicates, linked)
	}
}

func wantList(t *testing.T, what string, got []string, want ...string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("%s:\n%s\nwant\n%s", what, strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestFetchSource_SameArticleFromTwoFeedsIsStoredOnce(t *testing.T) {
	env := newFeedsEnv(t, map[string]string{
		"/a.xml": rss("Harbor Ledger", "harbor-1", "https://www.harbor.test/news/ferry-returns/", ferryText),
		"/b.xml": rss("Coast Wire", "wire-77",
			"http://m.harbor.test/news/ferry-returns/amp?utm_source=rss&amp;utm_medium=feed", ferryText),
	})
	a := env.addSource(t, "/a.xml", "Harbor Ledger")
	b := env.addSource(t, "/b.xml", "Coast Wire")
	wantCounts(t, "A", env.fetch(t, a), 1, 0, 0)
	wantCounts(t, "B, the AMP and mobile link with utm parameters", env.fetch(t, b), 0, 1, 1)
	for range 2 {
		wantCounts(t, "A again", env.fetch(t, a), 0, 0, 0)
		wantCounts(t, "B again", env.fetch(t, b), 0, 0, 0)
	}
	list := env.all(t)
	if len(list) != 1 {
		t.Fatalf("%d articles stored, want 1", len(list))
	}
	if list[0].URL != "https://www.harbor.test/news/ferry-returns/" || list[0].SourceID != a.ID {
		t.Errorf("stored article: %q from source %d, want A's link as given, from A", list[0].URL, list[0].SourceID)
	}
	wantList(t, "ArticleSources", env.sourcesOf(t, list[0].ID),
		"Harbor Ledger https://www.harbor.test/news/ferry-returns/",
		"Coast Wire http://m.harbor.test/news/ferry-returns/amp?utm_source=rss&utm_medium=feed")
}

func TestFetchSource_PageCanonicalJoinsFeeds(t *testing.T) {
	env := newFeedsEnv(t, map[string]string{
		"/c.xml":        rss("Bridge Post", "c-1", "{{BASE}}/c/story-123?utm_source=rss", bridgeSummary),
		"/c/story-123":  articlePage("Bridge vote set for July", `<link rel="canonical" href="/news/bridge-vote">`),
		"/d.xml":        rss("Valley Digest", "d-9", "{{BASE}}/d/syndicated?id=9", bridgeSummary),
		"/d/syndicated": articlePage("Bridge vote set for July", `<link rel="canonical" href="{{BASE}}/news/bridge-vote/">`),
		"/e.xml":        rss("Evening Brief", "e-4", "{{BASE}}/c/story-123?utm_source=rss", bridgeSummary),
		"/f.xml":        rss("Town Crier", "f-1", "{{BASE}}/f/one", bridgeSummary),
		"/f/one":        articlePage("Market hall opens", `<link rel="canonical" href="/"><meta property="og:url" content="{{BASE}}/">`),
		"/g.xml":        rss("Town Crier 2", "g-1", "{{BASE}}/f/two", bridgeSummary),
		"/f/two":        articlePage("Library extends its hours", `<link rel="canonical" href="/">`),
	})
	c := env.addSource(t, "/c.xml", "Bridge Post")
	d := env.addSource(t, "/d.xml", "Valley Digest")
	e := env.addSource(t, "/e.xml", "Evening Brief")
	wantCounts(t, "C", env.fetch(t, c), 1, 0, 0)
	wantCounts(t, "D, another link to the same canonical page", env.fetch(t, d), 0, 1, 1)
	wantCounts(t, "E, C's link", env.fetch(t, e), 0, 1, 1)
	for _, src := range []model.Source{c, d, e} {
		wantCounts(t, src.Name+" again", env.fetch(t, src), 0, 0, 0)
	}
	// Each page was read once: E's item and every item fetched again
	// were known by their links.
	for _, page := range []string{"/c/story-123", "/d/syndicated"} {
		if n := env.room.hitsOf(page); n != 1 {
			t.Errorf("%s fetched %d times, want once", page, n)
		}
	}
	list := env.all(t)
	if len(list) != 1 {
		t.Fatalf("%d articles stored, want 1", len(list))
	}
	if want := "https://" + env.room.Listener.Addr().String() + "/news/bridge-vote"; list[0].CanonicalURL != want {
		t.Errorf("canonical URL = %q, want the page's, %q", list[0].CanonicalURL, want)
	}
	wantList(t, "ArticleSources", env.sourcesOf(t, list[0].ID),
		"Bridge Post {{BASE}}/c/story-123?utm_source=rss",
		"Valley Digest {{BASE}}/d/syndicated?id=9",
		"Evening Brief {{BASE}}/c/story-123?utm_source=rss")

	// A site whose every page names the home page as canonical still
	// has many articles.
	f := env.addSource(t, "/f.xml", "Town Crier")
	g := env.addSource(t, "/g.xml", "Town Crier 2")
	wantCounts(t, "F", env.fetch(t, f), 1, 0, 0)
	wantCounts(t, "G", env.fetch(t, g), 1, 0, 0)
	if n := len(env.all(t)); n != 3 {
		t.Errorf("%d articles stored, want 3", n)
	}
}

func TestFetchSource_MalformedLinksKeepStoredArticles(t *testing.T) {
	bad := []string{"http://[::1", "javascript:alert(1)", "https://exa mple.com/x", "%zz", "http://%41/",
		"https://www-x.cdn.ampproject.org/c/s/", "https://www.google.com/amp/s/%zz", "//", "\x01"}
	var items strings.Builder
	for i, link := range bad {
		fmt.Fprintf(&items, `<item><title>Odd link %d</title><guid>odd-%d</guid><link><![CDATA[%s]]></link>`+
			`<description><![CDATA[%s]]></description></item>`, i, i, link, ferryText)
	}
	env := newFeedsEnv(t, map[string]string{
		"/a.xml": rss("Harbor Ledger", "harbor-1", "https://www.harbor.test/news/ferry-returns/", ferryText),
		"/bad.xml": `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Odd</title>` +
			items.String() + `</channel></rss>`,
	})
	a := env.addSource(t, "/a.xml", "Harbor Ledger")
	odd := env.addSource(t, "/bad.xml", "Odd")
	env.fetch(t, a)
	before := env.all(t)
	for range 2 {
		res := env.in.FetchSource(context.Background(), odd)
		if res.Err != nil {
			t.Logf("odd feed: %v", res.Err)
		}
	}
	after := env.all(t)
	found := false
	for _, art := range after {
		if art.ID == before[0].ID && art.URL == before[0].URL {
			found = true
		}
	}
	if !found {
		t.Fatalf("the stored article is gone after a feed of malformed links")
	}
	wantList(t, "ArticleSources", env.sourcesOf(t, before[0].ID),
		"Harbor Ledger https://www.harbor.test/news/ferry-returns/")
}
