package ingest_test

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"testing"

	"github.com/newsdesk/newsdesk/internal/fetch"
	"github.com/newsdesk/newsdesk/internal/ingest"
	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store/storetest"
)

// BenchmarkIngest_SecondFeedLinks fetches a feed whose 500 items were
// all stored from another feed (other GUIDs, tracking parameters on the
// links): each is built from the feed and recorded as carried by the
// second source, none stored again.
func BenchmarkIngest_SecondFeedLinks(b *testing.B) {
	benchOtherFeed(b, func(ctx context.Context, in *ingest.Ingester, first, second model.Source) ingest.Result {
		return in.FetchSource(ctx, second)
	}, benchItems)
}

// BenchmarkIngest_RefetchCarried fetches again a feed whose 500 items the
// source carried already, as links to another source's articles: the
// cost of an unchanged feed served without a 304.
func BenchmarkIngest_RefetchCarried(b *testing.B) {
	benchOtherFeed(b, func(ctx context.Context, in *ingest.Ingester, first, second model.Source) ingest.Result {
		return in.FetchSource(ctx, second)
	}, 0)
}

// benchOtherFeed serves the bench feed at /a.xml and the same items under
// other GUIDs and tracked links at /b.xml, and fetches /a.xml, then /b.xml
// unless the timed fetch is to link them (linked > 0), then times
// fetchOne.
func benchOtherFeed(b *testing.B, fetchOne func(context.Context, *ingest.Ingester, model.Source, model.Source) ingest.Result, linked int) {
	var feedA, feedB []byte
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/rss+xml")
		if r.URL.Path == "/b.xml" {
			w.Write(feedB)
			return
		}
		w.Write(feedA)
	}))
	defer srv.Close()
	feedA = benchFeed(srv.URL, benchItems)
	feedB = bytes.ReplaceAll(bytes.ReplaceAll(feedA, []byte("<guid>g"), []byte("<guid>b")),
		[]byte("</link><guid>"), []byte("?utm_source=rss</link><guid>"))
	client := fetch.New(fetch.Options{AllowPrivate: []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}})
	ctx := context.Background()
	for b.Loop() {
		b.StopTimer()
		st := storetest.NewSQLiteCopy(b)
		in := ingest.New(st, client, ingest.Options{})
		first, err := st.AddSource(ctx, model.Source{FeedURL: srv.URL + "/a.xml", Name: "A"})
		if err != nil {
			b.Fatal(err)
		}
		second, err := st.AddSource(ctx, model.Source{FeedURL: srv.URL + "/b.xml", Name: "B"})
		if err != nil {
			b.Fatal(err)
		}
		if res := in.FetchSource(ctx, first); res.Inserted != benchItems {
			b.Fatalf("first feed: inserted %d, err %v", res.Inserted, res.Err)
		}
		if linked == 0 {
			if res := in.FetchSource(ctx, second); res.Linked != benchItems {
				b.Fatalf("second feed: linked %d, err %v", res.Linked, res.Err)
			}
		}
		b.StartTimer()
		res := fetchOne(ctx, in, first, second)
		if res.Err != nil || res.Inserted != 0 || res.Linked != linked {
			b.Fatalf("inserted %d, linked %d, err %v; want 0, %d", res.Inserted, res.Linked, res.Err, linked)
		}
	}
	b.ReportMetric(float64(benchItems*b.N)/b.Elapsed().Seconds(), "items/s")
}
