package store

import (
	"cmp"
	"context"
	"slices"
	"time"

	"github.com/newsdesk/newsdesk/internal/model"
)

// ReaderStateStore keeps what each account has read and starred through
// reading apps (the Google Reader and Fever APIs of internal/readerapi).
//
// A newsroom keeps hundreds of thousands of articles, so the state is
// stored as exceptions to a rule, never as a row per article:
//
//   - Every account has read horizons: "everything fetched at or before
//     T is read", one for all articles and one per source or section,
//     each set by "mark all as read" (ReaderMarkRead). Moving one is a
//     single row, whatever the number of articles it covers. The caller
//     adds a floor of its own (ReaderUser.Floor): articles fetched before
//     it read as read too, so a new account does not start with a year
//     of unread news.
//   - An article newer than every horizon that applies to it is unread.
//   - An explicit read or unread mark on one article overrides the
//     horizons; a mark that agrees with them is not kept. Marking a scope
//     read clears the marks it covers.
//   - Stars are explicit rows, and independent of the read state.
//
// Articles that readers cannot see (articles.hidden: curated out, or a
// desk article taken down) never appear, and neither do the articles of
// disabled sources. Republished copies (dup_of) do appear, each in its own
// source's feed: a reading app shows what every subscribed feed carried.
// Newsroom originals have no source; they belong to the newsroom's own
// feed, source ID 0 in ReaderCount and ReaderScope.
type ReaderStateStore interface {
	// ReaderItems lists the visible articles q selects, by ID (newest
	// first unless q.Oldest), with the account's state.
	ReaderItems(ctx context.Context, q ReaderQuery) ([]model.ReaderItem, error)
	// ReaderUnreadCounts counts the account's unread articles per source
	// (0: the newsroom) and section (0: none).
	ReaderUnreadCounts(ctx context.Context, u ReaderUser) ([]ReaderCount, error)
	// ReaderTotal counts the visible articles.
	ReaderTotal(ctx context.Context) (int, error)
	// ReaderSetState marks the visible articles among ids read or unread
	// (when c.Read is set) and starred or not (when c.Starred is set), in
	// one transaction; IDs of missing or hidden articles are skipped. It
	// returns how many articles it found.
	ReaderSetState(ctx context.Context, u ReaderUser, ids []int64, c ReaderChange) (int, error)
	// ReaderMarkRead marks read every article of scope fetched at or
	// before before: a horizon moves (never back), and the explicit
	// marks it now covers are dropped.
	ReaderMarkRead(ctx context.Context, userID int64, scope ReaderScope, before time.Time) error
}

// ReaderUser is the account whose state is read or changed, and the
// floor below which articles count as read unless marked unread (zero:
// no floor).
type ReaderUser struct {
	ID    int64
	Floor time.Time
}

// ReaderQuery selects articles for one account. Zero values mean "any".
type ReaderQuery struct {
	User ReaderUser
	// Newsroom selects the newsroom's originals; else SourceID, when
	// set, selects one source's articles.
	Newsroom bool
	SourceID int64
	// CategoryID selects one section's articles.
	CategoryID int64
	// Unread, Read and Starred keep only the articles in that state.
	Unread, Read, Starred bool
	// IDs keeps only these articles (at most MaxReaderIDs).
	IDs []int64
	// AfterID and BeforeID bound the IDs (exclusive): paging.
	AfterID, BeforeID int64
	// FetchedAfter and FetchedBefore bound the fetch time (exclusive).
	FetchedAfter, FetchedBefore time.Time
	// Oldest lists in increasing ID order.
	Oldest bool
	// Limit is 1..MaxReaderLimit; 0 means DefaultLimit.
	Limit int
	// Bodies asks for the content (ContentHTML), not only the listing
	// fields.
	Bodies bool
	// IDsOnly fills only the articles' ID, SourceID, PublishedAt and
	// FetchedAt (with CategoryID and the state): what apps syncing
	// thousands of item IDs need, read without joining other tables.
	IDsOnly bool
}

// Bounds of reader queries: reading apps ask for thousands of IDs at
// once, but a query's work stays bounded.
const (
	MaxReaderLimit = 10000
	MaxReaderIDs   = 1000
)

// ReaderCount is the number of unread articles of one source (0: the
// newsroom) in one section (0: none), and the fetch time of the newest
// (counted before single read marks, so an article marked read on its
// own may still be the one named).
type ReaderCount struct {
	SourceID   int64
	CategoryID int64
	Unread     int
	Newest     time.Time
}

// ReaderChange is what ReaderSetState changes; nil fields stay as they
// are.
type ReaderChange struct {
	Read    *bool
	Starred *bool
}

// ReaderScope is what "mark all as read" covers: everything (the zero
// value), one source (Source set; ID 0 is the newsroom) or one section.
type ReaderScope struct {
	Source     bool
	SourceID   int64
	CategoryID int64 // a section, when Source is not set and it is not 0
}

// UnreadTally adds up an account's unread counts the way both backends
// compute them: the articles above their horizons counted per source and
// section by the database, then corrected one by one by the account's
// marks that disagree with those horizons.
type UnreadTally struct {
	counts map[[2]int64]*ReaderCount
}

func (t *UnreadTally) group(source, section int64) *ReaderCount {
	if t.counts == nil {
		t.counts = map[[2]int64]*ReaderCount{}
	}
	k := [2]int64{source, section}
	c := t.counts[k]
	if c == nil {
		c = &ReaderCount{SourceID: source, CategoryID: section}
		t.counts[k] = c
	}
	return c
}

// Counted records n unread articles of a source and section above their
// horizon, the newest fetched at newest.
func (t *UnreadTally) Counted(source, section int64, n int, newest time.Time) {
	c := t.group(source, section)
	c.Unread, c.Newest = n, newest.UTC()
}

// Marked corrects the tally by one explicit mark that disagrees with the
// horizons: read above them, or unread below.
func (t *UnreadTally) Marked(source, section int64, fetched time.Time, read bool) {
	c := t.group(source, section)
	if read {
		c.Unread--
		return
	}
	c.Unread++
	if fetched.After(c.Newest) {
		c.Newest = fetched.UTC()
	}
}

// Counts returns the groups with unread articles, by source and section.
func (t *UnreadTally) Counts() []ReaderCount {
	out := []ReaderCount{}
	for _, c := range t.counts {
		if c.Unread > 0 {
			out = append(out, *c)
		}
	}
	slices.SortFunc(out, func(a, b ReaderCount) int {
		return cmp.Or(cmp.Compare(a.SourceID, b.SourceID), cmp.Compare(a.CategoryID, b.CategoryID))
	})
	return out
}
