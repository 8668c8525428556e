package storetest

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

var storyCases = []suiteCase{
	{"Stories_PendingAndApply", testStoriesApply},
	{"Stories_Merge", testStoriesMerge},
	{"Stories_Entities", testStoriesEntities},
	{"Stories_NearDuplicates", testStoriesNearDups},
	{"Stories_BadAssignments", testStoriesBad},
	{"Stories_ListingAndReplay", testStoriesListing},
	{"Stories_LinkedSourcesCount", testStoriesLinked},
}

// storyFixture stores three outlets' articles, one hour apart each, in
// the order given by titles (per source), and returns their IDs.
func storyFixture(t *testing.T, s store.Store) (aid []int64, srcs []model.Source) {
	t.Helper()
	for i, name := range []string{"Harbor Gazette", "Valley Ledger", "Coast Wire"} {
		src := mustAddSource(t, s, "https://"+model.Slugify(name, 40)+".example/feed", name)
		srcs = append(srcs, src)
		var arts []model.Article
		for j := range 2 {
			a := article(name+" report "+string(rune('A'+j)), base.Add(time.Duration(j*3+i)*time.Hour))
			a.Category = []string{"World", "World", "Business"}[i]
			a.ContentText = "Body of " + a.Title
			if i == 1 {
				a.ImageURL = "https://img.example/" + model.Slugify(a.Title, 40) + ".jpg"
				a.ImageCredit = "Photo: " + name
			}
			arts = append(arts, a)
		}
		aid = append(aid, mustSave(t, s, src.ID, arts...).IDs...)
	}
	return aid, srcs
}

func mustApply(t *testing.T, s store.Store, batch ...store.StoryAssignment) {
	t.Helper()
	if err := s.ApplyClustering(t.Context(), batch); err != nil {
		t.Fatalf("ApplyClustering: %v", err)
	}
}

func mustStory(t *testing.T, s store.Store, id int64) model.Story {
	t.Helper()
	st, err := s.GetStory(t.Context(), id)
	if err != nil {
		t.Fatalf("GetStory(%d): %v", id, err)
	}
	return st
}

func testStoriesApply(t *testing.T, s store.Store) {
	ctx := t.Context()
	aid, srcs := storyFixture(t, s)
	pending, err := s.PendingClustering(ctx, 4)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := ids(pending), []int64{aid[0], aid[2], aid[4], aid[1]}; !slices.Equal(got, want) {
		t.Fatalf("pending = %v, want the first four published %v", got, want)
	}
	if pending[0].ContentText == "" {
		t.Error("pending articles come without their text")
	}
	// aid: harbor A (0h), harbor B (3h), valley A (1h), valley B (4h),
	// coast A (2h), coast B (5h).
	mustApply(t, s,
		store.StoryAssignment{ArticleID: aid[2], StoryID: 7},
		store.StoryAssignment{ArticleID: aid[0], StoryID: 7, Lead: aid[2]},
		store.StoryAssignment{ArticleID: aid[4], StoryID: 7},
		store.StoryAssignment{ArticleID: aid[5], StoryID: 7},
		store.StoryAssignment{ArticleID: aid[1], StoryID: 9},
	)
	pending, err = s.PendingClustering(ctx, 10)
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(pending); !slices.Equal(got, []int64{aid[3]}) {
		t.Fatalf("pending after apply = %v, want [%d]", got, aid[3])
	}
	st := mustStory(t, s, 7)
	if st.Articles != 4 || st.Sources != 3 || st.Independent != 3 {
		t.Errorf("counts = %d articles, %d sources, %d independent; want 4, 3, 3", st.Articles, st.Sources, st.Independent)
	}
	if st.FirstArticleID != aid[0] || st.FirstSource != "Harbor Gazette" || !st.FirstPublished.Equal(base) {
		t.Errorf("first report = %d by %q at %v; want %d by Harbor Gazette at %v", st.FirstArticleID, st.FirstSource, st.FirstPublished, aid[0], base)
	}
	if want := base.Add(5 * time.Hour); !st.LastPublished.Equal(want) {
		t.Errorf("updated = %v, want %v", st.LastPublished, want)
	}
	if st.LeadArticleID != aid[2] || st.Title != "Valley Ledger report A" {
		t.Errorf("lead = %d %q, want the chosen lead %d", st.LeadArticleID, st.Title, aid[2])
	}
	if st.ImageURL == "" || st.ImageCredit != "Photo: Valley Ledger" {
		t.Errorf("image = %q credit %q, want the lead's photo", st.ImageURL, st.ImageCredit)
	}
	if st.Category != "World" && st.Category != "Business" {
		t.Errorf("category = %q", st.Category)
	}
	arts, err := s.StoryArticles(ctx, 7)
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(arts); !slices.Equal(got, []int64{aid[0], aid[2], aid[4], aid[5]}) {
		t.Errorf("story articles = %v, want first published first", got)
	}
	for _, a := range arts {
		if a.StoryID != 7 {
			t.Errorf("article %d story = %d, want 7", a.ID, a.StoryID)
		}
	}
	ss, err := s.StorySources(ctx, 7)
	if err != nil {
		t.Fatal(err)
	}
	want := []model.StorySource{
		{SourceID: srcs[0].ID, Name: "Harbor Gazette", Articles: 1, First: base},
		{SourceID: srcs[2].ID, Name: "Coast Wire", Articles: 2, First: base.Add(2 * time.Hour)},
		{SourceID: srcs[1].ID, Name: "Valley Ledger", Articles: 1, First: base.Add(time.Hour)},
	}
	slices.SortFunc(want, func(a, b model.StorySource) int { return a.First.Compare(b.First) })
	if len(ss) != len(want) {
		t.Fatalf("story sources = %+v, want %+v", ss, want)
	}
	for i := range want {
		if ss[i].SourceID != want[i].SourceID || ss[i].Name != want[i].Name || ss[i].Articles != want[i].Articles || !ss[i].First.Equal(want[i].First) {
			t.Errorf("source %d = %+v, want %+v", i, ss[i], want[i])
		}
	}
	// A later batch that names a new lead moves the headline; one that
	// names none keeps it.
	mustApply(t, s, store.StoryAssignment{ArticleID: aid[3], StoryID: 7})
	if st := mustStory(t, s, 7); st.LeadArticleID != aid[2] || st.Articles != 5 {
		t.Errorf("after a lead-less batch: lead %d, %d articles; want %d, 5", st.LeadArticleID, st.Articles, aid[2])
	}
	if _, err := s.GetStory(ctx, 404); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("GetStory(missing) = %v, want ErrNotFound", err)
	}
	if n, err := s.MaxStoryID(ctx); err != nil || n != 9 {
		t.Errorf("MaxStoryID = %d, %v; want 9", n, err)
	}
}

func testStoriesMerge(t *testing.T, s store.Store) {
	ctx := t.Context()
	aid, _ := storyFixture(t, s)
	mustApply(t, s,
		store.StoryAssignment{ArticleID: aid[0], StoryID: 1},
		store.StoryAssignment{ArticleID: aid[2], StoryID: 2},
		store.StoryAssignment{ArticleID: aid[4], StoryID: 3},
	)
	// aid[1] bridges stories 1 and 2; in a later batch aid[3] folds 3 in.
	mustApply(t, s, store.StoryAssignment{ArticleID: aid[1], StoryID: 1, Merged: []int64{2}})
	mustApply(t, s, store.StoryAssignment{ArticleID: aid[3], StoryID: 1, Merged: []int64{3}})
	st := mustStory(t, s, 1)
	if st.Articles != 5 || st.Sources != 3 || st.MergedInto != 0 {
		t.Errorf("merged story: %d articles, %d sources, merged into %d; want 5, 3, 0", st.Articles, st.Sources, st.MergedInto)
	}
	for _, old := range []int64{2, 3} {
		if got := mustStory(t, s, old); got.MergedInto != 1 {
			t.Errorf("story %d merged into %d, want 1", old, got.MergedInto)
		}
	}
	list, _, err := s.ListStories(ctx, store.StoryFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if got := storyIDs(list); !slices.Equal(got, []int64{1}) {
		t.Errorf("ListStories after merges = %v, want only the survivor", got)
	}
	arts, err := s.StoryArticles(ctx, 2)
	if err != nil || len(arts) != 0 {
		t.Errorf("a folded story still lists %d articles (%v)", len(arts), err)
	}
}

func testStoriesEntities(t *testing.T, s store.Store) {
	ctx := t.Context()
	aid, _ := storyFixture(t, s)
	lunmere := store.EntityMention{Name: "Lunmere", Kind: model.EntityPlace, Count: 3}
	mustApply(t, s,
		store.StoryAssignment{ArticleID: aid[0], StoryID: 1, Entities: []store.EntityMention{
			lunmere,
			{Name: "Zofia  Castellvi", Kind: model.EntityPerson, Count: 2},
			{Name: "  ", Kind: model.EntityPerson},
			{Name: "!!!", Kind: model.EntityOrg},
			{Name: "Odd Kind", Kind: "planet"},
		}},
		store.StoryAssignment{ArticleID: aid[2], StoryID: 1, Entities: []store.EntityMention{lunmere, lunmere}},
		store.StoryAssignment{ArticleID: aid[4], StoryID: 2, Entities: []store.EntityMention{
			{Name: "LUNMERE", Kind: model.EntityPlace},
		}},
	)
	tags, err := s.ArticleEntities(ctx, aid[0])
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range tags {
		names = append(names, e.Name+"/"+string(e.Kind))
	}
	if want := []string{"Lunmere/place", "Zofia Castellvi/person", "Odd Kind/other"}; !slices.Equal(names, want) {
		t.Errorf("article entities = %v, want %v (blank and unsluggable dropped, spaces folded, unknown kind other)", names, want)
	}
	e, err := s.GetEntityBySlug(ctx, "lunmere")
	if err != nil {
		t.Fatal(err)
	}
	if e.Articles != 3 || e.Name != "Lunmere" {
		t.Errorf("entity = %+v, want Lunmere mentioned by 3 articles (each counted once)", e)
	}
	stories, _, err := s.EntityStories(ctx, e.ID, store.StoryFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if got := storyIDs(stories); !slices.Equal(got, []int64{2, 1}) {
		t.Errorf("stories of Lunmere = %v, want [2 1] (most recently updated first)", got)
	}
	top, err := s.StoryEntities(ctx, 1, 1)
	if err != nil || len(top) != 1 || top[0].Slug != "lunmere" {
		t.Errorf("StoryEntities(1, 1) = %+v, %v; want Lunmere first", top, err)
	}
	if _, err := s.GetEntityBySlug(ctx, "nobody"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("GetEntityBySlug(missing) = %v, want ErrNotFound", err)
	}
	// Re-applying an article's tags does not count it twice.
	mustApply(t, s, store.StoryAssignment{ArticleID: aid[0], StoryID: 1, Entities: []store.EntityMention{lunmere}})
	if e, _ := s.GetEntityBySlug(ctx, "lunmere"); e.Articles != 3 {
		t.Errorf("after re-tagging, Lunmere counts %d articles, want 3", e.Articles)
	}
}

func testStoriesNearDups(t *testing.T, s store.Store) {
	ctx := t.Context()
	aid, srcs := storyFixture(t, s)
	// Coast Wire's first report republishes Harbor Gazette's.
	mustApply(t, s,
		store.StoryAssignment{ArticleID: aid[0], StoryID: 1},
		store.StoryAssignment{ArticleID: aid[4], StoryID: 1, DupOf: aid[0]},
	)
	st := mustStory(t, s, 1)
	if st.Sources != 2 || st.Independent != 1 {
		t.Errorf("sources %d, independent %d; want 2 and 1", st.Sources, st.Independent)
	}
	members, err := s.StoryArticles(ctx, 1)
	if err != nil || len(members) != 2 || members[0].DupOf != 0 || members[1].DupOf != aid[0] {
		t.Errorf("StoryArticles = %+v, %v; want the copy's DupOf set to its original", members, err)
	}
	dups, err := s.NearDuplicates(ctx, aid[0])
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(dups); !slices.Equal(got, []int64{aid[4]}) {
		t.Errorf("NearDuplicates = %v, want [%d]", got, aid[4])
	}
	all, _, err := s.ListArticles(ctx, store.ArticleFilter{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	if slices.Contains(ids(all), aid[4]) || !slices.Contains(ids(all), aid[0]) {
		t.Errorf("front listing %v: a republished copy must be listed once, as its original", ids(all))
	}
	own, _, err := s.ListArticles(ctx, store.ArticleFilter{SourceID: srcs[2].ID})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(ids(own), aid[4]) {
		t.Errorf("the republishing source's own listing %v lacks its copy", ids(own))
	}
	// Removing the original's source leaves the copy standing on its own,
	// listed again, and the story counted without the removed articles.
	if err := s.RemoveSource(ctx, srcs[0].ID); err != nil {
		t.Fatal(err)
	}
	all, _, err = s.ListArticles(ctx, store.ArticleFilter{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(ids(all), aid[4]) {
		t.Errorf("front listing %v: the copy of a removed original must be listed", ids(all))
	}
	st = mustStory(t, s, 1)
	if st.Articles != 1 || st.Sources != 1 || st.Independent != 1 || st.FirstArticleID != aid[4] || st.Title == "" {
		t.Errorf("story after its first source was removed: %+v", st)
	}
}

func testStoriesBad(t *testing.T, s store.Store) {
	ctx := t.Context()
	aid, _ := storyFixture(t, s)
	mustApply(t, s) // empty batch
	// An article left alone, and one that no longer exists.
	mustApply(t, s,
		store.StoryAssignment{ArticleID: aid[0]},
		store.StoryAssignment{ArticleID: 999999, StoryID: 5},
		store.StoryAssignment{ArticleID: aid[1], StoryID: 6, Merged: []int64{6, 0}},
	)
	a, err := s.GetArticle(ctx, aid[0])
	if err != nil || a.StoryID != 0 {
		t.Errorf("left-alone article: story %d, %v", a.StoryID, err)
	}
	if _, err := s.GetStory(ctx, 5); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a story of only missing articles was created: %v", err)
	}
	if st := mustStory(t, s, 6); st.Articles != 1 || st.MergedInto != 0 {
		t.Errorf("a story listed as merged into itself: %+v", st)
	}
	pending, err := s.PendingClustering(ctx, 10)
	if err != nil {
		t.Fatal(err)
	}
	if slices.Contains(ids(pending), aid[0]) {
		t.Error("an article left alone is still pending")
	}
}

func testStoriesListing(t *testing.T, s store.Store) {
	ctx := t.Context()
	aid, _ := storyFixture(t, s)
	// Story n holds article n-1; updated times follow the fixture's hours.
	var batch []store.StoryAssignment
	for i, id := range aid {
		batch = append(batch, store.StoryAssignment{ArticleID: id, StoryID: int64(i + 1)})
	}
	batch = append(batch[:5], store.StoryAssignment{ArticleID: aid[5], StoryID: 1})
	mustApply(t, s, batch...)
	// Updated: story 1 at 5h (aid[5]), 4 at 4h, 2 at 3h, 5 at 2h, 3 at 1h.
	var got []int64
	cursor := ""
	for range 5 {
		page, next, err := s.ListStories(ctx, store.StoryFilter{Limit: 2, Cursor: cursor})
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, storyIDs(page)...)
		if cursor = next; cursor == "" {
			break
		}
	}
	if want := []int64{1, 4, 2, 5, 3}; !slices.Equal(got, want) {
		t.Errorf("paged stories = %v, want %v", got, want)
	}
	multi, _, err := s.ListStories(ctx, store.StoryFilter{MinSources: 2})
	if err != nil || !slices.Equal(storyIDs(multi), []int64{1}) {
		t.Errorf("stories with 2+ sources = %v, %v; want [1]", storyIDs(multi), err)
	}
	recent, _, err := s.ListStories(ctx, store.StoryFilter{Since: base.Add(3 * time.Hour)})
	if err != nil || !slices.Equal(storyIDs(recent), []int64{1, 4, 2}) {
		t.Errorf("stories since 3h = %v, %v; want [1 4 2]", storyIDs(recent), err)
	}
	if _, _, err := s.ListStories(ctx, store.StoryFilter{Cursor: "garbage!"}); !errors.Is(err, store.ErrBadCursor) {
		t.Errorf("bad cursor: %v, want ErrBadCursor", err)
	}
	var replayed []int64
	err = s.EachClustered(ctx, base.Add(2*time.Hour), func(a model.Article) error {
		replayed = append(replayed, a.ID)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// Published at or after 2h, oldest first: coast A (2h), harbor B
	// (3h), valley B (4h), coast B (5h).
	if want := []int64{aid[4], aid[1], aid[3], aid[5]}; !slices.Equal(replayed, want) {
		t.Errorf("replay = %v, want %v", replayed, want)
	}
}

func storyIDs(sts []model.Story) []int64 {
	out := []int64{}
	for _, s := range sts {
		out = append(out, s.ID)
	}
	return out
}

func testStoriesLinked(t *testing.T, s store.Store) {
	ctx := t.Context()
	wire := mustAddSource(t, s, "https://wire.example/feed", "Wire")
	paper := mustAddSource(t, s, "https://paper.example/feed", "Paper")
	a := article("Wire report", base)
	a.CanonicalURL = "https://wire.example/report"
	orig := mustSave(t, s, wire.ID, a).IDs[0]
	mustApply(t, s, store.StoryAssignment{ArticleID: orig, StoryID: 3})
	// The paper's feed carries the same article: it is linked, not
	// stored, and the story counts the paper among its sources.
	b := article("Wire report (Paper)", base.Add(time.Hour))
	b.GUID, b.CanonicalURL = "paper-1", a.CanonicalURL
	if res := mustSave(t, s, paper.ID, b); res.Inserted != 0 {
		t.Fatalf("the carried article was stored again: %+v", res)
	}
	st := mustStory(t, s, 3)
	if st.Articles != 1 || st.Sources != 2 || st.Independent != 1 {
		t.Errorf("story of a carried article: %d articles, %d sources, %d independent; want 1, 2, 1", st.Articles, st.Sources, st.Independent)
	}
	ss, err := s.StorySources(ctx, 3)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, x := range ss {
		names = append(names, x.Name)
	}
	if !slices.Equal(names, []string{"Wire", "Paper"}) {
		t.Errorf("story sources = %v, want [Wire Paper]", names)
	}
}
