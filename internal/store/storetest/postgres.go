package storetest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/newsdesk/newsdesk/internal/store"
	"github.com/newsdesk/newsdesk/internal/store/postgres"
)

// DefaultPostgresDSN is the test database used when
// NEWSDESK_TEST_POSTGRES is unset.
const DefaultPostgresDSN = "postgres://postgres@127.0.0.1:5432/test?sslmode=disable"

// PostgresDSN returns the test database's DSN from NEWSDESK_TEST_POSTGRES.
func PostgresDSN() string {
	if dsn := os.Getenv("NEWSDESK_TEST_POSTGRES"); dsn != "" {
		return dsn
	}
	return DefaultPostgresDSN
}

// NewPostgres returns an empty PostgreSQL store living in a schema of
// its own, dropped with everything in it when the test ends. When the
// server cannot be reached the test is skipped, or fails if
// NEWSDESK_REQUIRE_ALL=1.
func NewPostgres(t testing.TB) store.Store {
	t.Helper()
	schema := NewPostgresSchema(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	st, err := postgres.Open(ctx, WithSearchPath(PostgresDSN(), schema))
	if err != nil {
		t.Fatalf("storetest: open postgres: %v", err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// NewPostgresSchema creates an empty schema with a random name, dropped
// with everything in it when the test ends, and returns its name.
func NewPostgresSchema(t testing.TB) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	dsn := PostgresDSN()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		if os.Getenv("NEWSDESK_REQUIRE_ALL") == "1" {
			t.Fatalf("storetest: PostgreSQL required (NEWSDESK_REQUIRE_ALL=1) but unreachable: %v", err)
		}
		t.Skipf("storetest: PostgreSQL unreachable, set NEWSDESK_TEST_POSTGRES: %v", err)
	}
	defer conn.Close(ctx)
	var raw [8]byte
	rand.Read(raw[:])
	schema := "newsdesk_test_" + hex.EncodeToString(raw[:])
	if _, err := conn.Exec(ctx, "CREATE SCHEMA "+schema); err != nil {
		t.Fatalf("storetest: create schema: %v", err)
	}
	t.Cleanup(func() { dropSchema(t, dsn, schema) })
	return schema
}

func dropSchema(t testing.TB, dsn, schema string) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Errorf("storetest: drop schema %s: %v", schema, err)
		return
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "DROP SCHEMA "+schema+" CASCADE"); err != nil {
		t.Errorf("storetest: drop schema %s: %v", schema, err)
	}
}

// WithSearchPath returns dsn with search_path set to schema, for both
// URL and key=value connection strings.
func WithSearchPath(dsn, schema string) string {
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		u, err := url.Parse(dsn)
		if err == nil {
			q := u.Query()
			q.Set("search_path", schema)
			u.RawQuery = q.Encode()
			return u.String()
		}
	}
	return strings.TrimSpace(dsn) + " search_path=" + schema
}
