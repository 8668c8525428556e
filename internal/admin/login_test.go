package admin_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/internal/admin"
	"github.com/newsdesk/newsdesk/internal/auth"
	"github.com/newsdesk/newsdesk/internal/model"
)

const password = "correct horse battery staple"

func TestLogin_SuccessSetsSessionAndGoesToNext(t *testing.T) {
	f := newFixture(t, fixtureOptions{change: func(o *admin.Options) { o.Secure = true }})
	if _, err := f.mgr.CreateUser(t.Context(), "mod@newsroom.example", "Mo Derator", model.RoleModerator, password); err != nil {
		t.Fatal(err)
	}
	// The login form carries the page asked for.
	resp, body := f.get("/admin/login?next="+url.QueryEscape("/admin/comments?status=spam"), nil)
	wantStatus(t, resp, http.StatusOK)
	doc := parse(t, body)
	if v, _ := doc.Find(`input[name="next"]`).Attr("value"); v != "/admin/comments?status=spam" {
		t.Errorf("next field %q", v)
	}
	if doc.Find(`label[for="email"]`).Length() != 1 || doc.Find(`label[for="password"]`).Length() != 1 {
		t.Error("the login fields have no labels")
	}

	resp, _ = f.post("/admin/login", nil, url.Values{"email": {"MOD@newsroom.example"}, "password": {password},
		"next": {"/admin/comments?status=spam"}})
	wantRedirect(t, resp, "/admin/comments?status=spam")
	var session *http.Cookie
	for _, c := range resp.Cookies() {
		if c.Name == auth.SecureSessionCookieName {
			session = c
		}
	}
	if session == nil || session.Value == "" {
		t.Fatal("no __Host- session cookie over HTTPS")
	}
	if !session.HttpOnly || !session.Secure || session.SameSite != http.SameSiteLaxMode || session.Path != "/" {
		t.Errorf("session cookie attributes: %+v", session)
	}
	resp, body = f.get("/admin/comments?status=spam", &http.Cookie{Name: session.Name, Value: session.Value})
	wantStatus(t, resp, http.StatusOK)
	if !strings.Contains(body, "Mo Derator") {
		t.Error("the page does not name the signed-in user")
	}

	// An unsafe next is dropped: the dashboard it is.
	resp, _ = f.post("/admin/login", nil, url.Values{"email": {"mod@newsroom.example"}, "password": {password},
		"next": {"//evil.example/admin/"}})
	wantRedirect(t, resp, "/admin/")
}

func TestLogin_WrongPasswordOrUnknownEmailIs401WithOneMessage(t *testing.T) {
	f := newFixture(t)
	if _, err := f.mgr.CreateUser(t.Context(), "ed@newsroom.example", "Ed", model.RoleEditor, password); err != nil {
		t.Fatal(err)
	}
	var bodies []string
	for _, email := range []string{"ed@newsroom.example", "nobody@newsroom.example"} {
		resp, body := f.post("/admin/login", nil, url.Values{"email": {email}, "password": {"not the password at all"}})
		wantStatus(t, resp, http.StatusUnauthorized)
		if len(resp.Cookies()) != 0 {
			t.Errorf("%s: a failed sign-in set cookies %v", email, resp.Cookies())
		}
		doc := parse(t, body)
		if msg := strings.TrimSpace(doc.Find(`[role="alert"]`).Text()); msg != "Wrong email or password." {
			t.Errorf("%s: message %q", email, msg)
		}
		if v, _ := doc.Find(`input[name="email"]`).Attr("value"); v != email {
			t.Errorf("the email typed was not kept: %q", v)
		}
		if _, ok := doc.Find(`input[name="password"]`).Attr("value"); ok {
			t.Error("the password was written back into the form")
		}
		bodies = append(bodies, strings.ReplaceAll(body, email, ""))
	}
	if bodies[0] != bodies[1] {
		t.Error("a wrong password and an unknown email give different pages")
	}
}

func TestLogin_ThrottledIs429WithRetryAfterInWords(t *testing.T) {
	f := newFixture(t, fixtureOptions{throttle: auth.ThrottleOptions{MaxFailures: 2, Lock: 5 * time.Minute}})
	form := url.Values{"email": {"ed@newsroom.example"}, "password": {"wrong wrong wrong"}}
	for range 2 {
		resp, _ := f.post("/admin/login", nil, form)
		wantStatus(t, resp, http.StatusUnauthorized)
	}
	resp, body := f.post("/admin/login", nil, form)
	wantStatus(t, resp, http.StatusTooManyRequests)
	if got := resp.Header.Get("Retry-After"); got != "300" {
		t.Errorf("Retry-After %q, want 300", got)
	}
	if !strings.Contains(body, "try again in 5 minutes") {
		t.Errorf("the wait is not said in words: %s", parse(t, body).Find(`[role="alert"]`).Text())
	}
}

func TestLogin_NextMustBeALocalAdminPath(t *testing.T) {
	f := newFixture(t)
	c, _ := f.signIn(model.RoleModerator, "Mo")
	cases := map[string]string{
		"/admin/comments?status=trash": "/admin/comments?status=trash",
		"/admin":                       "/admin",
		"https://evil.example/":        "/admin/",
		"http://evil.example/admin/":   "/admin/",
		"//evil.example":               "/admin/",
		"//evil.example/admin/":        "/admin/",
		`/\evil.example`:               "/admin/",
		`/admin\..\..\evil`:            "/admin/",
		"/\t/evil.example":             "/admin/",
		"/admin/../evil":               "/admin/",
		"/admin/%2e%2e/evil":           "/admin/",
		"/admin//evil.example":         "/admin/",
		"/adminevil":                   "/admin/",
		"javascript:alert(1)":          "/admin/",
		"/evil":                        "/admin/",
		"":                             "/admin/",
		"/admin/\r\nSet-Cookie: x=1":   "/admin/",
	}
	for next, want := range cases {
		resp, _ := f.get("/admin/login?next="+url.QueryEscape(next), c)
		if got := resp.Header.Get("Location"); resp.StatusCode != http.StatusSeeOther || got != want {
			t.Errorf("next %q: %d to %q, want 303 to %q", next, resp.StatusCode, got, want)
		}
	}
	// Without a session the unsafe next is not even put in the form.
	_, body := f.get("/admin/login?next="+url.QueryEscape("//evil.example"), nil)
	if parse(t, body).Find(`input[name="next"]`).Length() != 0 {
		t.Error("an unsafe next went into the login form")
	}
}

func TestSignedOutRequestsGoToLogin(t *testing.T) {
	f := newFixture(t)
	resp, _ := f.get("/admin/comments?status=spam&article=1", nil)
	wantRedirect(t, resp, "/admin/login?next="+url.QueryEscape("/admin/comments?status=spam&article=1"))
	resp, _ = f.get("/admin/", nil)
	wantRedirect(t, resp, "/admin/login")
	resp, _ = f.get("/admin", nil)
	wantRedirect(t, resp, "/admin/")
	resp, _ = f.get("/admin/no-such-page", nil)
	wantRedirect(t, resp, "/admin/login?next=%2Fadmin%2Fno-such-page")
	resp, _ = f.post("/admin/comments/1/approve", nil, url.Values{})
	wantRedirect(t, resp, "/admin/login")
	// A cookie naming no session is cleared.
	resp, _ = f.get("/admin/", &http.Cookie{Name: auth.SessionCookieName, Value: strings.Repeat("A", 43)})
	wantRedirect(t, resp, "/admin/login")
	cleared := false
	for _, c := range resp.Cookies() {
		cleared = cleared || (c.Name == auth.SessionCookieName && c.MaxAge < 0)
	}
	if !cleared {
		t.Error("a dead session's cookie was not cleared")
	}
}

func TestLogout_EndsTheSession(t *testing.T) {
	f := newFixture(t)
	c, _ := f.signIn(model.RoleEditor, "Ed")
	token := f.csrf(c)

	// Without the form token, nothing happens.
	resp, _ := f.post("/admin/logout", c, url.Values{})
	wantStatus(t, resp, http.StatusForbidden)
	resp, _ = f.get("/admin/", c)
	wantStatus(t, resp, http.StatusOK)

	resp, _ = f.post("/admin/logout", c, url.Values{"csrf": {token}})
	wantRedirect(t, resp, "/admin/login?signed_out=1")
	cleared := false
	for _, rc := range resp.Cookies() {
		cleared = cleared || (rc.Name == auth.SessionCookieName && rc.MaxAge < 0 && rc.Value == "")
	}
	if !cleared {
		t.Error("sign-out did not clear the cookie")
	}
	// The old token is dead even if the browser kept it.
	resp, _ = f.get("/admin/", c)
	wantRedirect(t, resp, "/admin/login")
	resp, body := f.get("/admin/login?signed_out=1", nil)
	wantStatus(t, resp, http.StatusOK)
	if !strings.Contains(body, "You are signed out.") {
		t.Error("the login page does not confirm the sign-out")
	}
}

func TestSessionExpires(t *testing.T) {
	f := newFixture(t)
	c, _ := f.signIn(model.RoleModerator, "Mo") // lives one hour
	f.clock.Advance(59 * time.Minute)
	resp, _ := f.get("/admin/", c)
	wantStatus(t, resp, http.StatusOK)
	f.clock.Advance(2 * time.Minute)
	resp, _ = f.get("/admin/comments", c)
	wantRedirect(t, resp, "/admin/login?next=%2Fadmin%2Fcomments")
}
