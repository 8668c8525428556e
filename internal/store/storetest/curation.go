package storetest

import (
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

var curationCases = []suiteCase{
	{"Curation/HiddenArticleLeavesPublicReads", testCurationHideArticle},
	{"Curation/FeaturedArticles", testCurationFeature},
	{"Curation/ArticleCategory", testCurationCategory},
	{"Curation/HiddenAndPinnedStories", testCurationStories},
	{"Curation/DisabledSourceIsNotFetched", testCurationDisabledSource},
}

// curatedWorld is storyFixture with story 7 (harbor A, valley A as lead,
// coast A and B) and story 9 (harbor B).
func curatedWorld(t *testing.T, s store.Store) ([]int64, []model.Source) {
	t.Helper()
	aid, srcs := storyFixture(t, s)
	mustApply(t, s,
		store.StoryAssignment{ArticleID: aid[0], StoryID: 7},
		store.StoryAssignment{ArticleID: aid[2], StoryID: 7, Lead: aid[2]},
		store.StoryAssignment{ArticleID: aid[4], StoryID: 7},
		store.StoryAssignment{ArticleID: aid[5], StoryID: 7},
		store.StoryAssignment{ArticleID: aid[1], StoryID: 9},
	)
	return aid, srcs
}

// publicSight reports where a reader can find article id: by slug, in
// the listings, in a text search for words, in a search without text,
// in its story.
func publicSight(t *testing.T, s store.Store, a model.Article, words string) map[string]bool {
	t.Helper()
	ctx := t.Context()
	seen := map[string]bool{}
	if _, err := s.GetArticleBySlug(ctx, a.Slug); err == nil {
		seen["slug"] = true
	} else if !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("GetArticleBySlug: %v", err)
	}
	for name, f := range map[string]store.ArticleFilter{
		"list": {}, "source list": {SourceID: a.SourceID}, "category list": {CategorySlug: a.CategorySlug},
	} {
		items, _, err := s.ListArticles(ctx, f)
		if err != nil {
			t.Fatalf("ListArticles(%s): %v", name, err)
		}
		seen[name] = slices.Contains(ids(items), a.ID)
	}
	for name, q := range map[string]store.SearchQuery{
		"search":          {Query: parse(words)},
		"search newest":   {Query: parse(words), Newest: true},
		"search category": {Query: parse(words), Categories: []string{a.CategorySlug}},
		"search no text":  {Sources: []int64{a.SourceID}},
	} {
		_, got := searchIDs(t, s, q)
		seen[name] = slices.Contains(got, a.ID)
	}
	if a.StoryID != 0 {
		arts, err := s.StoryArticles(ctx, a.StoryID)
		if err != nil {
			t.Fatal(err)
		}
		seen["story"] = slices.Contains(ids(arts), a.ID)
	}
	return seen
}

func testCurationHideArticle(t *testing.T, s store.Store) {
	ctx := t.Context()
	aid, srcs := curatedWorld(t, s)
	lead, err := s.GetArticle(ctx, aid[2]) // Valley Ledger report A, the lead, the only photo
	if err != nil {
		t.Fatal(err)
	}
	if lead.Hidden {
		t.Fatal("a new article is hidden")
	}
	before := publicSight(t, s, lead, "valley")
	for where, ok := range before {
		if !ok {
			t.Fatalf("visible article missing from %s", where)
		}
	}
	if err := s.SetArticleHidden(ctx, lead.ID, true); err != nil {
		t.Fatal(err)
	}
	for where, ok := range publicSight(t, s, lead, "valley") {
		if ok {
			t.Errorf("hidden article still found by %s", where)
		}
	}
	if got, err := s.GetArticle(ctx, lead.ID); err != nil || !got.Hidden {
		t.Errorf("GetArticle(hidden) = hidden %v, %v; the desk still reads it", got.Hidden, err)
	}
	st := mustStory(t, s, 7)
	if st.Articles != 3 || st.Sources != 2 || st.LeadArticleID == lead.ID || st.Title == lead.Title || st.ImageURL != "" {
		t.Errorf("story without its hidden lead: %d articles, %d sources, lead %d %q, image %q",
			st.Articles, st.Sources, st.LeadArticleID, st.Title, st.ImageURL)
	}
	ss, err := s.StorySources(ctx, 7)
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range ss {
		if x.SourceID == srcs[1].ID {
			t.Errorf("story sources still name the hidden article's outlet: %+v", ss)
		}
	}
	hidden, _, err := s.HiddenArticles(ctx, store.ArticleFilter{})
	if err != nil || !slices.Equal(ids(hidden), []int64{lead.ID}) {
		t.Errorf("HiddenArticles = %v, %v; want [%d]", ids(hidden), err, lead.ID)
	}
	if only, _, _ := s.HiddenArticles(ctx, store.ArticleFilter{SourceID: srcs[0].ID}); len(only) != 0 {
		t.Errorf("HiddenArticles of another source = %v", ids(only))
	}
	// Hiding twice changes nothing; showing brings everything back.
	if err := s.SetArticleHidden(ctx, lead.ID, true); err != nil {
		t.Fatal(err)
	}
	if err := s.SetArticleHidden(ctx, lead.ID, false); err != nil {
		t.Fatal(err)
	}
	for where, ok := range publicSight(t, s, lead, "valley") {
		if !ok {
			t.Errorf("shown article missing from %s", where)
		}
	}
	if st := mustStory(t, s, 7); st.Articles != 4 || st.Sources != 3 || st.ImageURL == "" {
		t.Errorf("story after showing: %d articles, %d sources, image %q", st.Articles, st.Sources, st.ImageURL)
	}
	if hidden, _, _ := s.HiddenArticles(ctx, store.ArticleFilter{}); len(hidden) != 0 {
		t.Errorf("HiddenArticles after showing = %v", ids(hidden))
	}
	// A story whose every article is hidden leaves the listings.
	if err := s.SetArticleHidden(ctx, aid[1], true); err != nil {
		t.Fatal(err)
	}
	list, _, err := s.ListStories(ctx, store.StoryFilter{})
	if err != nil || !slices.Equal(storyIDs(list), []int64{7}) {
		t.Errorf("stories with story 9's only article hidden = %v, %v", storyIDs(list), err)
	}
	if err := s.SetArticleHidden(ctx, 404040, true); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("SetArticleHidden(missing) = %v, want ErrNotFound", err)
	}
}

func testCurationFeature(t *testing.T, s store.Store) {
	ctx := t.Context()
	aid, _ := curatedWorld(t, s)
	if got, err := s.FeaturedArticles(ctx, 10); err != nil || len(got) != 0 {
		t.Fatalf("FeaturedArticles of a new site = %v, %v", ids(got), err)
	}
	for i, id := range []int64{aid[3], aid[0], aid[4]} {
		if err := s.SetArticleFeatured(ctx, id, true, base.Add(time.Duration(i)*time.Hour)); err != nil {
			t.Fatal(err)
		}
	}
	// Featuring again keeps the first time.
	if err := s.SetArticleFeatured(ctx, aid[3], true, base.Add(9*time.Hour)); err != nil {
		t.Fatal(err)
	}
	got, err := s.FeaturedArticles(ctx, 10)
	if want := []int64{aid[4], aid[0], aid[3]}; err != nil || !slices.Equal(ids(got), want) {
		t.Fatalf("FeaturedArticles = %v, %v; want %v, latest featured first", ids(got), err, want)
	}
	if !got[2].FeaturedAt.Equal(base) {
		t.Errorf("featured at %v, want %v", got[2].FeaturedAt, base)
	}
	if top, _ := s.FeaturedArticles(ctx, 1); !slices.Equal(ids(top), []int64{aid[4]}) {
		t.Errorf("FeaturedArticles(1) = %v", ids(top))
	}
	if err := s.SetArticleHidden(ctx, aid[0], true); err != nil {
		t.Fatal(err)
	}
	if err := s.SetArticleFeatured(ctx, aid[4], false, time.Time{}); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.FeaturedArticles(ctx, 10); !slices.Equal(ids(got), []int64{aid[3]}) {
		t.Errorf("after hiding one and unfeaturing another: %v, want [%d]", ids(got), aid[3])
	}
	if a, _ := s.GetArticle(ctx, aid[4]); !a.FeaturedAt.IsZero() {
		t.Errorf("unfeatured article has FeaturedAt %v", a.FeaturedAt)
	}
	for _, featured := range []bool{true, false} {
		if err := s.SetArticleFeatured(ctx, 404040, featured, base); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("SetArticleFeatured(missing, %v) = %v, want ErrNotFound", featured, err)
		}
	}
}

func testCurationCategory(t *testing.T, s store.Store) {
	ctx := t.Context()
	aid, srcs := curatedWorld(t, s)
	// Story 7: harbor A and valley A in World, coast A and B in Business.
	if st := mustStory(t, s, 7); st.CategorySlug != "business" && st.CategorySlug != "world" {
		t.Fatalf("story category %q", st.CategorySlug)
	}
	cat, err := s.SetArticleCategory(ctx, aid[4], "  Science   and Space ")
	if err != nil {
		t.Fatal(err)
	}
	if cat.ID == 0 || cat.Name != "Science and Space" || cat.Slug != "science-and-space" {
		t.Fatalf("new category = %+v", cat)
	}
	a, err := s.GetArticle(ctx, aid[4])
	if err != nil || a.Category != "Science and Space" || a.CategorySlug != "science-and-space" {
		t.Fatalf("article after filing: %q %q, %v", a.Category, a.CategorySlug, err)
	}
	listed, _, _ := s.ListArticles(ctx, store.ArticleFilter{CategorySlug: "science-and-space"})
	if !slices.Equal(ids(listed), []int64{aid[4]}) {
		t.Errorf("category listing = %v", ids(listed))
	}
	for _, tc := range []struct {
		cat  string
		want []int64
	}{{"science-and-space", []int64{aid[4]}}, {"business", []int64{aid[5]}}} {
		_, got := searchIDs(t, s, store.SearchQuery{Query: parse("coast"), Categories: []string{tc.cat}, Newest: true})
		if !slices.Equal(got, tc.want) {
			t.Errorf("search coast in %s = %v, want %v", tc.cat, got, tc.want)
		}
	}
	// Story 7 now has two World articles, one Business, one Science.
	if st := mustStory(t, s, 7); st.CategorySlug != "world" {
		t.Errorf("story category after refiling = %q, want world (the most common)", st.CategorySlug)
	}
	// An existing category is reused, whatever the case typed.
	again, err := s.SetArticleCategory(ctx, aid[5], "WORLD")
	if err != nil || again.Slug != "world" || again.Name != "World" {
		t.Errorf("filing under WORLD = %+v, %v; want the World category", again, err)
	}
	// Ingest seeing the article again leaves the editor's choice alone.
	coastB := article("Coast Wire report B", base.Add(5*time.Hour))
	coastB.Category = "Business"
	mustSave(t, s, srcs[2].ID, coastB)
	if a, _ := s.GetArticle(ctx, aid[5]); a.CategorySlug != "world" {
		t.Errorf("category after the feed carried the article again = %q", a.CategorySlug)
	}
	none, err := s.SetArticleCategory(ctx, aid[5], "   ")
	if err != nil || none.ID != 0 {
		t.Errorf("clearing the category = %+v, %v", none, err)
	}
	if a, _ := s.GetArticle(ctx, aid[5]); a.Category != "" {
		t.Errorf("cleared category = %q", a.Category)
	}
	// A hidden article can be refiled; shown again, it is found under
	// its new category.
	if err := s.SetArticleHidden(ctx, aid[4], true); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SetArticleCategory(ctx, aid[4], "Oceans"); err != nil {
		t.Fatal(err)
	}
	if err := s.SetArticleHidden(ctx, aid[4], false); err != nil {
		t.Fatal(err)
	}
	_, got := searchIDs(t, s, store.SearchQuery{Query: parse("coast"), Categories: []string{"oceans"}})
	if !slices.Equal(got, []int64{aid[4]}) {
		t.Errorf("search in oceans after showing = %v", got)
	}
	for _, bad := range []string{strings.Repeat("x", store.MaxCategoryName+1), "--- !!"} {
		if _, err := s.SetArticleCategory(ctx, aid[0], bad); err == nil {
			t.Errorf("SetArticleCategory(%q) succeeded", bad)
		}
	}
	if a, _ := s.GetArticle(ctx, aid[0]); a.CategorySlug != "world" {
		t.Errorf("a refused name changed the category to %q", a.CategorySlug)
	}
	if _, err := s.SetArticleCategory(ctx, 404040, "World"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("SetArticleCategory(missing) = %v, want ErrNotFound", err)
	}
}

func testCurationStories(t *testing.T, s store.Store) {
	ctx := t.Context()
	curatedWorld(t, s)
	if err := s.SetStoryHidden(ctx, 9, true); err != nil {
		t.Fatal(err)
	}
	list, _, err := s.ListStories(ctx, store.StoryFilter{})
	if err != nil || !slices.Equal(storyIDs(list), []int64{7}) {
		t.Errorf("ListStories with 9 hidden = %v, %v", storyIDs(list), err)
	}
	if st := mustStory(t, s, 9); !st.Hidden {
		t.Error("GetStory(hidden) does not say so")
	}
	if hs, err := s.HiddenStories(ctx, 10); err != nil || !slices.Equal(storyIDs(hs), []int64{9}) {
		t.Errorf("HiddenStories = %v, %v", storyIDs(hs), err)
	}
	// Pins: in pin order, whatever the stories' dates.
	for _, id := range []int64{9, 7} {
		if err := s.PinStory(ctx, id, base); err != nil {
			t.Fatal(err)
		}
	}
	pinned := func() []int64 {
		t.Helper()
		ps, err := s.PinnedStories(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return storyIDs(ps)
	}
	if got := pinned(); !slices.Equal(got, []int64{7}) {
		t.Errorf("pinned with 9 hidden = %v, want [7]", got)
	}
	if err := s.SetStoryHidden(ctx, 9, false); err != nil {
		t.Fatal(err)
	}
	if got := pinned(); !slices.Equal(got, []int64{9, 7}) {
		t.Errorf("pinned = %v, want [9 7] (pin order)", got)
	}
	if err := s.ReorderPins(ctx, []int64{7, 12345}); err != nil {
		t.Fatal(err)
	}
	if got := pinned(); !slices.Equal(got, []int64{7, 9}) {
		t.Errorf("after reorder = %v, want [7 9]", got)
	}
	// Pinning a pinned story keeps its place; a new pin goes last even
	// when given an earlier time.
	if err := s.PinStory(ctx, 7, base.Add(time.Hour)); err != nil {
		t.Fatal(err)
	}
	if err := s.UnpinStory(ctx, 7); err != nil {
		t.Fatal(err)
	}
	if err := s.PinStory(ctx, 7, base.Add(-time.Hour)); err != nil {
		t.Fatal(err)
	}
	if got := pinned(); !slices.Equal(got, []int64{9, 7}) {
		t.Errorf("after unpin and pin again = %v, want [9 7]", got)
	}
	if st := mustStory(t, s, 7); st.PinnedAt.IsZero() {
		t.Error("pinned story has no PinnedAt")
	}
	if err := s.UnpinStory(ctx, 9); err != nil {
		t.Fatal(err)
	}
	if err := s.UnpinStory(ctx, 9); err != nil {
		t.Errorf("unpinning an unpinned story: %v", err)
	}
	if got := pinned(); !slices.Equal(got, []int64{7}) {
		t.Errorf("after unpinning 9 = %v", got)
	}
	for name, fn := range map[string]func() error{
		"hide":  func() error { return s.SetStoryHidden(ctx, 404, true) },
		"pin":   func() error { return s.PinStory(ctx, 404, base) },
		"unpin": func() error { return s.UnpinStory(ctx, 404) },
	} {
		if err := fn(); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("%s missing story = %v, want ErrNotFound", name, err)
		}
	}
}

func testCurationDisabledSource(t *testing.T, s store.Store) {
	ctx := t.Context()
	now := time.Now()
	a := addDue(t, s, "https://a.example/feed", now.Add(-time.Hour))
	b := addDue(t, s, "https://b.example/feed", now.Add(-time.Hour))
	if err := s.SetSourceDisabled(ctx, a.ID, true, now); err != nil {
		t.Fatal(err)
	}
	if got := claim(t, s, "w1", now, 10); !slices.Equal(got, []int64{b.ID}) {
		t.Errorf("claimed %v, want only the enabled source %d", got, b.ID)
	}
	if src, err := s.GetSource(ctx, a.ID); err != nil || !src.Disabled {
		t.Errorf("GetSource(disabled) = disabled %v, %v", src.Disabled, err)
	}
	all, err := s.ListSources(ctx)
	if err != nil || len(all) != 2 || !all[0].Disabled || all[1].Disabled {
		t.Errorf("ListSources disabled flags wrong: %+v, %v", all, err)
	}
	// Record a fetch far in the future, then enable: due at once.
	if err := s.RecordFetch(ctx, b.ID, model.FetchState{LastFetchedAt: now, LastSuccessAt: now,
		NextFetchAt: now.Add(24 * time.Hour)}); err != nil {
		t.Fatal(err)
	}
	if err := s.SetSourceDisabled(ctx, b.ID, true, now); err != nil {
		t.Fatal(err)
	}
	later := now.Add(time.Minute)
	if got := claim(t, s, "w1", later, 10); len(got) != 0 {
		t.Errorf("claimed %v with every source disabled", got)
	}
	for _, id := range []int64{a.ID, b.ID} {
		if err := s.SetSourceDisabled(ctx, id, false, later); err != nil {
			t.Fatal(err)
		}
	}
	got := claim(t, s, "w2", later, 10)
	slices.Sort(got)
	if want := []int64{a.ID, b.ID}; !slices.Equal(got, want) {
		t.Errorf("claimed after enabling = %v, want %v", got, want)
	}
	if err := s.SetSourceCategory(ctx, a.ID, " Local   News "); err != nil {
		t.Fatal(err)
	}
	if src, _ := s.GetSource(ctx, a.ID); src.Category != "Local News" {
		t.Errorf("source category = %q, want Local News", src.Category)
	}
	if err := s.SetSourceCategory(ctx, a.ID, strings.Repeat("y", store.MaxCategoryName+1)); err == nil {
		t.Error("an overlong source category was accepted")
	}
	if err := s.SetSourceCategory(ctx, 404, "News"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("SetSourceCategory(missing) = %v, want ErrNotFound", err)
	}
	if err := s.SetSourceDisabled(ctx, 404, true, now); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("SetSourceDisabled(missing) = %v, want ErrNotFound", err)
	}
}
