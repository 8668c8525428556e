package ingest_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"

	"github.com/newsdesk/newsdesk/internal/fetch"
	"github.com/newsdesk/newsdesk/internal/ingest"
	"github.com/newsdesk/newsdesk/internal/store"
	"github.com/newsdesk/newsdesk/internal/store/storetest"
)

// skipFeed has four entries: two storable ones (one with no link), and two
// that parse keeps but that have neither a link nor a title, one of them
// with an id.
const skipFeed = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel>
  <title>Skip Test Gazette</title>
  <link>{{BASE}}/</link>
  <item>
    <title>Lighthouse keeper retires after forty years</title>
    <link>{{BASE}}/news/lighthouse.html</link>
    <description>The keeper of the north light hands over the keys.</description>
  </item>
  <item>
    <guid isPermaLink="false">gazette-untitled-7</guid>
    <description>Text with no headline and nowhere to link to.</description>
  </item>
  <item>
    <title>Harbour notice without a page</title>
    <description>Moorings on the east pier close for repairs on Monday.</description>
  </item>
  <item>
    <description>Another nameless fragment.</description>
  </item>
</channel></rss>`

func TestFetchSource_SkipsItemWithoutLinkAndTitle(t *testing.T) {
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/feed.xml" {
			http.NotFound(rw, r)
			return
		}
		rw.Header().Set("Content-Type", "application/rss+xml")
		rw.Write([]byte(strings.ReplaceAll(skipFeed, "{{BASE}}", srv.URL)))
	}))
	t.Cleanup(srv.Close)
	st := storetest.NewSQLiteCopy(t)
	client := fetch.New(fetch.Options{AllowPrivate: []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}})
	in := ingest.New(st, client, ingest.Options{})
	ctx := context.Background()

	src, err := in.Subscribe(ctx, srv.URL+"/feed.xml", "", "")
	if err != nil {
		t.Fatalf("subscribe: %v", err)
	}
	res := in.FetchSource(ctx, src)
	if res.Err != nil {
		t.Fatal(res.Err)
	}
	if res.Items != 4 {
		t.Errorf("feed items = %d, want all 4 entries to reach ingest", res.Items)
	}
	if res.Inserted != 2 {
		t.Errorf("inserted = %d, want the 2 items with a link or a title", res.Inserted)
	}
	if len(res.Skipped) != 2 {
		t.Fatalf("skipped = %q, want the 2 items with neither link nor title", res.Skipped)
	}
	for _, reason := range res.Skipped {
		if !strings.Contains(reason, "neither a link nor a title") {
			t.Errorf("skip reason %q does not say what is missing", reason)
		}
	}
	if !strings.Contains(res.Skipped[0], "item 2") || !strings.Contains(res.Skipped[0], "gazette-untitled-7") {
		t.Errorf("skip reason %q does not name the item by position and id", res.Skipped[0])
	}
	if !strings.Contains(res.Skipped[1], "item 4") {
		t.Errorf("skip reason %q does not name the item by position", res.Skipped[1])
	}

	list, _, err := st.ListArticles(ctx, store.ArticleFilter{SourceID: src.ID, Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	titles := map[string]bool{}
	for _, a := range list {
		titles[a.Title] = true
	}
	for _, want := range []string{"Lighthouse keeper retires after forty years", "Harbour notice without a page"} {
		if !titles[want] {
			t.Errorf("article %q not stored; stored %v", want, titles)
		}
	}
	if len(list) != 2 {
		t.Errorf("stored %d articles, want 2", len(list))
	}
}
