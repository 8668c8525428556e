package postgres_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/newsdesk/newsdesk/internal/model"
	"github.com/newsdesk/newsdesk/internal/store/postgres"
)

// With autovacuum off, a store that opens on a table changed since its
// last ANALYZE analyzes it, so the planner does not take common words
// for rare ones.
func TestOpen_AnalyzesArticlesWhenAutovacuumIsOff(t *testing.T) {
	dsn, _ := schemaDSN(t)
	if queryInt(t, dsn, `SELECT (current_setting('autovacuum') = 'on')::int`) == 1 {
		t.Skip("autovacuum is on: the server keeps the statistics")
	}
	ctx := t.Context()
	st, err := postgres.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	src, err := st.AddSource(ctx, model.Source{FeedURL: "https://a.example/rss", Name: "A"})
	if err != nil {
		t.Fatal(err)
	}
	var arts []model.Article
	for i := range 300 {
		arts = append(arts, model.Article{GUID: fmt.Sprint(i), URL: fmt.Sprintf("https://a.example/%d", i),
			Title: "Harbour news", PublishedAt: time.Now().Add(-time.Duration(i) * time.Minute)})
	}
	if _, err := st.SaveArticles(ctx, src.ID, arts); err != nil {
		t.Fatal(err)
	}
	st.Close()
	analyzed := `SELECT (last_analyze IS NOT NULL)::int FROM pg_stat_user_tables WHERE relid = 'articles'::regclass`
	if queryInt(t, dsn, analyzed) == 1 {
		t.Fatal("analyzed before the store was opened again: the test shows nothing")
	}
	// The server counts the changes a moment after they commit.
	waitFor(t, func() bool {
		return queryInt(t, dsn, `SELECT n_mod_since_analyze::int FROM pg_stat_user_tables WHERE relid = 'articles'::regclass`) >= 300
	})
	st, err = postgres.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	waitFor(t, func() bool { return queryInt(t, dsn, analyzed) == 1 })
}

func waitFor(t *testing.T, ok func() bool) {
	t.Helper()
	for deadline := time.Now().Add(15 * time.Second); !ok(); {
		if time.Now().After(deadline) {
			t.Fatal("condition not met within 15 s")
		}
		time.Sleep(100 * time.Millisecond)
	}
}
