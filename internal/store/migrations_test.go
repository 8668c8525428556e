package store_test

import (
	"strings"
	"testing"
	"testing/fstest"

	"github.com/newsdesk/newsdesk/internal/store"
)

func file(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }

func TestLoadMigrations_OrdersByVersion(t *testing.T) {
	fsys := fstest.MapFS{
		"migrations/0010_later.sql": file("b"),
		"migrations/0002_early.sql": file("a"),
		"migrations/README.txt":     file("ignored"),
		"other/0001_elsewhere.sql":  file("ignored"),
	}
	ms, err := store.LoadMigrations(fsys, "migrations")
	if err != nil {
		t.Fatal(err)
	}
	want := []store.Migration{{Version: 2, Name: "0002_early.sql", SQL: "a"}, {Version: 10, Name: "0010_later.sql", SQL: "b"}}
	if len(ms) != len(want) || ms[0] != want[0] || ms[1] != want[1] {
		t.Fatalf("LoadMigrations = %+v, want %+v", ms, want)
	}
}

func TestLoadMigrations_Rejects(t *testing.T) {
	tests := []struct {
		name    string
		fsys    fstest.MapFS
		wantErr string
	}{
		{"no number", fstest.MapFS{"migrations/init.sql": file("x")}, "init.sql"},
		{"no underscore", fstest.MapFS{"migrations/0001.sql": file("x")}, "0001.sql"},
		{"zero", fstest.MapFS{"migrations/0000_init.sql": file("x")}, "0000_init.sql"},
		{"negative", fstest.MapFS{"migrations/-1_init.sql": file("x")}, "-1_init.sql"},
		{"shared version", fstest.MapFS{"migrations/0001_a.sql": file("x"), "migrations/001_b.sql": file("y")}, "share version 1"},
		{"no migration", fstest.MapFS{}, "no migration files"},
		{"only other files", fstest.MapFS{"migrations/notes.txt": file("x")}, "no migration files"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ms, err := store.LoadMigrations(tt.fsys, "migrations")
			if err == nil {
				t.Fatalf("LoadMigrations accepted it: %+v", ms)
			}
			if !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("error %q should mention %q", err, tt.wantErr)
			}
		})
	}
}

func TestCheckSchemaVersion(t *testing.T) {
	ms := []store.Migration{{Version: 1, Name: "0001_a.sql"}, {Version: 3, Name: "0003_b.sql"}}
	for _, v := range []int{0, 1, 3} {
		if err := store.CheckSchemaVersion(ms, v); err != nil {
			t.Errorf("version %d: %v", v, err)
		}
	}
	err := store.CheckSchemaVersion(ms, 4)
	if err == nil || !strings.Contains(err.Error(), "4") || !strings.Contains(err.Error(), "3") {
		t.Errorf("version 4 of a program that knows 3: error %v, want one naming both", err)
	}
	if err := store.CheckSchemaVersion(nil, 0); err == nil {
		t.Error("CheckSchemaVersion accepted an empty history")
	}
}
