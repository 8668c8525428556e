package storetest

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

var commentCases = []suiteCase{
	{"Comments/AddAndGet_RootAndDepth", testCommentAddGet},
	{"Comments/ParentOfAnotherArticle", testCommentBadParent},
	{"Comments/MissingArticleParentOrUser", testCommentMissing},
	{"Comments/NonceDuplicate", testCommentNonce},
	{"Comments/NonceDuplicateConcurrent", testCommentNonceConcurrent},
	{"Comments/DistinctNoncesConcurrent", testCommentDistinctConcurrent},
	{"Comments/StatusMovesKeepArticleCount", testCommentCount},
	{"Comments/ThreadOrder", testThreadOrder},
	{"Comments/ThreadPaging", testThreadPaging},
	{"Comments/CommentPage", testCommentPage},
	{"Comments/ListFiltersAndCursor", testListComments},
	{"Comments/CountPerStatus", testCountComments},
	{"Comments/Activity", testCommentActivity},
	{"Comments/EditAndClose", testCommentEditClose},
	{"Comments/RemovedSourceTakesItsComments", testCommentRemovedSource},
	{"Comments/HostileText", testCommentHostile},
}

// commentWorld stores a source and n articles and returns the articles.
func commentWorld(t *testing.T, s store.Store, n int) []model.Article {
	t.Helper()
	src := mustAddSource(t, s, "https://harbor.example/feed", "Harbor Gazette")
	var arts []model.Article
	for i := range n {
		arts = append(arts, article(fmt.Sprintf("Harbor story %d", i+1), base.Add(time.Duration(i)*time.Hour)))
	}
	res := mustSave(t, s, src.ID, arts...)
	out := make([]model.Article, n)
	for i, id := range res.IDs {
		a, err := s.GetArticle(t.Context(), id)
		if err != nil {
			t.Fatal(err)
		}
		out[i] = a
	}
	return out
}

// mustComment stores a comment and fails the test on error.
func mustComment(t *testing.T, s store.Store, c model.Comment) model.Comment {
	t.Helper()
	got, err := s.AddComment(t.Context(), c)
	if err != nil {
		t.Fatalf("AddComment(%q): %v", c.Body, err)
	}
	return got
}

// reply builds an approved comment on articleID, under parentID (0: top
// level), created at minute min after base.
func reply(articleID, parentID int64, body string, min int) model.Comment {
	return model.Comment{
		ArticleID: articleID,
		ParentID:  parentID,
		Status:    model.CommentApproved,
		Name:      "Reader " + body,
		Email:     "reader@example.com",
		Body:      body,
		Created:   base.Add(time.Duration(min) * time.Minute),
	}
}

// commentCount reads an article's Comments.
func commentCount(t *testing.T, s store.Store, id int64) int {
	t.Helper()
	a, err := s.GetArticle(t.Context(), id)
	if err != nil {
		t.Fatal(err)
	}
	return a.Comments
}

// bodies lists the bodies of comments in order.
func bodies(cs []model.Comment) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.Body
	}
	return out
}

func testCommentAddGet(t *testing.T, s store.Store) {
	ctx := t.Context()
	art := commentWorld(t, s, 1)[0]
	staff, err := s.AddUser(ctx, model.User{Email: "desk@example.com", Name: "Desk", Role: model.RoleEditor})
	if err != nil {
		t.Fatal(err)
	}
	// A time in another zone with nanoseconds comes back in UTC, whole
	// microseconds, as it reads back later.
	created := time.Date(2024, 6, 22, 11, 30, 0, 123456789, time.FixedZone("CEST", 2*3600))
	in := model.Comment{
		ArticleID: art.ID,
		Status:    model.CommentApproved,
		Name:      "Ana Ødegård",
		Email:     "Ana@Example.com",
		Website:   "https://ana.example/",
		Body:      "Glad the ferry «Nordlys» is back 🚢\nSecond line.",
		ClientIP:  "2001:db8::1",
		UserAgent: "Mozilla/5.0 (test)",
		UserID:    staff.ID,
		Reason:    "staff",
		Nonce:     "nonce-1",
		Created:   created,
	}
	top := mustComment(t, s, in)
	if top.ID <= 0 || top.RootID != top.ID || top.Depth != 0 || top.ParentID != 0 {
		t.Errorf("top-level comment: id %d root %d depth %d parent %d", top.ID, top.RootID, top.Depth, top.ParentID)
	}
	want := in
	want.ID, want.RootID = top.ID, top.ID
	want.Created = time.Date(2024, 6, 22, 9, 30, 0, 123456000, time.UTC)
	if !reflect.DeepEqual(top, want) {
		t.Errorf("AddComment returned\n %+v\nwant\n %+v", top, want)
	}
	got, err := s.GetComment(ctx, top.ID)
	if err != nil {
		t.Fatal(err)
	}
	want.ArticleTitle = art.Title
	if !reflect.DeepEqual(got, want) {
		t.Errorf("GetComment\n %+v\nwant\n %+v", got, want)
	}

	before := time.Now().Add(-time.Second)
	r1 := mustComment(t, s, model.Comment{ArticleID: art.ID, ParentID: top.ID, Body: "reply", Status: model.CommentPending})
	after := time.Now().Add(time.Second)
	if r1.RootID != top.ID || r1.Depth != 1 || r1.ParentID != top.ID {
		t.Errorf("reply: root %d depth %d parent %d", r1.RootID, r1.Depth, r1.ParentID)
	}
	if r1.Created.Before(before) || r1.Created.After(after) || r1.Created.Location() != time.UTC {
		t.Errorf("reply without a time got Created %v, want about now in UTC", r1.Created)
	}
	r2 := mustComment(t, s, model.Comment{ArticleID: art.ID, ParentID: r1.ID, Body: "reply to reply"})
	if r2.RootID != top.ID || r2.Depth != 2 || r2.Status != model.CommentPending {
		t.Errorf("second-level reply: root %d depth %d status %q; want root %d, depth 2, pending (the zero status)",
			r2.RootID, r2.Depth, r2.Status, top.ID)
	}
	// RootID and Depth are the store's to set.
	r3 := mustComment(t, s, model.Comment{ArticleID: art.ID, ParentID: r2.ID, RootID: 999, Depth: 40, Body: "deeper"})
	if r3.RootID != top.ID || r3.Depth != 3 {
		t.Errorf("third-level reply: root %d depth %d", r3.RootID, r3.Depth)
	}
	got3, err := s.GetComment(ctx, r3.ID)
	if err != nil || got3.RootID != top.ID || got3.Depth != 3 || got3.ParentID != r2.ID || !got3.Created.Equal(r3.Created) {
		t.Errorf("GetComment(reply) = %+v, %v", got3, err)
	}
	if _, err := s.GetComment(ctx, r3.ID+100); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("GetComment(missing) = %v, want ErrNotFound", err)
	}
	if _, err := s.AddComment(ctx, model.Comment{ArticleID: art.ID, Status: "published", Body: "x"}); err == nil {
		t.Error("AddComment accepted an unknown status")
	}
}

func testCommentBadParent(t *testing.T, s store.Store) {
	ctx := t.Context()
	arts := commentWorld(t, s, 2)
	parent := mustComment(t, s, reply(arts[0].ID, 0, "on the first", 1))
	_, err := s.AddComment(ctx, reply(arts[1].ID, parent.ID, "on the second, under the first", 2))
	if !errors.Is(err, store.ErrBadParent) {
		t.Fatalf("reply to another article's comment: %v, want ErrBadParent", err)
	}
	counts, err := s.CountComments(ctx, arts[1].ID)
	if err != nil || counts[model.CommentApproved] != 0 {
		t.Errorf("second article holds %v, %v; want nothing", counts, err)
	}
	if n := commentCount(t, s, arts[1].ID); n != 0 {
		t.Errorf("second article counts %d comments", n)
	}
}

func testCommentMissing(t *testing.T, s store.Store) {
	ctx := t.Context()
	art := commentWorld(t, s, 1)[0]
	for name, c := range map[string]model.Comment{
		"missing article": reply(art.ID+1000, 0, "nowhere", 1),
		"zero article":    reply(0, 0, "nowhere", 1),
		"missing parent":  reply(art.ID, 12345, "orphan", 1),
		"missing user":    {ArticleID: art.ID, UserID: 777, Body: "ghost"},
	} {
		if _, err := s.AddComment(ctx, c); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("%s: %v, want ErrNotFound", name, err)
		}
	}
	items, _, err := s.ListComments(ctx, store.CommentFilter{})
	if err != nil || len(items) != 0 {
		t.Errorf("stored %d comments (%v) after failures", len(items), err)
	}
}

func testCommentNonce(t *testing.T, s store.Store) {
	ctx := t.Context()
	art := commentWorld(t, s, 1)[0]
	c := reply(art.ID, 0, "posted twice", 1)
	c.Nonce = "form-token-1"
	first := mustComment(t, s, c)
	if _, err := s.AddComment(ctx, c); !errors.Is(err, store.ErrDuplicate) {
		t.Errorf("second post of the form: %v, want ErrDuplicate", err)
	}
	if n := commentCount(t, s, art.ID); n != 1 {
		t.Errorf("article counts %d comments, want 1: the duplicate must not count", n)
	}
	// Comments without a nonce (staff, imports) never collide.
	for range 2 {
		mustComment(t, s, reply(art.ID, first.ID, "no nonce", 2))
	}
	counts, err := s.CountComments(ctx, art.ID)
	if err != nil || counts[model.CommentApproved] != 3 {
		t.Errorf("counts %v, %v; want 3 approved", counts, err)
	}
}

func testCommentNonceConcurrent(t *testing.T, s store.Store) {
	ctx := t.Context()
	art := commentWorld(t, s, 1)[0]
	const n = 50
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() {
			c := reply(art.ID, 0, fmt.Sprintf("post %d", i), i)
			c.Nonce = "same-form"
			_, errs[i] = s.AddComment(ctx, c)
		})
	}
	wg.Wait()
	ok, dup := 0, 0
	for _, err := range errs {
		switch {
		case err == nil:
			ok++
		case errors.Is(err, store.ErrDuplicate):
			dup++
		default:
			t.Errorf("AddComment: %v", err)
		}
	}
	if ok != 1 || dup != n-1 {
		t.Errorf("%d stored, %d duplicates; want 1 and %d", ok, dup, n-1)
	}
	counts, err := s.CountComments(ctx, art.ID)
	if err != nil || counts[model.CommentApproved] != 1 {
		t.Errorf("counts %v, %v; want one comment", counts, err)
	}
	if got := commentCount(t, s, art.ID); got != 1 {
		t.Errorf("article counts %d comments, want 1", got)
	}
}

func testCommentDistinctConcurrent(t *testing.T, s store.Store) {
	ctx := t.Context()
	art := commentWorld(t, s, 1)[0]
	const n = 200
	var wg sync.WaitGroup
	got := make([]model.Comment, n)
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() {
			c := reply(art.ID, 0, fmt.Sprintf("post %d", i), i)
			c.Nonce = fmt.Sprintf("form-%d", i)
			got[i], errs[i] = s.AddComment(ctx, c)
		})
	}
	wg.Wait()
	seen := map[int64]bool{}
	for i, err := range errs {
		if err != nil {
			t.Errorf("post %d: %v", i, err)
			continue
		}
		if seen[got[i].ID] {
			t.Errorf("ID %d handed out twice", got[i].ID)
		}
		seen[got[i].ID] = true
	}
	items, _, err := s.ListComments(ctx, store.CommentFilter{Limit: store.MaxLimit})
	if err != nil {
		t.Fatal(err)
	}
	counts, err := s.CountComments(ctx, 0)
	if err != nil || counts[model.CommentApproved] != n || len(items) != store.MaxLimit {
		t.Errorf("counts %v (%v), first page %d; want %d approved", counts, err, len(items), n)
	}
	if c := commentCount(t, s, art.ID); c != n {
		t.Errorf("article counts %d comments, want %d", c, n)
	}
	_, top, err := s.Thread(ctx, art.ID, 1, 10, false)
	if err != nil || top != n {
		t.Errorf("Thread counts %d top-level comments (%v), want %d", top, err, n)
	}
}

func testCommentCount(t *testing.T, s store.Store) {
	ctx := t.Context()
	art := commentWorld(t, s, 1)[0]
	c := reply(art.ID, 0, "moderate me", 1)
	c.Status = model.CommentPending
	c = mustComment(t, s, c)
	steps := []struct {
		to   model.CommentStatus
		want int
	}{
		{model.CommentPending, 0},
		{model.CommentApproved, 1},
		{model.CommentApproved, 1},
		{model.CommentSpam, 0},
		{model.CommentApproved, 1},
		{model.CommentTrash, 0},
		{model.CommentPending, 0},
		{model.CommentSpam, 0},
		{model.CommentApproved, 1},
	}
	for i, st := range steps {
		if err := s.SetCommentStatus(ctx, c.ID, st.to); err != nil {
			t.Fatalf("step %d: SetCommentStatus(%s): %v", i, st.to, err)
		}
		if got := commentCount(t, s, art.ID); got != st.want {
			t.Errorf("step %d: after moving to %s the article counts %d, want %d", i, st.to, got, st.want)
		}
		if got, err := s.GetComment(ctx, c.ID); err != nil || got.Status != st.to {
			t.Errorf("step %d: comment status %q, %v; want %s", i, got.Status, err, st.to)
		}
	}
	mustComment(t, s, reply(art.ID, c.ID, "approved reply", 2))
	pending := reply(art.ID, c.ID, "pending reply", 3)
	pending.Status = model.CommentPending
	mustComment(t, s, pending)
	if err := s.SetCommentStatus(ctx, c.ID, "deleted"); err == nil {
		t.Error("SetCommentStatus accepted an unknown status")
	}
	if err := s.SetCommentStatus(ctx, c.ID+100, model.CommentApproved); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("SetCommentStatus(missing) = %v, want ErrNotFound", err)
	}
	// Every read of the article carries the count: the page, the
	// listings and the search hits.
	if got := commentCount(t, s, art.ID); got != 2 {
		t.Errorf("GetArticle: %d comments, want 2", got)
	}
	bySlug, err := s.GetArticleBySlug(ctx, art.Slug)
	if err != nil || bySlug.Comments != 2 {
		t.Errorf("GetArticleBySlug: %d comments, %v; want 2", bySlug.Comments, err)
	}
	list, _, err := s.ListArticles(ctx, store.ArticleFilter{})
	if err != nil || len(list) != 1 || list[0].Comments != 2 {
		t.Errorf("ListArticles: %+v, %v; want one article with 2 comments", list, err)
	}
	for _, q := range []store.SearchQuery{{Query: parse("harbor story")}, {Query: parse("harbor"), Newest: true}, {}} {
		res, err := s.SearchArticles(ctx, q)
		if err != nil || len(res.Items) != 1 || res.Items[0].Comments != 2 {
			t.Errorf("SearchArticles(%+v): %+v, %v; want one hit with 2 comments", q, res.Items, err)
		}
	}
}

func testCommentEditClose(t *testing.T, s store.Store) {
	ctx := t.Context()
	art := commentWorld(t, s, 1)[0]
	c := mustComment(t, s, reply(art.ID, 0, "teh original", 1))
	if err := s.EditComment(ctx, c.ID, "Edited Name", "https://edited.example/", "the original, fixed"); err != nil {
		t.Fatal(err)
	}
	got, err := s.GetComment(ctx, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	want := c
	want.Name, want.Website, want.Body, want.ArticleTitle = "Edited Name", "https://edited.example/", "the original, fixed", art.Title
	if !reflect.DeepEqual(got, want) {
		t.Errorf("after the edit\n got %+v\nwant %+v", got, want)
	}
	if err := s.EditComment(ctx, c.ID+100, "x", "", "y"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("EditComment(missing) = %v, want ErrNotFound", err)
	}
	if art.CommentsClosed {
		t.Error("a new article starts with comments closed")
	}
	for _, closed := range []bool{true, true, false, true} {
		if err := s.SetCommentsClosed(ctx, art.ID, closed); err != nil {
			t.Fatal(err)
		}
		a, err := s.GetArticle(ctx, art.ID)
		if err != nil || a.CommentsClosed != closed {
			t.Errorf("GetArticle after SetCommentsClosed(%v): closed=%v, %v", closed, a.CommentsClosed, err)
		}
		list, _, err := s.ListArticles(ctx, store.ArticleFilter{})
		if err != nil || len(list) != 1 || list[0].CommentsClosed != closed {
			t.Errorf("ListArticles after SetCommentsClosed(%v): %+v, %v", closed, list, err)
		}
	}
	if err := s.SetCommentsClosed(ctx, art.ID+100, true); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("SetCommentsClosed(missing) = %v, want ErrNotFound", err)
	}
}

func testCommentRemovedSource(t *testing.T, s store.Store) {
	ctx := t.Context()
	art := commentWorld(t, s, 1)[0]
	mine := mustSave(t, s, 0, model.Article{Title: "Newsroom original", Kind: model.KindOriginal, PublishedAt: base})
	root := mustComment(t, s, reply(art.ID, 0, "root", 1))
	child := mustComment(t, s, reply(art.ID, root.ID, "child", 2))
	mustComment(t, s, reply(art.ID, child.ID, "grandchild", 3))
	kept := mustComment(t, s, reply(mine.IDs[0], 0, "on the original", 4))
	if err := s.RemoveSource(ctx, art.SourceID); err != nil {
		t.Fatal(err)
	}
	for _, id := range []int64{root.ID, child.ID} {
		if _, err := s.GetComment(ctx, id); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("comment %d of a removed article: %v, want ErrNotFound", id, err)
		}
	}
	items, _, err := s.ListComments(ctx, store.CommentFilter{})
	if err != nil || len(items) != 1 || items[0].ID != kept.ID {
		t.Errorf("left after removal: %v, %v; want only %d", bodies(items), err, kept.ID)
	}
	counts, err := s.CountComments(ctx, 0)
	if err != nil || counts[model.CommentApproved] != 1 {
		t.Errorf("counts after removal: %v, %v", counts, err)
	}
}

func testCommentHostile(t *testing.T, s store.Store) {
	ctx := t.Context()
	art := commentWorld(t, s, 1)[0]
	parent := mustComment(t, s, reply(art.ID, 0, "parent", 1))
	// Text PostgreSQL cannot hold is refused on both backends, with an
	// error and nothing stored: a comment is kept as written or not at all.
	for name, c := range map[string]model.Comment{
		"NUL in body":           {ArticleID: art.ID, Status: model.CommentApproved, Body: "hello\x00world"},
		"invalid UTF-8 in name": {ArticleID: art.ID, Status: model.CommentApproved, Name: "bad\xff", Body: "x"},
		"NUL in nonce":          {ArticleID: art.ID, Status: model.CommentApproved, Body: "x", Nonce: "n\x00"},
		"NUL in reply email":    {ArticleID: art.ID, ParentID: parent.ID, Status: model.CommentApproved, Email: "a\x00@b", Body: "x"},
		"NUL in user agent":     {ArticleID: art.ID, Status: model.CommentApproved, UserAgent: "\x00", Body: "x"},
	} {
		_, err := s.AddComment(ctx, c)
		if err == nil || errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrDuplicate) {
			t.Errorf("%s: %v; want a clear error", name, err)
		}
	}
	counts, err := s.CountComments(ctx, art.ID)
	if err != nil || counts[model.CommentApproved] != 1 {
		t.Errorf("after refused comments: %v, %v; want only the parent", counts, err)
	}
	if n := commentCount(t, s, art.ID); n != 1 {
		t.Errorf("article counts %d comments, want 1", n)
	}
	if err := s.EditComment(ctx, parent.ID, "ok", "", "bad\x00body"); err == nil {
		t.Error("EditComment accepted a NUL byte")
	}
	if got, err := s.GetComment(ctx, parent.ID); err != nil || got.Body != "parent" {
		t.Errorf("after a refused edit: %q, %v", got.Body, err)
	}
	// Anything else is text, stored and read back byte for byte.
	odd := []string{
		"'); DROP TABLE comments; --",
		"<script>alert(1)</script> & \"quotes\"",
		"emoji 🚢 and RTL \u202e and zero-width \u200b",
		"  leading and trailing spaces  ",
		strings.Repeat("long ", 20000),
		"",
	}
	for i, body := range odd {
		in := model.Comment{ArticleID: art.ID, ParentID: parent.ID, Status: model.CommentApproved,
			Name: body, Email: body, Website: body, Body: body, ClientIP: body, UserAgent: body, Reason: body,
			Nonce: fmt.Sprintf("%d:%s", i, body)}
		c, err := s.AddComment(ctx, in)
		if err != nil {
			t.Errorf("AddComment(%.40q): %v", body, err)
			continue
		}
		got, err := s.GetComment(ctx, c.ID)
		if err != nil || got.Body != body || got.Name != body || got.Email != body || got.ClientIP != body ||
			got.UserAgent != body || got.Website != body || got.Reason != body || got.Nonce != in.Nonce {
			t.Errorf("round trip of %.40q: %+v, %v", body, got, err)
		}
	}
}
