package storetest

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

var jobCases = []suiteCase{
	{"Jobs/NewSourceIsDueAtOnce", testJobsNewSourceDue},
	{"Jobs/ClaimTakesDueOnlyOldestFirst", testJobsClaimDueOldestFirst},
	{"Jobs/LeaseHidesJobUntilItExpires", testJobsLease},
	{"Jobs/RecordFetchCompletesJob", testJobsRecordCompletes},
	{"Jobs/ReleaseKeepsJobDue", testJobsRelease},
	{"Jobs/ExtendOnlyOwnLeases", testJobsExtend},
	{"Jobs/AttemptsCountCrashedClaims", testJobsAttempts},
	{"Jobs/RemovedSourceHasNoJob", testJobsRemoved},
	{"Sources/Options", testSourceOptions},
}

// addDue stores a source whose next fetch is due at next.
func addDue(t *testing.T, s store.Store, feedURL string, next time.Time) model.Source {
	t.Helper()
	src, err := s.AddSource(t.Context(), model.Source{FeedURL: feedURL, State: model.FetchState{NextFetchAt: next}})
	if err != nil {
		t.Fatalf("AddSource(%q): %v", feedURL, err)
	}
	return src
}

func claim(t *testing.T, s store.Store, owner string, now time.Time, limit int) []int64 {
	t.Helper()
	jobs, err := s.ClaimFetches(t.Context(), owner, now, 5*time.Minute, limit)
	if err != nil {
		t.Fatalf("ClaimFetches: %v", err)
	}
	ids := []int64{}
	for _, j := range jobs {
		ids = append(ids, j.Source.ID)
	}
	return ids
}

func testJobsNewSourceDue(t *testing.T, s store.Store) {
	now := time.Now()
	src := mustAddSource(t, s, "https://a.example/feed", "A")
	if src.State.NextFetchAt.IsZero() || src.State.NextFetchAt.After(now.Add(time.Second)) {
		t.Errorf("new source's next fetch = %v, want about now", src.State.NextFetchAt)
	}
	if got := claim(t, s, "w1", now.Add(time.Second), 10); !slices.Equal(got, []int64{src.ID}) {
		t.Errorf("claimed %v, want the new source %d", got, src.ID)
	}
}

func testJobsClaimDueOldestFirst(t *testing.T, s store.Store) {
	late := addDue(t, s, "https://late.example/feed", base.Add(-time.Minute))
	early := addDue(t, s, "https://early.example/feed", base.Add(-time.Hour))
	addDue(t, s, "https://future.example/feed", base.Add(time.Hour))
	mid := addDue(t, s, "https://mid.example/feed", base.Add(-10*time.Minute))
	if got := claim(t, s, "w1", base, 2); !slices.Equal(got, []int64{early.ID, mid.ID}) {
		t.Errorf("first claim = %v, want the two longest due %v", got, []int64{early.ID, mid.ID})
	}
	if got := claim(t, s, "w2", base, 10); !slices.Equal(got, []int64{late.ID}) {
		t.Errorf("second claim = %v, want only %d: the rest are leased or not due", got, late.ID)
	}
	jobs, err := s.ClaimFetches(t.Context(), "w3", base, time.Minute, 0)
	if err != nil || len(jobs) != 0 {
		t.Errorf("limit 0 claimed %d jobs, err %v", len(jobs), err)
	}
}

func testJobsLease(t *testing.T, s store.Store) {
	src := addDue(t, s, "https://a.example/feed", base)
	if got := claim(t, s, "w1", base, 10); len(got) != 1 {
		t.Fatalf("claim = %v", got)
	}
	if got := claim(t, s, "w2", base.Add(4*time.Minute), 10); len(got) != 0 {
		t.Errorf("claimed %v under a live lease", got)
	}
	// The lease (5 minutes) has run out: the first worker is presumed dead.
	if got := claim(t, s, "w2", base.Add(6*time.Minute), 10); !slices.Equal(got, []int64{src.ID}) {
		t.Errorf("after the lease expired claimed %v, want %d", got, src.ID)
	}
}

func testJobsRecordCompletes(t *testing.T, s store.Store) {
	src := addDue(t, s, "https://a.example/feed", base)
	claim(t, s, "w1", base, 10)
	next := base.Add(15 * time.Minute)
	st := model.FetchState{LastFetchedAt: base, LastSuccessAt: base, NextFetchAt: next}
	if err := s.RecordFetch(t.Context(), src.ID, st); err != nil {
		t.Fatal(err)
	}
	got, err := s.GetSource(t.Context(), src.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !got.State.NextFetchAt.Equal(next) {
		t.Errorf("next fetch = %v, want %v", got.State.NextFetchAt, next)
	}
	if ids := claim(t, s, "w2", next.Add(-time.Second), 10); len(ids) != 0 {
		t.Errorf("claimed %v before it was due", ids)
	}
	// The lease ended with the outcome: due again at next, whoever asks.
	if ids := claim(t, s, "w2", next, 10); !slices.Equal(ids, []int64{src.ID}) {
		t.Errorf("claim at the next fetch time = %v, want %d", ids, src.ID)
	}
}

func testJobsRelease(t *testing.T, s store.Store) {
	src := addDue(t, s, "https://a.example/feed", base)
	claim(t, s, "w1", base, 10)
	if err := s.ReleaseFetches(t.Context(), "someone-else", []int64{src.ID}); err != nil {
		t.Fatal(err)
	}
	if ids := claim(t, s, "w2", base, 10); len(ids) != 0 {
		t.Errorf("another owner's release freed the job: claimed %v", ids)
	}
	if err := s.ReleaseFetches(t.Context(), "w1", []int64{src.ID}); err != nil {
		t.Fatal(err)
	}
	jobs, err := s.ClaimFetches(t.Context(), "w2", base, time.Minute, 10)
	if err != nil || len(jobs) != 1 {
		t.Fatalf("after release claimed %d, err %v", len(jobs), err)
	}
	if jobs[0].Attempts != 1 {
		t.Errorf("attempts = %d, want 1: a released claim is not an attempt", jobs[0].Attempts)
	}
	if err := s.ReleaseFetches(t.Context(), "w2", nil); err != nil {
		t.Errorf("release of nothing: %v", err)
	}
}

func testJobsExtend(t *testing.T, s store.Store) {
	a := addDue(t, s, "https://a.example/feed", base)
	b := addDue(t, s, "https://b.example/feed", base)
	claim(t, s, "w1", base, 1) // a
	claim(t, s, "w2", base, 1) // b
	later := base.Add(time.Hour)
	if err := s.ExtendLeases(t.Context(), "w1", []int64{a.ID, b.ID}, later); err != nil {
		t.Fatal(err)
	}
	// At +10 min w2's lease on b has expired (5 min); w1's on a was extended.
	if ids := claim(t, s, "w3", base.Add(10*time.Minute), 10); !slices.Equal(ids, []int64{b.ID}) {
		t.Errorf("claimed %v, want only %d (w1 extended its own lease, not w2's)", ids, b.ID)
	}
}

func testJobsAttempts(t *testing.T, s store.Store) {
	src := addDue(t, s, "https://a.example/feed", base)
	now := base
	for want := 1; want <= 3; want++ {
		jobs, err := s.ClaimFetches(t.Context(), "w", now, time.Minute, 10)
		if err != nil || len(jobs) != 1 {
			t.Fatalf("claim %d: %d jobs, err %v", want, len(jobs), err)
		}
		if jobs[0].Attempts != want {
			t.Errorf("claim %d: attempts = %d", want, jobs[0].Attempts)
		}
		now = now.Add(2 * time.Minute) // the lease lapses: the worker died
	}
	if err := s.RecordFetch(t.Context(), src.ID, model.FetchState{LastFetchedAt: now, NextFetchAt: now}); err != nil {
		t.Fatal(err)
	}
	jobs, err := s.ClaimFetches(t.Context(), "w", now, time.Minute, 10)
	if err != nil || len(jobs) != 1 || jobs[0].Attempts != 1 {
		t.Errorf("after an outcome: %+v, err %v; want one job at attempt 1", jobs, err)
	}
}

func testJobsRemoved(t *testing.T, s store.Store) {
	src := addDue(t, s, "https://a.example/feed", base)
	if err := s.RemoveSource(t.Context(), src.ID); err != nil {
		t.Fatal(err)
	}
	if ids := claim(t, s, "w", base, 10); len(ids) != 0 {
		t.Errorf("claimed %v for a removed source", ids)
	}
}

func testSourceOptions(t *testing.T, s store.Store) {
	src, err := s.AddSource(t.Context(), model.Source{FeedURL: "https://a.example/feed", Interval: 5 * time.Minute, Extract: model.ExtractAlways})
	if err != nil {
		t.Fatal(err)
	}
	if src.Interval != 5*time.Minute || src.Extract != model.ExtractAlways {
		t.Errorf("stored interval %v mode %q", src.Interval, src.Extract)
	}
	if err := s.SetSourceOptions(t.Context(), src.ID, 0, ""); err != nil {
		t.Fatal(err)
	}
	got, err := s.GetSource(t.Context(), src.ID)
	if err != nil {
		t.Fatal(err)
	}
	if got.Interval != 0 || got.Extract != model.ExtractAuto {
		t.Errorf("after reset: interval %v mode %q, want 0 and auto", got.Interval, got.Extract)
	}
	for _, bad := range []struct {
		interval time.Duration
		mode     model.ExtractMode
	}{{30 * time.Second, ""}, {90500 * time.Millisecond, ""}, {0, "sometimes"}} {
		if err := s.SetSourceOptions(t.Context(), src.ID, bad.interval, bad.mode); err == nil {
			t.Errorf("SetSourceOptions(%v, %q) accepted", bad.interval, bad.mode)
		}
		if _, err := s.AddSource(t.Context(), model.Source{FeedURL: "https://b.example/feed", Interval: bad.interval, Extract: bad.mode}); err == nil {
			t.Errorf("AddSource with interval %v mode %q accepted", bad.interval, bad.mode)
		}
	}
	if err := s.SetSourceOptions(t.Context(), 9999, time.Hour, ""); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown source: %v, want ErrNotFound", err)
	}
}
