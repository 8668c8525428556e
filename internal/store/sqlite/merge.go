package sqlite

import (
	"context"
	"sync"
	"time"
)

// FTS5 writes each transaction's new entries as a segment of its own and
// merges segments as they pile up (its automerge), but a site storing a
// few articles at a time, as feeds deliver them, keeps dozens: 32 at a
// million articles. Every term a search reads is sought in every segment,
// so the index answers faster the fewer it has (32 -> 5 segments: live
// search p50 4.6 -> 2.9 ms at a million articles). The store merges them
// in the background, a bounded step at a time, once saving has paused
// for mergeIdle, and again after each step until nothing is left to
// merge, letting saves in between steps. Migration 0008 sets FTS5's
// usermerge to 2, so a step may merge any two segments of one level.
const (
	mergeIdle  = 2 * time.Second
	mergePages = 500 // leaf pages of merge work per step
	mergePause = 20 * time.Millisecond
)

// merger runs the background merges of one Store.
type merger struct {
	kick   chan struct{}
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup
}

// startMerger starts s's background merges, with one due at once.
func (s *Store) startMerger() {
	ctx, cancel := context.WithCancel(context.Background())
	m := &merger{kick: make(chan struct{}, 1), ctx: ctx, cancel: cancel}
	s.merge = m
	m.wg.Add(1)
	go func() {
		defer m.wg.Done()
		for {
			select {
			case <-ctx.Done():
				return
			case <-m.kick:
			}
			// Wait for saving to pause: each save kicks again.
			for idle := false; !idle; {
				select {
				case <-ctx.Done():
					return
				case <-m.kick:
				case <-time.After(mergeIdle):
					idle = true
				}
			}
			for {
				more, err := s.MergeIndexStep(ctx, mergePages)
				if err != nil || !more || ctx.Err() != nil {
					break // a failed step is tried again after the next save
				}
				time.Sleep(mergePause)
			}
		}
	}()
	m.nudge()
}

// nudge asks for a merge once saving pauses.
func (m *merger) nudge() {
	if m == nil {
		return // the store is still opening
	}
	select {
	case m.kick <- struct{}{}:
	default:
	}
}

// stop ends the background merges, waiting for a step under way.
func (m *merger) stop() {
	m.cancel()
	m.wg.Wait()
}

// MergeIndexStep does up to pages leaf pages of merge work on the search
// index in one short write transaction, and reports whether it found any
// to do (so more may remain).
func (s *Store) MergeIndexStep(ctx context.Context, pages int) (bool, error) {
	conn, err := s.w.Conn(ctx)
	if err != nil {
		return false, err
	}
	defer conn.Close()
	// FTS5 tells whether a merge did work by the rows it changed: fewer
	// than two, none.
	var before, after int64
	if err := conn.QueryRowContext(ctx, `SELECT total_changes()`).Scan(&before); err != nil {
		return false, err
	}
	if _, err := conn.ExecContext(ctx, `INSERT INTO articles_fts (articles_fts, rank) VALUES ('merge', ?)`, pages); err != nil {
		return false, err
	}
	if err := conn.QueryRowContext(ctx, `SELECT total_changes()`).Scan(&after); err != nil {
		return false, err
	}
	return after-before >= 2, nil
}

// MergeIndex merges the search index's segments until nothing is left to
// merge or ctx ends, as the background merges would over time.
func (s *Store) MergeIndex(ctx context.Context) error {
	for {
		more, err := s.MergeIndexStep(ctx, mergePages*4)
		if err != nil || !more {
			return err
		}
	}
}
