package storetest

import (
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

var saveCases = []suiteCase{
	{"SaveArticles_FullRoundTrip", testSaveRoundTrip},
	{"SaveArticles_Defaults", testSaveDefaults},
	{"SaveArticles_NewsroomOriginal", testSaveOriginal},
	{"SaveArticles_Duplicates", testSaveDuplicates},
	{"SaveArticles_DuplicatesWithinBatch", testSaveDuplicatesInBatch},
	{"SaveArticles_RollsBackWholeBatch", testSaveRollback},
	{"SaveArticles_SlugCollisions", testSaveSlugs},
	{"SaveArticles_EmptyBatch", testSaveEmpty},
	{"GetArticle_Missing", testGetArticleMissing},
}

func testSaveRoundTrip(t *testing.T, s store.Store) {
	ctx := t.Context()
	src := mustAddSource(t, s, "https://harbor.example/feed", "Harbor Gazette")
	in := model.Article{
		GUID:         "urn:harbor:1",
		URL:          "https://harbor.example/news/ferry?id=1",
		CanonicalURL: "https://harbor.example/news/ferry",
		Title:        "Ferry «Nordlys» returns — 北港 🚢",
		Excerpt:      "The ferry is back.",
		ContentHTML:  "<p>The <b>ferry</b> is back.</p>",
		ContentText:  "The ferry is back.",
		Byline:       "Ana Ødegård",
		PublishedAt:  base,
		FetchedAt:    base.Add(time.Minute),
		ImageURL:     "https://harbor.example/ferry.jpg",
		ImageCredit:  "Photo: J. Doe",
		Credit:       "Harbor Gazette",
		Category:     "Local News",
		Language:     "en",
		ContentHash:  "sha256:abcd",
		Kind:         model.KindAggregated,
		StoryID:      77,
	}
	res := mustSave(t, s, src.ID, in)
	if res.Inserted != 1 || res.Duplicates != 0 || len(res.IDs) != 1 || res.IDs[0] <= 0 {
		t.Fatalf("SaveResult = %+v, want one insert", res)
	}
	want := in
	want.ID = res.IDs[0]
	want.SourceID = src.ID
	want.SourceName = "Harbor Gazette"
	want.Slug = "ferry-nordlys-returns"
	want.CategorySlug = "local-news"
	got, err := s.GetArticle(ctx, want.ID)
	if err != nil {
		t.Fatal(err)
	}
	assertArticle(t, got, want)
	bySlug, err := s.GetArticleBySlug(ctx, want.Slug)
	if err != nil {
		t.Fatal(err)
	}
	assertArticle(t, bySlug, want)
}

func testSaveDefaults(t *testing.T, s store.Store) {
	ctx := t.Context()
	src := mustAddSource(t, s, "https://a.example/rss", "A")
	before := time.Now().Add(-time.Second)
	res := mustSave(t, s, src.ID, model.Article{Title: "Undated report", URL: "https://a.example/1"})
	got, err := s.GetArticle(ctx, res.IDs[0])
	if err != nil {
		t.Fatal(err)
	}
	if got.Kind != model.KindAggregated {
		t.Errorf("Kind = %q, want %q", got.Kind, model.KindAggregated)
	}
	if got.FetchedAt.Before(before) || got.FetchedAt.After(time.Now()) {
		t.Errorf("FetchedAt = %v, want the time of saving", got.FetchedAt)
	}
	if !got.PublishedAt.Equal(got.FetchedAt) {
		t.Errorf("PublishedAt = %v, want FetchedAt %v for an undated article", got.PublishedAt, got.FetchedAt)
	}
	if got.Slug != "undated-report" || got.Category != "" || got.CategorySlug != "" || got.StoryID != 0 {
		t.Errorf("defaults: slug %q category %q/%q story %d", got.Slug, got.Category, got.CategorySlug, got.StoryID)
	}
}

func testSaveOriginal(t *testing.T, s store.Store) {
	ctx := t.Context()
	in := article("Our own reporting", base)
	in.Kind = model.KindOriginal
	in.Category = "Opinion"
	res := mustSave(t, s, 0, in)
	got, err := s.GetArticle(ctx, res.IDs[0])
	if err != nil {
		t.Fatal(err)
	}
	if got.SourceID != 0 || got.SourceName != "" || got.Kind != model.KindOriginal || got.Category != "Opinion" {
		t.Errorf("original = source %d %q kind %q category %q", got.SourceID, got.SourceName, got.Kind, got.Category)
	}
	// An original is listed, and filtering by a source leaves it out.
	all, _, err := s.ListArticles(ctx, store.ArticleFilter{})
	if err != nil || len(all) != 1 {
		t.Fatalf("ListArticles = %v, %v", ids(all), err)
	}
	src := mustAddSource(t, s, "https://a.example/rss", "A")
	bySource, _, err := s.ListArticles(ctx, store.ArticleFilter{SourceID: src.ID})
	if err != nil || len(bySource) != 0 {
		t.Errorf("ListArticles(source) = %v, %v; want none", ids(bySource), err)
	}
}

func testSaveDuplicates(t *testing.T, s store.Store) {
	ctx := t.Context()
	a := mustAddSource(t, s, "https://a.example/rss", "A")
	b := mustAddSource(t, s, "https://b.example/rss", "B")
	first := article("Council votes", base)
	first.CanonicalURL = "https://a.example/council"
	mustSave(t, s, a.ID, first)

	sameGUID := article("Council votes (updated)", base)
	sameGUID.GUID = first.GUID
	sameGUID.Category = "Ghost Section"
	sameCanonical := article("Council votes, syndicated", base)
	sameCanonical.CanonicalURL = first.CanonicalURL
	fresh := article("Bridge opens", base)
	res := mustSave(t, s, a.ID, sameGUID, fresh, sameCanonical)
	if res.Inserted != 1 || res.Duplicates != 2 || len(res.IDs) != 1 {
		t.Fatalf("same source: %+v, want 1 inserted, 2 duplicates", res)
	}
	got, err := s.GetArticle(ctx, res.IDs[0])
	if err != nil || got.Title != "Bridge opens" {
		t.Fatalf("inserted = %q, %v; want Bridge opens", got.Title, err)
	}
	if _, err := s.GetCategoryBySlug(ctx, "ghost-section"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a skipped duplicate created its category: %v", err)
	}

	// The same GUID from another source is a different article; the same
	// canonical URL is the same article wherever it comes from.
	res = mustSave(t, s, b.ID, sameGUID, sameCanonical)
	if res.Inserted != 1 || res.Duplicates != 1 {
		t.Fatalf("other source: %+v, want 1 inserted, 1 duplicate", res)
	}
	// Empty GUIDs and canonical URLs never make duplicates.
	blank1 := model.Article{Title: "Blank one", URL: "https://b.example/x"}
	blank2 := model.Article{Title: "Blank two", URL: "https://b.example/x"}
	res = mustSave(t, s, b.ID, blank1, blank2)
	if res.Inserted != 2 {
		t.Fatalf("blank identifiers: %+v, want 2 inserted", res)
	}
}

func testSaveDuplicatesInBatch(t *testing.T, s store.Store) {
	src := mustAddSource(t, s, "https://a.example/rss", "A")
	one := article("One", base)
	one.CanonicalURL = "https://a.example/one"
	oneAgain := article("One again", base)
	oneAgain.GUID = one.GUID
	oneCanonical := article("One elsewhere", base)
	oneCanonical.CanonicalURL = one.CanonicalURL
	two := article("Two", base)
	three := article("Three", base)
	res := mustSave(t, s, src.ID, one, oneAgain, two, oneCanonical, three)
	if res.Inserted != 3 || res.Duplicates != 2 || len(res.IDs) != 3 {
		t.Fatalf("SaveResult = %+v, want 3 inserted, 2 duplicates", res)
	}
	// IDs follow input order of the inserted articles.
	var titles []string
	for _, id := range res.IDs {
		a, err := s.GetArticle(t.Context(), id)
		if err != nil {
			t.Fatal(err)
		}
		titles = append(titles, a.Title)
	}
	if want := []string{"One", "Two", "Three"}; !reflect.DeepEqual(titles, want) {
		t.Errorf("IDs map to %v, want %v", titles, want)
	}
}

func testSaveRollback(t *testing.T, s store.Store) {
	ctx := t.Context()
	src := mustAddSource(t, s, "https://a.example/rss", "A")
	valid := article("Valid story", base)
	valid.Category = "Brand New Section"
	broken := article("Broken story", base)
	broken.Kind = "bogus" // violates the kind constraint, after valid was inserted
	res, err := s.SaveArticles(ctx, src.ID, []model.Article{valid, broken})
	if err == nil {
		t.Fatalf("SaveArticles with an invalid kind = %+v, want an error", res)
	}
	if _, err := s.GetArticleBySlug(ctx, "valid-story"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("valid article of the failed batch: %v, want ErrNotFound", err)
	}
	if _, err := s.GetCategoryBySlug(ctx, "brand-new-section"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("category of the failed batch: %v, want ErrNotFound", err)
	}
	// The failed batch left nothing that blocks saving it again.
	res = mustSave(t, s, src.ID, valid)
	if res.Inserted != 1 || res.Duplicates != 0 {
		t.Errorf("retry after rollback = %+v, want 1 inserted", res)
	}
}

func testSaveSlugs(t *testing.T, s store.Store) {
	ctx := t.Context()
	src := mustAddSource(t, s, "https://a.example/rss", "A")
	explicit := article("Anything", base)
	explicit.Slug = "storm-hits-coast"
	batch := []model.Article{
		article("Storm hits coast", base),
		{GUID: "g2", Title: "Storm hits coast!"},
		{GUID: "g3", Title: "STORM — hits coast"},
		explicit,
		{GUID: "g5", Title: "Été à Zürich"},
		{GUID: "g6", Title: "!!!"},
		{GUID: "g7", Title: "Storm hits coast 2"},
	}
	res := mustSave(t, s, src.ID, batch...)
	want := []string{
		"storm-hits-coast", "storm-hits-coast-2", "storm-hits-coast-3", "storm-hits-coast-4",
		"ete-a-zurich", "item", "storm-hits-coast-2-2",
	}
	for i, id := range res.IDs {
		a, err := s.GetArticle(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if a.Slug != want[i] {
			t.Errorf("article %d %q slug = %q, want %q", i, a.Title, a.Slug, want[i])
		}
	}
	// A later batch continues the numbering.
	res = mustSave(t, s, src.ID, model.Article{GUID: "g8", Title: "Storm hits coast"})
	a, err := s.GetArticle(ctx, res.IDs[0])
	if err != nil {
		t.Fatal(err)
	}
	if a.Slug != "storm-hits-coast-5" {
		t.Errorf("later slug = %q, want storm-hits-coast-5", a.Slug)
	}
}

func testSaveEmpty(t *testing.T, s store.Store) {
	res, err := s.SaveArticles(t.Context(), 0, nil)
	if err != nil || res.Inserted != 0 || res.Duplicates != 0 || len(res.IDs) != 0 {
		t.Fatalf("SaveArticles(nil) = %+v, %v", res, err)
	}
}

func testGetArticleMissing(t *testing.T, s store.Store) {
	ctx := t.Context()
	if _, err := s.GetArticle(ctx, 12345); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("GetArticle(missing) = %v, want ErrNotFound", err)
	}
	if _, err := s.GetArticleBySlug(ctx, "no-such-story"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("GetArticleBySlug(missing) = %v, want ErrNotFound", err)
	}
}
