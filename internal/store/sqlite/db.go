// Package sqlite stores newsdesk's data in one SQLite file through the
// pure-Go modernc.org/sqlite driver, so the binary needs no cgo.
package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"sync/atomic"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/newsdesk/newsdesk/internal/search"
	"github.com/newsdesk/newsdesk/internal/store"
)

// Store implements store.Store on SQLite.
//
// It holds two pools on the same file. SQLite admits one writer at a
// time; with several pooled writers, concurrent transactions collide and
// either sleep in the busy handler or fail outright with SQLITE_BUSY when
// a read transaction tries to upgrade to a write. A single write
// connection queues writers in Go instead, and its transactions start
// with BEGIN IMMEDIATE so the reads inside them (duplicate checks, slug
// look-ups) already hold the write lock and cannot go stale. Reads use a
// separate pool that WAL lets run in parallel with the writer; it is
// opened query_only so no write can slip onto it by accident.
type Store struct {
	w *sql.DB   // exactly one connection: every write goes here
	r *readPool // read-only connections, statements prepared once
	// analyzer is the one the search index is built with; UseSearchLanguage
	// may replace it while searches and saves read it.
	analyzer atomic.Pointer[search.Analyzer]
	// short caches the completions of words typed so far as one to three
	// letters.
	short *shortPrefixes
	merge *merger // background merges of the search index (merge.go)
}

var _ store.Store = (*Store)(nil)

// Open opens (creating if needed) the database file at path, creating
// its parent directory, and applies any pending migrations.
func Open(ctx context.Context, path string) (*Store, error) {
	if path == "" {
		return nil, errors.New("sqlite: open: empty database path")
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("sqlite: open: %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(abs), 0o750); err != nil {
		return nil, fmt.Errorf("sqlite: open: create directory: %w", err)
	}
	w, err := sql.Open("sqlite", dsn(abs, "_txlock=immediate"))
	if err != nil {
		return nil, fmt.Errorf("sqlite: open: %w", err)
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	w.SetConnMaxIdleTime(0)
	// The writer connects and migrates first: it switches the file to WAL
	// before any reader opens it.
	if err := w.PingContext(ctx); err != nil {
		w.Close()
		return nil, fmt.Errorf("sqlite: open %s: %w", abs, err)
	}
	if err := migrate(ctx, w); err != nil {
		w.Close()
		return nil, err
	}
	// The readers share a page cache budget of readCacheKiB: at a
	// million articles a search reads FTS5 pages all over an 11 GB file,
	// and SQLite's default 2 MiB per connection sent a sixth of a live
	// search's time into read(2) calls (16 MiB each: p50 5.3 -> 4.7 ms).
	n := max(4, 2*runtime.NumCPU())
	cache := max(readCacheKiB/n, 2048)
	r, err := sql.Open("sqlite", dsn(abs, "_pragma=query_only(1)&_pragma=cache_size(-"+strconv.Itoa(cache)+")"))
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("sqlite: open: %w", err)
	}
	r.SetMaxOpenConns(n)
	r.SetMaxIdleConns(n)
	s := &Store{w: w, r: newReadPool(r), short: newShortPrefixes(time.Minute)}
	// The index's own language, English for a new database; building the
	// index after the migration that added it happens here.
	if err := s.UseSearchLanguage(ctx, s.indexedLanguage(ctx)); err != nil {
		s.Close()
		return nil, err
	}
	s.startMerger()
	return s, nil
}

// indexedLanguage is the language the search index was last built in,
// or "" (the default) when it has none yet.
func (s *Store) indexedLanguage(ctx context.Context) string {
	var lang string
	s.w.QueryRowContext(ctx, `SELECT value FROM search_meta WHERE key = 'language'`).Scan(&lang)
	return lang
}

// indexStale reports whether a migration changed the index's layout and
// left it to be built again (search_meta's 'rebuild' key).
func (s *Store) indexStale(ctx context.Context) bool {
	var n int
	s.w.QueryRowContext(ctx, `SELECT COUNT(*) FROM search_meta WHERE key = 'rebuild'`).Scan(&n)
	return n > 0
}

// readCacheKiB is the page cache the read connections share, in KiB.
const readCacheKiB = 64 << 10

// dsn builds a file: URI whose _pragma parameters the driver applies to
// every new connection, so pooled connections never miss a setting.
// busy_timeout comes first so the switch to WAL waits for other processes.
// synchronous=NORMAL in WAL mode survives a process crash (kill -9) with
// every committed transaction; only a power loss may drop the last few.
// temp_store=MEMORY keeps statement journals off disk: they were a fifth
// of the time of saving an article.
func dsn(abs string, extra string) string {
	q := url.Values{}
	for _, p := range []string{"busy_timeout(5000)", "journal_mode(WAL)", "foreign_keys(1)", "synchronous(NORMAL)", "temp_store(MEMORY)"} {
		q.Add("_pragma", p)
	}
	raw := q.Encode() + "&" + extra
	// url.URL escapes '?', '#' and '%' in the path, which SQLite's URI
	// parser would otherwise take as syntax.
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(abs), RawQuery: raw}
	return u.String()
}

// Ping reports whether both pools answer.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.w.PingContext(ctx); err != nil {
		return fmt.Errorf("sqlite: ping: %w", err)
	}
	if err := s.r.PingContext(ctx); err != nil {
		return fmt.Errorf("sqlite: ping: %w", err)
	}
	return nil
}

// Close closes both pools.
func (s *Store) Close() error {
	if s.merge != nil {
		s.merge.stop()
	}
	return errors.Join(s.r.Close(), s.w.Close())
}

// isUnique tells a UNIQUE constraint violation from other errors.
func isUnique(err error) bool {
	var se *sqlite.Error
	return errors.As(err, &se) && se.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE
}

// Times are stored as INTEGER unix microseconds in UTC: exact to the
// microsecond, compact, and sorted numerically. The zero time is NULL.
func micros(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UnixMicro()
}

func fromMicros(n sql.NullInt64) time.Time {
	if !n.Valid {
		return time.Time{}
	}
	return time.UnixMicro(n.Int64).UTC()
}

// nullID maps the zero ID to NULL for nullable foreign keys.
func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// notFound wraps store.ErrNotFound when err is sql.ErrNoRows.
func notFound(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return store.ErrNotFound
	}
	return err
}

// DiskSize is the size of the database's pages (the WAL not counted).
func (s *Store) DiskSize(ctx context.Context) (int64, error) {
	var pages, size int64
	if err := s.w.QueryRowContext(ctx, `PRAGMA page_count`).Scan(&pages); err != nil {
		return 0, fmt.Errorf("sqlite: size: %w", err)
	}
	if err := s.w.QueryRowContext(ctx, `PRAGMA page_size`).Scan(&size); err != nil {
		return 0, fmt.Errorf("sqlite: size: %w", err)
	}
	return pages * size, nil
}
