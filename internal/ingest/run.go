package ingest

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
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
// the outcome in the source's state, which also schedules its next
// fetch. The error is also in Result.Err. At most Options.PerHost
// sources of one host are fetched at once; FetchSource waits its turn.
//
// When ctx ends before the fetch does, nothing is recorded and
// Result.Interrupted is set: the source stays due, as it was, so a
// restart runs the fetch again rather than counting it as an error.
func (in *Ingester) FetchSource(ctx context.Context, src model.Source) Result {
	host := hostOf(src.FeedURL)
	if err := in.hosts.acquire(ctx, host); err != nil {
		return Result{Source: src, Err: err, Interrupted: true}
	}
	defer in.hosts.release(host)
	return in.fetchHeld(ctx, src)
}

// fetchHeld is FetchSource once the host's slot is held.
func (in *Ingester) fetchHeld(ctx context.Context, src model.Source) Result {
	res := Result{Source: src}
	state := src.State
	now := in.opts.Now()
	state.LastFetchedAt = now
	res.Err = in.fetchAndStore(ctx, src, &state, &res)
	if res.Err != nil && ctx.Err() != nil {
		res.Interrupted = true
		in.log.Info("fetch interrupted", "source_id", src.ID, "url", src.FeedURL)
		return res
	}
	if res.Err != nil {
		in.fail(&state, src, now, res.Err)
		in.log.Warn("fetch failed", "source_id", src.ID, "url", src.FeedURL, "errors", state.ErrorCount, "err", res.Err)
	} else {
		state.LastError, state.ErrorCount, state.FailingSince = "", 0, time.Time{}
		state.LastSuccessAt = now
		wait := in.jitter(in.interval(src))
		state.NextFetchAt = now.Add(max(wait, min(res.MaxAge, maxBackoff)))
		in.log.Info("fetched", "source_id", src.ID, "items", res.Items, "inserted", res.Inserted,
			"duplicates", res.Duplicates, "linked", res.Linked, "not_modified", res.NotModified)
	}
	res.Source.State = in.record(ctx, src.ID, state)
	return res
}

// GiveUp records err as the outcome of a fetch that was not run: a job
// whose earlier attempts all died mid-fetch (the process crashed or was
// killed) backs off like any failing fetch instead of being retried in
// a loop.
func (in *Ingester) GiveUp(ctx context.Context, src model.Source, err error) Result {
	state := src.State
	now := in.opts.Now()
	state.LastFetchedAt = now
	in.fail(&state, src, now, err)
	in.log.Warn("fetch given up", "source_id", src.ID, "url", src.FeedURL, "err", err)
	res := Result{Source: src, Err: err}
	res.Source.State = in.record(ctx, src.ID, state)
	return res
}

// fail sets state after a failed fetch: counted, and the next fetch
// backed off, or put off as long as the server asked.
func (in *Ingester) fail(state *model.FetchState, src model.Source, now time.Time, err error) {
	state.LastError = err.Error()
	state.ErrorCount++
	if state.FailingSince.IsZero() {
		state.FailingSince = now
	}
	wait := in.jitter(backoff(in.interval(src), state.ErrorCount))
	var se *fetch.StatusError
	if errors.As(err, &se) && se.RetryAfter > wait {
		// The server said when to come back (429 or 503 with
		// Retry-After): coming sooner would only be refused again.
		wait = min(se.RetryAfter, maxRetryAfter)
	}
	state.NextFetchAt = now.Add(wait)
}

// record stores a fetch's outcome, also when ctx was cancelled after the
// outcome was known, so a source does not look healthy after a failure
// nobody wrote down.
func (in *Ingester) record(ctx context.Context, id int64, state model.FetchState) model.FetchState {
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if err := in.store.RecordFetch(rctx, id, state); err != nil {
		in.log.Error("record fetch state", "source_id", id, "err", err)
	}
	return state
}

// interval is the time between two fetches of a healthy source: its
// own, or the default.
func (in *Ingester) interval(src model.Source) time.Duration {
	if src.Interval > 0 {
		return max(src.Interval, model.MinInterval)
	}
	return in.opts.Interval
}

// jitter spreads d by up to ±Options.Jitter of itself, never below
// model.MinInterval, so sources added together drift apart instead of
// hitting the network (and one host) in the same second forever.
func (in *Ingester) jitter(d time.Duration) time.Duration {
	if in.opts.Jitter <= 0 {
		return d
	}
	spread := float64(d) * in.opts.Jitter
	d += time.Duration((rand.Float64()*2 - 1) * spread)
	return max(d, model.MinInterval)
}

// backoff doubles the interval with each consecutive error, from one
// interval up to maxBackoff.
func backoff(interval time.Duration, failures int) time.Duration {
	d := interval
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
	feed, err := parse.ParseHTTP(resp.Body, resp.URL, resp.ContentType)
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
	b, err := in.buildArticles(ctx, src, feed)
	if err != nil {
		return err
	}
	for _, reason := range b.skipped {
		in.log.Warn("feed item skipped", "source_id", src.ID, "reason", reason)
	}
	res.Skipped = append(res.Skipped, b.skipped...)
	saved, err := in.store.SaveArticles(ctx, src.ID, b.articles)
	if err != nil {
		return fmt.Errorf("ingest: store %s: %w", src.FeedURL, err)
	}
	res.Inserted, res.Duplicates, res.Linked = saved.Inserted, saved.Duplicates, saved.Linked
	if saved.Inserted > 0 && in.opts.Stored != nil {
		in.opts.Stored(saved.Inserted)
	}
	// Validators are kept only once the items are safely stored; a failed
	// save must refetch the whole feed next time, not get a 304.
	state.ETag, state.LastModified = resp.ETag, resp.LastModified
	state.ExtractError = b.extractError()
	res.ExtractFailed = len(b.failed)
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
