package schedule

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/newsdesk/newsdesk/internal/ingest"
	"github.com/newsdesk/newsdesk/internal/model"
)

// countingFetcher records how often the scheduler asked for due sources
// and fetched them.
type countingFetcher struct {
	due     atomic.Int32
	fetched atomic.Int32
	dueErr  error
	sources []model.Source
}

func (f *countingFetcher) Due(context.Context) ([]model.Source, error) {
	f.due.Add(1)
	return f.sources, f.dueErr
}

func (f *countingFetcher) FetchAll(_ context.Context, s []model.Source, _ func(ingest.Result)) []ingest.Result {
	f.fetched.Add(int32(len(s)))
	return make([]ingest.Result, len(s))
}

func TestRun_FetchesAtOnceThenEveryTick(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		f := &countingFetcher{sources: []model.Source{{ID: 1}, {ID: 2}}}
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan struct{})
		go func() { Run(ctx, f, time.Minute, nil); close(done) }()
		synctest.Wait()
		if f.due.Load() != 1 || f.fetched.Load() != 2 {
			t.Fatalf("after start: due %d fetched %d, want a pass at once", f.due.Load(), f.fetched.Load())
		}
		time.Sleep(3*time.Minute + time.Second)
		synctest.Wait()
		if f.due.Load() != 4 {
			t.Errorf("after 3 ticks: %d passes, want 4", f.due.Load())
		}
		cancel()
		<-done
	})
}

func TestPass_DueErrorFetchesNothing(t *testing.T) {
	f := &countingFetcher{dueErr: errors.New("db down"), sources: []model.Source{{ID: 1}}}
	Pass(context.Background(), f, nil)
	if f.fetched.Load() != 0 {
		t.Errorf("fetched %d sources although listing them failed", f.fetched.Load())
	}
}
