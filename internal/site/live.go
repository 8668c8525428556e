package site

import (
	"context"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"
)

// Reader reads the stored settings; store.SettingStore has it.
type Reader interface {
	Settings(ctx context.Context) (map[string]string, error)
}

// DefaultRefresh is how often Run reads the store when not told: a
// change saved by another process on the same database shows within it.
const DefaultRefresh = 10 * time.Second

// Live holds the settings in force, read by every request: the values
// the process started with (flags, environment, config file), with the
// values an admin stored laid over them. Saving in the admin area
// updates it at once; Run picks up what other processes saved. It is
// safe for concurrent use.
type Live struct {
	base Settings
	cur  atomic.Pointer[Settings]

	mu      sync.Mutex        // orders Update and Refresh
	stored  map[string]string // the stored values last applied
	updates atomic.Uint64     // Update calls so far: a Refresh that read before one is stale
}

// NewLive returns a holder starting with base, the settings the process
// was started with.
func NewLive(base Settings) *Live {
	l := &Live{base: base}
	l.cur.Store(&base)
	return l
}

// Load returns the settings in force. Callers must not modify the
// slices it holds.
func (l *Live) Load() Settings { return *l.cur.Load() }

// Base returns the settings the process started with, before stored
// values.
func (l *Live) Base() Settings { return l.base }

// Update lays kv (all the stored settings) over the starting values and
// puts the result in force; a refused value keeps the starting one and
// is returned by key, for the log.
func (l *Live) Update(kv map[string]string) map[string]error {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.updates.Add(1)
	return l.update(kv)
}

func (l *Live) update(kv map[string]string) map[string]error {
	mine := map[string]string{}
	for _, k := range Keys {
		if v, ok := kv[k]; ok {
			mine[k] = v
		}
	}
	s, errs := Apply(l.base, mine)
	l.stored = mine
	l.cur.Store(&s)
	return errs
}

// Refresh reads the store and puts its values in force when they
// changed since the last read. An Update made while it was reading wins:
// the values it read may predate the save that Update applied, and
// putting them back would undo a saved setting until the next refresh
// (and a page rendered meanwhile would keep the old value in the render
// cache). The next refresh reads again.
func (l *Live) Refresh(ctx context.Context, st Reader) (map[string]error, error) {
	before := l.updates.Load()
	kv, err := st.Settings(ctx)
	if err != nil {
		return nil, err
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.updates.Load() != before {
		return nil, nil
	}
	changed := l.stored == nil
	for _, k := range Keys {
		v, ok := kv[k]
		old, had := l.stored[k]
		changed = changed || ok != had || v != old
	}
	if !changed {
		return nil, nil
	}
	return l.update(kv), nil
}

// Run refreshes from st every interval (DefaultRefresh when not
// positive) until ctx is done, logging what it cannot read or refuses.
func (l *Live) Run(ctx context.Context, st Reader, every time.Duration, log *slog.Logger) {
	if every <= 0 {
		every = DefaultRefresh
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		errs, err := l.Refresh(ctx, st)
		if err != nil && ctx.Err() == nil {
			log.Warn("site: read stored settings", "err", err)
		}
		for _, k := range sortedKeys(errs) {
			log.Warn("site: stored setting refused; the starting value stays", "key", k, "err", errs[k])
		}
	}
}

func sortedKeys(m map[string]error) []string {
	keys := make([]string, 0, len(m))
	for _, k := range Keys {
		if _, ok := m[k]; ok {
			keys = append(keys, k)
		}
	}
	return keys
}
