package migrate

import (
	"context"
	"database/sql"
	"fmt"
	"hash/fnv"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/jackc/pgx/v5"
)

// TableReport compares one copied table on both sides: its row count and
// a checksum of its keys, which does not depend on row order.
type TableReport struct {
	Table                  string
	SourceRows, TargetRows int64
	SourceSum, TargetSum   uint64
}

// OK reports whether both sides hold the same rows by key.
func (t TableReport) OK() bool {
	return t.SourceRows == t.TargetRows && t.SourceSum == t.TargetSum
}

// Report is the verification of a whole copy, table by table in the
// order they were copied.
type Report struct {
	Tables []TableReport
}

// OK reports whether every table matched.
func (r Report) OK() bool {
	for _, t := range r.Tables {
		if !t.OK() {
			return false
		}
	}
	return true
}

// Write prints the report as an aligned table, one line per table.
func (r Report) Write(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "table\tsqlite rows\tpostgres rows\tkeys\t")
	for _, t := range r.Tables {
		keys := "match"
		if t.SourceSum != t.TargetSum {
			keys = "DIFFER"
		}
		if t.SourceRows != t.TargetRows {
			keys += " (count differs)"
		}
		fmt.Fprintf(tw, "%s\t%d\t%d\t%s\t\n", t.Table, t.SourceRows, t.TargetRows, keys)
	}
	return tw.Flush()
}

// verify counts each table's rows and sums a hash of each row's key as
// text, on both sides. The source is read in the snapshot that was
// copied; the target after the commit.
func verify(ctx context.Context, stx *sql.Tx, conn *pgx.Conn, tables []tablePlan) (Report, error) {
	var rep Report
	for _, t := range tables {
		tr := TableReport{Table: t.name}
		srcKeys := make([]string, len(t.key))
		dstKeys := make([]string, len(t.key))
		for i, k := range t.key {
			srcKeys[i] = "CAST(" + quoteIdent(k) + " AS TEXT)"
			dstKeys[i] = quoteIdent(k) + "::text"
		}
		rows, err := stx.QueryContext(ctx, `SELECT `+strings.Join(srcKeys, ", ")+` FROM `+quoteIdent(t.name))
		if err != nil {
			return rep, fmt.Errorf("verify %s in the source: %w", t.name, err)
		}
		tr.SourceRows, tr.SourceSum, err = sumKeys(rows, len(t.key))
		rows.Close()
		if err != nil {
			return rep, fmt.Errorf("verify %s in the source: %w", t.name, err)
		}
		prow, err := conn.Query(ctx, `SELECT `+strings.Join(dstKeys, ", ")+` FROM `+quoteIdent(t.name))
		if err != nil {
			return rep, fmt.Errorf("verify %s in the target: %w", t.name, err)
		}
		tr.TargetRows, tr.TargetSum, err = sumKeys(prow, len(t.key))
		prow.Close()
		if err != nil {
			return rep, fmt.Errorf("verify %s in the target: %w", t.name, err)
		}
		rep.Tables = append(rep.Tables, tr)
	}
	return rep, nil
}

// keyHash hashes one row's key values (NULL apart from every text).
func keyHash(vals []sql.NullString) uint64 {
	h := fnv.New64a()
	for _, v := range vals {
		if v.Valid {
			h.Write([]byte{1})
			h.Write([]byte(v.String))
		} else {
			h.Write([]byte{0})
		}
		h.Write([]byte{0xff})
	}
	return h.Sum64()
}

// keyRows is what database/sql's and pgx's result sets share.
type keyRows interface {
	Next() bool
	Scan(dest ...any) error
	Err() error
}

// sumKeys counts rows of n key columns and adds up their hashes; the
// caller closes rows.
func sumKeys(rows keyRows, n int) (count int64, sum uint64, err error) {
	vals := make([]sql.NullString, n)
	ptrs := make([]any, n)
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return 0, 0, err
		}
		count++
		sum += keyHash(vals)
	}
	return count, sum, rows.Err()
}
