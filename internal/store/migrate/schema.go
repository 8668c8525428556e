package migrate

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"
)

// Tables that are not copied, and why. Everything else that both schemas
// hold is copied; a table only the source holds, and not named here,
// stops the migration, because copying "everything" would silently lose
// it.
//
//   - schema_migrations: each backend records its own migrations; both
//     stores are opened (and so migrated) before anything is copied.
//   - search_meta: the search index's bookkeeping (its language, a
//     rebuild mark). The target's index is rebuilt after the copy by the
//     PostgreSQL store's own re-index path, in the source's language.
//   - change_log: the render caches' notices of recent writes, pruned
//     after an hour; the target's triggers write fresh ones as rows land,
//     which is what a cache watching the target must see.
//   - articles_fts (and its FTS5 shadow tables), search_terms,
//     published_days: SQLite's own search index, its vocabulary and its
//     first article per day. PostgreSQL keeps its index in the articles
//     row (search_exact, search_stemmed), rebuilt as said above.
var derivedTables = map[string]string{
	"schema_migrations": "each backend's own migration record",
	"search_meta":       "search index bookkeeping, rebuilt",
	"change_log":        "render cache notices, written afresh by triggers",
	"articles_fts":      "SQLite full-text index, rebuilt as PostgreSQL's",
	"search_terms":      "SQLite search vocabulary",
	"published_days":    "SQLite search date bounds",
}

// derivedColumns are target columns filled after the copy rather than
// from the source: PostgreSQL's search index lives in articles.
var derivedColumns = map[string]bool{
	"articles.search_exact":   true,
	"articles.search_stemmed": true,
}

// isDerived reports whether a source table is left behind: a table named
// above, SQLite's internal tables, or an FTS5 shadow table.
func isDerived(table string) bool {
	if _, ok := derivedTables[table]; ok {
		return true
	}
	return strings.HasPrefix(table, "sqlite_") || strings.HasPrefix(table, "articles_fts_")
}

// pgColumn is one column of a target table.
type pgColumn struct {
	name     string
	dataType string // information_schema's data_type: "bigint", "timestamp with time zone"…
	nullable bool
	hasDflt  bool // a default or an identity fills it when omitted
	identity bool // fed by a sequence whose next value follows max(id)
}

// pgTable is a target table, its columns in their order, and its key.
type pgTable struct {
	name    string
	columns []pgColumn
	key     []string // primary key columns, or the first unique key's
	refs    []string // other tables its foreign keys point at
}

// readPGTables lists the tables of the target's current schema (the
// first on its search_path) with their columns, keys and foreign keys.
func readPGTables(ctx context.Context, conn *pgx.Conn) (map[string]*pgTable, error) {
	rows, err := conn.Query(ctx, `SELECT c.table_name, c.column_name, c.data_type,
			c.is_nullable = 'YES', c.column_default IS NOT NULL OR c.is_identity = 'YES',
			c.is_identity = 'YES' OR COALESCE(c.column_default, '') LIKE 'nextval(%'
		FROM information_schema.columns c
		JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
		WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
		ORDER BY c.table_name, c.ordinal_position`)
	if err != nil {
		return nil, err
	}
	tables := map[string]*pgTable{}
	for rows.Next() {
		var table string
		var col pgColumn
		if err := rows.Scan(&table, &col.name, &col.dataType, &col.nullable, &col.hasDflt, &col.identity); err != nil {
			rows.Close()
			return nil, err
		}
		t := tables[table]
		if t == nil {
			t = &pgTable{name: table}
			tables[table] = t
		}
		t.columns = append(t.columns, col)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	// Keys: the primary key, else the first unique constraint (slug_history
	// has only a unique old_slug). conkey's order is the key's order.
	rows, err = conn.Query(ctx, `SELECT cl.relname, co.contype::text,
			ARRAY(SELECT a.attname::text FROM unnest(co.conkey) WITH ORDINALITY k(n, i)
				JOIN pg_attribute a ON a.attrelid = co.conrelid AND a.attnum = k.n ORDER BY k.i),
			COALESCE(rf.relname::text, '')
		FROM pg_constraint co
		JOIN pg_class cl ON cl.oid = co.conrelid
		LEFT JOIN pg_class rf ON rf.oid = co.confrelid
		WHERE cl.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema()) AND co.contype IN ('p', 'u', 'f')
		ORDER BY cl.relname, co.contype, co.conname`)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var table, kind, ref string
		var cols []string
		if err := rows.Scan(&table, &kind, &cols, &ref); err != nil {
			rows.Close()
			return nil, err
		}
		t := tables[table]
		if t == nil {
			continue
		}
		switch {
		case kind == "f" && ref != table && !slices.Contains(t.refs, ref):
			t.refs = append(t.refs, ref)
		case kind == "p":
			t.key = cols
		case kind == "u" && t.key == nil:
			t.key = cols
		}
	}
	return tables, rows.Err()
}

// readSQLiteColumns lists the source's tables and their column names.
func readSQLiteColumns(ctx context.Context, tx *sql.Tx) (map[string][]string, error) {
	rows, err := tx.QueryContext(ctx, `SELECT m.name, p.name FROM sqlite_schema m, pragma_table_info(m.name) p
		WHERE m.type = 'table' ORDER BY m.name, p.cid`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string][]string{}
	for rows.Next() {
		var table, col string
		if err := rows.Scan(&table, &col); err != nil {
			return nil, err
		}
		out[table] = append(out[table], col)
	}
	return out, rows.Err()
}

// tablePlan is one table to copy: the columns both sides share, typed by
// the target.
type tablePlan struct {
	name    string
	columns []pgColumn
	key     []string
	seqs    []string // identity columns whose sequences are reset
}

// plan decides what is copied, in an order where every table comes after
// the tables its foreign keys point at (self-references aside: PostgreSQL
// checks those at the end of each COPY statement).
func plan(pg map[string]*pgTable, src map[string][]string) ([]tablePlan, error) {
	var names []string
	for table, cols := range src {
		if isDerived(table) {
			continue
		}
		t := pg[table]
		if t == nil {
			return nil, fmt.Errorf("the source's table %s has no counterpart in PostgreSQL's schema", table)
		}
		names = append(names, table)
		for _, c := range cols {
			if !slices.ContainsFunc(t.columns, func(pc pgColumn) bool { return pc.name == c }) {
				return nil, fmt.Errorf("the source's column %s.%s has no counterpart in PostgreSQL's schema", table, c)
			}
		}
	}
	slices.Sort(names)
	copied := map[string]bool{}
	for _, n := range names {
		copied[n] = true
	}
	var out []tablePlan
	done := map[string]bool{}
	for len(out) < len(names) {
		progressed := false
		for _, n := range names {
			if done[n] {
				continue
			}
			ready := true
			for _, r := range pg[n].refs {
				if r != n && copied[r] && !done[r] {
					ready = false
				}
			}
			if !ready {
				continue
			}
			p, err := tableOf(pg[n], src[n])
			if err != nil {
				return nil, err
			}
			out = append(out, p)
			done[n] = true
			progressed = true
		}
		if !progressed {
			return nil, fmt.Errorf("the foreign keys between %v form a cycle", names)
		}
	}
	return out, nil
}

// tableOf is the plan for one table: the target's columns the source
// holds, in the target's order. A target column the source lacks must
// be derived, nullable or defaulted.
func tableOf(t *pgTable, srcCols []string) (tablePlan, error) {
	p := tablePlan{name: t.name, key: t.key}
	if len(t.key) == 0 {
		return p, fmt.Errorf("table %s has no primary or unique key to verify rows by", t.name)
	}
	for _, c := range t.columns {
		if c.identity {
			p.seqs = append(p.seqs, c.name)
		}
		if slices.Contains(srcCols, c.name) {
			p.columns = append(p.columns, c)
			continue
		}
		if !derivedColumns[t.name+"."+c.name] && !c.nullable && !c.hasDflt {
			return p, fmt.Errorf("PostgreSQL's column %s.%s is required but the source has no such column", t.name, c.name)
		}
	}
	return p, nil
}

// quoteIdent quotes a name for SQL on either side.
func quoteIdent(s string) string {
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

// columnList is the quoted, comma-separated list of names.
func columnList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = quoteIdent(n)
	}
	return strings.Join(q, ", ")
}

func (p tablePlan) columnNames() []string {
	out := make([]string, len(p.columns))
	for i, c := range p.columns {
		out[i] = c.name
	}
	return out
}
