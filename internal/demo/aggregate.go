package demo

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/newsdesk/newsdesk/internal/ingest"
	"github.com/newsdesk/newsdesk/internal/model"
)

// Ingester is what aggregating the world needs of the ingest engine: the
// same two calls `sources add` and `fetch` make for any real source.
type Ingester interface {
	Subscribe(ctx context.Context, url, name, category string) (model.Source, error)
	FetchAll(ctx context.Context, sources []model.Source, progress func(ingest.Result)) []ingest.Result
}

// SourceStore lists and removes sources.
type SourceStore interface {
	ListSources(ctx context.Context) ([]model.Source, error)
	RemoveSource(ctx context.Context, id int64) error
}

// Aggregated counts what Aggregate stored.
type Aggregated struct {
	Sources  int // sources subscribed to the world
	Articles int // articles stored by this pass
}

// Aggregate subscribes to every outlet of the world served at baseURL
// and fetches them all once over HTTP, like any real source. Sources an
// earlier demo left in the same database are removed first: that world
// listened on another port, so its feeds are gone. An outlet that cannot
// be subscribed is reported in the error while the others carry on.
func (w *World) Aggregate(ctx context.Context, baseURL string, in Ingester, st SourceStore) (Aggregated, error) {
	baseURL = strings.TrimRight(baseURL, "/")
	if err := w.dropStaleSources(ctx, baseURL, st); err != nil {
		return Aggregated{}, fmt.Errorf("demo: remove sources of an earlier run: %w", err)
	}
	var errs []error
	for _, o := range w.Outlets() {
		_, err := in.Subscribe(ctx, baseURL+o.FeedPath, o.Name, o.Category)
		if err != nil && !errors.Is(err, ingest.ErrAlreadySubscribed) {
			errs = append(errs, fmt.Errorf("demo: subscribe %s: %w", o.Name, err))
		}
	}
	sources, err := w.ownSources(ctx, baseURL, st)
	if err != nil {
		return Aggregated{}, err
	}
	res := Aggregated{Sources: len(sources)}
	for _, r := range in.FetchAll(ctx, sources, nil) {
		res.Articles += r.Inserted
		if r.Err != nil {
			errs = append(errs, fmt.Errorf("demo: fetch %s: %w", r.Source.Name, r.Err))
		}
	}
	return res, errors.Join(errs...)
}

// ownSources returns the sources whose feeds this world serves.
func (w *World) ownSources(ctx context.Context, baseURL string, st SourceStore) ([]model.Source, error) {
	all, err := st.ListSources(ctx)
	if err != nil {
		return nil, fmt.Errorf("demo: list sources: %w", err)
	}
	var own []model.Source
	for _, s := range all {
		if strings.HasPrefix(s.FeedURL, baseURL+"/") {
			own = append(own, s)
		}
	}
	return own, nil
}

func (w *World) dropStaleSources(ctx context.Context, baseURL string, st SourceStore) error {
	all, err := st.ListSources(ctx)
	if err != nil {
		return err
	}
	names := map[string]bool{}
	for _, o := range w.Outlets() {
		names[o.Name] = true
	}
	for _, s := range all {
		if names[s.Name] && !strings.HasPrefix(s.FeedURL, baseURL+"/") {
			if err := st.RemoveSource(ctx, s.ID); err != nil {
				return err
			}
		}
	}
	return nil
}
