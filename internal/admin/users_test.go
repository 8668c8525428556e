package admin_test

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/newsdesk/newsdesk/internal/auth"
	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

func TestUsers_CreateListAndManage(t *testing.T) {
	f := newFixture(t)
	admin, me := f.signIn(model.RoleAdmin, "Ada Admin")
	csrf := f.csrf(admin)

	// Only admins see the users pages.
	mod, _ := f.signIn(model.RoleModerator, "Mo")
	if resp, _ := f.get("/admin/users", mod); resp.StatusCode != http.StatusForbidden {
		t.Errorf("a moderator on /admin/users: %d, want 403", resp.StatusCode)
	}

	// Add with a generated password: shown once, and it signs in.
	resp, body := f.post("/admin/users", admin, url.Values{"csrf": {csrf}, "email": {"new@newsroom.example"},
		"name": {"New Hire"}, "role": {"author"}, "generate": {"yes"}})
	wantStatus(t, resp, http.StatusOK)
	generated := strings.TrimSpace(parse(t, body).Find(".generated code").Text())
	if auth.CheckPasswordPolicy(generated) != nil {
		t.Fatalf("generated password %q", generated)
	}
	hire, err := f.st.GetUserByEmail(t.Context(), "new@newsroom.example")
	if err != nil || hire.Role != model.RoleAuthor || hire.Name != "New Hire" {
		t.Fatalf("created user %+v, %v", hire, err)
	}
	if _, _, err := f.mgr.Login(t.Context(), "new@newsroom.example", generated, ""); err != nil {
		t.Errorf("the generated password does not sign in: %v", err)
	}
	if _, body := f.get("/admin/users/"+strconv.FormatInt(hire.ID, 10), admin); strings.Contains(body, generated) {
		t.Error("the generated password is shown again")
	}

	// Refused additions keep what was typed, with messages by the fields.
	resp, body = f.post("/admin/users", admin, url.Values{"csrf": {csrf}, "email": {"NEW@newsroom.example"},
		"name": {"Twin"}, "role": {"author"}, "password": {"a long enough passphrase"}})
	wantStatus(t, resp, http.StatusUnprocessableEntity)
	if msg := parse(t, body).Find("#email-error").Text(); !strings.Contains(msg, "has an account already") {
		t.Errorf("duplicate email message %q", msg)
	}
	resp, body = f.post("/admin/users", admin, url.Values{"csrf": {csrf}, "email": {"x@newsroom.example"},
		"role": {"boss"}, "password": {"short"}})
	wantStatus(t, resp, http.StatusUnprocessableEntity)
	doc := parse(t, body)
	if doc.Find("#role-error").Length() != 1 || !strings.Contains(doc.Find("#password-error").Text(), "at least 12") {
		t.Error("bad role and short password are not both marked")
	}
	if v, _ := doc.Find(`input[name="email"]`).Attr("value"); v != "x@newsroom.example" {
		t.Errorf("typed email not kept: %q", v)
	}
	// Add with a typed password: to the user's page.
	resp, _ = f.post("/admin/users", admin, url.Values{"csrf": {csrf}, "email": {"ed@newsroom.example"},
		"role": {"editor"}, "password": {"a long enough passphrase"}})
	if resp.StatusCode != http.StatusSeeOther || !strings.HasSuffix(resp.Header.Get("Location"), "?done=created") {
		t.Fatalf("add with a password: %d %q", resp.StatusCode, resp.Header.Get("Location"))
	}

	// The list: every account with role and state.
	resp, body = f.get("/admin/users", admin)
	wantStatus(t, resp, http.StatusOK)
	if n := parse(t, body).Find("table.users tbody tr").Length(); n != 4 {
		t.Errorf("users listed: %d, want 4", n)
	}

	page := "/admin/users/" + strconv.FormatInt(hire.ID, 10)
	// Role.
	resp, _ = f.post(page+"/role", admin, url.Values{"csrf": {csrf}, "role": {"editor"}})
	wantRedirect(t, resp, page+"?done=role")
	// Disable: sessions end at once and sign-in is refused.
	tok, _, err := f.mgr.Login(t.Context(), "new@newsroom.example", generated, "")
	if err != nil {
		t.Fatal(err)
	}
	resp, _ = f.post(page+"/disable", admin, url.Values{"csrf": {csrf}})
	wantRedirect(t, resp, page+"?done=disabled")
	if _, err := f.mgr.Authenticate(t.Context(), tok); !errors.Is(err, auth.ErrNoSession) {
		t.Errorf("a disabled user's session: %v", err)
	}
	resp, _ = f.post(page+"/enable", admin, url.Values{"csrf": {csrf}})
	wantRedirect(t, resp, page+"?done=enabled")
	// Reset: a new password shown once; the old one stops working.
	resp, body = f.post(page+"/reset", admin, url.Values{"csrf": {csrf}})
	wantStatus(t, resp, http.StatusOK)
	reset := strings.TrimSpace(parse(t, body).Find(".generated code").Text())
	if reset == "" || reset == generated {
		t.Fatalf("reset password %q", reset)
	}
	if _, _, err := f.mgr.Login(t.Context(), "new@newsroom.example", generated, ""); err == nil {
		t.Error("the password from before the reset still signs in")
	}
	// Delete needs the confirmation; the audit trail and comments stay.
	c := f.addComment(model.Comment{UserID: hire.ID, Status: model.CommentApproved, Name: "New Hire"})
	resp, _ = f.post(page+"/delete", admin, url.Values{"csrf": {csrf}})
	wantStatus(t, resp, http.StatusUnprocessableEntity)
	resp, _ = f.post(page+"/delete", admin, url.Values{"csrf": {csrf}, "confirm": {"yes"}})
	wantRedirect(t, resp, "/admin/users?done=deleted")
	if _, err := f.st.GetUser(t.Context(), hire.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("deleted user: %v", err)
	}
	if got := f.comment(c.ID); got.UserID != 0 || got.Status != model.CommentApproved {
		t.Errorf("the deleted user's comment %+v", got)
	}
	log, _, err := f.st.ListAudit(t.Context(), store.AuditFilter{TargetType: "user", TargetID: hire.ID, Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, e := range log {
		actions = append(actions, e.Action)
		if e.Actor != me.Email || e.UserID != me.ID {
			t.Errorf("audit entry %+v: want it made by the admin", e)
		}
	}
	if got := strings.Join(actions, " "); got != "user.delete user.reset user.enable user.disable user.role user.create" {
		t.Errorf("audit of the account: %q", got)
	}
	if resp, _ := f.get(page, admin); resp.StatusCode != http.StatusNotFound {
		t.Errorf("deleted user's page: %d", resp.StatusCode)
	}
}

func TestUsers_AdminCannotLockThemselvesOut(t *testing.T) {
	f := newFixture(t)
	admin, me := f.signIn(model.RoleAdmin, "Ada Admin")
	csrf := f.csrf(admin)
	page := "/admin/users/" + strconv.FormatInt(me.ID, 10)
	for _, c := range []struct {
		action string
		form   url.Values
		want   string
	}{
		{"role", url.Values{"role": {"editor"}}, "cannot change your own role"},
		{"disable", nil, "cannot disable your own account"},
		{"delete", url.Values{"confirm": {"yes"}}, "cannot delete your own account"},
	} {
		form := url.Values{"csrf": {csrf}}
		for k, v := range c.form {
			form[k] = v
		}
		resp, body := f.post(page+"/"+c.action, admin, form)
		wantStatus(t, resp, http.StatusConflict)
		if msg := parse(t, body).Find(`[role="alert"]`).Text(); !strings.Contains(msg, c.want) {
			t.Errorf("%s of oneself: %q, want %q", c.action, msg, c.want)
		}
	}
	if u, _ := f.st.GetUser(t.Context(), me.ID); u.Role != model.RoleAdmin || u.Disabled {
		t.Errorf("the admin changed: %+v", u)
	}

	// Two admins: one may demote the other, not the last one standing.
	other, them := f.signIn(model.RoleAdmin, "Bo Admin")
	resp, _ := f.post("/admin/users/"+strconv.FormatInt(them.ID, 10)+"/role", admin, url.Values{"csrf": {csrf}, "role": {"editor"}})
	wantStatus(t, resp, http.StatusSeeOther)
	_ = other
	// The last enabled admin, as seen by a second (disabled) one: the
	// store refuses, with the same clear message.
	if err := f.st.SetUserRole(t.Context(), them.ID, model.RoleAdmin); err != nil {
		t.Fatal(err)
	}
	if err := f.st.SetUserDisabled(t.Context(), them.ID, true); err != nil {
		t.Fatal(err)
	}
	if err := f.st.SetUserRole(t.Context(), me.ID, model.RoleEditor); !errors.Is(err, store.ErrLastAdmin) {
		t.Errorf("demoting the last enabled admin: %v", err)
	}
}

func TestUsers_FormsNeedTheFormToken(t *testing.T) {
	f := newFixture(t)
	admin, _ := f.signIn(model.RoleAdmin, "Ada")
	_, ed := f.signIn(model.RoleEditor, "Ed")
	resp, _ := f.post("/admin/users/"+strconv.FormatInt(ed.ID, 10)+"/role", admin, url.Values{"role": {"admin"}})
	wantStatus(t, resp, http.StatusForbidden)
	if u, _ := f.st.GetUser(t.Context(), ed.ID); u.Role != model.RoleEditor {
		t.Error("a post without the form token changed a role")
	}
}
