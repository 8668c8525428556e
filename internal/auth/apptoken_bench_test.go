package auth

import (
	"context"
	"testing"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store/storetest"
)

// BenchmarkAuthenticateToken is the cost a token adds to each API write
// or reader request: a hash, one indexed lookup joined to the account,
// and no write (the use was recorded within the minute).
func BenchmarkAuthenticateToken(b *testing.B) {
	st := storetest.NewSQLite(b)
	ctx := WithClientIP(context.Background(), "192.0.2.1")
	u, err := st.AddUser(ctx, model.User{Email: "bench@example.org", Role: model.RoleEditor, PasswordHash: "x"})
	if err != nil {
		b.Fatal(err)
	}
	toks, err := NewTokens(st, TokenOptions{})
	if err != nil {
		b.Fatal(err)
	}
	_, secret, err := toks.Create(ctx, u, "bench", model.ScopeAPI)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := toks.AuthenticateToken(ctx, secret, model.ScopeAPI); err != nil {
			b.Fatal(err)
		}
	}
}
