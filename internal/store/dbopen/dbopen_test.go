package dbopen

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store/postgres"
	"github.com/newsdesk/newsdesk/internal/store/sqlite"
	"github.com/newsdesk/newsdesk/internal/store/storetest"
)

func TestParse(t *testing.T) {
	cases := []struct {
		url, dataDir, kind, target string
	}{
		{"", "/var/lib/newsdesk", "sqlite", "/var/lib/newsdesk/newsdesk.db"},
		{"  ", "data", "sqlite", "data/newsdesk.db"},
		{"sqlite:/tmp/x.db", "ignored", "sqlite", "/tmp/x.db"},
		{"sqlite:rel/x.db", "", "sqlite", "rel/x.db"},
		{"SQLite:///abs/x.db", "", "sqlite", "/abs/x.db"},
		{"/srv/news.db", "", "sqlite", "/srv/news.db"},
		{"news.db", "", "sqlite", "news.db"},
		{`C:\data\news.db`, "", "sqlite", `C:\data\news.db`},
		{"postgres://u:p@db:5432/news", "", "postgres", "postgres://u:p@db:5432/news"},
		{"postgresql://db/news?sslmode=disable", "", "postgres", "postgresql://db/news?sslmode=disable"},
	}
	for _, tc := range cases {
		kind, target, err := Parse(tc.url, tc.dataDir)
		if err != nil || kind != tc.kind || target != tc.target {
			t.Errorf("Parse(%q, %q) = %q, %q, %v; want %q, %q", tc.url, tc.dataDir, kind, target, err, tc.kind, tc.target)
		}
	}
}

func TestParse_RejectsOtherSchemes(t *testing.T) {
	for _, u := range []string{"mysql://root:hunter2@db/news", "file:news.db", "redis://x", "sqlite:", "sqlite://"} {
		_, _, err := Parse(u, "data")
		if err == nil {
			t.Errorf("Parse(%q) accepted it", u)
			continue
		}
		if strings.Contains(err.Error(), "hunter2") {
			t.Errorf("Parse(%q) error leaks the password: %v", u, err)
		}
		if !strings.Contains(err.Error(), "sqlite:PATH") {
			t.Errorf("Parse(%q) error %q does not name the accepted forms", u, err)
		}
	}
}

func TestOpen_DefaultIsSQLiteInDataDir(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "fresh", "data")
	st, err := Open(t.Context(), "", dir)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, ok := st.(*sqlite.Store); !ok {
		t.Errorf("Open(\"\") = %T, want *sqlite.Store", st)
	}
	if _, err := st.AddSource(t.Context(), model.Source{FeedURL: "https://a.example/rss"}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, DefaultFile)); err != nil {
		t.Errorf("database file not in the data directory: %v", err)
	}
}

func TestOpen_SQLitePrefix(t *testing.T) {
	path := filepath.Join(t.TempDir(), "named.db")
	st, err := Open(context.Background(), "sqlite:"+path, "unused")
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	if _, err := os.Stat(path); err != nil {
		t.Errorf("sqlite:PATH did not create %s: %v", path, err)
	}
}

func TestOpen_Postgres(t *testing.T) {
	schema := storetest.NewPostgresSchema(t)
	st, err := Open(t.Context(), storetest.WithSearchPath(storetest.PostgresDSN(), schema), "unused")
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, ok := st.(*postgres.Store); !ok {
		t.Errorf("Open(postgres://) = %T, want *postgres.Store", st)
	}
	if err := st.Ping(t.Context()); err != nil {
		t.Error(err)
	}
}

func TestOpen_Unsupported(t *testing.T) {
	st, err := Open(t.Context(), "mysql://x", t.TempDir())
	if err == nil {
		st.Close()
		t.Fatal("Open(mysql://x) succeeded")
	}
	if !strings.Contains(err.Error(), `"mysql:"`) || !strings.Contains(err.Error(), "postgres://") {
		t.Errorf("error %q should name the scheme and the accepted forms", err)
	}
}
