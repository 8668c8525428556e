package migrate_test

import (
	"context"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/search"
	"github.com/newsdesk/newsdesk/internal/store"
	"github.com/newsdesk/newsdesk/internal/store/migrate"
	"github.com/newsdesk/newsdesk/internal/store/postgres"
	"github.com/newsdesk/newsdesk/internal/store/sqlite"
	"github.com/newsdesk/newsdesk/internal/store/storetest"
)

// TestMigrate_DemoWorld copies the demo world with a newsroom's rows into
// a fresh PostgreSQL schema, then compares every copied table row by row
// in a form both databases' values normalize to, and the site through
// the store API (articles, stories, comments, users, settings, search)
// on both; then migrates again over the copy and compares again.
func TestMigrate_DemoWorld(t *testing.T) {
	ctx := context.Background()
	src := demoSite(t)
	dsn := storetest.WithSearchPath(storetest.PostgresDSN(), storetest.NewPostgresSchema(t))

	var calls int
	began := time.Now()
	rep, err := migrate.Run(ctx, migrate.Options{Source: src, Target: dsn, Progress: func(migrate.Progress) { calls++ }})
	if err != nil {
		t.Fatal(err)
	}
	var rows int64
	for _, tr := range rep.Tables {
		rows += tr.SourceRows
	}
	t.Logf("copied %d rows in %d tables, rebuilt the index and verified in %v", rows, len(rep.Tables), time.Since(began).Round(time.Millisecond))
	if !rep.OK() {
		t.Fatalf("verification failed:\n%s", reportText(rep))
	}
	if calls == 0 {
		t.Error("Progress was never called")
	}
	tables := compareTables(t, src, dsn, rep)
	for _, want := range []string{"sources", "articles", "stories", "comments", "users", "settings", "fetch_jobs",
		"article_sources", "entities", "article_entities", "desk_articles", "desk_revisions", "app_tokens",
		"reader_horizons", "reader_items", "categories", "audit_log", "images", "sessions", "slug_history"} {
		if !slices.Contains(tables, want) {
			t.Errorf("table %s was not copied (copied: %v)", want, tables)
		}
	}
	compareAPI(t, src, dsn)

	// A second run is refused while the target holds the copy, and with
	// Replace makes the target the source's copy again, even after the
	// target was written to.
	if _, err := migrate.Run(ctx, migrate.Options{Source: src, Target: dsn}); !errors.Is(err, migrate.ErrTargetNotEmpty) {
		t.Fatalf("second run without Replace: %v, want ErrTargetNotEmpty", err)
	}
	pg, err := postgres.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	users, err := pg.ListUsers(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var maxID int64
	for _, u := range users {
		maxID = max(maxID, u.ID)
	}
	extra, err := pg.AddUser(ctx, model.User{Email: "late@example.com", Role: model.RoleModerator})
	pg.Close()
	if err != nil {
		t.Fatalf("adding a user after the migration (identity sequence not reset?): %v", err)
	}
	if extra.ID != maxID+1 {
		t.Errorf("the next user id is %d, want %d (after the highest copied)", extra.ID, maxID+1)
	}
	rep, err = migrate.Run(ctx, migrate.Options{Source: src, Target: dsn, Replace: true})
	if err != nil {
		t.Fatal(err)
	}
	if !rep.OK() {
		t.Fatalf("verification of the second run failed:\n%s", reportText(rep))
	}
	compareTables(t, src, dsn, rep)
	compareAPI(t, src, dsn)
}

func reportText(rep migrate.Report) string {
	var b strings.Builder
	rep.Write(&b)
	return b.String()
}

// compareTables compares every table the report names, row by row, on
// the source's columns, and returns the tables' names.
func compareTables(t *testing.T, src, dsn string, rep migrate.Report) []string {
	t.Helper()
	ctx := context.Background()
	sdb, err := sql.Open("sqlite", "file:"+src+"?mode=ro")
	if err != nil {
		t.Fatal(err)
	}
	defer sdb.Close()
	conn, err := pgx.Connect(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var names []string
	for _, tr := range rep.Tables {
		names = append(names, tr.Table)
		cols := sqliteColumns(t, sdb, tr.Table)
		jsonCols := map[string]bool{}
		rows, err := conn.Query(ctx, `SELECT column_name FROM information_schema.columns
			WHERE table_schema = current_schema() AND table_name = $1 AND data_type IN ('json', 'jsonb')`, tr.Table)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range must(pgx.CollectRows(rows, pgx.RowTo[string])) {
			jsonCols[c] = true
		}
		list := `"` + strings.Join(cols, `", "`) + `"`
		want := sqliteRows(t, sdb, tr.Table, list, cols, jsonCols)
		got := pgRows(t, conn, tr.Table, list)
		if len(want) == 0 {
			t.Errorf("table %s is empty in the source: the test copies nothing there", tr.Table)
		}
		if len(want) != len(got) {
			t.Errorf("table %s: %d rows in sqlite, %d in postgres", tr.Table, len(want), len(got))
			continue
		}
		for i := range want {
			if want[i] != got[i] {
				t.Errorf("table %s differs:\n sqlite   %s\n postgres %s", tr.Table, want[i], got[i])
				break
			}
		}
	}
	return names
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func sqliteColumns(t *testing.T, db *sql.DB, table string) []string {
	rows, err := db.Query(`SELECT name FROM pragma_table_info(?) ORDER BY cid`, table)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var cols []string
	for rows.Next() {
		var c string
		rows.Scan(&c)
		cols = append(cols, c)
	}
	return cols
}

// sqliteRows reads a table as normalized, sorted rows: integers in
// decimal (times are microseconds, booleans 0/1 already), text quoted,
// blobs in hex, JSON re-encoded canonically.
func sqliteRows(t *testing.T, db *sql.DB, table, list string, cols []string, jsonCols map[string]bool) []string {
	rows, err := db.Query(`SELECT ` + list + ` FROM "` + table + `"`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		parts := make([]string, len(cols))
		for i, v := range vals {
			if s, ok := v.(string); ok && jsonCols[cols[i]] {
				var doc any
				if err := json.Unmarshal([]byte(s), &doc); err != nil {
					t.Fatal(err)
				}
				v = doc
			}
			parts[i] = norm(v)
		}
		out = append(out, strings.Join(parts, " | "))
	}
	slices.Sort(out)
	return out
}

func pgRows(t *testing.T, conn *pgx.Conn, table, list string) []string {
	rows, err := conn.Query(context.Background(), `SELECT `+list+` FROM "`+table+`"`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		vals, err := rows.Values()
		if err != nil {
			t.Fatal(err)
		}
		parts := make([]string, len(vals))
		for i, v := range vals {
			parts[i] = norm(v)
		}
		out = append(out, strings.Join(parts, " | "))
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	slices.Sort(out)
	return out
}

// norm is the common form of a value read from either database.
func norm(v any) string {
	switch x := v.(type) {
	case nil:
		return "NULL"
	case int64:
		return strconv.FormatInt(x, 10)
	case int32:
		return strconv.FormatInt(int64(x), 10)
	case int16:
		return strconv.FormatInt(int64(x), 10)
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64)
	case bool:
		if x {
			return "1"
		}
		return "0"
	case time.Time:
		return strconv.FormatInt(x.UnixMicro(), 10)
	case string:
		return strconv.Quote(x)
	case []byte:
		return "x'" + hex.EncodeToString(x) + "'"
	case map[string]any, []any:
		b, _ := json.Marshal(x)
		return "json:" + string(b)
	}
	return fmt.Sprintf("%T:%v", v, v)
}

// compareAPI reads the site through both stores and wants the same.
func compareAPI(t *testing.T, src, dsn string) {
	t.Helper()
	ctx := context.Background()
	a, err := sqlite.Open(ctx, src)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := postgres.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	both := func(what string, read func(st store.Store) (any, error)) {
		t.Helper()
		x, err := read(a)
		if err != nil {
			t.Fatalf("%s on sqlite: %v", what, err)
		}
		y, err := read(b)
		if err != nil {
			t.Fatalf("%s on postgres: %v", what, err)
		}
		xj, _ := json.Marshal(x)
		yj, _ := json.Marshal(y)
		if string(xj) != string(yj) {
			t.Errorf("%s differs:\n sqlite   %.600s\n postgres %.600s", what, xj, yj)
		}
	}
	both("articles", func(st store.Store) (any, error) {
		return pages(func(c string) ([]model.Article, string, error) {
			return st.ListArticles(ctx, store.ArticleFilter{Limit: 100, Cursor: c})
		})
	})
	both("stories", func(st store.Store) (any, error) {
		return pages(func(c string) ([]model.Story, string, error) {
			return st.ListStories(ctx, store.StoryFilter{Limit: 100, Cursor: c})
		})
	})
	for _, status := range []model.CommentStatus{model.CommentApproved, model.CommentPending} {
		both("comments "+string(status), func(st store.Store) (any, error) {
			return pages(func(c string) ([]model.Comment, string, error) {
				return st.ListComments(ctx, store.CommentFilter{Status: status, Limit: 100, Cursor: c})
			})
		})
	}
	both("users", func(st store.Store) (any, error) { return st.ListUsers(ctx) })
	both("settings", func(st store.Store) (any, error) { return st.Settings(ctx) })
	both("desk", func(st store.Store) (any, error) {
		return pages(func(c string) ([]model.DeskArticle, string, error) {
			return st.ListDeskArticles(ctx, store.DeskFilter{Limit: 100, Cursor: c})
		})
	})

	// Search: the same hits for words of the world's headlines (sets of
	// ids, newest first, as the two engines rank relevance differently).
	first, _, err := a.ListArticles(ctx, store.ArticleFilter{Limit: 5})
	if err != nil || len(first) == 0 {
		t.Fatalf("no articles to search for: %v", err)
	}
	queries := []string{"harbour plan"}
	for _, art := range first {
		queries = append(queries, strings.Fields(art.Title)[0])
	}
	an, err := search.NewAnalyzer("english")
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range queries {
		hits := 0
		both("search "+q, func(st store.Store) (any, error) {
			res, err := st.SearchArticles(ctx, store.SearchQuery{Query: an.Parse(q, search.ParseOptions{}), Newest: true, Limit: 100})
			var ids []int64
			for _, it := range res.Items {
				ids = append(ids, it.ID)
			}
			hits = res.Total
			return struct {
				Total int
				IDs   []int64
			}{res.Total, ids}, err
		})
		if hits == 0 {
			t.Errorf("search %q found nothing on postgres", q)
		}
	}
}

// pages reads a whole keyset-paged listing.
func pages[T any](page func(cursor string) ([]T, string, error)) ([]T, error) {
	var all []T
	cursor := ""
	for {
		items, next, err := page(cursor)
		if err != nil {
			return nil, err
		}
		all = append(all, items...)
		if next == "" {
			return all, nil
		}
		cursor = next
	}
}

// TestMigrate_FailureChangesNothing: a value that does not fit its
// column stops the copy with an error naming the column, and the target
// keeps what it held, even with Replace (the emptying is rolled back).
func TestMigrate_FailureChangesNothing(t *testing.T) {
	ctx := context.Background()
	src := filepath.Join(t.TempDir(), "small.db")
	st, err := sqlite.Open(ctx, src)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.AddUser(ctx, model.User{Email: "ed@example.com", Role: model.RoleEditor}); err != nil {
		t.Fatal(err)
	}
	if err := st.SetSettings(ctx, map[string]string{"site.name": "First copy"}); err != nil {
		t.Fatal(err)
	}
	st.Close()
	dsn := storetest.WithSearchPath(storetest.PostgresDSN(), storetest.NewPostgresSchema(t))
	if rep, err := migrate.Run(ctx, migrate.Options{Source: src, Target: dsn}); err != nil || !rep.OK() {
		t.Fatalf("first copy: %v\n%s", err, reportText(rep))
	}

	db, err := sql.Open("sqlite", "file:"+src)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{`UPDATE settings SET value = 'Second copy'`, `UPDATE users SET last_seen_at = 'yesterday'`} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	_, err = migrate.Run(ctx, migrate.Options{Source: src, Target: dsn, Replace: true})
	if err == nil || !strings.Contains(err.Error(), "last_seen_at") {
		t.Fatalf("copying a text time = %v, want an error naming last_seen_at", err)
	}
	pg, err := postgres.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer pg.Close()
	settings, err := pg.Settings(ctx)
	users, _ := pg.ListUsers(ctx)
	if err != nil || settings["site.name"] != "First copy" || len(users) != 1 {
		t.Errorf("after the failed copy the target holds %v and %d users, want the first copy", settings, len(users))
	}
}

// TestMigrate_RefusesANewerSource: a file written by a newer newsdesk is
// refused before anything is copied, saying why.
func TestMigrate_RefusesANewerSource(t *testing.T) {
	ctx := context.Background()
	src := filepath.Join(t.TempDir(), "newer.db")
	st, err := sqlite.Open(ctx, src)
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	db, err := sql.Open("sqlite", "file:"+src)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`INSERT INTO schema_migrations (version, applied_at) VALUES (9999, 0)`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	dsn := storetest.WithSearchPath(storetest.PostgresDSN(), storetest.NewPostgresSchema(t))
	_, err = migrate.Run(ctx, migrate.Options{Source: src, Target: dsn})
	if err == nil || !strings.Contains(err.Error(), "source") || !strings.Contains(err.Error(), "newer") {
		t.Errorf("a source of schema version 9999 = %v, want a refusal naming the newer version", err)
	}
}
