package store

import "context"

// ChangeNotifier is offered by a backend several servers can share
// (PostgreSQL): it wakes a reader of the change log as soon as another
// process commits a change, so render caches drop what it made stale
// without waiting for their next poll of the log. It is deliberately not
// part of Store: SQLite is one machine's database, whose log is cheap to
// poll and whose writers are mostly this process, and a reader must keep
// polling anyway in case the notifications stop (a connection pooler
// that drops LISTEN, a database restart).
//
// A signal carries no change: it only says "read the log now". The log
// stays the one source of truth, so a lost, duplicated or foreign signal
// costs one read and never a wrong page.
type ChangeNotifier interface {
	// SubscribeChanges returns a channel that receives a value soon
	// after any transaction that wrote to the change log commits,
	// whichever process made it. Signals coalesce: changes arriving
	// while the receiver is busy leave one value waiting, not one each.
	// A value is also sent each time the notifier (re)connects to the
	// database, since changes made while it was not listening were
	// never announced. The channel is closed when ctx ends or the store
	// is closed.
	SubscribeChanges(ctx context.Context) <-chan struct{}
}
