package ingest

import (
	"context"
	"sync"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/opml"
	"github.com/newsdesk/newsdesk/internal/parse"
)

// ResolveFeed fetches rawURL and returns the address of the feed it is,
// or of the first working feed its page announces, with the feed read:
// what Subscribe would add, without adding anything. The editorial desk
// previews a source with it.
func (in *Ingester) ResolveFeed(ctx context.Context, rawURL string) (string, *parse.Feed, error) {
	return in.resolveFeed(ctx, rawURL)
}

// Subscribed is the outcome of subscribing to one outline of a list.
type Subscribed struct {
	Outline opml.Outline
	Source  model.Source // the new source, when Err is nil
	// Err is ErrAlreadySubscribed (errors.Is) for a feed that is a source
	// already, another error for a feed that could not be added.
	Err error
}

// SubscribeAll subscribes to every outline (an OPML import), checking
// up to workers feeds over the network at once, and reports each
// outcome in the outlines' order. done, when not nil, is called after
// each feed, from the worker that checked it.
func (in *Ingester) SubscribeAll(ctx context.Context, outlines []opml.Outline, workers int, done func()) []Subscribed {
	results := make([]Subscribed, len(outlines))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(max(workers, 1), len(outlines)) {
		wg.Go(func() {
			for i := range next {
				o := outlines[i]
				src, err := in.Subscribe(ctx, o.FeedURL, o.Title, o.Category)
				results[i] = Subscribed{Outline: o, Source: src, Err: err}
				if done != nil {
					done()
				}
			}
		})
	}
	for i := range outlines {
		next <- i
	}
	close(next)
	wg.Wait()
	return results
}
