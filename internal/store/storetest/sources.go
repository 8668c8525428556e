package storetest

import (
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

var sourceCases = []suiteCase{
	{"AddSource_RoundTrip", testAddSourceRoundTrip},
	{"AddSource_DefaultsCreatedAndZeroTimes", testAddSourceDefaults},
	{"AddSource_Duplicate", testAddSourceDuplicate},
	{"AddSource_EmptyFeedURL", testAddSourceEmptyFeedURL},
	{"Sources_MissingID", testSourcesMissingID},
	{"ListSources_OrderCountsState", testListSources},
	{"RemoveSource_DeletesItsArticles", testRemoveSource},
	{"RecordFetch_Overwrites", testRecordFetch},
	{"UpdateSourceMeta_KeepsBlank", testUpdateSourceMeta},
	{"Ping", testPing},
}

func testAddSourceRoundTrip(t *testing.T, s store.Store) {
	// A non-UTC zone and nanoseconds: the store keeps the instant to the
	// microsecond and answers in UTC.
	zone := time.FixedZone("UTC+5", 5*3600)
	want := model.Source{
		FeedURL:  "https://harbor.example/feed.xml",
		SiteURL:  "https://harbor.example/",
		Name:     "Harbor Gazette",
		Category: "Local",
		Created:  base.In(zone).Add(789 * time.Nanosecond),
		State: model.FetchState{
			LastFetchedAt: base.Add(time.Hour),
			LastSuccessAt: base.Add(30 * time.Minute),
			LastError:     "HTTP 503",
			ErrorCount:    2,
			FailingSince:  base.Add(45 * time.Minute),
			NextFetchAt:   base.Add(2 * time.Hour),
			ETag:          `W/"abc"`,
			LastModified:  "Sat, 22 Jun 2024 09:30:00 GMT",
		},
	}
	got, err := s.AddSource(t.Context(), want)
	if err != nil {
		t.Fatal(err)
	}
	if got.ID <= 0 {
		t.Fatalf("AddSource ID = %d, want > 0", got.ID)
	}
	want.ID = got.ID
	want.Created = base
	assertSource(t, got, want)
	again, err := s.GetSource(t.Context(), got.ID)
	if err != nil {
		t.Fatal(err)
	}
	assertSource(t, again, want)
}

func testAddSourceDefaults(t *testing.T, s store.Store) {
	before := time.Now().Add(-time.Second)
	got, err := s.AddSource(t.Context(), model.Source{FeedURL: "https://a.example/rss"})
	if err != nil {
		t.Fatal(err)
	}
	if got.Created.Before(before) || got.Created.After(time.Now()) {
		t.Errorf("Created = %v, want the time of AddSource", got.Created)
	}
	if !got.State.NextFetchAt.Equal(got.Created) {
		t.Errorf("NextFetchAt = %v, want the time it was added (due at once)", got.State.NextFetchAt)
	}
	got.State.NextFetchAt = time.Time{}
	if got.State != (model.FetchState{}) {
		t.Errorf("State = %+v, want zero: zero times must come back zero", got.State)
	}
	if got.State.Status() != "never fetched" {
		t.Errorf("Status = %q", got.State.Status())
	}
}

func testAddSourceDuplicate(t *testing.T, s store.Store) {
	mustAddSource(t, s, "https://a.example/rss", "A")
	_, err := s.AddSource(t.Context(), model.Source{FeedURL: "https://a.example/rss", Name: "again"})
	if !errors.Is(err, store.ErrDuplicate) {
		t.Fatalf("second AddSource error = %v, want ErrDuplicate", err)
	}
	list, err := s.ListSources(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 1 || list[0].Name != "A" {
		t.Fatalf("sources after duplicate = %+v, want only the first", list)
	}
}

func testAddSourceEmptyFeedURL(t *testing.T, s store.Store) {
	_, err := s.AddSource(t.Context(), model.Source{Name: "nameless"})
	if err == nil || errors.Is(err, store.ErrDuplicate) {
		t.Fatalf("AddSource without feed URL error = %v, want a plain error", err)
	}
}

func testSourcesMissingID(t *testing.T, s store.Store) {
	ctx := t.Context()
	src := mustAddSource(t, s, "https://a.example/rss", "A")
	missing := src.ID + 1000
	checks := map[string]error{
		"GetSource":        func() error { _, err := s.GetSource(ctx, missing); return err }(),
		"RemoveSource":     s.RemoveSource(ctx, missing),
		"RecordFetch":      s.RecordFetch(ctx, missing, model.FetchState{ErrorCount: 1}),
		"UpdateSourceMeta": s.UpdateSourceMeta(ctx, missing, "x", "https://x.example/"),
		"SaveArticles": func() error {
			_, err := s.SaveArticles(ctx, missing, []model.Article{article("Orphan", base)})
			return err
		}(),
	}
	for name, err := range checks {
		if !errors.Is(err, store.ErrNotFound) {
			t.Errorf("%s(missing) error = %v, want ErrNotFound", name, err)
		}
	}
	if _, err := s.GetArticleBySlug(ctx, "orphan"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("article of a missing source was stored: %v", err)
	}
}

func testListSources(t *testing.T, s store.Store) {
	ctx := t.Context()
	if list, err := s.ListSources(ctx); err != nil || list == nil || len(list) != 0 {
		t.Fatalf("empty store ListSources = %v, %v", list, err)
	}
	a := mustAddSource(t, s, "https://a.example/rss", "A")
	b := mustAddSource(t, s, "https://b.example/rss", "B")
	c := mustAddSource(t, s, "https://c.example/rss", "C")
	mustSave(t, s, a.ID, article("A one", base), article("A two", base))
	mustSave(t, s, c.ID, article("C one", base))
	state := model.FetchState{LastFetchedAt: base, LastSuccessAt: base, NextFetchAt: base.Add(time.Hour), ETag: "e1"}
	if err := s.RecordFetch(ctx, b.ID, state); err != nil {
		t.Fatal(err)
	}
	list, err := s.ListSources(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 3 {
		t.Fatalf("ListSources returned %d sources, want 3", len(list))
	}
	wantIDs := []int64{a.ID, b.ID, c.ID}
	wantCounts := []int{2, 0, 1}
	for i, src := range list {
		if src.ID != wantIDs[i] || src.Articles != wantCounts[i] {
			t.Errorf("source %d = id %d with %d articles, want id %d with %d",
				i, src.ID, src.Articles, wantIDs[i], wantCounts[i])
		}
	}
	if !sameState(list[1].State, state) {
		t.Errorf("listed state = %+v, want %+v", list[1].State, state)
	}
}

func testRemoveSource(t *testing.T, s store.Store) {
	ctx := t.Context()
	a := mustAddSource(t, s, "https://a.example/rss", "A")
	b := mustAddSource(t, s, "https://b.example/rss", "B")
	gone := article("Gone tomorrow", base)
	gone.Category = "World"
	resA := mustSave(t, s, a.ID, gone)
	kept := article("Still here", base)
	kept.Category = "World"
	resB := mustSave(t, s, b.ID, kept)
	if err := s.RemoveSource(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.GetSource(ctx, a.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("GetSource after remove: %v, want ErrNotFound", err)
	}
	if _, err := s.GetArticle(ctx, resA.IDs[0]); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("article of removed source: %v, want ErrNotFound", err)
	}
	list, _, err := s.ListArticles(ctx, store.ArticleFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(ids(list), resB.IDs) {
		t.Errorf("articles after remove = %v, want %v", ids(list), resB.IDs)
	}
	cat, err := s.GetCategoryBySlug(ctx, "world")
	if err != nil {
		t.Fatal(err)
	}
	if cat.Articles != 1 {
		t.Errorf("category count after remove = %d, want 1", cat.Articles)
	}
	if err := s.RemoveSource(ctx, a.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("second RemoveSource: %v, want ErrNotFound", err)
	}
}

func testRecordFetch(t *testing.T, s store.Store) {
	ctx := t.Context()
	src := mustAddSource(t, s, "https://a.example/rss", "A")
	failing := model.FetchState{
		LastFetchedAt: base, LastSuccessAt: base.Add(-time.Hour), LastError: "timeout",
		ErrorCount: 3, FailingSince: base.Add(-30 * time.Minute), NextFetchAt: base.Add(time.Hour),
		ETag: `"v1"`, LastModified: "yesterday",
	}
	recovered := model.FetchState{LastFetchedAt: base.Add(time.Hour), LastSuccessAt: base.Add(time.Hour)}
	for _, want := range []model.FetchState{failing, recovered} {
		if err := s.RecordFetch(ctx, src.ID, want); err != nil {
			t.Fatal(err)
		}
		got, err := s.GetSource(ctx, src.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !sameState(got.State, want) {
			t.Errorf("state = %+v, want %+v", got.State, want)
		}
		if got.Name != "A" || got.FeedURL != src.FeedURL {
			t.Errorf("RecordFetch changed the source itself: %+v", got)
		}
	}
}

func testUpdateSourceMeta(t *testing.T, s store.Store) {
	ctx := t.Context()
	src := mustAddSource(t, s, "https://a.example/rss", "")
	steps := []struct {
		name, site         string
		wantName, wantSite string
	}{
		{"Alpha News", "https://a.example/", "Alpha News", "https://a.example/"},
		{"", "", "Alpha News", "https://a.example/"},
		{"  ", "https://www.a.example/", "Alpha News", "https://www.a.example/"},
		{"Alpha", "", "Alpha", "https://www.a.example/"},
	}
	for _, st := range steps {
		if err := s.UpdateSourceMeta(ctx, src.ID, st.name, st.site); err != nil {
			t.Fatal(err)
		}
		got, err := s.GetSource(ctx, src.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Name != st.wantName || got.SiteURL != st.wantSite {
			t.Errorf("after UpdateSourceMeta(%q, %q): name %q site %q, want %q %q",
				st.name, st.site, got.Name, got.SiteURL, st.wantName, st.wantSite)
		}
	}
}

func testPing(t *testing.T, s store.Store) {
	if err := s.Ping(t.Context()); err != nil {
		t.Fatalf("Ping: %v", err)
	}
}

func assertSource(t *testing.T, got, want model.Source) {
	t.Helper()
	if got.ID != want.ID || got.FeedURL != want.FeedURL || got.SiteURL != want.SiteURL ||
		got.Name != want.Name || got.Category != want.Category || !got.Created.Equal(want.Created) ||
		got.Articles != want.Articles || !sameState(got.State, want.State) {
		t.Errorf("source mismatch\n got: %+v\nwant: %+v", got, want)
	}
	if got.Created.Location() != time.UTC {
		t.Errorf("Created location = %v, want UTC", got.Created.Location())
	}
}

// sameState compares fetch states instant by instant; the suite's times
// are whole microseconds, so they must come back exactly.
func sameState(a, b model.FetchState) bool {
	same := func(x, y time.Time) bool { return x.IsZero() == y.IsZero() && x.Equal(y) }
	return same(a.LastFetchedAt, b.LastFetchedAt) && same(a.LastSuccessAt, b.LastSuccessAt) &&
		same(a.FailingSince, b.FailingSince) && same(a.NextFetchAt, b.NextFetchAt) &&
		a.LastError == b.LastError && a.ErrorCount == b.ErrorCount &&
		a.ETag == b.ETag && a.LastModified == b.LastModified
}
