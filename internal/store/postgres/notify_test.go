package postgres_test

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store/postgres"
)

// notifyPatience bounds every wait below: a signal normally arrives in
// milliseconds, and the bound only ends a test whose signal never comes.
const notifyPatience = 30 * time.Second

// twoHandles opens the store twice on one fresh schema, as two servers
// would; the second one's connections carry a name of their own, so its
// listening backend can be found in pg_stat_activity.
func twoHandles(t *testing.T) (a, b *postgres.Store, dsn, appName string) {
	t.Helper()
	dsn, _ = schemaDSN(t)
	var raw [6]byte
	rand.Read(raw[:])
	appName = "notify-test-" + hex.EncodeToString(raw[:])
	u, err := url.Parse(dsn)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("application_name", appName)
	u.RawQuery = q.Encode()
	if a, err = postgres.Open(t.Context(), dsn); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { a.Close() })
	if b, err = postgres.Open(t.Context(), u.String()); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { b.Close() })
	return a, b, dsn, appName
}

// awaitSignal fails the test unless ch delivers a value in time.
func awaitSignal(t *testing.T, ch <-chan struct{}, what string) {
	t.Helper()
	select {
	case _, ok := <-ch:
		if !ok {
			t.Fatalf("%s: the channel closed", what)
		}
	case <-time.After(notifyPatience):
		t.Fatalf("%s: no signal", what)
	}
}

func addSource(t *testing.T, s *postgres.Store, name string) model.Source {
	t.Helper()
	src, err := s.AddSource(t.Context(), model.Source{FeedURL: "https://" + name + ".example/feed", Name: name})
	if err != nil {
		t.Fatal(err)
	}
	return src
}

// A change committed through one handle wakes the other's subscriber.
func TestSubscribeChanges_OtherHandle(t *testing.T) {
	a, b, _, _ := twoHandles(t)
	ch := b.SubscribeChanges(t.Context())
	awaitSignal(t, ch, "connecting")
	addSource(t, a, "wire")
	awaitSignal(t, ch, "a source added through the other handle")
	src := addSource(t, a, "second")
	if _, err := a.SaveArticles(t.Context(), src.ID, []model.Article{{
		GUID: "g1", URL: "https://second.example/1", Title: "Harbor reopens", PublishedAt: time.Now()}}); err != nil {
		t.Fatal(err)
	}
	awaitSignal(t, ch, "an article saved through the other handle")
}

// A transaction writing many log rows sends one notification, when it
// commits. Notifications reach a listener in commit order, so a marker
// sent after the batch commits closes the count.
func TestChangeNotify_OncePerTransaction(t *testing.T) {
	a, _, dsn, _ := twoHandles(t)
	conn, err := pgx.Connect(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	var schema string
	if err := conn.QueryRow(t.Context(), `SELECT current_schema()`).Scan(&schema); err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Exec(t.Context(), `LISTEN newsdesk_changes`); err != nil {
		t.Fatal(err)
	}
	src := addSource(t, a, "batch")
	var arts []model.Article
	for i := range 20 {
		arts = append(arts, model.Article{GUID: fmt.Sprint("b", i), URL: fmt.Sprint("https://batch.example/", i),
			Title: fmt.Sprint("Batch story ", i), PublishedAt: time.Now()})
	}
	if _, err := a.SaveArticles(t.Context(), src.ID, arts); err != nil {
		t.Fatal(err)
	}
	var before, after int64
	if err := conn.QueryRow(t.Context(), `SELECT MIN(seq), MAX(seq) FROM change_log`).Scan(&before, &after); err != nil {
		t.Fatal(err)
	}
	if after-before < 20 {
		t.Fatalf("the batch wrote %d log rows; the test needs many", after-before+1)
	}
	if _, err := conn.Exec(t.Context(), `SELECT pg_notify('newsdesk_changes', 'end of test')`); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), notifyPatience)
	defer cancel()
	var ours []string
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			t.Fatalf("waiting for notifications: %v (got %q)", err, ours)
		}
		if n.Payload == "end of test" {
			break
		}
		if n.Payload == schema {
			ours = append(ours, n.Payload)
		}
	}
	// AddSource and SaveArticles: two transactions.
	if len(ours) != 2 {
		t.Errorf("%d notifications for two transactions", len(ours))
	}
}

// The listener outlives its backend: after pg_terminate_backend it
// reconnects, says so with a signal (changes may have been missed), and
// delivers the changes that follow.
func TestSubscribeChanges_SurvivesTerminatedBackend(t *testing.T) {
	a, b, dsn, appName := twoHandles(t)
	ch := b.SubscribeChanges(t.Context())
	awaitSignal(t, ch, "connecting")
	conn, err := pgx.Connect(t.Context(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	var killed int
	if err := conn.QueryRow(t.Context(), `SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity
		WHERE application_name = $1 AND query = 'LISTEN newsdesk_changes'`, appName).Scan(&killed); err != nil {
		t.Fatal(err)
	}
	if killed != 1 {
		t.Fatalf("terminated %d listening backends, want 1", killed)
	}
	awaitSignal(t, ch, "reconnecting")
	addSource(t, a, "after")
	awaitSignal(t, ch, "a change after the reconnection")
}

// Subscriptions end with their context or with the store.
func TestSubscribeChanges_Closes(t *testing.T) {
	_, b, _, _ := twoHandles(t)
	ctx, cancel := context.WithCancel(t.Context())
	first := b.SubscribeChanges(ctx)
	second := b.SubscribeChanges(t.Context())
	cancel()
	drainUntilClosed(t, first, "a cancelled subscription")
	b.Close()
	drainUntilClosed(t, second, "a subscription of a closed store")
	if _, ok := <-b.SubscribeChanges(t.Context()); ok {
		t.Error("a closed store's new subscription delivered a signal")
	}
}

func drainUntilClosed(t *testing.T, ch <-chan struct{}, what string) {
	t.Helper()
	deadline := time.After(notifyPatience)
	for {
		select {
		case _, ok := <-ch:
			if !ok {
				return
			}
		case <-deadline:
			t.Fatalf("%s stays open", what)
		}
	}
}
