package postgres

import (
	"testing"
	"testing/fstest"
)

func TestLoadMigrations(t *testing.T) {
	file := func(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }
	ok := fstest.MapFS{
		"migrations/0010_later.sql": file("b"),
		"migrations/0002_early.sql": file("a"),
		"migrations/notes.txt":      file("ignored"),
	}
	ms, err := loadMigrations(ok)
	if err != nil || len(ms) != 2 || ms[0].version != 2 || ms[1].version != 10 || ms[0].sql != "a" {
		t.Fatalf("loadMigrations = %+v, %v; want 0002 then 0010", ms, err)
	}
	bad := map[string]fstest.MapFS{
		"no number":    {"migrations/init.sql": file("x")},
		"zero":         {"migrations/0000_init.sql": file("x")},
		"shared":       {"migrations/0001_a.sql": file("x"), "migrations/001_b.sql": file("y")},
		"no migration": {},
	}
	for name, fsys := range bad {
		if _, err := loadMigrations(fsys); err == nil {
			t.Errorf("%s: loadMigrations accepted it", name)
		}
	}
}

func TestEmbeddedMigrationsLoad(t *testing.T) {
	ms, err := loadMigrations(migrationFiles)
	if err != nil || len(ms) == 0 || ms[0].version != 1 {
		t.Fatalf("embedded migrations: %+v, %v", ms, err)
	}
}
