package storetest

import (
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

var changeCases = []suiteCase{
	{"Changes/WritersAreLogged", testChangesLogged},
	{"Changes/FetchBookkeepingIsNot", testChangesFetchQuiet},
	{"Changes/PagingAndPruning", testChangesPaging},
}

// changesAfter reads every change after seq.
func changesAfter(t *testing.T, s store.Store, after int64) []store.Change {
	t.Helper()
	cs, err := s.Changes(t.Context(), after, 0)
	if err != nil {
		t.Fatalf("Changes(%d): %v", after, err)
	}
	for i := 1; i < len(cs); i++ {
		if cs[i].Seq <= cs[i-1].Seq {
			t.Fatalf("Changes out of order: %d after %d", cs[i].Seq, cs[i-1].Seq)
		}
	}
	return cs
}

// newest returns the log's newest sequence number.
func newestChange(t *testing.T, s store.Store) int64 {
	t.Helper()
	_, newest, err := s.ChangeBounds(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	return newest
}

// hasChange reports whether cs holds a change of kind about ref (and,
// for a non-empty category, in that category).
func hasChange(cs []store.Change, kind store.ChangeKind, ref int64, category string) bool {
	for _, c := range cs {
		if c.Kind == kind && c.Ref == ref && (category == "" || c.Category == category) {
			return true
		}
	}
	return false
}

func testChangesLogged(t *testing.T, s store.Store) {
	ctx := t.Context()
	src := mustAddSource(t, s, "https://tide.example/feed", "Tide Times")
	a := article("Harbour bridge reopens", base)
	a.Category = "Local News"
	res := mustSave(t, s, src.ID, a)
	id := res.IDs[0]
	got, err := s.GetArticle(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	cs := changesAfter(t, s, 0)
	if !hasChange(cs, store.ChangeArticle, id, got.CategorySlug) || got.CategorySlug == "" {
		t.Fatalf("after saving article %d in %q the log holds %+v; want an article change naming its category",
			id, got.CategorySlug, cs)
	}

	steps := []struct {
		what string
		do   func() error
		kind store.ChangeKind
		ref  int64
	}{
		{"hiding the article", func() error { return s.SetArticleHidden(ctx, id, true) }, store.ChangeArticle, id},
		{"clustering it", func() error {
			return s.ApplyClustering(ctx, []store.StoryAssignment{{ArticleID: id, StoryID: 77}})
		}, store.ChangeStory, 77},
		{"a comment", func() error {
			_, err := s.AddComment(ctx, model.Comment{ArticleID: id, Status: model.CommentPending,
				Name: "Ana", Email: "ana@example.com", Body: "First!", Created: base})
			return err
		}, store.ChangeComment, id},
		{"a setting", func() error { return s.SetSettings(ctx, map[string]string{"site.name": "Tide"}) },
			store.ChangeSettings, 0},
	}
	for _, st := range steps {
		before := newestChange(t, s)
		if err := st.do(); err != nil {
			t.Fatalf("%s: %v", st.what, err)
		}
		cs := changesAfter(t, s, before)
		if !hasChange(cs, st.kind, st.ref, "") {
			t.Errorf("after %s the log holds %+v; want a %q change about %d", st.what, cs, st.kind, st.ref)
		}
		for _, c := range cs {
			if c.At.IsZero() || time.Since(c.At) > time.Hour || time.Until(c.At) > time.Hour {
				t.Errorf("change %+v has no plausible time", c)
			}
		}
	}
	// Clustering also names the article, with its new story.
	got, err = s.GetArticle(ctx, id)
	if err == nil && got.StoryID != 77 {
		t.Errorf("article's story is %d after clustering, want 77", got.StoryID)
	}
	before := newestChange(t, s)
	if err := s.SetSettings(ctx, map[string]string{"site.name": "Tide"}); err != nil {
		t.Fatal(err)
	}
	if cs := changesAfter(t, s, before); len(cs) != 0 {
		t.Errorf("storing a setting's unchanged value logged %+v", cs)
	}
}

func testChangesFetchQuiet(t *testing.T, s store.Store) {
	src := mustAddSource(t, s, "https://quiet.example/feed", "Quiet Post")
	before := newestChange(t, s)
	now := base.Add(time.Hour)
	err := s.RecordFetch(t.Context(), src.ID, model.FetchState{LastFetchedAt: now, LastSuccessAt: now,
		NextFetchAt: now.Add(time.Hour), ETag: `"v2"`})
	if err != nil {
		t.Fatal(err)
	}
	if cs := changesAfter(t, s, before); len(cs) != 0 {
		t.Errorf("recording a fetch logged %+v; fetch bookkeeping shows on no public page", cs)
	}
	if err := s.UpdateSourceMeta(t.Context(), src.ID, "Quiet Post Daily", ""); err != nil {
		t.Fatal(err)
	}
	if cs := changesAfter(t, s, before); len(cs) == 0 || cs[0].Kind != "sources" {
		t.Errorf("renaming a source logged %+v; want a sources change", cs)
	}
}

func testChangesPaging(t *testing.T, s store.Store) {
	ctx := t.Context()
	src := mustAddSource(t, s, "https://paging.example/feed", "Paging Daily")
	var arts []model.Article
	for i := range 5 {
		arts = append(arts, article("Paging item "+string(rune('A'+i)), base.Add(time.Duration(i)*time.Minute)))
	}
	mustSave(t, s, src.ID, arts...)
	all := changesAfter(t, s, 0)
	if len(all) < 6 {
		t.Fatalf("log holds %d changes after a source and 5 articles, want at least 6", len(all))
	}
	page, err := s.Changes(ctx, all[1].Seq, 2)
	if err != nil || len(page) != 2 || page[0].Seq != all[2].Seq || page[1].Seq != all[3].Seq {
		t.Fatalf("Changes(after %d, 2) = %+v, %v; want seqs %d and %d", all[1].Seq, page, err, all[2].Seq, all[3].Seq)
	}
	oldest, newest, err := s.ChangeBounds(ctx)
	if err != nil || oldest != all[0].Seq || newest != all[len(all)-1].Seq {
		t.Fatalf("ChangeBounds = %d, %d, %v; want %d, %d", oldest, newest, err, all[0].Seq, all[len(all)-1].Seq)
	}
	n, err := s.PruneChanges(ctx, time.Now().Add(time.Hour))
	if err != nil || n != int64(len(all)-1) {
		t.Fatalf("PruneChanges = %d, %v; want %d (all but the newest)", n, err, len(all)-1)
	}
	oldest, newest2, err := s.ChangeBounds(ctx)
	if err != nil || oldest != newest || newest2 != newest {
		t.Fatalf("after pruning ChangeBounds = %d, %d, %v; want %d, %d", oldest, newest2, err, newest, newest)
	}
	// Numbers keep growing after a prune.
	mustSave(t, s, src.ID, article("Paging after prune", base.Add(time.Hour)))
	if cs := changesAfter(t, s, newest); len(cs) == 0 || cs[0].Seq <= newest {
		t.Fatalf("after pruning, a new article logged %+v; want a seq above %d", cs, newest)
	}
}
