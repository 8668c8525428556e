package postgres_test

import (
	"testing"

	"github.com/newsdesk/newsdesk/internal/store/storetest"
)

// BenchmarkReaderState runs storetest.BenchReaderState on PostgreSQL.
func BenchmarkReaderState(b *testing.B) {
	storetest.BenchReaderState(b, storetest.NewPostgres(b))
}
