package ingest_test

import (
	"context"
	"net/netip"
	"testing"

	"github.com/newsdesk/newsdesk/internal/fetch"
	"github.com/newsdesk/newsdesk/internal/ingest"
	"github.com/newsdesk/newsdesk/internal/store/storetest"
)

// The stages behind ingest are told when a fetch stored articles, and
// only then.
func TestIngester_StoredHook(t *testing.T) {
	w := newWorld(t)
	var calls []int
	client := fetch.New(fetch.Options{AllowPrivate: []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}})
	in := ingest.New(storetest.NewSQLiteCopy(t), client, ingest.Options{Stored: func(n int) { calls = append(calls, n) }})
	src := subscribe(t, in, w.URL+"/harbor/feed.xml")
	first := in.FetchSource(context.Background(), src)
	if first.Err != nil {
		t.Fatal(first.Err)
	}
	in.FetchSource(context.Background(), first.Source)
	if len(calls) != 1 || calls[0] != first.Inserted {
		t.Errorf("Stored calls = %v, want one call with %d (the refetch stores nothing)", calls, first.Inserted)
	}
}
