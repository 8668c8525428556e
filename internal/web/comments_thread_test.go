package web_test

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/newsdesk/newsdesk/internal/comments"
	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

func TestComments_ThreadsPagesAndPermalinks(t *testing.T) {
	forEachBackend(t, func(t *testing.T, open func(testing.TB) store.Store) {
		c := newCommentSite(t, open(t), map[string]string{comments.KeyHoldFirst: "false", comments.KeyPerPage: "2"})
		var top []int64
		for i := range 5 {
			top = append(top, approved(t, c, c.comment(fmt.Sprintf("198.51.100.%d", i+1), fmt.Sprintf("Thread %d", i), fmt.Sprintf("Reader %d", i), fmt.Sprintf("r%d@example.com", i), "")))
		}
		r1 := approved(t, c, c.reply(top[0], "198.51.100.50", "Reply to thread 0", "Replier", "rep@example.com"))
		r2 := approved(t, c, c.reply(r1, "198.51.100.51", "Reply to the reply", "Second Replier", "rep2@example.com"))

		// Page 1, oldest first: threads 0 and 1, the replies nested.
		doc := c.page(c.path, http.StatusOK)
		ids := attrs(doc.Find("#comments .comment-list > li.comment"), "id")
		if !slices.Equal(ids, []string{anchorOf(top[0]), anchorOf(top[1])}) {
			t.Errorf("page 1 threads = %q", ids)
		}
		if doc.Find(fmt.Sprintf("#comment-%d > ol.children > #comment-%d > ol.children > #comment-%d", top[0], r1, r2)).Length() != 1 {
			t.Error("the replies are not nested in their thread")
		}
		if got := texts(doc.Find("#comments-title")); !slices.Equal(got, []string{"7 comments"}) {
			t.Errorf("heading = %q", got)
		}
		pager := doc.Find("#comments nav.comment-pager")
		if pager.Find("a[rel=prev]").Length() != 0 || pager.Find("a[rel=next]").AttrOr("href", "") != c.path+"?cpage=2#comments" ||
			strings.TrimSpace(pager.Find("a[rel=next]").Text()) != "Newer comments" || !strings.Contains(pager.Text(), "Page 1 of 3") {
			t.Errorf("page 1 pager: %q", strings.Join(strings.Fields(pager.Text()), " "))
		}
		li := doc.Find(fmt.Sprintf("#comment-%d", top[1]))
		if li.Find(".comment-author").Text() != "Reader 1" || li.Find(".comment-content").Text() == "" {
			t.Error("a comment lacks its author or body")
		}
		if li.Find("svg.avatar[role=img]").AttrOr("aria-label", "") != "Avatar of Reader 1" {
			t.Error("a comment lacks its local avatar")
		}
		tm := li.Find(fmt.Sprintf(`a.comment-permalink[href="#comment-%d"] time[datetime]`, top[1]))
		if tm.Length() != 1 {
			t.Error("a comment has no <time datetime> permalink to its anchor")
		}
		if href := li.Find(".comment-reply-link").AttrOr("href", ""); href != fmt.Sprintf("%s?replytocom=%d#respond", c.path, top[1]) {
			t.Errorf("Reply link = %q", href)
		}

		// Page 3: thread 4; canonical stays the article.
		doc = c.page(c.path+"?cpage=3", http.StatusOK)
		if ids := attrs(doc.Find("#comments .comment-list > li.comment"), "id"); !slices.Equal(ids, []string{anchorOf(top[4])}) {
			t.Errorf("page 3 threads = %q", ids)
		}
		if canon := doc.Find(`link[rel=canonical]`).AttrOr("href", ""); canon != "https://news.example.org"+c.path {
			t.Errorf("canonical of a comment page = %q", canon)
		}
		prev := doc.Find("#comments nav.comment-pager a[rel=prev]")
		if prev.AttrOr("href", "") != c.path+"?cpage=2#comments" || strings.TrimSpace(prev.Text()) != "Older comments" {
			t.Errorf("page 3 prev link = %q %q", prev.AttrOr("href", ""), prev.Text())
		}
		if href := doc.Find(".comment-reply-link").AttrOr("href", ""); href != fmt.Sprintf("%s?cpage=3&replytocom=%d#respond", c.path, top[4]) {
			t.Errorf("Reply link on page 3 = %q", href)
		}
		for path, status := range map[string]int{c.path + "?cpage=4": 404, c.path + "?cpage=0": 400, c.path + "?cpage=x": 400, c.path + "?cpage=99999999999999999999": 400} {
			if r := c.get(path); r.status != status {
				t.Errorf("%s = %d, want %d", path, r.status, status)
			}
		}

		// /comments/ID finds the comment's page.
		for id, want := range map[int64]string{top[0]: c.path + "#comment-", r2: c.path + "#comment-", top[4]: c.path + "?cpage=3#comment-", top[2]: c.path + "?cpage=2#comment-"} {
			r := c.get("/comments/" + strconv.FormatInt(id, 10))
			if r.status != http.StatusFound || r.header.Get("Location") != want+strconv.FormatInt(id, 10) {
				t.Errorf("/comments/%d = %d %q, want %s%d", id, r.status, r.header.Get("Location"), want, id)
			}
		}
		if err := c.store.SetCommentStatus(t.Context(), top[3], model.CommentPending); err != nil {
			t.Fatal(err)
		}
		for _, p := range []string{"/comments/" + strconv.FormatInt(top[3], 10), "/comments/999999", "/comments/abc", "/comments/-1"} {
			if r := c.get(p); r.status != http.StatusNotFound {
				t.Errorf("%s = %d, want 404", p, r.status)
			}
		}

		// Newest threads first: page 1 holds the newest.
		if err := c.store.SetSettings(t.Context(), map[string]string{comments.KeyNewestFirst: "true"}); err != nil {
			t.Fatal(err)
		}
		doc = c.page(c.path, http.StatusOK)
		if ids := attrs(doc.Find("#comments .comment-list > li.comment"), "id"); !slices.Equal(ids, []string{anchorOf(top[4]), anchorOf(top[2])}) {
			t.Errorf("newest first page 1 = %q", ids)
		}
		if next := doc.Find("#comments nav.comment-pager a[rel=next]"); strings.TrimSpace(next.Text()) != "Older comments" {
			t.Errorf("newest first: the next page is labeled %q", next.Text())
		}
	})
}

func anchorOf(id int64) string { return "comment-" + strconv.FormatInt(id, 10) }

func TestComments_ReplyWithoutJavaScript(t *testing.T) {
	c := newCommentSite(t, storetestSQLite(t), map[string]string{comments.KeyHoldFirst: "false", comments.KeyMaxDepth: "2"})
	top := approved(t, c, c.comment("198.51.100.1", "Top", "Ann <Lee>", "ann@example.com", ""))
	deep := approved(t, c, c.reply(top, "198.51.100.2", "Reply", "Bob", "bob@example.com"))

	doc := c.page(fmt.Sprintf("%s?replytocom=%d", c.path, top), http.StatusOK)
	title := doc.Find("#reply-title")
	if got := strings.Join(strings.Fields(title.Contents().Not("small").Text()), " "); got != "Leave a Reply to Ann <Lee>" {
		t.Errorf("reply form title = %q", got)
	}
	cancel := title.Find("#cancel-comment-reply-link")
	if _, hidden := cancel.Attr("hidden"); hidden || cancel.AttrOr("href", "") != c.path+"#respond" {
		t.Errorf("cancel link hidden=%v href=%q", hidden, cancel.AttrOr("href", ""))
	}
	if got := hiddenFields(t, doc).Get("comment_parent"); got != strconv.FormatInt(top, 10) {
		t.Errorf("comment_parent = %q", got)
	}
	// A reply the depth refuses, a missing or held comment: a plain form.
	held, _ := held(t, c, c.comment("198.51.100.3", "See https://a.example and https://b.example", "Cy", "cy@example.com", ""))
	for _, id := range []int64{deep, held, 999999} {
		doc := c.page(fmt.Sprintf("%s?replytocom=%d", c.path, id), http.StatusOK)
		if hiddenFields(t, doc).Get("comment_parent") != "0" || strings.Contains(doc.Find("#reply-title").Text(), " to ") {
			t.Errorf("replytocom=%d made a reply form", id)
		}
	}
	// A failed reply comes back as a reply.
	hidden := c.openForm(fmt.Sprintf("%s?replytocom=%d", c.path, top))
	r := c.post(fill(hidden, "", "Dee", "dee@example.com", ""), "198.51.100.4")
	doc = docOf(t, r.body)
	if r.status != http.StatusUnprocessableEntity || hiddenFields(t, doc).Get("comment_parent") != strconv.FormatInt(top, 10) ||
		!strings.Contains(doc.Find("#reply-title").Text(), "Leave a Reply to Ann <Lee>") {
		t.Errorf("a failed reply did not come back as a reply (%d)", r.status)
	}
}
