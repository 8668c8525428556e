package storetest

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"testing"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

// threadFixture stores the discussion testThreadOrder reads, in an order
// unlike its times, and returns the article.
//
//	r1 (1)                     r2 (5)
//	├─ b (3)                   ├─ d (20, spam)
//	│  ├─ b2 (4)               │  └─ d1 (23)        hidden
//	│  └─ b1 (12)              ├─ e (21)
//	├─ c (6, pending)          ├─ f (22)
//	│  └─ c1 (7)               └─ g (22, after f)
//	│     └─ c11 (8)  hidden
//	└─ a (10)
//	   └─ a1 (11)
//
// plus a pending top-level comment (0) and one on another article.
func threadFixture(t *testing.T, s store.Store) model.Article {
	t.Helper()
	arts := commentWorld(t, s, 2)
	art := arts[0].ID
	ids := map[string]int64{}
	add := func(body, parent string, min int, status model.CommentStatus) {
		c := reply(art, ids[parent], body, min)
		c.Status = status
		ids[body] = mustComment(t, s, c).ID
	}
	ok := model.CommentApproved
	add("r2", "", 5, ok)
	add("r1", "", 1, ok)
	add("early", "", 0, model.CommentPending)
	add("a", "r1", 10, ok)
	add("b", "r1", 3, ok)
	add("a1", "a", 11, ok)
	add("b1", "b", 12, ok)
	add("b2", "b", 4, ok)
	add("c", "r1", 6, model.CommentPending)
	add("c1", "c", 7, ok)
	add("c11", "c1", 8, ok)
	add("d", "r2", 20, model.CommentSpam)
	add("d1", "d", 23, ok)
	add("e", "r2", 21, ok)
	add("f", "r2", 22, ok)
	add("g", "r2", 22, ok)
	mustComment(t, s, reply(arts[1].ID, 0, "elsewhere", 2))
	return arts[0]
}

func testThreadOrder(t *testing.T, s store.Store) {
	ctx := t.Context()
	art := threadFixture(t, s)
	for _, tc := range []struct {
		newest bool
		want   []string
	}{
		{false, []string{"r1", "b", "b2", "b1", "a", "a1", "r2", "e", "f", "g"}},
		{true, []string{"r2", "e", "f", "g", "r1", "b", "b2", "b1", "a", "a1"}},
	} {
		got, top, err := s.Thread(ctx, art.ID, 1, 10, tc.newest)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(bodies(got), tc.want) || top != 2 {
			t.Errorf("Thread(newest=%v) = %v, %d top-level; want %v, 2", tc.newest, bodies(got), top, tc.want)
		}
		for _, c := range got {
			if c.Status != model.CommentApproved || c.ArticleID != art.ID || c.Email != "reader@example.com" {
				t.Errorf("Thread returned %+v", c)
			}
		}
	}
	// The count counts every approved comment, shown or hidden below an
	// unapproved one: c1, c11 and d1 are approved.
	if n := commentCount(t, s, art.ID); n != 13 {
		t.Errorf("article counts %d approved comments, want 13", n)
	}
	got, top, err := s.Thread(ctx, art.ID+100, 1, 10, false)
	if err != nil || len(got) != 0 || top != 0 {
		t.Errorf("Thread(missing article) = %v, %d, %v; want nothing", bodies(got), top, err)
	}
}

func testThreadPaging(t *testing.T, s store.Store) {
	ctx := t.Context()
	art := commentWorld(t, s, 1)[0]
	// p2 and p3 share a time: the order falls back to their IDs.
	for i, min := range []int{1, 2, 2, 4, 5} {
		root := mustComment(t, s, reply(art.ID, 0, fmt.Sprintf("p%d", i+1), min))
		mustComment(t, s, reply(art.ID, root.ID, fmt.Sprintf("p%dr", i+1), 100+i))
	}
	pending := reply(art.ID, 0, "pending", 3)
	pending.Status = model.CommentPending
	mustComment(t, s, pending)
	for _, tc := range []struct {
		page    int
		perPage int
		newest  bool
		want    []string
	}{
		{1, 2, false, []string{"p1", "p1r", "p2", "p2r"}},
		{2, 2, false, []string{"p3", "p3r", "p4", "p4r"}},
		{3, 2, false, []string{"p5", "p5r"}},
		{4, 2, false, []string{}},
		{1, 2, true, []string{"p5", "p5r", "p4", "p4r"}},
		{2, 2, true, []string{"p3", "p3r", "p2", "p2r"}},
		{3, 2, true, []string{"p1", "p1r"}},
		{1, 5, false, []string{"p1", "p1r", "p2", "p2r", "p3", "p3r", "p4", "p4r", "p5", "p5r"}},
		{1, math.MaxInt, true, []string{"p5", "p5r", "p4", "p4r", "p3", "p3r", "p2", "p2r", "p1", "p1r"}},
		{math.MaxInt, 2, false, []string{}},
		{math.MaxInt, math.MaxInt, false, []string{}},
	} {
		got, top, err := s.Thread(ctx, art.ID, tc.page, tc.perPage, tc.newest)
		if err != nil {
			t.Errorf("Thread(page %d of %d, newest=%v): %v", tc.page, tc.perPage, tc.newest, err)
			continue
		}
		if !slices.Equal(bodies(got), tc.want) || top != 5 || got == nil {
			t.Errorf("Thread(page %d of %d, newest=%v) = %v, %d top-level; want %v, 5",
				tc.page, tc.perPage, tc.newest, bodies(got), top, tc.want)
		}
	}
	for _, bad := range [][2]int{{0, 2}, {-1, 2}, {1, 0}, {1, -5}} {
		if _, _, err := s.Thread(ctx, art.ID, bad[0], bad[1], false); err == nil {
			t.Errorf("Thread(page %d, per page %d) accepted", bad[0], bad[1])
		}
	}
}

func testCommentPage(t *testing.T, s store.Store) {
	ctx := t.Context()
	art := commentWorld(t, s, 1)[0]
	ids := map[string]int64{}
	for i, min := range []int{1, 2, 2, 4, 5} {
		name := fmt.Sprintf("p%d", i+1)
		ids[name] = mustComment(t, s, reply(art.ID, 0, name, min)).ID
		ids[name+"r"] = mustComment(t, s, reply(art.ID, ids[name], name+"r", 100+i)).ID
		ids[name+"rr"] = mustComment(t, s, reply(art.ID, ids[name+"r"], name+"rr", 200+i)).ID
	}
	held := reply(art.ID, ids["p3r"], "held", 300)
	held.Status = model.CommentPending
	ids["held"] = mustComment(t, s, held).ID
	ids["below held"] = mustComment(t, s, reply(art.ID, ids["held"], "below held", 301)).ID
	for _, tc := range []struct {
		name    string
		perPage int
		newest  bool
		want    int
	}{
		{"p1", 2, false, 1}, {"p1rr", 2, false, 1}, {"p3r", 2, false, 2}, {"p3rr", 2, false, 2},
		{"p5", 2, false, 3}, {"p5rr", 2, true, 1}, {"p1r", 2, true, 3}, {"p3", 2, true, 2},
		{"p2", 2, true, 2}, {"p4r", 1, false, 4}, {"p4r", 1, true, 2}, {"p5", 10, false, 1},
	} {
		got, err := s.CommentPage(ctx, ids[tc.name], tc.perPage, tc.newest)
		if err != nil || got != tc.want {
			t.Errorf("CommentPage(%s, %d, newest=%v) = %d, %v; want %d", tc.name, tc.perPage, tc.newest, got, err, tc.want)
		}
		// The page found is the one Thread shows the comment on.
		page, _, err := s.Thread(ctx, art.ID, got, tc.perPage, tc.newest)
		if err != nil || !slices.Contains(bodies(page), tc.name) {
			t.Errorf("Thread page %d does not show %s: %v, %v", got, tc.name, bodies(page), err)
		}
	}
	for _, name := range []string{"held", "below held"} {
		if _, err := s.CommentPage(ctx, ids[name], 2, false); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("CommentPage(%s) = %v, want ErrNotFound: Thread does not show it", name, err)
		}
	}
	if _, err := s.CommentPage(ctx, 99999, 2, false); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("CommentPage(missing) = %v, want ErrNotFound", err)
	}
	if _, err := s.CommentPage(ctx, ids["p1"], 0, false); err == nil || errors.Is(err, store.ErrNotFound) {
		t.Errorf("CommentPage(per page 0) = %v, want a clear error", err)
	}
}
