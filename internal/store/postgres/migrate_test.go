package postgres

import (
	"testing"

	"github.com/newsdesk/newsdesk/internal/store"
)

func TestEmbeddedMigrationsLoad(t *testing.T) {
	ms, err := store.LoadMigrations(migrationFiles, "migrations")
	if err != nil || len(ms) == 0 || ms[0].Version != 1 {
		t.Fatalf("embedded migrations: %+v, %v", ms, err)
	}
}
