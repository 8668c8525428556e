// Package dbopen picks the storage backend a database URL names, so the
// command line takes one --db flag for either.
package dbopen

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/newsdesk/newsdesk/internal/store"
	"github.com/newsdesk/newsdesk/internal/store/postgres"
	"github.com/newsdesk/newsdesk/internal/store/sqlite"
)

// DefaultFile is the SQLite file kept in the data directory when no
// database URL is given.
const DefaultFile = "newsdesk.db"

// accepted names the forms Open takes, for error messages.
const accepted = "a SQLite file path, sqlite:PATH, or a postgres:// or postgresql:// URL"

// Open opens the store dbURL names:
//
//	""                        SQLite at dataDir/newsdesk.db
//	"sqlite:PATH", "PATH"     SQLite at PATH
//	"postgres://…", "postgresql://…"  PostgreSQL
//
// Any other scheme is an error naming the accepted forms.
func Open(ctx context.Context, dbURL, dataDir string) (store.Store, error) {
	kind, target, err := Parse(dbURL, dataDir)
	if err != nil {
		return nil, err
	}
	if kind == "postgres" {
		return postgres.Open(ctx, target)
	}
	return sqlite.Open(ctx, target)
}

// Parse tells which backend dbURL names, "sqlite" or "postgres", and
// what to open: a file path or the PostgreSQL DSN.
func Parse(dbURL, dataDir string) (kind, target string, err error) {
	dbURL = strings.TrimSpace(dbURL)
	lower := strings.ToLower(dbURL)
	switch {
	case dbURL == "":
		return "sqlite", filepath.Join(dataDir, DefaultFile), nil
	case strings.HasPrefix(lower, "postgres://"), strings.HasPrefix(lower, "postgresql://"):
		return "postgres", dbURL, nil
	case strings.HasPrefix(lower, "sqlite:"):
		path := dbURL[len("sqlite:"):]
		// sqlite:///abs/file.db and sqlite://rel.db read as URLs do.
		path = strings.TrimPrefix(path, "//")
		if path == "" {
			return "", "", fmt.Errorf("dbopen: %q names no file: want sqlite:PATH", dbURL)
		}
		return "sqlite", path, nil
	}
	if scheme, ok := urlScheme(dbURL); ok {
		// Only the scheme is quoted: the rest may hold a password.
		return "", "", fmt.Errorf("dbopen: unsupported database %q: want %s", scheme+":", accepted)
	}
	return "sqlite", dbURL, nil
}

// urlScheme reports the scheme of s if s starts like a URL ("mysql://",
// "file:"). A single letter before ':' is a Windows drive, not a scheme.
func urlScheme(s string) (string, bool) {
	i := strings.IndexByte(s, ':')
	if i < 2 {
		return "", false
	}
	for j, r := range s[:i] {
		letter := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
		other := j > 0 && (r >= '0' && r <= '9' || r == '+' || r == '-' || r == '.')
		if !letter && !other {
			return "", false
		}
	}
	return s[:i], true
}
