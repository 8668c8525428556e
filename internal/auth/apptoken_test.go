package auth

import (
	"context"
	"crypto/md5"
	"encoding/hex"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
	"github.com/newsdesk/newsdesk/internal/store/storetest"
)

func TestAppTokensSQLite(t *testing.T) {
	runAppTokenTests(t, func(t *testing.T) store.Store { return storetest.NewSQLiteCopy(t) })
}

func TestAppTokensPostgres(t *testing.T) {
	runAppTokenTests(t, func(t *testing.T) store.Store { return storetest.NewPostgres(t) })
}

func runAppTokenTests(t *testing.T, open func(*testing.T) store.Store) {
	st := open(t)
	clk := newClock()
	toks, err := NewTokens(st, TokenOptions{Now: clk.Now, Throttle: ThrottleOptions{MaxFailures: 3}})
	if err != nil {
		t.Fatal(err)
	}
	ctx := WithClientIP(context.Background(), "192.0.2.1:5555")
	addUser := func(email string, role model.Role) model.User {
		u, err := st.AddUser(ctx, model.User{Email: email, Name: email, Role: role, PasswordHash: "x"})
		if err != nil {
			t.Fatal(err)
		}
		return u
	}
	if _, err := st.AddUser(ctx, model.User{Email: "root@example.com", Name: "root", Role: model.RoleAdmin, PasswordHash: "x"}); err != nil {
		t.Fatal(err)
	}
	ana := addUser("Ana@Example.com", model.RoleEditor)

	t.Run("CreateAndAuthenticate", func(t *testing.T) {
		ctx := WithClientIP(ctx, "192.0.2.1") // failures here lock this client only
		tok, secret, err := toks.Create(ctx, ana, " script ", model.ScopeAPI)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(secret, "nd_") || len(secret) != 46 || tok.Name != "script" || tok.SecretHash != HashToken(secret) {
			t.Fatalf("token %+v, secret %q", tok, secret)
		}
		if strings.Contains(tok.SecretHash, secret) || tok.FeverKeyHash != "" {
			t.Errorf("stored token keeps the secret or a Fever key: %+v", tok)
		}
		u, got, err := toks.AuthenticateToken(ctx, secret, model.ScopeAPI)
		if err != nil || u.ID != ana.ID || got.ID != tok.ID || u.PasswordHash != "" {
			t.Fatalf("AuthenticateToken = %+v, %+v, %v", u, got, err)
		}
		if _, _, err := toks.AuthenticateToken(ctx, secret, model.ScopeReader); !errors.Is(err, ErrWrongScope) {
			t.Errorf("an API token used as a reader token = %v, want ErrWrongScope", err)
		}
		list, err := toks.List(ctx, ana.ID)
		if err != nil || len(list) != 1 || !list[0].LastUsed.Equal(clk.Now()) {
			t.Errorf("List after a use = %+v, %v; want LastUsed now", list, err)
		}
		if _, _, err := toks.Create(ctx, ana, "script", model.ScopeReader); !errors.Is(err, ErrTokenNameTaken) {
			t.Errorf("a second token named script = %v, want ErrTokenNameTaken", err)
		}
		for _, bad := range []struct{ name, scope string }{{"", "api"}, {strings.Repeat("n", 101), "api"}, {"x", "admin"}} {
			if _, _, err := toks.Create(ctx, ana, bad.name, model.TokenScope(bad.scope)); !errors.Is(err, ErrInvalidToken) {
				t.Errorf("Create(%q, %q) = %v, want ErrInvalidToken", bad.name, bad.scope, err)
			}
		}
		// Revoking: nobody else's, once.
		bo := addUser("bo@example.com", model.RoleAuthor)
		if _, err := toks.Revoke(ctx, tok.ID, bo.ID); !errors.Is(err, ErrNoToken) {
			t.Errorf("revoking another's token = %v, want ErrNoToken", err)
		}
		if got, err := toks.Revoke(ctx, tok.ID, ana.ID); err != nil || got.Name != "script" {
			t.Fatalf("Revoke = %+v, %v", got, err)
		}
		if _, _, err := toks.AuthenticateToken(ctx, secret, model.ScopeAPI); !errors.Is(err, ErrBadToken) {
			t.Errorf("a revoked token = %v, want ErrBadToken", err)
		}
		if _, err := toks.Revoke(ctx, tok.ID, 0); !errors.Is(err, ErrNoToken) {
			t.Errorf("revoking twice = %v, want ErrNoToken", err)
		}
	})

	t.Run("FeverKeyIsMD5OfEmailAndSecret", func(t *testing.T) {
		ctx := WithClientIP(ctx, "192.0.2.2") // failures here lock this client only
		tok, secret, err := toks.Create(ctx, ana, "phone", model.ScopeReader)
		if err != nil {
			t.Fatal(err)
		}
		sum := md5.Sum([]byte(ana.Email + ":" + secret))
		key := hex.EncodeToString(sum[:])
		if FeverKey(ana.Email, secret) != key || tok.FeverKeyHash != HashToken(key) {
			t.Fatalf("Fever key hash %q, want the SHA-256 of %q", tok.FeverKeyHash, key)
		}
		for _, k := range []string{key, strings.ToUpper(key)} {
			if u, err := toks.AuthenticateFeverKey(ctx, k); err != nil || u.ID != ana.ID {
				t.Errorf("AuthenticateFeverKey(%q) = %+v, %v", k, u, err)
			}
		}
		if _, _, err := toks.AuthenticateToken(ctx, secret, model.ScopeReader); err != nil {
			t.Errorf("the reader secret itself = %v", err)
		}
		if _, _, err := toks.AuthenticateToken(ctx, secret, model.ScopeAPI); !errors.Is(err, ErrWrongScope) {
			t.Errorf("a reader token on the API = %v, want ErrWrongScope", err)
		}
		// The key of another email (the account's after a change) is no key.
		if _, err := toks.AuthenticateFeverKey(ctx, FeverKey("new@example.com", secret)); !errors.Is(err, ErrBadToken) {
			t.Errorf("a Fever key of another email = %v, want ErrBadToken", err)
		}
	})

	t.Run("DisabledAccountsTokensStop", func(t *testing.T) {
		ctx := WithClientIP(ctx, "192.0.2.3") // failures here lock this client only
		cy := addUser("cy@example.com", model.RoleAuthor)
		_, secret, err := toks.Create(ctx, cy, "cli", model.ScopeAPI)
		if err != nil {
			t.Fatal(err)
		}
		if err := st.SetUserDisabled(ctx, cy.ID, true); err != nil {
			t.Fatal(err)
		}
		if _, _, err := toks.AuthenticateToken(ctx, secret, model.ScopeAPI); !errors.Is(err, ErrBadToken) {
			t.Errorf("token of a disabled account = %v, want ErrBadToken", err)
		}
		cy.Disabled = true
		if _, _, err := toks.Create(ctx, cy, "more", model.ScopeAPI); !errors.Is(err, ErrInvalidToken) {
			t.Errorf("Create for a disabled account = %v, want ErrInvalidToken", err)
		}
		if err := st.SetUserDisabled(ctx, cy.ID, false); err != nil {
			t.Fatal(err)
		}
		if _, _, err := toks.AuthenticateToken(ctx, secret, model.ScopeAPI); err != nil {
			t.Errorf("token after enabling the account again = %v", err)
		}
	})

	t.Run("FailuresThrottlePerClient", func(t *testing.T) {
		ctx := WithClientIP(ctx, "192.0.2.4") // failures here lock this client only
		dee := addUser("dee@example.com", model.RoleAuthor)
		_, secret, err := toks.Create(ctx, dee, "cli", model.ScopeAPI)
		if err != nil {
			t.Fatal(err)
		}
		bad := WithClientIP(context.Background(), "198.51.100.7")
		guesses := []string{"", "nd_short", "Bearer x", TokenPrefix + strings.Repeat("A", 43)}
		for _, g := range guesses[:3] {
			if _, _, err := toks.AuthenticateToken(bad, g, model.ScopeAPI); !errors.Is(err, ErrBadToken) {
				t.Fatalf("guess %q = %v, want ErrBadToken", g, err)
			}
		}
		// Locked now: even a good secret waits, and so do Fever keys.
		_, _, err = toks.AuthenticateToken(bad, secret, model.ScopeAPI)
		var te *ThrottledError
		if !errors.As(err, &te) || te.RetryAfter != time.Minute {
			t.Fatalf("a locked client's next try = %v, want a one-minute *ThrottledError", err)
		}
		if _, err := toks.AuthenticateFeverKey(bad, strings.Repeat("0", 32)); !errors.Is(err, ErrThrottled) {
			t.Errorf("a locked client's Fever key = %v, want ErrThrottled", err)
		}
		// Other clients are not locked.
		if _, _, err := toks.AuthenticateToken(ctx, secret, model.ScopeAPI); err != nil {
			t.Errorf("another client = %v", err)
		}
		clk.Advance(time.Minute)
		if _, _, err := toks.AuthenticateToken(bad, secret, model.ScopeAPI); err != nil {
			t.Errorf("after the lock = %v", err)
		}
		// A wrong scope is no guess: it never locks.
		for range 5 {
			if _, _, err := toks.AuthenticateToken(ctx, secret, model.ScopeReader); !errors.Is(err, ErrWrongScope) {
				t.Fatalf("wrong scope = %v", err)
			}
		}
	})

	t.Run("DeletedAccountsTokensGo", func(t *testing.T) {
		ctx := WithClientIP(ctx, "192.0.2.5") // failures here lock this client only
		eve := addUser("eve@example.com", model.RoleAuthor)
		_, secret, err := toks.Create(ctx, eve, "cli", model.ScopeAPI)
		if err != nil {
			t.Fatal(err)
		}
		if err := st.DeleteUser(ctx, eve.ID); err != nil {
			t.Fatal(err)
		}
		if _, _, err := toks.AuthenticateToken(ctx, secret, model.ScopeAPI); !errors.Is(err, ErrBadToken) {
			t.Errorf("token of a deleted account = %v, want ErrBadToken", err)
		}
	})
}
