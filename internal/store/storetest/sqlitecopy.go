package storetest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/newsdesk/newsdesk/internal/store"
	"github.com/newsdesk/newsdesk/internal/store/sqlite"
)

// emptySQLite is the image of a database file that sqlite.Open has just
// created and migrated, made once per test binary.
var emptySQLite struct {
	once  sync.Once
	image []byte
	err   error
}

// NewSQLiteCopy returns an empty SQLite store in a file under
// t.TempDir(), closed when the test ends, like NewSQLite; but instead of
// migrating a new file it opens a copy of one that sqlite.Open created
// and migrated once for the whole test binary.
//
// Why: under the race detector, SQLite (a Go translation of C, checked
// on every pointer conversion) takes most of a second to run the
// migrations, and the suite opens hundreds of empty stores; opening a
// copy takes a few tens of milliseconds. Each test still gets a store of
// its own, and sqlite.Open still runs on the copy, as it does on every
// restart of a real site. Tests of the migrations themselves open files
// with sqlite.Open.
func NewSQLiteCopy(t testing.TB) store.Store {
	t.Helper()
	emptySQLite.once.Do(func() { emptySQLite.image, emptySQLite.err = migratedImage() })
	if emptySQLite.err != nil {
		t.Fatalf("storetest: %v", emptySQLite.err)
	}
	path := filepath.Join(t.TempDir(), "newsdesk.db")
	if err := os.WriteFile(path, emptySQLite.image, 0o600); err != nil {
		t.Fatalf("storetest: copy the empty sqlite database: %v", err)
	}
	st, err := sqlite.Open(context.Background(), path)
	if err != nil {
		t.Fatalf("storetest: open sqlite: %v", err)
	}
	t.Cleanup(func() {
		if err := st.Close(); err != nil {
			t.Errorf("storetest: close sqlite: %v", err)
		}
	})
	return st
}

// migratedImage opens a new database file with sqlite.Open, closes it
// and returns its bytes. Closing the last connection checkpoints the
// write-ahead log into the file; a log left behind would mean the file
// alone is not the whole database, so that is an error.
func migratedImage() ([]byte, error) {
	dir, err := os.MkdirTemp("", "newsdesk-storetest-")
	if err != nil {
		return nil, fmt.Errorf("empty sqlite database: %w", err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "newsdesk.db")
	st, err := sqlite.Open(context.Background(), path)
	if err != nil {
		return nil, fmt.Errorf("empty sqlite database: open: %w", err)
	}
	if err := st.Close(); err != nil {
		return nil, fmt.Errorf("empty sqlite database: close: %w", err)
	}
	if fi, err := os.Stat(path + "-wal"); err == nil && fi.Size() > 0 {
		return nil, fmt.Errorf("empty sqlite database: %d bytes left in the write-ahead log after closing", fi.Size())
	}
	image, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("empty sqlite database: %w", err)
	}
	return image, nil
}
