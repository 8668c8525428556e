package store_test

import (
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

func TestNextPage(t *testing.T) {
	t0 := time.Date(2024, 6, 1, 12, 0, 0, 0, time.UTC)
	rows := func(n int) []model.Article {
		out := make([]model.Article, n)
		for i := range out {
			out[i] = model.Article{ID: int64(100 - i), PublishedAt: t0.Add(-time.Duration(i) * time.Minute)}
		}
		return out
	}
	tests := []struct {
		name       string
		items      []model.Article
		limit      int
		wantLen    int
		wantCursor *store.Cursor // nil for the last page
	}{
		{"extra row came: cut, cursor at the last kept", rows(4), 3, 3, &store.Cursor{PublishedAt: t0.Add(-2 * time.Minute), ID: 98}},
		{"exactly limit: last page", rows(3), 3, 3, nil},
		{"fewer than limit: last page", rows(1), 3, 1, nil},
		{"nothing", rows(0), 3, 0, nil},
		{"limit 0 never cuts", rows(2), 0, 2, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, next := store.NextPage(tt.items, tt.limit)
			if len(got) != tt.wantLen {
				t.Errorf("%d items, want %d", len(got), tt.wantLen)
			}
			if tt.wantCursor == nil {
				if next != "" {
					t.Errorf("cursor %q on the last page, want none", next)
				}
				return
			}
			cur, err := store.DecodeCursor(next)
			if err != nil {
				t.Fatalf("cursor %q: %v", next, err)
			}
			if !cur.PublishedAt.Equal(tt.wantCursor.PublishedAt) || cur.ID != tt.wantCursor.ID {
				t.Errorf("cursor %+v, want %+v", cur, *tt.wantCursor)
			}
		})
	}
}
