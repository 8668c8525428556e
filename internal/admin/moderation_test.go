package admin_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/newsdesk/newsdesk/internal/comments"
	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
	"github.com/newsdesk/newsdesk/internal/store/storetest"
)

func TestRoles(t *testing.T) {
	f := newFixture(t)
	f.addComment(model.Comment{Email: "canary-7f3a@example.net"})
	author, _ := f.signIn(model.RoleAuthor, "Al")
	moderator, _ := f.signIn(model.RoleModerator, "Mo")
	adminC, _ := f.signIn(model.RoleAdmin, "Ada")

	resp, body := f.get("/admin/comments", author)
	wantStatus(t, resp, http.StatusForbidden)
	if !strings.Contains(body, "does not moderate comments") {
		t.Errorf("the 403 page does not say why: %s", parse(t, body).Find("main").Text())
	}
	resp, body = f.get("/admin/", author)
	wantStatus(t, resp, http.StatusOK)
	if strings.Contains(body, "/admin/comments") {
		t.Error("an author's dashboard links to the moderation queue")
	}
	resp, _ = f.post("/admin/comments/1/approve", author, url.Values{"csrf": {f.csrf(author)}})
	wantStatus(t, resp, http.StatusForbidden)
	if got := f.comment(1).Status; got != model.CommentPending {
		t.Errorf("an author's approve changed the status to %s", got)
	}

	resp, _ = f.get("/admin/comments", moderator)
	wantStatus(t, resp, http.StatusOK)
	resp, body = f.get("/admin/settings/discussion", moderator)
	wantStatus(t, resp, http.StatusForbidden)
	if !strings.Contains(body, "Only admins") {
		t.Error("the settings 403 does not say why")
	}
	resp, _ = f.post("/admin/settings/discussion", moderator, url.Values{"csrf": {f.csrf(moderator)}, "thread_depth": {"2"},
		"hold_links": {"2"}, "close_after_days": {"0"}, "per_page": {"50"}, "newest_first": {"false"}})
	wantStatus(t, resp, http.StatusForbidden)
	if kv, _ := f.st.Settings(t.Context()); len(kv) != 0 {
		t.Errorf("a moderator saved settings: %v", kv)
	}
	_, body = f.get("/admin/", moderator)
	if strings.Contains(body, "/admin/settings/discussion") {
		t.Error("a moderator's dashboard links to the settings")
	}

	resp, _ = f.get("/admin/settings/discussion", adminC)
	wantStatus(t, resp, http.StatusOK)
	resp, _ = f.get("/admin/comments", adminC)
	wantStatus(t, resp, http.StatusOK)
}

func TestEmailsAndAddressesOnlyForSignedInStaff(t *testing.T) {
	f := newFixture(t)
	const canary = "canary-9c1e@example.net"
	f.addComment(model.Comment{Email: canary, ClientIP: "203.0.113.99"})
	author, _ := f.signIn(model.RoleAuthor, "Al")
	moderator, _ := f.signIn(model.RoleModerator, "Mo")
	for _, path := range []string{"/admin/comments", "/admin/", "/admin/comments/1/edit", "/admin/comments/1/reply", "/admin/login"} {
		for _, c := range []*http.Cookie{nil, author} {
			_, body := f.get(path, c)
			if strings.Contains(body, canary) || strings.Contains(body, "203.0.113.99") {
				t.Errorf("%s shows the commenter's email or address to %v", path, c)
			}
		}
	}
	_, body := f.get("/admin/comments", moderator)
	if !strings.Contains(body, canary) || !strings.Contains(body, "203.0.113.99") {
		t.Error("the queue does not show staff the commenter's email and address")
	}
}

func TestQueue_ListShowsWhatModeratorsNeed(t *testing.T) {
	f := newFixture(t)
	f.addComment(model.Comment{Name: `<script>alert("x")</script>Eve`, Website: "https://eve.example/",
		Body: "First line\nsee www.example.org\n\n<b>second</b> paragraph", Reason: "2 links", Email: "eve@example.net"})
	mod, _ := f.signIn(model.RoleModerator, "Mo")
	resp, body := f.get("/admin/comments?status=pending", mod)
	wantStatus(t, resp, http.StatusOK)
	if strings.Contains(body, `<script>alert`) || strings.Contains(body, "<b>second") {
		t.Fatal("commenter text reached the page unescaped")
	}
	doc := parse(t, body)
	item := doc.Find("ol.queue > li")
	if item.Length() != 1 {
		t.Fatalf("%d items listed, want 1", item.Length())
	}
	text := item.Text()
	for _, want := range []string{`<script>alert("x")</script>Eve`, "eve@example.net", "198.51.100.7", "https://eve.example/",
		"2 links", "Harbor reopens after the storm", "<b>second</b> paragraph"} {
		if !strings.Contains(text, want) {
			t.Errorf("the item does not show %q", want)
		}
	}
	if item.Find(".body p").Length() != 2 || item.Find(`.body a[rel="nofollow ugc noopener"]`).Length() != 1 {
		t.Errorf("the body is not rendered with paragraphs and safe links: %s", item.Find(".body").Text())
	}
	if href, _ := item.Find(`a[href^="/20"]`).Attr("href"); href != "/"+f.article.PublishedAt.Format("2006/01/02")+"/"+f.article.Slug+"/" {
		t.Errorf("article link %q", href)
	}
	if item.Find(`time[datetime]`).Length() != 1 {
		t.Error("no <time> for the comment")
	}
	var buttons []string
	item.Find("form button").Each(func(_ int, s *goquery.Selection) { buttons = append(buttons, s.Text()) })
	if strings.Join(buttons, ",") != "Approve comment #1,Spam comment #1,Trash comment #1" {
		t.Errorf("pending buttons %v", buttons)
	}
	for _, want := range []string{"Pending (1)", "Approved (0)", "Spam (0)", "Trash (0)"} {
		if !strings.Contains(strings.Join(strings.Fields(doc.Find(`nav[aria-label="Comment status"]`).Text()), " "), want) {
			t.Errorf("tabs do not show %q", want)
		}
	}

	for _, bad := range []string{"?status=deleted", "?article=abc", "?article=-1", "?cursor=not-a-cursor"} {
		resp, _ := f.get("/admin/comments"+bad, mod)
		if resp.StatusCode != http.StatusBadRequest {
			t.Errorf("%s: status %d, want 400", bad, resp.StatusCode)
		}
	}
	resp, _ = f.get("/admin/comments?article=99999", mod)
	wantStatus(t, resp, http.StatusNotFound)
}

func TestQueue_EveryActionMovesTheCommentAndTheCount(t *testing.T) {
	testActions(t, newFixture(t))
}

func TestQueue_EveryActionOnPostgres(t *testing.T) {
	testActions(t, newFixture(t, fixtureOptions{store: storetest.NewPostgres(t)}))
}

func testActions(t *testing.T, f *fixture) {
	c := f.addComment(model.Comment{})
	mod, _ := f.signIn(model.RoleModerator, "Mo")
	token := f.csrf(mod)
	steps := []struct {
		action string
		want   model.CommentStatus
		count  int
		notice string
	}{
		{"approve", model.CommentApproved, 1, "approved"},
		{"unapprove", model.CommentPending, 0, "moved back to pending"},
		{"spam", model.CommentSpam, 0, "marked as spam"},
		{"notspam", model.CommentPending, 0, "marked as not spam"},
		{"approve", model.CommentApproved, 1, "approved"},
		{"trash", model.CommentTrash, 0, "moved to the trash"},
		{"restore", model.CommentPending, 0, "restored to pending"},
		{"spam", model.CommentSpam, 0, "marked as spam"},
		{"trash", model.CommentTrash, 0, "moved to the trash"},
		{"spam", model.CommentSpam, 0, "marked as spam"},
		{"notspam", model.CommentPending, 0, "not spam"},
		{"approve", model.CommentApproved, 1, "approved"},
	}
	for _, s := range steps {
		from := f.comment(c.ID).Status
		back := fmt.Sprintf("/admin/comments?article=%d&status=%s", f.article.ID, from)
		resp, _ := f.post(fmt.Sprintf("/admin/comments/%d/%s", c.ID, s.action), mod, url.Values{"csrf": {token}, "return": {back}})
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("%s from %s: status %d", s.action, from, resp.StatusCode)
		}
		loc, _ := url.Parse(resp.Header.Get("Location"))
		if loc.Path != "/admin/comments" || loc.Query().Get("status") != string(from) || loc.Query().Get("article") != strconv.FormatInt(f.article.ID, 10) {
			t.Errorf("%s: back to %q, want the same list %q", s.action, loc, back)
		}
		if got := f.comment(c.ID).Status; got != s.want {
			t.Fatalf("%s from %s: status %s, want %s", s.action, from, got, s.want)
		}
		if got := f.articleComments(); got != s.count {
			t.Errorf("%s: article counts %d comments, want %d", s.action, got, s.count)
		}
		_, body := f.get(loc.String(), mod)
		if msg := parse(t, body).Find(`[role="status"]`).Text(); !strings.Contains(msg, s.notice) {
			t.Errorf("%s: notice %q, want %q", s.action, msg, s.notice)
		}
	}
	// An action that does not apply to the comment's status now.
	resp, _ := f.post(fmt.Sprintf("/admin/comments/%d/restore", c.ID), mod, url.Values{"csrf": {token}})
	wantStatus(t, resp, http.StatusConflict)
	if got := f.comment(c.ID).Status; got != model.CommentApproved {
		t.Errorf("a refused action changed the status to %s", got)
	}
	// The same action twice is done, not an error.
	resp, _ = f.post(fmt.Sprintf("/admin/comments/%d/approve", c.ID), mod, url.Values{"csrf": {token}})
	wantRedirect(t, resp, "/admin/comments?c="+strconv.FormatInt(c.ID, 10)+"&done=approve&status=approved")
	// Unknown comments and actions, a forged return and a missing token.
	resp, _ = f.post("/admin/comments/99999/approve", mod, url.Values{"csrf": {token}})
	wantStatus(t, resp, http.StatusNotFound)
	resp, _ = f.post(fmt.Sprintf("/admin/comments/%d/delete", c.ID), mod, url.Values{"csrf": {token}})
	wantStatus(t, resp, http.StatusNotFound)
	resp, _ = f.post(fmt.Sprintf("/admin/comments/%d/trash", c.ID), mod, url.Values{"csrf": {token}, "return": {"https://evil.example/"}})
	if loc := resp.Header.Get("Location"); !strings.HasPrefix(loc, "/admin/comments?") {
		t.Errorf("a forged return sent the browser to %q", loc)
	}
	resp, _ = f.post(fmt.Sprintf("/admin/comments/%d/restore", c.ID), mod, url.Values{"csrf": {"forged"}})
	wantStatus(t, resp, http.StatusForbidden)
	if got := f.comment(c.ID).Status; got != model.CommentTrash {
		t.Errorf("a post without the form token changed the status to %s", got)
	}
}

func TestQueue_PagesAndArticleFilter(t *testing.T) {
	f := newFixture(t)
	base := f.clock.Now().Add(-time.Hour)
	for i := range 23 {
		f.addComment(model.Comment{Body: fmt.Sprintf("Comment number %d", i), Created: base.Add(time.Duration(i) * time.Minute)})
	}
	mod, _ := f.signIn(model.RoleModerator, "Mo")
	_, body := f.get("/admin/comments", mod)
	doc := parse(t, body)
	if n := doc.Find("ol.queue > li").Length(); n != 20 {
		t.Fatalf("first page lists %d, want 20", n)
	}
	if !strings.Contains(doc.Find("ol.queue > li").First().Text(), "Comment number 22") {
		t.Error("the newest comment is not first")
	}
	older, ok := doc.Find(`a[rel="next"]`).Attr("href")
	if !ok {
		t.Fatal("no link to older comments")
	}
	_, body = f.get(older, mod)
	doc = parse(t, body)
	if n := doc.Find("ol.queue > li").Length(); n != 3 {
		t.Errorf("second page lists %d, want 3", n)
	}
	if doc.Find(`a[rel="next"]`).Length() != 0 {
		t.Error("the last page links to older comments")
	}

	// Filtered by article: the toggle closes and opens its comments.
	list := fmt.Sprintf("/admin/comments?article=%d&status=pending", f.article.ID)
	_, body = f.get(list, mod)
	doc = parse(t, body)
	form := doc.Find(fmt.Sprintf(`form[action="/admin/articles/%d/comments"]`, f.article.ID))
	if strings.TrimSpace(form.Find("button").Text()) != "Close comments" {
		t.Fatalf("no close toggle: %q", form.Text())
	}
	resp, _ := f.post(fmt.Sprintf("/admin/articles/%d/comments", f.article.ID), mod, url.Values{
		"csrf": {f.csrf(mod)}, "closed": {"true"}, "return": {list}})
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/admin/comments?") {
		t.Fatalf("close: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	if a, _ := f.st.GetArticle(t.Context(), f.article.ID); !a.CommentsClosed {
		t.Fatal("the article's comments are not closed")
	}
	_, body = f.get(resp.Header.Get("Location"), mod)
	doc = parse(t, body)
	if !strings.Contains(doc.Find(`[role="status"]`).Text(), "now closed") || strings.TrimSpace(doc.Find(`form[action$="/comments"] button`).Text()) != "Open comments" {
		t.Error("the list does not show the article closed")
	}
	resp, _ = f.post(fmt.Sprintf("/admin/articles/%d/comments", f.article.ID), mod, url.Values{"csrf": {f.csrf(mod)}, "closed": {"false"}})
	wantStatus(t, resp, http.StatusSeeOther)
	if a, _ := f.st.GetArticle(t.Context(), f.article.ID); a.CommentsClosed {
		t.Error("the article's comments were not opened again")
	}
	resp, _ = f.post(fmt.Sprintf("/admin/articles/%d/comments", f.article.ID), mod, url.Values{"csrf": {f.csrf(mod)}, "closed": {"maybe"}})
	wantStatus(t, resp, http.StatusBadRequest)
	resp, _ = f.post("/admin/articles/99999/comments", mod, url.Values{"csrf": {f.csrf(mod)}, "closed": {"true"}})
	wantStatus(t, resp, http.StatusNotFound)
}

func TestEdit_ValidatesAndKeepsWhatWasTyped(t *testing.T) {
	f := newFixture(t)
	c := f.addComment(model.Comment{Name: "Reader", Website: "https://reader.example/", Body: "Original text.", Email: "reader@example.net"})
	mod, _ := f.signIn(model.RoleModerator, "Mo")
	resp, body := f.get(fmt.Sprintf("/admin/comments/%d/edit?return=%s", c.ID, url.QueryEscape("/admin/comments?status=pending")), mod)
	wantStatus(t, resp, http.StatusOK)
	doc := parse(t, body)
	if v, _ := doc.Find(`input[name="author"]`).Attr("value"); v != "Reader" {
		t.Errorf("name field %q", v)
	}
	if v := doc.Find(`textarea[name="comment"]`).Text(); v != "Original text." {
		t.Errorf("comment field %q", v)
	}
	token := f.csrf(mod)
	long := strings.Repeat("é", comments.DefaultLimits.Body+1)
	resp, body = f.post(fmt.Sprintf("/admin/comments/%d/edit", c.ID), mod, url.Values{"csrf": {token},
		"author": {"   "}, "url": {"javascript:alert(1)"}, "comment": {long}, "return": {"/admin/comments?status=pending"}})
	wantStatus(t, resp, http.StatusUnprocessableEntity)
	doc = parse(t, body)
	for field, want := range map[string]string{"author": "Please enter your name.", "url": "web address", "comment": "the limit is 5,000"} {
		if msg := doc.Find("#" + field + "-error").Text(); !strings.Contains(msg, want) {
			t.Errorf("%s error %q, want %q", field, msg, want)
		}
		if v, _ := doc.Find("#" + field).Attr("aria-invalid"); v != "true" {
			t.Errorf("%s not marked invalid", field)
		}
	}
	if v, _ := doc.Find(`input[name="url"]`).Attr("value"); v != "javascript:alert(1)" {
		t.Errorf("the website typed was not kept: %q", v)
	}
	if v := doc.Find(`textarea[name="comment"]`).Text(); v != long {
		t.Error("the text typed was not kept")
	}
	if got := f.comment(c.ID); got.Body != "Original text." || got.Name != "Reader" {
		t.Errorf("a refused edit changed the comment: %+v", got)
	}

	resp, _ = f.post(fmt.Sprintf("/admin/comments/%d/edit", c.ID), mod, url.Values{"csrf": {token},
		"author": {" Reader R. "}, "url": {""}, "comment": {"Edited\r\ntext."}, "return": {"/admin/comments?status=pending"}})
	wantRedirect(t, resp, fmt.Sprintf("/admin/comments?c=%d&done=edited&status=pending", c.ID))
	got := f.comment(c.ID)
	if got.Name != "Reader R." || got.Website != "" || got.Body != "Edited\ntext." || got.Email != "reader@example.net" {
		t.Errorf("edit stored %+v", got)
	}
}

func TestReply_StoresAnApprovedStaffCommentWithinTheDepth(t *testing.T) {
	f := newFixture(t)
	parent := f.addComment(model.Comment{Status: model.CommentApproved})
	mod, staff := f.signIn(model.RoleModerator, "Mo Derator")
	token := f.csrf(mod)
	resp, body := f.get(fmt.Sprintf("/admin/comments/%d/reply", parent.ID), mod)
	wantStatus(t, resp, http.StatusOK)
	nonce, _ := parse(t, body).Find(`input[name="nonce"]`).Attr("value")

	// An empty reply comes back with a message.
	resp, body = f.post(fmt.Sprintf("/admin/comments/%d/reply", parent.ID), mod, url.Values{"csrf": {token}, "comment": {"  "}, "nonce": {nonce}})
	wantStatus(t, resp, http.StatusUnprocessableEntity)
	if !strings.Contains(body, "Please type your comment.") {
		t.Error("an empty reply is not explained")
	}

	form := url.Values{"csrf": {token}, "comment": {"Thanks, we have corrected the article."}, "nonce": {nonce},
		"return": {"/admin/comments?status=approved"}}
	resp, _ = f.post(fmt.Sprintf("/admin/comments/%d/reply", parent.ID), mod, form)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("reply: status %d", resp.StatusCode)
	}
	loc, _ := url.Parse(resp.Header.Get("Location"))
	id, _ := strconv.ParseInt(loc.Query().Get("c"), 10, 64)
	reply := f.comment(id)
	if reply.Status != model.CommentApproved || reply.UserID != staff.ID || reply.Name != "Mo Derator" ||
		reply.Email != staff.Email || reply.ParentID != parent.ID || reply.Depth != 1 || reply.ArticleID != f.article.ID {
		t.Errorf("reply stored as %+v", reply)
	}
	if got := f.articleComments(); got != 2 {
		t.Errorf("the article counts %d comments, want 2", got)
	}
	// The same form posted again stores nothing more.
	resp, _ = f.post(fmt.Sprintf("/admin/comments/%d/reply", parent.ID), mod, form)
	wantStatus(t, resp, http.StatusSeeOther)
	if got := f.articleComments(); got != 2 {
		t.Errorf("a form posted twice stored twice: %d comments", got)
	}

	// Two levels: a reply to the reply would be a third.
	if err := f.st.SetSettings(t.Context(), map[string]string{comments.KeyMaxDepth: "2"}); err != nil {
		t.Fatal(err)
	}
	resp, body = f.get(fmt.Sprintf("/admin/comments/%d/reply", reply.ID), mod)
	wantStatus(t, resp, http.StatusOK)
	if doc := parse(t, body); !strings.Contains(doc.Find(`[role="alert"]`).Text(), "cannot go any deeper") || doc.Find(`form button`).Length() != 1 {
		t.Error("the reply form past the depth does not say so, or still offers to publish")
	}
	resp, body = f.post(fmt.Sprintf("/admin/comments/%d/reply", reply.ID), mod, url.Values{"csrf": {token}, "comment": {"Deeper still."}})
	wantStatus(t, resp, http.StatusUnprocessableEntity)
	doc := parse(t, body)
	if !strings.Contains(doc.Find(`[role="alert"]`).Text(), "cannot go any deeper") || doc.Find(`textarea[name="comment"]`).Text() != "Deeper still." {
		t.Error("a reply past the depth is not refused clearly with the text kept")
	}
	if got := f.articleComments(); got != 2 {
		t.Errorf("a reply past the depth was stored: %d comments", got)
	}
	// Spam cannot be replied to.
	spam := f.addComment(model.Comment{Status: model.CommentSpam, Body: "Buy now"})
	resp, _ = f.post(fmt.Sprintf("/admin/comments/%d/reply", spam.ID), mod, url.Values{"csrf": {token}, "comment": {"No."}})
	wantStatus(t, resp, http.StatusUnprocessableEntity)
}

func TestReply_OnPostgres(t *testing.T) {
	f := newFixture(t, fixtureOptions{store: storetest.NewPostgres(t)})
	parent := f.addComment(model.Comment{Status: model.CommentPending})
	mod, staff := f.signIn(model.RoleEditor, "")
	resp, _ := f.post(fmt.Sprintf("/admin/comments/%d/reply", parent.ID), mod, url.Values{"csrf": {f.csrf(mod)}, "comment": {"We will look into it."}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("reply: %d", resp.StatusCode)
	}
	items, _, err := f.st.ListComments(t.Context(), store.CommentFilter{Status: model.CommentApproved})
	if err != nil || len(items) != 1 {
		t.Fatalf("approved comments %v, %v", items, err)
	}
	// An account without a name signs with the site's, never its email.
	if r := items[0]; r.UserID != staff.ID || r.ParentID != parent.ID || r.Name != "The Harbor Gazette" {
		t.Errorf("reply %+v", r)
	}
}
