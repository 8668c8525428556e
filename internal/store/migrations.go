package store

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"strconv"
	"strings"
)

// Migration is one step of a backend's schema history, read from a file
// named NNNN_what.sql. Backends apply them in order of Version, each once,
// each in its own transaction; the SQL is theirs, the naming rule shared.
type Migration struct {
	Version int    // the file name's leading number
	Name    string // the file name, for messages
	SQL     string
}

// LoadMigrations reads the .sql files in dir of fsys (a backend's embedded
// migrations) ordered by version, rejecting names without a positive
// version, versions used twice, and a directory without migrations.
func LoadMigrations(fsys fs.FS, dir string) ([]Migration, error) {
	names, err := fs.Glob(fsys, path.Join(dir, "*.sql"))
	if err != nil {
		return nil, err
	}
	var out []Migration
	seen := map[int]string{}
	for _, name := range names {
		base := path.Base(name)
		num, _, ok := strings.Cut(base, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || v <= 0 {
			return nil, fmt.Errorf("migration %s: name must start with a positive number and '_'", base)
		}
		if prev, dup := seen[v]; dup {
			return nil, fmt.Errorf("migrations %s and %s share version %d", prev, base, v)
		}
		seen[v] = base
		body, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		out = append(out, Migration{Version: v, Name: base, SQL: string(body)})
	}
	if len(out) == 0 {
		return nil, errors.New("no migration files")
	}
	slices.SortFunc(out, func(a, b Migration) int { return a.Version - b.Version })
	return out, nil
}

// CheckSchemaVersion refuses a database whose schema version is newer than
// the last of ms: this program would not know the tables it finds, and
// must not write to them.
func CheckSchemaVersion(ms []Migration, version int) error {
	if len(ms) == 0 {
		return errors.New("no migration files")
	}
	if known := ms[len(ms)-1].Version; version > known {
		return fmt.Errorf("database schema version %d is newer than this program's %d", version, known)
	}
	return nil
}
