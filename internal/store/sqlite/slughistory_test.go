package sqlite_test

import (
	"database/sql"
	"net/url"
	"path/filepath"
	"testing"

	"github.com/newsdesk/newsdesk/internal/store/sqlite"
	"github.com/newsdesk/newsdesk/internal/store/storetest"
)

// TestSlugHistoryCascade deletes an article behind the store's back, as
// no store method deletes an original, and checks its former slugs go.
func TestSlugHistoryCascade(t *testing.T) {
	path := filepath.Join(t.TempDir(), "news.db")
	st, err := sqlite.Open(t.Context(), path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	q := url.Values{}
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "busy_timeout(5000)")
	db, err := sql.Open("sqlite", (&url.URL{Scheme: "file", Path: filepath.ToSlash(path), RawQuery: q.Encode()}).String())
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	storetest.SlugHistoryCascade(t, st, func(id int64) {
		if _, err := db.ExecContext(t.Context(), `DELETE FROM articles WHERE id = ?`, id); err != nil {
			t.Fatalf("delete article %d: %v", id, err)
		}
	})
}
