// Package migrate copies a newsdesk site from its SQLite file into a
// PostgreSQL database (`newsdesk migrate-db`), for a site that outgrew
// one machine.
//
// The copy is driven by the two schemas, not written per table: every
// table both hold is copied (schema.go lists what is left behind as
// derived data, and why), its columns matched by name and each value
// converted by the PostgreSQL column's type (convert.go). Tables go in
// the order their foreign keys need, through COPY, all in one
// transaction, so a failure leaves the target as it was. Identity
// sequences then continue after the highest id copied, and the target's
// search index is rebuilt by the PostgreSQL store's own re-index path in
// the source's language. Afterwards each table's rows are counted and
// their keys checksummed on both sides (verify.go).
//
// Re-running is safe: a target that already holds rows in any copied
// table is refused unless Replace is set, which empties those tables in
// the same transaction as the copy, so the target ends identical to the
// source each time and never holds a mix of two sites.
package migrate

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/newsdesk/newsdesk/internal/store/postgres"
	"github.com/newsdesk/newsdesk/internal/store/sqlite"
)

// Options says what to copy where.
type Options struct {
	Source  string // the SQLite file
	Target  string // the PostgreSQL connection string
	Replace bool   // empty the copied tables of a target that holds rows
	// Progress, when set, is called as rows are copied: per table at its
	// start and end and every few thousand rows in between, then with
	// Table "search index" while the index is rebuilt.
	Progress func(Progress)
}

// Progress is where the copy stands.
type Progress struct {
	Table        string
	Done, Total  int64 // rows of Table
	Index, Count int   // Table is the Index-th (from 1) of Count
}

// ErrTargetNotEmpty is returned when the target holds rows and Replace
// was not asked for.
var ErrTargetNotEmpty = errors.New("the target database already holds data")

// progressEvery is how many rows pass between two progress calls.
const progressEvery = 2000

// Run copies opts.Source into opts.Target and verifies the result. The
// report is returned whenever the copy was committed, with a mismatch
// shown by Report.OK rather than an error.
func Run(ctx context.Context, opts Options) (Report, error) {
	if opts.Progress == nil {
		opts.Progress = func(Progress) {}
	}
	abs, err := filepath.Abs(opts.Source)
	if err != nil {
		return Report{}, fmt.Errorf("source: %w", err)
	}
	if fi, err := os.Stat(abs); err != nil || !fi.Mode().IsRegular() {
		return Report{}, fmt.Errorf("source: no SQLite database file at %s", abs)
	}
	// Opening each store the normal way migrates its schema to this
	// program's version, and refuses a newer one.
	src, err := sqlite.Open(ctx, abs)
	if err != nil {
		return Report{}, fmt.Errorf("source: %w", err)
	}
	src.Close()
	dst, err := postgres.Open(ctx, opts.Target)
	if err != nil {
		return Report{}, fmt.Errorf("target: %w", err)
	}
	dst.Close()

	sdb, err := sql.Open("sqlite", sourceDSN(abs))
	if err != nil {
		return Report{}, fmt.Errorf("source: %w", err)
	}
	defer sdb.Close()
	// One read transaction: the copy and its verification see one
	// snapshot of the source even if a server still writes to it.
	stx, err := sdb.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		return Report{}, fmt.Errorf("source: %w", err)
	}
	defer stx.Rollback()
	conn, err := pgx.Connect(ctx, opts.Target)
	if err != nil {
		return Report{}, fmt.Errorf("target: %w", err)
	}
	defer conn.Close(context.WithoutCancel(ctx))

	srcCols, err := readSQLiteColumns(ctx, stx)
	if err != nil {
		return Report{}, fmt.Errorf("source: read schema: %w", err)
	}
	pgTables, err := readPGTables(ctx, conn)
	if err != nil {
		return Report{}, fmt.Errorf("target: read schema: %w", err)
	}
	tables, err := plan(pgTables, srcCols)
	if err != nil {
		return Report{}, err
	}
	var lang string
	if err := stx.QueryRowContext(ctx, `SELECT value FROM search_meta WHERE key = 'language'`).Scan(&lang); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return Report{}, fmt.Errorf("source: search language: %w", err)
	}

	err = pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
		if err := prepareTarget(ctx, tx, tables, opts.Replace); err != nil {
			return err
		}
		for i, t := range tables {
			if err := copyTable(ctx, stx, tx, t, Progress{Table: t.name, Index: i + 1, Count: len(tables)}, opts.Progress); err != nil {
				return fmt.Errorf("copy %s: %w", t.name, err)
			}
		}
		if err := resetSequences(ctx, tx, tables); err != nil {
			return err
		}
		// Without a recorded language the store re-indexes every article
		// when it is next opened, which happens right after the commit.
		_, err := tx.Exec(ctx, `DELETE FROM search_meta WHERE key = 'language'`)
		return err
	})
	if err != nil {
		return Report{}, err
	}

	opts.Progress(Progress{Table: "search index", Index: len(tables), Count: len(tables)})
	if err := rebuildSearch(ctx, opts.Target, lang); err != nil {
		return Report{}, fmt.Errorf("target: rebuild the search index: %w", err)
	}
	return verify(ctx, stx, conn, tables)
}

// sourceDSN opens the file read-only, waiting for a writer's lock rather
// than failing at once.
func sourceDSN(abs string) string {
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(5000)")
	q.Add("_pragma", "query_only(1)")
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(abs), RawQuery: q.Encode()}
	return u.String()
}

// prepareTarget refuses a target holding rows in the copied tables, or
// with replace empties them (and what references them) in the copy's
// own transaction.
func prepareTarget(ctx context.Context, tx pgx.Tx, tables []tablePlan, replace bool) error {
	var full []string
	for _, t := range tables {
		var any bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM `+quoteIdent(t.name)+`)`).Scan(&any); err != nil {
			return fmt.Errorf("target: %w", err)
		}
		if any {
			full = append(full, t.name)
		}
	}
	if len(full) == 0 {
		return nil
	}
	if !replace {
		return fmt.Errorf("%w (tables %s): use --replace to empty them and copy again", ErrTargetNotEmpty, strings.Join(full, ", "))
	}
	names := make([]string, len(tables))
	for i, t := range tables {
		names[i] = t.name
	}
	_, err := tx.Exec(ctx, `TRUNCATE `+columnList(names)+` CASCADE`)
	return err
}

// copyTable streams one table from the source into the target by COPY.
func copyTable(ctx context.Context, stx *sql.Tx, tx pgx.Tx, t tablePlan, p Progress, report func(Progress)) error {
	if err := stx.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+quoteIdent(t.name)).Scan(&p.Total); err != nil {
		return err
	}
	report(p)
	cols := t.columnNames()
	rows, err := stx.QueryContext(ctx, `SELECT `+columnList(cols)+` FROM `+quoteIdent(t.name))
	if err != nil {
		return err
	}
	defer rows.Close()
	src := &rowSource{rows: rows, plan: t, raw: make([]any, len(cols)), progress: func(n int64) {
		p.Done = n
		report(p)
	}}
	n, err := tx.CopyFrom(ctx, pgx.Identifier{t.name}, cols, src)
	if err != nil {
		return err
	}
	p.Done = n
	report(p)
	return nil
}

// rowSource feeds COPY from the source's rows, converting each value.
type rowSource struct {
	rows     *sql.Rows
	plan     tablePlan
	raw      []any
	vals     []any
	n        int64
	err      error
	progress func(int64)
}

func (r *rowSource) Next() bool {
	if !r.rows.Next() {
		r.err = r.rows.Err()
		return false
	}
	ptrs := make([]any, len(r.raw))
	for i := range r.raw {
		ptrs[i] = &r.raw[i]
	}
	if err := r.rows.Scan(ptrs...); err != nil {
		r.err = err
		return false
	}
	r.vals = make([]any, len(r.raw))
	for i, v := range r.raw {
		c, err := convert(r.plan.columns[i], v)
		if err != nil {
			r.err = err
			return false
		}
		r.vals[i] = c
	}
	if r.n++; r.n%progressEvery == 0 {
		r.progress(r.n)
	}
	return true
}

func (r *rowSource) Values() ([]any, error) { return r.vals, nil }
func (r *rowSource) Err() error             { return r.err }

// resetSequences makes each identity continue after the highest value
// copied, so the next row the site inserts gets a fresh id.
func resetSequences(ctx context.Context, tx pgx.Tx, tables []tablePlan) error {
	for _, t := range tables {
		for _, col := range t.seqs {
			_, err := tx.Exec(ctx, `SELECT setval(pg_get_serial_sequence($1, $2),
				COALESCE((SELECT MAX(`+quoteIdent(col)+`) FROM `+quoteIdent(t.name)+`), 0) + 1, false)`,
				quoteIdent(t.name), col)
			if err != nil {
				return fmt.Errorf("reset the sequence of %s.%s: %w", t.name, col, err)
			}
		}
	}
	return nil
}

// rebuildSearch opens the target as the site would, which re-indexes
// every article (the copy left no language recorded), then switches to
// the source's language when it is not the default.
func rebuildSearch(ctx context.Context, dsn, lang string) error {
	st, err := postgres.Open(ctx, dsn)
	if err != nil {
		return err
	}
	defer st.Close()
	if lang == "" {
		return nil
	}
	return st.UseSearchLanguage(ctx, lang)
}
