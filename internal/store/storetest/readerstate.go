package storetest

import (
	"fmt"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

var readerStateCases = []suiteCase{
	{"ReaderState/UnreadByDefault", testReaderUnreadByDefault},
	{"ReaderState/MarksAndStars", testReaderMarks},
	{"ReaderState/MarkAllRead", testReaderMarkAll},
	{"ReaderState/PagingAndFilters", testReaderPaging},
	{"ReaderState/HiddenAndDisabledLeave", testReaderHidden},
}

// readerWorld stores six articles of source A (section "World", fetched
// one a minute from base) and four of source B (filed under "Sports"),
// then a newsroom original, and returns the IDs of each, oldest first,
// with the two sources and a reading account.
type readerFixture struct {
	a, b     []int64
	newsroom int64
	srcA     model.Source
	srcB     model.Source
	user     model.User
	world    int64 // section IDs
	sports   int64
}

func readerWorld(t *testing.T, s store.Store) readerFixture {
	t.Helper()
	var f readerFixture
	f.srcA = mustAddSource(t, s, "https://a.example/feed", "Alpha")
	f.srcB = mustAddSource(t, s, "https://b.example/feed", "Beta")
	save := func(src model.Source, cat string, n, from int) []int64 {
		var arts []model.Article
		for i := range n {
			a := article(fmt.Sprintf("%s report %d", src.Name, i), base.Add(time.Duration(from+i)*time.Minute))
			a.FetchedAt = a.PublishedAt
			a.Category = cat
			a.ContentHTML = "<p>Body of " + a.Title + "</p>"
			arts = append(arts, a)
		}
		return mustSave(t, s, src.ID, arts...).IDs
	}
	f.a = save(f.srcA, "World", 6, 0)
	f.b = save(f.srcB, "Sports", 4, 10)
	d, _ := publishedDesk(t, s, "Newsroom scoop", "newsroom-scoop")
	f.newsroom = d.ArticleID
	f.user = deskUser(t, s, "reader@example.com", model.RoleAuthor)
	cats, err := s.ListCategories(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cats {
		switch c.Name {
		case "World":
			f.world = c.ID
		case "Sports":
			f.sports = c.ID
		}
	}
	if f.world == 0 || f.sports == 0 {
		t.Fatalf("categories %+v lack World or Sports", cats)
	}
	return f
}

func (f readerFixture) ru() store.ReaderUser { return store.ReaderUser{ID: f.user.ID} }

// readerIDs lists the IDs q selects.
func readerIDs(t *testing.T, s store.Store, q store.ReaderQuery) []int64 {
	t.Helper()
	items, err := s.ReaderItems(t.Context(), q)
	if err != nil {
		t.Fatalf("ReaderItems(%+v): %v", q, err)
	}
	out := []int64{}
	for _, it := range items {
		out = append(out, it.Article.ID)
	}
	return out
}

// unreadBy sums the unread counts by source (key "s<ID>") and section
// ("c<ID>"), and all of them ("all").
func unreadBy(t *testing.T, s store.Store, u store.ReaderUser) map[string]int {
	t.Helper()
	counts, err := s.ReaderUnreadCounts(t.Context(), u)
	if err != nil {
		t.Fatalf("ReaderUnreadCounts: %v", err)
	}
	out := map[string]int{}
	for _, c := range counts {
		out[fmt.Sprintf("s%d", c.SourceID)] += c.Unread
		out[fmt.Sprintf("c%d", c.CategoryID)] += c.Unread
		out["all"] += c.Unread
	}
	return out
}

func wantIDs(t *testing.T, what string, got []int64, want ...int64) {
	t.Helper()
	if want == nil {
		want = []int64{}
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("%s = %v, want %v", what, got, want)
	}
}

// newestFirst returns ids (oldest first) in reverse.
func newestFirst(ids ...[]int64) []int64 {
	var out []int64
	for _, l := range ids {
		out = append(out, l...)
	}
	slices.Reverse(out)
	return out
}

func testReaderUnreadByDefault(t *testing.T, s store.Store) {
	f := readerWorld(t, s)
	all := newestFirst(f.a, f.b, []int64{f.newsroom})
	wantIDs(t, "unread", readerIDs(t, s, store.ReaderQuery{User: f.ru(), Unread: true, Limit: 100}), all...)
	wantIDs(t, "read", readerIDs(t, s, store.ReaderQuery{User: f.ru(), Read: true, Limit: 100}))
	got := unreadBy(t, s, f.ru())
	want := map[string]int{"all": 11, fmt.Sprintf("s%d", f.srcA.ID): 6, fmt.Sprintf("s%d", f.srcB.ID): 4, "s0": 1,
		fmt.Sprintf("c%d", f.world): 6, fmt.Sprintf("c%d", f.sports): 4, "c0": 1}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("unread counts %v, want %v", got, want)
	}
	if n, err := s.ReaderTotal(t.Context()); err != nil || n != 11 {
		t.Fatalf("ReaderTotal = %d, %v; want 11", n, err)
	}
	// A floor reads everything fetched at or before it: here A's first
	// four articles and the original, published at base.
	floored := store.ReaderUser{ID: f.user.ID, Floor: base.Add(3 * time.Minute)}
	if got := unreadBy(t, s, floored); got["all"] != 6 || got[fmt.Sprintf("s%d", f.srcA.ID)] != 2 {
		t.Fatalf("unread counts with a floor: %v, want 6 in all and 2 of A", got)
	}
	wantIDs(t, "read with a floor", readerIDs(t, s, store.ReaderQuery{User: floored, Read: true, Limit: 100}), newestFirst(f.a[:4], []int64{f.newsroom})...)
	// The newsroom's own feed, and each source's.
	wantIDs(t, "newsroom", readerIDs(t, s, store.ReaderQuery{User: f.ru(), Newsroom: true}), f.newsroom)
	wantIDs(t, "source B", readerIDs(t, s, store.ReaderQuery{User: f.ru(), SourceID: f.srcB.ID}), newestFirst(f.b)...)
	wantIDs(t, "section World", readerIDs(t, s, store.ReaderQuery{User: f.ru(), CategoryID: f.world}), newestFirst(f.a)...)
	// Another account's state is its own, and a fresh one has no stars.
	wantIDs(t, "starred", readerIDs(t, s, store.ReaderQuery{User: f.ru(), Starred: true}))
}

func testReaderMarks(t *testing.T, s store.Store) {
	ctx := t.Context()
	f := readerWorld(t, s)
	yes, no := true, false
	n, err := s.ReaderSetState(ctx, f.ru(), []int64{f.a[0], f.b[1], 999999}, store.ReaderChange{Read: &yes})
	if err != nil || n != 2 {
		t.Fatalf("ReaderSetState(read) = %d, %v; want 2 found", n, err)
	}
	wantIDs(t, "read", readerIDs(t, s, store.ReaderQuery{User: f.ru(), Read: true}), f.b[1], f.a[0])
	if got := unreadBy(t, s, f.ru()); got["all"] != 9 || got[fmt.Sprintf("s%d", f.srcB.ID)] != 3 {
		t.Fatalf("unread counts after marking two read: %v", got)
	}
	// Stars are independent of the read state.
	if _, err := s.ReaderSetState(ctx, f.ru(), []int64{f.a[0], f.a[5]}, store.ReaderChange{Starred: &yes}); err != nil {
		t.Fatal(err)
	}
	wantIDs(t, "starred", readerIDs(t, s, store.ReaderQuery{User: f.ru(), Starred: true}), f.a[5], f.a[0])
	wantIDs(t, "starred and unread", readerIDs(t, s, store.ReaderQuery{User: f.ru(), Starred: true, Unread: true}), f.a[5])
	items, err := s.ReaderItems(ctx, store.ReaderQuery{User: f.ru(), IDs: []int64{f.a[0], f.a[1]}, Bodies: true})
	if err != nil || len(items) != 2 {
		t.Fatalf("ReaderItems by IDs: %d items, %v", len(items), err)
	}
	if it := items[1]; it.Article.ID != f.a[0] || !it.Read || !it.Starred || it.CategoryID != f.world ||
		it.Article.ContentHTML == "" || it.Article.SourceName != "Alpha" {
		t.Fatalf("item %+v: want A's first article, read, starred, in World, with its body", it)
	}
	if it := items[0]; it.Read || it.Starred {
		t.Fatalf("item %d is read %v starred %v; want neither", it.Article.ID, it.Read, it.Starred)
	}
	// Unmarking and unstarring give the defaults back; another account
	// never saw any of it.
	if _, err := s.ReaderSetState(ctx, f.ru(), []int64{f.a[0], f.b[1]}, store.ReaderChange{Read: &no, Starred: &no}); err != nil {
		t.Fatal(err)
	}
	if got := unreadBy(t, s, f.ru()); got["all"] != 11 {
		t.Fatalf("unread after unmarking: %v, want 11", got)
	}
	wantIDs(t, "starred after unstarring", readerIDs(t, s, store.ReaderQuery{User: f.ru(), Starred: true}), f.a[5])
	other := deskUser(t, s, "other@example.com", model.RoleEditor)
	wantIDs(t, "other's starred", readerIDs(t, s, store.ReaderQuery{User: store.ReaderUser{ID: other.ID}, Starred: true}))
	// Below a floor, an article can still be marked unread, and stays so.
	floored := store.ReaderUser{ID: f.user.ID, Floor: base.Add(time.Hour)}
	if _, err := s.ReaderSetState(ctx, floored, []int64{f.a[2]}, store.ReaderChange{Read: &no}); err != nil {
		t.Fatal(err)
	}
	wantIDs(t, "unread under the floor", readerIDs(t, s, store.ReaderQuery{User: floored, Unread: true}), f.a[2])
	if got := unreadBy(t, s, floored); got["all"] != 1 {
		t.Fatalf("unread counts under the floor: %v, want 1", got)
	}
	// Too many IDs is an error, not a silent cut.
	if _, err := s.ReaderSetState(ctx, f.ru(), make([]int64, store.MaxReaderIDs+1), store.ReaderChange{Read: &yes}); err == nil {
		t.Fatal("ReaderSetState with too many IDs succeeded")
	}
}

func testReaderMarkAll(t *testing.T, s store.Store) {
	ctx := t.Context()
	f := readerWorld(t, s)
	yes, no := true, false
	// A marked read up to its third article; an explicit unread mark
	// there is overridden, one above stays.
	if _, err := s.ReaderSetState(ctx, f.ru(), []int64{f.a[1], f.a[4]}, store.ReaderChange{Read: &yes}); err != nil {
		t.Fatal(err)
	}
	mark := func(scope store.ReaderScope, before time.Time) {
		t.Helper()
		if err := s.ReaderMarkRead(ctx, f.user.ID, scope, before); err != nil {
			t.Fatalf("ReaderMarkRead(%+v, %v): %v", scope, before, err)
		}
	}
	mark(store.ReaderScope{Source: true, SourceID: f.srcA.ID}, base.Add(2*time.Minute))
	wantIDs(t, "unread of A", readerIDs(t, s, store.ReaderQuery{User: f.ru(), SourceID: f.srcA.ID, Unread: true}), f.a[5], f.a[3])
	wantIDs(t, "unread of A, oldest first", readerIDs(t, s, store.ReaderQuery{User: f.ru(), SourceID: f.srcA.ID, Unread: true, Oldest: true}), f.a[3], f.a[5])
	if got := unreadBy(t, s, f.ru()); got[fmt.Sprintf("s%d", f.srcA.ID)] != 2 || got["all"] != 7 {
		t.Fatalf("unread counts after marking A read up to its third: %v, want 2 of A and 7 in all", got)
	}
	// Marking unread below the horizon works; marking the scope read
	// again clears it.
	if _, err := s.ReaderSetState(ctx, f.ru(), []int64{f.a[0]}, store.ReaderChange{Read: &no}); err != nil {
		t.Fatal(err)
	}
	wantIDs(t, "unread of A after one unmarked", readerIDs(t, s, store.ReaderQuery{User: f.ru(), SourceID: f.srcA.ID, Unread: true}), f.a[5], f.a[3], f.a[0])
	wantIDs(t, "unread of A after one unmarked, oldest first", readerIDs(t, s, store.ReaderQuery{User: f.ru(), Unread: true, Oldest: true, Limit: 2}), f.a[0], f.a[3])
	if got := unreadBy(t, s, f.ru()); got[fmt.Sprintf("s%d", f.srcA.ID)] != 3 || got[fmt.Sprintf("c%d", f.world)] != 3 {
		t.Fatalf("unread counts with an unread mark under A's horizon: %v, want 3 of A", got)
	}
	mark(store.ReaderScope{Source: true, SourceID: f.srcA.ID}, base.Add(2*time.Minute))
	wantIDs(t, "unread of A marked again", readerIDs(t, s, store.ReaderQuery{User: f.ru(), SourceID: f.srcA.ID, Unread: true}), f.a[5], f.a[3])
	// A horizon never moves back.
	mark(store.ReaderScope{Source: true, SourceID: f.srcA.ID}, base)
	if got := unreadBy(t, s, f.ru()); got[fmt.Sprintf("s%d", f.srcA.ID)] != 2 {
		t.Fatalf("unread of A after an older mark: %v, want 2", got)
	}
	// A section; the newsroom's feed (source 0).
	mark(store.ReaderScope{CategoryID: f.sports}, base.Add(11*time.Minute))
	wantIDs(t, "unread of Sports", readerIDs(t, s, store.ReaderQuery{User: f.ru(), CategoryID: f.sports, Unread: true}), f.b[3], f.b[2])
	mark(store.ReaderScope{Source: true}, time.Now().Add(time.Hour))
	if got := unreadBy(t, s, f.ru()); got["s0"] != 0 || got["all"] != 4 {
		t.Fatalf("unread after marking the newsroom read: %v, want 4 in all", got)
	}
	// Everything read up to a time: stars stay.
	if _, err := s.ReaderSetState(ctx, f.ru(), []int64{f.b[0]}, store.ReaderChange{Starred: &yes}); err != nil {
		t.Fatal(err)
	}
	mark(store.ReaderScope{}, base.Add(12*time.Minute))
	wantIDs(t, "unread after marking all", readerIDs(t, s, store.ReaderQuery{User: f.ru(), Unread: true}), f.b[3])
	wantIDs(t, "starred after marking all", readerIDs(t, s, store.ReaderQuery{User: f.ru(), Starred: true}), f.b[0])
	if got := unreadBy(t, s, f.ru()); got["all"] != 1 {
		t.Fatalf("unread counts after marking all: %v, want 1", got)
	}
	// Another account is untouched.
	other := deskUser(t, s, "other@example.com", model.RoleEditor)
	if got := unreadBy(t, s, store.ReaderUser{ID: other.ID}); got["all"] != 11 {
		t.Fatalf("another account's unread: %v, want 11", got)
	}
}

func testReaderPaging(t *testing.T, s store.Store) {
	f := readerWorld(t, s)
	all := newestFirst(f.a, f.b, []int64{f.newsroom})
	// Newest first in pages of three, by ID keyset.
	var got []int64
	var before int64
	for range 10 {
		page := readerIDs(t, s, store.ReaderQuery{User: f.ru(), Limit: 3, BeforeID: before})
		if len(page) == 0 {
			break
		}
		got = append(got, page...)
		before = page[len(page)-1]
	}
	wantIDs(t, "pages newest first", got, all...)
	got, after := nil, int64(0)
	for range 10 {
		page := readerIDs(t, s, store.ReaderQuery{User: f.ru(), Limit: 4, AfterID: after, Oldest: true})
		if len(page) == 0 {
			break
		}
		got = append(got, page...)
		after = page[len(page)-1]
	}
	slices.Reverse(all)
	wantIDs(t, "pages oldest first", got, all...)
	wantIDs(t, "fetched between", readerIDs(t, s, store.ReaderQuery{User: f.ru(),
		FetchedAfter: base.Add(4 * time.Minute), FetchedBefore: base.Add(11 * time.Minute)}), f.b[0], f.a[5])
	if _, err := s.ReaderItems(t.Context(), store.ReaderQuery{User: f.ru(), Limit: store.MaxReaderLimit + 1}); err == nil {
		t.Fatal("ReaderItems over MaxReaderLimit succeeded")
	}
	items, err := s.ReaderItems(t.Context(), store.ReaderQuery{User: f.ru(), Limit: 1})
	if err != nil || len(items) != 1 || items[0].Article.ContentHTML != "" {
		t.Fatalf("ReaderItems without bodies: %+v, %v; want one item without content", items, err)
	}
	// IDs only: the same items and states, with their times and sources.
	yes := true
	if _, err := s.ReaderSetState(t.Context(), f.ru(), []int64{f.b[1]}, store.ReaderChange{Read: &yes, Starred: &yes}); err != nil {
		t.Fatal(err)
	}
	full, err := s.ReaderItems(t.Context(), store.ReaderQuery{User: f.ru(), Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	light, err := s.ReaderItems(t.Context(), store.ReaderQuery{User: f.ru(), Limit: 100, IDsOnly: true})
	if err != nil || len(light) != len(full) {
		t.Fatalf("IDs only: %d items, %v; want %d", len(light), err, len(full))
	}
	for i, l := range light {
		g := full[i]
		if l.Article.ID != g.Article.ID || l.Article.SourceID != g.Article.SourceID || !l.Article.FetchedAt.Equal(g.Article.FetchedAt) ||
			!l.Article.PublishedAt.Equal(g.Article.PublishedAt) || l.CategoryID != g.CategoryID || l.Read != g.Read || l.Starred != g.Starred ||
			l.Article.Title != "" {
			t.Fatalf("IDs only item %+v, full %+v", l, g)
		}
	}
}

func testReaderHidden(t *testing.T, s store.Store) {
	ctx := t.Context()
	f := readerWorld(t, s)
	yes := true
	if _, err := s.ReaderSetState(ctx, f.ru(), []int64{f.a[0]}, store.ReaderChange{Starred: &yes}); err != nil {
		t.Fatal(err)
	}
	if err := s.SetArticleHidden(ctx, f.a[0], true); err != nil {
		t.Fatal(err)
	}
	if err := s.SetSourceDisabled(ctx, f.srcB.ID, true, base); err != nil {
		t.Fatal(err)
	}
	wantIDs(t, "all", readerIDs(t, s, store.ReaderQuery{User: f.ru(), Limit: 100}), newestFirst(f.a[1:], []int64{f.newsroom})...)
	wantIDs(t, "starred", readerIDs(t, s, store.ReaderQuery{User: f.ru(), Starred: true}))
	wantIDs(t, "by IDs", readerIDs(t, s, store.ReaderQuery{User: f.ru(), IDs: []int64{f.a[0], f.b[0], f.a[1]}}), f.a[1])
	if got := unreadBy(t, s, f.ru()); got["all"] != 6 || got[fmt.Sprintf("s%d", f.srcB.ID)] != 0 {
		t.Fatalf("unread counts: %v, want 6 and none of the disabled source", got)
	}
	if n, err := s.ReaderTotal(ctx); err != nil || n != 6 {
		t.Fatalf("ReaderTotal = %d, %v; want 6", n, err)
	}
	if n, err := s.ReaderSetState(ctx, f.ru(), []int64{f.a[0], f.b[0]}, store.ReaderChange{Read: &yes}); err != nil || n != 0 {
		t.Fatalf("ReaderSetState on hidden articles = %d, %v; want 0 found", n, err)
	}
}
