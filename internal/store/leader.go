package store

import "context"

// Leadership elects one process among all those sharing a database to
// run a piece of background work, such as the story clusterer, whose
// state lives in memory and must not run twice at once.
//
// Lead blocks until ctx ends. While this process is the leader for name
// it calls run with a context that is cancelled the moment leadership is
// lost (its database session ended, or the database stopped answering),
// and waits for run to return before trying to lead again. Another
// process takes over only after the loser's bound to notice has passed,
// so two runs for one name never overlap. Lead returns nil when ctx
// ends; the errors it meets on the way (connections refused, a lost
// session) are retried, not returned.
type Leadership interface {
	Lead(ctx context.Context, name string, run func(ctx context.Context)) error
}

// Lead runs run under st's leadership for name when st offers it, and
// simply runs it (until ctx ends) when st does not: a store without
// Leadership is one no other process can share.
func Lead(ctx context.Context, st any, name string, run func(ctx context.Context)) error {
	if l, ok := st.(Leadership); ok {
		return l.Lead(ctx, name, run)
	}
	run(ctx)
	return nil
}
