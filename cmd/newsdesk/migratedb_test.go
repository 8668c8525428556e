package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store/postgres"
	"github.com/newsdesk/newsdesk/internal/store/storetest"
)

func TestMigrateDB_BadArgumentsExit2(t *testing.T) {
	src := filepath.Join(t.TempDir(), "site.db")
	tests := []struct {
		args []string
		want string
	}{
		{[]string{}, "missing --from"},
		{[]string{"--from", src}, "missing --to"},
		{[]string{"--from", src, "--to", "sqlite:other.db"}, "--to must be a postgres://"},
		{[]string{"--from", "postgres://h/db", "--to", "postgres://h/db2"}, "--from must name a SQLite"},
		{[]string{"--from", "mysql://h/db", "--to", "postgres://h/db"}, "unsupported database"},
		{[]string{"--from", src, "--to", "postgres://h/db", "extra"}, "unexpected argument"},
		{[]string{"--from", src, "--to", "postgres://h/db", "--replace=maybe"}, "replace"},
	}
	for _, tt := range tests {
		code, out, errOut := runCLI(t, nil, append([]string{"migrate-db"}, tt.args...)...)
		if code != 2 || strings.Count(strings.TrimSpace(errOut), "\n") != 0 || !strings.Contains(errOut, tt.want) || out != "" {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want 2 and one line containing %q", tt.args, code, out, errOut, tt.want)
		}
	}
	code, out, _ := runCLI(t, nil, "migrate-db", "--help")
	if code != 0 || !strings.Contains(out, "--replace") {
		t.Errorf("--help: exit %d, %q", code, out)
	}
}

func TestMigrateDB_MissingSourceAndUnreachableTarget(t *testing.T) {
	dir := t.TempDir()
	code, _, errOut := runCLI(t, nil, "migrate-db", "--from", "sqlite:"+filepath.Join(dir, "none.db"),
		"--to", "postgres://postgres@127.0.0.1:1/x?connect_timeout=5")
	if code != 1 || !strings.Contains(errOut, "no SQLite database file") {
		t.Errorf("missing source: exit %d, stderr %q", code, errOut)
	}
	if _, err := os.Stat(filepath.Join(dir, "none.db")); err == nil {
		t.Error("a missing source file was created")
	}
	openData(t, dir).Close()
	code, _, errOut = runCLI(t, nil, "migrate-db", "--from", filepath.Join(dir, "newsdesk.db"),
		"--to", "postgres://postgres:secret-pw@127.0.0.1:1/x?connect_timeout=5")
	if code != 1 || !strings.Contains(errOut, "nothing was copied: target:") || strings.Count(strings.TrimSpace(errOut), "\n") != 0 {
		t.Errorf("unreachable target: exit %d, stderr %q", code, errOut)
	}
	if strings.Contains(errOut, "secret-pw") {
		t.Errorf("the error shows the password: %q", errOut)
	}
}

// TestMigrateDB_CopiesVerifiesAndReruns runs the command on a small site:
// it prints the verification table, refuses to copy over the copy, and
// with --replace copies again. (The demo world's table-by-table
// comparison is internal/store/migrate's test.)
func TestMigrateDB_CopiesVerifiesAndReruns(t *testing.T) {
	dir := t.TempDir()
	st := openData(t, dir)
	if _, err := st.AddUser(t.Context(), model.User{Email: "ed@example.com", Name: "Ed", Role: model.RoleEditor}); err != nil {
		t.Fatal(err)
	}
	if err := st.SetSettings(t.Context(), map[string]string{"site.name": "Migrated Times"}); err != nil {
		t.Fatal(err)
	}
	st.Close()
	dsn := storetest.WithSearchPath(storetest.PostgresDSN(), storetest.NewPostgresSchema(t))
	src := "sqlite:" + filepath.Join(dir, "newsdesk.db")

	code, out, errOut := runCLI(t, nil, "migrate-db", "--from", src, "--to", dsn)
	if code != 0 {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	if !strings.Contains(out, "copied and verified") || !strings.Contains(out, "users") || strings.Contains(out, "DIFFER") {
		t.Errorf("stdout %q: want the verification table and the verdict", out)
	}
	if !strings.Contains(errOut, "users: 1/1 rows") || !strings.Contains(errOut, "rebuilding the search index") {
		t.Errorf("stderr %q: want plain progress lines off a terminal", errOut)
	}
	pg, err := postgres.Open(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	u, err := pg.GetUserByEmail(t.Context(), "ed@example.com")
	settings, _ := pg.Settings(t.Context())
	pg.Close()
	if err != nil || u.Name != "Ed" || settings["site.name"] != "Migrated Times" {
		t.Errorf("on postgres: user %+v (%v), settings %v", u, err, settings)
	}

	code, _, errOut = runCLI(t, nil, "migrate-db", "--from", src, "--to", dsn)
	if code != 1 || !strings.Contains(errOut, "--replace") {
		t.Errorf("second run: exit %d, stderr %q; want 1 naming --replace", code, errOut)
	}
	code, out, errOut = runCLI(t, map[string]string{"NEWSDESK_REPLACE": "true"}, "migrate-db", "--from", src, "--to", dsn)
	if code != 0 || !strings.Contains(out, "copied and verified") {
		t.Errorf("run with --replace: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
}
