package admin_test

import (
	"context"
	"errors"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/newsdesk/newsdesk/internal/auth"
	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

// secretPattern finds an app token's secret on a page.
var secretPattern = regexp.MustCompile(`nd_[A-Za-z0-9_-]{43}`)

func TestTokensPage_MakeUseRevoke(t *testing.T) {
	f := newFixture(t)
	c, author := f.signIn(model.RoleAuthor, "Ana Author")
	csrf := f.csrf(c)
	check, err := auth.NewTokens(f.st, auth.TokenOptions{})
	if err != nil {
		t.Fatal(err)
	}
	ctx := auth.WithClientIP(context.Background(), "192.0.2.9")

	if _, body := f.get("/admin/account", c); !strings.Contains(body, `href="/admin/account/tokens"`) {
		t.Error("the account page does not link to the tokens page")
	}
	resp, body := f.get("/admin/account/tokens", c)
	if resp.StatusCode != 200 || !strings.Contains(body, "You have no tokens") {
		t.Fatalf("tokens page = %d", resp.StatusCode)
	}

	// An API token: its secret is on the answer's page, once, and works.
	resp, body = f.post("/admin/account/tokens", c, url.Values{"csrf": {csrf}, "name": {"deploy script"}, "scope": {"api"}})
	secrets := secretPattern.FindAllString(body, -1)
	if resp.StatusCode != 200 || len(secrets) == 0 || !strings.Contains(body, "shown only this once") {
		t.Fatalf("making a token = %d, secrets %v", resp.StatusCode, secrets)
	}
	apiSecret := secrets[0]
	u, tok, err := check.AuthenticateToken(ctx, apiSecret, model.ScopeAPI)
	if err != nil || u.ID != author.ID || tok.Name != "deploy script" {
		t.Fatalf("the page's secret = %+v, %+v, %v", u, tok, err)
	}
	_, body = f.get("/admin/account/tokens", c)
	if secretPattern.MatchString(body) || !strings.Contains(body, "deploy script") || !strings.Contains(body, "JSON API") {
		t.Error("the list shows a secret, or not the token")
	}

	// A reader token: what to type into an app, and its Fever key works.
	_, body = f.post("/admin/account/tokens", c, url.Values{"csrf": {csrf}, "name": {"phone"}, "scope": {"reader"}})
	readerSecret := secretPattern.FindString(body)
	if readerSecret == "" || !strings.Contains(body, html.EscapeString(author.Email)) || !strings.Contains(body, "/fever/") ||
		!strings.Contains(body, "email address changes") {
		t.Fatalf("the reader token's page lacks the secret, username, Fever address or the email warning")
	}
	if got, err := check.AuthenticateFeverKey(ctx, auth.FeverKey(author.Email, readerSecret)); err != nil || got.ID != author.ID {
		t.Errorf("Fever key of the new reader token = %+v, %v", got, err)
	}

	// Refused forms make nothing.
	for _, form := range []url.Values{
		{"csrf": {csrf}, "name": {"phone"}, "scope": {"api"}},
		{"csrf": {csrf}, "name": {"  "}, "scope": {"api"}},
		{"csrf": {csrf}, "name": {"x"}, "scope": {"admin"}},
	} {
		if resp, body := f.post("/admin/account/tokens", c, form); resp.StatusCode != http.StatusUnprocessableEntity ||
			secretPattern.MatchString(body) {
			t.Errorf("form %v = %d, want 422 and no secret", form, resp.StatusCode)
		}
	}
	if resp, _ := f.post("/admin/account/tokens", c, url.Values{"name": {"no csrf"}, "scope": {"api"}}); resp.StatusCode != http.StatusForbidden {
		t.Errorf("a form without its CSRF token = %d, want 403", resp.StatusCode)
	}
	if list, _ := check.List(t.Context(), author.ID); len(list) != 2 {
		t.Errorf("tokens after the refused forms: %d, want 2", len(list))
	}

	// Nobody revokes another's token; its owner does.
	ec, _ := f.signIn(model.RoleEditor, "Ed Editor")
	if resp, _ := f.post("/admin/account/tokens/"+strconv.FormatInt(tok.ID, 10)+"/revoke", ec, url.Values{"csrf": {f.csrf(ec)}}); resp.StatusCode != http.StatusNotFound {
		t.Errorf("an editor revoking the author's token = %d, want 404", resp.StatusCode)
	}
	if _, _, err := check.AuthenticateToken(ctx, apiSecret, model.ScopeAPI); err != nil {
		t.Errorf("the token after another's revoke attempt = %v", err)
	}
	resp, _ = f.post("/admin/account/tokens/"+strconv.FormatInt(tok.ID, 10)+"/revoke", c, url.Values{"csrf": {csrf}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/admin/account/tokens?done=revoked" {
		t.Fatalf("revoke = %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	if _, _, err := check.AuthenticateToken(ctx, apiSecret, model.ScopeAPI); !errors.Is(err, auth.ErrBadToken) {
		t.Errorf("the revoked token = %v, want ErrBadToken", err)
	}
	entries, _, err := f.st.ListAudit(t.Context(), store.AuditFilter{ActionPrefix: "token.", Limit: 10})
	if err != nil || len(entries) != 3 || entries[0].Action != "token.revoke" || entries[0].Actor != author.Email ||
		!strings.Contains(entries[0].Summary, "deploy script") {
		t.Errorf("token audit = %+v, %v", entries, err)
	}
}
