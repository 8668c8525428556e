package sqlite

import (
	"fmt"
	"testing"

	"github.com/newsdesk/newsdesk/internal/store"
)

func TestReadPool_ReusesStatementsWithinABound(t *testing.T) {
	s, _ := openTemp(t)
	ctx := t.Context()
	for range 3 {
		if _, _, err := s.ListArticles(ctx, store.ArticleFilter{CategorySlug: "world"}); err != nil {
			t.Fatal(err)
		}
	}
	if n := len(s.r.stmts); n != 1 {
		t.Fatalf("%d statements cached after one query shape ran three times, want 1", n)
	}
	for i := range maxCachedStmts + 20 {
		var got int
		if err := s.r.QueryRowContext(ctx, fmt.Sprintf("SELECT %d + 1", i)).Scan(&got); err != nil || got != i+1 {
			t.Fatalf("query %d: got %d, %v", i, got, err)
		}
	}
	if n := len(s.r.stmts); n != maxCachedStmts {
		t.Errorf("%d statements cached, want the bound %d", n, maxCachedStmts)
	}
	if err := s.r.QueryRowContext(ctx, "SELECT * FROM no_such_table").Scan(new(int)); err == nil {
		t.Error("a query that cannot be prepared reported no error")
	}
}
