// Package stories runs clustering behind ingest: a worker reads the
// articles the store marks pending, assigns each to a story with the
// clustering engine (internal/cluster) and stores the decisions. Ingest
// never waits for it; a reader sees an article at once and its story a
// moment later.
package stories

import (
	"context"
	"fmt"
	"log/slog"
	"strconv"
	"sync"
	"time"

	"github.com/newsdesk/newsdesk/internal/cluster"
	"github.com/newsdesk/newsdesk/internal/entities"
	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store"
)

// Store is what the worker reads and writes.
type Store interface {
	PendingClustering(ctx context.Context, limit int) ([]model.Article, error)
	EachClustered(ctx context.Context, since time.Time, fn func(model.Article) error) error
	MaxStoryID(ctx context.Context) (int64, error)
	ApplyClustering(ctx context.Context, batch []store.StoryAssignment) error
}

// Options configure a Worker.
type Options struct {
	// Window is how long a story stays open after its newest article
	// (cluster.Config.Window); zero means the engine's default.
	Window time.Duration
	// Batch is how many articles one round reads and stores in one
	// transaction; zero means 256.
	Batch int
	// Idle is how long the worker sleeps when nothing is pending, unless
	// Kick wakes it; zero means 2 seconds.
	Idle   time.Duration
	Logger *slog.Logger // nil discards logs
	// Now is the clock a restart measures its replay window from; nil
	// means time.Now.
	Now func() time.Time
}

// Worker clusters pending articles. One worker per database: its engine
// hands out story IDs.
type Worker struct {
	st   Store
	opts Options
	log  *slog.Logger
	kick chan struct{}

	mu  sync.Mutex // one round at a time
	eng *cluster.Engine
}

// New returns a worker; it builds its engine on the first round.
func New(st Store, opts Options) *Worker {
	if opts.Batch <= 0 {
		opts.Batch = 256
	}
	if opts.Idle <= 0 {
		opts.Idle = 2 * time.Second
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Worker{st: st, opts: opts, log: log, kick: make(chan struct{}, 1)}
}

// Kick wakes an idle worker: new articles are waiting.
func (w *Worker) Kick() {
	select {
	case w.kick <- struct{}{}:
	default:
	}
}

// Run clusters until ctx ends. A failed round is logged and retried after
// the idle pause with a rebuilt engine; it never stops ingest.
//
// Run starts from the store, never from an engine an earlier Run left:
// under leadership (store.Leadership) a worker runs, loses the lead and
// runs again, and the node that led in between handed out story IDs and
// clustered articles this engine never saw.
func (w *Worker) Run(ctx context.Context) {
	w.mu.Lock()
	w.eng = nil
	w.mu.Unlock()
	for {
		n, err := w.RunOnce(ctx)
		if ctx.Err() != nil {
			return
		}
		if err != nil {
			w.log.Warn("clustering failed; retrying", "err", err)
		}
		if n > 0 && err == nil {
			continue
		}
		select {
		case <-ctx.Done():
			return
		case <-w.kick:
		case <-time.After(w.opts.Idle):
		}
	}
}

// Drain clusters every pending article and returns how many it handled.
func (w *Worker) Drain(ctx context.Context) (int, error) {
	total := 0
	for {
		n, err := w.RunOnce(ctx)
		total += n
		if err != nil || n == 0 {
			return total, err
		}
	}
}

// RunOnce clusters one batch of pending articles and returns its size.
func (w *Worker) RunOnce(ctx context.Context) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.eng == nil {
		eng, err := w.restore(ctx)
		if err != nil {
			return 0, err
		}
		w.eng = eng
	}
	arts, err := w.st.PendingClustering(ctx, w.opts.Batch)
	if err != nil || len(arts) == 0 {
		return 0, err
	}
	batch := make([]store.StoryAssignment, 0, len(arts))
	for _, a := range arts {
		batch = append(batch, assignment(w.eng.Add(doc(a))))
	}
	if err := w.st.ApplyClustering(ctx, batch); err != nil {
		// The engine has seen articles the store did not keep: start
		// over from what the store holds.
		w.eng = nil
		return 0, fmt.Errorf("stories: %w", err)
	}
	return len(arts), nil
}

// Stats reports the engine's state; zero before the first round.
func (w *Worker) Stats() cluster.Stats {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.eng == nil {
		return cluster.Stats{}
	}
	return w.eng.Stats()
}

// restore builds an engine that knows the open stories: story IDs follow
// the highest stored, and the articles of the last window (twice over,
// for stories still growing) are replayed into it.
func (w *Worker) restore(ctx context.Context) (*cluster.Engine, error) {
	last, err := w.st.MaxStoryID(ctx)
	if err != nil {
		return nil, fmt.Errorf("stories: %w", err)
	}
	window := w.opts.Window
	if window <= 0 {
		window = cluster.DefaultWindow
	}
	eng := cluster.New(cluster.Config{Window: window, NextStory: last + 1})
	start := time.Now()
	n := 0
	err = w.st.EachClustered(ctx, w.opts.Now().Add(-2*window), func(a model.Article) error {
		eng.Restore(doc(a), a.StoryID)
		n++
		return ctx.Err()
	})
	if err != nil {
		return nil, fmt.Errorf("stories: replay: %w", err)
	}
	w.log.Info("clustering ready", "replayed", n, "next_story", last+1, "took", time.Since(start).Round(time.Millisecond))
	return eng, nil
}

// doc is what the engine reads of an article. Articles of one source are
// one outlet; the newsroom's own are one outlet too.
func doc(a model.Article) cluster.Doc {
	text := a.ContentText
	if text == "" {
		text = a.Excerpt
	}
	src := "newsroom"
	if a.SourceID != 0 {
		src = strconv.FormatInt(a.SourceID, 10)
	}
	return cluster.Doc{ID: a.ID, Title: a.Title, Text: text, Source: src, Category: a.Category, Published: a.PublishedAt}
}

func assignment(as cluster.Assignment) store.StoryAssignment {
	out := store.StoryAssignment{ArticleID: as.ID, StoryID: as.Story, DupOf: as.NearDupOf, Merged: as.Merged, Lead: as.Lead}
	for _, m := range as.Entities {
		out.Entities = append(out.Entities, store.EntityMention{Name: m.Name, Kind: entityKind(m.Kind), Count: m.Count})
	}
	return out
}

func entityKind(k entities.Kind) model.EntityKind {
	switch k {
	case entities.KindPerson:
		return model.EntityPerson
	case entities.KindOrganization:
		return model.EntityOrg
	case entities.KindPlace:
		return model.EntityPlace
	}
	return model.EntityOther
}
