package store

import (
	"context"
	"time"
)

// ChangeStore reads the change log: one row for every write to what the
// public site shows, appended by database triggers in the writer's own
// transaction. Because the triggers, not the callers, write it, no path
// can change a page unannounced: the admin area, ingest, clustering, the
// desk's scheduler, CLI commands in other processes and other servers
// sharing the database all show up. Render caches (internal/web) read it
// and drop what the rows name: on PostgreSQL as soon as a notification
// says it grew (ChangeNotifier), else by polling.
//
// Sequence numbers grow, but on PostgreSQL they are handed out before
// their transaction commits: a reader can see seq 11 before seq 10
// becomes visible (or never does, when its transaction rolls back).
// Readers that must not miss a change re-read from the oldest gap for a
// while; on SQLite writes are serialized and there are no gaps.
type ChangeStore interface {
	// Changes returns up to limit changes with a sequence number above
	// after, in sequence order (limit <= 0 means 1000).
	Changes(ctx context.Context, after int64, limit int) ([]Change, error)
	// ChangeBounds returns the smallest and largest sequence numbers the
	// log holds, both 0 when it is empty. A reader whose last seen
	// number is below oldest-1 has lost changes to pruning and must
	// assume everything changed.
	ChangeBounds(ctx context.Context) (oldest, newest int64, err error)
	// PruneChanges deletes the changes written before t, always keeping
	// the newest one so that sequence numbers keep growing, and returns
	// how many it deleted.
	PruneChanges(ctx context.Context, before time.Time) (int64, error)
}

// Change is one row of the change log.
type Change struct {
	Seq  int64
	Kind ChangeKind
	// Ref is the article (ChangeArticle, ChangeComment, ChangeCarrier)
	// or the story (ChangeStory) changed; 0 for site-wide kinds.
	Ref int64
	// Story and Category are, for ChangeArticle, the story the article
	// belongs to (0: none) and the slug of its category ("": none). An
	// article moving out of a story or a category has a second change
	// naming the old ones.
	Story    int64
	Category string
	At       time.Time
}

// ChangeKind says what a change touched.
type ChangeKind string

// The kinds triggers write. Any other kind names a table whose rows
// every page may show (settings, categories, sources, images, entities
// today): a reader that does not know a kind must treat it as a change
// to everything.
const (
	// ChangeArticle: an article was stored, edited, hidden, featured,
	// clustered (its story or duplicate link set) or deleted, or another
	// article started republishing it.
	ChangeArticle ChangeKind = "article"
	// ChangeStory: a story was formed, recounted, merged, hidden, pinned
	// or unpinned.
	ChangeStory ChangeKind = "story"
	// ChangeComment: a comment on article Ref was posted, moderated,
	// edited or deleted.
	ChangeComment ChangeKind = "comment"
	// ChangeCarrier: another source was recorded as carrying article Ref.
	ChangeCarrier ChangeKind = "carrier"
	// ChangeSettings: a site setting changed.
	ChangeSettings ChangeKind = "settings"
)
