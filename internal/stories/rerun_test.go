package stories_test

import (
	"context"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/internal/store/storetest"
	"github.com/newsdesk/newsdesk/internal/stories"
)

// A worker that lost the lead and gets it back starts from the store: the
// node that led meanwhile handed out story IDs this worker's engine knows
// nothing of, and reusing them would file new events under its stories.
//
// The worlds are published ten days apart, past the stories' window, so
// no article of one can rightly join a story of another: any mixing is a
// reused story ID.
func TestWorker_RunAgainAfterAnotherWorkerStartsFromTheStore(t *testing.T) {
	const day = 24 * time.Hour
	st := storetest.NewSQLiteCopy(t)
	now := func() time.Time { return clock.Add(21 * day) }
	a := stories.New(st, stories.Options{Batch: 40, Idle: 20 * time.Millisecond, Now: now})
	b := stories.New(st, stories.Options{Batch: 40, Now: now})
	runA := func(what string) {
		t.Helper()
		ctx, cancel := context.WithCancel(t.Context())
		done := make(chan struct{})
		go func() { defer close(done); a.Run(ctx) }()
		defer func() { cancel(); <-done }()
		deadline := time.Now().Add(time.Minute)
		for {
			if left, err := st.PendingClustering(t.Context(), 1); err == nil && len(left) == 0 {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s: worker A left articles pending", what)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
	truth := saveWorldAs(t, st, 21, clock, ".one.example", 0)
	runA("first world")
	// A loses the lead; B leads and clusters a second world.
	for id, ev := range saveWorldAs(t, st, 22, clock.Add(10*day), ".two.example", 1000) {
		truth[id] = ev
	}
	if _, err := b.Drain(t.Context()); err != nil {
		t.Fatal(err)
	}
	// A leads again and clusters a third.
	for id, ev := range saveWorldAs(t, st, 23, clock.Add(20*day), ".three.example", 2000) {
		truth[id] = ev
	}
	runA("third world")
	got := map[int64]int64{}
	for id := range truth {
		art, err := st.GetArticle(t.Context(), id)
		if err != nil {
			t.Fatal(err)
		}
		got[id] = art.StoryID
	}
	p, r := bcubed(got, truth)
	f1 := 2 * p * r / (p + r)
	t.Logf("three worlds, leads A, B, A: B-cubed precision %.3f recall %.3f F1 %.3f", p, r, f1)
	if p < 0.95 || f1 < 0.95 {
		t.Errorf("precision %.3f, F1 %.3f: stories of different events were mixed", p, f1)
	}
}
