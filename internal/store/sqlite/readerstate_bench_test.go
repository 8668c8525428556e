package sqlite_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/newsdesk/newsdesk/internal/store/sqlite"
	"github.com/newsdesk/newsdesk/internal/store/storetest"
)

// BenchmarkReaderState runs storetest.BenchReaderState on SQLite.
func BenchmarkReaderState(b *testing.B) {
	st, err := sqlite.Open(context.Background(), filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	storetest.BenchReaderState(b, st)
}
