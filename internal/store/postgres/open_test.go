package postgres_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store/postgres"
	"github.com/newsdesk/newsdesk/internal/store/storetest"
)

// schemaDSN makes a fresh schema and returns a DSN whose search_path
// names it.
func schemaDSN(t *testing.T) (dsn, schema string) {
	schema = storetest.NewPostgresSchema(t)
	return storetest.WithSearchPath(storetest.PostgresDSN(), schema), schema
}

func queryInt(t *testing.T, dsn, q string, args ...any) int {
	t.Helper()
	conn, err := pgx.Connect(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	var n int
	if err := conn.QueryRow(t.Context(), q, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestOpen_TablesLiveInSearchPathSchema(t *testing.T) {
	dsn, schema := schemaDSN(t)
	s, err := postgres.Open(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	n := queryInt(t, dsn, `SELECT COUNT(*) FROM information_schema.tables
		WHERE table_schema = $1 AND table_name IN ('sources', 'categories', 'articles', 'schema_migrations')`, schema)
	if n != 4 {
		t.Errorf("found %d of 4 tables in schema %s", n, schema)
	}
}

// Several instances starting at once must migrate once, not collide.
func TestOpen_ConcurrentStartsMigrateOnce(t *testing.T) {
	dsn, _ := schemaDSN(t)
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for range 4 {
		wg.Go(func() {
			s, err := postgres.Open(t.Context(), dsn)
			if err != nil {
				errs <- err
				return
			}
			s.Close()
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if n := queryInt(t, dsn, `SELECT COUNT(*) FROM schema_migrations WHERE version = 1`); n != 1 {
		t.Errorf("migration 1 recorded %d times", n)
	}
}

func TestOpen_RefusesNewerSchema(t *testing.T) {
	dsn, _ := schemaDSN(t)
	s, err := postgres.Open(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	queryInt(t, dsn, `WITH x AS (INSERT INTO schema_migrations (version) VALUES (9999) RETURNING version) SELECT version FROM x`)
	s2, err := postgres.Open(t.Context(), dsn)
	if err == nil {
		s2.Close()
		t.Fatal("Open accepted a database from a newer program")
	}
	if !strings.Contains(err.Error(), "9999") {
		t.Errorf("error %q should name the version", err)
	}
}

func TestOpen_ErrorsHidePassword(t *testing.T) {
	for _, dsn := range []string{
		"postgres://user:s3cretpw@127.0.0.1:1/x?connect_timeout=2",
		"postgres://user:s3cretpw@[::1/x",
		"postgres://user:s3cretpw@127.0.0.1/x?sslmode=bogus",
	} {
		s, err := postgres.Open(t.Context(), dsn)
		if err == nil {
			s.Close()
			t.Errorf("Open(%q) succeeded", dsn)
			continue
		}
		if strings.Contains(err.Error(), "s3cretpw") {
			t.Errorf("Open error leaks the password: %v", err)
		}
	}
}

// Feeds saved at the same moment with the same headlines, category and
// one shared canonical URL: both batches commit, slugs stay unique,
// the category exists once and the shared article is stored once.
func TestSaveArticles_ConcurrentBatches(t *testing.T) {
	dsn, _ := schemaDSN(t)
	s, err := postgres.Open(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := t.Context()
	const feeds, per = 4, 20
	var srcIDs []int64
	for i := range feeds {
		src, err := s.AddSource(ctx, model.Source{FeedURL: fmt.Sprintf("https://%d.example/rss", i)})
		if err != nil {
			t.Fatal(err)
		}
		srcIDs = append(srcIDs, src.ID)
	}
	var wg sync.WaitGroup
	inserted := make([]int, feeds)
	errs := make([]error, feeds)
	for f := range feeds {
		wg.Go(func() {
			arts := make([]model.Article, per)
			for i := range arts {
				arts[i] = model.Article{GUID: fmt.Sprint(i), Title: fmt.Sprintf("Headline %d", i%5), Category: "Breaking News"}
			}
			arts[per-1].CanonicalURL = "https://wire.example/shared"
			if f%2 == 1 {
				// The same headlines in the opposite order: lock-order trouble
				// if batches were not kept apart.
				slices.Reverse(arts)
			}
			res, err := s.SaveArticles(ctx, srcIDs[f], arts)
			inserted[f], errs[f] = res.Inserted, err
		})
	}
	wg.Wait()
	total := 0
	for f := range feeds {
		if errs[f] != nil {
			t.Errorf("feed %d: %v", f, errs[f])
		}
		total += inserted[f]
	}
	if want := feeds*(per-1) + 1; total != want {
		t.Errorf("inserted %d articles, want %d", total, want)
	}
	if n := queryInt(t, dsn, `SELECT COUNT(DISTINCT slug) FROM articles`); n != total {
		t.Errorf("%d distinct slugs for %d articles", n, total)
	}
	cats, err := s.ListCategories(ctx)
	if err != nil || len(cats) != 1 || cats[0].Articles != total {
		t.Errorf("categories = %+v, %v; want one holding %d", cats, err, total)
	}
}
