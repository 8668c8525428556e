package admin_test

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

func TestComments_BulkApprove(t *testing.T) {
	f := newFixture(t)
	mod, _ := f.signIn(model.RoleModerator, "Mo")
	var ids []int64
	for range 5 {
		ids = append(ids, f.addComment(model.Comment{}).ID)
	}
	spam := f.addComment(model.Comment{Status: model.CommentSpam})
	resp, body := f.get("/admin/comments?status=pending", mod)
	wantStatus(t, resp, http.StatusOK)
	doc := parse(t, body)
	if n := doc.Find(`input[type="checkbox"][name="id"][form="bulk"]`).Length(); n != 5 {
		t.Fatalf("%d selection boxes, want 5", n)
	}
	if doc.Find(`form#bulk select[name="action"] option[value="approve"]`).Length() != 1 {
		t.Fatal("the bulk bar offers no approve")
	}
	csrf := f.csrf(mod)
	ret := "/admin/comments?status=pending"
	form := url.Values{"csrf": {csrf}, "action": {"approve"}, "return": {ret}}
	for _, id := range ids[:3] {
		form.Add("id", strconv.FormatInt(id, 10))
	}
	form.Add("id", "999999")                       // no such comment
	form.Add("id", "junk")                         // not a number
	form.Add("id", strconv.FormatInt(spam.ID, 10)) // spam: approve is not offered there
	form.Add("id", strconv.FormatInt(ids[0], 10))  // twice
	resp, _ = f.post("/admin/comments/bulk", mod, form)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("bulk approve: %d", resp.StatusCode)
	}
	for i, id := range ids {
		want := model.CommentPending
		if i < 3 {
			want = model.CommentApproved
		}
		if got := f.comment(id).Status; got != want {
			t.Errorf("comment %d (#%d selected: %v) is %s, want %s", id, i, i < 3, got, want)
		}
	}
	if f.comment(spam.ID).Status != model.CommentSpam {
		t.Error("the spam comment was approved by a bulk approve")
	}
	if f.articleComments() != 3 {
		t.Errorf("article comment count %d, want 3", f.articleComments())
	}
	resp, body = f.get(resp.Header.Get("Location"), mod)
	wantStatus(t, resp, http.StatusOK)
	msg := parse(t, body).Find(`.notice[role="status"]`).Text()
	for _, want := range []string{"3 comments approved", "Not found", "#999999", "Left alone", "#" + strconv.FormatInt(spam.ID, 10), "1 value was not a comment number"} {
		if !strings.Contains(msg, want) {
			t.Errorf("notice %q lacks %q", msg, want)
		}
	}
	log, _, err := f.st.ListAudit(t.Context(), store.AuditFilter{ActionPrefix: "comment.bulk_"})
	if err != nil || len(log) != 1 || log[0].Action != "comment.bulk_approve" || !strings.HasPrefix(log[0].Summary, "3 comments approved") {
		t.Errorf("audit %+v, %v", log, err)
	}

	// Without the form token nothing moves.
	form.Set("csrf", "")
	form.Set("action", "trash")
	resp, _ = f.post("/admin/comments/bulk", mod, form)
	wantStatus(t, resp, http.StatusForbidden)
	if f.comment(ids[0]).Status != model.CommentApproved {
		t.Error("a bulk post without the form token moved a comment")
	}
	// Nothing selected, or an unknown action: a clear answer, not a 500.
	resp, _ = f.post("/admin/comments/bulk", mod, url.Values{"csrf": {csrf}, "action": {"approve"}, "return": {ret}})
	if resp.StatusCode != http.StatusSeeOther || !strings.Contains(resp.Header.Get("Location"), "bulk=none") {
		t.Errorf("nothing selected: %d %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	resp, _ = f.post("/admin/comments/bulk", mod, url.Values{"csrf": {csrf}, "action": {"explode"}, "id": {"1"}})
	wantStatus(t, resp, http.StatusBadRequest)
	// An author may not moderate in bulk.
	author, _ := f.signIn(model.RoleAuthor, "Au")
	resp, _ = f.post("/admin/comments/bulk", author, url.Values{"csrf": {f.csrf(author)}, "action": {"trash"}, "id": {strconv.FormatInt(ids[4], 10)}})
	wantStatus(t, resp, http.StatusForbidden)
}
