// Package schedule runs the periodic fetch loop inside `newsdesk serve`:
// every tick it asks which sources are due and fetches them.
package schedule

import (
	"context"
	"log/slog"
	"time"

	"github.com/newsdesk/newsdesk/internal/ingest"
	"github.com/newsdesk/newsdesk/internal/model"
)

// Fetcher is the part of the ingester the scheduler drives.
type Fetcher interface {
	Due(ctx context.Context) ([]model.Source, error)
	FetchAll(ctx context.Context, sources []model.Source, progress func(ingest.Result)) []ingest.Result
}

// Run checks for due sources at once and then every tick, until ctx is
// done. A pass that is still running when the next tick comes delays
// that tick rather than overlapping it.
func Run(ctx context.Context, f Fetcher, tick time.Duration, log *slog.Logger) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	t := time.NewTicker(tick)
	defer t.Stop()
	for {
		Pass(ctx, f, log)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// Pass fetches the sources due now, once.
func Pass(ctx context.Context, f Fetcher, log *slog.Logger) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	due, err := f.Due(ctx)
	if err != nil {
		if ctx.Err() == nil {
			log.Error("scheduler: list due sources", "err", err)
		}
		return
	}
	if len(due) == 0 {
		return
	}
	results := f.FetchAll(ctx, due, nil)
	inserted, failed := 0, 0
	for _, r := range results {
		inserted += r.Inserted
		if r.Err != nil {
			failed++
		}
	}
	log.Info("scheduler: pass done", "sources", len(due), "inserted", inserted, "failed", failed)
}
