package main

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"

	"github.com/newsdesk/newsdesk/internal/auth"
	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/site"
	"github.com/newsdesk/newsdesk/internal/store"
)

func TestTokens_AddListRevoke(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"NEWSDESK_DATA": dir}
	if code, out, errOut := runCLIWithInput(t, env, "a long enough passphrase\n", "users", "add", "ed@newsroom.example", "--role", "editor"); code != 0 {
		t.Fatalf("users add: exit %d\n%s%s", code, out, errOut)
	}
	check := func(secret string, scope model.TokenScope) error {
		st := openData(t, dir)
		defer st.Close()
		toks, err := auth.NewTokens(st, auth.TokenOptions{})
		if err != nil {
			t.Fatal(err)
		}
		_, _, err = toks.AuthenticateToken(auth.WithClientIP(context.Background(), "192.0.2.1"), secret, scope)
		return err
	}

	// add: the secret alone on stdout, once; it works for its scope.
	code, out, errOut := runCLI(t, env, "tokens", "add", "ed@newsroom.example", "--name", "publisher", "--scope", "api")
	secret := strings.TrimSpace(out)
	if code != 0 || !strings.HasPrefix(secret, "nd_") || strings.Count(out, "\n") != 1 || !strings.Contains(errOut, "shown once") {
		t.Fatalf("tokens add: exit %d\nstdout %q\nstderr %q", code, out, errOut)
	}
	if err := check(secret, model.ScopeAPI); err != nil {
		t.Fatalf("the printed secret: %v", err)
	}
	if code, out, _ = runCLI(t, env, "tokens", "add", "ed@newsroom.example", "--name", "phone", "--scope", "reader"); code != 0 {
		t.Fatalf("tokens add reader: exit %d", code)
	}
	if err := check(strings.TrimSpace(out), model.ScopeReader); err != nil {
		t.Errorf("the reader secret: %v", err)
	}

	// Mistakes exit 2 with a reason.
	for _, args := range [][]string{
		{"tokens", "add", "ed@newsroom.example", "--name", "publisher", "--scope", "api"},
		{"tokens", "add", "ed@newsroom.example", "--name", "x", "--scope", "admin"},
		{"tokens", "add", "ed@newsroom.example", "--scope", "api"},
		{"tokens", "add", "nobody@newsroom.example", "--name", "x", "--scope", "api"},
		{"tokens", "revoke", "x"},
		{"tokens", "revoke", "999"},
		{"tokens", "list", "nobody@newsroom.example"},
		{"tokens", "rotate"},
	} {
		if code, _, errOut := runCLI(t, env, args...); code != 2 || errOut == "" {
			t.Errorf("%v: exit %d %q, want 2 with a reason", args, code, errOut)
		}
	}

	// list: both tokens, newest first; JSON too.
	code, out, _ = runCLI(t, env, "tokens", "list", "ed@newsroom.example", "--json")
	var list []struct {
		ID                 int64
		Email, Name, Scope string
		LastUsed           *string `json:"last_used_at"`
	}
	if err := json.Unmarshal([]byte(out), &list); code != 0 || err != nil || len(list) != 2 || list[0].Name != "phone" ||
		list[1].Scope != "api" || list[1].LastUsed == nil || list[1].Email != "ed@newsroom.example" {
		t.Fatalf("tokens list --json: exit %d, %v: %s", code, err, out)
	}
	if code, out, _ = runCLI(t, env, "tokens", "list"); code != 0 || !strings.Contains(out, "publisher") || strings.Contains(out, "nd_") {
		t.Errorf("tokens list: exit %d\n%s", code, out)
	}

	// revoke: the secret stops working; audited as the shell.
	if code, out, errOut = runCLI(t, env, "tokens", "revoke", strconv.FormatInt(list[1].ID, 10)); code != 0 || !strings.Contains(out, "revoked") {
		t.Fatalf("tokens revoke: exit %d\n%s%s", code, out, errOut)
	}
	if err := check(secret, model.ScopeAPI); !errors.Is(err, auth.ErrBadToken) {
		t.Errorf("a revoked secret = %v, want ErrBadToken", err)
	}
	st := openData(t, dir)
	defer st.Close()
	entries, _, err := st.ListAudit(t.Context(), store.AuditFilter{ActionPrefix: "token.", Limit: 10})
	if err != nil || len(entries) != 3 || entries[0].Action != "token.revoke" || entries[0].Actor != shellActor {
		t.Errorf("audit = %+v, %v", entries, err)
	}
}

// TestTokens_ServedSiteTakesWrites runs the site as serve wires it: a
// token made with 'tokens add' writes and publishes an article through
// the API, and the article's page is served.
func TestTokens_ServedSiteTakesWrites(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"NEWSDESK_DATA": dir}
	if code, out, errOut := runCLIWithInput(t, env, "a long enough passphrase\n", "users", "add", "au@newsroom.example", "--role", "author", "--name", "Au Thor"); code != 0 {
		t.Fatalf("users add: exit %d\n%s%s", code, out, errOut)
	}
	code, out, errOut := runCLI(t, env, "tokens", "add", "au@newsroom.example", "--name", "script", "--scope", "api")
	if code != 0 {
		t.Fatalf("tokens add: exit %d\n%s", code, errOut)
	}
	secret := strings.TrimSpace(out)
	st := openData(t, dir)
	defer st.Close()
	settings := site.Defaults()
	srv := httptest.NewUnstartedServer(nil)
	settings.BaseURL = "http://" + srv.Listener.Addr().String()
	h, err := newSiteHandler(t.Context(), settings, st, slog.New(slog.DiscardHandler), siteOptions{})
	if err != nil {
		t.Fatal(err)
	}
	srv.Config.Handler = h
	srv.Start()
	defer srv.Close()

	// A signed-in browser's real session cookie writes nothing: the API
	// reads no cookies, so another site cannot make a browser write.
	mgr, err := auth.NewManager(st, auth.Options{})
	if err != nil {
		t.Fatal(err)
	}
	session, _, err := mgr.Login(t.Context(), "au@newsroom.example", "a long enough passphrase", "")
	if err != nil {
		t.Fatal(err)
	}
	req, err := http.NewRequestWithContext(t.Context(), "POST", srv.URL+"/api/v1/articles",
		strings.NewReader(`{"title":"Cookie write","body":"x"}`))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.AddCookie(&http.Cookie{Name: auth.SessionCookieName, Value: session})
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("a write with only a live session cookie = %d, want 401", resp.StatusCode)
	}

	req, err = http.NewRequestWithContext(t.Context(), "POST", srv.URL+"/api/v1/articles",
		strings.NewReader(`{"title":"Lighthouse relit","body":"The lamp turns again.","status":"published"}`))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+secret)
	req.Header.Set("Content-Type", "application/json")
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var got struct {
		Status string
		URL    *string
	}
	err = json.NewDecoder(resp.Body).Decode(&got)
	resp.Body.Close()
	if resp.StatusCode != http.StatusCreated || err != nil || got.Status != "published" || got.URL == nil {
		t.Fatalf("POST /api/v1/articles = %d %+v %v", resp.StatusCode, got, err)
	}
	page, err := http.Get(*got.URL)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(page.Body)
	page.Body.Close()
	if page.StatusCode != 200 || !strings.Contains(string(body), "Lighthouse relit") {
		t.Errorf("GET %s = %d", *got.URL, page.StatusCode)
	}
}
