package admin_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/internal/auth"
	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

// sessionOf returns the session cookie a response set.
func sessionOf(t *testing.T, resp *http.Response) *http.Cookie {
	t.Helper()
	for _, c := range resp.Cookies() {
		if c.Name == auth.SessionCookieName && c.Value != "" {
			return &http.Cookie{Name: c.Name, Value: c.Value}
		}
	}
	t.Fatalf("%s %s set no session cookie", resp.Request.Method, resp.Request.URL.Path)
	return nil
}

func TestAccount_ChangePasswordEndsOtherSessions(t *testing.T) {
	f := newFixture(t)
	if _, err := f.mgr.CreateUser(t.Context(), "au@newsroom.example", "Au Thor", model.RoleAuthor, password); err != nil {
		t.Fatal(err)
	}
	login := func(pw string) *http.Cookie {
		resp, _ := f.post("/admin/login", nil, url.Values{"email": {"au@newsroom.example"}, "password": {pw}})
		wantStatus(t, resp, http.StatusSeeOther)
		return sessionOf(t, resp)
	}
	laptop, phone := login(password), login(password)
	resp, body := f.get("/admin/account", laptop)
	wantStatus(t, resp, http.StatusOK)
	doc := parse(t, body)
	if !strings.Contains(doc.Find(".account-facts").Text(), "au@newsroom.example") || doc.Find("table.sessions tbody tr").Length() != 2 {
		t.Fatalf("account page: facts %q, %d sessions", doc.Find(".account-facts").Text(), doc.Find("table.sessions tbody tr").Length())
	}
	if doc.Find("table.sessions .badge").Length() != 1 {
		t.Error("the current browser is not marked among the sessions")
	}
	csrf := f.csrf(laptop)

	// Refused: wrong current password, mismatched or short new one.
	for _, c := range []struct {
		current, next, confirm, field, want string
	}{
		{"not my password at all", "a brand new passphrase", "a brand new passphrase", "current", "not your current password"},
		{password, "a brand new passphrase", "a brand new passphrase!", "confirm", "differ"},
		{password, "short", "short", "password", "at least 12 characters"},
	} {
		resp, body := f.post("/admin/account/password", laptop, url.Values{"csrf": {csrf}, "current": {c.current},
			"password": {c.next}, "confirm": {c.confirm}})
		wantStatus(t, resp, http.StatusUnprocessableEntity)
		if msg := parse(t, body).Find("#" + c.field + "-error").Text(); !strings.Contains(msg, c.want) {
			t.Errorf("%s: message %q, want %q", c.field, msg, c.want)
		}
	}
	resp, _ = f.get("/admin/", phone)
	wantStatus(t, resp, http.StatusOK)

	resp, _ = f.post("/admin/account/password", laptop, url.Values{"csrf": {csrf}, "current": {password},
		"password": {"a brand new passphrase"}, "confirm": {"a brand new passphrase"}})
	wantRedirect(t, resp, "/admin/account?done=password")
	fresh := sessionOf(t, resp)
	for name, c := range map[string]*http.Cookie{"laptop": laptop, "phone": phone} {
		if resp, _ := f.get("/admin/", c); resp.StatusCode != http.StatusSeeOther {
			t.Errorf("the %s session survived the password change: %d", name, resp.StatusCode)
		}
	}
	resp, body = f.get("/admin/account?done=password", fresh)
	wantStatus(t, resp, http.StatusOK)
	if !strings.Contains(body, "Your password is changed") {
		t.Error("no notice after the change")
	}
	login("a brand new passphrase")
	log, _, err := f.st.ListAudit(t.Context(), store.AuditFilter{ActionPrefix: "user.password"})
	if err != nil || len(log) != 1 || log[0].Actor != "au@newsroom.example" {
		t.Errorf("audit %+v, %v", log, err)
	}

	// Sign out everywhere else keeps this browser.
	other := login("a brand new passphrase")
	resp, _ = f.post("/admin/account/sessions", fresh, url.Values{"csrf": {f.csrf(fresh)}})
	wantRedirect(t, resp, "/admin/account?ended=2")
	if resp, _ := f.get("/admin/", other); resp.StatusCode != http.StatusSeeOther {
		t.Error("another session survived signing out everywhere else")
	}
	if resp, _ := f.get("/admin/", fresh); resp.StatusCode != http.StatusOK {
		t.Error("signing out everywhere else ended this session")
	}
}

func TestAccount_IdleSessionEndsThroughTheAdmin(t *testing.T) {
	f := newFixture(t)
	if _, err := f.mgr.CreateUser(t.Context(), "mo@newsroom.example", "", model.RoleModerator, password); err != nil {
		t.Fatal(err)
	}
	resp, _ := f.post("/admin/login", nil, url.Values{"email": {"mo@newsroom.example"}, "password": {password}})
	c := sessionOf(t, resp)
	if resp.Cookies()[0].MaxAge != int(f.mgr.SessionTTL()/time.Second) {
		t.Errorf("cookie Max-Age %d, want the absolute timeout", resp.Cookies()[0].MaxAge)
	}
	f.clock.Advance(7 * time.Hour)
	if resp, _ := f.get("/admin/", c); resp.StatusCode != http.StatusOK {
		t.Fatalf("after 7 idle hours: %d", resp.StatusCode)
	}
	f.clock.Advance(auth.DefaultIdleTimeout)
	resp, _ = f.get("/admin/comments", c)
	if resp.StatusCode != http.StatusSeeOther || !strings.HasPrefix(resp.Header.Get("Location"), "/admin/login") {
		t.Errorf("after 8 idle hours: %d to %q, want the login page", resp.StatusCode, resp.Header.Get("Location"))
	}
}

func TestLogin_ReplacesTheBrowsersSession(t *testing.T) {
	f := newFixture(t)
	if _, err := f.mgr.CreateUser(t.Context(), "ed@newsroom.example", "", model.RoleEditor, password); err != nil {
		t.Fatal(err)
	}
	resp, _ := f.post("/admin/login", nil, url.Values{"email": {"ed@newsroom.example"}, "password": {password}})
	old := sessionOf(t, resp)
	resp, _ = f.post("/admin/login", old, url.Values{"email": {"ed@newsroom.example"}, "password": {password}})
	fresh := sessionOf(t, resp)
	if fresh.Value == old.Value {
		t.Fatal("signing in again kept the token")
	}
	if resp, _ := f.get("/admin/", old); resp.StatusCode != http.StatusSeeOther {
		t.Error("the session the browser held before signing in again still works")
	}
}
