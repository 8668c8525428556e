package web

import (
	"io"
	"log/slog"
	"path/filepath"
	"sync"
	"testing"

	"github.com/newsdesk/newsdesk/internal/comments"
	"github.com/newsdesk/newsdesk/internal/store/sqlite"
)

// Processes starting together on one database agree on one form secret,
// and a malformed secret is replaced rather than refused forever.
func TestDiscussionSecretMadeOnceAndRepaired(t *testing.T) {
	ctx := t.Context()
	st, err := sqlite.Open(ctx, filepath.Join(t.TempDir(), "news.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	secrets := make([]string, 8)
	var wg sync.WaitGroup
	for i := range secrets {
		wg.Go(func() {
			d, err := newDiscussionCache(st, 0, log).get(ctx)
			if err != nil {
				t.Error(err)
				return
			}
			secrets[i] = string(d.secret)
		})
	}
	wg.Wait()
	for i, s := range secrets {
		if s == "" || s != secrets[0] {
			t.Fatalf("process %d uses a different secret", i)
		}
	}
	if err := st.SetSettings(ctx, map[string]string{comments.KeySecret: "not hex"}); err != nil {
		t.Fatal(err)
	}
	d, err := newDiscussionCache(st, 0, log).get(ctx)
	if err != nil || len(d.secret) < comments.MinSecretLen {
		t.Fatalf("with a malformed secret stored: %v, %d bytes", err, len(d.secret))
	}
	kv, _ := st.Settings(ctx)
	if got, ok := comments.SecretFrom(kv); !ok || string(got) != string(d.secret) {
		t.Error("the replacement secret is not the one stored")
	}
}
