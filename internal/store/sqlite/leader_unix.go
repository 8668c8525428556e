//go:build unix

package sqlite

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"syscall"
	"time"

	"github.com/newsdesk/newsdesk/internal/store"
)

var _ store.Leadership = (*Store)(nil)

// leaderRetry is how often a process that is not the leader tries again.
const leaderRetry = 2 * time.Second

// Lead implements store.Leadership. Several processes can open one SQLite
// file (WAL allows it: a second `newsdesk serve` on the same --data, or a
// CLI command beside a server), so work that must run once per database
// runs under an exclusive flock(2) on a file beside the database,
// DB-lead-NAME. The kernel drops the lock when its holder exits however
// it exits, which is all the failover a single machine needs: no other
// process can run while the holder lives, and none waits after it dies
// beyond its next try. An in-memory database has no other process and
// just runs.
func (s *Store) Lead(ctx context.Context, name string, run func(ctx context.Context)) error {
	path, err := s.lockPath(ctx, name)
	if err != nil {
		return err
	}
	if path == "" {
		run(ctx)
		return nil
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("sqlite: leader lock: %w", err)
	}
	defer f.Close() // closing the file drops the lock
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil {
			break
		}
		if !errors.Is(err, syscall.EWOULDBLOCK) {
			return fmt.Errorf("sqlite: leader lock %s: %w", path, err)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(leaderRetry):
		}
	}
	run(ctx)
	return nil
}

// lockPath is the lock file for name beside the database file, or ""
// for a database with no file.
func (s *Store) lockPath(ctx context.Context, name string) (string, error) {
	var seq int
	var schema, file string
	err := s.w.QueryRowContext(ctx, `PRAGMA database_list`).Scan(&seq, &schema, &file)
	if err != nil {
		return "", fmt.Errorf("sqlite: leader lock: %w", err)
	}
	if file == "" {
		return "", nil
	}
	safe := strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' {
			return r
		}
		return '_'
	}, strings.ToLower(name))
	return file + "-lead-" + safe, nil
}
