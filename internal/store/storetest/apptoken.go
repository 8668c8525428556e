package storetest

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

var appTokenCases = []suiteCase{
	{"AppTokens/CreateListLookUpRevoke", testAppTokenLifecycle},
	{"AppTokens/RefusesBadTokens", testAppTokenBad},
	{"AppTokens/TouchAtMostOncePerInterval", testAppTokenTouch},
	{"AppTokens/GoWithTheirAccount", testAppTokenAccount},
}

// hashOf is the hex SHA-256 of s, as the stores keep secrets.
func hashOf(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}

// mustToken stores a token and fails the test on error.
func mustToken(t *testing.T, s store.Store, tok model.AppToken) model.AppToken {
	t.Helper()
	got, err := s.CreateAppToken(t.Context(), tok)
	if err != nil {
		t.Fatalf("CreateAppToken(%q): %v", tok.Name, err)
	}
	return got
}

func testAppTokenLifecycle(t *testing.T, s store.Store) {
	ctx := t.Context()
	ana := mustUser(t, s, "ana@example.com", model.RoleEditor)
	bo := mustUser(t, s, "bo@example.com", model.RoleAuthor)
	api := mustToken(t, s, model.AppToken{UserID: ana.ID, Name: "  deploy script ", Scope: model.ScopeAPI,
		SecretHash: hashOf("a1"), Created: base})
	if api.ID == 0 || api.Name != "deploy script" || !api.Created.Equal(base) || !api.LastUsed.IsZero() {
		t.Fatalf("created token = %+v", api)
	}
	reader := mustToken(t, s, model.AppToken{UserID: ana.ID, Name: "phone", Scope: model.ScopeReader,
		SecretHash: hashOf("r1"), FeverKeyHash: hashOf("f1"), Created: base.Add(time.Second)})
	other := mustToken(t, s, model.AppToken{UserID: bo.ID, Name: "phone", Scope: model.ScopeAPI, SecretHash: hashOf("b1")})

	list, err := s.ListAppTokens(ctx, ana.ID)
	if err != nil || len(list) != 2 || list[0].ID != reader.ID || list[1].ID != api.ID {
		t.Fatalf("ListAppTokens(ana) = %+v, %v; want the reader token then the API one", list, err)
	}
	if list[0].FeverKeyHash != hashOf("f1") || list[1].FeverKeyHash != "" || list[1].SecretHash != hashOf("a1") {
		t.Errorf("listed hashes = %+v", list)
	}
	all, err := s.ListAppTokens(ctx, 0)
	if err != nil || len(all) != 3 || all[0].ID != other.ID {
		t.Errorf("ListAppTokens(0) = %+v, %v; want all three, newest first", all, err)
	}
	if empty, err := s.ListAppTokens(ctx, 9999); err != nil || len(empty) != 0 {
		t.Errorf("ListAppTokens(no user) = %v, %v", empty, err)
	}

	tok, u, err := s.AppTokenBySecretHash(ctx, hashOf("r1"))
	if err != nil || tok.ID != reader.ID || tok.Scope != model.ScopeReader || u.ID != ana.ID || u.Email != ana.Email {
		t.Errorf("AppTokenBySecretHash = %+v, %+v, %v", tok, u, err)
	}
	tok, u, err = s.AppTokenByFeverKeyHash(ctx, hashOf("f1"))
	if err != nil || tok.ID != reader.ID || u.ID != ana.ID {
		t.Errorf("AppTokenByFeverKeyHash = %+v, %+v, %v", tok, u, err)
	}
	for _, h := range []string{hashOf("nope"), ""} {
		if _, _, err := s.AppTokenBySecretHash(ctx, h); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("AppTokenBySecretHash(%q) = %v, want ErrNotFound", h, err)
		}
		if _, _, err := s.AppTokenByFeverKeyHash(ctx, h); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("AppTokenByFeverKeyHash(%q) = %v, want ErrNotFound", h, err)
		}
	}
	if got, err := s.GetAppToken(ctx, api.ID); err != nil || got.Name != "deploy script" || got.UserID != ana.ID {
		t.Errorf("GetAppToken = %+v, %v", got, err)
	}

	// Another user cannot revoke ana's token; ana can, once.
	if err := s.DeleteAppToken(ctx, api.ID, bo.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("revoking another's token = %v, want ErrNotFound", err)
	}
	if err := s.DeleteAppToken(ctx, api.ID, ana.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteAppToken(ctx, api.ID, ana.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("revoking twice = %v, want ErrNotFound", err)
	}
	if _, _, err := s.AppTokenBySecretHash(ctx, hashOf("a1")); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a revoked token still found: %v", err)
	}
	if _, err := s.GetAppToken(ctx, api.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("GetAppToken(revoked) = %v", err)
	}
	// User 0 is anyone: the shell revokes by ID alone.
	if err := s.DeleteAppToken(ctx, other.ID, 0); err != nil {
		t.Errorf("DeleteAppToken(id, 0) = %v", err)
	}
}

func testAppTokenBad(t *testing.T, s store.Store) {
	ctx := t.Context()
	ana := mustUser(t, s, "ana@example.com", model.RoleEditor)
	mustToken(t, s, model.AppToken{UserID: ana.ID, Name: "cli", Scope: model.ScopeAPI, SecretHash: hashOf("x")})
	bad := []struct {
		why string
		tok model.AppToken
	}{
		{"empty name", model.AppToken{UserID: ana.ID, Name: "  ", Scope: model.ScopeAPI, SecretHash: hashOf("1")}},
		{"unknown scope", model.AppToken{UserID: ana.ID, Name: "a", Scope: "admin", SecretHash: hashOf("2")}},
		{"no hash", model.AppToken{UserID: ana.ID, Name: "b", Scope: model.ScopeAPI}},
		{"hash not hex", model.AppToken{UserID: ana.ID, Name: "c", Scope: model.ScopeAPI, SecretHash: "nd_secret"}},
		{"reader without Fever key", model.AppToken{UserID: ana.ID, Name: "d", Scope: model.ScopeReader, SecretHash: hashOf("3")}},
		{"API token with Fever key", model.AppToken{UserID: ana.ID, Name: "e", Scope: model.ScopeAPI, SecretHash: hashOf("4"), FeverKeyHash: hashOf("5")}},
		{"NUL in name", model.AppToken{UserID: ana.ID, Name: "a\x00b", Scope: model.ScopeAPI, SecretHash: hashOf("6")}},
		{"no user", model.AppToken{Name: "f", Scope: model.ScopeAPI, SecretHash: hashOf("7")}},
	}
	for _, b := range bad {
		if _, err := s.CreateAppToken(ctx, b.tok); err == nil {
			t.Errorf("CreateAppToken took a token with %s", b.why)
		}
	}
	if _, err := s.CreateAppToken(ctx, model.AppToken{UserID: ana.ID, Name: "cli", Scope: model.ScopeAPI,
		SecretHash: hashOf("y")}); !errors.Is(err, store.ErrDuplicate) {
		t.Errorf("a second token of the same name = %v, want ErrDuplicate", err)
	}
	if _, err := s.CreateAppToken(ctx, model.AppToken{UserID: 9999, Name: "z", Scope: model.ScopeAPI,
		SecretHash: hashOf("z")}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a token of no user = %v, want ErrNotFound", err)
	}
	if list, _ := s.ListAppTokens(ctx, ana.ID); len(list) != 1 {
		t.Errorf("refused tokens were stored: %+v", list)
	}
}

func testAppTokenTouch(t *testing.T, s store.Store) {
	ctx := t.Context()
	ana := mustUser(t, s, "ana@example.com", model.RoleEditor)
	tok := mustToken(t, s, model.AppToken{UserID: ana.ID, Name: "cli", Scope: model.ScopeAPI, SecretHash: hashOf("x")})
	used := func() time.Time {
		t.Helper()
		got, err := s.GetAppToken(ctx, tok.ID)
		if err != nil {
			t.Fatal(err)
		}
		return got.LastUsed
	}
	if err := s.TouchAppToken(ctx, tok.ID, base); err != nil {
		t.Fatal(err)
	}
	if got := used(); !got.Equal(base) {
		t.Fatalf("LastUsed after the first use = %v, want %v", got, base)
	}
	// Within the interval nothing is written; after it the new time is.
	if err := s.TouchAppToken(ctx, tok.ID, base.Add(30*time.Second)); err != nil {
		t.Fatal(err)
	}
	if got := used(); !got.Equal(base) {
		t.Errorf("LastUsed moved to %v within %v of the last write", got, store.TokenTouchEvery)
	}
	later := base.Add(store.TokenTouchEvery + time.Second)
	if err := s.TouchAppToken(ctx, tok.ID, later); err != nil {
		t.Fatal(err)
	}
	if got := used(); !got.Equal(later) {
		t.Errorf("LastUsed = %v, want %v", got, later)
	}
	if err := s.TouchAppToken(ctx, 9999, later); err != nil {
		t.Errorf("touching no token = %v, want nil", err)
	}
}

func testAppTokenAccount(t *testing.T, s store.Store) {
	ctx := t.Context()
	mustUser(t, s, "admin@example.com", model.RoleAdmin)
	bo := mustUser(t, s, "bo@example.com", model.RoleAuthor)
	mustToken(t, s, model.AppToken{UserID: bo.ID, Name: "cli", Scope: model.ScopeAPI, SecretHash: hashOf("b")})
	// A disabled account's token is still found, with the account saying
	// it is disabled: refusing it is the caller's rule.
	if err := s.SetUserDisabled(ctx, bo.ID, true); err != nil {
		t.Fatal(err)
	}
	if _, u, err := s.AppTokenBySecretHash(ctx, hashOf("b")); err != nil || !u.Disabled {
		t.Errorf("token of a disabled account = %+v, %v; want it with Disabled set", u, err)
	}
	if err := s.DeleteUser(ctx, bo.ID); err != nil {
		t.Fatal(err)
	}
	if _, _, err := s.AppTokenBySecretHash(ctx, hashOf("b")); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("token of a deleted account = %v, want ErrNotFound", err)
	}
	if list, err := s.ListAppTokens(ctx, 0); err != nil || len(list) != 0 {
		t.Errorf("tokens left after deleting their account: %+v, %v", list, err)
	}
}
