package sqlite

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/search"
	"github.com/newsdesk/newsdesk/internal/store"
)

// saveSmallBatches stores articles a few at a time, as feeds deliver
// them, leaving the index in many segments.
func saveSmallBatches(t *testing.T, s *Store, batches int) {
	t.Helper()
	at := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	src, err := s.AddSource(t.Context(), model.Source{FeedURL: "https://m.example/rss", Name: "M"})
	if err != nil {
		t.Fatal(err)
	}
	for b := range batches {
		var as []model.Article
		for i := range 3 {
			n := b*3 + i
			text := fmt.Sprintf("The harbour report number %d.", n)
			if n%5 == 0 {
				text += " A lighthouse keeper spoke."
			}
			as = append(as, article(fmt.Sprint("m", n), "Port notes", "", text, at.Add(time.Duration(n)*time.Minute)))
		}
		if _, err := s.SaveArticles(t.Context(), src.ID, as); err != nil {
			t.Fatal(err)
		}
	}
}

// Merging leaves fewer segments and finds the same articles.
func TestMergeIndex_FewerSegmentsSameResults(t *testing.T) {
	s, _ := openTemp(t)
	s.merge.stop() // this test merges by hand
	saveSmallBatches(t, s, 60)
	ctx := t.Context()
	before, err := s.indexSegments(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if before < 4 {
		t.Fatalf("%d segments after 60 small saves: the test shows nothing", before)
	}
	an, _ := search.NewAnalyzer("english")
	find := func() []int64 {
		res, err := s.SearchArticles(ctx, store.SearchQuery{Query: an.Parse("lighthouse harbour", search.ParseOptions{}), Newest: true, Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		var ids []int64
		for _, a := range res.Items {
			ids = append(ids, a.ID)
		}
		return ids
	}
	want := find()
	if len(want) != 36 {
		t.Fatalf("%d hits before merging, want 36", len(want))
	}
	if err := s.MergeIndex(ctx); err != nil {
		t.Fatal(err)
	}
	after, err := s.indexSegments(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if after >= before {
		t.Errorf("%d segments after merging, %d before", after, before)
	}
	if more, err := s.MergeIndexStep(ctx, mergePages); err != nil || more {
		t.Errorf("a step after MergeIndex found work: %v, %v", more, err)
	}
	if got := find(); !slices.Equal(got, want) {
		t.Errorf("after merging: %v, want %v", got, want)
	}
}

// The store merges by itself once saving pauses.
func TestMergeIndex_RunsInTheBackground(t *testing.T) {
	s, _ := openTemp(t)
	saveSmallBatches(t, s, 60)
	ctx := t.Context()
	before, err := s.indexSegments(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(20 * time.Second); ; {
		n, err := s.indexSegments(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if n < before {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("still %d segments 20 s after the last save", n)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// indexSegments counts the segments of the search index.
func (s *Store) indexSegments(ctx context.Context) (int, error) {
	var n int
	err := s.r.QueryRowContext(ctx, `SELECT COUNT(DISTINCT segid) FROM articles_fts_idx`).Scan(&n)
	return n, err
}
