package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"sync"
)

// maxCachedStmts bounds the statement cache. Query texts come from this
// package, never from users, and differ only by which filters a listing
// combines, so a working set is a few dozen; past the bound, queries run
// unprepared rather than growing the cache.
const maxCachedStmts = 256

// readPool is the read-only connection pool with its statements prepared
// once and reused. SQLite spends longer compiling a query than running a
// keyed lookup, and every page runs the same few queries: reuse took a
// quarter of an article page's CPU time off (BenchmarkArticlePage).
type readPool struct {
	db    *sql.DB
	mu    sync.RWMutex
	stmts map[string]*sql.Stmt
}

func newReadPool(db *sql.DB) *readPool {
	return &readPool{db: db, stmts: map[string]*sql.Stmt{}}
}

// stmt returns the prepared statement for q, or nil when it cannot be
// cached; the caller then runs q directly, which reports any error.
func (p *readPool) stmt(ctx context.Context, q string) *sql.Stmt {
	p.mu.RLock()
	st := p.stmts[q]
	p.mu.RUnlock()
	if st != nil {
		return st
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if st = p.stmts[q]; st != nil || len(p.stmts) >= maxCachedStmts {
		return st
	}
	st, err := p.db.PrepareContext(ctx, q)
	if err != nil {
		return nil
	}
	p.stmts[q] = st
	return st
}

func (p *readPool) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	if st := p.stmt(ctx, q); st != nil {
		return st.QueryContext(ctx, args...)
	}
	return p.db.QueryContext(ctx, q, args...)
}

func (p *readPool) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	if st := p.stmt(ctx, q); st != nil {
		return st.QueryRowContext(ctx, args...)
	}
	return p.db.QueryRowContext(ctx, q, args...)
}

func (p *readPool) PingContext(ctx context.Context) error { return p.db.PingContext(ctx) }

// Close closes the statements, then the pool.
func (p *readPool) Close() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	var errs []error
	for q, st := range p.stmts {
		errs = append(errs, st.Close())
		delete(p.stmts, q)
	}
	return errors.Join(append(errs, p.db.Close())...)
}
