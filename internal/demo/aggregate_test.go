package demo_test

import (
	"context"
	"net/http/httptest"
	"net/netip"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/internal/demo"
	"github.com/newsdesk/newsdesk/internal/fetch"
	"github.com/newsdesk/newsdesk/internal/ingest"
	"github.com/newsdesk/newsdesk/internal/store"
	"github.com/newsdesk/newsdesk/internal/store/storetest"
)

// TestWorld_AggregatesThroughRealIngest serves the world on loopback and
// aggregates it through the production fetch client, parser, extractor
// and SQLite store: every article of the ground truth must be stored,
// credited and illustrated, so later quality tests can rely on it.
func TestWorld_AggregatesThroughRealIngest(t *testing.T) {
	ctx := context.Background()
	w := demo.NewWorld(7, time.Now())
	st := storetest.NewSQLiteCopy(t)
	client := fetch.New(fetch.Options{AllowPrivate: []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}})
	in := ingest.New(st, client, ingest.Options{})

	first := httptest.NewServer(w.Handler())
	res, err := w.Aggregate(ctx, first.URL, in, st)
	first.Close()
	if err != nil {
		t.Fatal(err)
	}
	if res.Sources != len(w.Outlets()) || res.Articles != w.Stats().Articles {
		t.Fatalf("aggregated %+v, want %d sources and %d articles", res, len(w.Outlets()), w.Stats().Articles)
	}
	stored := map[string]bool{}
	var cursor string
	for {
		page, next, err := st.ListArticles(ctx, store.ArticleFilter{Limit: 100, Cursor: cursor})
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range page {
			stored[a.URL] = true
			if a.ImageURL == "" || a.ImageCredit == "" || a.Byline == "" || a.Credit == "" {
				t.Errorf("%s: image %q credit %q byline %q source credit %q", a.URL, a.ImageURL, a.ImageCredit, a.Byline, a.Credit)
			}
		}
		if cursor = next; cursor == "" {
			break
		}
	}
	for _, row := range w.Truth() {
		if !stored[first.URL+row.ArticlePath] {
			t.Errorf("ground-truth article %s was not stored", row.ArticlePath)
		}
	}

	// A second demo on the same database serves the world on another
	// port: the first run's sources are replaced, not kept beside it.
	second := httptest.NewServer(w.Handler())
	defer second.Close()
	res, err = w.Aggregate(ctx, second.URL, in, st)
	if err != nil {
		t.Fatal(err)
	}
	sources, _ := st.ListSources(ctx)
	if len(sources) != len(w.Outlets()) || res.Articles != w.Stats().Articles {
		t.Errorf("second run: %d sources, %d articles; want the stale ones replaced", len(sources), res.Articles)
	}
}
