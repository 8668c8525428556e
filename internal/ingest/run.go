package ingest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/newsdesk/newsdesk/internal/fetch"
	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/parse"
)

// maxBackoff caps the wait after repeated errors: a source that failed
// for a day is still tried every few hours, never dropped. It also caps
// how long a server's Cache-Control max-age may delay the next fetch: a
// news source is not left unread for days because its headers say so.
const maxBackoff = 6 * time.Hour

// maxRetryAfter caps how long a server's explicit Retry-After is obeyed.
const maxRetryAfter = 24 * time.Hour

// FetchSource fetches one source, stores its new articles and records
// the outcome in the source's state. The error is also in Result.Err.
func (in *Ingester) FetchSource(ctx context.Context, src model.Source) Result {
	res := Result{Source: src}
	state := src.State
	now := in.opts.Now()
	state.LastFetchedAt = now
	res.Err = in.fetchAndStore(ctx, src, &state, &res)
	if res.Err != nil {
		state.LastError = res.Err.Error()
		state.ErrorCount++
		if state.FailingSince.IsZero() {
			state.FailingSince = now
		}
		wait := in.backoff(state.ErrorCount)
		var se *fetch.StatusError
		if errors.As(res.Err, &se) && se.RetryAfter > wait {
			// The server said when to come back (429 or 503 with
			// Retry-After): coming sooner would only be refused again.
			wait = min(se.RetryAfter, maxRetryAfter)
		}
		state.NextFetchAt = now.Add(wait)
		in.log.Warn("fetch failed", "source_id", src.ID, "url", src.FeedURL, "errors", state.ErrorCount, "err", res.Err)
	} else {
		state.LastError, state.ErrorCount, state.FailingSince = "", 0, time.Time{}
		state.LastSuccessAt = now
		state.NextFetchAt = now.Add(max(in.opts.Interval, min(res.MaxAge, maxBackoff)))
		in.log.Info("fetched", "source_id", src.ID, "items", res.Items, "inserted", res.Inserted,
			"duplicates", res.Duplicates, "not_modified", res.NotModified)
	}
	// The state is recorded even when ctx was cancelled mid-fetch, so the
	// source does not look healthy after an interrupted attempt.
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if err := in.store.RecordFetch(rctx, src.ID, state); err != nil {
		in.log.Error("record fetch state", "source_id", src.ID, "err", err)
	}
	res.Source.State = state
	return res
}

// backoff doubles the interval with each consecutive error, from one
// interval up to maxBackoff.
func (in *Ingester) backoff(failures int) time.Duration {
	d := in.opts.Interval
	for i := 1; i < failures && d < maxBackoff; i++ {
		d *= 2
	}
	return min(d, maxBackoff)
}

func (in *Ingester) fetchAndStore(ctx context.Context, src model.Source, state *model.FetchState, res *Result) error {
	resp, err := in.fetcher.Get(ctx, fetch.Request{
		URL: src.FeedURL, Accept: feedAccept, MaxBytes: fetch.MaxFeedBytes,
		ETag: state.ETag, LastModified: state.LastModified,
	})
	if err != nil {
		return err
	}
	res.MaxAge = resp.MaxAge
	if resp.NotModified() {
		res.NotModified = true
		return nil
	}
	feed, err := parse.Parse(resp.Body, resp.URL)
	if err != nil {
		return fmt.Errorf("ingest: %s: %w", src.FeedURL, err)
	}
	res.Items = len(feed.Items)
	res.MaxAge = max(res.MaxAge, feed.TTL)
	for _, reason := range feed.Skipped {
		in.log.Warn("feed item skipped", "source_id", src.ID, "reason", reason)
	}
	res.Skipped = append(res.Skipped, feed.Skipped...)
	if src.SiteURL == "" && feed.SiteURL != "" {
		if err := in.store.UpdateSourceMeta(ctx, src.ID, "", feed.SiteURL); err != nil {
			return fmt.Errorf("ingest: update source: %w", err)
		}
	}
	articles, skipped, err := in.buildArticles(ctx, src, feed)
	if err != nil {
		return err
	}
	for _, reason := range skipped {
		in.log.Warn("feed item skipped", "source_id", src.ID, "reason", reason)
	}
	res.Skipped = append(res.Skipped, skipped...)
	saved, err := in.store.SaveArticles(ctx, src.ID, articles)
	if err != nil {
		return fmt.Errorf("ingest: store %s: %w", src.FeedURL, err)
	}
	res.Inserted, res.Duplicates = saved.Inserted, saved.Duplicates
	// Validators are kept only once the items are safely stored; a failed
	// save must refetch the whole feed next time, not get a 304.
	state.ETag, state.LastModified = resp.ETag, resp.LastModified
	return nil
}

// FetchAll fetches the given sources with the configured number of
// workers and calls progress (if not nil) after each one finishes.
func (in *Ingester) FetchAll(ctx context.Context, sources []model.Source, progress func(Result)) []Result {
	results := make([]Result, len(sources))
	jobs := make(chan int)
	var wg sync.WaitGroup
	var mu sync.Mutex
	for range min(in.opts.Workers, len(sources)) {
		wg.Go(func() {
			for i := range jobs {
				r := in.FetchSource(ctx, sources[i])
				results[i] = r
				if progress != nil {
					mu.Lock()
					progress(r)
					mu.Unlock()
				}
			}
		})
	}
	for i := range sources {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	return results
}

// Due returns the sources whose next fetch time has come.
func (in *Ingester) Due(ctx context.Context) ([]model.Source, error) {
	all, err := in.store.ListSources(ctx)
	if err != nil {
		return nil, fmt.Errorf("ingest: list sources: %w", err)
	}
	now := in.opts.Now()
	var due []model.Source
	for _, s := range all {
		if !s.State.NextFetchAt.After(now) {
			due = append(due, s)
		}
	}
	return due, nil
}
