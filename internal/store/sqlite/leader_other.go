//go:build !unix

package sqlite

import "context"

// Lead runs run until ctx ends: without flock(2) this platform has no
// lock that dies with its holder, and a site on one SQLite file runs one
// server.
func (s *Store) Lead(ctx context.Context, name string, run func(ctx context.Context)) error {
	run(ctx)
	return nil
}
