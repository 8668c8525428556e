package storetest

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

func testListComments(t *testing.T, s store.Store) {
	ctx := t.Context()
	arts := commentWorld(t, s, 2)
	type spec struct {
		art    int
		status model.CommentStatus
		min    int
	}
	specs := []spec{
		{0, model.CommentApproved, 5}, {1, model.CommentPending, 5}, {0, model.CommentPending, 9},
		{1, model.CommentSpam, 1}, {0, model.CommentTrash, 5}, {1, model.CommentPending, 7},
		{0, model.CommentPending, 2}, {1, model.CommentApproved, 9},
	}
	var all []model.Comment
	for i, sp := range specs {
		c := reply(arts[sp.art].ID, 0, fmt.Sprintf("c%d", i), sp.min)
		c.Status = sp.status
		all = append(all, mustComment(t, s, c))
	}
	newestFirst := slices.Clone(all)
	slices.SortFunc(newestFirst, func(a, b model.Comment) int {
		if c := b.Created.Compare(a.Created); c != 0 {
			return c
		}
		return int(b.ID - a.ID)
	})
	title := map[int64]string{arts[0].ID: arts[0].Title, arts[1].ID: arts[1].Title}
	pages := func(f store.CommentFilter) ([]string, int) {
		t.Helper()
		var got []string
		n := 0
		for range 20 {
			items, next, err := s.ListComments(ctx, f)
			if err != nil {
				t.Fatalf("ListComments(%+v): %v", f, err)
			}
			n++
			for _, c := range items {
				got = append(got, c.Body)
				if c.ArticleTitle != title[c.ArticleID] || c.ArticleTitle == "" {
					t.Errorf("comment %s has article title %q", c.Body, c.ArticleTitle)
				}
			}
			if next == "" {
				return got, n
			}
			f.Cursor = next
		}
		t.Fatal("ListComments never ended")
		return nil, 0
	}
	want := func(keep func(model.Comment) bool) []string {
		var out []string
		for _, c := range newestFirst {
			if keep(c) {
				out = append(out, c.Body)
			}
		}
		return out
	}
	everything := func(model.Comment) bool { return true }
	if got, n := pages(store.CommentFilter{Limit: 3}); !slices.Equal(got, want(everything)) || n != 3 {
		t.Errorf("all, 3 a page: %v in %d pages; want %v in 3", got, n, want(everything))
	}
	if got, n := pages(store.CommentFilter{}); !slices.Equal(got, want(everything)) || n != 1 {
		t.Errorf("all, default page: %v in %d pages", got, n)
	}
	pendingOnly := func(c model.Comment) bool { return c.Status == model.CommentPending }
	if got, _ := pages(store.CommentFilter{Status: model.CommentPending, Limit: 1}); !slices.Equal(got, want(pendingOnly)) {
		t.Errorf("pending: %v, want %v", got, want(pendingOnly))
	}
	second := func(c model.Comment) bool { return c.ArticleID == arts[1].ID }
	if got, _ := pages(store.CommentFilter{ArticleID: arts[1].ID, Limit: 2}); !slices.Equal(got, want(second)) {
		t.Errorf("second article: %v, want %v", got, want(second))
	}
	both := func(c model.Comment) bool { return second(c) && pendingOnly(c) }
	if got, _ := pages(store.CommentFilter{ArticleID: arts[1].ID, Status: model.CommentPending}); !slices.Equal(got, want(both)) {
		t.Errorf("second article, pending: %v, want %v", got, want(both))
	}
	items, next, err := s.ListComments(ctx, store.CommentFilter{ArticleID: arts[0].ID, Status: model.CommentSpam})
	if err != nil || items == nil || len(items) != 0 || next != "" {
		t.Errorf("no match: %#v, %q, %v; want an empty, non-nil page", items, next, err)
	}
	for _, bad := range []string{"!!!", "bm90IGEgY3Vyc29y", "MTIzLjA", "\x00"} {
		if _, _, err := s.ListComments(ctx, store.CommentFilter{Cursor: bad}); !errors.Is(err, store.ErrBadCursor) {
			t.Errorf("cursor %q: %v, want ErrBadCursor", bad, err)
		}
	}
	if _, _, err := s.ListComments(ctx, store.CommentFilter{Status: "deleted"}); err == nil {
		t.Error("ListComments accepted an unknown status")
	}
	// What a listing shows moderators is the whole comment.
	first, _, err := s.ListComments(ctx, store.CommentFilter{Limit: 1})
	if err != nil || len(first) != 1 {
		t.Fatal(first, err)
	}
	full, err := s.GetComment(ctx, first[0].ID)
	if err != nil || !reflect.DeepEqual(full, first[0]) {
		t.Errorf("listed %+v\nstored %+v (%v)", first[0], full, err)
	}
}

func testCountComments(t *testing.T, s store.Store) {
	ctx := t.Context()
	arts := commentWorld(t, s, 3)
	zero := map[model.CommentStatus]int{model.CommentPending: 0, model.CommentApproved: 0, model.CommentSpam: 0, model.CommentTrash: 0}
	got, err := s.CountComments(ctx, 0)
	if err != nil || !reflect.DeepEqual(got, zero) {
		t.Errorf("empty store: %v, %v; want every status at zero", got, err)
	}
	add := func(art int, st model.CommentStatus, n int) {
		for i := range n {
			c := reply(arts[art].ID, 0, fmt.Sprintf("%s %d", st, i), i)
			c.Status = st
			mustComment(t, s, c)
		}
	}
	add(0, model.CommentApproved, 3)
	add(0, model.CommentPending, 2)
	add(1, model.CommentSpam, 4)
	add(1, model.CommentApproved, 1)
	for _, tc := range []struct {
		article int64
		want    map[model.CommentStatus]int
	}{
		{0, map[model.CommentStatus]int{model.CommentPending: 2, model.CommentApproved: 4, model.CommentSpam: 4, model.CommentTrash: 0}},
		{arts[0].ID, map[model.CommentStatus]int{model.CommentPending: 2, model.CommentApproved: 3, model.CommentSpam: 0, model.CommentTrash: 0}},
		{arts[1].ID, map[model.CommentStatus]int{model.CommentPending: 0, model.CommentApproved: 1, model.CommentSpam: 4, model.CommentTrash: 0}},
		{arts[2].ID, zero},
		{arts[2].ID + 100, zero},
	} {
		got, err := s.CountComments(ctx, tc.article)
		if err != nil || !reflect.DeepEqual(got, tc.want) {
			t.Errorf("CountComments(%d) = %v, %v; want %v", tc.article, got, err, tc.want)
		}
	}
}

func testCommentActivity(t *testing.T, s store.Store) {
	ctx := t.Context()
	arts := commentWorld(t, s, 2)
	a, b := arts[0].ID, arts[1].ID
	at := func(d time.Duration) time.Time { return base.Add(d) }
	for _, c := range []model.Comment{
		{ArticleID: a, ClientIP: "198.51.100.7", Email: "Ann@Example.com", Body: "First!", Status: model.CommentApproved, Created: at(-2 * time.Hour)},
		{ArticleID: a, ClientIP: "198.51.100.7", Email: "ann@example.COM", Body: "Second", Status: model.CommentPending, Created: at(-30 * time.Minute)},
		{ArticleID: b, ClientIP: "198.51.100.7", Email: "bob@example.com", Body: "Third", Status: model.CommentSpam, Created: at(-10 * time.Minute)},
		{ArticleID: b, ClientIP: "203.0.113.9", Email: "ANN@example.com", Body: "Hello from elsewhere", Status: model.CommentApproved, Created: at(-5 * time.Minute)},
		{ArticleID: a, ClientIP: "203.0.113.9", Email: "carl@example.com", Body: "Trashed words", Status: model.CommentTrash, Created: at(-3 * time.Minute)},
		// A staff comment from the admin area carries no address.
		{ArticleID: a, Body: "Staff note", Status: model.CommentApproved, Created: at(-1 * time.Minute)},
	} {
		mustComment(t, s, c)
	}
	activity := func(q store.ActivityQuery) store.Activity {
		t.Helper()
		got, err := s.CommentActivity(ctx, q)
		if err != nil {
			t.Fatalf("CommentActivity(%+v): %v", q, err)
		}
		return got
	}
	got := activity(store.ActivityQuery{ClientIP: "198.51.100.7", Email: "ann@EXAMPLE.com", ArticleID: a, Body: "Second", Since: at(-time.Hour)})
	want := store.Activity{ByIP: 2, ByEmail: 2, LastAt: at(-10 * time.Minute), Duplicate: true, Approved: 2}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("within the hour:\n got %+v\nwant %+v", got, want)
	}
	got = activity(store.ActivityQuery{ClientIP: "198.51.100.7", Email: "ANN@example.com", ArticleID: a, Body: "new words"})
	if got.ByIP != 3 || got.ByEmail != 3 || got.Duplicate {
		t.Errorf("since ever: %+v; want 3 by address, 3 by email, no duplicate", got)
	}
	// The window starts at Since, inclusive.
	got = activity(store.ActivityQuery{ClientIP: "198.51.100.7", Email: "bob@example.com", Since: at(-10 * time.Minute)})
	if got.ByIP != 1 || got.ByEmail != 1 || got.Approved != 0 {
		t.Errorf("window starting at the comment: %+v; want it counted once each way, none approved", got)
	}
	for _, tc := range []struct {
		name string
		q    store.ActivityQuery
		want bool
	}{
		{"same body by address on its article", store.ActivityQuery{ClientIP: "198.51.100.7", Email: "zed@example.com", ArticleID: b, Body: "Third"}, true},
		{"same body by email in another case", store.ActivityQuery{ClientIP: "192.0.2.1", Email: "aNN@example.com", ArticleID: b, Body: "Hello from elsewhere"}, true},
		{"same body on another article", store.ActivityQuery{ClientIP: "198.51.100.7", Email: "bob@example.com", ArticleID: a, Body: "Third"}, false},
		{"same body by someone else", store.ActivityQuery{ClientIP: "192.0.2.1", Email: "zed@example.com", ArticleID: a, Body: "Second"}, false},
		{"a trashed duplicate does not count", store.ActivityQuery{ClientIP: "203.0.113.9", Email: "carl@example.com", ArticleID: a, Body: "Trashed words"}, false},
		{"body differs in case", store.ActivityQuery{ClientIP: "198.51.100.7", ArticleID: a, Body: "second"}, false},
		{"no address and no email match nothing", store.ActivityQuery{ArticleID: a, Body: "Staff note"}, false},
	} {
		if got := activity(tc.q); got.Duplicate != tc.want {
			t.Errorf("%s: Duplicate = %v, want %v", tc.name, got.Duplicate, tc.want)
		}
	}
	got = activity(store.ActivityQuery{ArticleID: a, Body: "Staff note", Since: at(-24 * time.Hour)})
	if !reflect.DeepEqual(got, store.Activity{}) {
		t.Errorf("empty address and email: %+v; want nothing (staff comments are no one's)", got)
	}
	got = activity(store.ActivityQuery{ClientIP: "192.0.2.200", Email: "first-timer@example.com", ArticleID: a, Body: "Hi"})
	if !reflect.DeepEqual(got, store.Activity{}) {
		t.Errorf("a newcomer: %+v; want nothing", got)
	}
	got = activity(store.ActivityQuery{ClientIP: "203.0.113.9", Email: "carl@example.com"})
	if got.Approved != 0 || got.ByIP != 2 || !got.LastAt.Equal(at(-3*time.Minute)) {
		t.Errorf("carl: %+v; want none approved, 2 by address, last 3 minutes before base", got)
	}
	got = activity(store.ActivityQuery{ClientIP: "\x00", Email: "ann\xff@example.com", Body: "Second\x00", ArticleID: a})
	if !reflect.DeepEqual(got, store.Activity{}) {
		t.Errorf("hostile query: %+v; want nothing", got)
	}
}
