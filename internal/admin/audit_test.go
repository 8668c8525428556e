package admin_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

// TestAudit_ModerationIsRecorded makes the moderation desk's changes (a
// status change, an edit, a staff reply, closing an article's comments,
// the discussion settings) and finds each in the audit log, with who made
// it and from where, on the admin's audit page; a refused change leaves
// no entry.
func TestAudit_ModerationIsRecorded(t *testing.T) {
	f := newFixture(t)
	c := f.addComment(model.Comment{})
	mod, modUser := f.signIn(model.RoleModerator, "Mo")
	token := f.csrf(mod)

	resp, _ := f.post(fmt.Sprintf("/admin/comments/%d/approve", c.ID), mod, url.Values{"csrf": {token}})
	wantStatus(t, resp, http.StatusSeeOther)
	resp, _ = f.post(fmt.Sprintf("/admin/comments/%d/edit", c.ID), mod, url.Values{"csrf": {token},
		"author": {"Reader R."}, "url": {""}, "comment": {"Edited text."}})
	wantStatus(t, resp, http.StatusSeeOther)
	_, body := f.get(fmt.Sprintf("/admin/comments/%d/reply", c.ID), mod)
	nonce, _ := parse(t, body).Find(`input[name="nonce"]`).Attr("value")
	resp, _ = f.post(fmt.Sprintf("/admin/comments/%d/reply", c.ID), mod, url.Values{"csrf": {token},
		"comment": {"Thanks for reading."}, "nonce": {nonce}})
	wantStatus(t, resp, http.StatusSeeOther)
	resp, _ = f.post(fmt.Sprintf("/admin/articles/%d/comments", f.article.ID), mod, url.Values{"csrf": {token}, "closed": {"true"}})
	wantStatus(t, resp, http.StatusSeeOther)
	// Refused: the moderator may not change the settings.
	resp, _ = f.post("/admin/settings/discussion", mod, url.Values{"csrf": {token}, "thread_depth": {"2"}})
	wantStatus(t, resp, http.StatusForbidden)

	adm, _ := f.signIn(model.RoleAdmin, "Ada")
	resp, _ = f.post("/admin/settings/discussion", adm, url.Values{"csrf": {f.csrf(adm)}, "thread_depth": {"3"},
		"hold_links": {"2"}, "close_after_days": {"0"}, "per_page": {"50"}, "newest_first": {"false"}})
	wantStatus(t, resp, http.StatusSeeOther)

	entries, _, err := f.st.ListAudit(t.Context(), store.AuditFilter{Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, e := range entries {
		actions = append(actions, e.Action)
		if e.Action != "settings.discussion" && (e.UserID != modUser.ID || e.Actor != modUser.Email || e.ClientIP == "") {
			t.Errorf("entry %s names %d %q from %q, want the moderator and an address", e.Action, e.UserID, e.Actor, e.ClientIP)
		}
	}
	want := []string{"settings.discussion", "comment.close", "comment.reply", "comment.edit", "comment.approve"}
	if strings.Join(actions, " ") != strings.Join(want, " ") {
		t.Fatalf("audit log holds %v, want %v (newest first)", actions, want)
	}

	_, page := f.get("/admin/audit", adm)
	rows := parse(t, page).Find("table.audit tbody tr")
	if rows.Length() != len(want) {
		t.Fatalf("the audit page lists %d changes, want %d", rows.Length(), len(want))
	}
	if first := rows.Last().Text(); !strings.Contains(first, "comment.approve") || !strings.Contains(first, modUser.Email) {
		t.Errorf("the oldest row says %q", first)
	}
	_, page = f.get(fmt.Sprintf("/admin/audit?type=comment&id=%d", c.ID), adm)
	if n := parse(t, page).Find("table.audit tbody tr").Length(); n != 2 {
		t.Errorf("comment #%d's history lists %d changes, want its approval and edit", c.ID, n)
	}
	resp, _ = f.get("/admin/audit?user=abc", adm)
	wantStatus(t, resp, http.StatusBadRequest)
}
