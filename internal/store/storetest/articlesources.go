package storetest

import (
	"errors"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

var articleSourceCases = []suiteCase{
	{"ArticleSources_OneArticleManySources", testArticleSourcesLinks},
	{"ArticleSources_LinkedGUIDIsKnown", testArticleSourcesGUID},
	{"ArticleSources_DuplicatesWithinBatch", testArticleSourcesBatch},
	{"ArticleSources_NewsroomOriginal", testArticleSourcesOriginal},
	{"ArticleSources_RemoveSource", testArticleSourcesRemove},
	{"ArticleSources_Missing", testArticleSourcesMissing},
	{"ArticleSources_HostileInput", testArticleSourcesHostile},
	{"SourceArticleURLs", testSourceArticleURLs},
	{"SourceArticleURLs_ManyURLs", testSourceArticleURLsMany},
}

// carried is the ferry story as a feed carries it.
func carried(guid, url string, seen time.Time) model.Article {
	a := article("Ferry returns after two years", base)
	a.GUID, a.URL, a.CanonicalURL, a.FetchedAt = guid, url, "https://harbor.example/news/ferry", seen
	return a
}

// mustSources returns an article's sources and fails the test on error.
func mustSources(t *testing.T, s store.Store, id int64) []model.ArticleSource {
	t.Helper()
	got, err := s.ArticleSources(t.Context(), id)
	if err != nil {
		t.Fatalf("ArticleSources(%d): %v", id, err)
	}
	return got
}

func wantSources(t *testing.T, got []model.ArticleSource, want ...model.ArticleSource) {
	t.Helper()
	if len(want) == 0 {
		want = []model.ArticleSource{}
	}
	for i := range got {
		got[i].SeenAt = got[i].SeenAt.UTC()
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ArticleSources =\n%+v\nwant\n%+v", got, want)
	}
}

func wantSave(t *testing.T, what string, res store.SaveResult, inserted, duplicates, linked int) {
	t.Helper()
	if res.Inserted != inserted || res.Duplicates != duplicates || res.Linked != linked {
		t.Errorf("%s: SaveResult = %+v, want %d inserted, %d duplicates, %d linked",
			what, res, inserted, duplicates, linked)
	}
}

func testArticleSourcesLinks(t *testing.T, s store.Store) {
	a := mustAddSource(t, s, "https://harbor.example/rss", "Harbor Gazette")
	b := mustAddSource(t, s, "https://wire.example/rss", "Wire")
	c := mustAddSource(t, s, "https://digest.example/rss", "Digest")
	orig := carried("harbor-1", "https://www.harbor.example/news/ferry/?utm_source=rss", base)
	id := mustSave(t, s, a.ID, orig).IDs[0]
	wantSources(t, mustSources(t, s, id), model.ArticleSource{SourceID: a.ID, SourceName: "Harbor Gazette", URL: orig.URL, SeenAt: base})

	// The same canonical URL under another GUID and link, from another
	// source: not stored again, linked.
	fromB := carried("wire-77", "https://m.harbor.example/news/ferry/amp", base.Add(2*time.Hour))
	wantSave(t, "same canonical URL from B", mustSave(t, s, b.ID, fromB), 0, 1, 1)
	// The same link, with a canonical URL its page gave differently.
	fromC := carried("digest-3", orig.URL, base.Add(time.Hour))
	fromC.CanonicalURL = "https://harbor.example/2024/ferry-returns"
	wantSave(t, "same URL from C", mustSave(t, s, c.ID, fromC), 0, 1, 1)

	// Fetching the feeds again changes nothing, the original's included.
	wantSave(t, "B again", mustSave(t, s, b.ID, fromB), 0, 1, 0)
	wantSave(t, "C again", mustSave(t, s, c.ID, fromC), 0, 1, 0)
	wantSave(t, "A again", mustSave(t, s, a.ID, orig), 0, 1, 0)
	wantSources(t, mustSources(t, s, id),
		model.ArticleSource{SourceID: a.ID, SourceName: "Harbor Gazette", URL: orig.URL, SeenAt: base},
		model.ArticleSource{SourceID: c.ID, SourceName: "Digest", URL: fromC.URL, SeenAt: base.Add(time.Hour)},
		model.ArticleSource{SourceID: b.ID, SourceName: "Wire", URL: fromB.URL, SeenAt: base.Add(2 * time.Hour)})
	if list, _, err := s.ListArticles(t.Context(), store.ArticleFilter{}); err != nil || len(list) != 1 {
		t.Errorf("ListArticles = %v, %v; want the one article", ids(list), err)
	}
	// The article still belongs to, and is credited to, its first source.
	if got, err := s.GetArticle(t.Context(), id); err != nil || got.SourceID != a.ID {
		t.Errorf("GetArticle = source %d, %v; want %d", got.SourceID, err, a.ID)
	}
}

func testArticleSourcesGUID(t *testing.T, s store.Store) {
	a := mustAddSource(t, s, "https://harbor.example/rss", "A")
	b := mustAddSource(t, s, "https://wire.example/rss", "B")
	id := mustSave(t, s, a.ID, carried("harbor-1", "https://harbor.example/news/ferry", base)).IDs[0]
	mustSave(t, s, b.ID, carried("wire-77", "https://wire.example/s/ferry", base))
	// B's feed now links elsewhere under the same GUID: still the same
	// article, still one record of B.
	moved := carried("wire-77", "https://wire.example/stories/ferry-returns", base.Add(time.Hour))
	moved.CanonicalURL = "https://wire.example/stories/ferry-returns"
	wantSave(t, "B's GUID under a new link", mustSave(t, s, b.ID, moved), 0, 1, 0)
	if got := mustSources(t, s, id); len(got) != 2 || got[1].URL != "https://wire.example/s/ferry" {
		t.Errorf("ArticleSources = %+v, want A then B's first link", got)
	}
	// A GUID is a source's own: the same GUID from a third source with a
	// link of its own is another article.
	c := mustAddSource(t, s, "https://c.example/rss", "C")
	other := moved
	other.URL, other.CanonicalURL, other.Title = "https://c.example/x", "https://c.example/x", "Another story"
	wantSave(t, "B's GUID from C", mustSave(t, s, c.ID, other), 1, 0, 0)
}

func testArticleSourcesBatch(t *testing.T, s store.Store) {
	a := mustAddSource(t, s, "https://harbor.example/rss", "A")
	b := mustAddSource(t, s, "https://wire.example/rss", "B")
	id := mustSave(t, s, a.ID, carried("harbor-1", "https://harbor.example/news/ferry", base)).IDs[0]
	// One feed carrying the story twice (two links, two GUIDs) records
	// its source once.
	res := mustSave(t, s, b.ID,
		carried("wire-1", "https://wire.example/a", base), article("Bridge opens", base),
		carried("wire-2", "https://wire.example/b", base))
	wantSave(t, "twice in one batch", res, 1, 2, 1)
	if got := mustSources(t, s, id); len(got) != 2 || got[1].URL != "https://wire.example/a" {
		t.Errorf("ArticleSources = %+v, want A then B's first link", got)
	}
}

func testArticleSourcesOriginal(t *testing.T, s store.Store) {
	b := mustAddSource(t, s, "https://wire.example/rss", "Wire")
	mine := carried("", "https://harbor.example/news/ferry", base)
	mine.Kind = model.KindOriginal
	id := mustSave(t, s, 0, mine).IDs[0]
	wantSources(t, mustSources(t, s, id))
	// A feed that carries the newsroom's article is listed.
	fromB := carried("wire-77", "https://wire.example/ferry", base.Add(time.Hour))
	wantSave(t, "newsroom article from a feed", mustSave(t, s, b.ID, fromB), 0, 1, 1)
	wantSources(t, mustSources(t, s, id),
		model.ArticleSource{SourceID: b.ID, SourceName: "Wire", URL: fromB.URL, SeenAt: base.Add(time.Hour)})
	// The newsroom is no feed: its duplicates of a feed's article are
	// skipped without a record.
	feedOnly := article("Wire only", base)
	feedOnly.CanonicalURL = "https://wire.example/only"
	wireID := mustSave(t, s, b.ID, feedOnly).IDs[0]
	wantSave(t, "newsroom repeats a feed", mustSave(t, s, 0, feedOnly), 0, 1, 0)
	if got := mustSources(t, s, wireID); len(got) != 1 {
		t.Errorf("ArticleSources = %+v, want the feed alone", got)
	}
}

func testArticleSourcesRemove(t *testing.T, s store.Store) {
	ctx := t.Context()
	a := mustAddSource(t, s, "https://harbor.example/rss", "A")
	b := mustAddSource(t, s, "https://wire.example/rss", "B")
	c := mustAddSource(t, s, "https://digest.example/rss", "C")
	orig := carried("harbor-1", "https://harbor.example/news/ferry", base)
	id := mustSave(t, s, a.ID, orig).IDs[0]
	fromB := carried("wire-1", "https://wire.example/ferry", base.Add(time.Minute))
	fromC := carried("digest-1", "https://digest.example/ferry", base.Add(2*time.Minute))
	mustSave(t, s, b.ID, fromB)
	mustSave(t, s, c.ID, fromC)

	// Removing a source that carried the article too leaves the article.
	if err := s.RemoveSource(ctx, b.ID); err != nil {
		t.Fatal(err)
	}
	if got := mustSources(t, s, id); len(got) != 2 || got[0].SourceID != a.ID || got[1].SourceID != c.ID {
		t.Errorf("after removing B: %+v, want A, C", got)
	}
	// Removing the source it was stored from removes it, as ever.
	if err := s.RemoveSource(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.GetArticle(ctx, id); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("article of a removed source: %v, want ErrNotFound", err)
	}
	if _, err := s.ArticleSources(ctx, id); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("ArticleSources of a removed article: %v, want ErrNotFound", err)
	}
	// No record is left behind: C's feed brings the story back as its own.
	known, err := s.SourceArticleURLs(ctx, c.ID, []string{fromC.URL, fromC.CanonicalURL})
	if err != nil || len(known) != 0 {
		t.Errorf("SourceArticleURLs after the article went = %v, %v; want none", known, err)
	}
	res := mustSave(t, s, c.ID, fromC)
	wantSave(t, "C after A went", res, 1, 0, 0)
	if len(res.IDs) == 1 {
		wantSources(t, mustSources(t, s, res.IDs[0]),
			model.ArticleSource{SourceID: c.ID, SourceName: "C", URL: fromC.URL, SeenAt: fromC.FetchedAt})
	}
}

func testArticleSourcesMissing(t *testing.T, s store.Store) {
	for _, id := range []int64{0, -1, 1, 1 << 62} {
		if got, err := s.ArticleSources(t.Context(), id); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("ArticleSources(%d) = %v, %v; want ErrNotFound", id, got, err)
		}
	}
}

func testArticleSourcesHostile(t *testing.T, s store.Store) {
	a := mustAddSource(t, s, "https://harbor.example/rss", "A")
	b := mustAddSource(t, s, "https://wire.example/rss", "B")
	orig := carried("harbor-1", "https://harbor.example/news/ferry", base)
	id := mustSave(t, s, a.ID, orig).IDs[0]
	bad := carried("wire-\xff\x00-1", "https://wire.example/\xfe\x00'; DROP TABLE article_sources; --", base)
	wantSave(t, "hostile link", mustSave(t, s, b.ID, bad), 0, 1, 1)
	wantSave(t, "hostile link again", mustSave(t, s, b.ID, bad), 0, 1, 0)
	got := mustSources(t, s, id)
	if len(got) != 2 || got[1].URL != store.Clean(bad.URL) {
		t.Errorf("ArticleSources = %+v, want B's link cleaned", got)
	}
	known, err := s.SourceArticleURLs(t.Context(), b.ID, []string{bad.URL, store.Clean(bad.URL), "", "\xff"})
	if err != nil || !reflect.DeepEqual(known, map[string]bool{store.Clean(bad.URL): true}) {
		t.Errorf("SourceArticleURLs(hostile) = %v, %v; want the cleaned link only", known, err)
	}
	if _, err := s.GetArticle(t.Context(), id); err != nil {
		t.Errorf("article after hostile links: %v", err)
	}
}

func testSourceArticleURLs(t *testing.T, s store.Store) {
	a := mustAddSource(t, s, "https://harbor.example/rss", "A")
	b := mustAddSource(t, s, "https://wire.example/rss", "B")
	c := mustAddSource(t, s, "https://digest.example/rss", "C")
	orig := carried("harbor-1", "https://harbor.example/news/ferry?id=1", base)
	mustSave(t, s, a.ID, orig)
	fromB := carried("wire-1", "https://wire.example/ferry", base)
	mustSave(t, s, b.ID, fromB)
	other := article("Bridge opens", base)
	other.CanonicalURL = "https://wire.example/bridge"
	mustSave(t, s, b.ID, other)

	ask := []string{orig.URL, orig.CanonicalURL, fromB.URL, other.URL, other.CanonicalURL, "https://nowhere.example/", ""}
	tests := []struct {
		src  model.Source
		want []string
	}{
		{a, []string{orig.URL, orig.CanonicalURL}},
		{b, []string{orig.URL, orig.CanonicalURL, fromB.URL, other.URL, other.CanonicalURL}},
		{c, nil},
	}
	for _, tt := range tests {
		got, err := s.SourceArticleURLs(t.Context(), tt.src.ID, ask)
		want := map[string]bool{}
		for _, u := range tt.want {
			want[u] = true
		}
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("SourceArticleURLs(%s) = %v, %v; want %v", tt.src.Name, got, err, want)
		}
	}
	if got, err := s.SourceArticleURLs(t.Context(), a.ID, nil); err != nil || got == nil || len(got) != 0 {
		t.Errorf("SourceArticleURLs(nil) = %v, %v; want an empty map", got, err)
	}
}

func testSourceArticleURLsMany(t *testing.T, s store.Store) {
	a := mustAddSource(t, s, "https://harbor.example/rss", "A")
	b := mustAddSource(t, s, "https://wire.example/rss", "B")
	var fromA, fromB []model.Article
	var ask []string
	for i := range 1500 {
		art := article(fmt.Sprintf("Story %d", i), base)
		art.CanonicalURL = fmt.Sprintf("https://harbor.example/c/%d", i)
		ask = append(ask, art.URL)
		if i%3 != 0 {
			continue
		}
		fromA = append(fromA, art)
		if i%2 == 0 {
			linked := art
			linked.GUID, linked.URL = "b-"+art.GUID, fmt.Sprintf("https://wire.example/%d", i)
			fromB = append(fromB, linked)
			ask = append(ask, linked.URL)
		}
	}
	mustSave(t, s, a.ID, fromA...)
	wantSave(t, "B's links", mustSave(t, s, b.ID, fromB...), 0, len(fromB), len(fromB))
	gotA, errA := s.SourceArticleURLs(t.Context(), a.ID, ask)
	gotB, errB := s.SourceArticleURLs(t.Context(), b.ID, ask)
	if errA != nil || errB != nil || len(gotA) != len(fromA) || len(gotB) != 2*len(fromB) {
		t.Errorf("over %d urls: A knows %d (%v), B %d (%v); want %d and %d",
			len(ask), len(gotA), errA, len(gotB), errB, len(fromA), 2*len(fromB))
	}
}
