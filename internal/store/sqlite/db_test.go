package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/search"
	"github.com/newsdesk/newsdesk/internal/store"
)

func openTemp(t *testing.T) (*Store, string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "news.db")
	s, err := Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s, path
}

// pragmas reads the settings that must hold on every pooled connection.
func pragmas(ctx context.Context, conn *sql.Conn) (string, error) {
	var journal string
	var fk, busy, sync, queryOnly, temp int
	for _, q := range []struct {
		name string
		dest any
	}{{"journal_mode", &journal}, {"foreign_keys", &fk}, {"busy_timeout", &busy},
		{"synchronous", &sync}, {"query_only", &queryOnly}, {"temp_store", &temp}} {
		if err := conn.QueryRowContext(ctx, "PRAGMA "+q.name).Scan(q.dest); err != nil {
			return "", err
		}
	}
	return fmt.Sprintf("journal=%s fk=%d busy=%d sync=%d query_only=%d temp=%d",
		journal, fk, busy, sync, queryOnly, temp), nil
}

func TestOpen_PragmasOnEveryConnection(t *testing.T) {
	s, _ := openTemp(t)
	ctx := t.Context()
	// Hold three read connections at once so the pool must open three.
	var conns []*sql.Conn
	for range 3 {
		c, err := s.r.db.Conn(ctx)
		if err != nil {
			t.Fatal(err)
		}
		conns = append(conns, c)
	}
	for i, c := range conns {
		got, err := pragmas(ctx, c)
		if err != nil {
			t.Fatal(err)
		}
		if want := "journal=wal fk=1 busy=5000 sync=1 query_only=1 temp=2"; got != want {
			t.Errorf("read connection %d: %s, want %s", i, got, want)
		}
		// Each reader has its share of the page cache budget (in KiB,
		// which SQLite takes as a negative size).
		var cache int
		if err := c.QueryRowContext(ctx, "PRAGMA cache_size").Scan(&cache); err != nil {
			t.Fatal(err)
		}
		if want := -max(readCacheKiB/max(4, 2*runtime.NumCPU()), 2048); cache != want {
			t.Errorf("read connection %d: cache_size %d, want %d", i, cache, want)
		}
		c.Close()
	}
	w, err := s.w.Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	got, err := pragmas(ctx, w)
	if err != nil {
		t.Fatal(err)
	}
	if want := "journal=wal fk=1 busy=5000 sync=1 query_only=0 temp=2"; got != want {
		t.Errorf("write connection: %s, want %s", got, want)
	}
}

func TestOpen_ReadPoolRefusesWrites(t *testing.T) {
	s, _ := openTemp(t)
	_, err := s.r.db.ExecContext(t.Context(), `INSERT INTO categories (name, slug) VALUES ('x', 'x')`)
	if err == nil {
		t.Fatal("the read pool accepted a write")
	}
}

func TestOpen_CreatesParentDirectoryOddNames(t *testing.T) {
	path := filepath.Join(t.TempDir(), "new dir?x=1#frag%20", "deeper", "news.db")
	s, err := Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.AddSource(t.Context(), model.Source{FeedURL: "https://a.example/rss"}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if _, err := os.Stat(path); err != nil {
		t.Fatalf("database not at the path given: %v", err)
	}
}

func TestOpen_EmptyPath(t *testing.T) {
	if _, err := Open(t.Context(), ""); err == nil {
		t.Fatal("Open(\"\") succeeded")
	}
}

func TestOpen_ReopenKeepsDataAppliesMigrationsOnce(t *testing.T) {
	s, path := openTemp(t)
	ctx := t.Context()
	if _, err := s.AddSource(ctx, model.Source{FeedURL: "https://a.example/rss"}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s2, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	list, err := s2.ListSources(ctx)
	if err != nil || len(list) != 1 {
		t.Fatalf("sources after reopen: %v, %v", list, err)
	}
	ms, err := store.LoadMigrations(migrationFiles, "migrations")
	if err != nil {
		t.Fatal(err)
	}
	var n int
	if err := s2.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != len(ms) {
		t.Errorf("schema_migrations has %d rows, want %d", n, len(ms))
	}
}

func TestOpen_RefusesNewerSchema(t *testing.T) {
	s, path := openTemp(t)
	if _, err := s.w.ExecContext(t.Context(), `INSERT INTO schema_migrations VALUES (9999, 0)`); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s2, err := Open(t.Context(), path)
	if err == nil {
		s2.Close()
		t.Fatal("Open accepted a database from a newer program")
	}
	if !strings.Contains(err.Error(), "9999") {
		t.Errorf("error %q should name the version", err)
	}
}

// Two stores on one file stand for `newsdesk serve` and a `newsdesk
// fetch` run beside it: writers in two processes must wait their turn,
// never fail with SQLITE_BUSY.
func TestConcurrentWritersShareTheFile(t *testing.T) {
	s1, path := openTemp(t)
	s2, err := Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer s2.Close()
	ctx := t.Context()
	src, err := s1.AddSource(ctx, model.Source{FeedURL: "https://a.example/rss"})
	if err != nil {
		t.Fatal(err)
	}
	const workers, batches, per = 4, 5, 10
	var wg sync.WaitGroup
	errs := make(chan error, workers*batches)
	for w := range workers {
		st := []*Store{s1, s2}[w%2]
		wg.Go(func() {
			for b := range batches {
				arts := make([]model.Article, per)
				for i := range arts {
					arts[i] = model.Article{GUID: fmt.Sprintf("%d-%d-%d", w, b, i), Title: "Same headline", Category: "World"}
				}
				if _, err := st.SaveArticles(ctx, src.ID, arts); err != nil {
					errs <- err
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	got, err := s2.GetSource(ctx, src.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Articles != workers*batches*per {
		t.Errorf("stored %d articles, want %d", got.Articles, workers*batches*per)
	}
}

// A database made by the first release keeps each source's next fetch
// time when its schedule moves into fetch_jobs.
func TestOpen_UpgradeMovesScheduleIntoJobs(t *testing.T) {
	ctx := t.Context()
	path := filepath.Join(t.TempDir(), "old.db")
	db, err := sql.Open("sqlite", dsn(path, ""))
	if err != nil {
		t.Fatal(err)
	}
	ms, err := store.LoadMigrations(migrationFiles, "migrations")
	if err != nil {
		t.Fatal(err)
	}
	next := time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)
	for _, q := range []string{ms[0].SQL,
		`CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)`,
		`INSERT INTO schema_migrations VALUES (1, 0)`,
		fmt.Sprintf(`INSERT INTO sources (feed_url, created_at, next_fetch_at) VALUES ('https://a.example/rss', 0, %d)`, next.UnixMicro()),
		`INSERT INTO sources (feed_url, created_at) VALUES ('https://b.example/rss', 0)`,
		`INSERT INTO articles (source_id, slug, title, content_text, published_at, fetched_at)
			VALUES (1, 'lighthouse', 'Lighthouse keepers retire', 'The old keepers leave.', 0, 0)`,
	} {
		if _, err := db.ExecContext(ctx, q); err != nil {
			t.Fatalf("%.60s: %v", q, err)
		}
	}
	db.Close()
	s, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	list, err := s.ListSources(ctx)
	if err != nil || len(list) != 2 {
		t.Fatalf("sources after upgrade: %v, %v", list, err)
	}
	if !list[0].State.NextFetchAt.Equal(next) {
		t.Errorf("next fetch = %v, want %v kept", list[0].State.NextFetchAt, next)
	}
	jobs, err := s.ClaimFetches(ctx, "w", time.Unix(1, 0), time.Minute, 10)
	if err != nil || len(jobs) != 1 || jobs[0].Source.ID != list[1].ID {
		t.Errorf("claimed %+v, %v; want only the never-scheduled source", jobs, err)
	}
	// The articles stored before the search index existed are indexed.
	an, _ := search.NewAnalyzer("")
	res, err := s.SearchArticles(ctx, store.SearchQuery{Query: an.Parse("keeper", search.ParseOptions{})})
	if err != nil || res.Total != 1 {
		t.Errorf("search after upgrade: %+v, %v; want the old article", res, err)
	}
}
