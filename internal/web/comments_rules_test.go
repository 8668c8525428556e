package web_test

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/internal/comments"
	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

// held checks that a post was held (or taken as spam, or a bot's): the
// 303 goes to the article page with a signed preview link, and returns
// the comment ID it names.
func held(t *testing.T, c *commentSite, r response) (int64, string) {
	t.Helper()
	u := redirectTarget(t, r)
	q := u.Query()
	if u.Path != c.path || q.Get("unapproved") == "" || q.Get("hash") == "" {
		t.Fatalf("a held comment redirected to %s, want %s?unapproved=ID&hash=H#comment-ID", u, c.path)
	}
	id := commentID(t, u)
	if q.Get("unapproved") != strconv.FormatInt(id, 10) {
		t.Fatalf("redirect %s: unapproved and fragment disagree", u)
	}
	return id, u.RequestURI()
}

// approved checks that a post was published: the 303 goes to the comment
// on the article page, with no preview parameters.
func approved(t *testing.T, c *commentSite, r response) int64 {
	t.Helper()
	u := redirectTarget(t, r)
	if u.Path != c.path || u.Query().Has("unapproved") || u.Query().Has("hash") {
		t.Fatalf("an approved comment redirected to %s", u)
	}
	return commentID(t, u)
}

func TestComments_ModerationRules(t *testing.T) {
	forEachBackend(t, func(t *testing.T, open func(testing.TB) store.Store) {
		c := newCommentSite(t, open(t), map[string]string{
			comments.KeyModerationWords: "casino\nfree money",
			comments.KeyDisallowedWords: "viagra\n203.0.113.66",
		})
		ctx := t.Context()

		// The first comment of an address waits for a moderator.
		first, preview := held(t, c, c.comment("198.51.100.1", "First!", "Ann Reader", "ann@example.com", ""))
		if got := c.stored(first); got.Status != model.CommentPending || got.Reason != "first comment from this email address" {
			t.Fatalf("first comment stored as %s (%q)", got.Status, got.Reason)
		}
		note := c.notes.next(t)
		if !slices.Equal(note.to, moderators) {
			t.Errorf("notified %q, want %q", note.to, moderators)
		}
		if note.notice.Comment.ID != first || note.notice.ModerateURL != "https://news.example.org/admin/comments?status=pending" ||
			note.notice.ArticleURL != "https://news.example.org"+c.path {
			t.Errorf("moderator notice = %+v", note.notice)
		}
		// Its author sees it in place, with the notice; nobody else does.
		doc := c.page(preview, http.StatusOK)
		li := doc.Find(fmt.Sprintf("#comment-%d", first))
		if li.Length() != 1 || !strings.Contains(li.Text(), "First!") ||
			strings.TrimSpace(li.Find(".comment-awaiting-moderation").Text()) != "Your comment is awaiting moderation." {
			t.Errorf("the author's preview does not show the held comment with its notice")
		}
		if r := c.get(preview); r.header.Get("Cache-Control") != "private, no-store" {
			t.Errorf("preview Cache-Control = %q", r.header.Get("Cache-Control"))
		}
		for _, p := range []string{c.path, fmt.Sprintf("%s?unapproved=%d", c.path, first),
			fmt.Sprintf("%s?unapproved=%d&hash=%s", c.path, first, strings.Repeat("0", 32)),
			fmt.Sprintf("%s?unapproved=%d&hash=%s", c.path, first+1, previewHashOf(preview))} {
			if strings.Contains(c.get(p).body, "First!") {
				t.Errorf("%s shows the held comment", p)
			}
		}

		// Once a moderator approved one, the address's next comment is
		// published at once.
		if err := c.store.SetCommentStatus(ctx, first, model.CommentApproved); err != nil {
			t.Fatal(err)
		}
		second := approved(t, c, c.comment("198.51.100.2", "Second thoughts.", "Ann Reader", "ANN@example.com", ""))
		doc = c.page(c.path, http.StatusOK)
		if !strings.Contains(doc.Find(fmt.Sprintf("#comment-%d", second)).Text(), "Second thoughts.") {
			t.Error("the approved comment is not on the page")
		}
		if got := texts(doc.Find("#comments-title")); !slices.Equal(got, []string{"2 comments"}) {
			t.Errorf("heading = %q", got)
		}

		// Two links, a moderation word, each hold; a disallowed word (or
		// address) is spam. The spammer is told the same as a held
		// commenter, and shown nothing.
		cases := []struct {
			name, client, body, website string
			status                      model.CommentStatus
			reason                      string
		}{
			{"two links", "198.51.100.3", "See https://a.example.org and https://b.example.org", "", model.CommentPending, "2 links"},
			{"a link and a website", "198.51.100.4", "See https://a.example.org", "https://ann.example.org", model.CommentPending, "2 links"},
			{"moderation word", "198.51.100.5", "Visit my Casino tonight", "", model.CommentPending, `moderation word "casino" in the comment`},
			{"moderation phrase", "198.51.100.6", "Free   money for all", "", model.CommentPending, `moderation word "free money" in the comment`},
			{"disallowed word", "198.51.100.7", "Cheap VIAGRA here", "", model.CommentSpam, `disallowed "viagra" in the comment`},
			{"disallowed address", "203.0.113.66", "An innocent remark", "", model.CommentSpam, `disallowed "203.0.113.66"`},
		}
		for _, tc := range cases {
			id, preview := held(t, c, c.comment(tc.client, tc.body, "Ann Reader", "ann@example.com", tc.website))
			got := c.stored(id)
			if got.Status != tc.status || !strings.Contains(got.Reason, tc.reason) {
				t.Errorf("%s: stored as %s (%q), want %s (%q)", tc.name, got.Status, got.Reason, tc.status, tc.reason)
			}
			doc := c.page(preview, http.StatusOK)
			shown := strings.Contains(doc.Find("#comments").Text(), tc.body)
			notice := strings.TrimSpace(doc.Find("#comments .comment-awaiting-moderation").First().Text())
			if notice != "Your comment is awaiting moderation." {
				t.Errorf("%s: the author is not told the comment awaits moderation", tc.name)
			}
			if tc.status == model.CommentSpam {
				if shown {
					t.Errorf("%s: spam is shown to its author", tc.name)
				}
				if doc.Find(fmt.Sprintf("#comment-%d", id)).Length() != 1 {
					t.Errorf("%s: the redirect's anchor is not on the page", tc.name)
				}
			} else if !shown {
				t.Errorf("%s: the held comment is not shown to its author", tc.name)
			}
		}
		// Only held comments notify, one notice each.
		for range 4 {
			if n := c.notes.next(t); n.notice.Comment.Status != model.CommentPending {
				t.Errorf("notified of a %s comment", n.notice.Comment.Status)
			}
		}
		select {
		case n := <-c.notes.got:
			t.Errorf("notified of a %s comment", n.notice.Comment.Status)
		case <-time.After(100 * time.Millisecond):
		}

		// The honeypot: answered as held, nothing stored, nothing logged
		// above DEBUG.
		before := c.statuses()
		hidden := c.openForm(c.path)
		c.clock.Advance(5 * time.Second)
		v := fill(hidden, "Buy now", "Bot", "bot@example.com", "")
		v.Set("subject", "Great post")
		_, preview = held(t, c, c.post(v, "198.51.100.9"))
		if after := c.statuses(); !mapsEqual(before, after) {
			t.Errorf("the honeypot stored something: %v -> %v", before, after)
		}
		doc = c.page(preview, http.StatusOK)
		if strings.Contains(doc.Text(), "Buy now") || !strings.Contains(doc.Find("#comments").Text(), "Your comment is awaiting moderation.") {
			t.Error("the bot's link does not look like a held comment's")
		}
		for _, line := range c.logs.lines("INFO") {
			if strings.Contains(line, "honeypot") {
				t.Errorf("honeypot logged above DEBUG: %s", line)
			}
		}
		if !slices.ContainsFunc(c.logs.lines("DEBUG"), func(l string) bool { return strings.Contains(l, "honeypot") }) {
			t.Error("the honeypot is not logged at DEBUG")
		}
		assertNoEmailInLogs(t, c, "ann@example.com", "bot@example.com")
	})
}

// previewHashOf reads the hash of a preview link.
func previewHashOf(link string) string {
	_, after, _ := strings.Cut(link, "hash=")
	h, _, _ := strings.Cut(after, "#")
	h, _, _ = strings.Cut(h, "&")
	return h
}

func mapsEqual[K comparable, V comparable](a, b map[K]V) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if bv, ok := b[k]; !ok || bv != v {
			return false
		}
	}
	return true
}

// assertNoEmailInLogs checks the logs at INFO and above for the emails.
func assertNoEmailInLogs(t *testing.T, c *commentSite, emails ...string) {
	t.Helper()
	for _, line := range c.logs.lines("INFO") {
		for _, e := range emails {
			if strings.Contains(strings.ToLower(line), strings.ToLower(e)) {
				t.Errorf("an email address was logged at INFO or above: %s", line)
			}
		}
	}
}

func TestComments_ClosedAndDepth(t *testing.T) {
	forEachBackend(t, func(t *testing.T, open func(testing.TB) store.Store) {
		c := newCommentSite(t, open(t), map[string]string{comments.KeyHoldFirst: "false", comments.KeyMaxDepth: "2"})
		ctx := t.Context()

		// Depth 2: top-level comments and one level of replies.
		top := approved(t, c, c.comment("198.51.100.1", "Top", "Ann", "ann@example.com", ""))
		reply := approved(t, c, c.reply(top, "198.51.100.2", "Reply", "Bob", "bob@example.com"))
		if got := c.stored(reply); got.ParentID != top || got.Depth != 1 {
			t.Fatalf("reply stored as parent %d depth %d", got.ParentID, got.Depth)
		}
		doc := c.page(c.path, http.StatusOK)
		if doc.Find(fmt.Sprintf("#comment-%d > .children > #comment-%d", top, reply)).Length() != 1 {
			t.Error("the reply is not threaded under its parent")
		}
		if doc.Find(fmt.Sprintf("#comment-%d > .comment-body .comment-reply-link", top)).Length() != 1 {
			t.Error("the top-level comment has no Reply link")
		}
		if doc.Find(fmt.Sprintf("#comment-%d .comment-reply-link", reply)).Length() != 0 {
			t.Error("a reply at the deepest level has a Reply link")
		}
		// A forged reply to the deepest comment is refused, its text kept.
		hidden := c.openForm(c.path)
		hidden.Set("comment_parent", strconv.FormatInt(reply, 10))
		c.clock.Advance(5 * time.Second)
		r := c.post(fill(hidden, "Too deep", "Cy", "cy@example.com", ""), "198.51.100.3")
		if r.status != http.StatusForbidden {
			t.Fatalf("too deep = %d, want 403", r.status)
		}
		doc = docOf(t, r.body)
		if got := texts(doc.Find(".form-message")); !slices.Equal(got, []string{"Replies cannot go any deeper in this thread; please reply to an earlier comment instead."}) {
			t.Errorf("too deep message = %q", got)
		}
		keptValues(t, doc, "Too deep", "Cy", "cy@example.com")
		// A reply to a comment that is not public, or of another article.
		for _, parent := range []string{"999999", "-4"} {
			hidden := c.openForm(c.path)
			hidden.Set("comment_parent", parent)
			c.clock.Advance(20 * time.Second)
			r := c.post(fill(hidden, "Orphan "+parent, "Cy", "cy@example.com", ""), "198.51.100.3")
			if r.status != http.StatusForbidden && r.status != http.StatusUnprocessableEntity {
				t.Errorf("reply to %s = %d, want 403 or 422", parent, r.status)
			}
			keptValues(t, docOf(t, r.body), "Orphan "+parent, "Cy", "cy@example.com")
		}

		// Closed by hand: the page says so and has no form; a post is
		// refused with its text given back.
		hidden = c.openForm(c.path)
		if err := c.store.SetCommentsClosed(ctx, c.art.ID, true); err != nil {
			t.Fatal(err)
		}
		doc = c.page(c.path, http.StatusOK)
		if got := texts(doc.Find("#comments .comments-closed")); !slices.Equal(got, []string{"Comments are closed."}) {
			t.Errorf("closed notice = %q", got)
		}
		if doc.Find("#commentform, #respond, .comment-reply-link").Length() != 0 {
			t.Error("a closed article shows the form or Reply links")
		}
		if doc.Find(fmt.Sprintf("#comment-%d", top)).Length() != 1 {
			t.Error("closing hid the comments")
		}
		c.clock.Advance(20 * time.Second)
		r = c.post(fill(hidden, "Too late", "Dee", "dee@example.com", ""), "198.51.100.4")
		if r.status != http.StatusForbidden {
			t.Fatalf("post to a closed article = %d, want 403", r.status)
		}
		doc = docOf(t, r.body)
		if got := texts(doc.Find(".form-message")); !slices.Equal(got, []string{"Comments are closed on this article."}) {
			t.Errorf("closed message = %q", got)
		}
		if got := doc.Find("textarea#unsent-comment").Text(); got != "Too late" {
			t.Errorf("the refused comment came back as %q", got)
		}
		if err := c.store.SetCommentsClosed(ctx, c.art.ID, false); err != nil {
			t.Fatal(err)
		}

		// Closed by age: the article is a day old; closing after one day
		// takes effect once a day has passed.
		if err := c.store.SetSettings(ctx, map[string]string{comments.KeyCloseAfterDays: "1"}); err != nil {
			t.Fatal(err)
		}
		hidden = c.openForm(c.path)
		c.clock.Advance(24 * time.Hour)
		r = c.post(fill(hidden, "Old news", "Dee", "dee@example.com", ""), "198.51.100.4")
		if r.status != http.StatusForbidden || !strings.Contains(r.body, "Comments are closed on this article.") {
			t.Errorf("post after the closing age = %d", r.status)
		}
		if doc := c.page(c.path, http.StatusOK); doc.Find("#commentform").Length() != 0 || !strings.Contains(doc.Find("#comments").Text(), "Comments are closed.") {
			t.Error("an article past the closing age still shows the form")
		}
		if n := c.statuses(); n[model.CommentApproved] != 2 || n[model.CommentPending]+n[model.CommentSpam] != 0 {
			t.Errorf("stored %v, want the two accepted comments only", n)
		}
	})
}

func TestComments_FloodAndRateLimits(t *testing.T) {
	forEachBackend(t, func(t *testing.T, open func(testing.TB) store.Store) {
		c := newCommentSite(t, open(t), map[string]string{comments.KeyHoldFirst: "false"})

		// Flood: one client, a second comment 5 seconds after the first.
		approved(t, c, c.comment("198.51.100.1", "One", "Ann", "ann@example.com", ""))
		hidden := c.openForm(c.path)
		c.clock.Advance(4 * time.Second) // 8 s after the first post
		r := c.post(fill(hidden, "Two", "Ann", "ann@example.com", "https://ann.example.org/"), "198.51.100.1")
		if r.status != http.StatusTooManyRequests {
			t.Fatalf("second post within 15 s = %d, want 429", r.status)
		}
		if got := r.header.Get("Retry-After"); got != "11" {
			t.Errorf("Retry-After = %q, want 11 (15 s less the 4 s waited)", got)
		}
		doc := docOf(t, r.body)
		keptValues(t, doc, "Two", "Ann", "ann@example.com")
		if doc.Find("#url").AttrOr("value", "") != "https://ann.example.org/" {
			t.Error("the website did not come back")
		}
		if got := texts(doc.Find(".form-message")); !slices.Equal(got, []string{"You are posting comments too quickly; please wait 11 seconds and try again."}) {
			t.Errorf("flood message = %q", got)
		}
		// Another client is not held back; the first may post once 15 s
		// have passed.
		approved(t, c, c.comment("198.51.100.2", "Other client", "Bob", "bob@example.com", ""))
		c.clock.Advance(8 * time.Second)
		approved(t, c, c.post(fill(hiddenFields(t, doc), "Two", "Ann", "ann@example.com", ""), "198.51.100.1"))

		// A forwarding header from a peer that is not a trusted proxy
		// proves nothing: every "client" it names is the peer.
		untrusted := newFixtureOn(t, c.store, func(o *webOptions) {
			o.Now = c.clock.Now
			o.SettingsTTL = -1
			o.CommentLimit = webRateLimit(-1, 0)
		})
		v := fill(c.openForm(c.path), "From behind a forged header", "Eve", "eve@example.com", "")
		c.clock.Advance(20 * time.Second)
		req := postTo(t, untrusted.srv.URL, v)
		req.Header.Set("X-Forwarded-For", "192.0.2.1")
		redirectTarget(t, untrusted.do(req))
		v = fill(c.openForm(c.path), "Another forged header", "Eve", "eve2@example.com", "")
		c.clock.Advance(4 * time.Second)
		req = postTo(t, untrusted.srv.URL, v)
		req.Header.Set("X-Forwarded-For", "192.0.2.2")
		if r := untrusted.do(req); r.status != http.StatusTooManyRequests {
			t.Errorf("a forged X-Forwarded-For escaped the flood rule: %d", r.status)
		}

		// Per email address: 10 an hour, from any client.
		c.clock.Advance(2 * time.Hour)
		for i := range 10 {
			approved(t, c, c.comment(fmt.Sprintf("198.51.100.%d", 100+i), fmt.Sprintf("Email limit %d", i), "Fay", "fay@example.com", ""))
		}
		r = c.comment("198.51.100.120", "Email limit 10", "Fay", "Fay@Example.com", "")
		if r.status != http.StatusTooManyRequests || r.header.Get("Retry-After") == "" {
			t.Errorf("11th comment of an address in an hour = %d (Retry-After %q), want 429", r.status, r.header.Get("Retry-After"))
		}
		if got := texts(docOf(t, r.body).Find(".form-message")); !slices.Equal(got, []string{"You have posted many comments in a short time; please try again later."}) {
			t.Errorf("rate limit message = %q", got)
		}
		keptValues(t, docOf(t, r.body), "Email limit 10", "Fay", "Fay@Example.com")

		// Per client address: 30 an hour, whatever the email.
		c.clock.Advance(2 * time.Hour)
		for i := range 30 {
			approved(t, c, c.comment("198.51.100.200", fmt.Sprintf("IP limit %d", i), "Gil", fmt.Sprintf("gil%d@example.com", i), ""))
			c.clock.Advance(12 * time.Second) // past the flood interval with the form's 4 s
		}
		r = c.comment("198.51.100.200", "IP limit 30", "Gil", "gil30@example.com", "")
		if r.status != http.StatusTooManyRequests {
			t.Errorf("31st comment of a client address in an hour = %d, want 429", r.status)
		}
		// Through the trusted proxy, the client's neighbour is not limited.
		approved(t, c, c.comment("198.51.100.201", "IP limit neighbour", "Hal", "hal@example.com", ""))
	})
}

func TestComments_PostBucketLimitsEachClient(t *testing.T) {
	c := newCommentSite(t, storetestSQLite(t), nil, func(o *webOptions) {
		o.CommentLimit = webRateLimit(0.001, 3)
	})
	for i := range 3 {
		if r := c.post(fill(c.openForm(c.path), "", "", "", ""), "198.51.100.1"); r.status != http.StatusUnprocessableEntity {
			t.Fatalf("post %d = %d, want 422 (let through, then invalid)", i, r.status)
		}
	}
	r := c.post(fill(c.openForm(c.path), "", "", "", ""), "198.51.100.1")
	if r.status != http.StatusTooManyRequests || r.header.Get("Retry-After") == "" {
		t.Fatalf("4th post in a burst of 3 = %d (Retry-After %q), want 429", r.status, r.header.Get("Retry-After"))
	}
	if !strings.Contains(r.body, "go back and post your comment again") {
		t.Error("the 429 page does not tell the reader how to keep their comment")
	}
	if r := c.post(fill(c.openForm(c.path), "", "", "", ""), "198.51.100.2"); r.status != http.StatusUnprocessableEntity {
		t.Errorf("another client = %d, want to be let through", r.status)
	}
}

func TestComments_CheckerAndNotifierFailures(t *testing.T) {
	var verdict comments.Verdict
	var checkErr error
	c := newCommentSite(t, storetestSQLite(t), map[string]string{comments.KeyHoldFirst: "false"}, func(o *webOptions) {
		o.Checker = comments.CheckerFunc(func(ctx2 contextContext, cm model.Comment) (comments.Verdict, error) {
			if cm.Email == "" || cm.Body == "" {
				return comments.Verdict{}, errors.New("the checker was given an empty comment")
			}
			return verdict, checkErr
		})
	})
	c.notes.fail = errors.New("smtp: connection refused")

	verdict = comments.Verdict{Status: model.CommentApproved}
	approved(t, c, c.comment("198.51.100.1", "Fine", "Ann", "ann@example.com", ""))
	verdict = comments.Verdict{Status: model.CommentSpam, Reason: "known spammer"}
	id, _ := held(t, c, c.comment("198.51.100.2", "Spammy", "Bob", "bob@example.com", ""))
	if got := c.stored(id); got.Status != model.CommentSpam || got.Reason != "checker: known spammer" {
		t.Errorf("checker's spam stored as %s (%q)", got.Status, got.Reason)
	}
	checkErr = errors.New("service down")
	id, _ = held(t, c, c.comment("198.51.100.3", "Unchecked", "Cy", "cy@example.com", ""))
	if got := c.stored(id); got.Status != model.CommentPending || !strings.Contains(got.Reason, "service down") {
		t.Errorf("a failed check stored as %s (%q), want pending", got.Status, got.Reason)
	}
	// The held comment's notification fails: logged at WARN without the
	// commenter's address.
	c.notes.next(t)
	deadline := time.Now().Add(time.Minute)
	for !slices.ContainsFunc(c.logs.lines("WARN"), func(l string) bool { return strings.Contains(l, "notify moderators") }) {
		if time.Now().After(deadline) {
			t.Fatal("a failed notification was not logged")
		}
		time.Sleep(10 * time.Millisecond)
	}
	assertNoEmailInLogs(t, c, "ann@example.com", "bob@example.com", "cy@example.com")
}
