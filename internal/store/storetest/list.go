package storetest

import (
	"cmp"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

var listCases = []suiteCase{
	{"ListArticles_Empty", testListEmpty},
	{"ListArticles_PagesWithoutGapsOrRepeats", testListPages},
	{"ListArticles_Limits", testListLimits},
	{"ListArticles_BadCursor", testListBadCursor},
	{"ListArticles_OmitsBodiesOnly", testListLight},
	{"ListArticles_Filters", testListFilters},
	{"KnownArticleURLs", testKnownURLs},
	{"KnownArticleURLs_ManyURLs", testKnownURLsMany},
}

func testListEmpty(t *testing.T, s store.Store) {
	items, next, err := s.ListArticles(t.Context(), store.ArticleFilter{})
	if err != nil || items == nil || len(items) != 0 || next != "" {
		t.Fatalf("empty store: %#v, %q, %v; want an empty, non-nil page", items, next, err)
	}
}

// saveTied stores n articles where every three share one publication
// time, saved out of time order, and returns their IDs newest first.
func saveTied(t *testing.T, s store.Store, sourceID int64, n int) []int64 {
	t.Helper()
	var arts []model.Article
	for i := range n {
		pub := base.Add(time.Duration((i*7)%n/3) * time.Minute)
		arts = append(arts, article(fmt.Sprintf("Story %03d", i), pub))
	}
	res := mustSave(t, s, sourceID, arts...)
	type row struct {
		pub time.Time
		id  int64
	}
	rows := make([]row, n)
	for i, id := range res.IDs {
		rows[i] = row{arts[i].PublishedAt, id}
	}
	slices.SortFunc(rows, func(a, b row) int {
		if c := b.pub.Compare(a.pub); c != 0 {
			return c
		}
		return cmp.Compare(b.id, a.id)
	})
	out := make([]int64, n)
	for i, r := range rows {
		out[i] = r.id
	}
	return out
}

func testListPages(t *testing.T, s store.Store) {
	ctx := t.Context()
	src := mustAddSource(t, s, "https://a.example/rss", "A")
	want := saveTied(t, s, src.ID, 45)
	var got []int64
	var sizes []int
	cursor := ""
	for page := 0; page < 10; page++ {
		items, next, err := s.ListArticles(ctx, store.ArticleFilter{Limit: 20, Cursor: cursor})
		if err != nil {
			t.Fatal(err)
		}
		sizes = append(sizes, len(items))
		got = append(got, ids(items)...)
		if next == "" {
			break
		}
		cursor = next
	}
	if !reflect.DeepEqual(sizes, []int{20, 20, 5}) {
		t.Errorf("page sizes = %v, want [20 20 5]", sizes)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("paged IDs =\n%v\nwant (published_at DESC, id DESC)\n%v", got, want)
	}
	// A page that ends exactly at the last row says so.
	items, next, err := s.ListArticles(ctx, store.ArticleFilter{Limit: 45})
	if err != nil || len(items) != 45 || next != "" {
		t.Errorf("limit 45 of 45: %d items, next %q, %v; want 45 and no cursor", len(items), next, err)
	}
}

func testListLimits(t *testing.T, s store.Store) {
	ctx := t.Context()
	src := mustAddSource(t, s, "https://a.example/rss", "A")
	saveTied(t, s, src.ID, store.MaxLimit+5)
	for _, tc := range []struct{ limit, want int }{
		{0, store.DefaultLimit}, {-3, store.DefaultLimit}, {1, 1}, {1000, store.MaxLimit},
	} {
		items, next, err := s.ListArticles(ctx, store.ArticleFilter{Limit: tc.limit})
		if err != nil {
			t.Fatal(err)
		}
		if len(items) != tc.want || next == "" {
			t.Errorf("Limit %d: %d items, next %q; want %d and a cursor", tc.limit, len(items), next, tc.want)
		}
	}
}

func testListBadCursor(t *testing.T, s store.Store) {
	src := mustAddSource(t, s, "https://a.example/rss", "A")
	saveTied(t, s, src.ID, 3)
	for _, c := range []string{"garbage!", "bm9kb3Q", "' OR 1=1 --"} {
		_, _, err := s.ListArticles(t.Context(), store.ArticleFilter{Cursor: c})
		if !errors.Is(err, store.ErrBadCursor) {
			t.Errorf("cursor %q: error %v, want ErrBadCursor", c, err)
		}
	}
}

func testListLight(t *testing.T, s store.Store) {
	ctx := t.Context()
	src := mustAddSource(t, s, "https://a.example/rss", "Alpha Daily")
	in := article("Full story", base)
	in.CanonicalURL = "https://a.example/full"
	in.ContentHTML, in.ContentText = "<p>Body</p>", "Body"
	in.Byline, in.ImageURL, in.ImageCredit, in.Credit = "By Bo", "https://a.example/i.jpg", "Photo: Cy", "Alpha Daily"
	in.Category, in.Language, in.ContentHash, in.StoryID = "Science", "fr", "h1", 9
	res := mustSave(t, s, src.ID, in)
	full, err := s.GetArticle(ctx, res.IDs[0])
	if err != nil {
		t.Fatal(err)
	}
	items, _, err := s.ListArticles(ctx, store.ArticleFilter{})
	if err != nil || len(items) != 1 {
		t.Fatalf("ListArticles = %v, %v", ids(items), err)
	}
	want := full
	want.ContentHTML, want.ContentText = "", ""
	assertArticle(t, items[0], want)
}

func testListFilters(t *testing.T, s store.Store) {
	ctx := t.Context()
	a := mustAddSource(t, s, "https://a.example/rss", "A")
	b := mustAddSource(t, s, "https://b.example/rss", "B")
	mk := func(title, category, image string, hoursAgo int) model.Article {
		art := article(title, base.Add(-time.Duration(hoursAgo)*time.Hour))
		art.Category, art.ImageURL = category, image
		return art
	}
	ra := mustSave(t, s, a.ID,
		mk("A world old", "World", "https://i/1.jpg", 48),
		mk("A sport", "Sport", "", 3),
		mk("A world new", "World", "", 1))
	rb := mustSave(t, s, b.ID,
		mk("B world", "World", "https://i/2.jpg", 2),
		mk("B plain", "", "https://i/3.jpg", 5))
	aWorldOld, aSport, aWorldNew := ra.IDs[0], ra.IDs[1], ra.IDs[2]
	bWorld, bPlain := rb.IDs[0], rb.IDs[1]
	cases := []struct {
		name string
		f    store.ArticleFilter
		want []int64
	}{
		{"all", store.ArticleFilter{}, []int64{aWorldNew, bWorld, aSport, bPlain, aWorldOld}},
		{"category", store.ArticleFilter{CategorySlug: "world"}, []int64{aWorldNew, bWorld, aWorldOld}},
		{"unknown category", store.ArticleFilter{CategorySlug: "nope"}, nil},
		{"source", store.ArticleFilter{SourceID: b.ID}, []int64{bWorld, bPlain}},
		{"with image", store.ArticleFilter{WithImage: true}, []int64{bWorld, bPlain, aWorldOld}},
		{"exclude", store.ArticleFilter{ExcludeIDs: []int64{bWorld, aSport}}, []int64{aWorldNew, bPlain, aWorldOld}},
		{"since inclusive", store.ArticleFilter{Since: base.Add(-3 * time.Hour)}, []int64{aWorldNew, bWorld, aSport}},
		{"combined", store.ArticleFilter{CategorySlug: "world", SourceID: a.ID, WithImage: true}, []int64{aWorldOld}},
	}
	for _, tc := range cases {
		items, next, err := s.ListArticles(ctx, tc.f)
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if got := ids(items); !slices.Equal(got, tc.want) || next != "" {
			t.Errorf("%s: got %v next %q, want %v", tc.name, got, next, tc.want)
		}
	}
	// Filters hold across pages.
	f := store.ArticleFilter{CategorySlug: "world", Limit: 2}
	first, next, err := s.ListArticles(ctx, f)
	if err != nil || next == "" {
		t.Fatalf("first filtered page: %v, %q, %v", ids(first), next, err)
	}
	f.Cursor = next
	second, next, err := s.ListArticles(ctx, f)
	if err != nil || next != "" || !slices.Equal(ids(second), []int64{aWorldOld}) {
		t.Errorf("second filtered page: %v, %q, %v; want [%d]", ids(second), next, err, aWorldOld)
	}
}

func testKnownURLs(t *testing.T, s store.Store) {
	ctx := t.Context()
	src := mustAddSource(t, s, "https://a.example/rss", "A")
	one := article("One", base)
	one.URL = "https://a.example/one?utm=x"
	one.CanonicalURL = "https://a.example/one"
	two := article("Two", base)
	two.URL = "https://a.example/two"
	mustSave(t, s, src.ID, one, two)
	got, err := s.KnownArticleURLs(ctx, []string{
		"https://a.example/one?utm=x", "https://a.example/one", "https://a.example/two",
		"https://a.example/three", "", "https://a.example/two",
	})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]bool{
		"https://a.example/one?utm=x": true, "https://a.example/one": true, "https://a.example/two": true,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("KnownArticleURLs = %v, want %v", got, want)
	}
	empty, err := s.KnownArticleURLs(ctx, nil)
	if err != nil || len(empty) != 0 {
		t.Errorf("KnownArticleURLs(nil) = %v, %v", empty, err)
	}
}

func testKnownURLsMany(t *testing.T, s store.Store) {
	ctx := t.Context()
	src := mustAddSource(t, s, "https://a.example/rss", "A")
	var arts []model.Article
	var urls []string
	for i := range 1500 {
		u := fmt.Sprintf("https://a.example/%d", i)
		urls = append(urls, u)
		if i%3 == 0 {
			arts = append(arts, model.Article{GUID: u, URL: u, Title: fmt.Sprintf("Item %d", i)})
		}
	}
	mustSave(t, s, src.ID, arts...)
	got, err := s.KnownArticleURLs(ctx, urls)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 500 || !got["https://a.example/0"] || !got["https://a.example/1497"] || got["https://a.example/1"] {
		t.Errorf("KnownArticleURLs over 1500 urls: %d known, want every third (500)", len(got))
	}
}
