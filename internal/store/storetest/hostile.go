package storetest

import (
	"errors"
	"testing"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

var hostileCases = []suiteCase{
	{"HostileBytes_StoredCleaned", testHostileStored},
	{"HostileBytes_LookupsFindNothing", testHostileLookups},
}

// Feeds and servers send NUL bytes and invalid UTF-8. Both backends keep
// such text the same way: invalid bytes as U+FFFD, NULs dropped.
func testHostileStored(t *testing.T, s store.Store) {
	ctx := t.Context()
	src, err := s.AddSource(ctx, model.Source{FeedURL: "https://a.example/rss\x00", Name: "Bad\xffName"})
	if err != nil {
		t.Fatal(err)
	}
	if src.FeedURL != "https://a.example/rss" || src.Name != "Bad\uFFFDName" {
		t.Errorf("source stored as %q %q", src.FeedURL, src.Name)
	}
	state := model.FetchState{LastFetchedAt: base, LastError: "server said \xfe\x00!", ErrorCount: 1, FailingSince: base}
	if err := s.RecordFetch(ctx, src.ID, state); err != nil {
		t.Fatal(err)
	}
	if err := s.UpdateSourceMeta(ctx, src.ID, "Good\x00 Name", ""); err != nil {
		t.Fatal(err)
	}
	got, err := s.GetSource(ctx, src.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.State.LastError != "server said \uFFFD!" || got.Name != "Good Name" {
		t.Errorf("state error %q, name %q", got.State.LastError, got.Name)
	}
	in := article("Nul\x00 and \xc3\x28 bytes", base)
	in.ContentText = "body\x00text"
	in.Category = "Wor\x00ld"
	res := mustSave(t, s, src.ID, in)
	a, err := s.GetArticle(ctx, res.IDs[0])
	if err != nil {
		t.Fatal(err)
	}
	if a.Title != "Nul and \uFFFD( bytes" || a.ContentText != "bodytext" || a.Category != "World" {
		t.Errorf("article stored as title %q text %q category %q", a.Title, a.ContentText, a.Category)
	}
}

func testHostileLookups(t *testing.T, s store.Store) {
	ctx := t.Context()
	src := mustAddSource(t, s, "https://a.example/rss", "A")
	in := article("Plain story", base)
	in.Category = "World"
	mustSave(t, s, src.ID, in)
	for _, bad := range []string{"\xff", "plain-story\x00", "wor\x00ld"} {
		if _, err := s.GetArticleBySlug(ctx, bad); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("GetArticleBySlug(%q) = %v, want ErrNotFound", bad, err)
		}
		if _, err := s.GetCategoryBySlug(ctx, bad); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("GetCategoryBySlug(%q) = %v, want ErrNotFound", bad, err)
		}
		items, next, err := s.ListArticles(ctx, store.ArticleFilter{CategorySlug: bad})
		if err != nil || items == nil || len(items) != 0 || next != "" {
			t.Errorf("ListArticles(category %q) = %v, %q, %v", bad, ids(items), next, err)
		}
		known, err := s.KnownArticleURLs(ctx, []string{bad, in.URL})
		if err != nil || len(known) != 1 || !known[in.URL] {
			t.Errorf("KnownArticleURLs(%q, good) = %v, %v", bad, known, err)
		}
		for _, q := range []store.SearchQuery{
			{Query: parse("plain"), Categories: []string{bad}},
			{Query: parse("plain"), Categories: []string{bad}, Exact: true, Fields: store.FieldTitle},
		} {
			res, err := s.SearchArticles(ctx, q)
			if err != nil || res.Total != 0 || len(res.Items) != 0 {
				t.Errorf("SearchArticles(category %q) = %+v, %v; want nothing", bad, res, err)
			}
		}
		if _, err := s.SearchArticles(ctx, store.SearchQuery{Query: parse(bad), Facets: true}); err != nil {
			t.Errorf("SearchArticles(%q): %v", bad, err)
		}
	}
}
