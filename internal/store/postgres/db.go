// Package postgres stores newsdesk's data in PostgreSQL through a pgx
// connection pool, for sites that outgrow one machine.
package postgres

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/newsdesk/newsdesk/internal/search"
	"github.com/newsdesk/newsdesk/internal/store"
)

// Store implements store.Store on PostgreSQL.
type Store struct {
	pool *pgxpool.Pool
	// analyzer is the one the search index is built with; UseSearchLanguage
	// may replace it while searches and saves read it.
	analyzer atomic.Pointer[search.Analyzer]
	stats    *statsKeeper // the planner's statistics (analyze.go)
	common   commonWords  // the statistics' commonest words (prefix.go)
	listen   listener     // the change log's LISTEN connection (notify.go)
}

var _ store.Store = (*Store)(nil)

// Open connects to the database named by dsn (a postgres:// URL or
// key=value string) and applies any pending migrations. Connection
// parameters in the DSN, search_path among them, are sent to the server
// as given, so tables live in whichever schema search_path names first.
func Open(ctx context.Context, dsn string) (*Store, error) {
	cfg, err := pgxpool.ParseConfig(dsn)
	if err != nil {
		// pgx's message may quote the DSN, password included; keep it out.
		return nil, errors.New("postgres: open: cannot parse the connection string")
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("postgres: open: %w", err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("postgres: open: %w", err)
	}
	if err := migrate(ctx, pool); err != nil {
		pool.Close()
		return nil, err
	}
	s := &Store{pool: pool, stats: newStatsKeeper()}
	// The index's own language, English for a new database; building the
	// index after the migration that added it happens here.
	lang, err := s.indexedLanguage(ctx)
	if err == nil {
		err = s.UseSearchLanguage(ctx, lang)
	}
	if err != nil {
		pool.Close()
		return nil, err
	}
	s.maybeAnalyze()
	return s, nil
}

// Ping reports whether the server answers.
func (s *Store) Ping(ctx context.Context) error {
	if err := s.pool.Ping(ctx); err != nil {
		return fmt.Errorf("postgres: ping: %w", err)
	}
	return nil
}

// Close closes the pool, waiting for connections in use to return.
func (s *Store) Close() error {
	s.stats.stop()
	s.listen.stop()
	s.pool.Close()
	return nil
}

// isUnique tells a unique-constraint violation from other errors.
func isUnique(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "23505"
}

// notFound maps pgx.ErrNoRows to store.ErrNotFound.
func notFound(err error) error {
	if errors.Is(err, pgx.ErrNoRows) {
		return store.ErrNotFound
	}
	return err
}

// ts passes the zero time as NULL and any other time as UTC.
// TIMESTAMPTZ keeps microseconds, as the SQLite backend does.
func ts(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC()
}

// fromTS maps NULL back to the zero time and answers in UTC.
func fromTS(t *time.Time) time.Time {
	if t == nil {
		return time.Time{}
	}
	return t.UTC()
}

// nullID maps the zero ID to NULL for nullable foreign keys.
func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// where collects conditions with numbered parameters.
type where struct {
	conds []string
	args  []any
}

// arg adds a parameter and returns its placeholder.
func (w *where) arg(v any) string {
	w.args = append(w.args, v)
	return "$" + strconv.Itoa(len(w.args))
}

func (w *where) add(cond string) { w.conds = append(w.conds, cond) }

func (w *where) String() string {
	out := ""
	for i, c := range w.conds {
		if i == 0 {
			out = " WHERE " + c
		} else {
			out += " AND " + c
		}
	}
	return out
}

// DiskSize is the size on disk of the tables in the store's schema,
// their indexes and TOAST data included.
func (s *Store) DiskSize(ctx context.Context) (int64, error) {
	var n int64
	err := s.pool.QueryRow(ctx, `SELECT COALESCE(SUM(pg_total_relation_size(c.oid)), 0)::bigint
		FROM pg_class c JOIN pg_namespace ns ON ns.oid = c.relnamespace
		WHERE ns.nspname = current_schema() AND c.relkind = 'r'`).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("postgres: size: %w", err)
	}
	return n, nil
}
