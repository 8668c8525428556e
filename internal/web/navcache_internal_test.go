package web

import (
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store/sqlite"
)

// Stale lists are served at once while a refresh reads them again in
// the background; the next call after it sees the new ones.
func TestNavCache_RefreshesInTheBackground(t *testing.T) {
	ctx := t.Context()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "nav.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	var mu sync.Mutex
	clock := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	now := func() time.Time { mu.Lock(); defer mu.Unlock(); return clock }
	c := newNavCache(st, time.Minute, now)
	if _, srcs, err := c.get(ctx); err != nil || len(srcs) != 0 {
		t.Fatalf("first read: %d sources, %v", len(srcs), err)
	}
	if _, err := st.AddSource(ctx, model.Source{FeedURL: "https://n.example/rss", Name: "N"}); err != nil {
		t.Fatal(err)
	}
	if _, srcs, _ := c.get(ctx); len(srcs) != 0 {
		t.Fatal("a fresh cache read the store again")
	}
	mu.Lock()
	clock = clock.Add(2 * time.Minute)
	mu.Unlock()
	if _, srcs, _ := c.get(ctx); len(srcs) != 0 {
		t.Fatal("a stale cache waited for the store instead of answering with the old lists")
	}
	for deadline := time.Now().Add(time.Minute); ; time.Sleep(10 * time.Millisecond) {
		if _, srcs, _ := c.get(ctx); len(srcs) == 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the refresh never landed")
		}
	}
	// Reading on every call, as a negative TTL asks.
	c = newNavCache(st, -1, now)
	if _, srcs, _ := c.get(ctx); len(srcs) != 1 {
		t.Fatalf("%d sources, want 1", len(srcs))
	}
}
